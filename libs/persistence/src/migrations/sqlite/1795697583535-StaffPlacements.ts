import { MigrationInterface, QueryRunner } from 'typeorm';

// Generated, then folded into one CREATE TABLE (the generator creates the table and rebuilds it to add the
// foreign keys).
export class StaffPlacements1795697583535 implements MigrationInterface {
  name = 'StaffPlacements1795697583535';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "staff_placements" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staff_id" integer NOT NULL, "until_period" varchar(7) NOT NULL, "department_id" integer NOT NULL, "site_id" integer, "post_type_id" integer, "employment_type" varchar(16) NOT NULL, CONSTRAINT "uq_staff_placements_staff_until" UNIQUE ("staff_id", "until_period"), CONSTRAINT "FK_31a099f91ed7f5ffbf0b42bf8d5" FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_246ddbb0a520dd8eb47916a2968" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_b11c10a76167ea6fa62dabbf912" FOREIGN KEY ("site_id") REFERENCES "sites" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_e4da829fdbd89a15220e22c77c3" FOREIGN KEY ("post_type_id") REFERENCES "post_types" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_246ddbb0a520dd8eb47916a296" ON "staff_placements" ("department_id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_246ddbb0a520dd8eb47916a296"`);
    await queryRunner.query(`DROP TABLE "staff_placements"`);
  }
}

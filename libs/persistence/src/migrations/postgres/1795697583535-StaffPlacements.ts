import { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffPlacements1795697583535 implements MigrationInterface {
  name = 'StaffPlacements1795697583535';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "staff_placements" ("id" SERIAL NOT NULL, "staff_id" integer NOT NULL, "until_period" character varying(7) NOT NULL, "department_id" integer NOT NULL, "site_id" integer, "post_type_id" integer, "employment_type" character varying(16) NOT NULL, CONSTRAINT "uq_staff_placements_staff_until" UNIQUE ("staff_id", "until_period"), CONSTRAINT "PK_372b562b08c5b5889e76125b84a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_246ddbb0a520dd8eb47916a296" ON "staff_placements"  ("department_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_placements" ADD CONSTRAINT "FK_31a099f91ed7f5ffbf0b42bf8d5" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_placements" ADD CONSTRAINT "FK_246ddbb0a520dd8eb47916a2968" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_placements" ADD CONSTRAINT "FK_b11c10a76167ea6fa62dabbf912" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_placements" ADD CONSTRAINT "FK_e4da829fdbd89a15220e22c77c3" FOREIGN KEY ("post_type_id") REFERENCES "post_types"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "staff_placements" DROP CONSTRAINT "FK_e4da829fdbd89a15220e22c77c3"`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_placements" DROP CONSTRAINT "FK_b11c10a76167ea6fa62dabbf912"`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_placements" DROP CONSTRAINT "FK_246ddbb0a520dd8eb47916a2968"`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_placements" DROP CONSTRAINT "FK_31a099f91ed7f5ffbf0b42bf8d5"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_246ddbb0a520dd8eb47916a296"`);
    await queryRunner.query(`DROP TABLE "staff_placements"`);
  }
}

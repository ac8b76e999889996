import { MigrationInterface, QueryRunner } from 'typeorm';

export class Evidence1795845259799 implements MigrationInterface {
  name = 'Evidence1795845259799';

  // By hand: the new table with its foreign key, ADD/DROP COLUMN for the note (no rebuild of value_corrections,
  // whose rows other rows reference).
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "evidence" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "period_id" integer NOT NULL, "observation_id" integer, "correction_id" integer, "batch_id" integer, "staff_id" integer, "department_id" integer, "note" text, "file_name" varchar(255), "content_type" varchar(100), "size" integer, "sha256" varchar(64), "content" text, "path" varchar(500), "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "FK_9d0a140fc04f16b5cd5d06e4f1c" FOREIGN KEY ("period_id") REFERENCES "periods" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(`CREATE INDEX "ix_evidence_correction" ON "evidence" ("correction_id") `);
    await queryRunner.query(`CREATE INDEX "ix_evidence_observation" ON "evidence" ("observation_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_evidence_period_staff" ON "evidence" ("period_id", "staff_id") `,
    );
    await queryRunner.query(`ALTER TABLE "value_corrections" ADD COLUMN "note" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "value_corrections" DROP COLUMN "note"`);
    await queryRunner.query(`DROP INDEX "ix_evidence_period_staff"`);
    await queryRunner.query(`DROP INDEX "ix_evidence_observation"`);
    await queryRunner.query(`DROP INDEX "ix_evidence_correction"`);
    await queryRunner.query(`DROP TABLE "evidence"`);
  }
}

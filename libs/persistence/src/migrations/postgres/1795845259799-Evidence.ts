import { MigrationInterface, QueryRunner } from 'typeorm';

export class Evidence1795845259799 implements MigrationInterface {
  name = 'Evidence1795845259799';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "evidence" ("id" SERIAL NOT NULL, "period_id" integer NOT NULL, "observation_id" integer, "correction_id" integer, "batch_id" integer, "staff_id" integer, "department_id" integer, "note" text, "file_name" character varying(255), "content_type" character varying(100), "size" integer, "sha256" character varying(64), "content" text, "path" character varying(500), "created_by" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, CONSTRAINT "PK_b864cb5d49854f89917fc0b44b9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_evidence_correction" ON "evidence"  ("correction_id") `);
    await queryRunner.query(`CREATE INDEX "ix_evidence_observation" ON "evidence"  ("observation_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_evidence_period_staff" ON "evidence"  ("period_id", "staff_id") `,
    );
    await queryRunner.query(`ALTER TABLE "value_corrections" ADD "note" text`);
    await queryRunner.query(
      `ALTER TABLE "evidence" ADD CONSTRAINT "FK_9d0a140fc04f16b5cd5d06e4f1c" FOREIGN KEY ("period_id") REFERENCES "periods"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evidence" DROP CONSTRAINT "FK_9d0a140fc04f16b5cd5d06e4f1c"`);
    await queryRunner.query(`ALTER TABLE "value_corrections" DROP COLUMN "note"`);
    await queryRunner.query(`DROP INDEX "public"."ix_evidence_period_staff"`);
    await queryRunner.query(`DROP INDEX "public"."ix_evidence_observation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_evidence_correction"`);
    await queryRunner.query(`DROP TABLE "evidence"`);
  }
}

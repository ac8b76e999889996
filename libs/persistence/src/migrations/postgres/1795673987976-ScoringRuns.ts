import { MigrationInterface, QueryRunner } from 'typeorm';

export class ScoringRuns1795673987976 implements MigrationInterface {
  name = 'ScoringRuns1795673987976';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "scoring_runs" ("id" character varying(36) NOT NULL, "period_id" integer NOT NULL, "period" character varying(7) NOT NULL, "status" character varying(12) NOT NULL, "trigger" character varying(12) NOT NULL, "active_period" character varying(7), "total" integer NOT NULL, "chunk_count" integer NOT NULL, "requested_by" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, "started_at" character varying(30), "finished_at" character varying(30), "error" text, CONSTRAINT "PK_65e449ee5150d76d02cb7975de0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_scoring_runs_active_period" ON "scoring_runs"  ("active_period") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_scoring_runs_period" ON "scoring_runs"  ("period", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "run_chunks" ("id" SERIAL NOT NULL, "run_id" character varying(36) NOT NULL, "chunk_index" integer NOT NULL, "department" character varying(64) NOT NULL, "staff_ids" text NOT NULL, "staff_count" integer NOT NULL, "completed_at" character varying(30), CONSTRAINT "uq_run_chunks_run_index" UNIQUE ("run_id", "chunk_index"), CONSTRAINT "PK_bd73372c6082963539a8dee463d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "staff_results" ("id" SERIAL NOT NULL, "run_id" character varying(36) NOT NULL, "staff_code" character varying(64) NOT NULL, "department" character varying(64) NOT NULL, "site" character varying(64), "indicator_set" character varying(64) NOT NULL, "total" double precision, "error" text, "pool_weight" character varying(80), "incentive_error" text, "incentive" character varying(24), "incentive_explanation" text, "result" text NOT NULL, CONSTRAINT "uq_staff_results_run_staff" UNIQUE ("run_id", "staff_code"), CONSTRAINT "PK_304760f09e0ff745cf4b6b14bac" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_staff_results_run_department" ON "staff_results"  ("run_id", "department", "staff_code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "department_results" ("id" SERIAL NOT NULL, "run_id" character varying(36) NOT NULL, "department" character varying(64) NOT NULL, "site" character varying(64), "main_set" character varying(64), "score" double precision, "rank" integer, "staff_count" integer NOT NULL, "pool" character varying(24), "allocated" character varying(24), "unallocated" character varying(24), CONSTRAINT "uq_department_results_run_department" UNIQUE ("run_id", "department"), CONSTRAINT "PK_568c9ca4f7496fcc9c06ca33748" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`ALTER TABLE "periods" ADD "current_run_id" character varying(36)`);
    await queryRunner.query(
      `ALTER TABLE "scoring_runs" ADD CONSTRAINT "FK_8ad786d86d7ce2f4de70774313d" FOREIGN KEY ("period_id") REFERENCES "periods"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "run_chunks" ADD CONSTRAINT "FK_9fca931b3a8d94f926da5b8f997" FOREIGN KEY ("run_id") REFERENCES "scoring_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_results" ADD CONSTRAINT "FK_56bc3694f8a7a6f8f8764d85da1" FOREIGN KEY ("run_id") REFERENCES "scoring_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "department_results" ADD CONSTRAINT "FK_bf0a1e4b77def5aa0f0530800ea" FOREIGN KEY ("run_id") REFERENCES "scoring_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "department_results" DROP CONSTRAINT "FK_bf0a1e4b77def5aa0f0530800ea"`,
    );
    await queryRunner.query(`ALTER TABLE "staff_results" DROP CONSTRAINT "FK_56bc3694f8a7a6f8f8764d85da1"`);
    await queryRunner.query(`ALTER TABLE "run_chunks" DROP CONSTRAINT "FK_9fca931b3a8d94f926da5b8f997"`);
    await queryRunner.query(`ALTER TABLE "scoring_runs" DROP CONSTRAINT "FK_8ad786d86d7ce2f4de70774313d"`);
    await queryRunner.query(`ALTER TABLE "periods" DROP COLUMN "current_run_id"`);
    await queryRunner.query(`DROP TABLE "department_results"`);
    await queryRunner.query(`DROP INDEX "public"."ix_staff_results_run_department"`);
    await queryRunner.query(`DROP TABLE "staff_results"`);
    await queryRunner.query(`DROP TABLE "run_chunks"`);
    await queryRunner.query(`DROP INDEX "public"."ix_scoring_runs_period"`);
    await queryRunner.query(`DROP INDEX "public"."uq_scoring_runs_active_period"`);
    await queryRunner.query(`DROP TABLE "scoring_runs"`);
  }
}

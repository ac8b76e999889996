import { MigrationInterface, QueryRunner } from 'typeorm';

export class AppraisalRuns1795960000000 implements MigrationInterface {
  name = 'AppraisalRuns1795960000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "appraisal_periods" ("period" character varying(7) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "current_run_id" character varying(36), "approved_by" character varying(100), "approved_at" character varying(30), "closed_by" character varying(100), "closed_at" character varying(30), CONSTRAINT "PK_748ba32e1f2755c52cac7f033c2" PRIMARY KEY ("period"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "appraisal_runs" ("id" character varying(36) NOT NULL, "period" character varying(7) NOT NULL, "status" character varying(12) NOT NULL, "plan_version" integer NOT NULL, "active_period" character varying(7), "total" integer NOT NULL, "chunk_count" integer NOT NULL, "months" text NOT NULL, "requested_by" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, "started_at" character varying(30), "finished_at" character varying(30), "error" text, CONSTRAINT "PK_3bfe8a15c63fb3b9ca58cb7bc59" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_appraisal_runs_active_period" ON "appraisal_runs"  ("active_period") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_appraisal_runs_period" ON "appraisal_runs"  ("period", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "appraisal_run_chunks" ("id" SERIAL NOT NULL, "run_id" character varying(36) NOT NULL, "chunk_index" integer NOT NULL, "department" character varying(64) NOT NULL, "staff_count" integer NOT NULL, "completed_at" character varying(30), CONSTRAINT "uq_appraisal_run_chunks_run_index" UNIQUE ("run_id", "chunk_index"), CONSTRAINT "PK_329d40ba36899fe378d33cb2198" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "appraisal_results" ("id" SERIAL NOT NULL, "run_id" character varying(36) NOT NULL, "staff_code" character varying(64) NOT NULL, "staff_id" integer, "department" character varying(64) NOT NULL, "site" character varying(64), "indicator_set" character varying(64) NOT NULL, "total" double precision, "grade" character varying(64), "error" text, "calibration" text, "pool_weight" character varying(80), "incentive" character varying(24), "incentive_explanation" text, "incentive_error" text, "result" text NOT NULL, CONSTRAINT "uq_appraisal_results_run_staff" UNIQUE ("run_id", "staff_code"), CONSTRAINT "PK_7c0117bd316cf1cc2472b92fb60" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_appraisal_results_staff_run" ON "appraisal_results"  ("staff_id", "run_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "appraisal_inputs" ("id" SERIAL NOT NULL, "period" character varying(7) NOT NULL, "staff_id" integer NOT NULL, "input" character varying(64) NOT NULL, "value" double precision NOT NULL, "entered_by" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, CONSTRAINT "uq_appraisal_inputs_period_staff_input" UNIQUE ("period", "staff_id", "input"), CONSTRAINT "PK_87b4c6affc6eba1fe50bb16fac1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "appraisal_run_chunks" ADD CONSTRAINT "FK_9e19db3e3094de19858e6998127" FOREIGN KEY ("run_id") REFERENCES "appraisal_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "appraisal_results" ADD CONSTRAINT "FK_163f363cbf24b9e56755025b5f1" FOREIGN KEY ("run_id") REFERENCES "appraisal_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "appraisal_inputs" ADD CONSTRAINT "FK_ef00ec5c96429411e86159a9644" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "appraisal_inputs" DROP CONSTRAINT "FK_ef00ec5c96429411e86159a9644"`,
    );
    await queryRunner.query(
      `ALTER TABLE "appraisal_results" DROP CONSTRAINT "FK_163f363cbf24b9e56755025b5f1"`,
    );
    await queryRunner.query(
      `ALTER TABLE "appraisal_run_chunks" DROP CONSTRAINT "FK_9e19db3e3094de19858e6998127"`,
    );
    await queryRunner.query(`DROP TABLE "appraisal_inputs"`);
    await queryRunner.query(`DROP INDEX "public"."ix_appraisal_results_staff_run"`);
    await queryRunner.query(`DROP TABLE "appraisal_results"`);
    await queryRunner.query(`DROP TABLE "appraisal_run_chunks"`);
    await queryRunner.query(`DROP INDEX "public"."ix_appraisal_runs_period"`);
    await queryRunner.query(`DROP INDEX "public"."uq_appraisal_runs_active_period"`);
    await queryRunner.query(`DROP TABLE "appraisal_runs"`);
    await queryRunner.query(`DROP TABLE "appraisal_periods"`);
  }
}

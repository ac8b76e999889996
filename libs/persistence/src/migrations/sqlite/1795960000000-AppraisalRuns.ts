import { MigrationInterface, QueryRunner } from 'typeorm';

export class AppraisalRuns1795960000000 implements MigrationInterface {
  name = 'AppraisalRuns1795960000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "appraisal_periods" ("period" varchar(7) PRIMARY KEY NOT NULL, "status" varchar(16) NOT NULL DEFAULT ('open'), "current_run_id" varchar(36), "approved_by" varchar(100), "approved_at" varchar(30), "closed_by" varchar(100), "closed_at" varchar(30))`,
    );
    await queryRunner.query(
      `CREATE TABLE "appraisal_runs" ("id" varchar(36) PRIMARY KEY NOT NULL, "period" varchar(7) NOT NULL, "status" varchar(12) NOT NULL, "plan_version" integer NOT NULL, "active_period" varchar(7), "total" integer NOT NULL, "chunk_count" integer NOT NULL, "months" text NOT NULL, "requested_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, "started_at" varchar(30), "finished_at" varchar(30), "error" text)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_appraisal_runs_active_period" ON "appraisal_runs" ("active_period") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_appraisal_runs_period" ON "appraisal_runs" ("period", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "appraisal_run_chunks" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "run_id" varchar(36) NOT NULL, "chunk_index" integer NOT NULL, "department" varchar(64) NOT NULL, "staff_count" integer NOT NULL, "completed_at" varchar(30), CONSTRAINT "uq_appraisal_run_chunks_run_index" UNIQUE ("run_id", "chunk_index"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "appraisal_results" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "run_id" varchar(36) NOT NULL, "staff_code" varchar(64) NOT NULL, "staff_id" integer, "department" varchar(64) NOT NULL, "site" varchar(64), "indicator_set" varchar(64) NOT NULL, "total" double precision, "grade" varchar(64), "error" text, "calibration" text, "pool_weight" varchar(80), "incentive" varchar(24), "incentive_explanation" text, "incentive_error" text, "result" text NOT NULL, CONSTRAINT "uq_appraisal_results_run_staff" UNIQUE ("run_id", "staff_code"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_appraisal_results_staff_run" ON "appraisal_results" ("staff_id", "run_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "appraisal_inputs" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "period" varchar(7) NOT NULL, "staff_id" integer NOT NULL, "input" varchar(64) NOT NULL, "value" double precision NOT NULL, "entered_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "uq_appraisal_inputs_period_staff_input" UNIQUE ("period", "staff_id", "input"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "temporary_appraisal_run_chunks" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "run_id" varchar(36) NOT NULL, "chunk_index" integer NOT NULL, "department" varchar(64) NOT NULL, "staff_count" integer NOT NULL, "completed_at" varchar(30), CONSTRAINT "uq_appraisal_run_chunks_run_index" UNIQUE ("run_id", "chunk_index"), CONSTRAINT "FK_9e19db3e3094de19858e6998127" FOREIGN KEY ("run_id") REFERENCES "appraisal_runs" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_appraisal_run_chunks"("id", "run_id", "chunk_index", "department", "staff_count", "completed_at") SELECT "id", "run_id", "chunk_index", "department", "staff_count", "completed_at" FROM "appraisal_run_chunks"`,
    );
    await queryRunner.query(`DROP TABLE "appraisal_run_chunks"`);
    await queryRunner.query(`ALTER TABLE "temporary_appraisal_run_chunks" RENAME TO "appraisal_run_chunks"`);
    await queryRunner.query(`DROP INDEX "ix_appraisal_results_staff_run"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_appraisal_results" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "run_id" varchar(36) NOT NULL, "staff_code" varchar(64) NOT NULL, "staff_id" integer, "department" varchar(64) NOT NULL, "site" varchar(64), "indicator_set" varchar(64) NOT NULL, "total" double precision, "grade" varchar(64), "error" text, "calibration" text, "pool_weight" varchar(80), "incentive" varchar(24), "incentive_explanation" text, "incentive_error" text, "result" text NOT NULL, CONSTRAINT "uq_appraisal_results_run_staff" UNIQUE ("run_id", "staff_code"), CONSTRAINT "FK_163f363cbf24b9e56755025b5f1" FOREIGN KEY ("run_id") REFERENCES "appraisal_runs" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_appraisal_results"("id", "run_id", "staff_code", "staff_id", "department", "site", "indicator_set", "total", "grade", "error", "calibration", "pool_weight", "incentive", "incentive_explanation", "incentive_error", "result") SELECT "id", "run_id", "staff_code", "staff_id", "department", "site", "indicator_set", "total", "grade", "error", "calibration", "pool_weight", "incentive", "incentive_explanation", "incentive_error", "result" FROM "appraisal_results"`,
    );
    await queryRunner.query(`DROP TABLE "appraisal_results"`);
    await queryRunner.query(`ALTER TABLE "temporary_appraisal_results" RENAME TO "appraisal_results"`);
    await queryRunner.query(
      `CREATE INDEX "ix_appraisal_results_staff_run" ON "appraisal_results" ("staff_id", "run_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "temporary_appraisal_inputs" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "period" varchar(7) NOT NULL, "staff_id" integer NOT NULL, "input" varchar(64) NOT NULL, "value" double precision NOT NULL, "entered_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "uq_appraisal_inputs_period_staff_input" UNIQUE ("period", "staff_id", "input"), CONSTRAINT "FK_ef00ec5c96429411e86159a9644" FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_appraisal_inputs"("id", "period", "staff_id", "input", "value", "entered_by", "created_at") SELECT "id", "period", "staff_id", "input", "value", "entered_by", "created_at" FROM "appraisal_inputs"`,
    );
    await queryRunner.query(`DROP TABLE "appraisal_inputs"`);
    await queryRunner.query(`ALTER TABLE "temporary_appraisal_inputs" RENAME TO "appraisal_inputs"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appraisal_inputs" RENAME TO "temporary_appraisal_inputs"`);
    await queryRunner.query(
      `CREATE TABLE "appraisal_inputs" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "period" varchar(7) NOT NULL, "staff_id" integer NOT NULL, "input" varchar(64) NOT NULL, "value" double precision NOT NULL, "entered_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "uq_appraisal_inputs_period_staff_input" UNIQUE ("period", "staff_id", "input"))`,
    );
    await queryRunner.query(
      `INSERT INTO "appraisal_inputs"("id", "period", "staff_id", "input", "value", "entered_by", "created_at") SELECT "id", "period", "staff_id", "input", "value", "entered_by", "created_at" FROM "temporary_appraisal_inputs"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_appraisal_inputs"`);
    await queryRunner.query(`DROP INDEX "ix_appraisal_results_staff_run"`);
    await queryRunner.query(`ALTER TABLE "appraisal_results" RENAME TO "temporary_appraisal_results"`);
    await queryRunner.query(
      `CREATE TABLE "appraisal_results" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "run_id" varchar(36) NOT NULL, "staff_code" varchar(64) NOT NULL, "staff_id" integer, "department" varchar(64) NOT NULL, "site" varchar(64), "indicator_set" varchar(64) NOT NULL, "total" double precision, "grade" varchar(64), "error" text, "calibration" text, "pool_weight" varchar(80), "incentive" varchar(24), "incentive_explanation" text, "incentive_error" text, "result" text NOT NULL, CONSTRAINT "uq_appraisal_results_run_staff" UNIQUE ("run_id", "staff_code"))`,
    );
    await queryRunner.query(
      `INSERT INTO "appraisal_results"("id", "run_id", "staff_code", "staff_id", "department", "site", "indicator_set", "total", "grade", "error", "calibration", "pool_weight", "incentive", "incentive_explanation", "incentive_error", "result") SELECT "id", "run_id", "staff_code", "staff_id", "department", "site", "indicator_set", "total", "grade", "error", "calibration", "pool_weight", "incentive", "incentive_explanation", "incentive_error", "result" FROM "temporary_appraisal_results"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_appraisal_results"`);
    await queryRunner.query(
      `CREATE INDEX "ix_appraisal_results_staff_run" ON "appraisal_results" ("staff_id", "run_id") `,
    );
    await queryRunner.query(`ALTER TABLE "appraisal_run_chunks" RENAME TO "temporary_appraisal_run_chunks"`);
    await queryRunner.query(
      `CREATE TABLE "appraisal_run_chunks" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "run_id" varchar(36) NOT NULL, "chunk_index" integer NOT NULL, "department" varchar(64) NOT NULL, "staff_count" integer NOT NULL, "completed_at" varchar(30), CONSTRAINT "uq_appraisal_run_chunks_run_index" UNIQUE ("run_id", "chunk_index"))`,
    );
    await queryRunner.query(
      `INSERT INTO "appraisal_run_chunks"("id", "run_id", "chunk_index", "department", "staff_count", "completed_at") SELECT "id", "run_id", "chunk_index", "department", "staff_count", "completed_at" FROM "temporary_appraisal_run_chunks"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_appraisal_run_chunks"`);
    await queryRunner.query(`DROP TABLE "appraisal_inputs"`);
    await queryRunner.query(`DROP INDEX "ix_appraisal_results_staff_run"`);
    await queryRunner.query(`DROP TABLE "appraisal_results"`);
    await queryRunner.query(`DROP TABLE "appraisal_run_chunks"`);
    await queryRunner.query(`DROP INDEX "ix_appraisal_runs_period"`);
    await queryRunner.query(`DROP INDEX "uq_appraisal_runs_active_period"`);
    await queryRunner.query(`DROP TABLE "appraisal_runs"`);
    await queryRunner.query(`DROP TABLE "appraisal_periods"`);
  }
}

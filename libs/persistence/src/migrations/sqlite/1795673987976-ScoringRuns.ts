import { MigrationInterface, QueryRunner } from 'typeorm';

export class ScoringRuns1795673987976 implements MigrationInterface {
  name = 'ScoringRuns1795673987976';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Written by hand from the generated statements: SQLite adds a nullable column in place, and the new
    // tables are created with their foreign keys at once (rebuilding "periods" would trip the foreign keys
    // of existing observations).
    await queryRunner.query(`ALTER TABLE "periods" ADD COLUMN "current_run_id" varchar(36)`);
    await queryRunner.query(
      `CREATE TABLE "scoring_runs" ("id" varchar(36) PRIMARY KEY NOT NULL, "period_id" integer NOT NULL, "period" varchar(7) NOT NULL, "status" varchar(12) NOT NULL, "trigger" varchar(12) NOT NULL, "active_period" varchar(7), "total" integer NOT NULL, "chunk_count" integer NOT NULL, "requested_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, "started_at" varchar(30), "finished_at" varchar(30), "error" text, CONSTRAINT "FK_8ad786d86d7ce2f4de70774313d" FOREIGN KEY ("period_id") REFERENCES "periods" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_scoring_runs_active_period" ON "scoring_runs" ("active_period") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_scoring_runs_period" ON "scoring_runs" ("period", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "run_chunks" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "run_id" varchar(36) NOT NULL, "chunk_index" integer NOT NULL, "department" varchar(64) NOT NULL, "staff_ids" text NOT NULL, "staff_count" integer NOT NULL, "completed_at" varchar(30), CONSTRAINT "uq_run_chunks_run_index" UNIQUE ("run_id", "chunk_index"), CONSTRAINT "FK_9fca931b3a8d94f926da5b8f997" FOREIGN KEY ("run_id") REFERENCES "scoring_runs" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `CREATE TABLE "staff_results" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "run_id" varchar(36) NOT NULL, "staff_code" varchar(64) NOT NULL, "department" varchar(64) NOT NULL, "site" varchar(64), "indicator_set" varchar(64) NOT NULL, "total" double precision, "error" text, "pool_weight" varchar(80), "incentive_error" text, "incentive" varchar(24), "incentive_explanation" text, "result" text NOT NULL, CONSTRAINT "uq_staff_results_run_staff" UNIQUE ("run_id", "staff_code"), CONSTRAINT "FK_56bc3694f8a7a6f8f8764d85da1" FOREIGN KEY ("run_id") REFERENCES "scoring_runs" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_staff_results_run_department" ON "staff_results" ("run_id", "department", "staff_code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "department_results" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "run_id" varchar(36) NOT NULL, "department" varchar(64) NOT NULL, "site" varchar(64), "main_set" varchar(64), "score" double precision, "rank" integer, "staff_count" integer NOT NULL, "pool" varchar(24), "allocated" varchar(24), "unallocated" varchar(24), CONSTRAINT "uq_department_results_run_department" UNIQUE ("run_id", "department"), CONSTRAINT "FK_bf0a1e4b77def5aa0f0530800ea" FOREIGN KEY ("run_id") REFERENCES "scoring_runs" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "department_results"`);
    await queryRunner.query(`DROP TABLE "staff_results"`);
    await queryRunner.query(`DROP TABLE "run_chunks"`);
    await queryRunner.query(`DROP TABLE "scoring_runs"`);
    await queryRunner.query(`ALTER TABLE "periods" DROP COLUMN "current_run_id"`);
  }
}

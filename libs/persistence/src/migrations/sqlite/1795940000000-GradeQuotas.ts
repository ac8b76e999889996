import { MigrationInterface, QueryRunner } from 'typeorm';

export class GradeQuotas1795940000000 implements MigrationInterface {
  name = 'GradeQuotas1795940000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "grade_overrides" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staff_id" integer NOT NULL, "period" varchar(7) NOT NULL, "grade" varchar(64) NOT NULL, "reason" varchar(500) NOT NULL, "author" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "uq_grade_overrides_staff_period" UNIQUE ("staff_id", "period"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_grade_overrides_period" ON "grade_overrides" ("period") `);
    await queryRunner.query(`DROP INDEX "ix_staff_results_staff_run"`);
    await queryRunner.query(`DROP INDEX "ix_staff_results_run_department"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_staff_results" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "run_id" varchar(36) NOT NULL, "staff_code" varchar(64) NOT NULL, "department" varchar(64) NOT NULL, "site" varchar(64), "indicator_set" varchar(64) NOT NULL, "total" double precision, "error" text, "pool_weight" varchar(80), "incentive_error" text, "incentive" varchar(24), "incentive_explanation" text, "result" text NOT NULL, "employee_no" varchar(64), "pool_factor" varchar(80), "indicator_scores" text, "staff_id" integer, "calibration" text, CONSTRAINT "uq_staff_results_run_staff" UNIQUE ("run_id", "staff_code"), CONSTRAINT "FK_56bc3694f8a7a6f8f8764d85da1" FOREIGN KEY ("run_id") REFERENCES "scoring_runs" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_staff_results"("id", "run_id", "staff_code", "department", "site", "indicator_set", "total", "error", "pool_weight", "incentive_error", "incentive", "incentive_explanation", "result", "employee_no", "pool_factor", "indicator_scores", "staff_id") SELECT "id", "run_id", "staff_code", "department", "site", "indicator_set", "total", "error", "pool_weight", "incentive_error", "incentive", "incentive_explanation", "result", "employee_no", "pool_factor", "indicator_scores", "staff_id" FROM "staff_results"`,
    );
    await queryRunner.query(`DROP TABLE "staff_results"`);
    await queryRunner.query(`ALTER TABLE "temporary_staff_results" RENAME TO "staff_results"`);
    await queryRunner.query(
      `CREATE INDEX "ix_staff_results_staff_run" ON "staff_results" ("staff_id", "run_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_staff_results_run_department" ON "staff_results" ("run_id", "department", "staff_code") `,
    );
    await queryRunner.query(`DROP INDEX "ix_grade_overrides_period"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_grade_overrides" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staff_id" integer NOT NULL, "period" varchar(7) NOT NULL, "grade" varchar(64) NOT NULL, "reason" varchar(500) NOT NULL, "author" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "uq_grade_overrides_staff_period" UNIQUE ("staff_id", "period"), CONSTRAINT "FK_77c4a3d693f204064be90254938" FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_grade_overrides"("id", "staff_id", "period", "grade", "reason", "author", "created_at") SELECT "id", "staff_id", "period", "grade", "reason", "author", "created_at" FROM "grade_overrides"`,
    );
    await queryRunner.query(`DROP TABLE "grade_overrides"`);
    await queryRunner.query(`ALTER TABLE "temporary_grade_overrides" RENAME TO "grade_overrides"`);
    await queryRunner.query(`CREATE INDEX "ix_grade_overrides_period" ON "grade_overrides" ("period") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_grade_overrides_period"`);
    await queryRunner.query(`ALTER TABLE "grade_overrides" RENAME TO "temporary_grade_overrides"`);
    await queryRunner.query(
      `CREATE TABLE "grade_overrides" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staff_id" integer NOT NULL, "period" varchar(7) NOT NULL, "grade" varchar(64) NOT NULL, "reason" varchar(500) NOT NULL, "author" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "uq_grade_overrides_staff_period" UNIQUE ("staff_id", "period"))`,
    );
    await queryRunner.query(
      `INSERT INTO "grade_overrides"("id", "staff_id", "period", "grade", "reason", "author", "created_at") SELECT "id", "staff_id", "period", "grade", "reason", "author", "created_at" FROM "temporary_grade_overrides"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_grade_overrides"`);
    await queryRunner.query(`CREATE INDEX "ix_grade_overrides_period" ON "grade_overrides" ("period") `);
    await queryRunner.query(`DROP INDEX "ix_staff_results_run_department"`);
    await queryRunner.query(`DROP INDEX "ix_staff_results_staff_run"`);
    await queryRunner.query(`ALTER TABLE "staff_results" RENAME TO "temporary_staff_results"`);
    await queryRunner.query(
      `CREATE TABLE "staff_results" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "run_id" varchar(36) NOT NULL, "staff_code" varchar(64) NOT NULL, "department" varchar(64) NOT NULL, "site" varchar(64), "indicator_set" varchar(64) NOT NULL, "total" double precision, "error" text, "pool_weight" varchar(80), "incentive_error" text, "incentive" varchar(24), "incentive_explanation" text, "result" text NOT NULL, "employee_no" varchar(64), "pool_factor" varchar(80), "indicator_scores" text, "staff_id" integer, CONSTRAINT "uq_staff_results_run_staff" UNIQUE ("run_id", "staff_code"), CONSTRAINT "FK_56bc3694f8a7a6f8f8764d85da1" FOREIGN KEY ("run_id") REFERENCES "scoring_runs" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "staff_results"("id", "run_id", "staff_code", "department", "site", "indicator_set", "total", "error", "pool_weight", "incentive_error", "incentive", "incentive_explanation", "result", "employee_no", "pool_factor", "indicator_scores", "staff_id") SELECT "id", "run_id", "staff_code", "department", "site", "indicator_set", "total", "error", "pool_weight", "incentive_error", "incentive", "incentive_explanation", "result", "employee_no", "pool_factor", "indicator_scores", "staff_id" FROM "temporary_staff_results"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_staff_results"`);
    await queryRunner.query(
      `CREATE INDEX "ix_staff_results_run_department" ON "staff_results" ("run_id", "department", "staff_code") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_staff_results_staff_run" ON "staff_results" ("staff_id", "run_id") `,
    );
    await queryRunner.query(`DROP INDEX "ix_grade_overrides_period"`);
    await queryRunner.query(`DROP TABLE "grade_overrides"`);
  }
}

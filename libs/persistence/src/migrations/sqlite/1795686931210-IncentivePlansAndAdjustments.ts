import { MigrationInterface, QueryRunner } from 'typeorm';

export class IncentivePlansAndAdjustments1795686931210 implements MigrationInterface {
  name = 'IncentivePlansAndAdjustments1795686931210';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Written by hand: new tables with their foreign keys in place, and columns added (or dropped) in place;
    // the generated statements rebuilt periods, scoring_runs and staff_results, which other tables reference.
    await queryRunner.query(
      `CREATE TABLE "incentive_plans" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "period_id" integer NOT NULL, "period" varchar(7) NOT NULL, "version" integer NOT NULL, "definition" text, "source" varchar(12) NOT NULL, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "uq_incentive_plans_period_version" UNIQUE ("period_id", "version"), CONSTRAINT "FK_d98b20b3a924ee9c9e260560d4f" FOREIGN KEY ("period_id") REFERENCES "periods" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `CREATE TABLE "adjustments" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "period_id" integer NOT NULL, "period" varchar(7) NOT NULL, "status" varchar(12) NOT NULL, "reason" text NOT NULL, "corrections" text NOT NULL, "run_id" varchar(36), "base_run_id" varchar(36), "target_period" varchar(7), "error" text, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, "booked_at" varchar(30), CONSTRAINT "FK_7d59f72b13d894dda53a357ced8" FOREIGN KEY ("period_id") REFERENCES "periods" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(`CREATE INDEX "ix_adjustments_period" ON "adjustments" ("period_id", "id") `);
    await queryRunner.query(
      `CREATE TABLE "adjustment_lines" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "adjustment_id" integer NOT NULL, "source_period" varchar(7) NOT NULL, "target_period" varchar(7) NOT NULL, "staff_code" varchar(64) NOT NULL, "employee_no" varchar(64), "previous" varchar(24), "corrected" varchar(24), "amount" varchar(24) NOT NULL, "run_id" varchar(36) NOT NULL, CONSTRAINT "uq_adjustment_lines_adjustment_staff" UNIQUE ("adjustment_id", "staff_code"), CONSTRAINT "FK_e33c5a796d3905d727af6b873ba" FOREIGN KEY ("adjustment_id") REFERENCES "adjustments" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_adjustment_lines_target" ON "adjustment_lines" ("target_period", "staff_code") `,
    );
    // A month's incentive section becomes version 1 of its plan.
    await queryRunner.query(
      `INSERT INTO "incentive_plans" ("period_id", "period", "version", "definition", "source", "created_by", "created_at") ` +
        `SELECT "id", "period", 1, "incentive", 'migration', 'migration', strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ` +
        `FROM "periods" WHERE "incentive" IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "periods" DROP COLUMN "incentive"`);
    await queryRunner.query(
      `ALTER TABLE "scoring_runs" ADD COLUMN "kind" varchar(12) NOT NULL DEFAULT ('regular')`,
    );
    await queryRunner.query(`ALTER TABLE "scoring_runs" ADD COLUMN "adjustment_id" integer`);
    await queryRunner.query(`ALTER TABLE "scoring_runs" ADD COLUMN "plan_version" integer`);
    await queryRunner.query(`ALTER TABLE "staff_results" ADD COLUMN "pool_factor" varchar(80)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_results" DROP COLUMN "pool_factor"`);
    await queryRunner.query(`ALTER TABLE "scoring_runs" DROP COLUMN "plan_version"`);
    await queryRunner.query(`ALTER TABLE "scoring_runs" DROP COLUMN "adjustment_id"`);
    await queryRunner.query(`ALTER TABLE "scoring_runs" DROP COLUMN "kind"`);
    await queryRunner.query(`ALTER TABLE "periods" ADD COLUMN "incentive" text`);
    await queryRunner.query(
      `UPDATE "periods" SET "incentive" = (SELECT "definition" FROM "incentive_plans" p WHERE p."period_id" = "periods"."id" ` +
        `ORDER BY p."version" DESC LIMIT 1)`,
    );
    await queryRunner.query(`DROP INDEX "ix_adjustment_lines_target"`);
    await queryRunner.query(`DROP TABLE "adjustment_lines"`);
    await queryRunner.query(`DROP INDEX "ix_adjustments_period"`);
    await queryRunner.query(`DROP TABLE "adjustments"`);
    await queryRunner.query(`DROP TABLE "incentive_plans"`);
  }
}

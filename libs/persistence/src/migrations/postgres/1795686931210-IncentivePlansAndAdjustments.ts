import { MigrationInterface, QueryRunner } from 'typeorm';

export class IncentivePlansAndAdjustments1795686931210 implements MigrationInterface {
  name = 'IncentivePlansAndAdjustments1795686931210';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "incentive_plans" ("id" SERIAL NOT NULL, "period_id" integer NOT NULL, "period" character varying(7) NOT NULL, "version" integer NOT NULL, "definition" text, "source" character varying(12) NOT NULL, "created_by" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, CONSTRAINT "uq_incentive_plans_period_version" UNIQUE ("period_id", "version"), CONSTRAINT "PK_82a2e26612a0288916601091b4f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "adjustments" ("id" SERIAL NOT NULL, "period_id" integer NOT NULL, "period" character varying(7) NOT NULL, "status" character varying(12) NOT NULL, "reason" text NOT NULL, "corrections" text NOT NULL, "run_id" character varying(36), "base_run_id" character varying(36), "target_period" character varying(7), "error" text, "created_by" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, "booked_at" character varying(30), CONSTRAINT "PK_9236bf670736e5ad5df36dd1eb4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_adjustments_period" ON "adjustments"  ("period_id", "id") `);
    await queryRunner.query(
      `CREATE TABLE "adjustment_lines" ("id" SERIAL NOT NULL, "adjustment_id" integer NOT NULL, "source_period" character varying(7) NOT NULL, "target_period" character varying(7) NOT NULL, "staff_code" character varying(64) NOT NULL, "employee_no" character varying(64), "previous" character varying(24), "corrected" character varying(24), "amount" character varying(24) NOT NULL, "run_id" character varying(36) NOT NULL, CONSTRAINT "uq_adjustment_lines_adjustment_staff" UNIQUE ("adjustment_id", "staff_code"), CONSTRAINT "PK_51c5ba8f2e5c61b51069d12ff96" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_adjustment_lines_target" ON "adjustment_lines"  ("target_period", "staff_code") `,
    );
    // A month's incentive section becomes version 1 of its plan.
    await queryRunner.query(
      `INSERT INTO "incentive_plans" ("period_id", "period", "version", "definition", "source", "created_by", "created_at") ` +
        `SELECT "id", "period", 1, "incentive", 'migration', 'migration', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') ` +
        `FROM "periods" WHERE "incentive" IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "periods" DROP COLUMN "incentive"`);
    await queryRunner.query(
      `ALTER TABLE "scoring_runs" ADD "kind" character varying(12) NOT NULL DEFAULT 'regular'`,
    );
    await queryRunner.query(`ALTER TABLE "scoring_runs" ADD "adjustment_id" integer`);
    await queryRunner.query(`ALTER TABLE "scoring_runs" ADD "plan_version" integer`);
    await queryRunner.query(`ALTER TABLE "staff_results" ADD "pool_factor" character varying(80)`);
    await queryRunner.query(
      `ALTER TABLE "incentive_plans" ADD CONSTRAINT "FK_d98b20b3a924ee9c9e260560d4f" FOREIGN KEY ("period_id") REFERENCES "periods"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "adjustments" ADD CONSTRAINT "FK_7d59f72b13d894dda53a357ced8" FOREIGN KEY ("period_id") REFERENCES "periods"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "adjustment_lines" ADD CONSTRAINT "FK_e33c5a796d3905d727af6b873ba" FOREIGN KEY ("adjustment_id") REFERENCES "adjustments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "adjustment_lines" DROP CONSTRAINT "FK_e33c5a796d3905d727af6b873ba"`,
    );
    await queryRunner.query(`ALTER TABLE "adjustments" DROP CONSTRAINT "FK_7d59f72b13d894dda53a357ced8"`);
    await queryRunner.query(`ALTER TABLE "incentive_plans" DROP CONSTRAINT "FK_d98b20b3a924ee9c9e260560d4f"`);
    await queryRunner.query(`ALTER TABLE "staff_results" DROP COLUMN "pool_factor"`);
    await queryRunner.query(`ALTER TABLE "scoring_runs" DROP COLUMN "plan_version"`);
    await queryRunner.query(`ALTER TABLE "scoring_runs" DROP COLUMN "adjustment_id"`);
    await queryRunner.query(`ALTER TABLE "scoring_runs" DROP COLUMN "kind"`);
    await queryRunner.query(`ALTER TABLE "periods" ADD "incentive" text`);
    await queryRunner.query(
      `UPDATE "periods" SET "incentive" = (SELECT "definition" FROM "incentive_plans" p WHERE p."period_id" = "periods"."id" ` +
        `ORDER BY p."version" DESC LIMIT 1)`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_adjustment_lines_target"`);
    await queryRunner.query(`DROP TABLE "adjustment_lines"`);
    await queryRunner.query(`DROP INDEX "public"."ix_adjustments_period"`);
    await queryRunner.query(`DROP TABLE "adjustments"`);
    await queryRunner.query(`DROP TABLE "incentive_plans"`);
  }
}

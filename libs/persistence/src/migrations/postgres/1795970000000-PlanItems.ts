import { MigrationInterface, QueryRunner } from 'typeorm';

export class PlanItems1795970000000 implements MigrationInterface {
  name = 'PlanItems1795970000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "plan_items" ("id" SERIAL NOT NULL, "plan_id" integer NOT NULL, "staff_id" integer NOT NULL, "period" character varying(7) NOT NULL, "indicator" character varying(64) NOT NULL, "reason" character varying(12) NOT NULL, "baseline_score" double precision, "outcome" character varying(16), "outcome_period" character varying(7), "outcome_score" double precision, "created_by" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, CONSTRAINT "uq_plan_items_plan_indicator" UNIQUE ("plan_id", "indicator"), CONSTRAINT "PK_7095e15f5d5d331a9f170564d5b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_plan_items_staff_period" ON "plan_items"  ("staff_id", "period") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_plan_items_period" ON "plan_items"  ("period") `);
    // One plan per staff member and month: each former plan row becomes an item of its person's month's plan (the
    // row with the lowest id), their actions move to it, and the plan takes the furthest status its rows had
    // (closed when all were, agreed when any was agreed or closed).
    await queryRunner.query(
      `INSERT INTO "plan_items" ("plan_id", "staff_id", "period", "indicator", "reason", "baseline_score", "outcome", "outcome_period", "outcome_score", "created_by", "created_at") SELECT k."id", p."staff_id", p."period", p."indicator", p."reason", p."baseline_score", p."outcome", p."outcome_period", p."outcome_score", p."created_by", p."created_at" FROM "improvement_plans" p JOIN (SELECT "staff_id", "period", MIN("id") AS "id" FROM "improvement_plans" GROUP BY "staff_id", "period") k ON k."staff_id" = p."staff_id" AND k."period" = p."period" ORDER BY p."id"`,
    );
    await queryRunner.query(
      `UPDATE "plan_actions" SET "plan_id" = (SELECT MIN(o."id") FROM "improvement_plans" o JOIN "improvement_plans" p ON o."staff_id" = p."staff_id" AND o."period" = p."period" WHERE p."id" = "plan_actions"."plan_id")`,
    );
    await queryRunner.query(
      `UPDATE "improvement_plans" SET "status" = (SELECT CASE WHEN MIN(CASE WHEN o."status" = 'closed' THEN 1 ELSE 0 END) = 1 THEN 'closed' WHEN MAX(CASE WHEN o."status" IN ('agreed', 'closed') THEN 1 ELSE 0 END) = 1 THEN 'agreed' ELSE 'proposed' END FROM "improvement_plans" o WHERE o."staff_id" = "improvement_plans"."staff_id" AND o."period" = "improvement_plans"."period")`,
    );
    await queryRunner.query(
      `DELETE FROM "improvement_plans" WHERE "id" NOT IN (SELECT MIN("id") FROM "improvement_plans" GROUP BY "staff_id", "period")`,
    );
    await queryRunner.query(
      `ALTER TABLE "improvement_plans" DROP CONSTRAINT "uq_improvement_plans_staff_period_indicator"`,
    );
    await queryRunner.query(`ALTER TABLE "improvement_plans" DROP COLUMN "indicator"`);
    await queryRunner.query(`ALTER TABLE "improvement_plans" DROP COLUMN "outcome_period"`);
    await queryRunner.query(`ALTER TABLE "improvement_plans" DROP COLUMN "outcome"`);
    await queryRunner.query(`ALTER TABLE "improvement_plans" DROP COLUMN "baseline_score"`);
    await queryRunner.query(`ALTER TABLE "improvement_plans" DROP COLUMN "reason"`);
    await queryRunner.query(`ALTER TABLE "improvement_plans" DROP COLUMN "outcome_score"`);
    await queryRunner.query(
      `ALTER TABLE "improvement_plans" ADD CONSTRAINT "uq_improvement_plans_staff_period" UNIQUE ("staff_id", "period")`,
    );
    await queryRunner.query(
      `ALTER TABLE "plan_items" ADD CONSTRAINT "FK_a27f8030dda3e574e606dc0ae81" FOREIGN KEY ("plan_id") REFERENCES "improvement_plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "plan_items" DROP CONSTRAINT "FK_a27f8030dda3e574e606dc0ae81"`);
    await queryRunner.query(
      `ALTER TABLE "improvement_plans" DROP CONSTRAINT "uq_improvement_plans_staff_period"`,
    );
    await queryRunner.query(`ALTER TABLE "improvement_plans" ADD "outcome_score" double precision`);
    await queryRunner.query(`ALTER TABLE "improvement_plans" ADD "reason" character varying(12)`);
    await queryRunner.query(`ALTER TABLE "improvement_plans" ADD "baseline_score" double precision`);
    await queryRunner.query(`ALTER TABLE "improvement_plans" ADD "outcome" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "improvement_plans" ADD "outcome_period" character varying(7)`);
    await queryRunner.query(`ALTER TABLE "improvement_plans" ADD "indicator" character varying(64)`);
    // Back to a plan row per indicator: the plan keeps its first item, each other item becomes a row of its own
    // (with the plan's status; the actions stay with the first); a plan without items goes.
    await queryRunner.query(
      `UPDATE "improvement_plans" SET "indicator" = i."indicator", "reason" = i."reason", "baseline_score" = i."baseline_score", "outcome" = i."outcome", "outcome_period" = i."outcome_period", "outcome_score" = i."outcome_score" FROM "plan_items" i WHERE i."id" = (SELECT MIN("id") FROM "plan_items" WHERE "plan_id" = "improvement_plans"."id")`,
    );
    await queryRunner.query(
      `INSERT INTO "improvement_plans" ("staff_id", "period", "indicator", "reason", "baseline_score", "status", "outcome", "outcome_period", "outcome_score", "created_by", "created_at") SELECT p."staff_id", p."period", i."indicator", i."reason", i."baseline_score", p."status", i."outcome", i."outcome_period", i."outcome_score", i."created_by", i."created_at" FROM "plan_items" i JOIN "improvement_plans" p ON p."id" = i."plan_id" WHERE i."id" <> (SELECT MIN("id") FROM "plan_items" WHERE "plan_id" = i."plan_id") ORDER BY i."id"`,
    );
    await queryRunner.query(`DELETE FROM "improvement_plans" WHERE "indicator" IS NULL`);
    await queryRunner.query(`ALTER TABLE "improvement_plans" ALTER COLUMN "indicator" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "improvement_plans" ALTER COLUMN "reason" SET NOT NULL`);
    await queryRunner.query(`DROP INDEX "public"."ix_plan_items_period"`);
    await queryRunner.query(`DROP INDEX "public"."ix_plan_items_staff_period"`);
    await queryRunner.query(`DROP TABLE "plan_items"`);
    await queryRunner.query(
      `ALTER TABLE "improvement_plans" ADD CONSTRAINT "uq_improvement_plans_staff_period_indicator" UNIQUE ("staff_id", "period", "indicator")`,
    );
  }
}

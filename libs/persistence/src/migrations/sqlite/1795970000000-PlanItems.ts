import { MigrationInterface, QueryRunner } from 'typeorm';

export class PlanItems1795970000000 implements MigrationInterface {
  name = 'PlanItems1795970000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_improvement_plans_period_status"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_improvement_plans" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staff_id" integer NOT NULL, "period" varchar(7) NOT NULL, "indicator" varchar(64) NOT NULL, "reason" varchar(12) NOT NULL, "baseline_score" double precision, "status" varchar(12) NOT NULL DEFAULT ('proposed'), "outcome" varchar(16), "outcome_period" varchar(7), "outcome_score" double precision, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "FK_708e59a7eeb651884c3ec482d9a" FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_improvement_plans"("id", "staff_id", "period", "indicator", "reason", "baseline_score", "status", "outcome", "outcome_period", "outcome_score", "created_by", "created_at") SELECT "id", "staff_id", "period", "indicator", "reason", "baseline_score", "status", "outcome", "outcome_period", "outcome_score", "created_by", "created_at" FROM "improvement_plans"`,
    );
    await queryRunner.query(`DROP TABLE "improvement_plans"`);
    await queryRunner.query(`ALTER TABLE "temporary_improvement_plans" RENAME TO "improvement_plans"`);
    await queryRunner.query(
      `CREATE INDEX "ix_improvement_plans_period_status" ON "improvement_plans" ("period", "status") `,
    );
    await queryRunner.query(
      `CREATE TABLE "plan_items" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "plan_id" integer NOT NULL, "staff_id" integer NOT NULL, "period" varchar(7) NOT NULL, "indicator" varchar(64) NOT NULL, "reason" varchar(12) NOT NULL, "baseline_score" double precision, "outcome" varchar(16), "outcome_period" varchar(7), "outcome_score" double precision, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "uq_plan_items_plan_indicator" UNIQUE ("plan_id", "indicator"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_plan_items_staff_period" ON "plan_items" ("staff_id", "period") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_plan_items_period" ON "plan_items" ("period") `);
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
    await queryRunner.query(`DROP INDEX "ix_improvement_plans_period_status"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_improvement_plans" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staff_id" integer NOT NULL, "period" varchar(7) NOT NULL, "status" varchar(12) NOT NULL DEFAULT ('proposed'), "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "FK_708e59a7eeb651884c3ec482d9a" FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_improvement_plans"("id", "staff_id", "period", "status", "created_by", "created_at") SELECT "id", "staff_id", "period", "status", "created_by", "created_at" FROM "improvement_plans"`,
    );
    await queryRunner.query(`DROP TABLE "improvement_plans"`);
    await queryRunner.query(`ALTER TABLE "temporary_improvement_plans" RENAME TO "improvement_plans"`);
    await queryRunner.query(
      `CREATE INDEX "ix_improvement_plans_period_status" ON "improvement_plans" ("period", "status") `,
    );
    await queryRunner.query(`DROP INDEX "ix_improvement_plans_period_status"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_improvement_plans" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staff_id" integer NOT NULL, "period" varchar(7) NOT NULL, "status" varchar(12) NOT NULL DEFAULT ('proposed'), "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "uq_improvement_plans_staff_period" UNIQUE ("staff_id", "period"), CONSTRAINT "FK_708e59a7eeb651884c3ec482d9a" FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_improvement_plans"("id", "staff_id", "period", "status", "created_by", "created_at") SELECT "id", "staff_id", "period", "status", "created_by", "created_at" FROM "improvement_plans"`,
    );
    await queryRunner.query(`DROP TABLE "improvement_plans"`);
    await queryRunner.query(`ALTER TABLE "temporary_improvement_plans" RENAME TO "improvement_plans"`);
    await queryRunner.query(
      `CREATE INDEX "ix_improvement_plans_period_status" ON "improvement_plans" ("period", "status") `,
    );
    await queryRunner.query(`DROP INDEX "ix_plan_items_staff_period"`);
    await queryRunner.query(`DROP INDEX "ix_plan_items_period"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_plan_items" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "plan_id" integer NOT NULL, "staff_id" integer NOT NULL, "period" varchar(7) NOT NULL, "indicator" varchar(64) NOT NULL, "reason" varchar(12) NOT NULL, "baseline_score" double precision, "outcome" varchar(16), "outcome_period" varchar(7), "outcome_score" double precision, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "uq_plan_items_plan_indicator" UNIQUE ("plan_id", "indicator"), CONSTRAINT "FK_a27f8030dda3e574e606dc0ae81" FOREIGN KEY ("plan_id") REFERENCES "improvement_plans" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_plan_items"("id", "plan_id", "staff_id", "period", "indicator", "reason", "baseline_score", "outcome", "outcome_period", "outcome_score", "created_by", "created_at") SELECT "id", "plan_id", "staff_id", "period", "indicator", "reason", "baseline_score", "outcome", "outcome_period", "outcome_score", "created_by", "created_at" FROM "plan_items"`,
    );
    await queryRunner.query(`DROP TABLE "plan_items"`);
    await queryRunner.query(`ALTER TABLE "temporary_plan_items" RENAME TO "plan_items"`);
    await queryRunner.query(
      `CREATE INDEX "ix_plan_items_staff_period" ON "plan_items" ("staff_id", "period") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_plan_items_period" ON "plan_items" ("period") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The plans' table is rebuilt by renaming it first, which points plan_actions' foreign key at the renamed copy:
    // dropping the copy would then delete the actions (TypeORM's undo runs in a transaction, where SQLite cannot
    // turn foreign keys off) or leave them naming a table that is gone. So the actions are kept aside and their
    // table is made again at the end, naming improvement_plans.
    await queryRunner.query(`CREATE TABLE "plan_actions_kept" AS SELECT * FROM "plan_actions"`);
    await queryRunner.query(`DROP INDEX "ix_plan_items_period"`);
    await queryRunner.query(`DROP INDEX "ix_plan_items_staff_period"`);
    await queryRunner.query(`ALTER TABLE "plan_items" RENAME TO "temporary_plan_items"`);
    await queryRunner.query(
      `CREATE TABLE "plan_items" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "plan_id" integer NOT NULL, "staff_id" integer NOT NULL, "period" varchar(7) NOT NULL, "indicator" varchar(64) NOT NULL, "reason" varchar(12) NOT NULL, "baseline_score" double precision, "outcome" varchar(16), "outcome_period" varchar(7), "outcome_score" double precision, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "uq_plan_items_plan_indicator" UNIQUE ("plan_id", "indicator"))`,
    );
    await queryRunner.query(
      `INSERT INTO "plan_items"("id", "plan_id", "staff_id", "period", "indicator", "reason", "baseline_score", "outcome", "outcome_period", "outcome_score", "created_by", "created_at") SELECT "id", "plan_id", "staff_id", "period", "indicator", "reason", "baseline_score", "outcome", "outcome_period", "outcome_score", "created_by", "created_at" FROM "temporary_plan_items"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_plan_items"`);
    await queryRunner.query(`CREATE INDEX "ix_plan_items_period" ON "plan_items" ("period") `);
    await queryRunner.query(
      `CREATE INDEX "ix_plan_items_staff_period" ON "plan_items" ("staff_id", "period") `,
    );
    await queryRunner.query(`DROP INDEX "ix_improvement_plans_period_status"`);
    await queryRunner.query(`ALTER TABLE "improvement_plans" RENAME TO "temporary_improvement_plans"`);
    await queryRunner.query(
      `CREATE TABLE "improvement_plans" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staff_id" integer NOT NULL, "period" varchar(7) NOT NULL, "status" varchar(12) NOT NULL DEFAULT ('proposed'), "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "FK_708e59a7eeb651884c3ec482d9a" FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "improvement_plans"("id", "staff_id", "period", "status", "created_by", "created_at") SELECT "id", "staff_id", "period", "status", "created_by", "created_at" FROM "temporary_improvement_plans"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_improvement_plans"`);
    await queryRunner.query(
      `CREATE INDEX "ix_improvement_plans_period_status" ON "improvement_plans" ("period", "status") `,
    );
    await queryRunner.query(`DROP INDEX "ix_improvement_plans_period_status"`);
    await queryRunner.query(`ALTER TABLE "improvement_plans" RENAME TO "temporary_improvement_plans"`);
    await queryRunner.query(
      `CREATE TABLE "improvement_plans" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staff_id" integer NOT NULL, "period" varchar(7) NOT NULL, "indicator" varchar(64) NOT NULL, "reason" varchar(12) NOT NULL, "baseline_score" double precision, "status" varchar(12) NOT NULL DEFAULT ('proposed'), "outcome" varchar(16), "outcome_period" varchar(7), "outcome_score" double precision, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "FK_708e59a7eeb651884c3ec482d9a" FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    // Back to a plan row per indicator: the plan keeps its first item, each other item becomes a row of its own
    // (with the plan's status; the actions stay with the first); a plan without items goes, with its actions (below).
    await queryRunner.query(
      `INSERT INTO "improvement_plans"("id", "staff_id", "period", "indicator", "reason", "baseline_score", "status", "outcome", "outcome_period", "outcome_score", "created_by", "created_at") SELECT t."id", t."staff_id", t."period", i."indicator", i."reason", i."baseline_score", t."status", i."outcome", i."outcome_period", i."outcome_score", t."created_by", t."created_at" FROM "temporary_improvement_plans" t JOIN "plan_items" i ON i."id" = (SELECT MIN("id") FROM "plan_items" WHERE "plan_id" = t."id")`,
    );
    await queryRunner.query(
      `INSERT INTO "improvement_plans"("staff_id", "period", "indicator", "reason", "baseline_score", "status", "outcome", "outcome_period", "outcome_score", "created_by", "created_at") SELECT p."staff_id", p."period", i."indicator", i."reason", i."baseline_score", p."status", i."outcome", i."outcome_period", i."outcome_score", i."created_by", i."created_at" FROM "plan_items" i JOIN "temporary_improvement_plans" p ON p."id" = i."plan_id" WHERE i."id" <> (SELECT MIN("id") FROM "plan_items" WHERE "plan_id" = i."plan_id") ORDER BY i."id"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_improvement_plans"`);
    await queryRunner.query(
      `CREATE INDEX "ix_improvement_plans_period_status" ON "improvement_plans" ("period", "status") `,
    );
    await queryRunner.query(`DROP INDEX "ix_plan_items_period"`);
    await queryRunner.query(`DROP INDEX "ix_plan_items_staff_period"`);
    await queryRunner.query(`DROP TABLE "plan_items"`);
    await queryRunner.query(`DROP INDEX "ix_improvement_plans_period_status"`);
    await queryRunner.query(`ALTER TABLE "improvement_plans" RENAME TO "temporary_improvement_plans"`);
    await queryRunner.query(
      `CREATE TABLE "improvement_plans" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staff_id" integer NOT NULL, "period" varchar(7) NOT NULL, "indicator" varchar(64) NOT NULL, "reason" varchar(12) NOT NULL, "baseline_score" double precision, "status" varchar(12) NOT NULL DEFAULT ('proposed'), "outcome" varchar(16), "outcome_period" varchar(7), "outcome_score" double precision, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "uq_improvement_plans_staff_period_indicator" UNIQUE ("staff_id", "period", "indicator"), CONSTRAINT "FK_708e59a7eeb651884c3ec482d9a" FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "improvement_plans"("id", "staff_id", "period", "indicator", "reason", "baseline_score", "status", "outcome", "outcome_period", "outcome_score", "created_by", "created_at") SELECT "id", "staff_id", "period", "indicator", "reason", "baseline_score", "status", "outcome", "outcome_period", "outcome_score", "created_by", "created_at" FROM "temporary_improvement_plans"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_improvement_plans"`);
    await queryRunner.query(
      `CREATE INDEX "ix_improvement_plans_period_status" ON "improvement_plans" ("period", "status") `,
    );
    await queryRunner.query(`DROP INDEX "ix_plan_actions_plan"`);
    await queryRunner.query(`DROP INDEX "ix_plan_actions_kind_done"`);
    await queryRunner.query(`DROP TABLE "plan_actions"`);
    await queryRunner.query(
      `CREATE TABLE "plan_actions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "plan_id" integer NOT NULL, "what" varchar(1000) NOT NULL, "owner" varchar(200) NOT NULL, "due_date" varchar(10) NOT NULL, "status" varchar(8) NOT NULL DEFAULT ('open'), "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, "kind" varchar(12) NOT NULL DEFAULT ('task'), "course" varchar(200), "planned_hours" double precision, "done_hours" double precision, "done_on" varchar(10), CONSTRAINT "FK_8cc0b96651ab5867e0e83ec442e" FOREIGN KEY ("plan_id") REFERENCES "improvement_plans" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "plan_actions" SELECT * FROM "plan_actions_kept" WHERE "plan_id" IN (SELECT "id" FROM "improvement_plans") ORDER BY "id"`,
    );
    await queryRunner.query(`DROP TABLE "plan_actions_kept"`);
    await queryRunner.query(`CREATE INDEX "ix_plan_actions_plan" ON "plan_actions" ("plan_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_plan_actions_kind_done" ON "plan_actions" ("kind", "done_on") `,
    );
  }
}

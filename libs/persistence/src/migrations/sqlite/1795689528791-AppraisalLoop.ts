import { MigrationInterface, QueryRunner } from 'typeorm';

export class AppraisalLoop1795689528791 implements MigrationInterface {
  name = 'AppraisalLoop1795689528791';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Written by hand: each table with its foreign keys in place (the generated statements built each twice).
    await queryRunner.query(
      `CREATE TABLE "feedback" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staff_id" integer NOT NULL, "period" varchar(7) NOT NULL, "indicator" varchar(64), "text" text NOT NULL, "author" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "FK_c644585814a48da6936cdab03fc" FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(`CREATE INDEX "ix_feedback_staff_period" ON "feedback" ("staff_id", "period")`);
    await queryRunner.query(
      `CREATE TABLE "improvement_plans" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staff_id" integer NOT NULL, "period" varchar(7) NOT NULL, "indicator" varchar(64) NOT NULL, "reason" varchar(12) NOT NULL, "baseline_score" double precision, "status" varchar(12) NOT NULL DEFAULT ('proposed'), "outcome" varchar(16), "outcome_period" varchar(7), "outcome_score" double precision, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "uq_improvement_plans_staff_period_indicator" UNIQUE ("staff_id", "period", "indicator"), CONSTRAINT "FK_708e59a7eeb651884c3ec482d9a" FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_improvement_plans_period_status" ON "improvement_plans" ("period", "status")`,
    );
    await queryRunner.query(
      `CREATE TABLE "plan_actions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "plan_id" integer NOT NULL, "what" varchar(1000) NOT NULL, "owner" varchar(200) NOT NULL, "due_date" varchar(10) NOT NULL, "status" varchar(8) NOT NULL DEFAULT ('open'), "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "FK_8cc0b96651ab5867e0e83ec442e" FOREIGN KEY ("plan_id") REFERENCES "improvement_plans" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(`CREATE INDEX "ix_plan_actions_plan" ON "plan_actions" ("plan_id")`);
    await queryRunner.query(
      `CREATE TABLE "acknowledgements" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staff_id" integer NOT NULL, "period" varchar(7) NOT NULL, "comment" text, "at" varchar(30) NOT NULL, CONSTRAINT "uq_acknowledgements_staff_period" UNIQUE ("staff_id", "period"), CONSTRAINT "FK_996fbe08a3bc2102796811b1ac1" FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `CREATE TABLE "staff_comments" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staff_id" integer NOT NULL, "period" varchar(7) NOT NULL, "text" text NOT NULL, "author" varchar(100) NOT NULL, "at" varchar(30) NOT NULL, CONSTRAINT "FK_a38700f5f6e5e9c81f4561ba882" FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_staff_comments_staff_period" ON "staff_comments" ("staff_id", "period")`,
    );
    await queryRunner.query(
      `CREATE TABLE "appeals" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staff_id" integer NOT NULL, "period" varchar(7) NOT NULL, "department" varchar(64) NOT NULL, "indicators" text NOT NULL, "reason" text NOT NULL, "status" varchar(12) NOT NULL DEFAULT ('open'), "open_key" varchar(40), "deadline" varchar(30) NOT NULL, "decision_reason" text, "decided_by" varchar(100), "decided_at" varchar(30), "run_id" varchar(36), "adjustment_id" integer, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "FK_c0a5e41df222f277eebc3738116" FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_appeals_open_key" ON "appeals" ("open_key")`);
    await queryRunner.query(`CREATE INDEX "ix_appeals_staff_period" ON "appeals" ("staff_id", "period")`);
    await queryRunner.query(`CREATE INDEX "ix_appeals_status_period" ON "appeals" ("status", "period")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_appeals_open_key"`);
    await queryRunner.query(`DROP INDEX "ix_appeals_staff_period"`);
    await queryRunner.query(`DROP INDEX "ix_appeals_status_period"`);
    await queryRunner.query(`DROP TABLE "appeals"`);
    await queryRunner.query(`DROP INDEX "ix_staff_comments_staff_period"`);
    await queryRunner.query(`DROP TABLE "staff_comments"`);
    await queryRunner.query(`DROP TABLE "acknowledgements"`);
    await queryRunner.query(`DROP INDEX "ix_plan_actions_plan"`);
    await queryRunner.query(`DROP TABLE "plan_actions"`);
    await queryRunner.query(`DROP INDEX "ix_improvement_plans_period_status"`);
    await queryRunner.query(`DROP TABLE "improvement_plans"`);
    await queryRunner.query(`DROP INDEX "ix_feedback_staff_period"`);
    await queryRunner.query(`DROP TABLE "feedback"`);
  }
}

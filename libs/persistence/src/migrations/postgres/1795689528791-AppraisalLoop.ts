import { MigrationInterface, QueryRunner } from 'typeorm';

export class AppraisalLoop1795689528791 implements MigrationInterface {
  name = 'AppraisalLoop1795689528791';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "feedback" ("id" SERIAL NOT NULL, "staff_id" integer NOT NULL, "period" character varying(7) NOT NULL, "indicator" character varying(64), "text" text NOT NULL, "author" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, CONSTRAINT "PK_8389f9e087a57689cd5be8b2b13" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_feedback_staff_period" ON "feedback"  ("staff_id", "period") `);
    await queryRunner.query(
      `CREATE TABLE "improvement_plans" ("id" SERIAL NOT NULL, "staff_id" integer NOT NULL, "period" character varying(7) NOT NULL, "indicator" character varying(64) NOT NULL, "reason" character varying(12) NOT NULL, "baseline_score" double precision, "status" character varying(12) NOT NULL DEFAULT 'proposed', "outcome" character varying(16), "outcome_period" character varying(7), "outcome_score" double precision, "created_by" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, CONSTRAINT "uq_improvement_plans_staff_period_indicator" UNIQUE ("staff_id", "period", "indicator"), CONSTRAINT "PK_fc41be88c340515ad353d7ac4ad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_improvement_plans_period_status" ON "improvement_plans"  ("period", "status") `,
    );
    await queryRunner.query(
      `CREATE TABLE "plan_actions" ("id" SERIAL NOT NULL, "plan_id" integer NOT NULL, "what" character varying(1000) NOT NULL, "owner" character varying(200) NOT NULL, "due_date" character varying(10) NOT NULL, "status" character varying(8) NOT NULL DEFAULT 'open', "created_by" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, CONSTRAINT "PK_c835bdda7f4948a712944d89e29" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_plan_actions_plan" ON "plan_actions"  ("plan_id") `);
    await queryRunner.query(
      `CREATE TABLE "acknowledgements" ("id" SERIAL NOT NULL, "staff_id" integer NOT NULL, "period" character varying(7) NOT NULL, "comment" text, "at" character varying(30) NOT NULL, CONSTRAINT "uq_acknowledgements_staff_period" UNIQUE ("staff_id", "period"), CONSTRAINT "PK_5fb9e1a0c3bc3f01173a42e0ee0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "staff_comments" ("id" SERIAL NOT NULL, "staff_id" integer NOT NULL, "period" character varying(7) NOT NULL, "text" text NOT NULL, "author" character varying(100) NOT NULL, "at" character varying(30) NOT NULL, CONSTRAINT "PK_52c52224a07f89ca1d4a22caad0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_staff_comments_staff_period" ON "staff_comments"  ("staff_id", "period") `,
    );
    await queryRunner.query(
      `CREATE TABLE "appeals" ("id" SERIAL NOT NULL, "staff_id" integer NOT NULL, "period" character varying(7) NOT NULL, "department" character varying(64) NOT NULL, "indicators" text NOT NULL, "reason" text NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'open', "open_key" character varying(40), "deadline" character varying(30) NOT NULL, "decision_reason" text, "decided_by" character varying(100), "decided_at" character varying(30), "run_id" character varying(36), "adjustment_id" integer, "created_by" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, CONSTRAINT "PK_ebd2050a02aa78081b5346152bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_appeals_open_key" ON "appeals"  ("open_key") `);
    await queryRunner.query(`CREATE INDEX "ix_appeals_staff_period" ON "appeals"  ("staff_id", "period") `);
    await queryRunner.query(`CREATE INDEX "ix_appeals_status_period" ON "appeals"  ("status", "period") `);
    await queryRunner.query(
      `ALTER TABLE "feedback" ADD CONSTRAINT "FK_c644585814a48da6936cdab03fc" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "improvement_plans" ADD CONSTRAINT "FK_708e59a7eeb651884c3ec482d9a" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "plan_actions" ADD CONSTRAINT "FK_8cc0b96651ab5867e0e83ec442e" FOREIGN KEY ("plan_id") REFERENCES "improvement_plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "acknowledgements" ADD CONSTRAINT "FK_996fbe08a3bc2102796811b1ac1" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_comments" ADD CONSTRAINT "FK_a38700f5f6e5e9c81f4561ba882" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "appeals" ADD CONSTRAINT "FK_c0a5e41df222f277eebc3738116" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appeals" DROP CONSTRAINT "FK_c0a5e41df222f277eebc3738116"`);
    await queryRunner.query(`ALTER TABLE "staff_comments" DROP CONSTRAINT "FK_a38700f5f6e5e9c81f4561ba882"`);
    await queryRunner.query(
      `ALTER TABLE "acknowledgements" DROP CONSTRAINT "FK_996fbe08a3bc2102796811b1ac1"`,
    );
    await queryRunner.query(`ALTER TABLE "plan_actions" DROP CONSTRAINT "FK_8cc0b96651ab5867e0e83ec442e"`);
    await queryRunner.query(
      `ALTER TABLE "improvement_plans" DROP CONSTRAINT "FK_708e59a7eeb651884c3ec482d9a"`,
    );
    await queryRunner.query(`ALTER TABLE "feedback" DROP CONSTRAINT "FK_c644585814a48da6936cdab03fc"`);
    await queryRunner.query(`DROP INDEX "public"."ix_appeals_status_period"`);
    await queryRunner.query(`DROP INDEX "public"."ix_appeals_staff_period"`);
    await queryRunner.query(`DROP INDEX "public"."uq_appeals_open_key"`);
    await queryRunner.query(`DROP TABLE "appeals"`);
    await queryRunner.query(`DROP INDEX "public"."ix_staff_comments_staff_period"`);
    await queryRunner.query(`DROP TABLE "staff_comments"`);
    await queryRunner.query(`DROP TABLE "acknowledgements"`);
    await queryRunner.query(`DROP INDEX "public"."ix_plan_actions_plan"`);
    await queryRunner.query(`DROP TABLE "plan_actions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_improvement_plans_period_status"`);
    await queryRunner.query(`DROP TABLE "improvement_plans"`);
    await queryRunner.query(`DROP INDEX "public"."ix_feedback_staff_period"`);
    await queryRunner.query(`DROP TABLE "feedback"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

export class OpinionsTraining1795930000000 implements MigrationInterface {
  name = 'OpinionsTraining1795930000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "opinion_rounds" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "title" varchar(200) NOT NULL, "names" text, "period" varchar(7) NOT NULL, "questions" text NOT NULL, "status" varchar(8) NOT NULL DEFAULT ('open'), "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, "closed_at" varchar(30))`,
    );
    await queryRunner.query(
      `CREATE TABLE "opinion_participants" ("round_id" integer NOT NULL, "staff_id" integer NOT NULL, PRIMARY KEY ("round_id", "staff_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "opinion_answers" ("id" varchar(36) PRIMARY KEY NOT NULL, "round_id" integer NOT NULL, "set_code" varchar(64) NOT NULL, "ratings" text NOT NULL, "comments" text NOT NULL, "suggestion" text)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_opinion_answers_round_set" ON "opinion_answers" ("round_id", "set_code") `,
    );
    await queryRunner.query(`DROP INDEX "ix_plan_actions_plan"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_plan_actions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "plan_id" integer NOT NULL, "what" varchar(1000) NOT NULL, "owner" varchar(200) NOT NULL, "due_date" varchar(10) NOT NULL, "status" varchar(8) NOT NULL DEFAULT ('open'), "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, "kind" varchar(12) NOT NULL DEFAULT ('task'), "course" varchar(200), "planned_hours" double precision, "done_hours" double precision, "done_on" varchar(10), CONSTRAINT "FK_8cc0b96651ab5867e0e83ec442e" FOREIGN KEY ("plan_id") REFERENCES "improvement_plans" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_plan_actions"("id", "plan_id", "what", "owner", "due_date", "status", "created_by", "created_at") SELECT "id", "plan_id", "what", "owner", "due_date", "status", "created_by", "created_at" FROM "plan_actions"`,
    );
    await queryRunner.query(`DROP TABLE "plan_actions"`);
    await queryRunner.query(`ALTER TABLE "temporary_plan_actions" RENAME TO "plan_actions"`);
    await queryRunner.query(`CREATE INDEX "ix_plan_actions_plan" ON "plan_actions" ("plan_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_plan_actions_kind_done" ON "plan_actions" ("kind", "done_on") `,
    );
    await queryRunner.query(
      `CREATE TABLE "temporary_opinion_participants" ("round_id" integer NOT NULL, "staff_id" integer NOT NULL, CONSTRAINT "FK_5a575c43cc583b7d047f99031af" FOREIGN KEY ("round_id") REFERENCES "opinion_rounds" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_cc4fccfc86433dde1416a4d0b33" FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, PRIMARY KEY ("round_id", "staff_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_opinion_participants"("round_id", "staff_id") SELECT "round_id", "staff_id" FROM "opinion_participants"`,
    );
    await queryRunner.query(`DROP TABLE "opinion_participants"`);
    await queryRunner.query(`ALTER TABLE "temporary_opinion_participants" RENAME TO "opinion_participants"`);
    await queryRunner.query(`DROP INDEX "ix_opinion_answers_round_set"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_opinion_answers" ("id" varchar(36) PRIMARY KEY NOT NULL, "round_id" integer NOT NULL, "set_code" varchar(64) NOT NULL, "ratings" text NOT NULL, "comments" text NOT NULL, "suggestion" text, CONSTRAINT "FK_954c3b1d1910a35c1c321c3fe8c" FOREIGN KEY ("round_id") REFERENCES "opinion_rounds" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_opinion_answers"("id", "round_id", "set_code", "ratings", "comments", "suggestion") SELECT "id", "round_id", "set_code", "ratings", "comments", "suggestion" FROM "opinion_answers"`,
    );
    await queryRunner.query(`DROP TABLE "opinion_answers"`);
    await queryRunner.query(`ALTER TABLE "temporary_opinion_answers" RENAME TO "opinion_answers"`);
    await queryRunner.query(
      `CREATE INDEX "ix_opinion_answers_round_set" ON "opinion_answers" ("round_id", "set_code") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_opinion_answers_round_set"`);
    await queryRunner.query(`ALTER TABLE "opinion_answers" RENAME TO "temporary_opinion_answers"`);
    await queryRunner.query(
      `CREATE TABLE "opinion_answers" ("id" varchar(36) PRIMARY KEY NOT NULL, "round_id" integer NOT NULL, "set_code" varchar(64) NOT NULL, "ratings" text NOT NULL, "comments" text NOT NULL, "suggestion" text)`,
    );
    await queryRunner.query(
      `INSERT INTO "opinion_answers"("id", "round_id", "set_code", "ratings", "comments", "suggestion") SELECT "id", "round_id", "set_code", "ratings", "comments", "suggestion" FROM "temporary_opinion_answers"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_opinion_answers"`);
    await queryRunner.query(
      `CREATE INDEX "ix_opinion_answers_round_set" ON "opinion_answers" ("round_id", "set_code") `,
    );
    await queryRunner.query(`ALTER TABLE "opinion_participants" RENAME TO "temporary_opinion_participants"`);
    await queryRunner.query(
      `CREATE TABLE "opinion_participants" ("round_id" integer NOT NULL, "staff_id" integer NOT NULL, PRIMARY KEY ("round_id", "staff_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "opinion_participants"("round_id", "staff_id") SELECT "round_id", "staff_id" FROM "temporary_opinion_participants"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_opinion_participants"`);
    await queryRunner.query(`DROP INDEX "ix_plan_actions_kind_done"`);
    await queryRunner.query(`DROP INDEX "ix_plan_actions_plan"`);
    await queryRunner.query(`ALTER TABLE "plan_actions" RENAME TO "temporary_plan_actions"`);
    await queryRunner.query(
      `CREATE TABLE "plan_actions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "plan_id" integer NOT NULL, "what" varchar(1000) NOT NULL, "owner" varchar(200) NOT NULL, "due_date" varchar(10) NOT NULL, "status" varchar(8) NOT NULL DEFAULT ('open'), "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "FK_8cc0b96651ab5867e0e83ec442e" FOREIGN KEY ("plan_id") REFERENCES "improvement_plans" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "plan_actions"("id", "plan_id", "what", "owner", "due_date", "status", "created_by", "created_at") SELECT "id", "plan_id", "what", "owner", "due_date", "status", "created_by", "created_at" FROM "temporary_plan_actions"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_plan_actions"`);
    await queryRunner.query(`CREATE INDEX "ix_plan_actions_plan" ON "plan_actions" ("plan_id") `);
    await queryRunner.query(`DROP INDEX "ix_opinion_answers_round_set"`);
    await queryRunner.query(`DROP TABLE "opinion_answers"`);
    await queryRunner.query(`DROP TABLE "opinion_participants"`);
    await queryRunner.query(`DROP TABLE "opinion_rounds"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

export class OpinionsTraining1795930000000 implements MigrationInterface {
  name = 'OpinionsTraining1795930000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "opinion_rounds" ("id" SERIAL NOT NULL, "title" character varying(200) NOT NULL, "names" text, "period" character varying(7) NOT NULL, "questions" text NOT NULL, "status" character varying(8) NOT NULL DEFAULT 'open', "created_by" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, "closed_at" character varying(30), CONSTRAINT "PK_112b95d683826394c657a4dbf61" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "opinion_participants" ("round_id" integer NOT NULL, "staff_id" integer NOT NULL, CONSTRAINT "PK_a5131c8cebf3ebae6b845cd72b5" PRIMARY KEY ("round_id", "staff_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "opinion_answers" ("id" character varying(36) NOT NULL, "round_id" integer NOT NULL, "set_code" character varying(64) NOT NULL, "ratings" text NOT NULL, "comments" text NOT NULL, "suggestion" text, CONSTRAINT "PK_d95cd7789f24709c3e8757d8bc2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_opinion_answers_round_set" ON "opinion_answers"  ("round_id", "set_code") `,
    );
    await queryRunner.query(
      `ALTER TABLE "plan_actions" ADD "kind" character varying(12) NOT NULL DEFAULT 'task'`,
    );
    await queryRunner.query(`ALTER TABLE "plan_actions" ADD "course" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "plan_actions" ADD "planned_hours" double precision`);
    await queryRunner.query(`ALTER TABLE "plan_actions" ADD "done_hours" double precision`);
    await queryRunner.query(`ALTER TABLE "plan_actions" ADD "done_on" character varying(10)`);
    await queryRunner.query(
      `CREATE INDEX "ix_plan_actions_kind_done" ON "plan_actions"  ("kind", "done_on") `,
    );
    await queryRunner.query(
      `ALTER TABLE "opinion_participants" ADD CONSTRAINT "FK_5a575c43cc583b7d047f99031af" FOREIGN KEY ("round_id") REFERENCES "opinion_rounds"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "opinion_participants" ADD CONSTRAINT "FK_cc4fccfc86433dde1416a4d0b33" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "opinion_answers" ADD CONSTRAINT "FK_954c3b1d1910a35c1c321c3fe8c" FOREIGN KEY ("round_id") REFERENCES "opinion_rounds"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "opinion_answers" DROP CONSTRAINT "FK_954c3b1d1910a35c1c321c3fe8c"`);
    await queryRunner.query(
      `ALTER TABLE "opinion_participants" DROP CONSTRAINT "FK_cc4fccfc86433dde1416a4d0b33"`,
    );
    await queryRunner.query(
      `ALTER TABLE "opinion_participants" DROP CONSTRAINT "FK_5a575c43cc583b7d047f99031af"`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_plan_actions_kind_done"`);
    await queryRunner.query(`ALTER TABLE "plan_actions" DROP COLUMN "done_on"`);
    await queryRunner.query(`ALTER TABLE "plan_actions" DROP COLUMN "done_hours"`);
    await queryRunner.query(`ALTER TABLE "plan_actions" DROP COLUMN "planned_hours"`);
    await queryRunner.query(`ALTER TABLE "plan_actions" DROP COLUMN "course"`);
    await queryRunner.query(`ALTER TABLE "plan_actions" DROP COLUMN "kind"`);
    await queryRunner.query(`DROP INDEX "public"."ix_opinion_answers_round_set"`);
    await queryRunner.query(`DROP TABLE "opinion_answers"`);
    await queryRunner.query(`DROP TABLE "opinion_participants"`);
    await queryRunner.query(`DROP TABLE "opinion_rounds"`);
  }
}

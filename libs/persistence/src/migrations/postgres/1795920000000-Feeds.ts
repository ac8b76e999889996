import { MigrationInterface, QueryRunner } from 'typeorm';

export class Feeds1795920000000 implements MigrationInterface {
  name = 'Feeds1795920000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "work_order_feeds" ("id" SERIAL NOT NULL, "code" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, "names" text, "secret" character varying(128) NOT NULL, "created_by" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, "disabled_at" character varying(30), CONSTRAINT "PK_55ba8c5608d36da997a2fcbefe2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_3fc4867b93e9ea130dcf0d5530" ON "work_order_feeds"  ("code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "work_order_events" ("id" SERIAL NOT NULL, "feed_id" integer NOT NULL, "event_id" character varying(100) NOT NULL, "order_id" character varying(100) NOT NULL, "type" character varying(12) NOT NULL, "occurred_at" character varying(30) NOT NULL, "month" character varying(7) NOT NULL, "requester" character varying(64), "service_type" character varying(64), "assignee" character varying(64), "team" character varying(64), "result" character varying(32), "rating" double precision, "note" text, "received_at" character varying(30) NOT NULL, CONSTRAINT "uq_work_order_events_feed_event" UNIQUE ("feed_id", "event_id"), CONSTRAINT "PK_b25851fbc13ef63a245c4771852" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_work_order_events_feed_month" ON "work_order_events"  ("feed_id", "month") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_work_order_events_feed_order" ON "work_order_events"  ("feed_id", "order_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "work_order_mapping_versions" ("id" SERIAL NOT NULL, "version" integer NOT NULL, "effective_from" character varying(7) NOT NULL, "content" text NOT NULL, "frozen" boolean NOT NULL DEFAULT false, CONSTRAINT "uq_work_order_mapping_version" UNIQUE ("version"), CONSTRAINT "PK_ac4c0ff63f352434aa32cb32f91" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "work_order_derivations" ("id" SERIAL NOT NULL, "period_id" integer NOT NULL, "batch_id" integer, "mapping_version" integer NOT NULL, "summary" text NOT NULL, "created_by" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, CONSTRAINT "PK_299d25417a287f3cdb571267365" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_work_order_derivations_period" ON "work_order_derivations"  ("period_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "survey_campaigns" ("id" SERIAL NOT NULL, "code" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, "names" text, "period" character varying(7) NOT NULL, "state" character varying(8) NOT NULL DEFAULT 'draft', "content" text NOT NULL, "opened_at" character varying(30), "closed_at" character varying(30), "batch_id" integer, "created_by" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, CONSTRAINT "PK_5d0016cff7d07f952d24a4b7b25" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_3720aa29f5dd667ca00dd0b363" ON "survey_campaigns"  ("code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "survey_respondents" ("id" SERIAL NOT NULL, "campaign_id" integer NOT NULL, "kind" character varying(12) NOT NULL, "department_code" character varying(64), "label" character varying(200) NOT NULL, "token" character varying(43) NOT NULL, "reminded_at" character varying(30), "reminders" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_7fe46f0274506e8e5a51501e2dc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_survey_respondents_token" ON "survey_respondents"  ("token") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_survey_respondents_campaign" ON "survey_respondents"  ("campaign_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "survey_responses" ("id" SERIAL NOT NULL, "campaign_id" integer NOT NULL, "respondent_id" integer NOT NULL, "answers" text NOT NULL, "comment" text, "submitted_at" character varying(30) NOT NULL, "updated_at" character varying(30) NOT NULL, "edits" integer NOT NULL DEFAULT '0', CONSTRAINT "uq_survey_responses_respondent" UNIQUE ("respondent_id"), CONSTRAINT "PK_349995c51959d139d8e485a58ea" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_survey_responses_campaign" ON "survey_responses"  ("campaign_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "work_order_events" ADD CONSTRAINT "FK_26a9ca465c99e2abbd585b2db72" FOREIGN KEY ("feed_id") REFERENCES "work_order_feeds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "work_order_derivations" ADD CONSTRAINT "FK_5f6c2b5f484edf78fb766ef03e3" FOREIGN KEY ("period_id") REFERENCES "periods"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "work_order_derivations" ADD CONSTRAINT "FK_f653d57689a65dfb80c6a55409f" FOREIGN KEY ("batch_id") REFERENCES "intake_batches"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "survey_campaigns" ADD CONSTRAINT "FK_527ba887a0469f12f1625f61586" FOREIGN KEY ("batch_id") REFERENCES "intake_batches"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "survey_respondents" ADD CONSTRAINT "FK_02b0094b1a7931735ff8fd6c04d" FOREIGN KEY ("campaign_id") REFERENCES "survey_campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "survey_responses" ADD CONSTRAINT "FK_38d2d02c8ec65ccd8ab29131d13" FOREIGN KEY ("respondent_id") REFERENCES "survey_respondents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "survey_responses" DROP CONSTRAINT "FK_38d2d02c8ec65ccd8ab29131d13"`,
    );
    await queryRunner.query(
      `ALTER TABLE "survey_respondents" DROP CONSTRAINT "FK_02b0094b1a7931735ff8fd6c04d"`,
    );
    await queryRunner.query(
      `ALTER TABLE "survey_campaigns" DROP CONSTRAINT "FK_527ba887a0469f12f1625f61586"`,
    );
    await queryRunner.query(
      `ALTER TABLE "work_order_derivations" DROP CONSTRAINT "FK_f653d57689a65dfb80c6a55409f"`,
    );
    await queryRunner.query(
      `ALTER TABLE "work_order_derivations" DROP CONSTRAINT "FK_5f6c2b5f484edf78fb766ef03e3"`,
    );
    await queryRunner.query(
      `ALTER TABLE "work_order_events" DROP CONSTRAINT "FK_26a9ca465c99e2abbd585b2db72"`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_survey_responses_campaign"`);
    await queryRunner.query(`DROP TABLE "survey_responses"`);
    await queryRunner.query(`DROP INDEX "public"."ix_survey_respondents_campaign"`);
    await queryRunner.query(`DROP INDEX "public"."uq_survey_respondents_token"`);
    await queryRunner.query(`DROP TABLE "survey_respondents"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3720aa29f5dd667ca00dd0b363"`);
    await queryRunner.query(`DROP TABLE "survey_campaigns"`);
    await queryRunner.query(`DROP INDEX "public"."ix_work_order_derivations_period"`);
    await queryRunner.query(`DROP TABLE "work_order_derivations"`);
    await queryRunner.query(`DROP TABLE "work_order_mapping_versions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_work_order_events_feed_order"`);
    await queryRunner.query(`DROP INDEX "public"."ix_work_order_events_feed_month"`);
    await queryRunner.query(`DROP TABLE "work_order_events"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3fc4867b93e9ea130dcf0d5530"`);
    await queryRunner.query(`DROP TABLE "work_order_feeds"`);
  }
}

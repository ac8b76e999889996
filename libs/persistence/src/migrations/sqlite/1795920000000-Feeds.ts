import { MigrationInterface, QueryRunner } from 'typeorm';

export class Feeds1795920000000 implements MigrationInterface {
  name = 'Feeds1795920000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "work_order_feeds" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "names" text, "secret" varchar(128) NOT NULL, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, "disabled_at" varchar(30))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_3fc4867b93e9ea130dcf0d5530" ON "work_order_feeds" ("code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "work_order_events" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "feed_id" integer NOT NULL, "event_id" varchar(100) NOT NULL, "order_id" varchar(100) NOT NULL, "type" varchar(12) NOT NULL, "occurred_at" varchar(30) NOT NULL, "month" varchar(7) NOT NULL, "requester" varchar(64), "service_type" varchar(64), "assignee" varchar(64), "team" varchar(64), "result" varchar(32), "rating" double precision, "note" text, "received_at" varchar(30) NOT NULL, CONSTRAINT "uq_work_order_events_feed_event" UNIQUE ("feed_id", "event_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_work_order_events_feed_month" ON "work_order_events" ("feed_id", "month") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_work_order_events_feed_order" ON "work_order_events" ("feed_id", "order_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "work_order_mapping_versions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "version" integer NOT NULL, "effective_from" varchar(7) NOT NULL, "content" text NOT NULL, "frozen" boolean NOT NULL DEFAULT (0), CONSTRAINT "uq_work_order_mapping_version" UNIQUE ("version"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "work_order_derivations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "period_id" integer NOT NULL, "batch_id" integer, "mapping_version" integer NOT NULL, "summary" text NOT NULL, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_work_order_derivations_period" ON "work_order_derivations" ("period_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "survey_campaigns" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "names" text, "period" varchar(7) NOT NULL, "state" varchar(8) NOT NULL DEFAULT ('draft'), "content" text NOT NULL, "opened_at" varchar(30), "closed_at" varchar(30), "batch_id" integer, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_3720aa29f5dd667ca00dd0b363" ON "survey_campaigns" ("code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "survey_respondents" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "campaign_id" integer NOT NULL, "kind" varchar(12) NOT NULL, "department_code" varchar(64), "label" varchar(200) NOT NULL, "token" varchar(43) NOT NULL, "reminded_at" varchar(30), "reminders" integer NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_survey_respondents_token" ON "survey_respondents" ("token") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_survey_respondents_campaign" ON "survey_respondents" ("campaign_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "survey_responses" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "campaign_id" integer NOT NULL, "respondent_id" integer NOT NULL, "answers" text NOT NULL, "comment" text, "submitted_at" varchar(30) NOT NULL, "updated_at" varchar(30) NOT NULL, "edits" integer NOT NULL DEFAULT (0), CONSTRAINT "uq_survey_responses_respondent" UNIQUE ("respondent_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_survey_responses_campaign" ON "survey_responses" ("campaign_id") `,
    );
    await queryRunner.query(`DROP INDEX "ix_work_order_events_feed_month"`);
    await queryRunner.query(`DROP INDEX "ix_work_order_events_feed_order"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_work_order_events" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "feed_id" integer NOT NULL, "event_id" varchar(100) NOT NULL, "order_id" varchar(100) NOT NULL, "type" varchar(12) NOT NULL, "occurred_at" varchar(30) NOT NULL, "month" varchar(7) NOT NULL, "requester" varchar(64), "service_type" varchar(64), "assignee" varchar(64), "team" varchar(64), "result" varchar(32), "rating" double precision, "note" text, "received_at" varchar(30) NOT NULL, CONSTRAINT "uq_work_order_events_feed_event" UNIQUE ("feed_id", "event_id"), CONSTRAINT "FK_26a9ca465c99e2abbd585b2db72" FOREIGN KEY ("feed_id") REFERENCES "work_order_feeds" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_work_order_events"("id", "feed_id", "event_id", "order_id", "type", "occurred_at", "month", "requester", "service_type", "assignee", "team", "result", "rating", "note", "received_at") SELECT "id", "feed_id", "event_id", "order_id", "type", "occurred_at", "month", "requester", "service_type", "assignee", "team", "result", "rating", "note", "received_at" FROM "work_order_events"`,
    );
    await queryRunner.query(`DROP TABLE "work_order_events"`);
    await queryRunner.query(`ALTER TABLE "temporary_work_order_events" RENAME TO "work_order_events"`);
    await queryRunner.query(
      `CREATE INDEX "ix_work_order_events_feed_month" ON "work_order_events" ("feed_id", "month") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_work_order_events_feed_order" ON "work_order_events" ("feed_id", "order_id") `,
    );
    await queryRunner.query(`DROP INDEX "ix_work_order_derivations_period"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_work_order_derivations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "period_id" integer NOT NULL, "batch_id" integer, "mapping_version" integer NOT NULL, "summary" text NOT NULL, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "FK_5f6c2b5f484edf78fb766ef03e3" FOREIGN KEY ("period_id") REFERENCES "periods" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_f653d57689a65dfb80c6a55409f" FOREIGN KEY ("batch_id") REFERENCES "intake_batches" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_work_order_derivations"("id", "period_id", "batch_id", "mapping_version", "summary", "created_by", "created_at") SELECT "id", "period_id", "batch_id", "mapping_version", "summary", "created_by", "created_at" FROM "work_order_derivations"`,
    );
    await queryRunner.query(`DROP TABLE "work_order_derivations"`);
    await queryRunner.query(
      `ALTER TABLE "temporary_work_order_derivations" RENAME TO "work_order_derivations"`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_work_order_derivations_period" ON "work_order_derivations" ("period_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_3720aa29f5dd667ca00dd0b363"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_survey_campaigns" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "names" text, "period" varchar(7) NOT NULL, "state" varchar(8) NOT NULL DEFAULT ('draft'), "content" text NOT NULL, "opened_at" varchar(30), "closed_at" varchar(30), "batch_id" integer, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "FK_527ba887a0469f12f1625f61586" FOREIGN KEY ("batch_id") REFERENCES "intake_batches" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_survey_campaigns"("id", "code", "name", "names", "period", "state", "content", "opened_at", "closed_at", "batch_id", "created_by", "created_at") SELECT "id", "code", "name", "names", "period", "state", "content", "opened_at", "closed_at", "batch_id", "created_by", "created_at" FROM "survey_campaigns"`,
    );
    await queryRunner.query(`DROP TABLE "survey_campaigns"`);
    await queryRunner.query(`ALTER TABLE "temporary_survey_campaigns" RENAME TO "survey_campaigns"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_3720aa29f5dd667ca00dd0b363" ON "survey_campaigns" ("code") `,
    );
    await queryRunner.query(`DROP INDEX "uq_survey_respondents_token"`);
    await queryRunner.query(`DROP INDEX "ix_survey_respondents_campaign"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_survey_respondents" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "campaign_id" integer NOT NULL, "kind" varchar(12) NOT NULL, "department_code" varchar(64), "label" varchar(200) NOT NULL, "token" varchar(43) NOT NULL, "reminded_at" varchar(30), "reminders" integer NOT NULL DEFAULT (0), CONSTRAINT "FK_02b0094b1a7931735ff8fd6c04d" FOREIGN KEY ("campaign_id") REFERENCES "survey_campaigns" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_survey_respondents"("id", "campaign_id", "kind", "department_code", "label", "token", "reminded_at", "reminders") SELECT "id", "campaign_id", "kind", "department_code", "label", "token", "reminded_at", "reminders" FROM "survey_respondents"`,
    );
    await queryRunner.query(`DROP TABLE "survey_respondents"`);
    await queryRunner.query(`ALTER TABLE "temporary_survey_respondents" RENAME TO "survey_respondents"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_survey_respondents_token" ON "survey_respondents" ("token") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_survey_respondents_campaign" ON "survey_respondents" ("campaign_id") `,
    );
    await queryRunner.query(`DROP INDEX "ix_survey_responses_campaign"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_survey_responses" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "campaign_id" integer NOT NULL, "respondent_id" integer NOT NULL, "answers" text NOT NULL, "comment" text, "submitted_at" varchar(30) NOT NULL, "updated_at" varchar(30) NOT NULL, "edits" integer NOT NULL DEFAULT (0), CONSTRAINT "uq_survey_responses_respondent" UNIQUE ("respondent_id"), CONSTRAINT "FK_38d2d02c8ec65ccd8ab29131d13" FOREIGN KEY ("respondent_id") REFERENCES "survey_respondents" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_survey_responses"("id", "campaign_id", "respondent_id", "answers", "comment", "submitted_at", "updated_at", "edits") SELECT "id", "campaign_id", "respondent_id", "answers", "comment", "submitted_at", "updated_at", "edits" FROM "survey_responses"`,
    );
    await queryRunner.query(`DROP TABLE "survey_responses"`);
    await queryRunner.query(`ALTER TABLE "temporary_survey_responses" RENAME TO "survey_responses"`);
    await queryRunner.query(
      `CREATE INDEX "ix_survey_responses_campaign" ON "survey_responses" ("campaign_id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_survey_responses_campaign"`);
    await queryRunner.query(`ALTER TABLE "survey_responses" RENAME TO "temporary_survey_responses"`);
    await queryRunner.query(
      `CREATE TABLE "survey_responses" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "campaign_id" integer NOT NULL, "respondent_id" integer NOT NULL, "answers" text NOT NULL, "comment" text, "submitted_at" varchar(30) NOT NULL, "updated_at" varchar(30) NOT NULL, "edits" integer NOT NULL DEFAULT (0), CONSTRAINT "uq_survey_responses_respondent" UNIQUE ("respondent_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "survey_responses"("id", "campaign_id", "respondent_id", "answers", "comment", "submitted_at", "updated_at", "edits") SELECT "id", "campaign_id", "respondent_id", "answers", "comment", "submitted_at", "updated_at", "edits" FROM "temporary_survey_responses"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_survey_responses"`);
    await queryRunner.query(
      `CREATE INDEX "ix_survey_responses_campaign" ON "survey_responses" ("campaign_id") `,
    );
    await queryRunner.query(`DROP INDEX "ix_survey_respondents_campaign"`);
    await queryRunner.query(`DROP INDEX "uq_survey_respondents_token"`);
    await queryRunner.query(`ALTER TABLE "survey_respondents" RENAME TO "temporary_survey_respondents"`);
    await queryRunner.query(
      `CREATE TABLE "survey_respondents" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "campaign_id" integer NOT NULL, "kind" varchar(12) NOT NULL, "department_code" varchar(64), "label" varchar(200) NOT NULL, "token" varchar(43) NOT NULL, "reminded_at" varchar(30), "reminders" integer NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(
      `INSERT INTO "survey_respondents"("id", "campaign_id", "kind", "department_code", "label", "token", "reminded_at", "reminders") SELECT "id", "campaign_id", "kind", "department_code", "label", "token", "reminded_at", "reminders" FROM "temporary_survey_respondents"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_survey_respondents"`);
    await queryRunner.query(
      `CREATE INDEX "ix_survey_respondents_campaign" ON "survey_respondents" ("campaign_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_survey_respondents_token" ON "survey_respondents" ("token") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_3720aa29f5dd667ca00dd0b363"`);
    await queryRunner.query(`ALTER TABLE "survey_campaigns" RENAME TO "temporary_survey_campaigns"`);
    await queryRunner.query(
      `CREATE TABLE "survey_campaigns" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "names" text, "period" varchar(7) NOT NULL, "state" varchar(8) NOT NULL DEFAULT ('draft'), "content" text NOT NULL, "opened_at" varchar(30), "closed_at" varchar(30), "batch_id" integer, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "survey_campaigns"("id", "code", "name", "names", "period", "state", "content", "opened_at", "closed_at", "batch_id", "created_by", "created_at") SELECT "id", "code", "name", "names", "period", "state", "content", "opened_at", "closed_at", "batch_id", "created_by", "created_at" FROM "temporary_survey_campaigns"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_survey_campaigns"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_3720aa29f5dd667ca00dd0b363" ON "survey_campaigns" ("code") `,
    );
    await queryRunner.query(`DROP INDEX "ix_work_order_derivations_period"`);
    await queryRunner.query(
      `ALTER TABLE "work_order_derivations" RENAME TO "temporary_work_order_derivations"`,
    );
    await queryRunner.query(
      `CREATE TABLE "work_order_derivations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "period_id" integer NOT NULL, "batch_id" integer, "mapping_version" integer NOT NULL, "summary" text NOT NULL, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "work_order_derivations"("id", "period_id", "batch_id", "mapping_version", "summary", "created_by", "created_at") SELECT "id", "period_id", "batch_id", "mapping_version", "summary", "created_by", "created_at" FROM "temporary_work_order_derivations"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_work_order_derivations"`);
    await queryRunner.query(
      `CREATE INDEX "ix_work_order_derivations_period" ON "work_order_derivations" ("period_id") `,
    );
    await queryRunner.query(`DROP INDEX "ix_work_order_events_feed_order"`);
    await queryRunner.query(`DROP INDEX "ix_work_order_events_feed_month"`);
    await queryRunner.query(`ALTER TABLE "work_order_events" RENAME TO "temporary_work_order_events"`);
    await queryRunner.query(
      `CREATE TABLE "work_order_events" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "feed_id" integer NOT NULL, "event_id" varchar(100) NOT NULL, "order_id" varchar(100) NOT NULL, "type" varchar(12) NOT NULL, "occurred_at" varchar(30) NOT NULL, "month" varchar(7) NOT NULL, "requester" varchar(64), "service_type" varchar(64), "assignee" varchar(64), "team" varchar(64), "result" varchar(32), "rating" double precision, "note" text, "received_at" varchar(30) NOT NULL, CONSTRAINT "uq_work_order_events_feed_event" UNIQUE ("feed_id", "event_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "work_order_events"("id", "feed_id", "event_id", "order_id", "type", "occurred_at", "month", "requester", "service_type", "assignee", "team", "result", "rating", "note", "received_at") SELECT "id", "feed_id", "event_id", "order_id", "type", "occurred_at", "month", "requester", "service_type", "assignee", "team", "result", "rating", "note", "received_at" FROM "temporary_work_order_events"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_work_order_events"`);
    await queryRunner.query(
      `CREATE INDEX "ix_work_order_events_feed_order" ON "work_order_events" ("feed_id", "order_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_work_order_events_feed_month" ON "work_order_events" ("feed_id", "month") `,
    );
    await queryRunner.query(`DROP INDEX "ix_survey_responses_campaign"`);
    await queryRunner.query(`DROP TABLE "survey_responses"`);
    await queryRunner.query(`DROP INDEX "ix_survey_respondents_campaign"`);
    await queryRunner.query(`DROP INDEX "uq_survey_respondents_token"`);
    await queryRunner.query(`DROP TABLE "survey_respondents"`);
    await queryRunner.query(`DROP INDEX "IDX_3720aa29f5dd667ca00dd0b363"`);
    await queryRunner.query(`DROP TABLE "survey_campaigns"`);
    await queryRunner.query(`DROP INDEX "ix_work_order_derivations_period"`);
    await queryRunner.query(`DROP TABLE "work_order_derivations"`);
    await queryRunner.query(`DROP TABLE "work_order_mapping_versions"`);
    await queryRunner.query(`DROP INDEX "ix_work_order_events_feed_order"`);
    await queryRunner.query(`DROP INDEX "ix_work_order_events_feed_month"`);
    await queryRunner.query(`DROP TABLE "work_order_events"`);
    await queryRunner.query(`DROP INDEX "IDX_3fc4867b93e9ea130dcf0d5530"`);
    await queryRunner.query(`DROP TABLE "work_order_feeds"`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795668780814 implements MigrationInterface {
  name = 'InitialSchema1795668780814';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sites" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(200) NOT NULL)`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_dde6621eadc0c9c9621360ec66" ON "sites" ("code") `);
    await queryRunner.query(
      `CREATE TABLE "departments" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "site_id" integer, "parent_id" integer)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_91fddbe23e927e1e525c152baa" ON "departments" ("code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "post_types" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(200) NOT NULL)`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_0232e51ddc43d1f3ae68a3493a" ON "post_types" ("code") `);
    await queryRunner.query(
      `CREATE TABLE "staff" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(64) NOT NULL, "employee_no" varchar(64) NOT NULL, "name" varchar(200) NOT NULL DEFAULT (''), "department_id" integer NOT NULL, "site_id" integer, "post_type_id" integer, "employment_type" varchar(16) NOT NULL DEFAULT ('in_house'), "active_from" varchar(10) NOT NULL, "active_to" varchar(10))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fbad5f39403ad70365bede283b" ON "staff" ("code") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_45b18b49bac2aa6b654d564f77" ON "staff" ("employee_no") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_51b371508b14db31bee80fded0" ON "staff" ("department_id") `);
    await queryRunner.query(
      `CREATE TABLE "input_definitions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "unit" varchar(32) NOT NULL, "level" varchar(16) NOT NULL, "aggregate" varchar(8) NOT NULL DEFAULT ('sum'))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_124d20f0764f31579dfe275aad" ON "input_definitions" ("code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "indicator_sets" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(200) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_d9bc8fb3a88258965d29d9868c" ON "indicator_sets" ("code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "indicator_set_versions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "set_id" integer NOT NULL, "version" integer NOT NULL, "effective_from" varchar(7) NOT NULL, "content" text NOT NULL, "frozen" boolean NOT NULL DEFAULT (0), CONSTRAINT "uq_indicator_set_version" UNIQUE ("set_id", "version"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "workload_catalogue_versions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "version" integer NOT NULL, "effective_from" varchar(7) NOT NULL, "content" text NOT NULL, "frozen" boolean NOT NULL DEFAULT (0), CONSTRAINT "uq_workload_version" UNIQUE ("version"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "assignment_rules" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "set_id" integer NOT NULL, "post_type_id" integer, "department_id" integer, "employment_type" varchar(16), "staff_id" integer, "priority" integer NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(
      `CREATE TABLE "periods" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "period" varchar(7) NOT NULL, "status" varchar(16) NOT NULL DEFAULT ('open'), "incentive" text)`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_5cfcd77d69d6292a217a6ea554" ON "periods" ("period") `);
    await queryRunner.query(
      `CREATE TABLE "observations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "period_id" integer NOT NULL, "input_id" integer, "task_code" varchar(64), "staff_id" integer, "department_id" integer, "observed_on" varchar(10) NOT NULL, "value" double precision NOT NULL, "source" varchar(8) NOT NULL, "mode" varchar(12) NOT NULL, "entered_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "ck_observation_what" CHECK (("input_id" IS NULL) <> ("task_code" IS NULL)), CONSTRAINT "ck_observation_subject" CHECK (("staff_id" IS NULL) <> ("department_id" IS NULL)))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_observations_period_department" ON "observations" ("period_id", "department_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_observations_period_staff" ON "observations" ("period_id", "staff_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_91fddbe23e927e1e525c152baa"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_departments" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "site_id" integer, "parent_id" integer, CONSTRAINT "FK_518fa32fe40540948cd217fd1ea" FOREIGN KEY ("site_id") REFERENCES "sites" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_700b0b13f494cb37b6ca929e79b" FOREIGN KEY ("parent_id") REFERENCES "departments" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_departments"("id", "code", "name", "site_id", "parent_id") SELECT "id", "code", "name", "site_id", "parent_id" FROM "departments"`,
    );
    await queryRunner.query(`DROP TABLE "departments"`);
    await queryRunner.query(`ALTER TABLE "temporary_departments" RENAME TO "departments"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_91fddbe23e927e1e525c152baa" ON "departments" ("code") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_fbad5f39403ad70365bede283b"`);
    await queryRunner.query(`DROP INDEX "IDX_45b18b49bac2aa6b654d564f77"`);
    await queryRunner.query(`DROP INDEX "IDX_51b371508b14db31bee80fded0"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_staff" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(64) NOT NULL, "employee_no" varchar(64) NOT NULL, "name" varchar(200) NOT NULL DEFAULT (''), "department_id" integer NOT NULL, "site_id" integer, "post_type_id" integer, "employment_type" varchar(16) NOT NULL DEFAULT ('in_house'), "active_from" varchar(10) NOT NULL, "active_to" varchar(10), CONSTRAINT "FK_51b371508b14db31bee80fded0a" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_4103506367394d07fcdc86d592c" FOREIGN KEY ("site_id") REFERENCES "sites" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_315b7ea47f248c86c450f84df78" FOREIGN KEY ("post_type_id") REFERENCES "post_types" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_staff"("id", "code", "employee_no", "name", "department_id", "site_id", "post_type_id", "employment_type", "active_from", "active_to") SELECT "id", "code", "employee_no", "name", "department_id", "site_id", "post_type_id", "employment_type", "active_from", "active_to" FROM "staff"`,
    );
    await queryRunner.query(`DROP TABLE "staff"`);
    await queryRunner.query(`ALTER TABLE "temporary_staff" RENAME TO "staff"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fbad5f39403ad70365bede283b" ON "staff" ("code") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_45b18b49bac2aa6b654d564f77" ON "staff" ("employee_no") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_51b371508b14db31bee80fded0" ON "staff" ("department_id") `);
    await queryRunner.query(
      `CREATE TABLE "temporary_indicator_set_versions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "set_id" integer NOT NULL, "version" integer NOT NULL, "effective_from" varchar(7) NOT NULL, "content" text NOT NULL, "frozen" boolean NOT NULL DEFAULT (0), CONSTRAINT "uq_indicator_set_version" UNIQUE ("set_id", "version"), CONSTRAINT "FK_f14c7591e65e5f36e8664642c74" FOREIGN KEY ("set_id") REFERENCES "indicator_sets" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_indicator_set_versions"("id", "set_id", "version", "effective_from", "content", "frozen") SELECT "id", "set_id", "version", "effective_from", "content", "frozen" FROM "indicator_set_versions"`,
    );
    await queryRunner.query(`DROP TABLE "indicator_set_versions"`);
    await queryRunner.query(
      `ALTER TABLE "temporary_indicator_set_versions" RENAME TO "indicator_set_versions"`,
    );
    await queryRunner.query(
      `CREATE TABLE "temporary_assignment_rules" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "set_id" integer NOT NULL, "post_type_id" integer, "department_id" integer, "employment_type" varchar(16), "staff_id" integer, "priority" integer NOT NULL DEFAULT (0), CONSTRAINT "FK_4635a1000d399dc04b07a9c4ea5" FOREIGN KEY ("set_id") REFERENCES "indicator_sets" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_73b66a0a4f056baaddfb1354cf1" FOREIGN KEY ("post_type_id") REFERENCES "post_types" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_7cd8406480ec91644c885b0c9a1" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_bad9364467e8e68a83c9d333175" FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_assignment_rules"("id", "set_id", "post_type_id", "department_id", "employment_type", "staff_id", "priority") SELECT "id", "set_id", "post_type_id", "department_id", "employment_type", "staff_id", "priority" FROM "assignment_rules"`,
    );
    await queryRunner.query(`DROP TABLE "assignment_rules"`);
    await queryRunner.query(`ALTER TABLE "temporary_assignment_rules" RENAME TO "assignment_rules"`);
    await queryRunner.query(`DROP INDEX "ix_observations_period_department"`);
    await queryRunner.query(`DROP INDEX "ix_observations_period_staff"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_observations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "period_id" integer NOT NULL, "input_id" integer, "task_code" varchar(64), "staff_id" integer, "department_id" integer, "observed_on" varchar(10) NOT NULL, "value" double precision NOT NULL, "source" varchar(8) NOT NULL, "mode" varchar(12) NOT NULL, "entered_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "ck_observation_what" CHECK (("input_id" IS NULL) <> ("task_code" IS NULL)), CONSTRAINT "ck_observation_subject" CHECK (("staff_id" IS NULL) <> ("department_id" IS NULL)), CONSTRAINT "FK_277316cf29ff9d74cafdb34f920" FOREIGN KEY ("period_id") REFERENCES "periods" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_480d01552d41f78845df0da56aa" FOREIGN KEY ("input_id") REFERENCES "input_definitions" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_d15f8b2c2b87efb10fbddb14578" FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_cf61bf6a0a8fbf67ac673c70e56" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_observations"("id", "period_id", "input_id", "task_code", "staff_id", "department_id", "observed_on", "value", "source", "mode", "entered_by", "created_at") SELECT "id", "period_id", "input_id", "task_code", "staff_id", "department_id", "observed_on", "value", "source", "mode", "entered_by", "created_at" FROM "observations"`,
    );
    await queryRunner.query(`DROP TABLE "observations"`);
    await queryRunner.query(`ALTER TABLE "temporary_observations" RENAME TO "observations"`);
    await queryRunner.query(
      `CREATE INDEX "ix_observations_period_department" ON "observations" ("period_id", "department_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_observations_period_staff" ON "observations" ("period_id", "staff_id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_observations_period_staff"`);
    await queryRunner.query(`DROP INDEX "ix_observations_period_department"`);
    await queryRunner.query(`ALTER TABLE "observations" RENAME TO "temporary_observations"`);
    await queryRunner.query(
      `CREATE TABLE "observations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "period_id" integer NOT NULL, "input_id" integer, "task_code" varchar(64), "staff_id" integer, "department_id" integer, "observed_on" varchar(10) NOT NULL, "value" double precision NOT NULL, "source" varchar(8) NOT NULL, "mode" varchar(12) NOT NULL, "entered_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "ck_observation_what" CHECK (("input_id" IS NULL) <> ("task_code" IS NULL)), CONSTRAINT "ck_observation_subject" CHECK (("staff_id" IS NULL) <> ("department_id" IS NULL)))`,
    );
    await queryRunner.query(
      `INSERT INTO "observations"("id", "period_id", "input_id", "task_code", "staff_id", "department_id", "observed_on", "value", "source", "mode", "entered_by", "created_at") SELECT "id", "period_id", "input_id", "task_code", "staff_id", "department_id", "observed_on", "value", "source", "mode", "entered_by", "created_at" FROM "temporary_observations"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_observations"`);
    await queryRunner.query(
      `CREATE INDEX "ix_observations_period_staff" ON "observations" ("period_id", "staff_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_observations_period_department" ON "observations" ("period_id", "department_id") `,
    );
    await queryRunner.query(`ALTER TABLE "assignment_rules" RENAME TO "temporary_assignment_rules"`);
    await queryRunner.query(
      `CREATE TABLE "assignment_rules" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "set_id" integer NOT NULL, "post_type_id" integer, "department_id" integer, "employment_type" varchar(16), "staff_id" integer, "priority" integer NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(
      `INSERT INTO "assignment_rules"("id", "set_id", "post_type_id", "department_id", "employment_type", "staff_id", "priority") SELECT "id", "set_id", "post_type_id", "department_id", "employment_type", "staff_id", "priority" FROM "temporary_assignment_rules"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_assignment_rules"`);
    await queryRunner.query(
      `ALTER TABLE "indicator_set_versions" RENAME TO "temporary_indicator_set_versions"`,
    );
    await queryRunner.query(
      `CREATE TABLE "indicator_set_versions" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "set_id" integer NOT NULL, "version" integer NOT NULL, "effective_from" varchar(7) NOT NULL, "content" text NOT NULL, "frozen" boolean NOT NULL DEFAULT (0), CONSTRAINT "uq_indicator_set_version" UNIQUE ("set_id", "version"))`,
    );
    await queryRunner.query(
      `INSERT INTO "indicator_set_versions"("id", "set_id", "version", "effective_from", "content", "frozen") SELECT "id", "set_id", "version", "effective_from", "content", "frozen" FROM "temporary_indicator_set_versions"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_indicator_set_versions"`);
    await queryRunner.query(`DROP INDEX "IDX_51b371508b14db31bee80fded0"`);
    await queryRunner.query(`DROP INDEX "IDX_45b18b49bac2aa6b654d564f77"`);
    await queryRunner.query(`DROP INDEX "IDX_fbad5f39403ad70365bede283b"`);
    await queryRunner.query(`ALTER TABLE "staff" RENAME TO "temporary_staff"`);
    await queryRunner.query(
      `CREATE TABLE "staff" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(64) NOT NULL, "employee_no" varchar(64) NOT NULL, "name" varchar(200) NOT NULL DEFAULT (''), "department_id" integer NOT NULL, "site_id" integer, "post_type_id" integer, "employment_type" varchar(16) NOT NULL DEFAULT ('in_house'), "active_from" varchar(10) NOT NULL, "active_to" varchar(10))`,
    );
    await queryRunner.query(
      `INSERT INTO "staff"("id", "code", "employee_no", "name", "department_id", "site_id", "post_type_id", "employment_type", "active_from", "active_to") SELECT "id", "code", "employee_no", "name", "department_id", "site_id", "post_type_id", "employment_type", "active_from", "active_to" FROM "temporary_staff"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_staff"`);
    await queryRunner.query(`CREATE INDEX "IDX_51b371508b14db31bee80fded0" ON "staff" ("department_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_45b18b49bac2aa6b654d564f77" ON "staff" ("employee_no") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fbad5f39403ad70365bede283b" ON "staff" ("code") `);
    await queryRunner.query(`DROP INDEX "IDX_91fddbe23e927e1e525c152baa"`);
    await queryRunner.query(`ALTER TABLE "departments" RENAME TO "temporary_departments"`);
    await queryRunner.query(
      `CREATE TABLE "departments" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "site_id" integer, "parent_id" integer)`,
    );
    await queryRunner.query(
      `INSERT INTO "departments"("id", "code", "name", "site_id", "parent_id") SELECT "id", "code", "name", "site_id", "parent_id" FROM "temporary_departments"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_departments"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_91fddbe23e927e1e525c152baa" ON "departments" ("code") `,
    );
    await queryRunner.query(`DROP INDEX "ix_observations_period_staff"`);
    await queryRunner.query(`DROP INDEX "ix_observations_period_department"`);
    await queryRunner.query(`DROP TABLE "observations"`);
    await queryRunner.query(`DROP INDEX "IDX_5cfcd77d69d6292a217a6ea554"`);
    await queryRunner.query(`DROP TABLE "periods"`);
    await queryRunner.query(`DROP TABLE "assignment_rules"`);
    await queryRunner.query(`DROP TABLE "workload_catalogue_versions"`);
    await queryRunner.query(`DROP TABLE "indicator_set_versions"`);
    await queryRunner.query(`DROP INDEX "IDX_d9bc8fb3a88258965d29d9868c"`);
    await queryRunner.query(`DROP TABLE "indicator_sets"`);
    await queryRunner.query(`DROP INDEX "IDX_124d20f0764f31579dfe275aad"`);
    await queryRunner.query(`DROP TABLE "input_definitions"`);
    await queryRunner.query(`DROP INDEX "IDX_51b371508b14db31bee80fded0"`);
    await queryRunner.query(`DROP INDEX "IDX_45b18b49bac2aa6b654d564f77"`);
    await queryRunner.query(`DROP INDEX "IDX_fbad5f39403ad70365bede283b"`);
    await queryRunner.query(`DROP TABLE "staff"`);
    await queryRunner.query(`DROP INDEX "IDX_0232e51ddc43d1f3ae68a3493a"`);
    await queryRunner.query(`DROP TABLE "post_types"`);
    await queryRunner.query(`DROP INDEX "IDX_91fddbe23e927e1e525c152baa"`);
    await queryRunner.query(`DROP TABLE "departments"`);
    await queryRunner.query(`DROP INDEX "IDX_dde6621eadc0c9c9621360ec66"`);
    await queryRunner.query(`DROP TABLE "sites"`);
  }
}

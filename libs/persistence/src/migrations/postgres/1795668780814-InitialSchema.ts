import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795668780814 implements MigrationInterface {
  name = 'InitialSchema1795668780814';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sites" ("id" SERIAL NOT NULL, "code" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, CONSTRAINT "PK_4f5eccb1dfde10c9170502595a7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_dde6621eadc0c9c9621360ec66" ON "sites"  ("code") `);
    await queryRunner.query(
      `CREATE TABLE "departments" ("id" SERIAL NOT NULL, "code" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, "site_id" integer, "parent_id" integer, CONSTRAINT "PK_839517a681a86bb84cbcc6a1e9d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_91fddbe23e927e1e525c152baa" ON "departments"  ("code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "post_types" ("id" SERIAL NOT NULL, "code" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, CONSTRAINT "PK_93eda27dd73e57b018196c6475b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_0232e51ddc43d1f3ae68a3493a" ON "post_types"  ("code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "staff" ("id" SERIAL NOT NULL, "code" character varying(64) NOT NULL, "employee_no" character varying(64) NOT NULL, "name" character varying(200) NOT NULL DEFAULT '', "department_id" integer NOT NULL, "site_id" integer, "post_type_id" integer, "employment_type" character varying(16) NOT NULL DEFAULT 'in_house', "active_from" character varying(10) NOT NULL, "active_to" character varying(10), CONSTRAINT "PK_e4ee98bb552756c180aec1e854a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fbad5f39403ad70365bede283b" ON "staff"  ("code") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_45b18b49bac2aa6b654d564f77" ON "staff"  ("employee_no") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_51b371508b14db31bee80fded0" ON "staff"  ("department_id") `);
    await queryRunner.query(
      `CREATE TABLE "input_definitions" ("id" SERIAL NOT NULL, "code" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, "unit" character varying(32) NOT NULL, "level" character varying(16) NOT NULL, "aggregate" character varying(8) NOT NULL DEFAULT 'sum', CONSTRAINT "PK_463c128ebf7d5b56d430fa72679" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_124d20f0764f31579dfe275aad" ON "input_definitions"  ("code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "indicator_sets" ("id" SERIAL NOT NULL, "code" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, CONSTRAINT "PK_2d80bfc0e0d569873b6266080c7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_d9bc8fb3a88258965d29d9868c" ON "indicator_sets"  ("code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "indicator_set_versions" ("id" SERIAL NOT NULL, "set_id" integer NOT NULL, "version" integer NOT NULL, "effective_from" character varying(7) NOT NULL, "content" text NOT NULL, "frozen" boolean NOT NULL DEFAULT false, CONSTRAINT "uq_indicator_set_version" UNIQUE ("set_id", "version"), CONSTRAINT "PK_57b3c084912b6282167fc23089a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "workload_catalogue_versions" ("id" SERIAL NOT NULL, "version" integer NOT NULL, "effective_from" character varying(7) NOT NULL, "content" text NOT NULL, "frozen" boolean NOT NULL DEFAULT false, CONSTRAINT "uq_workload_version" UNIQUE ("version"), CONSTRAINT "PK_97a2ef6225e1bcc1fd8d639078c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "assignment_rules" ("id" SERIAL NOT NULL, "set_id" integer NOT NULL, "post_type_id" integer, "department_id" integer, "employment_type" character varying(16), "staff_id" integer, "priority" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_b2a701c65267def8d951bd91c2d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "periods" ("id" SERIAL NOT NULL, "period" character varying(7) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "incentive" text, CONSTRAINT "PK_86c6afb6c818d97dc321898627c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_5cfcd77d69d6292a217a6ea554" ON "periods"  ("period") `);
    await queryRunner.query(
      `CREATE TABLE "observations" ("id" SERIAL NOT NULL, "period_id" integer NOT NULL, "input_id" integer, "task_code" character varying(64), "staff_id" integer, "department_id" integer, "observed_on" character varying(10) NOT NULL, "value" double precision NOT NULL, "source" character varying(8) NOT NULL, "mode" character varying(12) NOT NULL, "entered_by" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, CONSTRAINT "ck_observation_what" CHECK (("input_id" IS NULL) <> ("task_code" IS NULL)), CONSTRAINT "ck_observation_subject" CHECK (("staff_id" IS NULL) <> ("department_id" IS NULL)), CONSTRAINT "PK_f9208d64f50a76030758087c0ef" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_observations_period_department" ON "observations"  ("period_id", "department_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_observations_period_staff" ON "observations"  ("period_id", "staff_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "departments" ADD CONSTRAINT "FK_518fa32fe40540948cd217fd1ea" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "departments" ADD CONSTRAINT "FK_700b0b13f494cb37b6ca929e79b" FOREIGN KEY ("parent_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff" ADD CONSTRAINT "FK_51b371508b14db31bee80fded0a" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff" ADD CONSTRAINT "FK_4103506367394d07fcdc86d592c" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff" ADD CONSTRAINT "FK_315b7ea47f248c86c450f84df78" FOREIGN KEY ("post_type_id") REFERENCES "post_types"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "indicator_set_versions" ADD CONSTRAINT "FK_f14c7591e65e5f36e8664642c74" FOREIGN KEY ("set_id") REFERENCES "indicator_sets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignment_rules" ADD CONSTRAINT "FK_4635a1000d399dc04b07a9c4ea5" FOREIGN KEY ("set_id") REFERENCES "indicator_sets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignment_rules" ADD CONSTRAINT "FK_73b66a0a4f056baaddfb1354cf1" FOREIGN KEY ("post_type_id") REFERENCES "post_types"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignment_rules" ADD CONSTRAINT "FK_7cd8406480ec91644c885b0c9a1" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignment_rules" ADD CONSTRAINT "FK_bad9364467e8e68a83c9d333175" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "observations" ADD CONSTRAINT "FK_277316cf29ff9d74cafdb34f920" FOREIGN KEY ("period_id") REFERENCES "periods"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "observations" ADD CONSTRAINT "FK_480d01552d41f78845df0da56aa" FOREIGN KEY ("input_id") REFERENCES "input_definitions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "observations" ADD CONSTRAINT "FK_d15f8b2c2b87efb10fbddb14578" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "observations" ADD CONSTRAINT "FK_cf61bf6a0a8fbf67ac673c70e56" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "observations" DROP CONSTRAINT "FK_cf61bf6a0a8fbf67ac673c70e56"`);
    await queryRunner.query(`ALTER TABLE "observations" DROP CONSTRAINT "FK_d15f8b2c2b87efb10fbddb14578"`);
    await queryRunner.query(`ALTER TABLE "observations" DROP CONSTRAINT "FK_480d01552d41f78845df0da56aa"`);
    await queryRunner.query(`ALTER TABLE "observations" DROP CONSTRAINT "FK_277316cf29ff9d74cafdb34f920"`);
    await queryRunner.query(
      `ALTER TABLE "assignment_rules" DROP CONSTRAINT "FK_bad9364467e8e68a83c9d333175"`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignment_rules" DROP CONSTRAINT "FK_7cd8406480ec91644c885b0c9a1"`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignment_rules" DROP CONSTRAINT "FK_73b66a0a4f056baaddfb1354cf1"`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignment_rules" DROP CONSTRAINT "FK_4635a1000d399dc04b07a9c4ea5"`,
    );
    await queryRunner.query(
      `ALTER TABLE "indicator_set_versions" DROP CONSTRAINT "FK_f14c7591e65e5f36e8664642c74"`,
    );
    await queryRunner.query(`ALTER TABLE "staff" DROP CONSTRAINT "FK_315b7ea47f248c86c450f84df78"`);
    await queryRunner.query(`ALTER TABLE "staff" DROP CONSTRAINT "FK_4103506367394d07fcdc86d592c"`);
    await queryRunner.query(`ALTER TABLE "staff" DROP CONSTRAINT "FK_51b371508b14db31bee80fded0a"`);
    await queryRunner.query(`ALTER TABLE "departments" DROP CONSTRAINT "FK_700b0b13f494cb37b6ca929e79b"`);
    await queryRunner.query(`ALTER TABLE "departments" DROP CONSTRAINT "FK_518fa32fe40540948cd217fd1ea"`);
    await queryRunner.query(`DROP INDEX "public"."ix_observations_period_staff"`);
    await queryRunner.query(`DROP INDEX "public"."ix_observations_period_department"`);
    await queryRunner.query(`DROP TABLE "observations"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5cfcd77d69d6292a217a6ea554"`);
    await queryRunner.query(`DROP TABLE "periods"`);
    await queryRunner.query(`DROP TABLE "assignment_rules"`);
    await queryRunner.query(`DROP TABLE "workload_catalogue_versions"`);
    await queryRunner.query(`DROP TABLE "indicator_set_versions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d9bc8fb3a88258965d29d9868c"`);
    await queryRunner.query(`DROP TABLE "indicator_sets"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_124d20f0764f31579dfe275aad"`);
    await queryRunner.query(`DROP TABLE "input_definitions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_51b371508b14db31bee80fded0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_45b18b49bac2aa6b654d564f77"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fbad5f39403ad70365bede283b"`);
    await queryRunner.query(`DROP TABLE "staff"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0232e51ddc43d1f3ae68a3493a"`);
    await queryRunner.query(`DROP TABLE "post_types"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_91fddbe23e927e1e525c152baa"`);
    await queryRunner.query(`DROP TABLE "departments"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dde6621eadc0c9c9621360ec66"`);
    await queryRunner.query(`DROP TABLE "sites"`);
  }
}

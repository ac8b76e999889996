import { MigrationInterface, QueryRunner } from 'typeorm';

export class MonthData1795843024399 implements MigrationInterface {
  name = 'MonthData1795843024399';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "intake_batches" ("id" SERIAL NOT NULL, "source" character varying(16) NOT NULL, "file_name" character varying(255), "sha256" character varying(64) NOT NULL, "idempotency_key" character varying(200), "actor" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, "row_count" integer NOT NULL, "periods" text NOT NULL, "withdrawn_at" character varying(30), "withdrawn_by" character varying(100), CONSTRAINT "uq_intake_batches_actor_key" UNIQUE ("actor", "idempotency_key"), CONSTRAINT "PK_fc1bbbd4c97411ffb2484e07250" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_intake_batches_sha256" ON "intake_batches"  ("sha256") `);
    await queryRunner.query(
      `CREATE TABLE "intake_batch_periods" ("batch_id" integer NOT NULL, "period_id" integer NOT NULL, CONSTRAINT "PK_ee962a3ea7513a8f6bd08160c5d" PRIMARY KEY ("batch_id", "period_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_intake_batch_periods_period" ON "intake_batch_periods"  ("period_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "value_corrections" ("id" SERIAL NOT NULL, "period_id" integer NOT NULL, "input_id" integer NOT NULL, "staff_id" integer, "department_id" integer, "value" double precision NOT NULL, "reason" text NOT NULL, "batch_id" integer NOT NULL, "active_key" character varying(80), "superseded_by" integer, "created_by" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, CONSTRAINT "PK_20c107af833b85459afbcb11a43" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_value_corrections_active" ON "value_corrections"  ("active_key") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_value_corrections_period" ON "value_corrections"  ("period_id") `,
    );
    await queryRunner.query(`ALTER TABLE "periods" ADD "data_version" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "observations" ADD "batch_id" integer`);
    await queryRunner.query(`ALTER TABLE "observations" ADD "note" text`);
    await queryRunner.query(`ALTER TABLE "scoring_runs" ADD "data_version" integer`);
    await queryRunner.query(`ALTER TABLE "scoring_runs" ADD "completeness" text`);
    await queryRunner.query(`ALTER TABLE "scoring_runs" ADD "owner" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "scoring_runs" ADD "heartbeat_at" character varying(30)`);
    await queryRunner.query(`ALTER TABLE "staff_results" ADD "staff_id" integer`);
    await queryRunner.query(`CREATE INDEX "ix_observations_batch" ON "observations"  ("batch_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_staff_results_staff_run" ON "staff_results"  ("staff_id", "run_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "intake_batch_periods" ADD CONSTRAINT "FK_41f0b718370661b4310a301fa82" FOREIGN KEY ("batch_id") REFERENCES "intake_batches"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "intake_batch_periods" ADD CONSTRAINT "FK_f43ee07ffa68ea5015d23093448" FOREIGN KEY ("period_id") REFERENCES "periods"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "value_corrections" ADD CONSTRAINT "FK_169dc55371e84a816e05b2836d3" FOREIGN KEY ("period_id") REFERENCES "periods"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "value_corrections" ADD CONSTRAINT "FK_6929ba834545a13cb270076436f" FOREIGN KEY ("input_id") REFERENCES "input_definitions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "value_corrections" ADD CONSTRAINT "FK_4acfbaa1853c93daab34e15093d" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "value_corrections" ADD CONSTRAINT "FK_de334093c5d8b979104fd1fb420" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "value_corrections" ADD CONSTRAINT "FK_1938dc3e51d91d698f41918b3c0" FOREIGN KEY ("batch_id") REFERENCES "intake_batches"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Results written before results carried the person's id: bound to whoever holds the code at migration time
    // (codes are unique, so at most one person). Before this release a code was only ever held by one person in
    // practice; from now on a run writes the id itself and a code given to someone else no longer moves results.
    await queryRunner.query(
      `UPDATE "staff_results" SET "staff_id" = (SELECT "s"."id" FROM "staff" "s" WHERE "s"."code" = "staff_results"."staff_code") WHERE "staff_id" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "value_corrections" DROP CONSTRAINT "FK_1938dc3e51d91d698f41918b3c0"`,
    );
    await queryRunner.query(
      `ALTER TABLE "value_corrections" DROP CONSTRAINT "FK_de334093c5d8b979104fd1fb420"`,
    );
    await queryRunner.query(
      `ALTER TABLE "value_corrections" DROP CONSTRAINT "FK_4acfbaa1853c93daab34e15093d"`,
    );
    await queryRunner.query(
      `ALTER TABLE "value_corrections" DROP CONSTRAINT "FK_6929ba834545a13cb270076436f"`,
    );
    await queryRunner.query(
      `ALTER TABLE "value_corrections" DROP CONSTRAINT "FK_169dc55371e84a816e05b2836d3"`,
    );
    await queryRunner.query(
      `ALTER TABLE "intake_batch_periods" DROP CONSTRAINT "FK_f43ee07ffa68ea5015d23093448"`,
    );
    await queryRunner.query(
      `ALTER TABLE "intake_batch_periods" DROP CONSTRAINT "FK_41f0b718370661b4310a301fa82"`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_staff_results_staff_run"`);
    await queryRunner.query(`DROP INDEX "public"."ix_observations_batch"`);
    await queryRunner.query(`ALTER TABLE "staff_results" DROP COLUMN "staff_id"`);
    await queryRunner.query(`ALTER TABLE "scoring_runs" DROP COLUMN "heartbeat_at"`);
    await queryRunner.query(`ALTER TABLE "scoring_runs" DROP COLUMN "owner"`);
    await queryRunner.query(`ALTER TABLE "scoring_runs" DROP COLUMN "completeness"`);
    await queryRunner.query(`ALTER TABLE "scoring_runs" DROP COLUMN "data_version"`);
    await queryRunner.query(`ALTER TABLE "observations" DROP COLUMN "note"`);
    await queryRunner.query(`ALTER TABLE "observations" DROP COLUMN "batch_id"`);
    await queryRunner.query(`ALTER TABLE "periods" DROP COLUMN "data_version"`);
    await queryRunner.query(`DROP INDEX "public"."ix_value_corrections_period"`);
    await queryRunner.query(`DROP INDEX "public"."uq_value_corrections_active"`);
    await queryRunner.query(`DROP TABLE "value_corrections"`);
    await queryRunner.query(`DROP INDEX "public"."ix_intake_batch_periods_period"`);
    await queryRunner.query(`DROP TABLE "intake_batch_periods"`);
    await queryRunner.query(`DROP INDEX "public"."ix_intake_batches_sha256"`);
    await queryRunner.query(`DROP TABLE "intake_batches"`);
  }
}

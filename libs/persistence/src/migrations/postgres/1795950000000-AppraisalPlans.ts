import { MigrationInterface, QueryRunner } from 'typeorm';

export class AppraisalPlans1795950000000 implements MigrationInterface {
  name = 'AppraisalPlans1795950000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "appraisal_plans" ("id" SERIAL NOT NULL, "period" character varying(7) NOT NULL, "version" integer NOT NULL, "definition" text NOT NULL, "created_by" character varying(100) NOT NULL, "created_at" character varying(30) NOT NULL, CONSTRAINT "uq_appraisal_plans_period_version" UNIQUE ("period", "version"), CONSTRAINT "PK_0cf32b09ce9916df03ab9ae61a2" PRIMARY KEY ("id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "appraisal_plans"`);
  }
}

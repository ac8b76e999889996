import { MigrationInterface, QueryRunner } from 'typeorm';

export class AppraisalPlans1795950000000 implements MigrationInterface {
  name = 'AppraisalPlans1795950000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "appraisal_plans" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "period" varchar(7) NOT NULL, "version" integer NOT NULL, "definition" text NOT NULL, "created_by" varchar(100) NOT NULL, "created_at" varchar(30) NOT NULL, CONSTRAINT "uq_appraisal_plans_period_version" UNIQUE ("period", "version"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "appraisal_plans"`);
  }
}

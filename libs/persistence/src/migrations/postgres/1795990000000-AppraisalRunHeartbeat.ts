import { MigrationInterface, QueryRunner } from 'typeorm';

export class AppraisalRunHeartbeat1795990000000 implements MigrationInterface {
  name = 'AppraisalRunHeartbeat1795990000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appraisal_runs" ADD "heartbeat_at" character varying(30)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appraisal_runs" DROP COLUMN "heartbeat_at"`);
  }
}

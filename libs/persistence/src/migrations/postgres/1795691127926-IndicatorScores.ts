import { MigrationInterface, QueryRunner } from 'typeorm';

export class IndicatorScores1795691127926 implements MigrationInterface {
  name = 'IndicatorScores1795691127926';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_results" ADD "indicator_scores" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_results" DROP COLUMN "indicator_scores"`);
  }
}

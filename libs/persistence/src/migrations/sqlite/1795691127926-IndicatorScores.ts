import { MigrationInterface, QueryRunner } from 'typeorm';

export class IndicatorScores1795691127926 implements MigrationInterface {
  name = 'IndicatorScores1795691127926';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Written by hand: SQLite adds a nullable column in place (the generated statements rebuilt the table).
    await queryRunner.query(`ALTER TABLE "staff_results" ADD COLUMN "indicator_scores" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_results" DROP COLUMN "indicator_scores"`);
  }
}

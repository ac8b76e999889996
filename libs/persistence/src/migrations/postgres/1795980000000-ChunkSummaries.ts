import { MigrationInterface, QueryRunner } from 'typeorm';

export class ChunkSummaries1795980000000 implements MigrationInterface {
  name = 'ChunkSummaries1795980000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "run_chunks" ADD "summaries" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "run_chunks" DROP COLUMN "summaries"`);
  }
}

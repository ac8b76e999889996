import { MigrationInterface, QueryRunner } from 'typeorm';

export class RunChunkParts1795910000000 implements MigrationInterface {
  name = 'RunChunkParts1795910000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "run_chunks" ADD "completeness" text`);
    await queryRunner.query(`ALTER TABLE "run_chunks" ADD "timings" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "run_chunks" DROP COLUMN "timings"`);
    await queryRunner.query(`ALTER TABLE "run_chunks" DROP COLUMN "completeness"`);
  }
}

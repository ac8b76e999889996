import { MigrationInterface, QueryRunner } from 'typeorm';

export class EvidenceLinks1795846524775 implements MigrationInterface {
  name = 'EvidenceLinks1795846524775';

  // By hand: ADD/DROP COLUMN, no table rebuild.
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appeals" ADD COLUMN "evidence" text`);
    await queryRunner.query(`ALTER TABLE "evidence" ADD COLUMN "input_id" integer`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evidence" DROP COLUMN "input_id"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "evidence"`);
  }
}

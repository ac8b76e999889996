import { MigrationInterface, QueryRunner } from 'typeorm';

export class EvidenceLinks1795846524775 implements MigrationInterface {
  name = 'EvidenceLinks1795846524775';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "appeals" ADD "evidence" text`);
    await queryRunner.query(`ALTER TABLE "evidence" ADD "input_id" integer`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evidence" DROP COLUMN "input_id"`);
    await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "evidence"`);
  }
}

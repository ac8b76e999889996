import { MigrationInterface, QueryRunner } from 'typeorm';

export class BilingualNames1795900000000 implements MigrationInterface {
  name = 'BilingualNames1795900000000';

  // By hand: ADD/DROP COLUMN, no table rebuild.
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sites" ADD COLUMN "names" text`);
    await queryRunner.query(`ALTER TABLE "departments" ADD COLUMN "names" text`);
    await queryRunner.query(`ALTER TABLE "post_types" ADD COLUMN "names" text`);
    await queryRunner.query(`ALTER TABLE "indicator_sets" ADD COLUMN "names" text`);
    await queryRunner.query(`ALTER TABLE "input_definitions" ADD COLUMN "names" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "input_definitions" DROP COLUMN "names"`);
    await queryRunner.query(`ALTER TABLE "indicator_sets" DROP COLUMN "names"`);
    await queryRunner.query(`ALTER TABLE "post_types" DROP COLUMN "names"`);
    await queryRunner.query(`ALTER TABLE "departments" DROP COLUMN "names"`);
    await queryRunner.query(`ALTER TABLE "sites" DROP COLUMN "names"`);
  }
}

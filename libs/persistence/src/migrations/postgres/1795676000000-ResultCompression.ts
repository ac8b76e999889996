import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (column compression is not part of TypeORM's schema model): staff results are large text
 * (the explanation of every number) written once per run; lz4 compresses them several times faster than the
 * default pglz. Servers built without lz4 keep pglz.
 */
export class ResultCompression1795676000000 implements MigrationInterface {
  name = 'ResultCompression1795676000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (!(await lz4Available(queryRunner))) return;
    await queryRunner.query(`ALTER TABLE "staff_results" ALTER COLUMN "result" SET COMPRESSION lz4`);
    await queryRunner.query(
      `ALTER TABLE "staff_results" ALTER COLUMN "incentive_explanation" SET COMPRESSION lz4`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_results" ALTER COLUMN "result" SET COMPRESSION default`);
    await queryRunner.query(
      `ALTER TABLE "staff_results" ALTER COLUMN "incentive_explanation" SET COMPRESSION default`,
    );
  }
}

async function lz4Available(queryRunner: QueryRunner): Promise<boolean> {
  const rows = (await queryRunner.query(
    `SELECT 'lz4' = ANY(enumvals) AS ok FROM pg_settings WHERE name = 'default_toast_compression'`,
  )) as { ok: boolean }[];
  return rows[0]?.ok === true;
}

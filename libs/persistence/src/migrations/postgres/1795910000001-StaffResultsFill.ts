import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (storage parameters are not part of TypeORM's schema model): result pages are filled again.
 * StaffResultsFillfactor left them half empty so that the finish job's update of every paid row stayed on its
 * page; a chunk now writes its department's pool shares with its rows (the finish job updates only the rows of a
 * department spread over several chunks), so the half-empty pages only cost: the benchmark month's COPY of
 * 20,000 results took 561–626 ms at fillfactor 100 against 725–788 ms at 50 (docs/BENCHMARKS.md). Only pages
 * written from now on are affected.
 */
export class StaffResultsFill1795910000001 implements MigrationInterface {
  name = 'StaffResultsFill1795910000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_results" RESET (fillfactor)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_results" SET (fillfactor = 50)`);
  }
}

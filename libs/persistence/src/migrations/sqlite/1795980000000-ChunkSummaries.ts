import { MigrationInterface, QueryRunner } from 'typeorm';

export class ChunkSummaries1795980000000 implements MigrationInterface {
  name = 'ChunkSummaries1795980000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "temporary_run_chunks" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "run_id" varchar(36) NOT NULL, "chunk_index" integer NOT NULL, "department" varchar(64) NOT NULL, "staff_ids" text NOT NULL, "staff_count" integer NOT NULL, "completed_at" varchar(30), "completeness" text, "timings" text, "summaries" text, CONSTRAINT "uq_run_chunks_run_index" UNIQUE ("run_id", "chunk_index"), CONSTRAINT "FK_9fca931b3a8d94f926da5b8f997" FOREIGN KEY ("run_id") REFERENCES "scoring_runs" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_run_chunks"("id", "run_id", "chunk_index", "department", "staff_ids", "staff_count", "completed_at", "completeness", "timings") SELECT "id", "run_id", "chunk_index", "department", "staff_ids", "staff_count", "completed_at", "completeness", "timings" FROM "run_chunks"`,
    );
    await queryRunner.query(`DROP TABLE "run_chunks"`);
    await queryRunner.query(`ALTER TABLE "temporary_run_chunks" RENAME TO "run_chunks"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "run_chunks" RENAME TO "temporary_run_chunks"`);
    await queryRunner.query(
      `CREATE TABLE "run_chunks" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "run_id" varchar(36) NOT NULL, "chunk_index" integer NOT NULL, "department" varchar(64) NOT NULL, "staff_ids" text NOT NULL, "staff_count" integer NOT NULL, "completed_at" varchar(30), "completeness" text, "timings" text, CONSTRAINT "uq_run_chunks_run_index" UNIQUE ("run_id", "chunk_index"), CONSTRAINT "FK_9fca931b3a8d94f926da5b8f997" FOREIGN KEY ("run_id") REFERENCES "scoring_runs" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "run_chunks"("id", "run_id", "chunk_index", "department", "staff_ids", "staff_count", "completed_at", "completeness", "timings") SELECT "id", "run_id", "chunk_index", "department", "staff_ids", "staff_count", "completed_at", "completeness", "timings" FROM "temporary_run_chunks"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_run_chunks"`);
  }
}

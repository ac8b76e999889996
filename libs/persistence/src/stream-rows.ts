// A PostgreSQL query whose rows are handed over one by one as they arrive, never held as a list: for reads of
// tens of thousands of rows that are folded as they come (a run's chunk reading its observations).
import { EntityManager } from 'typeorm';
import { PoolClient, Query, QueryConfig } from 'pg';

/**
 * Runs a query on a connection of its own (or the caller's transaction's) and hands each row to `onRow` as it
 * arrives: with a row listener and no callback, `pg` keeps no list of the rows.
 */
export async function streamRows(
  em: EntityManager,
  query: QueryConfig & { rowMode: 'array' },
  onRow: (row: unknown[]) => void,
): Promise<void> {
  const own = em.queryRunner === undefined || em.queryRunner.isReleased;
  const runner = own ? em.connection.createQueryRunner() : em.queryRunner;
  try {
    const client = (await runner.connect()) as PoolClient;
    await new Promise<void>((resolve, reject) => {
      const q = client.query(new Query(query));
      let failed: Error | null = null;
      q.on('row', (row: unknown[]) => {
        if (failed) return;
        try {
          onRow(row);
        } catch (e) {
          failed = e as Error; // the rest of the rows are read and dropped: the connection stays usable
        }
      });
      q.on('error', reject);
      q.on('end', () => (failed ? reject(failed) : resolve()));
    });
  } finally {
    if (own) await runner.release();
  }
}

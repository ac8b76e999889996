// A migrated database for the domain services' tests: SQLite in memory always, and PostgreSQL (a scratch database
// per suite on the server of TEST_DATABASE_URL) when that is set; otherwise one line says what was skipped.
import { DataSource } from 'typeorm';
import { openDatabase } from '@app/persistence';
import { noteSkipped } from './externals';
import { createScratchDatabase, TEST_DATABASE_URL } from './postgres';
import './today'; // the intake window's "today", pinned

export interface TestDatabase {
  name: 'SQLite' | 'PostgreSQL';
  open(): Promise<DataSource>;
}

let told = false;

/**
 * The databases to run a domain spec on, for `describe.each(testDatabases('prefix'))('%s', (_, db) => …)`.
 * Each `open()` gives a fresh, migrated database that `closeDatabase` drops again.
 */
export function testDatabases(prefix: string): [string, TestDatabase][] {
  const list: [string, TestDatabase][] = [
    ['SQLite', { name: 'SQLite', open: () => openDatabase({ kind: 'sqlite', path: ':memory:' }) }],
  ];
  if (TEST_DATABASE_URL) {
    list.push([
      'PostgreSQL',
      {
        name: 'PostgreSQL',
        open: async () => {
          const db = await createScratchDatabase(prefix);
          const ds = await openDatabase({ kind: 'postgres', url: db.url });
          drops.set(ds, db.drop);
          return ds;
        },
      },
    ]);
  } else if (!told) {
    told = true;
    noteSkipped(`domain specs on PostgreSQL`, 'TEST_DATABASE_URL is not set', 'see docs/TESTING.md');
  }
  return list;
}

const drops = new WeakMap<DataSource, () => Promise<void>>();

/** Closes a database from `testDatabases` and drops its PostgreSQL scratch database. */
export async function closeDatabase(ds: DataSource | undefined): Promise<void> {
  if (!ds) return;
  await ds.destroy();
  await drops.get(ds)?.();
}

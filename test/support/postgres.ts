// A fresh PostgreSQL database per suite, on the server of TEST_DATABASE_URL; dropped afterwards.
import { DataSource } from 'typeorm';
import type { AppConfig } from '@app/config';
import { noteSkipped } from './externals';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** Says why a Postgres suite does not run here (CI always sets TEST_DATABASE_URL). */
export function explainSkip(suite: string): void {
  if (!TEST_DATABASE_URL) noteSkipped(suite, 'TEST_DATABASE_URL is not set', 'see docs/TESTING.md');
}

export async function createScratchDatabase(
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
  await admin.initialize();
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

export type DatabaseSuite = [
  name: string,
  open: () => Promise<{ config: Partial<AppConfig>; drop: () => Promise<void> }>,
];

/**
 * The databases a spec runs on (with describe.each): SQLite in memory always, and PostgreSQL — a scratch database
 * named from `prefix`, per test — when TEST_DATABASE_URL is set (else `suite` says why it does not run).
 */
export function databaseSuites(prefix: string, suite: string): DatabaseSuite[] {
  const suites: DatabaseSuite[] = [
    ['SQLite', () => Promise.resolve({ config: {}, drop: () => Promise.resolve() })],
  ];
  if (TEST_DATABASE_URL)
    suites.push([
      'PostgreSQL',
      async () => {
        const db = await createScratchDatabase(prefix);
        return { config: { database: { kind: 'postgres', url: db.url } }, drop: () => db.drop() };
      },
    ]);
  else explainSkip(suite);
  return suites;
}

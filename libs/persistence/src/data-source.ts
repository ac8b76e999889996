// One function builds the TypeORM options for the app, the worker, the migration scripts and the tests.
// Migrations are per driver and always explicit; the schema is never synchronised from the entities.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { DatabaseTarget, parseDatabaseUrl } from './database-url';
import { ENTITIES } from './entities';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';

export const MIGRATIONS_TABLE = 'schema_migrations';

export function dataSourceOptions(target: DatabaseTarget | string | undefined): DataSourceOptions {
  const t = typeof target === 'object' ? target : parseDatabaseUrl(target);
  const common = {
    entities: ENTITIES,
    synchronize: false,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsRun: false,
  } as const;
  if (t.kind === 'sqlite') {
    if (t.path !== ':memory:') mkdirSync(dirname(t.path), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: t.path,
      migrations: SQLITE_MIGRATIONS,
      // WAL lets readers go on while a run writes; foreign keys are off by default in SQLite.
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('foreign_keys = ON');
      },
    };
  }
  return { ...common, type: 'postgres', url: t.url, migrations: POSTGRES_MIGRATIONS };
}

/** Opens the database and applies every pending migration. */
export async function openDatabase(target?: DatabaseTarget | string): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(target));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}

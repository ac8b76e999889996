// The migrations build exactly the schema the entities describe, on both drivers, and undo cleanly (on SQLite,
// without a foreign key left naming a table that is gone).
import { DataSource } from 'typeorm';
import { createScratchDatabase, explainSkip, TEST_DATABASE_URL } from '../../../test/support/postgres';
import { DatabaseUrlError, dataSourceOptions, openDatabase, parseDatabaseUrl, pendingSchemaChanges } from '.';

const TABLES = [
  'assignment_rules',
  'departments',
  'indicator_set_versions',
  'indicator_sets',
  'input_definitions',
  'observations',
  'periods',
  'post_types',
  'sites',
  'staff',
  'workload_catalogue_versions',
];

async function checkSchema(ds: DataSource): Promise<void> {
  expect((await pendingSchemaChanges(ds)).up).toEqual([]);
  const tables = await ds.createQueryRunner().getTables(TABLES);
  expect(tables.map((t) => t.name.replace(/^public\./, '')).sort()).toEqual(TABLES);
  // An observation is about a member of staff or a department, never both or neither.
  await ds.query(`INSERT INTO periods (period, status) VALUES ('2026-10', 'open')`);
  await ds.query(`INSERT INTO departments (code, name) VALUES ('D', 'D')`);
  await ds.query(
    `INSERT INTO input_definitions (code, name, unit, level, aggregate) VALUES ('x', 'x', 'n', 'staff', 'sum')`,
  );
  const insert = (dept: number | null) =>
    ds.query(
      `INSERT INTO observations (period_id, input_id, staff_id, department_id, observed_on, value, source, mode, entered_by, created_at)
       VALUES (1, 1, NULL, ${dept === null ? 'NULL' : dept}, '2026-10-01', 1.5, 'manual', 'daily', 'hr', '2026-10-01T00:00:00Z')`,
    );
  await expect(insert(1)).resolves.toBeDefined();
  await expect(insert(null)).rejects.toThrow();
}

async function checkRevert(ds: DataSource): Promise<void> {
  const sqlite = ds.options.type !== 'postgres';
  const dangling: string[] = [];
  for (let i = ds.migrations.length - 1; i >= 0; i--) {
    await ds.undoLastMigration({ transaction: 'each' });
    // SQLite rebuilds a table by renaming it, which points other tables' foreign keys at the renamed copy: an
    // undo must leave every key naming a table that is there (PlanItems' once left plan_actions naming its copy).
    if (sqlite)
      dangling.push(...(await danglingForeignKeys(ds)).map((k) => `${ds.migrations[i].name}: ${k}`));
  }
  expect(dangling).toEqual([]);
  expect(await ds.createQueryRunner().getTables(TABLES)).toEqual([]);
}

/** On SQLite, "table → missing table" for each foreign key naming a table that does not exist. */
async function danglingForeignKeys(ds: DataSource): Promise<string[]> {
  const tables = new Set(
    (await ds.query<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table'")).map(
      (t) => t.name,
    ),
  );
  const out: string[] = [];
  for (const t of tables)
    for (const fk of await ds.query<{ table: string }[]>(`PRAGMA foreign_key_list("${t}")`))
      if (!tables.has(fk.table)) out.push(`${t} → ${fk.table}`);
  return out;
}

describe('persistence on SQLite', () => {
  it('migrates a fresh database to exactly the entities’ schema, and undoes it', async () => {
    const ds = await openDatabase('sqlite::memory:');
    try {
      await checkSchema(ds);
      await checkRevert(ds);
    } finally {
      await ds.destroy();
    }
  });
});

explainSkip('persistence on PostgreSQL');
(TEST_DATABASE_URL ? describe : describe.skip)('persistence on PostgreSQL', () => {
  it('migrates a fresh database to exactly the entities’ schema, and undoes it', async () => {
    const db = await createScratchDatabase('scorecard_schema');
    const ds = await openDatabase(db.url);
    try {
      await checkSchema(ds);
      await checkRevert(ds);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});

describe('DATABASE_URL', () => {
  it('accepts sqlite:PATH and postgres:// URLs, defaulting to the embedded SQLite file', () => {
    expect(parseDatabaseUrl(undefined)).toEqual({ kind: 'sqlite', path: 'data/scorecard.sqlite' });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
    expect(parseDatabaseUrl('postgres://u:p@127.0.0.1:5432/db')).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@127.0.0.1:5432/db',
    });
    expect(dataSourceOptions('sqlite::memory:')).toMatchObject({
      type: 'better-sqlite3',
      synchronize: false,
      migrationsTableName: 'schema_migrations',
    });
  });

  it('refuses anything else with a message naming the variable, without printing a password', () => {
    expect(() => parseDatabaseUrl('mysql://root:secret@db/x')).toThrow(DatabaseUrlError);
    expect(() => parseDatabaseUrl('mysql://root:secret@db/x')).toThrow(
      /^DATABASE_URL "mysql:\/\/root:\*\*\*@db\/x" is not supported/,
    );
    expect(() => parseDatabaseUrl('sqlite:')).toThrow(/needs a file path/);
    expect(() => parseDatabaseUrl('postgres://')).toThrow(/not a valid postgres/);
  });
});

// Bulk rows straight to SQL, shared by document import and measurement intake: multi-row INSERTs on both
// drivers, and PostgreSQL's COPY … FROM STDIN for the largest writes (a month's observations).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from 'pg';
import { EntityManager } from 'typeorm';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

const INSERT_CHUNK = 500;

export const OBSERVATION_COLUMNS = [
  'period_id',
  'input_id',
  'task_code',
  'staff_id',
  'department_id',
  'observed_on',
  'value',
  'source',
  'mode',
  'entered_by',
  'created_at',
];

/** An upsert: on a row with the same `keys`, the `update` columns take the new values (none: the row stays). */
export interface OnConflict {
  keys: string[];
  update: string[];
}

/**
 * Multi-row INSERTs with bound parameters, for bulk rows: TypeORM's insert builder spends most of its time
 * on parameter bookkeeping (15 s for a month of 10,000 staff, most of it there).
 */
export async function insertRows(
  em: EntityManager,
  table: string,
  columns: string[],
  rows: unknown[][],
  onConflict?: OnConflict,
): Promise<void> {
  const cols = columns.map((c) => `"${c}"`).join(', ');
  // The same clause in PostgreSQL and SQLite (3.24+).
  const keys = onConflict?.keys.map((c) => `"${c}"`).join(', ');
  const upsert = !onConflict
    ? ''
    : onConflict.update.length
      ? ` ON CONFLICT (${keys}) DO UPDATE SET ` +
        onConflict.update.map((c) => `"${c}" = excluded."${c}"`).join(', ')
      : ` ON CONFLICT (${keys}) DO NOTHING`;
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    await em.query(`INSERT INTO "${table}" (${cols}) VALUES ${valuesList(em, chunk)}${upsert}`, chunk.flat());
  }
}

/**
 * Multi-row UPDATEs: `set` columns of the rows whose `key` column matches the first value of a row, among
 * those matching `where` (a column equal to one value). Values come through a VALUES list whose columns are
 * named column1, column2... in both PostgreSQL and SQLite (3.33+).
 */
export async function updateRows(
  em: EntityManager,
  table: string,
  where: { column: string; value: unknown },
  key: string,
  set: string[],
  rows: unknown[][],
): Promise<void> {
  const assignments = set.map((c, i) => `"${c}" = v.column${i + 2}`).join(', ');
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const whereParam = isPostgres(em) ? `$${chunk.length * (set.length + 1) + 1}` : '?';
    await em.query(
      `UPDATE "${table}" SET ${assignments} FROM (VALUES ${valuesList(em, chunk)}) AS v ` +
        `WHERE "${table}"."${where.column}" = ${whereParam} AND "${table}"."${key}" = v.column1`,
      [...chunk.flat(), where.value],
    );
  }
}

/** Below this many rows a COPY gains nothing over the multi-row INSERTs (and they show in the query log). */
const COPY_MIN_ROWS = 2_000;
/** Rows per text block handed to the COPY stream. */
const COPY_BLOCK = 2_000;

/**
 * Plain rows (no upsert) for a bulk write. On PostgreSQL inside a transaction, as `COPY table (columns) FROM
 * STDIN` on the transaction's own connection, so the rows stay all-or-nothing with the rest of it: 4 million
 * observations take about a fifth of the time the 500-row INSERTs took (docs/BENCHMARKS.md, "Importing a
 * month"). Elsewhere (SQLite, no transaction, a few rows) the multi-row INSERTs of `insertRows`. Values are
 * numbers, strings, booleans, Dates or null (undefined counts as null), as the INSERTs bind them.
 * @param minRows below this many rows, the INSERTs (a run's chunk of results passes 1: measured faster as COPY)
 */
export async function copyRows(
  em: EntityManager,
  table: string,
  columns: string[],
  rows: unknown[][],
  minRows = COPY_MIN_ROWS,
): Promise<void> {
  const runner = em.queryRunner as PostgresQueryRunner | undefined;
  if (!isPostgres(em) || !runner?.isTransactionActive || !rows.length || rows.length < minRows)
    return insertRows(em, table, columns, rows);
  // The transaction's own connection (connect() hands back the one the runner holds).
  const client = (await runner.connect()) as PoolClient;
  const cols = columns.map((c) => `"${c}"`).join(', ');
  const sink = client.query(copyFrom(`COPY "${table}" (${cols}) FROM STDIN`));
  await pipeline(Readable.from(copyText(rows)), sink);
}

/** The rows in COPY's text format, a block of rows at a time. */
function* copyText(rows: unknown[][]): Generator<string> {
  for (let i = 0; i < rows.length; i += COPY_BLOCK) {
    let block = '';
    const end = Math.min(rows.length, i + COPY_BLOCK);
    for (let r = i; r < end; r++) {
      const row = rows[r];
      for (let c = 0; c < row.length; c++) {
        if (c) block += '\t';
        block += copyValue(row[c]);
      }
      block += '\n';
    }
    yield block;
  }
}

/** One value in COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`copyRows: ${v} is not a finite number`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const text = v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : JSON.stringify(v);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, escapeChar) : text;
}

function escapeChar(ch: string): string {
  return ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r';
}

function isPostgres(em: EntityManager): boolean {
  return em.connection.options.type === 'postgres';
}

/** "(?, ?), (?, ?)" or "($1, $2), ($3, $4)". */
function valuesList(em: EntityManager, rows: unknown[][]): string {
  const postgres = isPostgres(em);
  let n = 0;
  return rows.map((r) => `(${r.map(() => (postgres ? `$${++n}` : '?')).join(', ')})`).join(', ');
}

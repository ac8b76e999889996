// Bulk rows straight to SQL, shared by document import and measurement intake.
import { EntityManager } from 'typeorm';

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

/** An upsert: on a row with the same `keys`, the `update` columns take the new values. */
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
  const upsert = onConflict
    ? ` ON CONFLICT (${onConflict.keys.map((c) => `"${c}"`).join(', ')}) DO UPDATE SET ` +
      onConflict.update.map((c) => `"${c}" = excluded."${c}"`).join(', ')
    : '';
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

function isPostgres(em: EntityManager): boolean {
  return em.connection.options.type === 'postgres';
}

/** "(?, ?), (?, ?)" or "($1, $2), ($3, $4)". */
function valuesList(em: EntityManager, rows: unknown[][]): string {
  const postgres = isPostgres(em);
  let n = 0;
  return rows.map((r) => `(${r.map(() => (postgres ? `$${++n}` : '?')).join(', ')})`).join(', ');
}

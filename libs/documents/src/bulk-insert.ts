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

/**
 * Multi-row INSERTs with bound parameters, for bulk rows: TypeORM's insert builder spends most of its time
 * on parameter bookkeeping (15 s for a month of 10,000 staff, most of it there).
 */
export async function insertRows(
  em: EntityManager,
  table: string,
  columns: string[],
  rows: unknown[][],
): Promise<void> {
  const postgres = em.connection.options.type === 'postgres';
  const cols = columns.map((c) => `"${c}"`).join(', ');
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    let n = 0;
    const values = chunk.map((r) => `(${r.map(() => (postgres ? `$${++n}` : '?')).join(', ')})`).join(', ');
    await em.query(`INSERT INTO "${table}" (${cols}) VALUES ${values}`, chunk.flat());
  }
}

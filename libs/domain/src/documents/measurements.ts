// Measurements entered by people or systems, kept as observations. Every row is checked first; one bad row
// refuses the whole batch with each bad row's number and reason, and nothing is stored. It writes with the
// caller's EntityManager, so the caller's transaction (the measurements service's, or an appeal decision's) holds
// the rows with their batch and audit entry, and a refusal rolls back everything. Checking and storing are two
// steps so the intake can lock the months the rows fall in (and find a resend) between them.
import { EntityManager, In } from 'typeorm';
import {
  Department,
  InputDefinition,
  OBSERVATION_MODES,
  OBSERVATION_SOURCES,
  Period,
  Staff,
  WorkloadCatalogueVersion,
} from '@app/persistence';
import { insertRows, OBSERVATION_COLUMNS } from '@app/persistence/bulk-insert';
import { periodBounds } from '../periods';
import { ProblemCode, ProblemParams } from '@app/scoring';
import { inForce, InvalidError, quoteValue } from '../model';
import { intakeWindowIssue, rowProblem } from './row-problems';

export interface MeasurementRow {
  /** An input code of the dictionary, or … */
  input?: string;
  /** … a workload task code (task counts are measurements too). */
  task?: string;
  /** The member of staff (document staff id) or the department (code) measured: exactly one. */
  staff?: string;
  department?: string;
  /** ISO date; its month is the period. */
  date: string;
  value: number;
  mode?: (typeof OBSERVATION_MODES)[number];
}

export interface RowProblem {
  /** 1-based position in the batch (for CSV: the line number). */
  row: number;
  field: string;
  message: string;
  /** Stable (libs/scoring/src/problem-codes.ts), with the values `message` quotes. */
  code?: string;
  params?: ProblemParams;
}

export class MeasurementsInvalidError extends InvalidError {
  constructor(readonly rows: RowProblem[]) {
    super(`${new Set(rows.map((r) => r.row)).size} row(s) refused; nothing was stored`);
  }
}

const DATE_RE = /^(\d{4}-\d{2})-(\d{2})$/;
export const MAX_MEASUREMENT_ROWS = 50_000;

/** Rows that passed every check, resolved to ids, with the months they fall in. */
export interface CheckedMeasurements {
  rows: { row: MeasurementRow; period: string }[];
  /** The months ("YYYY-MM") the rows fall in, sorted. */
  periods: string[];
  inputs: Map<string, InputDefinition>;
  staff: Map<string, Staff>;
  departments: Map<string, Department>;
}

/**
 * Checks every row (nothing is written).
 * @param rowNumbers `rowNumbers[i]` is how row i is called in problems (CSV: its line); default: its position
 * @throws MeasurementsInvalidError listing every bad row
 */
export async function checkMeasurements(
  em: EntityManager,
  raw: unknown,
  rowNumbers?: number[],
): Promise<CheckedMeasurements> {
  if (!Array.isArray(raw)) throw new MeasurementsInvalidError([rowProblem(0, '', 'BODY_NOT_LIST')]);
  if (raw.length === 0) throw new MeasurementsInvalidError([rowProblem(0, '', 'EMPTY_BATCH')]);
  if (raw.length > MAX_MEASUREMENT_ROWS) {
    throw new MeasurementsInvalidError([
      rowProblem(0, '', 'TOO_MANY_ROWS', { max: MAX_MEASUREMENT_ROWS, count: raw.length }),
    ]);
  }
  const rows = raw as unknown[];
  const inputs = new Map((await em.find(InputDefinition)).map((i) => [i.code, i]));
  const staffCodes = [
    ...new Set(
      rows.map((r) => (r as MeasurementRow)?.staff).filter((s): s is string => typeof s === 'string'),
    ),
  ];
  const deptCodes = [
    ...new Set(
      rows.map((r) => (r as MeasurementRow)?.department).filter((s): s is string => typeof s === 'string'),
    ),
  ];
  const staff = new Map<string, Staff>();
  for (let i = 0; i < staffCodes.length; i += 500) {
    for (const s of await em.find(Staff, { where: { code: In(staffCodes.slice(i, i + 500)) } }))
      staff.set(s.code, s);
  }
  const departments = new Map(
    (deptCodes.length ? await em.find(Department, { where: { code: In(deptCodes) } }) : []).map((d) => [
      d.code,
      d,
    ]),
  );
  const workloads = await em.find(WorkloadCatalogueVersion, { order: { version: 'ASC' } });
  const periods = new Map((await em.find(Period)).map((p) => [p.period, p]));

  const problems: RowProblem[] = [];
  const good: { row: MeasurementRow; period: string }[] = [];
  rows.forEach((r, i) => {
    const n = rowNumbers?.[i] ?? i + 1;
    const bad = (field: string, code: ProblemCode, params?: ProblemParams) =>
      problems.push(rowProblem(n, field, code, params));
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return bad('', 'ROW_NOT_OBJECT');
    const m = r as MeasurementRow & Record<string, unknown>;
    const before = problems.length;
    for (const key of Object.keys(m)) {
      if (!['input', 'task', 'staff', 'department', 'date', 'value', 'mode'].includes(key))
        bad(key, 'UNKNOWN_FIELD');
    }
    const date = typeof m.date === 'string' ? DATE_RE.exec(m.date) : null;
    const period = date?.[1];
    if (
      !date ||
      !period ||
      Number(date[2]) < 1 ||
      m.date > periodBounds(period).last ||
      !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)
    ) {
      bad('date', 'BAD_DATE', { got: quoteValue(m.date) });
    } else if (periods.get(period)?.status === 'closed') bad('date', 'ROW_PERIOD_CLOSED', { period });
    else {
      const outside = intakeWindowIssue(period);
      if (outside) problems.push({ row: n, field: 'date', ...outside });
    }
    // A JSON number as JSON gives it (a string, even "12", is refused: CSV has its own strict rule).
    if (typeof m.value !== 'number' || !Number.isFinite(m.value))
      bad('value', 'NOT_A_NUMBER', { got: quoteValue(m.value) });
    if (m.mode !== undefined && !(OBSERVATION_MODES as readonly string[]).includes(m.mode))
      bad('mode', 'ONE_OF', { values: OBSERVATION_MODES.join(', ') });
    if ((m.staff === undefined) === (m.department === undefined)) bad('staff', 'STAFF_OR_DEPARTMENT');
    else if (m.staff !== undefined && !staff.has(String(m.staff)))
      bad('staff', 'UNKNOWN_STAFF', { got: quoteValue(m.staff) });
    else if (m.department !== undefined && !departments.has(String(m.department)))
      bad('department', 'UNKNOWN_DEPARTMENT', { got: quoteValue(m.department) });
    if ((m.input === undefined) === (m.task === undefined)) bad('input', 'INPUT_OR_TASK');
    else if (m.input !== undefined) {
      const def = inputs.get(String(m.input));
      if (!def) bad('input', 'NOT_IN_DICTIONARY', { got: quoteValue(m.input) });
      else if (m.department !== undefined && def.level === 'staff')
        bad('input', 'STAFF_LEVEL_INPUT', { input: def.code });
    } else {
      if (m.staff === undefined) bad('task', 'TASK_FOR_STAFF');
      if (typeof m.value === 'number' && (m.value < 0 || !Number.isInteger(m.value)))
        bad('value', 'BAD_TASK_COUNT');
      const catalogue = period ? inForce(workloads, period) : undefined;
      if (period && !catalogue?.content.tasks.some((t) => t.code === m.task))
        bad('task', 'NOT_A_TASK', { got: quoteValue(m.task), period });
    }
    if (problems.length === before) good.push({ row: m, period: period! });
  });
  if (problems.length) throw new MeasurementsInvalidError(problems);
  const months = [...new Set(good.map((g) => g.period))].sort();
  return { rows: good, periods: months, inputs, staff, departments };
}

/** The months' rows, by name; new months open on their first measurement. */
export async function openMonths(em: EntityManager, names: readonly string[]): Promise<Period[]> {
  const known = new Map(
    (names.length ? await em.find(Period, { where: { period: In([...names]) } }) : []).map((p) => [
      p.period,
      p,
    ]),
  );
  const missing = names.filter((name) => !known.has(name));
  if (missing.length) {
    // Two first intakes of one month at once: the second's insert waits for the first's row and then adds nothing
    // (no second row, no unique-index failure), and both go on with the one month.
    await em
      .createQueryBuilder()
      .insert()
      .into(Period)
      .values(missing.map((period) => ({ period, status: 'open' as const })))
      .orIgnore()
      .execute();
    for (const p of await em.find(Period, { where: { period: In(missing) } })) known.set(p.period, p);
  }
  return names.map((name) => known.get(name)!);
}

/** Observation columns with the batch each row came in. */
const BATCH_OBSERVATION_COLUMNS = [...OBSERVATION_COLUMNS, 'batch_id'];

/** Stores checked rows as observations of `batchId` (null: outside any batch). */
export async function storeMeasurements(
  em: EntityManager,
  checked: CheckedMeasurements,
  periods: readonly Period[],
  options: { source: (typeof OBSERVATION_SOURCES)[number]; enteredBy: string; batchId: number | null },
): Promise<number> {
  const ids = new Map(periods.map((p) => [p.period, p.id]));
  const { inputs, staff, departments } = checked;
  const createdAt = new Date().toISOString();
  const values = checked.rows.map(({ row, period }) => [
    ids.get(period)!,
    row.input !== undefined ? inputs.get(row.input)!.id : null,
    row.task ?? null,
    row.staff !== undefined ? staff.get(row.staff)!.id : null,
    row.department !== undefined ? departments.get(row.department)!.id : null,
    row.date,
    row.value,
    options.source,
    row.mode ?? 'immediate',
    options.enteredBy,
    createdAt,
    options.batchId,
  ]);
  await insertRows(em, 'observations', BATCH_OBSERVATION_COLUMNS, values);
  return values.length;
}

/**
 * Checks and stores in one step, in the caller's transaction (an appeal decision's): the rows belong to
 * `batchId` when given. It neither locks the months nor raises their data version: the caller does.
 */
export async function recordMeasurements(
  em: EntityManager,
  raw: unknown,
  options: {
    source: (typeof OBSERVATION_SOURCES)[number];
    enteredBy: string;
    rowNumbers?: number[];
    batchId?: number | null;
  },
): Promise<{ stored: number; periods: string[] }> {
  const checked = await checkMeasurements(em, raw, options.rowNumbers);
  const periods = await openMonths(em, checked.periods);
  const stored = await storeMeasurements(em, checked, periods, {
    source: options.source,
    enteredBy: options.enteredBy,
    batchId: options.batchId ?? null,
  });
  return { stored, periods: checked.periods };
}

// A period's own inputs (docs/APPRAISAL-PERIODS.md, "The period's inputs"): the scores HR enters for the period
// itself — a manager's assessment, a democratic evaluation — one value per person and input of the period's plan,
// which the period's document gives each person as `inputs`, so that the plan's `assessments` join the total with
// their weight instead of re-normalising away. A batch is all or nothing: every row is checked first and every
// problem is answered at once, each at its row and field; a value replaces the one before (never adds to it), null
// removes it. Written only while the period's data may change (appraisal-period-lock.ts); audited
// `appraisal.inputs`.
import { parse } from 'csv-parse/sync';
import { EntityManager, In } from 'typeorm';
import { AppraisalInput, Staff } from '@app/persistence';
import type { InputValues, ProblemCode, ProblemParams } from '@app/scoring';
import { audit } from '../audit';
import { rowProblem } from '../documents/row-problems';
import type { RowProblem } from '../documents/measurements';
import { InvalidError, quoteValue } from '../model';
import { lockAppraisalPeriodForChange } from './appraisal-period-lock';
import { appraisalPeriod, findAppraisalPlan } from './appraisal-plans';

/** The most rows of one request: a year's assessments of a large hospital, several inputs each. */
export const APPRAISAL_INPUT_ROWS_MAX = 20_000;
/** Assessments are scores: 0..100 (docs/FORMAT.md, `assessments`). */
export const APPRAISAL_INPUT_MIN = 0;
export const APPRAISAL_INPUT_MAX = 100;

/** Ids are read in slices, under the databases' limits on bound parameters. */
const IN_CHUNK = 500;

/** One row of a batch: the staff code, the input code of the plan, the value (null removes it). */
export interface AppraisalInputRow {
  staff: string;
  input: string;
  value: number | null;
}

export interface AppraisalInputView {
  staff: string;
  name: string;
  input: string;
  value: number;
  enteredBy: string;
  createdAt: string;
}

export interface AppraisalInputsView {
  period: string;
  rows: AppraisalInputView[];
}

export interface AppraisalInputsWritten {
  period: string;
  /** Values written (new or replacing one). */
  stored: number;
  /** Values removed by a null. */
  deleted: number;
}

/** A batch of period inputs with bad rows (400): every problem, each at its row and field; nothing stored. */
export class AppraisalInputInvalidError extends InvalidError {
  static override readonly defaultCode = 'APPRAISAL_INPUT_INVALID';

  constructor(readonly rows: RowProblem[]) {
    super(
      `考核周期输入有 ${new Set(rows.map((r) => r.row)).size} 行不合格，未保存任何数据 / ` +
        `${new Set(rows.map((r) => r.row)).size} row(s) refused; nothing was stored`,
    );
  }
}

/** A row as read from the body, with where it came from: JSON's `rows[i].field`, a CSV file's line and column. */
interface Candidate extends AppraisalInputRow {
  row: number;
  field: (name: keyof AppraisalInputRow) => string;
}

interface ReadRows {
  candidates: Candidate[];
  problems: RowProblem[];
}

const ROW_KEYS = ['staff', 'input', 'value'] as const;

/**
 * The rows of a JSON body `{rows: [{staff, input, value}]}`, their shape checked: problems name `rows[i].field`
 * (`row` is i + 1).
 */
export function inputRowsFromJson(body: unknown): ReadRows {
  const problems: RowProblem[] = [];
  const candidates: Candidate[] = [];
  const fail = (row: number, field: string, code: ProblemCode, params?: ProblemParams) =>
    problems.push(rowProblem(row, field, code, params));
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    fail(0, '', 'NOT_AN_OBJECT', { got: quoteValue(body) });
    return { candidates, problems };
  }
  for (const key of Object.keys(body)) if (key !== 'rows') fail(0, key.slice(0, 100), 'UNKNOWN_FIELD');
  const rows = (body as { rows?: unknown }).rows;
  if (rows === undefined) fail(0, 'rows', 'REQUIRED_LIST');
  else if (!Array.isArray(rows)) fail(0, 'rows', 'NOT_A_LIST', { got: quoteValue(rows) });
  else if (!rows.length) fail(0, 'rows', 'EMPTY_LIST');
  else if (rows.length > APPRAISAL_INPUT_ROWS_MAX)
    fail(0, 'rows', 'TOO_MANY_ROWS', { max: APPRAISAL_INPUT_ROWS_MAX, count: rows.length });
  if (problems.length) return { candidates, problems };

  (rows as unknown[]).forEach((raw, i) => {
    const row = i + 1;
    const at = (name: string) => `rows[${i}].${name}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      fail(row, `rows[${i}]`, 'ROW_NOT_OBJECT');
      return;
    }
    const r = raw as Record<string, unknown>;
    for (const key of Object.keys(r))
      if (!(ROW_KEYS as readonly string[]).includes(key)) fail(row, at(key.slice(0, 100)), 'UNKNOWN_FIELD');
    let named = true;
    for (const key of ['staff', 'input'] as const) {
      const v = r[key];
      if (v === undefined) fail(row, at(key), 'REQUIRED');
      else if (typeof v !== 'string' || !v.trim()) fail(row, at(key), 'NOT_A_STRING', { got: quoteValue(v) });
      else continue;
      named = false;
    }
    // `value` must be given: null removes the value, so a missing one is not taken to mean it.
    if (!('value' in r)) fail(row, at('value'), 'REQUIRED');
    else {
      const issue = valueIssue(r.value);
      if (issue) fail(row, at('value'), issue.code, issue.params);
    }
    // A row naming a staff code and an input is checked against the database too, whatever else is wrong with it
    // (nothing is written while any problem stands), so that every problem is answered at once.
    if (named)
      candidates.push({
        staff: (r.staff as string).trim(),
        input: (r.input as string).trim(),
        value: valueIssue(r.value) ? null : (r.value as number | null),
        row,
        field: at,
      });
  });
  return { candidates, problems };
}

/** A CSV value: a plain decimal (no 0x10, 1e3, Infinity, spaces inside, thousands separators). */
const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

/**
 * The rows of a CSV file with the header `staff,input,value` (in any order): an empty value removes the value.
 * Problems name the file's line (the header is line 1) and the column.
 */
export function inputRowsFromCsv(text: string): ReadRows {
  const problems: RowProblem[] = [];
  const candidates: Candidate[] = [];
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 0;
    return { candidates, problems: [rowProblem(line, '', 'CSV_INVALID', { detail: (e as Error).message })] };
  }
  if (records.length < 2) return { candidates, problems: [rowProblem(1, '', 'CSV_TOO_SHORT')] };
  if (records.length - 1 > APPRAISAL_INPUT_ROWS_MAX)
    return {
      candidates,
      problems: [
        rowProblem(0, '', 'TOO_MANY_ROWS', { max: APPRAISAL_INPUT_ROWS_MAX, count: records.length - 1 }),
      ],
    };
  const header = records[0];
  for (const column of ROW_KEYS)
    if (!header.includes(column)) problems.push(rowProblem(1, column, 'FILE_MISSING_COLUMN', { column }));
  header.forEach((h, i) => {
    if (!(ROW_KEYS as readonly string[]).includes(h))
      problems.push(rowProblem(1, h.slice(0, 100), 'UNKNOWN_FIELD'));
    else if (header.indexOf(h) !== i) problems.push(rowProblem(1, h, 'CSV_COLUMN_TWICE'));
  });
  if (problems.length) return { candidates, problems };

  const col = (name: (typeof ROW_KEYS)[number]) => header.indexOf(name);
  records.slice(1).forEach((rec, k) => {
    const line = k + 2;
    const [staff, input, cell] = [rec[col('staff')], rec[col('input')], rec[col('value')]];
    let named = true;
    for (const [name, v] of [
      ['staff', staff],
      ['input', input],
    ] as const)
      if (!v) {
        problems.push(rowProblem(line, name, 'REQUIRED'));
        named = false;
      }
    let value: number | null = null;
    if (cell !== '') {
      if (!DECIMAL_RE.test(cell))
        problems.push(rowProblem(line, 'value', 'CSV_NOT_DECIMAL', { got: quoteValue(cell) }));
      else {
        const issue = valueIssue(Number(cell));
        if (issue) problems.push(rowProblem(line, 'value', issue.code, issue.params));
        else value = Number(cell);
      }
    }
    // Checked against the database too, whatever else is wrong with the row (as JSON's rows).
    if (named) candidates.push({ staff, input, value, row: line, field: (name) => name });
  });
  return { candidates, problems };
}

/** Why `v` is not a value of a period input (a finite number 0..100, or null), coded; null when it is one. */
function valueIssue(v: unknown): { code: ProblemCode; params: ProblemParams } | null {
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v))
    return { code: 'NOT_A_NUMBER_OR_NULL', params: { got: quoteValue(v) } };
  if (v < APPRAISAL_INPUT_MIN || v > APPRAISAL_INPUT_MAX)
    return {
      code: 'BAD_RATING',
      params: { min: APPRAISAL_INPUT_MIN, max: APPRAISAL_INPUT_MAX, got: quoteValue(v) },
    };
  return null;
}

/** The codes of the plan's staff-level inputs: what a period input may be. */
export function staffLevelInputs(inputs: readonly { code: string; level: string }[] | undefined): string[] {
  return (inputs ?? []).filter((i) => i.level === 'staff').map((i) => i.code);
}

/** The staff records of `codes`, by code. */
async function staffByCode(em: EntityManager, codes: string[]): Promise<Map<string, Staff>> {
  const out = new Map<string, Staff>();
  const unique = [...new Set(codes)];
  for (let i = 0; i < unique.length; i += IN_CHUNK)
    for (const s of await em.find(Staff, {
      where: { code: In(unique.slice(i, i + IN_CHUNK)) },
      select: { id: true, code: true, name: true },
    }))
      out.set(s.code, s);
  return out;
}

/**
 * Writes a batch of period inputs read by `inputRowsFromJson` / `inputRowsFromCsv`, in the caller's transaction:
 * locks the period, checks every row against the plan (a staff-level input of its newest version) and the staff
 * (a staff record of that code), each pair once, then replaces, adds or (null) removes the values, and audits
 * `appraisal.inputs` with the counts.
 * @throws AppraisalPeriodInvalidError; AppraisalInputInvalidError with every bad row; AppraisalPlanNotFoundError;
 *   AppraisalPeriodLockedError, AppraisalRunInProgressError (409)
 */
export async function writeAppraisalInputs(
  em: EntityManager,
  actor: string,
  period: string,
  read: ReadRows,
  source: 'json' | 'csv',
): Promise<AppraisalInputsWritten> {
  const p = appraisalPeriod(period);
  if (read.problems.length && !read.candidates.length) throw new AppraisalInputInvalidError(read.problems);
  await lockAppraisalPeriodForChange(em, p);
  const plan = await findAppraisalPlan(em, p);
  const allowed = staffLevelInputs(plan.definition.inputs);
  const staff = await staffByCode(
    em,
    read.candidates.map((c) => c.staff),
  );
  const problems = [...read.problems];
  const seen = new Map<string, number>();
  for (const c of read.candidates) {
    if (!staff.has(c.staff))
      problems.push(rowProblem(c.row, c.field('staff'), 'UNKNOWN_STAFF_CODE', { got: quoteValue(c.staff) }));
    if (!allowed.includes(c.input))
      problems.push(
        rowProblem(c.row, c.field('input'), 'ONE_OF_GOT', {
          values: allowed.length ? allowed.join(', ') : '(the plan has no staff-level input)',
          got: quoteValue(c.input),
        }),
      );
    const key = `${c.staff}\u0000${c.input}`;
    if (seen.has(key))
      problems.push(
        rowProblem(c.row, c.field('input'), 'DUPLICATE', {
          what: `row of staff and input (row ${seen.get(key)})`,
          code: `${c.staff} ${c.input}`,
        }),
      );
    else seen.set(key, c.row);
  }
  if (problems.length)
    throw new AppraisalInputInvalidError(
      problems.sort((a, b) => a.row - b.row || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0)),
    );

  const repo = em.getRepository(AppraisalInput);
  const ids = [...new Set(read.candidates.map((c) => staff.get(c.staff)!.id))];
  const existing = new Map<string, AppraisalInput>();
  for (let i = 0; i < ids.length; i += IN_CHUNK)
    for (const row of await repo.find({ where: { period: p, staffId: In(ids.slice(i, i + IN_CHUNK)) } }))
      existing.set(`${row.staffId}\u0000${row.input}`, row);
  const now = new Date().toISOString();
  const enteredBy = actor.slice(0, 100);
  const save: AppraisalInput[] = [];
  const remove: number[] = [];
  for (const c of read.candidates) {
    const staffId = staff.get(c.staff)!.id;
    const before = existing.get(`${staffId}\u0000${c.input}`);
    if (c.value === null) {
      if (before) remove.push(before.id);
      continue;
    }
    save.push(
      repo.merge(before ?? repo.create({ period: p, staffId, input: c.input }), {
        value: c.value,
        enteredBy,
        createdAt: now,
      }),
    );
  }
  for (let i = 0; i < remove.length; i += IN_CHUNK)
    await repo.delete({ id: In(remove.slice(i, i + IN_CHUNK)) });
  if (save.length) await repo.save(save, { chunk: IN_CHUNK });
  const written: AppraisalInputsWritten = { period: p, stored: save.length, deleted: remove.length };
  await audit(em, {
    actor,
    action: 'appraisal.inputs',
    entity: 'appraisal_input',
    entityKey: p,
    before: null,
    after: { source, rows: read.candidates.length, stored: written.stored, deleted: written.deleted },
  });
  return written;
}

/** The period's inputs, by staff code then input, with each person's name. */
export async function appraisalInputViews(em: EntityManager, period: string): Promise<AppraisalInputsView> {
  const p = appraisalPeriod(period);
  const rows = await em.getRepository(AppraisalInput).find({ where: { period: p } });
  const ids = [...new Set(rows.map((r) => r.staffId))];
  const staff = new Map<number, Staff>();
  for (let i = 0; i < ids.length; i += IN_CHUNK)
    for (const s of await em.find(Staff, {
      where: { id: In(ids.slice(i, i + IN_CHUNK)) },
      select: { id: true, code: true, name: true },
    }))
      staff.set(s.id, s);
  const views = rows.map((r) => ({
    staff: staff.get(r.staffId)?.code ?? String(r.staffId),
    name: staff.get(r.staffId)?.name ?? '',
    input: r.input,
    value: Number(r.value),
    enteredBy: r.enteredBy,
    createdAt: r.createdAt,
  }));
  views.sort((a, b) => cmp(a.staff, b.staff) || cmp(a.input, b.input));
  return { period: p, rows: views };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Each person's values of the period's inputs, by internal staff id, for the period's document; only the inputs
 * in `inputs` (the plan's staff-level inputs: a value of an input the plan no longer has stays stored, unused).
 */
export async function appraisalInputValues(
  em: EntityManager,
  period: string,
  inputs: readonly string[],
): Promise<Map<number, InputValues>> {
  const out = new Map<number, InputValues>();
  if (!inputs.length) return out;
  const rows = await em.getRepository(AppraisalInput).find({
    where: { period, input: In([...inputs]) },
    order: { input: 'ASC' },
  });
  for (const r of rows) {
    const values = out.get(r.staffId) ?? {};
    values[r.input] = Number(r.value);
    out.set(r.staffId, values);
  }
  return out;
}

// Value corrections of an open or scored month: HR (or an accepted appeal) sets the month's value of one input
// for one member of staff or one department. The correction replaces what the observations aggregate to (they
// stay, and the indicator's explanation names both), so a `sum` input corrected to 3 reads 3, not 3 plus what
// was observed. At most one correction is in force per period, input and subject (`activeKey`): a new one
// supersedes it, and withdrawing the new one's batch puts the earlier one back in force. Here: the checks, the
// writing in the caller's transaction, the withdrawal of a batch's corrections, and the explanation sentences.
import { EntityManager, In } from 'typeorm';
import { Department, InputDefinition, IntakeBatch, Staff, ValueCorrection } from '@app/persistence';
import { ownInput, parseFormula, symbolsOf } from '@app/scoring';
import type { IndicatorDef, IndicatorNotes, ScorecardDocument } from '@app/scoring';
import { InvalidError } from '../model';
import type { ObservationFold } from './observation-fold';
import type { RowProblem } from './measurements';
import { rowProblem } from './row-problems';
import type { ProblemCode, ProblemParams } from '@app/scoring';
import type { CorrectionRow, PeriodConfig } from './period-snapshot';

/** What a correction asks for, as sent (checked by `checkCorrections`). */
export interface CorrectionRequest {
  /** An input code of the dictionary. */
  input: string;
  /** The member of staff (code) or, for an input that is not staff-level, the department (code): exactly one. */
  staff?: string;
  department?: string;
  value: number;
  reason: string;
  note?: string;
}

/** Corrections refused: every bad field of every row, nothing stored. */
export class CorrectionsInvalidError extends InvalidError {
  constructor(readonly rows: RowProblem[]) {
    super(
      rows.length === 1 && rows[0].row === 1
        ? `${rows[0].field}: ${rows[0].message}; nothing was stored`
        : `${new Set(rows.map((r) => r.row)).size} correction(s) refused (${rows
            .map((r) => `row ${r.row} ${r.field}: ${r.message}`)
            .join('; ')}); nothing was stored`,
    );
  }
}

/** A correction that passed the checks, resolved to ids. */
export interface CheckedCorrection {
  input: InputDefinition;
  staff: Staff | null;
  department: Department | null;
  value: number;
  reason: string;
  /** What HR or the appeal wrote beside the value (evidence files hang on the correction). */
  note: string | null;
}

const FIELDS = ['input', 'staff', 'department', 'value', 'reason', 'note'];
/** The longest reason kept (the adjustments' limit). */
export const MAX_CORRECTION_REASON = 2000;

/**
 * Checks corrections (nothing is written).
 * @param extraFields fields a caller's rows may carry besides a correction's (an appeal's measurement rows: date, mode)
 * @param rowNumbers `rowNumbers[i]` names row i in problems; default its 1-based position
 * @throws CorrectionsInvalidError naming every bad field of every row
 */
export async function checkCorrections(
  em: EntityManager,
  raw: readonly unknown[],
  options: { extraFields?: readonly string[]; rowNumbers?: readonly number[] } = {},
): Promise<CheckedCorrection[]> {
  const rows = raw.map((r) =>
    typeof r === 'object' && r !== null && !Array.isArray(r) ? r : null,
  ) as (Record<string, unknown> | null)[];
  const codes = (field: string) => [
    ...new Set(rows.map((r) => r?.[field]).filter((v): v is string => typeof v === 'string')),
  ];
  const inputs = new Map((await em.find(InputDefinition)).map((i) => [i.code, i]));
  const staffCodes = codes('staff');
  const deptCodes = codes('department');
  const staff = new Map<string, Staff>();
  for (let i = 0; i < staffCodes.length; i += 500)
    for (const s of await em.find(Staff, { where: { code: In(staffCodes.slice(i, i + 500)) } }))
      staff.set(s.code, s);
  const departments = new Map(
    (deptCodes.length ? await em.find(Department, { where: { code: In(deptCodes) } }) : []).map((d) => [
      d.code,
      d,
    ]),
  );
  const allowed = new Set([...FIELDS, ...(options.extraFields ?? [])]);
  const problems: RowProblem[] = [];
  const good: CheckedCorrection[] = [];
  rows.forEach((m, i) => {
    const n = options.rowNumbers?.[i] ?? i + 1;
    const bad = (field: string, code: ProblemCode, params?: ProblemParams) =>
      problems.push(rowProblem(n, field, code, params));
    if (!m) return bad('', 'ROW_NOT_OBJECT');
    const before = problems.length;
    for (const key of Object.keys(m)) if (!allowed.has(key)) bad(key, 'UNKNOWN_FIELD');
    const input = typeof m.input === 'string' ? inputs.get(m.input) : undefined;
    if (m.input === undefined) bad('input', 'INPUT_REQUIRED');
    else if (!input) bad('input', 'NOT_IN_DICTIONARY', { got: JSON.stringify(m.input) });
    if ((m.staff === undefined) === (m.department === undefined)) bad('staff', 'STAFF_OR_DEPARTMENT');
    else if (m.staff !== undefined) {
      if (typeof m.staff !== 'string' || !staff.has(m.staff))
        bad('staff', 'UNKNOWN_STAFF_CODE', { got: String(JSON.stringify(m.staff)) });
    } else if (input?.level === 'staff') bad('department', 'STAFF_LEVEL_CORRECTION', { input: input.code });
    else if (typeof m.department !== 'string' || !departments.has(m.department))
      bad('department', 'UNKNOWN_DEPARTMENT', { got: String(JSON.stringify(m.department)) });
    if (typeof m.value !== 'number' || !Number.isFinite(m.value))
      bad('value', 'NOT_A_NUMBER', {
        got: typeof m.value === 'number' ? String(m.value) : (JSON.stringify(m.value) ?? 'nothing'),
      });
    if (typeof m.reason !== 'string' || !m.reason.trim()) bad('reason', 'REASON_REQUIRED');
    else if (m.reason.length > MAX_CORRECTION_REASON)
      bad('reason', 'TOO_LONG', { max: MAX_CORRECTION_REASON, length: m.reason.length });
    if (m.note !== undefined && typeof m.note !== 'string') bad('note', 'NOT_TEXT');
    else if (typeof m.note === 'string' && m.note.length > MAX_CORRECTION_REASON)
      bad('note', 'TOO_LONG', { max: MAX_CORRECTION_REASON, length: m.note.length });
    if (problems.length > before) return;
    good.push({
      input: input!,
      staff: m.staff !== undefined ? staff.get(m.staff as string)! : null,
      department: m.department !== undefined ? departments.get(m.department as string)! : null,
      value: m.value as number,
      reason: (m.reason as string).trim(),
      note: typeof m.note === 'string' && m.note.trim() ? m.note.trim() : null,
    });
  });
  if (problems.length) throw new CorrectionsInvalidError(problems);
  return good;
}

/** `<periodId>:<inputId>:s<staffId>` or `…:d<departmentId>`: the one correction in force for that value. */
export function correctionKey(
  c: Pick<ValueCorrection, 'periodId' | 'inputId' | 'staffId' | 'departmentId'>,
): string {
  const subject = c.staffId !== null ? `s${c.staffId}` : `d${c.departmentId}`;
  return `${c.periodId}:${c.inputId}:${subject}`;
}

/**
 * Stores checked corrections of one period in `batchId`, each superseding the correction in force for its key
 * (rows of one batch in order: a later row for the same key supersedes an earlier one). The caller locks the
 * month, raises its data version and audits, in the same transaction.
 * @returns the stored corrections, with the id each superseded (or null)
 */
export async function storeCorrections(
  em: EntityManager,
  periodId: number,
  checked: readonly CheckedCorrection[],
  batch: { id: number; actor: string },
): Promise<{ correction: ValueCorrection; supersedes: number | null }[]> {
  const repo = em.getRepository(ValueCorrection);
  const out: { correction: ValueCorrection; supersedes: number | null }[] = [];
  const createdAt = new Date().toISOString();
  for (const c of checked) {
    const fields = {
      periodId,
      inputId: c.input.id,
      staffId: c.staff?.id ?? null,
      departmentId: c.staff ? null : c.department!.id,
    };
    const activeKey = correctionKey(fields);
    // The key is unique while in force: the earlier correction lets go of it before the new one takes it.
    const earlier = await repo.findOne({ where: { activeKey } });
    if (earlier) await repo.update({ id: earlier.id }, { activeKey: null });
    const correction = await repo.save(
      repo.create({
        ...fields,
        value: c.value,
        reason: c.reason,
        note: c.note,
        batchId: batch.id,
        activeKey,
        supersededBy: null,
        createdBy: batch.actor,
        createdAt,
      }),
    );
    if (earlier) await repo.update({ id: earlier.id }, { supersededBy: correction.id });
    out.push({ correction, supersedes: earlier?.id ?? null });
  }
  return out;
}

/**
 * Takes back the corrections of a batch being withdrawn (in the withdrawal's transaction; the caller locks the
 * months and raises their data versions). Where one of them was in force, the correction it had superseded is put
 * back in force, or the one before that when that one was withdrawn too, and so on; with none left, the
 * observations' aggregate is the value again.
 * @returns how many corrections were taken back and how many put back in force
 */
export async function withdrawBatchCorrections(
  em: EntityManager,
  batchId: number,
): Promise<{ withdrawn: number; restored: number }> {
  const repo = em.getRepository(ValueCorrection);
  const mine = await repo.find({ where: { batchId }, order: { id: 'DESC' } });
  let restored = 0;
  const withdrawnBatch = new Map<number, boolean>([[batchId, true]]);
  const isWithdrawn = async (id: number) => {
    if (!withdrawnBatch.has(id)) {
      const b = await em
        .getRepository(IntakeBatch)
        .findOne({ where: { id }, select: { id: true, withdrawnAt: true } });
      withdrawnBatch.set(id, !b || b.withdrawnAt !== null);
    }
    return withdrawnBatch.get(id)!;
  };
  for (const c of mine) {
    if (c.activeKey === null) continue; // superseded: the later one stays in force
    await repo.update({ id: c.id }, { activeKey: null });
    // Down the chain of what it superseded, to the first correction whose batch still stands.
    let previous = await repo.findOne({ where: { supersededBy: c.id } });
    while (previous && (await isWithdrawn(previous.batchId)))
      previous = await repo.findOne({ where: { supersededBy: previous.id } });
    if (previous) {
      await repo.update({ id: previous.id }, { activeKey: correctionKey(previous) });
      restored++;
    }
  }
  return { withdrawn: mine.length, restored };
}

/** A correction as the API shows it. */
export interface CorrectionView {
  id: number;
  period: string;
  input: string;
  /** How the input's observations make the month's value (sum, mean…): what the correction replaces. */
  aggregate: string;
  staff?: string;
  department?: string;
  value: number;
  reason: string;
  /** What was written beside the value (null: nothing). */
  note: string | null;
  batchId: number;
  /** In force: it gives the month's value (else superseded by `supersededBy`, or withdrawn with its batch). */
  inForce: boolean;
  supersededBy: number | null;
  createdBy: string;
  createdAt: string;
}

/** The views of corrections (one look-up of the codes they name). */
export async function correctionViews(
  em: EntityManager,
  period: string,
  rows: readonly ValueCorrection[],
): Promise<CorrectionView[]> {
  const ids = (pick: (c: ValueCorrection) => number | null) => [
    ...new Set(rows.map(pick).filter((x): x is number => x !== null)),
  ];
  const inputIds = ids((c) => c.inputId);
  const staffIds = ids((c) => c.staffId);
  const deptIds = ids((c) => c.departmentId);
  const inputs = new Map(
    (inputIds.length ? await em.find(InputDefinition, { where: { id: In(inputIds) } }) : []).map((i) => [
      i.id,
      i,
    ]),
  );
  const staff = new Map<number, string>();
  for (let i = 0; i < staffIds.length; i += 500)
    for (const s of await em.find(Staff, { where: { id: In(staffIds.slice(i, i + 500)) } }))
      staff.set(s.id, s.code);
  const departments = new Map(
    (deptIds.length ? await em.find(Department, { where: { id: In(deptIds) } }) : []).map((d) => [
      d.id,
      d.code,
    ]),
  );
  return rows.map((c) => ({
    id: c.id,
    period,
    input: inputs.get(c.inputId)?.code ?? '',
    aggregate: inputs.get(c.inputId)?.aggregate ?? '',
    ...(c.staffId !== null
      ? { staff: staff.get(c.staffId) ?? '' }
      : { department: departments.get(c.departmentId!) ?? '' }),
    value: c.value,
    reason: c.reason,
    note: c.note,
    batchId: c.batchId,
    inForce: c.activeKey !== null,
    supersededBy: c.supersededBy,
    createdBy: c.createdBy,
    createdAt: c.createdAt,
  }));
}

/** What the explanation says of one corrected value, and the value it speaks of. */
interface CorrectionNote {
  value: number;
  text: string;
}

/** Correction sentences by staff code and by department code, then by input code. */
export interface CorrectionNotes {
  staff: Map<string, Map<string, CorrectionNote>>;
  departments: Map<string, Map<string, CorrectionNote>>;
}

/** A number as explanations print it (at most 4 decimals, no float noise: 5.9 + 3 prints 8.9). */
function show(x: number): string {
  return String(Math.round(x * 10_000) / 10_000);
}

/**
 * The sentence of each correction in force: `value 3 set by correction #12 (reason …), observations gave 8.9`
 * (or `… observations gave no value`).
 */
export function correctionNotes(
  config: PeriodConfig,
  staffCodes: ReadonlyMap<number, string>,
  observations: ObservationFold,
  corrections: readonly CorrectionRow[],
): CorrectionNotes {
  const notes: CorrectionNotes = { staff: new Map(), departments: new Map() };
  if (!corrections.length) return notes;
  const inputById = new Map(config.inputs.map((i) => [i.id, i]));
  const deptCode = new Map(config.departments.map((d) => [d.id, d.code]));
  for (const c of corrections) {
    const input = inputById.get(c.inputId);
    const subject = c.staffId !== null ? staffCodes.get(c.staffId) : deptCode.get(c.departmentId!);
    if (!input || subject === undefined) continue;
    const gave = observations.value(c.staffId !== null ? c.staffId : -c.departmentId!, c.inputId);
    const text =
      `${input.code}: value ${show(c.value)} set by correction #${c.id} (reason: ${c.reason}), ` +
      `observations gave ${gave === null ? 'no value' : show(gave)}`;
    const map = c.staffId !== null ? notes.staff : notes.departments;
    const byInput = map.get(subject) ?? new Map<string, CorrectionNote>();
    byInput.set(input.code, { value: c.value, text });
    map.set(subject, byInput);
  }
  return notes;
}

/**
 * The input codes each indicator's formula reads, by set and indicator, for the indicators `which` keeps (all
 * of them by default): which indicators a corrected value, or evidence, concerns.
 */
export function formulaInputs(
  doc: ScorecardDocument,
  which: (ind: IndicatorDef) => boolean = () => true,
): Map<string, Map<string, string[]>> {
  const inputCodes = new Set(doc.inputs.map((i) => i.code));
  const symbols = new Map<string, Map<string, string[]>>();
  for (const set of doc.indicatorSets) {
    const bySet = new Map<string, string[]>();
    for (const ind of set.indicators ?? []) {
      if (!which(ind)) continue;
      try {
        bySet.set(ind.code, [...new Set(symbolsOf(parseFormula(ind.formula, (s) => inputCodes.has(s))))]);
      } catch {
        // The set compiled for this run: an unreadable formula cannot happen here, and would read nothing.
      }
    }
    symbols.set(set.code, bySet);
  }
  return symbols;
}

/**
 * The correction sentences a run adds to the explanation of every indicator whose formula reads a corrected
 * value of the person (their own, or their department's when they have none: the engine's rule), as the
 * indicator's note. A value changed again after the correction (an adjustment run's own corrections) is not the
 * correction's and gets no sentence. Undefined without corrections: the results stay exactly as they are.
 */
export function correctionNotesOf(
  doc: ScorecardDocument,
  notes: CorrectionNotes,
): IndicatorNotes | undefined {
  if (!notes.staff.size && !notes.departments.size) return undefined;
  const symbols = formulaInputs(doc);
  const deptInputs = new Map((doc.departments ?? []).map((d) => [d.code, d.inputs ?? {}]));
  const slot = new Map(doc.inputs.map((i, k) => [i.code, k]));
  return (s, indicator) => {
    const own = notes.staff.get(s.id);
    const dept = notes.departments.get(s.department);
    if (!own && !dept) return '';
    const texts: string[] = [];
    for (const code of symbols.get(s.indicatorSet)?.get(indicator) ?? []) {
      const mine = ownInput(s, code, slot);
      if (mine !== undefined) {
        const note = own?.get(code);
        if (note && note.value === mine) texts.push(note.text);
      } else {
        const note = dept?.get(code);
        if (note && note.value === deptInputs.get(s.department)?.[code])
          texts.push(`${note.text} (department ${s.department})`);
      }
    }
    return texts.length ? `; ${texts.join('; ')}` : '';
  };
}

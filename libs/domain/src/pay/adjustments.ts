// Adjustments of closed months (prior-period processing). A closed month never changes; corrected values for
// it are recorded as an adjustment, an adjustment run scores the month again with every correction made so far,
// and the difference per staff member against what the month last paid (the posted run, or the previous
// adjustment's run) is booked as PERF_ADJ lines into the next open month. Every version stays readable: the
// posted run is still the month's results, each adjustment keeps its run ("as corrected") and its lines.
import { DataSource, EntityManager, In, LessThan, MoreThan } from 'typeorm';
import { loadPeriodConfig, RowProblem, rowProblem } from '../documents';
import { PeriodNotFoundError, PeriodStatusError } from '../periods';
import { Adjustment, AdjustmentLine, Correction, Period, ScoringRun, StaffResultRow } from '@app/persistence';
import { Dec, ProblemCode, ProblemParams, toMoney } from '@app/scoring';
import { audit, auditedWrite } from '../audit';
import { RunConfigurationError } from '../runs';
import { InvalidError, NotFoundError } from '../model';

export const MAX_CORRECTIONS = 10_000;

export class AdjustmentInvalidError extends InvalidError {
  constructor(readonly rows: RowProblem[]) {
    super(`${new Set(rows.map((r) => r.row)).size} correction(s) refused; nothing was stored`);
  }
}

export class AdjustmentNotFoundError extends NotFoundError {
  constructor(period: string, id: number) {
    super(`period ${period} has no adjustment ${id}`);
  }
}

export interface AdjustmentRequest {
  reason: string;
  corrections: unknown;
}

const CODE = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64;

/**
 * Checks the corrections against the month's configuration: every row names a known staff member or
 * department, an input (or for staff a task of the month's catalogue) and a finite value. All rows are checked;
 * all problems are reported together.
 */
export async function checkCorrections(
  em: EntityManager,
  period: string,
  raw: unknown,
): Promise<Correction[]> {
  if (!Array.isArray(raw) || raw.length === 0)
    throw new AdjustmentInvalidError([{ row: 0, field: 'corrections', message: 'must be a non-empty list' }]);
  if (raw.length > MAX_CORRECTIONS)
    throw new AdjustmentInvalidError([
      { row: 0, field: 'corrections', message: `at most ${MAX_CORRECTIONS} rows, got ${raw.length}` },
    ]);
  const config = await loadPeriodConfig(em, period);
  const inputs = new Set(config.inputs.map((i) => i.code));
  const tasks = new Set((config.workload?.tasks ?? []).map((t) => t.code));
  const departments = new Set(config.departments.map((d) => d.code));
  const staffCodes = new Set(
    (
      await em
        .getRepository(StaffResultRow)
        .find({ select: { staffCode: true }, where: { runId: config.period.currentRunId ?? '' } })
    ).map((r) => r.staffCode),
  );
  const problems: RowProblem[] = [];
  const out: Correction[] = [];
  raw.forEach((r: unknown, i) => {
    const row = i + 1;
    const bad = (field: string, code: ProblemCode, params?: ProblemParams) =>
      problems.push(rowProblem(row, field, code, params));
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return bad('', 'ROW_NOT_OBJECT');
    const c = r as Record<string, unknown>;
    for (const k of Object.keys(c))
      if (!['staff', 'department', 'input', 'task', 'value'].includes(k)) bad(k, 'NOT_A_CORRECTION_FIELD');
    if ((c.staff === undefined) === (c.department === undefined)) bad('staff', 'NAME_STAFF_OR_DEPARTMENT');
    else if (c.staff !== undefined && (!CODE(c.staff) || !staffCodes.has(c.staff)))
      bad('staff', 'NOT_SCORED', { got: String(JSON.stringify(c.staff)), period });
    else if (c.department !== undefined && (!CODE(c.department) || !departments.has(c.department)))
      bad('department', 'UNKNOWN_DEPARTMENT', { got: String(JSON.stringify(c.department)) });
    if ((c.input === undefined) === (c.task === undefined)) bad('input', 'NAME_INPUT_OR_TASK');
    else if (c.input !== undefined && (!CODE(c.input) || !inputs.has(c.input)))
      bad('input', 'UNKNOWN_INPUT', { got: String(JSON.stringify(c.input)) });
    else if (c.task !== undefined) {
      if (c.department !== undefined) bad('task', 'TASK_FOR_STAFF_NOT_DEPARTMENT');
      else if (!CODE(c.task) || !tasks.has(c.task))
        bad('task', 'NOT_A_TASK_OF_MONTH', { got: String(JSON.stringify(c.task)), period });
    }
    if (typeof c.value !== 'number' || !Number.isFinite(c.value)) bad('value', 'NOT_FINITE');
    else if (c.task !== undefined && c.value < 0) bad('value', 'NEGATIVE_TASK_COUNT');
    const x: Correction = { value: c.value as number };
    for (const k of ['staff', 'department', 'input', 'task'] as const)
      if (c[k] !== undefined) x[k] = c[k] as string;
    out.push(x);
  });
  if (problems.length) throw new AdjustmentInvalidError(problems);
  return out;
}

/** Records an adjustment of a closed month (status computing); the caller starts its run. */
export async function createAdjustment(
  ds: DataSource,
  period: string,
  request: AdjustmentRequest,
  actor: string,
): Promise<Adjustment> {
  return ds.transaction((em) =>
    auditedWrite(em, actor, { action: 'adjustment.create', entity: 'adjustment' }, async (tx) => {
      const adjustment = await recordAdjustment(tx, period, request, actor);
      const { reason, corrections } = adjustment;
      return {
        result: adjustment,
        entityKey: `${period}#${adjustment.id}`,
        after: { period, reason, corrections: corrections.length },
      };
    }),
  );
}

/** The checks (closed month, reason, corrections) and the adjustment row, in the caller's transaction. */
async function recordAdjustment(
  em: EntityManager,
  period: string,
  request: AdjustmentRequest,
  actor: string,
): Promise<Adjustment> {
  const p = await em.getRepository(Period).findOneBy({ period });
  if (!p) throw new PeriodNotFoundError(period);
  if (p.status !== 'closed')
    throw new PeriodStatusError(
      `period ${period} is ${p.status}: only a closed month is adjusted; correct its data and run it again`,
    );
  const reason = typeof request.reason === 'string' ? request.reason.trim() : '';
  if (!reason || reason.length > 2000)
    throw new AdjustmentInvalidError([
      { row: 0, field: 'reason', message: 'a reason of 1 to 2000 characters' },
    ]);
  const corrections = await checkCorrections(em, period, request.corrections);
  return em.save(
    em.create(Adjustment, {
      periodId: p.id,
      period,
      status: 'computing',
      reason,
      corrections,
      runId: null,
      baseRunId: null,
      targetPeriod: null,
      error: null,
      createdBy: actor.slice(0, 100),
      createdAt: new Date().toISOString(),
      bookedAt: null,
    }),
  );
}

/** Every correction an adjustment run applies: those of the booked adjustments before it, then its own. */
export async function correctionsFor(em: EntityManager, adjustmentId: number): Promise<Correction[]> {
  const own = await em.getRepository(Adjustment).findOneByOrFail({ id: adjustmentId });
  const earlier = await em.getRepository(Adjustment).find({
    where: { periodId: own.periodId, status: 'booked', id: LessThan(adjustmentId) },
    order: { id: 'ASC' },
  });
  return [...earlier, own].flatMap((a) => a.corrections);
}

/**
 * Books the adjustment run's differences, in the run's finish transaction: PERF_ADJ lines into the next open
 * month, the adjustment marked booked. The month scored is not touched.
 */
export async function bookAdjustment(tx: EntityManager, run: ScoringRun): Promise<void> {
  const adjustment = await tx.getRepository(Adjustment).findOneByOrFail({ id: run.adjustmentId! });
  const period = await tx.getRepository(Period).findOneByOrFail({ id: run.periodId });
  const previousAdjustment = await tx.getRepository(Adjustment).findOne({
    where: { periodId: period.id, status: 'booked' },
    order: { id: 'DESC' },
  });
  const baseRunId = previousAdjustment?.runId ?? period.currentRunId;
  if (!baseRunId) throw new RunConfigurationError(`period ${period.period} has no posted run to adjust`);
  const target = await bookingMonth(tx, period.period);

  const amounts = async (runId: string) =>
    new Map(
      (
        await tx.getRepository(StaffResultRow).find({
          select: { staffCode: true, incentive: true, employeeNo: true },
          where: { runId },
        })
      ).map((r) => [r.staffCode, r]),
    );
  const before = await amounts(baseRunId);
  const after = await amounts(run.id);
  const lines: Partial<AdjustmentLine>[] = [];
  for (const code of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const previous = before.get(code)?.incentive ?? null;
    const corrected = after.get(code)?.incentive ?? null;
    const diff = new Dec(corrected ?? 0).minus(previous ?? 0);
    if (diff.isZero()) continue;
    lines.push({
      adjustmentId: adjustment.id,
      sourcePeriod: period.period,
      targetPeriod: target,
      staffCode: code,
      employeeNo: after.get(code)?.employeeNo ?? before.get(code)?.employeeNo ?? null,
      previous,
      corrected,
      amount: toMoney(diff),
      runId: run.id,
    });
  }
  if (lines.length) await tx.getRepository(AdjustmentLine).insert(lines);
  await tx.getRepository(Adjustment).update(
    { id: adjustment.id },
    {
      status: 'booked',
      runId: run.id,
      baseRunId,
      targetPeriod: target,
      bookedAt: new Date().toISOString(),
    },
  );
  const total = lines.reduce((acc, l) => acc.plus(l.amount!), new Dec(0));
  await audit(tx, {
    actor: 'system',
    action: 'adjustment.book',
    entity: 'adjustment',
    entityKey: `${period.period}#${adjustment.id}`,
    after: { runId: run.id, baseRunId, targetPeriod: target, lines: lines.length, total: toMoney(total) },
  });
}

/**
 * The month PERF_ADJ lines go into: the first month after `source` that is open or scored (HR has not
 * approved its pay yet), or a new open month after the last one. The chosen month's row is locked by a
 * conditional update, so it cannot be approved or closed until this transaction ends.
 */
async function bookingMonth(tx: EntityManager, source: string): Promise<string> {
  const periods = tx.getRepository(Period);
  for (;;) {
    const next = await periods.findOne({
      where: { period: MoreThan(source), status: In(['open', 'scored']) },
      order: { period: 'ASC' },
    });
    if (!next) break;
    const locked = await periods.update(
      { id: next.id, status: In(['open', 'scored']) },
      { status: next.status },
    );
    if (locked.affected) return next.period;
  }
  const last = await periods.findOne({ where: {}, order: { period: 'DESC' } });
  const month = nextMonth(last && last.period > source ? last.period : source);
  await periods.insert({ period: month, status: 'open', currentRunId: null });
  return month;
}

export function nextMonth(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Marks the adjustment failed with the run's error (it booked nothing; a new adjustment may be made). */
export async function failAdjustment(
  tx: EntityManager,
  adjustmentId: number,
  message: string,
): Promise<void> {
  await tx
    .getRepository(Adjustment)
    .update({ id: adjustmentId, status: 'computing' }, { status: 'failed', error: message.slice(0, 4000) });
}

export interface AdjustmentView {
  id: number;
  period: string;
  status: string;
  reason: string;
  corrections: Correction[];
  runId: string | null;
  baseRunId: string | null;
  targetPeriod: string | null;
  error: string | null;
  createdBy: string;
  createdAt: string;
  bookedAt: string | null;
}

export async function listAdjustments(ds: DataSource, period: string): Promise<AdjustmentView[]> {
  const p = await ds.getRepository(Period).findOneBy({ period });
  if (!p) throw new PeriodNotFoundError(period);
  return ds.getRepository(Adjustment).find({ where: { periodId: p.id }, order: { id: 'ASC' } });
}

/** One adjustment with its lines: per staff member what was paid before, as corrected, and the difference. */
export async function getAdjustment(
  ds: DataSource,
  period: string,
  id: number,
): Promise<AdjustmentView & { lines: Omit<AdjustmentLine, 'id' | 'adjustment' | 'adjustmentId'>[] }> {
  const a = await ds.getRepository(Adjustment).findOneBy({ id, period });
  if (!a) throw new AdjustmentNotFoundError(period, id);
  const lines = await ds
    .getRepository(AdjustmentLine)
    .find({ where: { adjustmentId: id }, order: { staffCode: 'ASC' } });
  return {
    ...a,
    lines: lines.map(
      ({ sourcePeriod, targetPeriod, staffCode, employeeNo, previous, corrected, amount, runId }) => ({
        sourcePeriod,
        targetPeriod,
        staffCode,
        employeeNo,
        previous,
        corrected,
        amount,
        runId,
      }),
    ),
  };
}

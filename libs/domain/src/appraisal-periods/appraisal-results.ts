// Reading an appraisal period's stored results: its runs with their progress, the results of its current run in the
// reader's language (a manager: their departments' people), the department ranking computed from the rows (no table
// keeps it: the mean of the rounded totals and the competition rank, as the engine's roll-up gives them), and a
// person's own periods once HR approved them.
import { EntityManager, In } from 'typeorm';
import {
  AppraisalPeriod,
  AppraisalPeriodStatus,
  AppraisalResultRow,
  AppraisalRun,
  AppraisalRunChunk,
  Role,
  Staff,
} from '@app/persistence';
import { AppraisalStaffResult, DepartmentResult, Lang, rollUp } from '@app/scoring';
import { AppraisalNoResultsError } from './appraisal-run-errors';
import { appraisalResultOf, renderAppraisalResult } from './appraisal-result-codec';
import { appraisalTraining, AppraisalTraining, emptyTraining } from './appraisal-training';
import type { AppraisalMonthSummary } from './period-document';

/** A run of a period as the API shows it. */
export interface AppraisalRunView {
  id: string;
  period: string;
  status: AppraisalRun['status'];
  planVersion: number;
  /** People scored so far (by completed chunks) of the run's total. */
  progress: { done: number; total: number; chunks: number; chunksDone: number };
  months: AppraisalMonthSummary[];
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export async function appraisalRunView(em: EntityManager, run: AppraisalRun): Promise<AppraisalRunView> {
  const chunks = await em.getRepository(AppraisalRunChunk).find({
    select: { staffCount: true, completedAt: true },
    where: { runId: run.id },
  });
  const done = chunks.filter((c) => c.completedAt !== null);
  return {
    id: run.id,
    period: run.period,
    status: run.status,
    planVersion: run.planVersion,
    progress: {
      done: done.reduce((n, c) => n + c.staffCount, 0),
      total: run.total,
      chunks: run.chunkCount,
      chunksDone: done.length,
    },
    months: run.months as AppraisalMonthSummary[],
    requestedBy: run.requestedBy,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    error: run.error,
  };
}

/** Where a period stands: its status (no row: open), its current run, who approved and closed it. */
export interface AppraisalPeriodState {
  period: string;
  status: AppraisalPeriodStatus;
  currentRunId: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  closedBy: string | null;
  closedAt: string | null;
}

export async function appraisalPeriodState(em: EntityManager, period: string): Promise<AppraisalPeriodState> {
  const row = await em.getRepository(AppraisalPeriod).findOneBy({ period });
  return {
    period,
    status: row?.status ?? 'open',
    currentRunId: row?.currentRunId ?? null,
    approvedBy: row?.approvedBy ?? null,
    approvedAt: row?.approvedAt ?? null,
    closedBy: row?.closedBy ?? null,
    closedAt: row?.closedAt ?? null,
  };
}

/**
 * One person's stored result, explained in the reader's language, with the bonus's error if it had one and their
 * training done against the plans of the period's months (appraisal-training.ts).
 */
export type AppraisalResultView = AppraisalStaffResult & {
  incentiveError: string | null;
  training: AppraisalTraining;
  /** The person's name (results lists; absent on their own page, which is theirs). */
  name?: string | null;
};

export interface AppraisalResultsView extends AppraisalPeriodState {
  runId: string;
  planVersion: number;
  staff: AppraisalResultView[];
  /** Every department's mean of rounded totals, staff count and rank (computed from the rows when read). */
  departments: Pick<DepartmentResult, 'code' | 'score' | 'staffCount' | 'rank'>[];
}

/** Who reads: a department manager reads their departments' people; everyone else allowed here reads all. */
export interface AppraisalReader {
  role: Role;
  departments: readonly string[];
}

/**
 * The results of the period's current run, by staff code, explained in `lang`; a manager's only of the people of
 * their departments (the ranking lists every department, as a month's does, without anyone's money).
 * @throws AppraisalNoResultsError when no run of the period has completed
 */
export async function appraisalResults(
  em: EntityManager,
  period: string,
  reader: AppraisalReader | undefined,
  lang: Lang,
): Promise<AppraisalResultsView> {
  const state = await appraisalPeriodState(em, period);
  if (!state.currentRunId) throw new AppraisalNoResultsError(period);
  const run = await em.getRepository(AppraisalRun).findOneByOrFail({ id: state.currentRunId });
  const rows = await em.getRepository(AppraisalResultRow).find({ where: { runId: run.id } });
  rows.sort((a, b) => (a.staffCode < b.staffCode ? -1 : a.staffCode > b.staffCode ? 1 : 0));
  const { departments } = rollUp(
    rows.map((r) => appraisalResultOf(r).entry),
    () => undefined,
    null,
    () => undefined,
    false,
  );
  const within = reader?.role === 'dept_manager' ? new Set(reader.departments) : null;
  const shown = rows.filter((r) => !within || within.has(r.department));
  const ids = shown.flatMap((r) => (r.staffId === null ? [] : [r.staffId]));
  const training = await appraisalTraining(em, period, ids);
  const names = await staffNames(em, ids);
  return {
    ...state,
    runId: run.id,
    planVersion: run.planVersion,
    staff: shown.map((r) => ({
      ...renderAppraisalResult(r, period, lang),
      name: (r.staffId !== null && names.get(r.staffId)) || null,
      incentiveError: r.incentiveError,
      training: (r.staffId !== null && training.get(r.staffId)) || emptyTraining(),
    })),
    departments: departments.map(({ code, score, staffCount, rank }) => ({ code, score, staffCount, rank })),
  };
}

/** The names of the staff records `ids` (the results list shows who each code is), a page of ids at a time. */
async function staffNames(em: EntityManager, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500)
    for (const s of await em.getRepository(Staff).find({
      select: { id: true, name: true },
      where: { id: In(ids.slice(i, i + 500)) },
    }))
      out.set(s.id, s.name);
  return out;
}

/** The periods a person sees: signed off (approved) or posted (closed); a scored period is HR's to check first. */
const SHOWN: AppraisalPeriodStatus[] = ['approved', 'closed'];

/** A person's own appraisal periods (by their staff id), approved or closed, oldest first, explained in `lang`. */
/** One of a person's periods on their page; `currency` is the bonus's (PAYROLL_CURRENCY), as on their months. */
export interface MyAppraisal {
  period: string;
  status: AppraisalPeriodStatus;
  currency: string;
  result: AppraisalResultView;
}

export async function myAppraisals(
  em: EntityManager,
  staffId: number,
  lang: Lang,
  currency: string,
): Promise<MyAppraisal[]> {
  const periods = await em
    .getRepository(AppraisalPeriod)
    .find({ where: { status: In(SHOWN) }, order: { period: 'ASC' } });
  const runs = periods.flatMap((p) => (p.currentRunId ? [p.currentRunId] : []));
  if (!runs.length) return [];
  const rows = await em.getRepository(AppraisalResultRow).find({ where: { runId: In(runs), staffId } });
  const byRun = new Map(rows.map((r) => [r.runId, r]));
  const out: MyAppraisal[] = [];
  for (const p of periods) {
    const row = p.currentRunId ? byRun.get(p.currentRunId) : undefined;
    if (!row) continue;
    const training = (await appraisalTraining(em, p.period, [staffId])).get(staffId)!;
    const result = {
      ...renderAppraisalResult(row, p.period, lang),
      incentiveError: row.incentiveError,
      training,
    };
    out.push({ period: p.period, status: p.status, currency, result });
  }
  return out;
}

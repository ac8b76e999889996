// Where a month stands and what its next step needs, for the month cockpit: its status, its data version against
// the data version its latest run scored ("the run is older than the data"), a run under way, and the issues of
// its current run that approval will ask HR to accept (docs/PERIODS.md). The rules mirror the approval gate of
// periods/period-lifecycle.service.ts, which stays the one that decides: this only tells HR beforehand.
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { Period, PeriodStatus, ScoringRun, StaffResultRow } from '@app/persistence';
import { PeriodNotFoundError } from '../periods';
import { ACTIVE_RUN_STATUSES } from './run-liveness';

/** The step the month's status offers next. */
export type NextStep = 'score' | 'wait' | 'rescore' | 'approve' | 'close' | 'done';

/** Why the next step is not simply the status's own (codes the page words in the reader's language). */
export type StepNeed =
  /** No run has completed yet. */
  | 'noRun'
  /** A run is queued or running. */
  | 'runActive'
  /** The latest run failed or was cancelled (its error is in latestRun). */
  | 'runFailed'
  /** Data came in after the latest run: it is older than the data. */
  | 'runStale'
  /** The current run scored nobody. */
  | 'emptyRun'
  /** The current run has staff in error: approval needs them accepted with a reason. */
  | 'issuesToAccept';

export interface RunBrief {
  id: string;
  status: ScoringRun['status'];
  dataVersion: number | null;
  total: number;
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface RunIssue {
  staff: string;
  department: string;
  error: string;
}

export interface MonthOverview {
  period: string;
  status: PeriodStatus;
  dataVersion: number;
  currentRunId: string | null;
  /** The month's latest regular run, whatever its status. */
  latestRun: RunBrief | null;
  /** A run queued or running (the one to follow), or null. */
  activeRun: RunBrief | null;
  next: NextStep;
  needs: StepNeed[];
  /** The current run's staff in error: counts, and the first `ISSUES_LISTED` of them (code order). */
  issues: { errors: number; missingData: number; items: RunIssue[] } | null;
}

export const ISSUES_LISTED = 200;

const brief = (r: ScoringRun): RunBrief => ({
  id: r.id,
  status: r.status,
  dataVersion: r.dataVersion,
  total: r.total,
  createdAt: r.createdAt,
  finishedAt: r.finishedAt,
  error: r.error,
});

/** The engine's two missing-input errors (the approval gate counts the same). */
const MISSING = ["r.error LIKE '%is missing%'", "r.error LIKE '%every input it needs is missing%'"];

/**
 * The month's overview. `withIssueList` false leaves the issues' names out (a reader who may see no person).
 * @throws PeriodNotFoundError (404)
 */
export async function monthOverview(
  ds: DataSource,
  period: string,
  withIssueList = true,
): Promise<MonthOverview> {
  const p = await ds.getRepository(Period).findOne({ where: { period } });
  if (!p) throw new PeriodNotFoundError(period);
  const runs = ds.getRepository(ScoringRun);
  const latest = await runs.findOne({ where: { period, kind: 'regular' }, order: { createdAt: 'DESC' } });
  const active = await runs.findOne({
    where: { period, status: In([...ACTIVE_RUN_STATUSES]) },
    order: { createdAt: 'DESC' },
  });
  const current = p.currentRunId ? await runs.findOneBy({ id: p.currentRunId }) : null;

  let issues: MonthOverview['issues'] = null;
  if (current) {
    const errors = () =>
      ds
        .getRepository(StaffResultRow)
        .createQueryBuilder('r')
        .where('r.run_id = :runId', { runId: current.id })
        .andWhere('r.error IS NOT NULL');
    const count = await errors().getCount();
    const missingData = count
      ? await errors()
          .andWhere(`(${MISSING.join(' OR ')})`)
          .getCount()
      : 0;
    const items =
      withIssueList && count
        ? (
            await errors()
              .select(['r.staffCode', 'r.department', 'r.error'])
              .orderBy('r.staff_code', 'ASC')
              .take(ISSUES_LISTED)
              .getMany()
          ).map((r) => ({ staff: r.staffCode, department: r.department, error: r.error ?? '' }))
        : [];
    issues = { errors: count, missingData, items };
  }

  const { next, needs } = nextStep(p, latest, active, current, issues?.errors ?? 0);
  return {
    period,
    status: p.status,
    dataVersion: p.dataVersion,
    currentRunId: p.currentRunId,
    latestRun: latest ? brief(latest) : null,
    activeRun: active ? brief(active) : null,
    next,
    needs,
    issues,
  };
}

/** The status's next step, and what stands in its way (as the approval gate would answer). */
export function nextStep(
  p: Pick<Period, 'status' | 'dataVersion' | 'currentRunId'>,
  latest: Pick<ScoringRun, 'id' | 'status' | 'dataVersion'> | null,
  active: unknown,
  current: Pick<ScoringRun, 'id' | 'total' | 'dataVersion'> | null,
  errors: number,
): { next: NextStep; needs: StepNeed[] } {
  if (p.status === 'closed') return { next: 'done', needs: [] };
  if (p.status === 'approved') return { next: 'close', needs: [] };
  if (active) return { next: 'wait', needs: ['runActive'] };
  const needs: StepNeed[] = [];
  if (latest && (latest.status === 'failed' || latest.status === 'cancelled')) needs.push('runFailed');
  if (!current) return { next: 'score', needs: latest ? needs : ['noRun'] };
  if (current.dataVersion !== p.dataVersion) needs.push('runStale');
  if (current.total === 0) needs.push('emptyRun');
  if (needs.length) return { next: 'rescore', needs };
  return { next: 'approve', needs: errors > 0 ? ['issuesToAccept'] : [] };
}

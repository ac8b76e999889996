// When a period's own data (HR's inputs and grade overrides of the period) may change: while the period is open or
// scored, and no run of it is queued or running. An approved period's results are signed off and a closed one's are
// paid, so what they were computed from stays as it was; a run reads the data department by department, so a change
// in the middle of one would score some departments with the old data and some with the new.
import { EntityManager } from 'typeorm';
import { AppraisalPeriod, AppraisalRun } from '@app/persistence';
import { ConflictError } from '../model';

/** The period is approved or closed: its inputs and overrides no longer change (409). */
export class AppraisalPeriodLockedError extends ConflictError {
  static override readonly defaultCode = 'APPRAISAL_PERIOD_LOCKED';

  constructor(
    readonly period: string,
    readonly periodStatus: string,
  ) {
    super(
      periodStatus === 'closed'
        ? `考核周期 ${period} 已关闭，其数据不再变更 / appraisal period ${period} is closed: its data never changes`
        : `考核周期 ${period} 已审批，其数据不再变更 / appraisal period ${period} is approved: its data no longer ` +
            'changes',
    );
  }
}

/** A run of the period is queued or running: its data waits for the run to end (409). */
export class AppraisalRunInProgressError extends ConflictError {
  static override readonly defaultCode = 'APPRAISAL_RUN_IN_PROGRESS';

  constructor(
    readonly period: string,
    readonly runId: string,
  ) {
    super(
      `考核周期 ${period} 正在核算（${runId}），请等待核算结束 / run ${runId} of appraisal period ${period} is ` +
        "queued or running: the period's data cannot change until it ends",
    );
  }
}

/**
 * Locks the period's row (PostgreSQL; SQLite writes one at a time) and checks that its data may change now. No row
 * is an open period (a row exists from its first run).
 * @throws AppraisalPeriodLockedError (approved, closed); AppraisalRunInProgressError (a run queued or running)
 */
export async function lockAppraisalPeriodForChange(em: EntityManager, period: string): Promise<void> {
  const q = em.getRepository(AppraisalPeriod).createQueryBuilder('p').where('p.period = :period', { period });
  if (em.connection.options.type === 'postgres') q.setLock('pessimistic_write');
  const row = await q.getOne();
  if (row && (row.status === 'approved' || row.status === 'closed'))
    throw new AppraisalPeriodLockedError(period, row.status);
  const active = await em.getRepository(AppraisalRun).findOne({ where: { activePeriod: period } });
  if (active) throw new AppraisalRunInProgressError(period, active.id);
}

// The rules every change of a month's data obeys (intake, withdrawal, corrections), in the caller's transaction:
// the month must still take data (not approved or closed) and no run of it may be queued or running, so that a
// run scores one version of the month; and the change raises the month's data version, which runs record and
// approval compares. The months' rows are locked first (PostgreSQL: SELECT … FOR UPDATE), as the run planner
// locks its month's row, so an intake and the planning of a run never interleave: one of them waits for the
// other, and either the run sees the new data (its version) or the intake sees the run (409).
import { EntityManager, In } from 'typeorm';
import { Period, ScoringRun } from '@app/persistence';
import { ConflictError } from '../model';

/** A change of a month's data refused because of the month's state or a run in progress (409). */
export class MonthDataLockedError extends ConflictError {
  static override readonly defaultCode = 'PERIOD_CLOSED';

  constructor(
    message: string,
    readonly period: string,
    code?: string,
  ) {
    super(message, code);
  }
}

/** Locks the given months' rows for the rest of the transaction (a no-op on SQLite, whose writers queue anyway). */
export async function lockPeriods(em: EntityManager, periodIds: readonly number[]): Promise<Period[]> {
  if (periodIds.length === 0) return [];
  const q = em
    .getRepository(Period)
    .createQueryBuilder('p')
    .where('p.id IN (:...ids)', { ids: [...periodIds] });
  if (em.connection.options.type === 'postgres') q.setLock('pessimistic_write');
  return q.orderBy('p.id', 'ASC').getMany();
}

/**
 * Locks the months and checks that their data may change now.
 * @throws MonthDataLockedError naming the month and why (approved, closed, a run queued or running)
 */
export async function lockMonthsForChange(
  em: EntityManager,
  periodIds: readonly number[],
): Promise<Period[]> {
  const periods = await lockPeriods(em, periodIds);
  for (const p of periods) {
    if (p.status === 'approved')
      throw new MonthDataLockedError(
        `period ${p.period} is approved: its data no longer changes (a correction after closing is an adjustment)`,
        p.period,
      );
    if (p.status === 'closed')
      throw new MonthDataLockedError(
        `period ${p.period} is closed: its data never changes; corrections go through adjustments`,
        p.period,
      );
  }
  const active = periods.length
    ? await em.getRepository(ScoringRun).find({ where: { activePeriod: In(periods.map((p) => p.period)) } })
    : [];
  if (active.length) {
    const r = active[0];
    throw new MonthDataLockedError(
      `run ${r.id} of ${r.period} is ${r.status}: the month's data cannot change until it ends ` +
        `(or HR cancels it: POST /api/v1/runs/${r.id}/cancel)`,
      r.period,
      'RUN_IN_PROGRESS',
    );
  }
  return periods;
}

/** Raises the data version of the months whose data just changed (same transaction as the change). */
export async function bumpDataVersion(em: EntityManager, periodIds: readonly number[]): Promise<void> {
  if (periodIds.length === 0) return;
  await em
    .getRepository(Period)
    .createQueryBuilder()
    .update()
    .set({ dataVersion: () => 'data_version + 1' })
    .where('id IN (:...ids)', { ids: [...periodIds] })
    .execute();
}

/**
 * A definition that the months from `from` on are scored with was written (an indicator set's or the workload
 * catalogue's version): the runs of those months no longer match the configuration in force, so their data
 * version rises, and approval asks for a new run (the cockpit says the run is older than the data). Results are
 * explained on read from the configuration in force, so a run approved is always a run of that configuration.
 * Approved and closed months are not touched: no version may take effect in or before them.
 */
export async function configurationChanged(em: EntityManager, from: string): Promise<void> {
  await em
    .getRepository(Period)
    .createQueryBuilder()
    .update()
    .set({ dataVersion: () => 'data_version + 1' })
    .where('period >= :from', { from })
    .andWhere('status IN (:...open)', { open: ['open', 'scored'] })
    .execute();
}

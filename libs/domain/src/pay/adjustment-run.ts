// Starting an adjustment of a closed month: the adjustment is recorded, then the run that computes it. Pay is
// above runs in the layer order, so this lives here and asks RunsService for the run.
import { DataSource } from 'typeorm';
import { Adjustment } from '@app/persistence';
import { PeriodStatusError } from '../periods';
import { findActiveRun, RunsService, RunView } from '../runs';
import { AdjustmentRequest, AdjustmentView, createAdjustment, failAdjustment } from './adjustments';

/**
 * Records an adjustment of a closed month and starts the run that computes it. Refused (409) while another
 * run of the month is in progress.
 */
export async function startAdjustmentRun(
  ds: DataSource,
  runs: RunsService,
  period: string,
  request: AdjustmentRequest,
  actor: string,
): Promise<{ adjustment: AdjustmentView; run: RunView }> {
  const active = await findActiveRun(ds, period);
  if (active)
    throw new PeriodStatusError(
      `period ${period} has a run in progress (${active.id}): wait for it to end`,
      'RUN_IN_PROGRESS',
    );
  const adjustment = await createAdjustment(ds, period, request, actor);
  const { run, created } = await runs.start(period, 'manual', actor, adjustment.id);
  if (!created || run.kind !== 'adjustment') {
    // Another run got in between: the adjustment is failed (nothing booked), and the caller told why.
    const message = `another run of ${period} started first (${run.id})`;
    await ds.transaction((tx) => failAdjustment(tx, adjustment.id, message));
    throw new PeriodStatusError(message);
  }
  await ds.getRepository(Adjustment).update({ id: adjustment.id }, { runId: run.id });
  return { adjustment: { ...adjustment, runId: run.id }, run };
}

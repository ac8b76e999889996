// HR's value corrections of a month (POST/GET /api/v1/periods/{p}/corrections): one correction is one intake
// batch (source `correction`) and one ValueCorrection superseding the one in force for the same value, written
// in one transaction with the month locked (refused while a run of it is queued or running, and once it is
// approved or closed: a closed month is corrected by an adjustment), its data version raised, and audited
// (`correction.create`). `recordValueCorrections` is the same write for a caller's transaction (an appeal).
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { IntakeSource, Period, ValueCorrection } from '@app/persistence';
import { auditedWrite } from '../audit';
import { bumpDataVersion, lockMonthsForChange, MonthDataLockedError, PeriodNotFoundError } from '../periods';
import { openBatch, sha256OfJson } from './intake-batches';
import {
  CheckedCorrection,
  checkCorrections,
  CorrectionView,
  correctionViews,
  storeCorrections,
} from './value-corrections';

/** A stored correction, with the one it superseded (null: none was in force). */
export type CreatedCorrection = CorrectionView & { supersedes: number | null };

/**
 * Locks the month for a change of its data (approved or closed: 409 pointing at adjustments), in the caller's
 * transaction.
 */
export async function lockMonthForCorrection(em: EntityManager, period: Period): Promise<void> {
  try {
    await lockMonthsForChange(em, [period.id]);
  } catch (e) {
    if (e instanceof MonthDataLockedError && /is (approved|closed)/.test(e.message))
      throw new MonthDataLockedError(
        `${e.message}. Correct a closed month with an adjustment: POST /api/v1/periods/${period.period}/adjustments`,
        period.period,
      );
    throw e;
  }
}

/**
 * Writes checked corrections of a month as one batch in the caller's transaction, after `lockMonthForCorrection`,
 * and raises the month's data version.
 */
export async function recordValueCorrections(
  em: EntityManager,
  period: Period,
  checked: readonly CheckedCorrection[],
  batch: { source: IntakeSource; sha256: string; actor: string },
): Promise<{ batchId: number; stored: Awaited<ReturnType<typeof storeCorrections>> }> {
  const b = await openBatch(
    em,
    batch.actor,
    { source: batch.source, sha256: batch.sha256 },
    [period],
    checked.length,
  );
  const stored = await storeCorrections(em, period.id, checked, { id: b.id, actor: batch.actor });
  await bumpDataVersion(em, [period.id]);
  return { batchId: b.id, stored };
}

@Injectable()
export class ValueCorrectionsService {
  constructor(private readonly ds: DataSource) {}

  /** Sets the month's value of one input for one person or department (see the file's header). */
  create(period: string, body: unknown, actor: string): Promise<CreatedCorrection> {
    return this.ds.transaction(async (em) => {
      const p = await em.getRepository(Period).findOne({ where: { period } });
      if (!p) throw new PeriodNotFoundError(period);
      const [checked] = await checkCorrections(em, [body]);
      await lockMonthForCorrection(em, p);
      const what = { action: 'correction.create', entity: 'correction' };
      return auditedWrite(em, actor, what, async (tx) => {
        const { stored } = await recordValueCorrections(tx, p, [checked], {
          source: 'correction',
          sha256: sha256OfJson(body),
          actor,
        });
        const { correction, supersedes } = stored[0];
        const [view] = await correctionViews(tx, period, [correction]);
        return {
          result: { ...view, supersedes },
          entityKey: String(correction.id),
          after: { ...view, supersedes },
        };
      });
    });
  }

  /** The month's corrections, in force and superseded or withdrawn, oldest first. */
  async list(period: string): Promise<CorrectionView[]> {
    const p = await this.ds.getRepository(Period).findOne({ where: { period } });
    if (!p) throw new PeriodNotFoundError(period);
    const rows = await this.ds
      .getRepository(ValueCorrection)
      .find({ where: { periodId: p.id }, order: { id: 'ASC' } });
    return correctionViews(this.ds.manager, period, rows);
  }
}

// A month's intake batches: the list HR and auditors read (who sent what, when, what of it is still in the month),
// and the withdrawal of one batch by HR — its observations leave the month(s) it touched, the batch stays with
// who withdrew it and when, and the months' data version goes up, all in one audited transaction. Like every
// change of a month's data it needs the months open or scored and no run of them queued or running.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { IntakeBatch, IntakeBatchPeriod, Observation, Period } from '@app/persistence';
import { auditedWrite } from '../audit';
import { ConflictError, NotFoundError } from '../model';
import { bumpDataVersion, lockMonthsForChange, PeriodNotFoundError } from '../periods';
import { BatchView, batchView } from './intake-batches';
import { EVIDENCE_OPTIONS, EvidenceOptions, withdrawBatchEvidence } from './evidence';
import { withdrawBatchCorrections } from './value-corrections';

/** A batch in a month's list: with how many of its observations are still in that month. */
export interface MonthBatchView extends BatchView {
  /** Its observations in this month now (a later document import replaces some; withdrawal removes all). */
  observationsInMonth: number;
}

export class BatchNotFoundError extends NotFoundError {
  constructor(readonly id: number) {
    super(`intake batch ${id} does not exist`);
  }
}

export class BatchWithdrawnError extends ConflictError {
  constructor(batch: IntakeBatch) {
    super(`intake batch ${batch.id} was already withdrawn on ${batch.withdrawnAt} by ${batch.withdrawnBy}`);
  }
}

@Injectable()
export class IntakeBatchesService {
  constructor(
    private readonly ds: DataSource,
    @Optional() @Inject(EVIDENCE_OPTIONS) private readonly evidence?: EvidenceOptions,
  ) {}

  /** The month's batches, oldest first. @throws PeriodNotFoundError */
  async list(period: string): Promise<MonthBatchView[]> {
    const em = this.ds.manager;
    const month = await em.findOne(Period, { where: { period } });
    if (!month) throw new PeriodNotFoundError(period);
    const links = await em.find(IntakeBatchPeriod, { where: { periodId: month.id } });
    const ids = links.map((l) => l.batchId);
    if (!ids.length) return [];
    const batches: IntakeBatch[] = [];
    for (let i = 0; i < ids.length; i += 500)
      batches.push(...(await em.find(IntakeBatch, { where: { id: In(ids.slice(i, i + 500)) } })));
    const counts: { batch_id: number; n: number | string }[] = await em
      .getRepository(Observation)
      .createQueryBuilder('o')
      .select('o.batch_id', 'batch_id')
      .addSelect('COUNT(*)', 'n')
      .where('o.period_id = :period', { period: month.id })
      .andWhere('o.batch_id IS NOT NULL')
      .groupBy('o.batch_id')
      .getRawMany();
    const inMonth = new Map(counts.map((c) => [Number(c.batch_id), Number(c.n)]));
    return batches
      .sort((a, b) => a.id - b.id)
      .map((b) => ({ ...batchView(b), observationsInMonth: inMonth.get(b.id) ?? 0 }));
  }

  /**
   * Withdraws a batch: its observations (and, for a correction or appeal batch, its corrections) leave the
   * months it touched. Audited `batch.withdraw`.
   * @throws BatchNotFoundError; BatchWithdrawnError when withdrawn already; MonthDataLockedError (409) when a
   *   month it touches is approved or closed or has a run queued or running
   */
  async withdraw(actor: string, id: number): Promise<BatchView> {
    const files: string[] = [];
    const view = await this.ds.transaction((em) => this.withdrawIn(em, actor, id, files));
    // Evidence files on disk go once the withdrawal is committed (a rolled-back one keeps them).
    if (files.length && this.evidence?.dir)
      await Promise.all(files.map((rel) => rm(join(this.evidence!.dir!, rel), { force: true })));
    return view;
  }

  /**
   * The same, in the caller's transaction.
   * @param evidenceFiles receives the paths (under EVIDENCE_DIR) of the evidence files taken back, for the caller
   *   to remove after its commit
   */
  withdrawIn(em: EntityManager, actor: string, id: number, evidenceFiles: string[] = []): Promise<BatchView> {
    const what = { action: 'batch.withdraw', entity: 'intake_batch' };
    return auditedWrite(em, actor, what, async (tx) => {
      const batch = await tx.findOne(IntakeBatch, { where: { id } });
      if (!batch) throw new BatchNotFoundError(id);
      const periodIds = (await tx.find(IntakeBatchPeriod, { where: { batchId: id } })).map((l) => l.periodId);
      // The months first (as every change of a month's data does), then the batch: its state is read under the lock.
      await lockMonthsForChange(tx, periodIds);
      const current = await tx.findOneOrFail(IntakeBatch, { where: { id } });
      if (current.withdrawnAt) throw new BatchWithdrawnError(current);
      const observations = await tx.count(Observation, { where: { batchId: id } });
      const before = { ...batchView(current), observationsInMonths: observations };
      // Its evidence first (what hangs on its observations is found through them), then the observations.
      const evidence = await withdrawBatchEvidence(tx, id);
      evidenceFiles.push(...evidence.files);
      await tx.delete(Observation, { batchId: id });
      // A correction or appeal batch holds value corrections: they leave too, and what they superseded is in force
      // again (any batch may be asked: one without corrections has none to take back).
      const corrections = await withdrawBatchCorrections(tx, id);
      current.withdrawnAt = new Date().toISOString();
      current.withdrawnBy = actor;
      await tx.save(current);
      await bumpDataVersion(tx, periodIds);
      const after = {
        ...batchView(current),
        observationsInMonths: 0,
        observationsRemoved: observations,
        ...(evidence.removed ? { evidenceRemoved: evidence.removed } : {}),
        ...(corrections.withdrawn
          ? { correctionsWithdrawn: corrections.withdrawn, correctionsRestored: corrections.restored }
          : {}),
      };
      return { result: batchView(current), entityKey: String(id), before, after };
    });
  }
}

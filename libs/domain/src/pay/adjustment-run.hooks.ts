// What an adjustment run does beyond scoring, as runs' hooks: it scores the closed month with every correction
// made so far, books the differences in the transaction that completes it, and marks its adjustment failed when
// the run fails. Runs cannot call pay (it is above them); the apps hand these hooks to the RunsModule.
import type { EntityManager } from 'typeorm';
import type { ScoringRun } from '@app/persistence';
import type { ScorecardDocument } from '@app/scoring';
import { applyCorrections } from '../documents';
import type { RunHooks } from '../runs';
import { bookAdjustment, correctionsFor, failAdjustment } from './adjustments';

export class AdjustmentRunHooks implements RunHooks {
  async prepareDocument(em: EntityManager, run: ScoringRun, doc: ScorecardDocument): Promise<void> {
    if (run.kind === 'adjustment') applyCorrections(doc, await correctionsFor(em, run.adjustmentId!));
  }

  async completed(tx: EntityManager, run: ScoringRun): Promise<void> {
    if (run.kind === 'adjustment') await bookAdjustment(tx, run);
  }

  async failed(tx: EntityManager, run: ScoringRun, message: string): Promise<void> {
    if (run.adjustmentId) await failAdjustment(tx, run.adjustmentId, message);
  }
}

// The appraisal loop as runs' follow-up hook: after a regular run completed, its own job proposes plans for low
// scores and vetoes and gives earlier plans their outcomes (followUpRun). Runs cannot call appraisal (it is above
// them); the apps hand this hook to the RunsModule with the configured threshold.
import type { EntityManager } from 'typeorm';
import type { ScoringRun } from '@app/persistence';
import type { RunHooks } from '../runs';
import { DEFAULT_PLAN_THRESHOLD, followUpRun } from './follow-up';

export class FollowUpHooks implements RunHooks {
  /** @param planThreshold indicators scoring below it get a proposed improvement plan (PLAN_THRESHOLD) */
  constructor(private readonly planThreshold = DEFAULT_PLAN_THRESHOLD) {}

  async followUp(tx: EntityManager, run: ScoringRun): Promise<void> {
    await followUpRun(tx, run, this.planThreshold);
  }
}

// The appraisal loop as runs' follow-up hook: after a regular run completed, its own job proposes each person's
// plan for the month (their weakest low scores and every veto as its items) and gives earlier items their outcomes
// (followUpRun). Runs cannot call appraisal (it is above them); the apps hand this hook to the RunsModule with
// the configured threshold and cap.
import type { EntityManager } from 'typeorm';
import type { ScoringRun } from '@app/persistence';
import type { RunHooks } from '../runs';
import { DEFAULT_PLAN_MAX_ITEMS, DEFAULT_PLAN_THRESHOLD, followUpRun } from './follow-up';

export class FollowUpHooks implements RunHooks {
  /**
   * @param planThreshold indicators scoring below it are weak (PLAN_THRESHOLD)
   * @param planMaxItems the most weak indicators a person's proposed plan of a month holds as items; vetoes
   *   always besides (PLAN_MAX_ITEMS)
   */
  constructor(
    private readonly planThreshold = DEFAULT_PLAN_THRESHOLD,
    private readonly planMaxItems = DEFAULT_PLAN_MAX_ITEMS,
  ) {}

  async followUp(tx: EntityManager, run: ScoringRun): Promise<void> {
    await followUpRun(tx, run, this.planThreshold, this.planMaxItems);
  }
}

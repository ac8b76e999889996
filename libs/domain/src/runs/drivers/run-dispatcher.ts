// What executes a planned run's jobs: BullMQ on Redis (worker processes) or this process (the embedded mode).
import type { ScoringRun } from '@app/persistence';
import type { JobFlow } from '../run-jobs';

/** Hands a planned run to whatever executes its jobs. */
export interface RunDispatcher {
  dispatch(run: ScoringRun): Promise<void>;
  /** Hands over the chunk and finish jobs of another kind of run (RunHooks.jobs): the chunks, then the finish. */
  dispatchFlow(flow: JobFlow): Promise<void>;
  /**
   * Whether any job of the run is still to be done or in hand (in Redis, or in this process): a run whose jobs are
   * gone will never end by itself, and the watchdog fails it.
   */
  holds(run: ScoringRun): Promise<boolean>;
  /** The same for another kind of run's flow (an appraisal period's run). */
  holdsFlow(flow: JobFlow): Promise<boolean>;
  /** Drops the jobs of a cancelled run that have not started (one already in hand ends without effect). */
  cancel(run: ScoringRun): Promise<void>;
  /** The same for another kind of run's flow (an appraisal period's cancelled run). */
  cancelFlow(flow: JobFlow): Promise<void>;
  /** Waits for work in this process to end (graceful shutdown). */
  drain(): Promise<void>;
}

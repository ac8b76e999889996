import type { ScoringRun } from '@app/persistence';

/** Hands a planned run to whatever executes its jobs. */
export interface RunDispatcher {
  dispatch(run: ScoringRun): Promise<void>;
  /** Waits for work in this process to end (graceful shutdown). */
  drain(): Promise<void>;
}

// What a run asks of the concepts above it. Runs sit below pay and appraisal in the layer order, so they cannot
// call them; instead they say where the others may take part (the month's document before it is scored, the
// finish and failure transactions, the follow-up job), and the apps hand in the implementations (pay's adjustment
// runs, appraisal's follow-up) where the runs are wired.
import type { DataSource, EntityManager } from 'typeorm';
import type { ScoringRun } from '@app/persistence';
import type { ScorecardDocument } from '@app/scoring';
import type { JobFlow, RunJobData } from './run-jobs';

/** A job of another kind of run (an appraisal period's), run by the scoring queue's workers like a month's. */
export type RunJob = (ds: DataSource, data: RunJobData) => Promise<void>;

export interface RunHooks {
  /**
   * Changes the month's document before it is scored: each chunk's, and the departments' inputs read when the
   * run finishes (an adjustment run applies its corrections). Outside any transaction; may run more than once.
   */
  prepareDocument?(em: EntityManager, run: ScoringRun, doc: ScorecardDocument): Promise<void>;
  /**
   * In the finish transaction, after the run is marked completed (and a regular run made the period's current
   * results): what it writes commits with the run, or not at all (an adjustment run books its differences).
   */
  completed?(tx: EntityManager, run: ScoringRun): Promise<void>;
  /** In the transaction that fails the run, only when that call failed it (the failed adjustment is marked). */
  failed?(tx: EntityManager, run: ScoringRun, message: string): Promise<void>;
  /**
   * The follow-up job of a completed regular run, in its own transaction (retried as a job; idempotent): the
   * run's results do not wait for it.
   */
  followUp?(tx: EntityManager, run: ScoringRun): Promise<void>;
  /**
   * Jobs of the concept's own runs (not months: an appraisal period's chunks and finish), by job name. The queue's
   * handler runs them with the month jobs' retry rules (RunsService.dispatchJobs queues them).
   */
  jobs?: Readonly<Record<string, RunJob>>;
  /** Fails one of the concept's own runs (`data.runId` of its jobs) when its job fails for good. */
  failRun?(ds: DataSource, runId: string, message: string): Promise<void>;
  /**
   * The concept's own runs still queued or running, for the watchdog: each with its jobs and its last sign of
   * life (ms). One silent longer than the runs' stale time whose jobs are gone is failed with `failRun`.
   */
  activeRuns?(ds: DataSource): Promise<WatchedRun[]>;
}

/** A run of another kind as the watchdog sees it (RunHooks.activeRuns). */
export interface WatchedRun {
  flow: JobFlow;
  period: string;
  lastSignOfLife: number;
}

/** Injection token of the hooks a RunsModule is given. */
export const RUN_HOOKS = Symbol('RUN_HOOKS');

// The driver without Redis: the same job handler, called in this process, one job at a time, with the same
// retry and backoff rules as the BullMQ workers. Used by the embedded default, the demo and the CLI. A cancelled
// run's remaining jobs are skipped (and each step of a run that is over does nothing anyway).
import { Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { ScoringRun } from '@app/persistence';
import {
  JOB_FINISH_RUN,
  JOB_FOLLOW_UP,
  JOB_SCORE_CHUNK,
  JobFlow,
  RunJobData,
  RunJobHandler,
} from '../run-jobs';
import { RunDispatcher } from './run-dispatcher';

export class InProcessDispatcher implements RunDispatcher {
  private readonly logger = new Logger('InProcessRuns');
  private readonly running = new Set<Promise<void>>();
  /** The runs whose jobs this process holds (not yet ended), and those cancelled meanwhile. */
  private readonly held = new Set<string>();
  private readonly cancelled = new Set<string>();

  constructor(
    private readonly handler: RunJobHandler,
    private readonly attempts: number,
    private readonly backoffMs: number,
  ) {}

  dispatch(run: ScoringRun): Promise<void> {
    return this.hold(run.id, () => this.execute(run));
  }

  /** Another kind of run: its chunks in order, then its finish job, with the same retry rules. */
  dispatchFlow(f: JobFlow): Promise<void> {
    const goOn = () => !this.cancelled.has(f.runId);
    return this.hold(f.runId, async () => {
      for (let index = 0; index < f.chunkCount; index++)
        if (!goOn() || !(await this.attempt(f.chunkJob, { runId: f.runId, index }))) return;
      if (goOn()) await this.attempt(f.finishJob, { runId: f.runId });
    });
  }

  private hold(runId: string, execute: () => Promise<void>): Promise<void> {
    this.held.add(runId);
    const work = execute().finally(() => {
      this.running.delete(work);
      this.held.delete(runId);
      this.cancelled.delete(runId);
    });
    this.running.add(work);
    return Promise.resolve();
  }

  holds(run: ScoringRun): Promise<boolean> {
    return Promise.resolve(this.held.has(run.id));
  }

  holdsFlow(f: JobFlow): Promise<boolean> {
    return Promise.resolve(this.held.has(f.runId));
  }

  cancel(run: ScoringRun): Promise<void> {
    if (this.held.has(run.id)) this.cancelled.add(run.id);
    return Promise.resolve();
  }

  cancelFlow(f: JobFlow): Promise<void> {
    if (this.held.has(f.runId)) this.cancelled.add(f.runId);
    return Promise.resolve();
  }

  async drain(): Promise<void> {
    await Promise.all([...this.running]);
  }

  private async execute(run: ScoringRun): Promise<void> {
    const goOn = () => !this.cancelled.has(run.id);
    for (let index = 0; index < run.chunkCount; index++) {
      if (!goOn() || !(await this.attempt(JOB_SCORE_CHUNK, { runId: run.id, index }))) return;
    }
    if (goOn() && (await this.attempt(JOB_FINISH_RUN, { runId: run.id })))
      await this.attempt(JOB_FOLLOW_UP, { runId: run.id });
  }

  /** True when the job succeeded; false once it failed for good (the handler has failed the run then). */
  private async attempt(name: string, data: RunJobData): Promise<boolean> {
    for (let made = 0; ; made++) {
      // Let the event loop serve what waits (HTTP requests: the progress, a cancel) between jobs: on SQLite
      // (better-sqlite3, synchronous) a run's awaits never reach the event loop otherwise.
      await new Promise((resolve) => setImmediate(resolve));
      try {
        await this.handler.handle(name, data, { made, max: this.attempts });
        return true;
      } catch (e) {
        if (e instanceof UnrecoverableError || made + 1 >= this.attempts) return false;
        const delay = this.backoffMs * 2 ** made;
        this.logger.debug(`retrying ${name} in ${delay} ms`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}

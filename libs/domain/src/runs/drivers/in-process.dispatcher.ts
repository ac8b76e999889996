// The driver without Redis: the same job handler, called in this process, one job at a time, with the same
// retry and backoff rules as the BullMQ workers. Used by the embedded default, the demo and the CLI.
import { Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { ScoringRun } from '@app/persistence';
import { JOB_FINISH_RUN, JOB_FOLLOW_UP, JOB_SCORE_CHUNK, RunJobData, RunJobHandler } from '../run-jobs';
import { RunDispatcher } from './run-dispatcher';

export class InProcessDispatcher implements RunDispatcher {
  private readonly logger = new Logger('InProcessRuns');
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly handler: RunJobHandler,
    private readonly attempts: number,
    private readonly backoffMs: number,
  ) {}

  dispatch(run: ScoringRun): Promise<void> {
    const work = this.execute(run).finally(() => this.running.delete(work));
    this.running.add(work);
    return Promise.resolve();
  }

  async drain(): Promise<void> {
    await Promise.all([...this.running]);
  }

  private async execute(run: ScoringRun): Promise<void> {
    for (let index = 0; index < run.chunkCount; index++) {
      if (!(await this.attempt(JOB_SCORE_CHUNK, { runId: run.id, index }))) return;
    }
    if (await this.attempt(JOB_FINISH_RUN, { runId: run.id }))
      await this.attempt(JOB_FOLLOW_UP, { runId: run.id });
  }

  /** True when the job succeeded; false once it failed for good (the handler has failed the run then). */
  private async attempt(name: string, data: RunJobData): Promise<boolean> {
    for (let made = 0; ; made++) {
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

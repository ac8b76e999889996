// The driver with Redis: a run becomes a BullMQ flow, one child job per chunk, a parent that finishes the run
// once every chunk is done, and above it the appraisal loop's follow-up once the run is complete. Any number of
// worker processes share the jobs.
import type { FlowProducer, JobsOptions } from 'bullmq';
import type { ScoringRun } from '@app/persistence';
import {
  chunkJobId,
  finishJobId,
  followUpJobId,
  JOB_FINISH_RUN,
  JOB_FOLLOW_UP,
  JOB_SCORE_CHUNK,
  SCORING_QUEUE,
} from '../run-jobs';
import { RunDispatcher } from './run-dispatcher';

export class BullmqDispatcher implements RunDispatcher {
  constructor(
    private readonly flow: FlowProducer,
    private readonly attempts: number,
    private readonly backoffMs: number,
  ) {}

  async dispatch(run: ScoringRun): Promise<void> {
    const opts: JobsOptions = {
      attempts: this.attempts,
      backoff: { type: 'exponential', delay: this.backoffMs },
      // The database keeps the results and the run's history; Redis keeps a day of finished jobs to look at.
      removeOnComplete: { age: 24 * 3600, count: 10000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    };
    await this.flow.add({
      name: JOB_FOLLOW_UP,
      queueName: SCORING_QUEUE,
      data: { runId: run.id },
      opts: { ...opts, jobId: followUpJobId(run.id) },
      children: [
        {
          name: JOB_FINISH_RUN,
          queueName: SCORING_QUEUE,
          data: { runId: run.id },
          // A run that fails for good has nothing to follow up.
          opts: { ...opts, jobId: finishJobId(run.id), failParentOnFailure: true },
          children: Array.from({ length: run.chunkCount }, (_, index) => ({
            name: JOB_SCORE_CHUNK,
            queueName: SCORING_QUEUE,
            data: { runId: run.id, index },
            // A chunk that fails for good fails the parent: the run is over.
            opts: { ...opts, jobId: chunkJobId(run.id, index), failParentOnFailure: true },
          })),
        },
      ],
    });
  }

  drain(): Promise<void> {
    return Promise.resolve(); // the workers drain themselves
  }
}

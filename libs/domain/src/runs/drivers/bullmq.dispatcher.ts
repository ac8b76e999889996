// The driver with Redis: a run becomes a BullMQ flow, one child job per chunk, a parent that finishes the run
// once every chunk is done, and above it the appraisal loop's follow-up once the run is complete. Any number of
// worker processes share the jobs. The queue (when this process has it) tells whether a run's jobs are still in
// Redis (the watchdog) and removes a cancelled run's waiting jobs.
import type { FlowProducer, JobsOptions, Queue } from 'bullmq';
import type { ScoringRun } from '@app/persistence';
import {
  chunkJobId,
  finishJobId,
  flowChunkJobId,
  flowFinishJobId,
  followUpJobId,
  JobFlow,
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
    private readonly queue?: Queue,
  ) {}

  private jobOptions(): JobsOptions {
    return {
      attempts: this.attempts,
      backoff: { type: 'exponential', delay: this.backoffMs },
      // The database keeps the results and the run's history; Redis keeps a day of finished jobs to look at.
      removeOnComplete: { age: 24 * 3600, count: 10000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    };
  }

  /** Another kind of run: the finish job as the parent of its chunk jobs, as a month's run without follow-up. */
  async dispatchFlow(f: JobFlow): Promise<void> {
    const opts = this.jobOptions();
    await this.flow.add({
      name: f.finishJob,
      queueName: SCORING_QUEUE,
      data: { runId: f.runId },
      opts: { ...opts, jobId: flowFinishJobId(f) },
      children: Array.from({ length: f.chunkCount }, (_, index) => ({
        name: f.chunkJob,
        queueName: SCORING_QUEUE,
        data: { runId: f.runId, index },
        // A chunk that fails for good fails the parent: the run is over.
        opts: { ...opts, jobId: flowChunkJobId(f, index), failParentOnFailure: true },
      })),
    });
  }

  async dispatch(run: ScoringRun): Promise<void> {
    const opts = this.jobOptions();
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

  /**
   * True while the finish job or a chunk job of the run is in Redis and not over (waiting, delayed, active or
   * waiting for its children). A Redis restarted without persistence has none of them. The same for a flow.
   */
  holds(run: ScoringRun): Promise<boolean> {
    return this.holdsAny([
      finishJobId(run.id),
      ...Array.from({ length: run.chunkCount }, (_, i) => chunkJobId(run.id, i)),
    ]);
  }

  holdsFlow(f: JobFlow): Promise<boolean> {
    return this.holdsAny([
      flowFinishJobId(f),
      ...Array.from({ length: f.chunkCount }, (_, i) => flowChunkJobId(f, i)),
    ]);
  }

  private async holdsAny(ids: string[]): Promise<boolean> {
    if (!this.queue) return true; // cannot tell: assume it does
    for (const id of ids) {
      const state = await this.queue.getJobState(id);
      if (state !== 'unknown' && state !== 'completed' && state !== 'failed') return true;
    }
    return false;
  }

  /**
   * Removes the run's flow (follow-up, finish and chunk jobs). A job in hand on a worker is locked and stays: it
   * ends without effect, as every step of a run that is over does nothing; the others are removed one by one.
   */
  async cancel(run: ScoringRun): Promise<void> {
    if (!this.queue) return;
    if ((await this.queue.remove(followUpJobId(run.id), { removeChildren: true })) === 1) return;
    const ids = [
      ...Array.from({ length: run.chunkCount }, (_, i) => chunkJobId(run.id, i)),
      finishJobId(run.id),
      followUpJobId(run.id),
    ];
    for (const id of ids) await this.queue.remove(id).catch(() => 0);
  }

  /** Removes another kind of run's flow (finish and chunk jobs), as cancel does a month's. */
  async cancelFlow(f: JobFlow): Promise<void> {
    if (!this.queue) return;
    if ((await this.queue.remove(flowFinishJobId(f), { removeChildren: true })) === 1) return;
    const ids = [...Array.from({ length: f.chunkCount }, (_, i) => flowChunkJobId(f, i)), flowFinishJobId(f)];
    for (const id of ids) await this.queue.remove(id).catch(() => 0);
  }

  drain(): Promise<void> {
    return Promise.resolve(); // the workers drain themselves
  }
}

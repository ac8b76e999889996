// The BullMQ worker of the scoring queue (@nestjs/bullmq). Its options come from the configuration, so the
// processor class is made per module instance and decorated then.
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, Type } from '@nestjs/common';
import type { Job } from 'bullmq';
import { RunJobData, SCORING_QUEUE } from './run-jobs';
import { RunsService } from './runs.service';
import { RunsOptions } from './runs-options';

@Injectable()
export class ScoringWorkerHost extends WorkerHost {
  private readonly logger = new Logger('ScoringWorker');

  constructor(private readonly runs: RunsService) {
    super();
  }

  private lastError = '';

  /** Connection trouble (Redis restarting): BullMQ reconnects by itself; say so once per error kind. */
  @OnWorkerEvent('error')
  onError(e: Error): void {
    if (e.message === this.lastError) return;
    this.lastError = e.message;
    this.logger.warn(`queue connection: ${e.message}`);
  }

  async process(job: Job<RunJobData>): Promise<void> {
    await this.runs.handler.handle(job.name, job.data, {
      made: job.attemptsMade,
      max: job.opts.attempts ?? 1,
    });
  }
}

export function scoringWorker(options: RunsOptions): Type<ScoringWorkerHost> {
  class ScoringWorker extends ScoringWorkerHost {}
  Processor(SCORING_QUEUE, {
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs,
    stalledInterval: options.lockDurationMs,
    // A job taken over from a dead worker may stall again; only a job that keeps stalling is given up.
    maxStalledCount: 5,
    // After losing Redis, try again within a second rather than BullMQ's default 15 s.
    runRetryDelay: 1000,
  })(ScoringWorker);
  return ScoringWorker;
}

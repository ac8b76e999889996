// The jobs of a run and the one handler both drivers (BullMQ workers and the in-process driver) call.
import { Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { DataSource } from 'typeorm';
import { RunConfigurationError } from './run-errors';
import type { RunHooks } from './run-hooks';
import { RunSteps } from './run-steps';

export const SCORING_QUEUE = 'scoring';
export const SCORING_FLOW = 'scoring-flow';

export const JOB_SCORE_CHUNK = 'score-chunk';
export const JOB_FINISH_RUN = 'finish-run';
/** After a run completed: the appraisal loop's plans (its own job: the run's results do not wait for it). */
export const JOB_FOLLOW_UP = 'follow-up';
export const JOB_SCHEDULED_RUN = 'scheduled-run';
export const SCHEDULER_ID = 'monthly-scoring';

/** Job payloads carry ids only; everything else is read from the database when the job runs. */
export interface RunJobData {
  runId?: string;
  index?: number;
}

/** Deterministic job ids (BullMQ refuses ':' in custom ids): adding the same job twice adds it once. */
export const chunkJobId = (runId: string, index: number): string => `run-${runId}-chunk-${index}`;
export const finishJobId = (runId: string): string => `run-${runId}-finish`;
export const followUpJobId = (runId: string): string => `run-${runId}-follow-up`;

/**
 * The jobs of another kind of run (RunHooks.jobs): one chunk job per index, then the finish job, under job ids of
 * their own prefix (`appraisal-<id>-chunk-<i>`) so that they never meet a month's.
 */
export interface JobFlow {
  runId: string;
  chunkCount: number;
  chunkJob: string;
  finishJob: string;
  /** Of the job ids: `<prefix>-<runId>-chunk-<i>`, `<prefix>-<runId>-finish`. */
  prefix: string;
}
export const flowChunkJobId = (f: JobFlow, index: number): string => `${f.prefix}-${f.runId}-chunk-${index}`;
export const flowFinishJobId = (f: JobFlow): string => `${f.prefix}-${f.runId}-finish`;

export interface Attempt {
  /** Attempts that failed before this one. */
  made: number;
  max: number;
}

export class RunJobHandler {
  private readonly logger = new Logger('ScoringJobs');

  constructor(
    private readonly steps: RunSteps,
    private readonly scheduled: (firedAt: Date) => Promise<void>,
    /** The concepts above runs that bring jobs of their own runs (RunHooks.jobs), and the database they run on. */
    private readonly others: { ds: DataSource; hooks: readonly RunHooks[] } | null = null,
  ) {}

  /** The hook whose `jobs` has `name` (a job of another kind of run), if any. */
  private ownerOf(name: string): RunHooks | undefined {
    return this.others?.hooks.find((h) => h.jobs && Object.prototype.hasOwnProperty.call(h.jobs, name));
  }

  /**
   * Runs one job. A configuration error fails the run at once (UnrecoverableError: no retry); any other error
   * is retried with backoff by the driver, and fails the run only on the last attempt.
   */
  async handle(name: string, data: RunJobData, attempt: Attempt): Promise<void> {
    try {
      switch (name) {
        case JOB_SCORE_CHUNK: {
          const scored = await this.steps.scoreChunk(data.runId!, data.index!);
          this.logger.log(
            `run ${data.runId} chunk ${data.index}: ${scored} staff scored (pid ${process.pid})`,
          );
          return;
        }
        case JOB_FINISH_RUN:
          await this.steps.finishRun(data.runId!);
          this.logger.log(`run ${data.runId} finished (pid ${process.pid})`);
          return;
        case JOB_FOLLOW_UP:
          if (await this.steps.followUp(data.runId!))
            this.logger.log(`run ${data.runId}: plans followed up (pid ${process.pid})`);
          return;
        case JOB_SCHEDULED_RUN:
          return await this.scheduled(new Date());
        default: {
          const job = this.ownerOf(name)?.jobs?.[name];
          if (!job) throw new RunConfigurationError(`unknown job "${name}"`);
          await job(this.others!.ds, data);
          this.logger.log(`${name} ${JSON.stringify(data)} done (pid ${process.pid})`);
          return;
        }
      }
    } catch (e) {
      const permanent = e instanceof RunConfigurationError || e instanceof UnrecoverableError;
      const message = e instanceof Error ? e.message : String(e);
      if ((permanent || attempt.made + 1 >= attempt.max) && data.runId) {
        this.logger.error(`run ${data.runId} failed in ${name}: ${message}`);
        // Another kind of run is failed by its owner (its own table); a month's by the run steps.
        const owner = this.ownerOf(name);
        const fail = owner
          ? (owner.failRun?.(this.others!.ds, data.runId, message) ?? Promise.resolve())
          : this.steps.failRun(data.runId, message);
        await fail.catch((f: Error) => {
          this.logger.error(`could not record the failure of run ${data.runId}: ${f.message}`);
        });
      } else {
        this.logger.warn(`${name} ${JSON.stringify(data)} attempt ${attempt.made + 1} failed: ${message}`);
      }
      throw permanent && !(e instanceof UnrecoverableError) ? new UnrecoverableError(message) : e;
    }
  }
}

/** Logs a BullMQ connection's errors, each message once until a different one comes (no flood while Redis is down). */
export function logConnectionErrors(
  emitter: { on(event: 'error', fn: (e: Error) => void): unknown },
  logger: Logger,
): void {
  let last = '';
  emitter.on('error', (e: Error) => {
    if (e.message === last) return;
    last = e.message;
    logger.warn(`queue connection: ${e.message}`);
  });
}

// How scoring runs are executed: the options RunsModule and RunsService take (libs/domain/src/runs), filled
// from the environment by loadConfig. They live here, in the bottom layer, so that the configuration needs no
// domain import; the domain's runs concept re-exports them.
import { ENV_DEFAULTS } from './env.schema';

export interface RunsOptions {
  /** BullMQ on this Redis; null runs the same processors in-process (the embedded default). */
  redisUrl: string | null;
  /** Most staff in one chunk job. */
  chunkSize: number;
  /** Tries per job before the run fails (transient errors only; configuration errors fail at once). */
  attempts: number;
  /** First retry delay; doubles on each retry. */
  backoffMs: number;
  /** When each month is scored (BullMQ job scheduler, or a timer in-process); null turns it off. */
  scheduleCron: string | null;
  scheduleTimezone: string;
  /** Whether this process works on jobs (workers always; the API only without Redis). */
  processJobs: boolean;
  /**
   * Jobs one worker process runs at once. Scoring is CPU work: one job per process, and more processes to
   * scale (a second job in the same process mostly adds garbage-collection work and memory).
   */
  concurrency: number;
  /** A job whose worker stops renewing its lock for this long is taken over by another worker. */
  lockDurationMs: number;
  /** A run silent this long whose jobs are gone (from Redis, or from this process) is failed by the watchdog. */
  staleMs: number;
}

export const DEFAULT_SCHEDULE = ENV_DEFAULTS.SCORING_CRON;

/** The schema's defaults, without Redis: in-process, as tests and benchmarks start from. */
export const DEFAULT_RUNS_OPTIONS: RunsOptions = {
  redisUrl: null,
  chunkSize: ENV_DEFAULTS.RUN_CHUNK_SIZE,
  attempts: ENV_DEFAULTS.RUN_ATTEMPTS,
  backoffMs: ENV_DEFAULTS.RUN_BACKOFF_MS,
  scheduleCron: DEFAULT_SCHEDULE,
  scheduleTimezone: ENV_DEFAULTS.SCORING_TZ,
  processJobs: true,
  concurrency: ENV_DEFAULTS.WORKER_CONCURRENCY,
  lockDurationMs: ENV_DEFAULTS.WORKER_LOCK_MS,
  staleMs: ENV_DEFAULTS.RUN_STALE_MS,
};

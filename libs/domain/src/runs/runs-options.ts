// How scoring runs are executed, read from the environment with the rest of the configuration.
import { parseExpression } from 'cron-parser';

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
  /** Indicators scoring below it get a proposed improvement plan when a regular run completes (default 60). */
  planThreshold?: number;
}

export const DEFAULT_SCHEDULE = '0 2 3 * *';

export const DEFAULT_RUNS_OPTIONS: RunsOptions = {
  redisUrl: null,
  chunkSize: 500,
  attempts: 5,
  backoffMs: 2000,
  scheduleCron: DEFAULT_SCHEDULE,
  scheduleTimezone: 'UTC',
  processJobs: true,
  concurrency: 1,
  lockDurationMs: 30000,
};

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return n;
}

/** Reads RUN_CHUNK_SIZE, RUN_ATTEMPTS, RUN_BACKOFF_MS, SCORING_CRON, SCORING_TZ, WORKER_CONCURRENCY, WORKER_LOCK_MS. */
export function readRunsOptions(
  env: NodeJS.ProcessEnv,
  redisUrl: string | null,
  problems: string[],
): Omit<RunsOptions, 'processJobs'> {
  const d = DEFAULT_RUNS_OPTIONS;
  const cron = env.SCORING_CRON?.trim() || DEFAULT_SCHEDULE;
  const tz = env.SCORING_TZ?.trim() || d.scheduleTimezone;
  let scheduleCron: string | null = cron === 'off' ? null : cron;
  if (scheduleCron !== null) {
    try {
      parseExpression(scheduleCron, { tz });
    } catch (e) {
      problems.push(
        `SCORING_CRON must be a cron pattern (or "off") valid in SCORING_TZ: ${(e as Error).message}`,
      );
      scheduleCron = null;
    }
  }
  return {
    redisUrl,
    chunkSize: integer(env, 'RUN_CHUNK_SIZE', d.chunkSize, 1, 100000, problems),
    attempts: integer(env, 'RUN_ATTEMPTS', d.attempts, 1, 100, problems),
    backoffMs: integer(env, 'RUN_BACKOFF_MS', d.backoffMs, 0, 3600000, problems),
    scheduleCron,
    scheduleTimezone: tz,
    concurrency: integer(env, 'WORKER_CONCURRENCY', d.concurrency, 1, 64, problems),
    lockDurationMs: integer(env, 'WORKER_LOCK_MS', d.lockDurationMs, 1000, 600000, problems),
  };
}

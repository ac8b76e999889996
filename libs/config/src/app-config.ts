// The API's configuration, read from the environment once at start-up. Every bad variable is reported at
// once, by name, and start-up stops: nothing runs on a half-understood configuration.
import { DatabaseTarget, DatabaseUrlError, parseDatabaseUrl, redact } from '@app/persistence';
import { readRunsOptions, RunsOptions } from '@app/runs';

export interface AppConfig {
  port: number;
  database: DatabaseTarget;
  /** Without it the API needs no Redis (the embedded default). */
  redisUrl: string | null;
  /** How runs are executed: `processJobs` is true in-process (no Redis) and for worker processes. */
  runs: RunsOptions;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`bad configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const rawPort = env.PORT ?? '3000';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65535)
    problems.push(`PORT must be a port number (0-65535), got "${rawPort}"`);
  let database: DatabaseTarget = { kind: 'sqlite', path: ':memory:' };
  try {
    database = parseDatabaseUrl(env.DATABASE_URL);
  } catch (e) {
    if (!(e instanceof DatabaseUrlError)) throw e;
    problems.push(e.message);
  }
  const redisUrl = env.REDIS_URL?.trim() || null;
  if (redisUrl !== null && !/^rediss?:\/\/[^/]+/.test(redisUrl)) {
    problems.push(`REDIS_URL must be a redis:// or rediss:// URL, got "${redact(redisUrl)}"`);
  }
  const runs = { ...readRunsOptions(env, redisUrl, problems), processJobs: redisUrl === null };
  if (problems.length) throw new ConfigError(problems);
  return { port, database, redisUrl, runs };
}

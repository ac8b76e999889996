// The API's configuration, read from the environment once at start-up. Every bad variable is reported at
// once, by name, and start-up stops: nothing runs on a half-understood configuration.
import { randomBytes } from 'node:crypto';
import { DatabaseTarget, DatabaseUrlError, parseDatabaseUrl, redact } from '@app/persistence';
import { readRunsOptions, RunsOptions } from '@app/domain/runs';

export interface AppConfig {
  port: number;
  database: DatabaseTarget;
  /** Without it the API needs no Redis (the embedded default). */
  redisUrl: string | null;
  /** How runs are executed: `processJobs` is true in-process (no Redis) and for worker processes. */
  runs: RunsOptions;
  auth: AuthOptions;
  /** The appraisal loop (PLAN_THRESHOLD, APPEAL_WINDOW_DAYS). */
  loop: LoopOptions;
}

export interface LoopOptions {
  /** An indicator scoring below this gets a proposed improvement plan when a month is scored (0-100, default 60). */
  planThreshold: number;
  /** Days after the month's current run finished during which staff may appeal (1-90, default 7). */
  appealWindowDays: number;
}

function readLoopOptions(env: NodeJS.ProcessEnv, problems: string[]): LoopOptions {
  const read = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  return {
    planThreshold: read('PLAN_THRESHOLD', 60, 0, 100),
    appealWindowDays: read('APPEAL_WINDOW_DAYS', 7, 1, 90),
  };
}

export interface AuthOptions {
  /** HMAC key of the access tokens (JWT_SECRET); random per process when unset (one API process only). */
  jwtSecret: string;
  /** How long an access token lasts (JWT_TTL_SECONDS, default 900). */
  tokenTtlSeconds: number;
  /** The first hr_admin, created on start when no user exists (ADMIN_USERNAME / ADMIN_PASSWORD). */
  admin: { username: string; password: string } | null;
}

export const MIN_PASSWORD_LENGTH = 10;

function readAuthOptions(env: NodeJS.ProcessEnv, problems: string[]): AuthOptions {
  const secret = env.JWT_SECRET?.trim();
  if (secret !== undefined && secret.length < 32)
    problems.push(`JWT_SECRET must be at least 32 characters, got ${secret.length}`);
  const rawTtl = env.JWT_TTL_SECONDS ?? '900';
  const ttl = Number(rawTtl);
  if (!/^\d+$/.test(rawTtl) || ttl < 60 || ttl > 86400)
    problems.push(`JWT_TTL_SECONDS must be between 60 and 86400, got "${rawTtl}"`);
  const username = env.ADMIN_USERNAME?.trim();
  const password = env.ADMIN_PASSWORD;
  if (Boolean(username) !== Boolean(password))
    problems.push('ADMIN_USERNAME and ADMIN_PASSWORD are set together or not at all');
  if (password !== undefined && password.length < MIN_PASSWORD_LENGTH)
    problems.push(`ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters`);
  return {
    jwtSecret: secret || randomBytes(32).toString('base64url'),
    tokenTtlSeconds: ttl,
    admin: username && password ? { username, password } : null,
  };
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
  const auth = readAuthOptions(env, problems);
  const loop = readLoopOptions(env, problems);
  if (problems.length) throw new ConfigError(problems);
  return { port, database, redisUrl, runs, auth, loop };
}

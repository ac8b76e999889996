// The configuration of a process, read from the environment once at start-up through the schema
// (env.schema.ts). Every bad variable is reported at once, by name, and start-up stops: nothing runs on a
// half-understood configuration.
import { randomBytes } from 'node:crypto';
import { DatabaseTarget, parseDatabaseUrl } from './database-url';
import { ENV_DEFAULTS, EnvName, EnvSchema, readEnv } from './env.schema';
import type { TrustProxySetting } from './env-var';
import { RunsOptions } from './runs-options';

export interface AppConfig {
  port: number;
  database: DatabaseTarget;
  /** Without it the API needs no Redis (the embedded default). */
  redisUrl: string | null;
  /** How runs are executed: `processJobs` is true in-process (no Redis) and for worker processes. */
  runs: RunsOptions;
  auth: AuthOptions;
  /** The appraisal loop (PLAN_THRESHOLD, PLAN_MAX_ITEMS, APPEAL_WINDOW_DAYS). */
  loop: LoopOptions;
  payroll: PayrollOptions;
  /** Evidence files (EVIDENCE_MAX_BYTES, EVIDENCE_DIR); absent: 5 MB, kept in the database. */
  evidence?: EvidenceOptions;
  /** How the API serves HTTP: its public address, proxies, request limits; absent: DEFAULT_HTTP_OPTIONS. */
  http?: HttpOptions;
  /** The work-order feeds (FEED_REPLAY_WINDOW_SECONDS, FEEDS_TZ); absent: 300 s, Asia/Shanghai. */
  feeds?: FeedsOptions;
}

export interface FeedsOptions {
  /** How far a signed request's timestamp may be from the clock, either way, in seconds. */
  replayWindowSeconds: number;
  /** The IANA time zone an event's month is counted in. */
  timeZone: string;
}

/** The feed options of an environment that sets none of them. */
export const DEFAULT_FEEDS_OPTIONS: Readonly<FeedsOptions> = {
  replayWindowSeconds: ENV_DEFAULTS.FEED_REPLAY_WINDOW_SECONDS,
  timeZone: ENV_DEFAULTS.FEEDS_TZ,
};

export interface HttpOptions {
  /** The address users open the pages at (PUBLIC_URL); null: not given (plain http on the port). */
  publicUrl: string | null;
  /** Express's `trust proxy` (TRUST_PROXY); false: no proxy is believed. */
  trustProxy: TrustProxySetting;
  /** The largest request body (BODY_LIMIT_BYTES). */
  bodyLimitBytes: number;
  /** How deep a JSON body may nest, and how many values it may hold (BODY_MAX_DEPTH, BODY_MAX_VALUES). */
  bodyMaxDepth: number;
  bodyMaxValues: number;
  /** The same for a document sent as text, once parsed (DOCUMENT_MAX_DEPTH, DOCUMENT_MAX_VALUES). */
  documentMaxDepth: number;
  documentMaxValues: number;
  /** A request must arrive whole, and a connection may not idle, within this (REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: number;
}

/** The HTTP options of an environment that sets none of them. */
export const DEFAULT_HTTP_OPTIONS: Readonly<HttpOptions> = httpOptions(ENV_DEFAULTS);

const HTTP_VARS: EnvName[] = [
  'PUBLIC_URL',
  'TRUST_PROXY',
  'BODY_LIMIT_BYTES',
  'BODY_MAX_DEPTH',
  'BODY_MAX_VALUES',
  'DOCUMENT_MAX_DEPTH',
  'DOCUMENT_MAX_VALUES',
  'REQUEST_TIMEOUT_MS',
];

/** The HTTP options alone (for an AppConfig built without them); throws ConfigError naming each bad variable. */
export function loadHttpOptions(env: NodeJS.ProcessEnv = process.env): HttpOptions {
  return httpOptions(loadEnv(HTTP_VARS, env));
}

function httpOptions(e: Readonly<EnvSchema>): HttpOptions {
  return {
    publicUrl: e.PUBLIC_URL ?? null,
    trustProxy: e.TRUST_PROXY,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    bodyMaxDepth: e.BODY_MAX_DEPTH,
    bodyMaxValues: e.BODY_MAX_VALUES,
    documentMaxDepth: e.DOCUMENT_MAX_DEPTH,
    documentMaxValues: e.DOCUMENT_MAX_VALUES,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
  };
}

export interface EvidenceOptions {
  /** The largest evidence file accepted, in bytes. */
  maxBytes: number;
  /** The directory files are kept in; null: in the database. */
  dir: string | null;
}

export interface LoopOptions {
  /** Below this an indicator is weak: a person's weakest get proposed plans (0-100, default 60). */
  planThreshold: number;
  /** The most low-score items of a person's plan of a month, vetoes besides (0-30, PLAN_MAX_ITEMS); absent: 3. */
  planMaxItems?: number;
  /** Days after the month's current run finished during which staff may appeal (1-90, default 7). */
  appealWindowDays: number;
  /** A set of an opinion round with fewer answers shows counts only (OPINION_MIN_ANSWERS); absent: 5. */
  opinionMinAnswers?: number;
  /** The input training hours feed (TRAINING_HOURS_INPUT); null: none; absent: training_hours. */
  trainingHoursInput?: string | null;
}

export interface AuthOptions {
  /** HMAC key of the access tokens (JWT_SECRET); random per process when unset (one API process only). */
  jwtSecret: string;
  /** How long an access token lasts (JWT_TTL_SECONDS, default 900). */
  tokenTtlSeconds: number;
  /** The first hr_admin, created on start when no user exists (ADMIN_USERNAME / ADMIN_PASSWORD). */
  admin: { username: string; password: string } | null;
}

export interface PayrollOptions {
  /** The currency of every payroll line (PAYROLL_CURRENCY, default CNY). */
  currency: string;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`bad configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Some variables of the environment, validated: for a process that needs only these (the CLI's file commands,
 * the demo's switches), so that a bad value elsewhere does not stop it. Throws ConfigError naming each bad one.
 */
export function loadEnv<K extends EnvName>(
  names: K[],
  env: NodeJS.ProcessEnv = process.env,
): Pick<EnvSchema, K> {
  const { values, problems } = readEnv(env);
  const bad = names.flatMap((name) => problems.get(name) ?? []);
  if (bad.length) throw new ConfigError(bad);
  return values;
}

/** The whole configuration, validated; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const { values: e, problems } = readEnv(env);
  if (problems.size) throw new ConfigError([...problems.values()].flat());
  const redisUrl = e.REDIS_URL ?? null;
  return {
    port: e.PORT,
    database: parseDatabaseUrl(e.DATABASE_URL),
    redisUrl,
    runs: {
      redisUrl,
      chunkSize: e.RUN_CHUNK_SIZE,
      attempts: e.RUN_ATTEMPTS,
      backoffMs: e.RUN_BACKOFF_MS,
      scheduleCron: e.SCORING_CRON === 'off' ? null : e.SCORING_CRON,
      scheduleTimezone: e.SCORING_TZ,
      processJobs: redisUrl === null,
      concurrency: e.WORKER_CONCURRENCY,
      lockDurationMs: e.WORKER_LOCK_MS,
      staleMs: e.RUN_STALE_MS,
    },
    auth: {
      jwtSecret: e.JWT_SECRET ?? randomBytes(32).toString('base64url'),
      tokenTtlSeconds: e.JWT_TTL_SECONDS,
      admin:
        e.ADMIN_USERNAME !== undefined && e.ADMIN_PASSWORD !== undefined
          ? { username: e.ADMIN_USERNAME, password: e.ADMIN_PASSWORD }
          : null,
    },
    loop: {
      planThreshold: e.PLAN_THRESHOLD,
      planMaxItems: e.PLAN_MAX_ITEMS,
      appealWindowDays: e.APPEAL_WINDOW_DAYS,
      opinionMinAnswers: e.OPINION_MIN_ANSWERS,
      // Set to an empty value (which the schema reads as unset) or `off`: training feeds nothing.
      trainingHoursInput:
        env.TRAINING_HOURS_INPUT?.trim() === '' || e.TRAINING_HOURS_INPUT === 'off'
          ? null
          : e.TRAINING_HOURS_INPUT,
    },
    payroll: { currency: e.PAYROLL_CURRENCY },
    evidence: { maxBytes: e.EVIDENCE_MAX_BYTES, dir: e.EVIDENCE_DIR ?? null },
    http: httpOptions(e),
    feeds: { replayWindowSeconds: e.FEED_REPLAY_WINDOW_SECONDS, timeZone: e.FEEDS_TZ },
  };
}

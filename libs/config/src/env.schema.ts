// Every environment variable the API, the workers, the CLI and the demo read, declared once: a property's initial
// value is the default, its value decorator the parser, validator and allowed values, `@EnvVar` the description
// and the processes that use it. loadConfig (app-config.ts) builds AppConfig from it; docs/CONFIGURATION.md and
// config/.env.example are generated from it (`npm run config:docs`), and a test fails when they drift.
// An empty value counts as unset; values are trimmed, passwords excepted.
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DEFAULT_DATABASE_URL } from './database-url';
import {
  CronPattern,
  CurrencyCode,
  DatabaseUrl,
  DirectoryPath,
  EnvVar,
  envVarDocs,
  Flag,
  InputCodeOrOff,
  MinChars,
  PortNumber,
  PublicUrl,
  RAW_ENV,
  RedisUrl,
  SetWith,
  TimeZone,
  TrustProxy,
  TrustProxySetting,
  WholeNumber,
} from './env-var';

/** The shortest password a user (ADMIN_PASSWORD included) may have. */
export const MIN_PASSWORD_LENGTH = 12;

export class EnvSchema {
  // ---- Where it runs
  @EnvVar({ description: 'The port the HTTP API listens on.', readBy: ['API', 'demo'] })
  @PortNumber()
  PORT: number = 3000;

  @EnvVar({
    description:
      'The address users open the pages at, when it is not the API itself: `https://scorecard.example-hospital.cn` ' +
      'behind a TLS proxy. Only when it is https (or a trusted proxy says the request came over https, ' +
      '`TRUST_PROXY`) do the pages get HSTS and `upgrade-insecure-requests`, so that the pages work over plain ' +
      'http on an intranet. The demo and `npm start` print it as the page address.',
    readBy: ['API', 'demo'],
    defaultText: "(unset: http on the listening port; the address printed is each of the machine's)",
  })
  @PublicUrl()
  PUBLIC_URL?: string;

  @EnvVar({
    description:
      'Which proxies in front of the API to believe about the client (`X-Forwarded-For`, `X-Forwarded-Proto`): ' +
      "Express's `trust proxy`. Set it when a TLS proxy serves the pages, so that a request it received over " +
      'https gets the https headers; `true` only when nothing but the proxy can reach the API.',
    readBy: ['API', 'demo'],
  })
  @TrustProxy()
  TRUST_PROXY: TrustProxySetting = false;

  @EnvVar({
    description:
      'The database. The API migrates it on start; workers refuse to start while migrations are pending. ' +
      'The demo always uses `sqlite:data/demo.sqlite`.',
    readBy: ['API', 'worker', 'CLI', 'migration:run'],
  })
  @DatabaseUrl()
  DATABASE_URL: string = DEFAULT_DATABASE_URL;

  @EnvVar({
    description:
      'The BullMQ queue for scoring runs. Unset, the API runs them in its own process (one API process only); ' +
      'set, worker processes run them, and a worker requires it. The demo ignores it.',
    readBy: ['API', 'worker', 'CLI'],
    defaultText: '(unset: runs in-process)',
  })
  @RedisUrl()
  REDIS_URL?: string;

  // ---- Scoring runs
  @EnvVar({ description: 'Most staff in one chunk job of a run.', readBy: ['API', 'worker', 'CLI', 'demo'] })
  @WholeNumber(1, 100000)
  RUN_CHUNK_SIZE: number = 500;

  @EnvVar({
    description:
      'Tries per job before the run fails (transient errors only; configuration errors fail at once).',
    readBy: ['API', 'worker', 'CLI', 'demo'],
  })
  @WholeNumber(1, 100)
  RUN_ATTEMPTS: number = 5;

  @EnvVar({
    description: 'First retry delay of a failed job, in milliseconds; doubles on each retry.',
    readBy: ['API', 'worker', 'CLI', 'demo'],
  })
  @WholeNumber(0, 3600000)
  RUN_BACKOFF_MS: number = 2000;

  @EnvVar({
    description:
      'When each month is scored automatically (02:00 on the 3rd by default), by whoever processes jobs: the ' +
      'workers with Redis, the API without. `off` turns it off.',
    readBy: ['API', 'worker'],
  })
  @CronPattern('SCORING_TZ')
  SCORING_CRON: string = '0 2 3 * *';

  @EnvVar({ description: 'The time zone of `SCORING_CRON`.', readBy: ['API', 'worker'] })
  @TimeZone()
  SCORING_TZ: string = 'UTC';

  @EnvVar({
    description:
      'Jobs one worker process runs at once. Scoring is CPU work: scale with more processes rather than this.',
    readBy: ['worker'],
  })
  @WholeNumber(1, 64)
  WORKER_CONCURRENCY: number = 1;

  @EnvVar({
    description:
      'Milliseconds after which the job of a worker that stopped renewing its lock is taken over by another.',
    readBy: ['worker'],
  })
  @WholeNumber(1000, 600000)
  WORKER_LOCK_MS: number = 30000;

  @EnvVar({
    description:
      'Milliseconds a queued or running run may go without a sign of life (planned, a job started, a chunk ' +
      'done) before the watchdog fails it, once none of its jobs is left in Redis (or, without Redis, in this ' +
      'process). Checked by the API and the workers every quarter of this, at most every minute.',
    readBy: ['API', 'worker'],
  })
  @WholeNumber(1000, 86400000)
  RUN_STALE_MS: number = 600000;

  @EnvVar({
    description:
      'Milliseconds a process sent SIGTERM (or SIGINT) has to stop: the API finishes its requests, a worker the ' +
      'jobs in hand. Past it, the process exits with code 1 whatever state Redis or the database is in.',
    readBy: ['API', 'worker'],
  })
  @WholeNumber(100, 600000)
  SHUTDOWN_TIMEOUT_MS: number = 10000;

  @EnvVar({
    description:
      'Milliseconds a client has to send a whole request, and a connection may stay silent, before the API closes ' +
      'it (a client that trickles a request a byte at a time holds no connection for long).',
    readBy: ['API', 'demo'],
  })
  @WholeNumber(1000, 600000)
  REQUEST_TIMEOUT_MS: number = 30000;

  // ---- Request limits
  @EnvVar({
    description:
      'The largest request body, in bytes: JSON, a YAML document, CSV, an uploaded workbook or CSV file. A larger ' +
      'one is refused with 413 (`PAYLOAD_TOO_LARGE`). A month of 10,000 staff is about 5 MB of JSON.',
    readBy: ['API', 'demo'],
  })
  @WholeNumber(1024, 1073741824)
  BODY_LIMIT_BYTES: number = 8388608;

  @EnvVar({
    description:
      'How deep a JSON request body may nest (the body itself is level 1); deeper is refused with 400 ' +
      '(`BODY_TOO_COMPLEX`) before anything walks it.',
    readBy: ['API', 'demo'],
  })
  @WholeNumber(4, 1000)
  BODY_MAX_DEPTH: number = 32;

  @EnvVar({
    description:
      'The most values (numbers, texts, lists, objects) a JSON request body may hold; more is refused with 400.',
    readBy: ['API', 'demo'],
  })
  @WholeNumber(100, 100000000)
  BODY_MAX_VALUES: number = 10000000;

  @EnvVar({
    description:
      'How deep a scorecard document sent as YAML (or JSON text) may nest once parsed; deeper is refused with 400.',
    readBy: ['API', 'demo'],
  })
  @WholeNumber(4, 1000)
  DOCUMENT_MAX_DEPTH: number = 32;

  @EnvVar({
    description:
      'The most values a scorecard document sent as YAML may hold once parsed, YAML aliases counted each time ' +
      'they are used (an alias bomb is refused at once); more is refused with 400. About 4.5 million for a ' +
      'month of 100,000 staff with 40 inputs each.',
    readBy: ['API', 'demo'],
  })
  @WholeNumber(100, 100000000)
  DOCUMENT_MAX_VALUES: number = 10000000;

  // ---- Sign-in
  @EnvVar({
    description:
      'The HMAC key of the access tokens. Unset, a random key per process: set it when more than one API ' +
      'process serves, or tokens stop working at a restart.',
    readBy: ['API', 'demo'],
    defaultText: '(random per process)',
  })
  @MinChars(32, true)
  JWT_SECRET?: string;

  @EnvVar({ description: 'How long an access token lasts, in seconds.', readBy: ['API', 'demo'] })
  @WholeNumber(60, 86400)
  JWT_TTL_SECONDS: number = 900;

  @EnvVar({
    description: 'The first `hr_admin`, created on start when no user exists yet.',
    readBy: ['API', 'demo'],
    defaultText: '(unset: no user created)',
  })
  @SetWith('ADMIN_PASSWORD')
  ADMIN_USERNAME?: string;

  @EnvVar({
    description: 'The password of `ADMIN_USERNAME` (spaces kept).',
    readBy: ['API', 'demo'],
    defaultText: '(unset)',
    keepSpaces: true,
  })
  @MinChars(MIN_PASSWORD_LENGTH, false)
  ADMIN_PASSWORD?: string;

  // ---- Appraisal and pay
  @EnvVar({
    description:
      'An indicator scoring below this is weak: when a month is scored, a person gets a proposed improvement ' +
      'plan for the month holding their weakest ones as items, up to `PLAN_MAX_ITEMS`.',
    readBy: ['API', 'worker', 'CLI', 'demo'],
  })
  @WholeNumber(0, 100)
  PLAN_THRESHOLD: number = 60;

  @EnvVar({
    description:
      "The most low-score items a person's improvement plan gets for a month: their weakest indicators below " +
      '`PLAN_THRESHOLD`, lowest score first. Every veto is an item besides; 0: items for vetoes only.',
    readBy: ['API', 'worker', 'CLI', 'demo'],
  })
  @WholeNumber(0, 30)
  PLAN_MAX_ITEMS: number = 3;

  @EnvVar({
    description: "Days after a month's current run finished during which staff may appeal.",
    readBy: ['API', 'demo'],
  })
  @WholeNumber(1, 90)
  APPEAL_WINDOW_DAYS: number = 7;

  @EnvVar({
    description:
      'Staff opinion rounds on the appraisal (docs/OPINIONS.md): a set with fewer answers than this shows HR ' +
      'its counts only — no means, distributions, comments or suggestions — so that no answer can be traced to ' +
      'a person.',
    readBy: ['API'],
  })
  @WholeNumber(1, 1000)
  OPINION_MIN_ANSWERS: number = 5;

  @EnvVar({
    description:
      'The input that training assignments feed: when a training action of an improvement plan is done, the ' +
      'month of its day gets one intake batch (source `training`) of this input per person, the sum of their ' +
      'hours done that month. `off`, or set to an empty value: training feeds no input.',
    readBy: ['API', 'demo'],
  })
  @InputCodeOrOff()
  TRAINING_HOURS_INPUT: string = 'training_hours';

  @EnvVar({ description: 'The currency of the payroll lines.', readBy: ['API', 'demo'] })
  @CurrencyCode()
  PAYROLL_CURRENCY: string = 'CNY';

  // ---- Intake
  @EnvVar({
    description:
      'How many months before the current one a month may be opened or take data (opening a month, ' +
      "measurement dates, CSV and Excel rows, a document's period).",
    readBy: ['API', 'demo'],
  })
  @WholeNumber(0, 1200)
  INTAKE_MONTHS_BACK: number = 24;

  @EnvVar({
    description: 'How many months after the current one a month may be opened or take data.',
    readBy: ['API', 'demo'],
  })
  @WholeNumber(0, 120)
  INTAKE_MONTHS_AHEAD: number = 1;

  // ---- Work-order feeds
  @EnvVar({
    description:
      "How far, in seconds, the `X-Feed-Timestamp` of a signed work-order feed request may be from the server's " +
      'clock, either way; outside it the request is refused with 401 (a replayed request is stale).',
    readBy: ['API', 'demo'],
  })
  @WholeNumber(30, 86400)
  FEED_REPLAY_WINDOW_SECONDS: number = 300;

  @EnvVar({
    description:
      "The hospital's time zone: the month (YYYY-MM) a work-order event belongs to is its date there.",
    readBy: ['API', 'demo'],
  })
  @TimeZone()
  FEEDS_TZ: string = 'Asia/Shanghai';

  // ---- Evidence
  @EnvVar({
    description:
      'The largest evidence file (a photo, a PDF scan) accepted, in bytes; a larger one is refused with 413.',
    readBy: ['API', 'demo'],
  })
  @WholeNumber(1024, 52428800)
  EVIDENCE_MAX_BYTES: number = 5242880;

  @EnvVar({
    description:
      "A directory for evidence files (`<period>/<id>-<sha256>` under it; never the client's file name). " +
      'Unset, the files are kept in the database (base64).',
    readBy: ['API'],
    defaultText: '(unset: in the database)',
  })
  @DirectoryPath()
  EVIDENCE_DIR?: string;

  // ---- Tools
  @EnvVar({ description: 'Adds the stack trace to an unexpected failure.', readBy: ['CLI', 'demo'] })
  @Flag()
  SCORECARD_DEBUG: boolean = false;

  @EnvVar({
    description: 'Stop the demo after its report instead of serving the API (CI smoke runs).',
    readBy: ['demo'],
  })
  @Flag()
  DEMO_NO_SERVE: boolean = false;
}

export type EnvName = keyof EnvSchema;

/** The variables of the schema, in declaration order, with everything the docs say about them. */
export const ENV_VARS = envVarDocs(EnvSchema);

/** The schema's defaults, as parsed values (unset variables without a default are undefined). */
export const ENV_DEFAULTS: Readonly<EnvSchema> = Object.freeze(new EnvSchema());

export interface EnvReading {
  values: EnvSchema;
  /** Every bad variable's message, by variable, in declaration order. */
  problems: Map<EnvName, string[]>;
}

/** Parses and validates the whole environment against the schema, collecting every problem. */
export function readEnv(env: NodeJS.ProcessEnv): EnvReading {
  const given: Record<string, string> = {};
  for (const v of ENV_VARS) {
    const raw = v.keepSpaces ? env[v.name] : env[v.name]?.trim();
    if (raw) given[v.name] = raw;
  }
  const values = plainToInstance(EnvSchema, given);
  Object.defineProperty(values, RAW_ENV, { value: given });
  const problems = new Map<EnvName, string[]>();
  for (const error of validateSync(values)) {
    problems.set(error.property as EnvName, Object.values(error.constraints ?? {}));
  }
  return { values, problems };
}

// The environment schema: its defaults, every bad value refused by name with the value as written, all of them
// at once; the generated docs and config/.env.example match it; and no variable is read anywhere in the
// repository without being declared (in the schema, or the development table).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONFIGURATION_DOC_PATH,
  ConfigError,
  DEFAULT_RUNS_OPTIONS,
  DEV_ENV_VARS,
  ENV_EXAMPLE_PATH,
  ENV_VARS,
  loadConfig,
  loadEnv,
  renderConfigurationDoc,
  renderEnvExample,
} from '.';

const ROOT = join(__dirname, '../../..');

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('defaults', () => {
  it('needs no variable at all: the embedded SQLite file, no Redis, in-process runs', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      port: 3000,
      database: { kind: 'sqlite', path: 'data/scorecard.sqlite' },
      redisUrl: null,
      runs: { ...DEFAULT_RUNS_OPTIONS, redisUrl: null, processJobs: true },
      auth: { jwtSecret: expect.any(String), tokenTtlSeconds: 900, admin: null },
      loop: {
        planThreshold: 60,
        planMaxItems: 3,
        appealWindowDays: 7,
        trainingHoursInput: 'training_hours',
        opinionMinAnswers: 5,
      },
      payroll: { currency: 'CNY' },
      evidence: { maxBytes: 5242880, dir: null },
      // Today's limits; pages over plain http unless told otherwise.
      http: {
        publicUrl: null,
        trustProxy: false,
        bodyLimitBytes: 8 * 1024 * 1024,
        bodyMaxDepth: 32,
        bodyMaxValues: 10_000_000,
        documentMaxDepth: 32,
        documentMaxValues: 10_000_000,
        requestTimeoutMs: 30000,
      },
      feeds: { replayWindowSeconds: 300, timeZone: 'Asia/Shanghai' },
    });
    expect(DEFAULT_RUNS_OPTIONS).toMatchObject({
      chunkSize: 500,
      attempts: 5,
      backoffMs: 2000,
      scheduleCron: '0 2 3 * *',
      scheduleTimezone: 'UTC',
      concurrency: 1,
      lockDurationMs: 30000,
    });
    // Random per process when unset: two processes do not share it.
    expect(config.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({}).auth.jwtSecret).not.toBe(config.auth.jwtSecret);
  });

  it('treats an empty value as unset and trims values, passwords excepted', () => {
    expect(loadConfig({ PORT: '', RUN_CHUNK_SIZE: '  ', SCORING_CRON: '' })).toMatchObject({
      port: 3000,
      runs: { chunkSize: 500, scheduleCron: '0 2 3 * *' },
    });
    const config = loadConfig({
      PORT: ' 8080 ',
      REDIS_URL: ' redis://h:6379 ',
      ADMIN_USERNAME: ' root ',
      ADMIN_PASSWORD: ' a password ',
      PAYROLL_CURRENCY: 'EUR',
    });
    expect(config.port).toBe(8080);
    expect(config.redisUrl).toBe('redis://h:6379');
    expect(config.auth.admin).toEqual({ username: 'root', password: ' a password ' });
    expect(config.payroll.currency).toBe('EUR');
  });

  it('reads the evidence limits: a size from 1 KB to 50 MB, a directory', () => {
    expect(
      loadConfig({ EVIDENCE_MAX_BYTES: '1048576', EVIDENCE_DIR: '/var/lib/scorecard/evidence' }).evidence,
    ).toEqual({ maxBytes: 1048576, dir: '/var/lib/scorecard/evidence' });
    expect(problemsOf({ EVIDENCE_MAX_BYTES: '5MB' })).toEqual([
      expect.stringContaining('EVIDENCE_MAX_BYTES'),
    ]);
    expect(problemsOf({ EVIDENCE_MAX_BYTES: '100' })).toEqual([
      expect.stringContaining('EVIDENCE_MAX_BYTES'),
    ]);
  });

  it('reads every value it is given', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:pw@db:5432/scores',
      REDIS_URL: 'rediss://q:6380',
      RUN_CHUNK_SIZE: '100',
      RUN_ATTEMPTS: '2',
      RUN_BACKOFF_MS: '0',
      SCORING_CRON: 'off',
      SCORING_TZ: 'Asia/Shanghai',
      WORKER_CONCURRENCY: '4',
      WORKER_LOCK_MS: '1000',
      JWT_SECRET: 'x'.repeat(32),
      JWT_TTL_SECONDS: '60',
      PLAN_THRESHOLD: '0',
      PLAN_MAX_ITEMS: '0',
      APPEAL_WINDOW_DAYS: '90',
    });
    expect(config).toMatchObject({
      database: { kind: 'postgres', url: 'postgres://u:pw@db:5432/scores' },
      redisUrl: 'rediss://q:6380',
      runs: {
        redisUrl: 'rediss://q:6380',
        processJobs: false,
        chunkSize: 100,
        attempts: 2,
        backoffMs: 0,
        scheduleCron: null,
        scheduleTimezone: 'Asia/Shanghai',
        concurrency: 4,
        lockDurationMs: 1000,
      },
      auth: { jwtSecret: 'x'.repeat(32), tokenTtlSeconds: 60 },
      loop: { planThreshold: 0, planMaxItems: 0, appealWindowDays: 90 },
    });
  });
});

describe('validation', () => {
  // One bad value per variable, and the message that names it.
  const BAD: [string, string, string][] = [
    ['PORT', 'abc', 'PORT must be a port number (0-65535), got "abc"'],
    ['PORT', '65536', 'PORT must be a port number (0-65535), got "65536"'],
    [
      'DATABASE_URL',
      'mysql://u:pw@h/db',
      'DATABASE_URL "mysql://u:***@h/db" is not supported: use postgres://… or sqlite:PATH',
    ],
    ['REDIS_URL', 'http://u:pw@x', 'REDIS_URL must be a redis:// or rediss:// URL, got "http://u:***@x"'],
    ['RUN_CHUNK_SIZE', '0', 'RUN_CHUNK_SIZE must be a whole number from 1 to 100000, got "0"'],
    ['RUN_ATTEMPTS', '2.5', 'RUN_ATTEMPTS must be a whole number from 1 to 100, got "2.5"'],
    ['RUN_BACKOFF_MS', '-1', 'RUN_BACKOFF_MS must be a whole number from 0 to 3600000, got "-1"'],
    ['SCORING_TZ', 'Mars/Olympus', 'SCORING_TZ must be an IANA time zone, got "Mars/Olympus"'],
    ['WORKER_CONCURRENCY', '65', 'WORKER_CONCURRENCY must be a whole number from 1 to 64, got "65"'],
    ['WORKER_LOCK_MS', '1e4', 'WORKER_LOCK_MS must be a whole number from 1000 to 600000, got "1e4"'],
    ['JWT_SECRET', 'short', 'JWT_SECRET must be at least 32 characters, got 5'],
    ['JWT_TTL_SECONDS', '59', 'JWT_TTL_SECONDS must be a whole number from 60 to 86400, got "59"'],
    ['PLAN_THRESHOLD', '101', 'PLAN_THRESHOLD must be a whole number from 0 to 100, got "101"'],
    ['PLAN_MAX_ITEMS', '31', 'PLAN_MAX_ITEMS must be a whole number from 0 to 30, got "31"'],
    ['PLAN_MAX_ITEMS', '2.5', 'PLAN_MAX_ITEMS must be a whole number from 0 to 30, got "2.5"'],
    ['APPEAL_WINDOW_DAYS', '0', 'APPEAL_WINDOW_DAYS must be a whole number from 1 to 90, got "0"'],
    [
      'PAYROLL_CURRENCY',
      'euro',
      'PAYROLL_CURRENCY must be an ISO 4217 currency code (three capital letters), got "euro"',
    ],
  ];

  it.each(BAD)('refuses %s=%s by name', (name, value, message) => {
    expect(problemsOf({ [name]: value })).toEqual([message]);
  });

  it('refuses a cron pattern that is not one, in its time zone', () => {
    const [problem, ...others] = problemsOf({ SCORING_CRON: 'every day' });
    expect(others).toEqual([]);
    expect(problem).toMatch(/^SCORING_CRON must be a cron pattern \(or "off"\) valid in SCORING_TZ: /);
    // A bad time zone is reported once, on its own variable.
    expect(problemsOf({ SCORING_TZ: 'Nowhere/Land' })).toEqual([
      'SCORING_TZ must be an IANA time zone, got "Nowhere/Land"',
    ]);
  });

  it('wants ADMIN_USERNAME and ADMIN_PASSWORD together, and a long enough password', () => {
    const together = 'ADMIN_USERNAME and ADMIN_PASSWORD are set together or not at all';
    expect(problemsOf({ ADMIN_USERNAME: 'root' })).toEqual([together]);
    expect(problemsOf({ ADMIN_PASSWORD: 'long enough password' })).toEqual([together]);
    // The password itself is never repeated, not even its length.
    expect(problemsOf({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'short' })).toEqual([
      'ADMIN_PASSWORD must be at least 12 characters',
    ]);
  });

  it('reports every bad variable at once', () => {
    // The last bad value of each variable (PORT has two).
    const env = Object.fromEntries(BAD.map(([name, value]) => [name, value]));
    const expected = BAD.filter(([name], i) => !BAD.slice(i + 1).some(([other]) => other === name));
    expect(problemsOf(env)).toEqual(expected.map(([, , message]) => message));
    expect(() => loadConfig(env)).toThrow(/^bad configuration:\n {2}- PORT must be a port number/);
  });

  it('reads the input training feeds: a code, or none when off or set to an empty value', () => {
    expect(loadConfig({ TRAINING_HOURS_INPUT: 'TRAINING_HOURS' }).loop.trainingHoursInput).toBe(
      'TRAINING_HOURS',
    );
    expect(loadConfig({ TRAINING_HOURS_INPUT: 'off' }).loop.trainingHoursInput).toBeNull();
    expect(loadConfig({ TRAINING_HOURS_INPUT: ' ' }).loop.trainingHoursInput).toBeNull();
    expect(() => loadConfig({ TRAINING_HOURS_INPUT: 'two words' })).toThrow(
      /TRAINING_HOURS_INPUT must be an input code/,
    );
  });

  it('takes switches leniently: 1, true or yes turn one on, anything else leaves it off', () => {
    expect(loadEnv(['DEMO_NO_SERVE'], { DEMO_NO_SERVE: 'YES' }).DEMO_NO_SERVE).toBe(true);
    expect(loadEnv(['DEMO_NO_SERVE'], { DEMO_NO_SERVE: ' 1 ' }).DEMO_NO_SERVE).toBe(true);
    expect(loadEnv(['SCORECARD_DEBUG'], { SCORECARD_DEBUG: 'no' }).SCORECARD_DEBUG).toBe(false);
    expect(loadEnv(['SCORECARD_DEBUG'], {}).SCORECARD_DEBUG).toBe(false);
  });

  it('loadEnv checks only the variables asked for', () => {
    expect(loadEnv(['DEMO_NO_SERVE'], { PORT: 'abc', DEMO_NO_SERVE: 'true' })).toMatchObject({
      DEMO_NO_SERVE: true,
    });
    expect(() => loadEnv(['PORT'], { PORT: 'abc' })).toThrow(ConfigError);
  });
});

describe('generated files', () => {
  it.each([
    [CONFIGURATION_DOC_PATH, renderConfigurationDoc],
    [ENV_EXAMPLE_PATH, renderEnvExample],
  ])('%s matches the schema (npm run config:docs regenerates it)', (path, render) => {
    expect(readFileSync(join(ROOT, path), 'utf8')).toBe(render());
  });

  it('config/.env.example lists every variable with its default', () => {
    const example = renderEnvExample();
    for (const v of ENV_VARS) expect(example).toMatch(new RegExp(`^# ${v.name}=`, 'm'));
    expect(example).toContain('# PORT=3000\n');
    expect(example).toContain('# SCORING_CRON="0 2 3 * *"\n');
  });
});

describe('every variable is declared', () => {
  function sources(dir: string): string[] {
    return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
      .filter((f) => f.isFile() && f.name.endsWith('.ts'))
      .map((f) => join(f.parentPath, f.name));
  }
  const files = ['apps', 'libs', 'scripts', 'test'].flatMap(sources);
  const reads = (file: string) => [
    ...readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g),
  ];

  it('in the schema or the development table', () => {
    const declared = new Set([...ENV_VARS, ...DEV_ENV_VARS].map((v) => v.name));
    const undeclared = files.flatMap((f) =>
      reads(f)
        .map((m) => m[1])
        .filter((name) => !declared.has(name))
        .map((name) => `${name} in ${f.slice(ROOT.length + 1)}`),
    );
    expect(undeclared).toEqual([]);
  });

  it('and the apps and libs read the environment only through @app/config', () => {
    const direct = files
      .filter((f) => /\/(apps|libs)\//.test(f.slice(ROOT.length)) && !f.includes('/libs/config/'))
      .flatMap((f) => reads(f).map((m) => `${m[1]} in ${f.slice(ROOT.length + 1)}`));
    expect(direct).toEqual([]);
  });

  it('each schema variable once, none also in the development table', () => {
    const names = [...ENV_VARS, ...DEV_ENV_VARS].map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

// The variables only development tools read: test suites, benchmarks and the migration generator. They are not
// part of a process's configuration (nothing validates them at start-up, each tool reads its own where it is
// used), but they are listed here so that docs/CONFIGURATION.md documents every variable the repository reads,
// and the schema test can check that no variable read anywhere goes undocumented.

export interface DevEnvVar {
  name: string;
  default: string;
  description: string;
  /** The files that read it. */
  readBy: string[];
}

export const DEV_ENV_VARS: readonly DevEnvVar[] = [
  {
    name: 'TEST_DATABASE_URL',
    default: '(unset: SQLite only)',
    description: 'A PostgreSQL database the test suites may empty: the domain and e2e tests run on it too.',
    readBy: ['test/support/postgres.ts'],
  },
  {
    name: 'TEST_REDIS_URL',
    default: '(unset: skipped)',
    description: 'A Redis for the worker and health suites, which are skipped without it.',
    readBy: ['test/workers.e2e-spec.ts', 'test/health.e2e-spec.ts'],
  },
  {
    name: 'CI',
    default: '(unset)',
    description:
      '`true` makes a suite that would skip for want of PostgreSQL, Redis or Chromium fail instead: CI runs everything.',
    readBy: ['test/support/externals.ts'],
  },
  {
    name: 'SCORECARD_SKIPS_FILE',
    default: '(set by the test reporter)',
    description:
      'Where a skipped suite notes itself; test/support/summary-reporter.js sets it and lists the skips again.',
    readBy: ['test/support/externals.ts'],
  },
  {
    name: 'FUZZ_SEED',
    default: '20261128',
    description: 'The seed of the fuzz suite (fast-check): the same seed sends the same requests.',
    readBy: ['test/fuzz.e2e-spec.ts'],
  },
  {
    name: 'FUZZ_RUNS',
    default: '20',
    description:
      'Requests the fuzz suite sends to each write route (its budget); raise it for a longer hunt.',
    readBy: ['test/fuzz.e2e-spec.ts'],
  },
  {
    name: 'SCORECARD_TODAY',
    default: '(unset: the real date)',
    description:
      'Pins "today" (YYYY-MM-DD) for the intake window (INTAKE_MONTHS_BACK/AHEAD), so the suites\' fixed months ' +
      'stay inside it whenever they run; test/support/today.ts sets 2026-12-15. Not for production.',
    readBy: ['libs/config/src/dev-env.ts', 'test/support/today.ts'],
  },
  {
    name: 'CHROMIUM_PATH',
    default: '/usr/bin/chromium',
    description: 'The browser the web pages suite drives.',
    readBy: ['test/web.e2e-spec.ts'],
  },
  {
    name: 'SCORECARD_SHARED_DIR',
    default: '../shared',
    description: 'A directory whose `scenarios/` are scored by the scenario suite besides test/fixtures.',
    readBy: ['test/support/scenarios.ts'],
  },
  {
    name: 'WORKER_NODE_FLAGS',
    default: '(none)',
    description: 'More node options for the worker processes the tests and benchmarks start (`--cpu-prof`).',
    readBy: ['test/support/worker-process.ts'],
  },
  {
    name: 'API_NODE_FLAGS',
    default: '(none)',
    description: 'More node options for the API process the benchmarks start (`--cpu-prof`, `--trace-gc`).',
    readBy: ['scripts/api-process.ts'],
  },
  {
    name: 'BENCH_POSTGRES_URL',
    default: 'postgres://postgres@127.0.0.1:5432/postgres',
    description: 'The PostgreSQL server the benchmarks create their scratch databases on.',
    readBy: ['scripts/bench-api.ts', 'scripts/bench-e2e.ts'],
  },
  {
    name: 'MIGRATION_POSTGRES_URL',
    default: 'postgres://postgres@127.0.0.1:5432/postgres',
    description:
      '`npm run migration:generate` diffs the PostgreSQL schema in a scratch database created here.',
    readBy: ['scripts/migration-generate.ts'],
  },
];

const DAY_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * SCORECARD_TODAY, the day the test support pins as "today" for the intake window (month-window.ts in
 * @app/domain/periods); undefined when unset or not a date "YYYY-MM-DD" (the real date applies).
 */
export function pinnedToday(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const day = env.SCORECARD_TODAY?.trim();
  return day && DAY_RE.test(day) ? day : undefined;
}

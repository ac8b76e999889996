// `npm run demo`: a demo hospital in data/demo.sqlite (created afresh), the twelve months of 2026 imported and
// scored, the fourth quarter and the year closed to appraisals, rankings and top movers printed, then the API
// serving it on PORT (default 3000). DEMO_NO_SERVE=1 stops after the report (CI smoke runs, tests).
import { ConfigError, loadEnv } from '@app/config';
import { runDemo } from './run-demo';

const DEMO_DATABASE_PATH = 'data/demo.sqlite';

class DemoInterruptedError extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
    this.name = 'DemoInterruptedError';
  }
}

async function main(): Promise<void> {
  // A signal while importing or scoring stops the demo at once (the database is rebuilt next time anyway);
  // while serving, the app's shutdown hooks close it gracefully.
  const abort = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      abort.abort(new DemoInterruptedError(signal));
      process.stderr.write(`\nDemo stopped (${signal}).\n`);
    });
  // The demo's own switches; the rest of the environment is validated by runDemo's loadConfig.
  const { DEMO_NO_SERVE, SCORECARD_DEBUG } = loadEnv(['DEMO_NO_SERVE', 'SCORECARD_DEBUG']);
  try {
    const { app } = await runDemo({
      databasePath: DEMO_DATABASE_PATH,
      serve: !DEMO_NO_SERVE,
      out: process.stdout,
      signal: abort.signal,
    });
    if (app) process.stdout.write('Ctrl+C stops it.\n');
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    if (e instanceof DemoInterruptedError) process.exit(130);
    console.error(`\nThe demo failed: ${e instanceof Error ? e.message : String(e)}`);
    if ((e as { code?: unknown }).code === 'EADDRINUSE')
      console.error(
        'Another process holds the port: stop it, or choose another with PORT=3001 npm run demo.',
      );
    if (SCORECARD_DEBUG && e instanceof Error) console.error(e.stack);
    process.exit(1);
  }
}

void main();

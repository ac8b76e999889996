// Bounded shutdown (issue 13, item 13): a worker process sent SIGTERM after its Redis went away exits within
// SHUTDOWN_TIMEOUT_MS (exit code 1: it had to force), where it used to keep running for minutes, and so does the
// API queueing on that Redis; with Redis up a worker drains and exits 0 as before. A real worker process against a private redis-server, on SQLite (a file) and on
// PostgreSQL when TEST_DATABASE_URL is set; skipped, saying why, without redis-server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/persistence';
import { noteSkipped } from './support/externals';
import { createScratchDatabase, explainSkip, TEST_DATABASE_URL } from './support/postgres';
import { PrivateRedis, redisServerAvailable } from './support/redis-server';
import { WorkerProcess } from './support/worker-process';
import { ApiProcess } from '../scripts/api-process';

const enabled = redisServerAvailable();
if (!enabled)
  noteSkipped('bounded shutdown of workers', 'redis-server is not installed', 'see docs/TESTING.md');

const TIMEOUT_MS = 2000;

/** What `p` gives, or 'still running' after `ms` (the timer is cleared either way, so Jest can exit). */
async function within<T>(p: Promise<T>, ms: number): Promise<T | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<'still running'>((r) => (timer = setTimeout(() => r('still running'), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

type Target = [name: string, open: () => Promise<{ url: string; drop: () => Promise<void> }>];
const targets: Target[] = [
  [
    'SQLite',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'scorecard-shutdown-'));
      return Promise.resolve({
        url: `sqlite:${join(dir, 'db.sqlite')}`,
        drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
      });
    },
  ],
];
if (TEST_DATABASE_URL) targets.push(['PostgreSQL', () => createScratchDatabase('shutdown')]);
else explainSkip('bounded shutdown of workers on PostgreSQL');

(enabled ? describe.each(targets) : describe.skip.each(targets))('%s', (_name, open) => {
  let redis: PrivateRedis;
  let db: { url: string; drop: () => Promise<void> };
  let worker: WorkerProcess | undefined;

  beforeEach(async () => {
    redis = await PrivateRedis.start();
    db = await open();
    // A worker never migrates: the database is migrated first, as the API would.
    const ds = new DataSource(dataSourceOptions(db.url));
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
    worker = await WorkerProcess.start({
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS),
    });
  }, 90000);

  afterEach(async () => {
    await worker?.kill('SIGKILL');
    await redis.dispose();
    await db.drop();
  });

  it('exits within SHUTDOWN_TIMEOUT_MS, code 1, when Redis has gone away', async () => {
    await redis.stopProcess();
    // Let the worker notice: its blocking read fails and it starts reconnecting.
    await new Promise((r) => setTimeout(r, 500));

    const started = Date.now();
    const code = await within(worker!.kill('SIGTERM'), TIMEOUT_MS + 3000);

    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1500);
    expect(worker!.output.join('\n')).toContain(
      `shutdown did not finish within ${TIMEOUT_MS} ms (SHUTDOWN_TIMEOUT_MS): forced exit`,
    );
  }, 30000);

  it('the API, queueing on a Redis that has gone away, stops within SHUTDOWN_TIMEOUT_MS too', async () => {
    const api = await ApiProcess.start(db.url, {
      REDIS_URL: redis.url,
      SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS),
    });
    try {
      await redis.stopProcess();
      await new Promise((r) => setTimeout(r, 500));
      const started = Date.now();
      const stopped = await within(
        api.stop().then(() => 'stopped'),
        TIMEOUT_MS + 3000,
      );
      expect(stopped).toBe('stopped');
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1500);
    } finally {
      try {
        process.kill(api.pid, 'SIGKILL');
      } catch {
        // stopped already, as it should be
      }
    }
  }, 60000);

  it('with Redis up, drains and exits 0 well within the limit', async () => {
    const started = Date.now();
    expect(await worker!.kill('SIGTERM')).toBe(0);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
    expect(worker!.output.join('\n')).toContain('stopped');
  }, 30000);
});

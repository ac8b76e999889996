// Scoring runs on real PostgreSQL and Redis with real worker processes: several workers share a run; a worker
// killed mid-run (SIGKILL) and Redis restarted mid-run still end with exactly one result per staff member,
// equal to a clean run's; a second request while a run is active returns that run.
// Runs when TEST_DATABASE_URL and TEST_REDIS_URL are set (.ci/run sets both); otherwise it says why it skipped.
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { StaffResultRow } from '@app/persistence';
import { SCHEDULER_ID, SCORING_QUEUE } from '@app/domain/runs';
import { ScorecardDocument, scoreDocument } from '@app/scoring';
import { largeMonth } from './factories/month';
import { MEMORY_CONFIG, startTestApp } from './support/app';
import { createScratchDatabase, TEST_DATABASE_URL } from './support/postgres';
import { PrivateRedis, redisServerAvailable } from './support/redis-server';
import { normaliseResult, RunBody, serviceResult, waitForRun } from './support/runs';
import { WorkerProcess } from './support/worker-process';
import { noteSkipped } from './support/externals';

const TEST_REDIS_URL = process.env.TEST_REDIS_URL;
const enabled = Boolean(TEST_DATABASE_URL && TEST_REDIS_URL && redisServerAvailable());
if (!enabled) {
  noteSkipped(
    'workers on PostgreSQL and Redis',
    TEST_DATABASE_URL && TEST_REDIS_URL
      ? 'redis-server is not installed'
      : 'TEST_DATABASE_URL and TEST_REDIS_URL are not both set',
    'see docs/TESTING.md',
  );
}

const STAFF = 1500;
const CHUNK = 25;

(enabled ? describe : describe.skip)('scoring runs with worker processes (PostgreSQL + Redis)', () => {
  let redis: PrivateRedis;
  let db: { url: string; drop(): Promise<void> };
  let app: NestExpressApplication;
  let ds: DataSource;
  let doc: ScorecardDocument;
  let expected: ReturnType<typeof normaliseResult>;
  const workers: WorkerProcess[] = [];
  const server = () => app.getHttpServer();

  const startWorkers = async (n: number): Promise<WorkerProcess[]> => {
    const started = await Promise.all(
      Array.from({ length: n }, () =>
        WorkerProcess.start({
          DATABASE_URL: db.url,
          REDIS_URL: redis.url,
          WORKER_CONCURRENCY: '1',
          // A dead worker's job is taken over after 2 s instead of 30.
          WORKER_LOCK_MS: '2000',
        }),
      ),
    );
    workers.push(...started);
    return started;
  };
  const stopWorkers = async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill('SIGTERM')));
  };
  const startRun = async (): Promise<string> => {
    const res = await request(server()).post(`/api/v1/periods/${doc.period}/runs`).expect(202);
    return res.body.runId as string;
  };
  const waitUntil = async (cond: (run: RunBody) => boolean, runId: string) => {
    for (;;) {
      const run = (await request(server()).get(`/api/v1/runs/${runId}`).expect(200)).body as RunBody;
      if (cond(run)) return run;
      if (run.status === 'completed' || run.status === 'failed')
        throw new Error(`run ended early: ${run.status}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  /** Exactly one result per staff member of the month, equal to the engine's. */
  const expectCleanResults = async (runId: string) => {
    const rows = await ds
      .getRepository(StaffResultRow)
      .find({ select: { staffCode: true }, where: { runId } });
    expect(rows).toHaveLength(STAFF);
    expect(new Set(rows.map((r) => r.staffCode)).size).toBe(STAFF);
    expect(normaliseResult(await serviceResult(server(), doc.period, 1000))).toEqual(expected);
  };

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    db = await createScratchDatabase('scorecard_workers');
    const runs = {
      ...MEMORY_CONFIG.runs,
      redisUrl: redis.url,
      processJobs: false,
      chunkSize: CHUNK,
      backoffMs: 200,
    };
    app = await startTestApp({ database: { kind: 'postgres', url: db.url }, redisUrl: redis.url, runs });
    ds = app.get(DataSource);
    doc = largeMonth(STAFF);
    await request(server()).post('/api/v1/documents').send(doc).expect(200);
    expected = normaliseResult(scoreDocument(doc));
  }, 120000);

  afterAll(async () => {
    await stopWorkers();
    await app?.close();
    await db?.drop();
    await redis?.dispose();
  });

  afterEach(stopWorkers);

  it('a second request while a run is queued returns that run; workers then complete it', async () => {
    const runId = await startRun(); // no worker yet: the run stays queued
    const again = await request(server()).post(`/api/v1/periods/${doc.period}/runs`).expect(202);
    expect(again.body).toMatchObject({ runId, created: false, run: { status: 'queued' } });
    await startWorkers(1);
    const run = await waitForRun(server(), runId, 120000);
    expect(run).toMatchObject({ status: 'completed', progress: { done: STAFF, total: STAFF } });
    await expectCleanResults(runId);
  });

  it('shares a run across several workers', async () => {
    const pool = await startWorkers(3);
    const runId = await startRun();
    const run = await waitForRun(server(), runId, 120000);
    expect(run.status).toBe('completed');
    await expectCleanResults(runId);
    // Every worker took chunks.
    expect(pool.filter((w) => w.chunksDone() > 0).length).toBeGreaterThanOrEqual(2);
    expect(pool.reduce((n, w) => n + w.chunksDone(), 0)).toBeGreaterThanOrEqual(STAFF / CHUNK);
  });

  it('completes a run when a worker is killed (SIGKILL) in the middle of it', async () => {
    const [victim] = await startWorkers(2);
    const runId = await startRun();
    await waitUntil((r) => r.progress.done >= STAFF / 4, runId);
    await victim.kill('SIGKILL');
    const run = await waitForRun(server(), runId, 120000);
    expect(run.status).toBe('completed');
    await expectCleanResults(runId);
  });

  it('drains on SIGTERM: the worker finishes the chunk in hand, exits 0, and another worker completes the run', async () => {
    const [leaving] = await startWorkers(1);
    const runId = await startRun();
    await waitUntil((r) => r.progress.done >= CHUNK, runId);
    const before = leaving.chunksDone();
    expect(await leaving.kill('SIGTERM')).toBe(0);
    // Nothing was left half-done: every chunk it started was scored and logged before it exited.
    expect(leaving.chunksDone()).toBeGreaterThanOrEqual(before);
    const done = (await request(server()).get(`/api/v1/runs/${runId}`).expect(200)).body as RunBody;
    expect(done.progress.done % CHUNK === 0 || done.progress.done === STAFF).toBe(true);
    await startWorkers(1);
    expect((await waitForRun(server(), runId, 120000)).status).toBe('completed');
    await expectCleanResults(runId);
  });

  it('registers the monthly job scheduler once, whatever the number of workers', async () => {
    await Promise.all(
      [0, 1].map(() =>
        WorkerProcess.start({ DATABASE_URL: db.url, REDIS_URL: redis.url, SCORING_CRON: '0 2 3 * *' }).then(
          (w) => workers.push(w),
        ),
      ),
    );
    const queue = new Queue(SCORING_QUEUE, { connection: { host: '127.0.0.1', port: redis.port } });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers).toHaveLength(1);
      expect(schedulers[0]).toMatchObject({ key: SCHEDULER_ID, pattern: '0 2 3 * *' });
    } finally {
      await queue.close();
    }
  });

  it('shows the scoring queue on the dashboard at /admin/queues, to hr_admin only', async () => {
    await request(server()).get('/admin/queues').set('X-Test-Anonymous', '1').expect(401);
    const page = await request(server()).get('/admin/queues').expect(200);
    expect(page.text).toContain('<div id="root">');
    const api = await request(server()).get('/admin/queues/api/queues').expect(200);
    expect(api.body.queues.map((q: { name: string }) => q.name)).toEqual([SCORING_QUEUE]);
  });

  it('completes a run when Redis restarts in the middle of it', async () => {
    await startWorkers(2);
    const runId = await startRun();
    await waitUntil((r) => r.progress.done >= STAFF / 4, runId);
    await redis.restart(1500);
    const run = await waitForRun(server(), runId, 120000);
    expect(run.status).toBe('completed');
    await expectCleanResults(runId);
  });
});

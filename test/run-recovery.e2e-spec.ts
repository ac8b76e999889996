// No run stays stuck. The embedded mode (SQLite, no Redis): the API killed (SIGKILL) in the middle of a run and
// started again leaves no run running, and a new run completes; HR cancels a running run over HTTP (audited; a run
// over already is 409) and a new run then starts. With PostgreSQL and Redis (a worker process): a run cancelled
// while a worker scores it keeps no waiting job and never becomes the month's; the watchdog fails a run whose jobs
// are gone from Redis, and a new run then completes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Period } from '@app/persistence';
import { chunkJobId, finishJobId, SCORING_QUEUE } from '@app/domain/runs';
import { ApiProcess } from '../scripts/api-process';
import { largeMonth, libraryMonth } from './factories/month';
import { MEMORY_CONFIG, startTestApp } from './support/app';
import { noteSkipped } from './support/externals';
import { createScratchDatabase, TEST_DATABASE_URL } from './support/postgres';
import { PrivateRedis, redisServerAvailable } from './support/redis-server';
import { RunBody, waitForRun } from './support/runs';
import { WorkerProcess } from './support/worker-process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the embedded API killed in the middle of a run (SIGKILL)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scorecard-recovery-'));
  const databaseUrl = `sqlite:${join(dir, 'scorecard.sqlite')}`;
  // Four staff per chunk, a thousand chunks: the run takes long enough to be killed in the middle.
  const STAFF = 2000;
  const env = { RUN_CHUNK_SIZE: '4' };
  let api: ApiProcess | undefined;

  afterAll(async () => {
    await api?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves no run running after a restart, says why the run failed, and a new run completes', async () => {
    api = await ApiProcess.start(databaseUrl, env);
    let auth = await api.signIn();
    const doc = largeMonth(STAFF);
    await api.json('POST', '/api/v1/documents', doc, auth);
    const { runId } = await api.json<{ runId: string }>(
      'POST',
      `/api/v1/periods/${doc.period}/runs`,
      undefined,
      auth,
      202,
    );
    const killedPid = api.pid;
    for (;;) {
      const run = await api.json<RunBody>('GET', `/api/v1/runs/${runId}`, undefined, auth);
      expect(run.status).not.toBe('completed'); // the month is big enough to be killed in the middle
      if (run.progress.done >= 8) break;
      await sleep(5);
    }
    process.kill(killedPid, 'SIGKILL');
    await api.stop();

    api = await ApiProcess.start(databaseUrl, env);
    auth = await api.signIn();
    const dead = await api.json<RunBody>('GET', `/api/v1/runs/${runId}`, undefined, auth);
    expect(dead.status).toBe('failed');
    expect(dead.error).toMatch(
      new RegExp(
        `^the API stopped while this run was running \\(process [^:]+:${killedPid}:\\w+\\); start a new run$`,
      ),
    );
    const listed = await api.json<RunBody[]>('GET', `/api/v1/periods/${doc.period}/runs`, undefined, auth);
    expect(listed.filter((r) => r.status === 'running' || r.status === 'queued')).toEqual([]);

    const started = await api.json<{ runId: string; created: boolean }>(
      'POST',
      `/api/v1/periods/${doc.period}/runs`,
      undefined,
      auth,
      202,
    );
    expect(started.created).toBe(true);
    expect(started.runId).not.toBe(runId);
    for (let until = Date.now() + 180_000; ;) {
      const run = await api.json<RunBody>('GET', `/api/v1/runs/${started.runId}`, undefined, auth);
      if (run.status === 'completed') {
        expect(run.progress).toEqual({ done: STAFF, total: STAFF });
        break;
      }
      expect(run.status).toBe('running');
      if (Date.now() > until) throw new Error('the new run did not complete in 180 s');
      await sleep(200);
    }
  }, 300_000);
});

describe('cancelling a run (embedded)', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());
  const period = libraryMonth().period;

  beforeEach(async () => {
    // 600 staff, one per chunk: the run is still going when it is cancelled.
    app = await startTestApp({ runs: { ...MEMORY_CONFIG.runs, chunkSize: 1 } });
    await http().post('/api/v1/documents').send(largeMonth(600)).expect(200);
  });
  afterEach(() => app.close());

  it('HR cancels a running run: cancelled, audited, never current; again 409; a new run starts', async () => {
    const { runId } = (await http().post(`/api/v1/periods/${period}/runs`).expect(202)).body as {
      runId: string;
    };
    const cancelled = await http().post(`/api/v1/runs/${runId}/cancel`).expect(200);
    expect(cancelled.body).toMatchObject({
      id: runId,
      status: 'cancelled',
      error: 'cancelled by user:hr.admin',
    });
    await http().post(`/api/v1/runs/${runId}/cancel`).set('X-Test-Anonymous', '1').expect(401);
    const again = await http().post(`/api/v1/runs/${runId}/cancel`).expect(409);
    expect(again.body.message).toBe(
      `run ${runId} is cancelled: only a queued or running run can be cancelled`,
    );
    const audit = await http()
      .get('/api/v1/audit')
      .query({ action: 'run.cancel', entityKey: runId })
      .expect(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        actor: 'user:hr.admin',
        entity: 'run',
        after: { period, status: 'cancelled' },
      }),
    ]);
    await sleep(300); // the in-process jobs left would have run by now: they do nothing
    const after = (await http().get(`/api/v1/runs/${runId}`).expect(200)).body as RunBody;
    expect(after.status).toBe('cancelled');
    expect(after.progress.done).toBeLessThan(after.progress.total);
    await http().get(`/api/v1/periods/${period}/results`).expect(404);

    const next = await http().post(`/api/v1/periods/${period}/runs`).expect(202);
    expect(next.body).toMatchObject({ created: true });
    expect(next.body.runId).not.toBe(runId);
    expect((await waitForRun(app.getHttpServer(), next.body.runId as string, 120_000)).status).toBe(
      'completed',
    );
    await http().post(`/api/v1/runs/${next.body.runId}/cancel`).expect(409);
    await http().post('/api/v1/runs/00000000-0000-4000-8000-000000000000/cancel').expect(404);
  }, 180_000);
});

const TEST_REDIS_URL = process.env.TEST_REDIS_URL;
const withRedis = Boolean(TEST_DATABASE_URL && TEST_REDIS_URL && redisServerAvailable());
if (!withRedis)
  noteSkipped(
    'run cancel and watchdog on PostgreSQL and Redis',
    TEST_DATABASE_URL && TEST_REDIS_URL
      ? 'redis-server is not installed'
      : 'TEST_DATABASE_URL and TEST_REDIS_URL are not both set',
    'see docs/TESTING.md',
  );

(withRedis ? describe : describe.skip)('cancel and watchdog with workers (PostgreSQL + Redis)', () => {
  const STAFF = 600;
  let redis: PrivateRedis;
  let db: { url: string; drop(): Promise<void> };
  let app: NestExpressApplication;
  let queue: Queue;
  const workers: WorkerProcess[] = [];
  const http = () => request(app.getHttpServer());
  const period = libraryMonth().period;
  const run = async (id: string) => (await http().get(`/api/v1/runs/${id}`).expect(200)).body as RunBody;
  const startRun = async () =>
    (await http().post(`/api/v1/periods/${period}/runs`).expect(202)).body as {
      runId: string;
      created: boolean;
    };
  const startWorker = async () => {
    const w = await WorkerProcess.start({
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      WORKER_LOCK_MS: '2000',
    });
    workers.push(w);
  };

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    db = await createScratchDatabase('scorecard_recovery');
    const runs = {
      ...MEMORY_CONFIG.runs,
      redisUrl: redis.url,
      processJobs: false,
      chunkSize: 5,
      backoffMs: 200,
      // The watchdog looks every 400 ms and fails a run silent for 1.6 s whose jobs are gone.
      staleMs: 1600,
    };
    app = await startTestApp({ database: { kind: 'postgres', url: db.url }, redisUrl: redis.url, runs });
    await http().post('/api/v1/documents').send(largeMonth(STAFF)).expect(200);
    queue = new Queue(SCORING_QUEUE, { connection: { host: '127.0.0.1', port: redis.port } });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill('SIGTERM')));
    await queue?.close();
    await app?.close();
    await db?.drop();
    await redis?.dispose();
  });

  it('the watchdog leaves a run waiting in Redis, fails it once its jobs are gone; a new run completes', async () => {
    const { runId } = await startRun(); // no worker yet: the run waits in Redis
    await sleep(2500);
    expect(await run(runId)).toMatchObject({ status: 'queued' }); // silent, but its jobs are there
    await queue.obliterate({ force: true }); // as a Redis restarted without persistence
    let failed = await run(runId);
    for (let until = Date.now() + 15_000; failed.status === 'queued' && Date.now() < until;) {
      await sleep(100);
      failed = await run(runId);
    }
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(
      /^no sign of life for \d+ s and none of its jobs is left in Redis \(Redis restarted without persistence, or the jobs were removed\); start a new run$/,
    );
    const next = await startRun();
    expect(next.created).toBe(true);
    await startWorker();
    expect((await waitForRun(app.getHttpServer(), next.runId, 120_000)).status).toBe('completed');
  }, 180_000);

  it('cancels a run a worker is scoring: its waiting jobs leave Redis, it never becomes current', async () => {
    if (!workers.length) await startWorker();
    const ds = app.get(DataSource);
    const current = (await ds.getRepository(Period).findOneByOrFail({ period })).currentRunId;
    const { runId } = await startRun();
    for (let r = await run(runId); r.progress.done < 10; r = await run(runId)) {
      expect(r.status).not.toBe('completed');
      await sleep(20);
    }
    const cancelled = await http().post(`/api/v1/runs/${runId}/cancel`).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    await sleep(1500); // a chunk in hand ends without effect
    const after = await run(runId);
    expect(after.status).toBe('cancelled');
    expect(after.progress.done).toBeLessThan(STAFF);
    const states = await Promise.all(
      [finishJobId(runId), ...Array.from({ length: STAFF / 5 }, (_, i) => chunkJobId(runId, i))].map((id) =>
        queue.getJobState(id),
      ),
    );
    expect(states.filter((s) => s !== 'unknown' && s !== 'completed' && s !== 'failed')).toEqual([]);
    expect((await ds.getRepository(Period).findOneByOrFail({ period })).currentRunId).toBe(current);

    const next = await startRun();
    expect(next.created).toBe(true);
    expect((await waitForRun(app.getHttpServer(), next.runId, 120_000)).status).toBe('completed');
    expect((await ds.getRepository(Period).findOneByOrFail({ period })).currentRunId).toBe(next.runId);
  }, 180_000);
});

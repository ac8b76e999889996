// An appraisal quarter's run on real PostgreSQL and Redis with real worker processes: the API only queues (a BullMQ
// flow, the finish job as the parent of one job per department), two workers score it, and the stored results are
// the preview's; a run the workers have not taken is cancelled out of Redis. Runs when TEST_DATABASE_URL and
// TEST_REDIS_URL are set; otherwise it says why it skipped.
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Queue } from 'bullmq';
import { SCORING_QUEUE } from '@app/domain/runs';
import { QUARTER, quarterPlan } from './factories/quarter';
import { postQuarterMonths } from './factories/quarter-runs';
import { MEMORY_CONFIG, startTestApp } from './support/app';
import { noteSkipped } from './support/externals';
import { createScratchDatabase, TEST_DATABASE_URL } from './support/postgres';
import { PrivateRedis, redisServerAvailable } from './support/redis-server';
import { WorkerProcess } from './support/worker-process';

const TEST_REDIS_URL = process.env.TEST_REDIS_URL;
const enabled = Boolean(TEST_DATABASE_URL && TEST_REDIS_URL && redisServerAvailable());
if (!enabled)
  noteSkipped(
    'appraisal runs on workers (PostgreSQL and Redis)',
    TEST_DATABASE_URL && TEST_REDIS_URL
      ? 'redis-server is not installed'
      : 'TEST_DATABASE_URL and TEST_REDIS_URL are not both set',
    'see docs/TESTING.md',
  );

const BASE = `/api/v1/appraisals/${QUARTER}`;

(enabled ? describe : describe.skip)('appraisal runs with worker processes (PostgreSQL + Redis)', () => {
  let redis: PrivateRedis;
  let db: { url: string; drop(): Promise<void> };
  let app: NestExpressApplication;
  const workers: WorkerProcess[] = [];
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    db = await createScratchDatabase('scorecard_appraisal_workers');
    const runs = { ...MEMORY_CONFIG.runs, redisUrl: redis.url, processJobs: false, backoffMs: 200 };
    app = await startTestApp({ database: { kind: 'postgres', url: db.url }, redisUrl: redis.url, runs });
    for (let i = 0; i < 2; i++)
      workers.push(
        await WorkerProcess.start({ DATABASE_URL: db.url, REDIS_URL: redis.url, WORKER_CONCURRENCY: '1' }),
      );
    await postQuarterMonths(app.getHttpServer(), 120000);
    await http().put(`${BASE}/plan`).send(quarterPlan()).expect(200);
  }, 240000);

  afterAll(async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill('SIGTERM')));
    await app?.close();
    await db?.drop();
    await redis?.dispose();
  });

  it("queues the quarter as a flow the workers score, and stores the preview's result", async () => {
    const started = await http().post(`${BASE}/runs`).expect(202);
    const id = started.body.run.id as string;
    let run: { status: string; error: string | null; progress: { chunks: number } } | undefined;
    for (let i = 0; i < 2400; i++) {
      run = (await http().get(`${BASE}/runs/${id}`).expect(200)).body as typeof run;
      if (!['queued', 'running'].includes(run!.status)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect([run!.status, run!.error]).toEqual(['completed', null]);
    // The jobs were BullMQ's, under the appraisal prefix.
    const queue = new Queue(SCORING_QUEUE, { connection: { url: redis.url } });
    try {
      expect(await queue.getJobState(`appraisal-${id}-finish`)).toBe('completed');
      expect(await queue.getJobState(`appraisal-${id}-chunk-0`)).toBe('completed');
    } finally {
      await queue.close();
    }
    expect(workers.some((w) => w.output.some((l) => l.includes('appraisal-chunk')))).toBe(true);
    const preview = (await http().post(`${BASE}/preview`).expect(200)).body.result as { staff: unknown[] };
    const results = (await http().get(`${BASE}/results?lang=en`).expect(200)).body as {
      staff: ({ incentiveError?: unknown; training?: unknown; name?: unknown } & Record<string, unknown>)[];
    };
    expect(results.staff.map(({ incentiveError: _e, training: _t, name: _n, ...r }) => r)).toEqual(
      preview.staff,
    );
  });

  it('cancels a run the workers have not taken: its jobs leave Redis, the period is free for the next', async () => {
    const queue = new Queue(SCORING_QUEUE, { connection: { url: redis.url } });
    const waitFor = async (id: string, done: (status: string) => boolean) => {
      let run: { status: string; error: string | null } | undefined;
      for (let i = 0; i < 2400; i++) {
        run = (await http().get(`${BASE}/runs/${id}`).expect(200)).body as typeof run;
        if (done(run!.status)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      return run!;
    };
    try {
      // The workers take nothing while the queue is paused: the run's flow waits in Redis, as when they are gone.
      await queue.pause();
      const id = (await http().post(`${BASE}/runs`).expect(202)).body.run.id as string;
      expect(await queue.getJobState(`appraisal-${id}-chunk-0`)).toBe('waiting');
      const cancelled = await http().post(`${BASE}/runs/${id}/cancel`).send({}).expect(200);
      expect(cancelled.body.status).toBe('cancelled');
      expect(cancelled.body.error).toMatch(/^cancelled by /);
      expect(await queue.getJobState(`appraisal-${id}-finish`)).toBe('unknown');
      expect(await queue.getJobState(`appraisal-${id}-chunk-0`)).toBe('unknown');
      await queue.resume();
      // The period's completed run is still the first test's, and a new run may start and complete.
      const next = (await http().post(`${BASE}/runs`).expect(202)).body.run.id as string;
      expect((await waitFor(next, (s) => !['queued', 'running'].includes(s))).status).toBe('completed');
      expect((await waitFor(id, () => true)).status).toBe('cancelled');
    } finally {
      await queue.resume();
      await queue.close();
    }
  });
});

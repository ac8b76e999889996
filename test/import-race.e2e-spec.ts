// The import-during-run race (issue 12, item 6) on real PostgreSQL and Redis with 2 worker processes: a run of a
// month is started while a changed version of the month is imported and JSON measurements are sent, at the same
// moment, several times with the requests shifted against each other. Intake and the run planner lock the month's
// row, and intake answers 409 naming the run while a run of the month is queued or running, so every attempt ends
// either with the import refused or with the import before the run, and every completed run's results are the
// engine's score of exactly one version of the month: the one whose data version the run recorded.
// Runs when TEST_DATABASE_URL and TEST_REDIS_URL are set (.ci/run sets both); otherwise it says why it skipped.
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { Period } from '@app/persistence';
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
    'the import-during-run race on PostgreSQL and Redis',
    TEST_DATABASE_URL && TEST_REDIS_URL
      ? 'redis-server is not installed'
      : 'TEST_DATABASE_URL and TEST_REDIS_URL are not both set',
    'see docs/TESTING.md',
  );
}

const STAFF = 3000;
// Small chunks (120 jobs): the run lasts longer than the import racing it, so an import that slipped past the
// lock would commit while chunks are still being read (the results would mix two versions: checked by hand,
// with the import's lock taken out, the results check fails).
const CHUNK = 25;
/**
 * When the import (and the measurements) leave, in ms after the run request (negative: before it). Both orders
 * are tried: an import well ahead holds the month's lock when the planner asks for it; well behind, it finds
 * the run queued or running.
 */
const OFFSETS = [-400, 400, 0, -40, 40, 1000, 0];

/** Version k of the month: every person's effective hours lowered by 3k (their efficiency scores change). */
function version(base: ScorecardDocument, k: number): ScorecardDocument {
  return {
    ...base,
    staff: base.staff.map((s) => {
      const hours = s.inputs?.effective_hours;
      return typeof hours === 'number'
        ? { ...s, inputs: { ...s.inputs, effective_hours: Math.max(0, hours - 3 * k) } }
        : s;
    }),
  };
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
const after = <T>(ms: number, f: () => Promise<T>): Promise<T> => (ms > 0 ? delay(ms).then(f) : f());

(enabled ? describe : describe.skip)('import during a run (PostgreSQL + Redis, 2 workers)', () => {
  let redis: PrivateRedis;
  let db: { url: string; drop(): Promise<void> };
  let app: NestExpressApplication;
  let ds: DataSource;
  let base: ScorecardDocument;
  const workers: WorkerProcess[] = [];
  const server = () => app.getHttpServer();

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    db = await createScratchDatabase('scorecard_import_race');
    const runs = {
      ...MEMORY_CONFIG.runs,
      redisUrl: redis.url,
      processJobs: false,
      chunkSize: CHUNK,
      backoffMs: 200,
    };
    app = await startTestApp({ database: { kind: 'postgres', url: db.url }, redisUrl: redis.url, runs });
    ds = app.get(DataSource);
    base = largeMonth(STAFF);
    await request(server()).post('/api/v1/documents').send(base).expect(200);
    workers.push(
      ...(await Promise.all(
        [1, 2].map(() =>
          WorkerProcess.start({ DATABASE_URL: db.url, REDIS_URL: redis.url, WORKER_CONCURRENCY: '1' }),
        ),
      )),
    );
  }, 180000);

  afterAll(async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill('SIGTERM')));
    await app?.close();
    await db?.drop();
    await redis?.dispose();
  });

  it('every attempt ends with the import refused (409 naming the run) or before the run, and every run scores one version', async () => {
    const period = base.period;
    const dataVersion = async () => (await ds.getRepository(Period).findOneByOrFail({ period })).dataVersion;
    // The month's versions by data version: what the month held after each accepted intake (a measurement of
    // 0 added to a sum leaves every value as it was, so only imports change what the engine scores).
    const held = new Map<number, ScorecardDocument>([[await dataVersion(), base]]);
    const expected = new Map<ScorecardDocument, ReturnType<typeof normaliseResult>>();
    const expectedOf = (doc: ScorecardDocument) => {
      if (!expected.has(doc)) expected.set(doc, normaliseResult(scoreDocument(doc)));
      return expected.get(doc)!;
    };
    const outcomes = { refused: 0, before: 0, after: 0 };

    for (const [i, offset] of OFFSETS.entries()) {
      const changed = version(base, i + 1);
      const versionBefore = await dataVersion();
      const heldBefore = held.get(versionBefore)!;
      const person = base.staff[i].id;
      const [runRes, importRes, measureRes] = await Promise.all([
        after(-offset, () => request(server()).post(`/api/v1/periods/${period}/runs`)),
        after(offset, () => request(server()).post('/api/v1/documents').send(changed)),
        after(offset, () =>
          request(server())
            .post('/api/v1/measurements')
            .send([{ input: 'training_hours', staff: person, date: `${period}-${10 + i}`, value: 0 }]),
        ),
      ]);
      expect(runRes.status).toBe(202);
      const runId = runRes.body.runId as string;
      // Each intake either went in or was refused naming the run.
      const accepted: { batchId: number; createdAt: string; doc: ScorecardDocument | null }[] = [];
      for (const [res, doc] of [
        [importRes, changed],
        [measureRes, null],
      ] as const) {
        if (res.status === 409) {
          expect(res.body.message).toContain(`run ${runId}`);
        } else {
          expect(res.status).toBe(200);
          expect(res.body.duplicate).toBe(false);
          const batch = res.body.batch as { id: number; createdAt: string };
          accepted.push({ batchId: batch.id, createdAt: batch.createdAt, doc });
        }
      }
      // The accepted intakes raised the data version one each, in the order they took the month's lock (batch
      // ids are given under it): what the month held at each version.
      accepted.sort((a, b) => a.batchId - b.batchId);
      let doc = heldBefore;
      const versionOf = new Map<ScorecardDocument | null, number>();
      accepted.forEach((a, n) => {
        doc = a.doc ?? doc;
        held.set(versionBefore + n + 1, doc);
        versionOf.set(a.doc, versionBefore + n + 1);
      });
      const versionAfter = await dataVersion();
      expect(versionAfter).toBe(versionBefore + accepted.length);

      const run = (await waitForRun(server(), runId, 180000)) as RunBody & {
        dataVersion: number;
        finishedAt: string;
      };
      expect(run.status).toBe('completed');
      expect(run.dataVersion).toBeGreaterThanOrEqual(versionBefore);
      expect(run.dataVersion).toBeLessThanOrEqual(versionAfter);
      // Nothing was accepted while the run was queued or running: an accepted intake is part of the version the
      // run scored (it came before the run was planned), or came after the run had finished (possible only
      // when the run was over before the request arrived).
      for (const a of accepted) {
        if (versionOf.get(a.doc)! > run.dataVersion) expect(a.createdAt >= run.finishedAt).toBe(true);
      }
      if (importRes.status === 409) {
        outcomes.refused++;
        expect(held.get(run.dataVersion)).toBe(heldBefore);
      } else if (versionOf.get(changed)! <= run.dataVersion) {
        outcomes.before++;
        expect(held.get(run.dataVersion)).toBe(changed);
      } else outcomes.after++;
      // Every result of the run is the engine's score of that one version: none from another.
      const scored = await serviceResult(server(), period, 1000);
      expect(normaliseResult(scored)).toEqual(expectedOf(held.get(run.dataVersion)!));
    }
    // Both orders happened (the offsets put the import well before and well after the run request).
    process.stderr.write(`import-race outcomes: ${JSON.stringify(outcomes)}\n`);
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(outcomes.before).toBeGreaterThan(0);
    // The versions really differ: a run's results could not match two of them.
    expect(expectedOf(version(base, 1))).not.toEqual(expectedOf(version(base, 2)));
  }, 900000);
});

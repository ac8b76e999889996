// Issue 4, first slice: the period lifecycle (approve, close), a closed month that no write route changes, API
// keys with scopes, the finance feed (scores with ETags, payroll JSON/CSV byte for byte, export batches with
// idempotency) and the audit log, in-process on SQLite in memory (and once on PostgreSQL with TEST_DATABASE_URL).
import { createHash } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import {
  ApiKey,
  DepartmentResultRow,
  IndicatorSetVersion,
  StaffResultRow,
  WorkloadCatalogueVersion,
} from '@app/persistence';
import { Dec, ScorecardDocument } from '@app/scoring';
import { libraryMonth } from './factories/month';
import { startTestApp } from './support/app';
import { createScratchDatabase, explainSkip, TEST_DATABASE_URL } from './support/postgres';
import { waitForRun } from './support/runs';

const PERIOD = '2026-10';
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Supertest keeps the exact bytes of any response with this parser. */
const bytes = (res: unknown, cb: (err: Error | null, body: Buffer) => void) => {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** Steps through the API that the suites share. */
function client(server: () => App) {
  const api = {
    importDoc: (doc: ScorecardDocument) => request(server()).post('/api/v1/documents').send(doc).expect(200),
    async run(period = PERIOD) {
      const res = await request(server()).post(`/api/v1/periods/${period}/runs`).expect(202);
      const done = await waitForRun(server(), res.body.runId as string);
      expect(done.status).toBe('completed');
      return done;
    },
    async key(scopes: string[], name = 'finance'): Promise<{ id: string; key: string }> {
      const res = await request(server()).post('/api/v1/api-keys').send({ name, scopes }).expect(201);
      return res.body as { id: string; key: string };
    },
    /** A month scored, approved and closed. */
    async closedMonth(doc = libraryMonth()) {
      await api.importDoc(doc);
      const run = await api.run(doc.period);
      await request(server()).post(`/api/v1/periods/${doc.period}/approve`).expect(200);
      await request(server()).post(`/api/v1/periods/${doc.period}/close`).expect(200);
      return run;
    },
    payroll: (key: string, format: 'json' | 'csv', period = PERIOD) =>
      request(server())
        .get(`/api/v1/periods/${period}/payroll`)
        .query({ format })
        .set('X-API-Key', key)
        .buffer(true)
        .parse(bytes),
  };
  return api;
}

/** What the payroll must add up to: the pools' allocations plus amount-mode incentives (staff outside pools). */
async function expectedPayrollTotal(ds: DataSource, runId: string): Promise<string> {
  const departments = await ds.getRepository(DepartmentResultRow).findBy({ runId });
  const pooled = new Set(departments.filter((d) => d.pool !== null).map((d) => d.department));
  let total = new Dec(0);
  for (const d of departments) if (d.allocated !== null) total = total.plus(d.allocated);
  for (const s of await ds.getRepository(StaffResultRow).findBy({ runId }))
    if (s.incentive !== null && !pooled.has(s.department)) total = total.plus(s.incentive);
  return total.toFixed(2);
}

describe('finance: lifecycle, keys, feed, exports, audit', () => {
  let app: NestExpressApplication;
  let ds: DataSource;
  const server = () => app.getHttpServer();
  const api = client(server);

  beforeEach(async () => {
    app = await startTestApp();
    ds = app.get(DataSource);
  });
  afterEach(() => app.close());

  const audit = async (query: Record<string, string>) =>
    (await request(server()).get('/api/v1/audit').query(query).expect(200)).body as {
      items: {
        action: string;
        entity: string;
        entityKey: string;
        actor: string;
        before: unknown;
        after: unknown;
      }[];
      nextCursor: string | null;
    };

  describe('period lifecycle', () => {
    it('goes open → scored → approved → closed, refusing every step out of order with the status and what is needed', async () => {
      await api.importDoc(libraryMonth());
      const approveOpen = await request(server()).post(`/api/v1/periods/${PERIOD}/approve`).expect(409);
      expect(approveOpen.body.message).toMatch(
        /is open: only a scored period can be approved; score it first/,
      );
      const run = await api.run();
      const closeScored = await request(server()).post(`/api/v1/periods/${PERIOD}/close`).expect(409);
      expect(closeScored.body.message).toMatch(
        /is scored: only an approved period can be closed; approve it first/,
      );

      const approved = await request(server()).post(`/api/v1/periods/${PERIOD}/approve`).expect(200);
      expect(approved.body).toEqual({ period: PERIOD, status: 'approved', currentRunId: run.id });
      const again = await request(server()).post(`/api/v1/periods/${PERIOD}/approve`).expect(409);
      expect(again.body.message).toContain('is approved');
      const rerun = await request(server()).post(`/api/v1/periods/${PERIOD}/runs`).expect(409);
      expect(rerun.body.message).toBe(
        `period ${PERIOD} is approved: its results no longer change; close it; corrections after closing go through adjustments`,
      );

      // Nothing frozen until the close; then exactly the versions in force for the month.
      expect(await ds.getRepository(IndicatorSetVersion).countBy({ frozen: true })).toBe(0);
      const closed = await request(server()).post(`/api/v1/periods/${PERIOD}/close`).expect(200);
      expect(closed.body).toMatchObject({ status: 'closed', currentRunId: run.id });
      const sets = await ds.getRepository(IndicatorSetVersion).find();
      expect(sets.length).toBeGreaterThan(0);
      expect(sets.every((v) => v.frozen)).toBe(true);
      expect((await ds.getRepository(WorkloadCatalogueVersion).find()).map((w) => w.frozen)).toEqual([true]);
      const closeAgain = await request(server()).post(`/api/v1/periods/${PERIOD}/close`).expect(409);
      expect(closeAgain.body.message).toContain('is closed');
      await request(server()).post('/api/v1/periods/2030-01/approve').expect(404);
      await request(server()).post('/api/v1/periods/2030-13/close').expect(400);

      // Each transition, and the run, is in the audit log with its before and after.
      const approveEntry = (await audit({ action: 'period.approve' })).items;
      expect(approveEntry).toEqual([
        expect.objectContaining({
          entity: 'period',
          entityKey: PERIOD,
          before: expect.objectContaining({ status: 'scored' }),
          after: expect.objectContaining({ status: 'approved' }),
        }),
      ]);
      const [closeEntry] = (await audit({ action: 'period.close' })).items;
      expect(closeEntry.after).toMatchObject({
        status: 'closed',
        frozenSetVersionIds: sets.map((s) => s.id).sort((a, b) => a - b),
      });
      expect((await audit({ entity: 'run', entityKey: run.id })).items.map((e) => e.action)).toEqual([
        'plans.follow_up',
        'run.complete',
        'run.start',
      ]);
    });

    it('refuses to approve while a run is still going', async () => {
      await api.importDoc(libraryMonth());
      await api.run();
      // A run queued behind the API's back: the period has an active run.
      await ds.query(
        `INSERT INTO scoring_runs (id, period_id, period, status, trigger, active_period, total, chunk_count, requested_by, created_at)
         SELECT '00000000-0000-4000-8000-000000000001', id, period, 'queued', 'manual', period, 0, 0, 'test', '2026-11-01T00:00:00Z'
         FROM periods WHERE period = '${PERIOD}'`,
      );
      const res = await request(server()).post(`/api/v1/periods/${PERIOD}/approve`).expect(409);
      expect(res.body.message).toContain('wait for it to finish');
    });

    it('audits a failed run', async () => {
      await api.importDoc(libraryMonth());
      const version = await ds
        .getRepository(IndicatorSetVersion)
        .findOneOrFail({ where: {}, order: { id: 'ASC' } });
      const content = version.content;
      content.indicators[0] = { ...content.indicators[0], formula: 'no_such_input * 2' };
      await ds.getRepository(IndicatorSetVersion).update({ id: version.id }, { content });
      const res = await request(server()).post(`/api/v1/periods/${PERIOD}/runs`).expect(202);
      expect((await waitForRun(server(), res.body.runId as string)).status).toBe('failed');
      const entries = (await audit({ entity: 'run', entityKey: res.body.runId as string })).items;
      expect(entries.map((e) => e.action)).toEqual(['run.fail', 'run.start']);
      expect(entries[0].after).toMatchObject({
        status: 'failed',
        error: expect.stringContaining('no_such_input'),
      });
    });
  });

  it('a closed month: every write route refuses, and nothing changes', async () => {
    await api.closedMonth();
    const { key } = await api.key(['scores:read', 'payroll:read']);
    const tables = [
      'periods',
      'observations',
      'scoring_runs',
      'staff_results',
      'department_results',
      'indicator_set_versions',
      'workload_catalogue_versions',
      'staff',
      'payroll_exports',
    ];
    const snapshot = async () => ({
      counts: await Promise.all(
        tables.map(async (t) => Number((await ds.query(`SELECT COUNT(*) AS n FROM ${t}`))[0].n)),
      ),
      period: (await request(server()).get(`/api/v1/periods/${PERIOD}`).expect(200)).text,
      results: (
        await request(server()).get(`/api/v1/periods/${PERIOD}/results`).query({ limit: 1000 }).expect(200)
      ).text,
      departments: (await request(server()).get(`/api/v1/periods/${PERIOD}/departments`).expect(200)).text,
      payroll: sha256((await api.payroll(key, 'csv').expect(200)).body as Buffer),
    });
    const before = await snapshot();

    const run = await request(server()).post(`/api/v1/periods/${PERIOD}/runs`).expect(409);
    expect(run.body.message).toContain(`period ${PERIOD} is closed`);
    const changed = libraryMonth();
    changed.staff[0] = { ...changed.staff[0], inputs: { ...changed.staff[0].inputs, complaints: 9 } };
    const imported = await request(server()).post('/api/v1/documents').send(changed).expect(409);
    expect(imported.body.message).toContain('is closed');
    const json = await request(server())
      .post('/api/v1/measurements')
      .send([{ input: 'complaints', staff: 'E101', date: `${PERIOD}-15`, value: 3 }])
      .expect(400);
    expect(json.body.rows).toMatchObject([
      { row: 1, field: 'date', message: `period ${PERIOD} is closed: corrections go through adjustments` },
    ]);
    const csv = await request(server())
      .post('/api/v1/measurements/csv')
      .set('Content-Type', 'text/csv')
      .send(`staff,date,complaints\nE101,${PERIOD}-15,3\n`)
      .expect(400);
    expect(csv.body.rows).toMatchObject([
      { row: 2, field: 'date', message: `period ${PERIOD} is closed: corrections go through adjustments` },
    ]);
    const patch = await request(server())
      .patch(`/api/v1/periods/${PERIOD}`)
      .send({ incentive: { amount: '100' } })
      .expect(409);
    expect(patch.body.message).toContain('is closed');
    await request(server()).post(`/api/v1/periods/${PERIOD}/approve`).expect(409);
    await request(server()).post(`/api/v1/periods/${PERIOD}/close`).expect(409);
    // The configuration the month was scored with: no new set or workload version may take effect in it.
    const { code: setCode, dimensions, indicators, grades } = libraryMonth().indicatorSets[0];
    const version = await request(server())
      .post(`/api/v1/indicator-sets/${setCode}/versions`)
      .send({ effectiveFrom: PERIOD, dimensions, indicators, grades })
      .expect(409);
    expect(version.body.message).toContain(`period ${PERIOD} is closed`);
    await request(server())
      .post('/api/v1/workload/versions')
      .send({ effectiveFrom: PERIOD, ...libraryMonth().workload })
      .expect(409);

    expect(await snapshot()).toEqual(before);
  });

  describe('API keys', () => {
    it('creates a key shown once, stores only its prefix and hash, lists without it, revokes (twice is fine)', async () => {
      const created = await request(server())
        .post('/api/v1/api-keys')
        .send({ name: 'payroll system', scopes: ['payroll:read'] })
        .expect(201);
      const { id, key, prefix } = created.body as { id: string; key: string; prefix: string };
      expect(created.body).toEqual({
        id: expect.any(String),
        key: expect.stringMatching(/^sk_[A-Za-z0-9_-]{43}$/),
        name: 'payroll system',
        scopes: ['payroll:read'],
        prefix: key.slice(0, 12),
        createdBy: 'user:hr.admin',
        createdAt: expect.any(String),
        revokedAt: null,
        lastUsedAt: null,
      });
      const row = await ds.getRepository(ApiKey).findOneByOrFail({ id });
      expect(row.hash).toBe(sha256(key));
      expect(JSON.stringify(await ds.query('SELECT * FROM api_keys'))).not.toContain(key.slice(12));
      const list = await request(server()).get('/api/v1/api-keys').expect(200);
      expect(list.body).toEqual([expect.objectContaining({ id, prefix, name: 'payroll system' })]);
      expect(list.body[0]).not.toHaveProperty('key');
      expect(list.body[0]).not.toHaveProperty('hash');

      const revoked = await request(server()).delete(`/api/v1/api-keys/${id}`).expect(200);
      expect(revoked.body.revokedAt).toEqual(expect.any(String));
      const twice = await request(server()).delete(`/api/v1/api-keys/${id}`).expect(200);
      expect(twice.body.revokedAt).toBe(revoked.body.revokedAt);
      await request(server()).delete('/api/v1/api-keys/00000000-0000-4000-8000-000000000000').expect(404);
      expect((await audit({ entity: 'api-key', entityKey: id })).items.map((e) => e.action)).toEqual([
        'api-key.revoke',
        'api-key.create',
      ]);
    });

    it('refuses unknown scopes and bad bodies with 400 naming them', async () => {
      const bad = await request(server())
        .post('/api/v1/api-keys')
        .send({ name: 'x', scopes: ['scores:read', 'payroll:write'] })
        .expect(400);
      expect(bad.body.message).toContain('"payroll:write"');
      await request(server()).post('/api/v1/api-keys').send({ name: 'x', scopes: [] }).expect(400);
      await request(server())
        .post('/api/v1/api-keys')
        .send({ scopes: ['scores:read'] })
        .expect(400);
      expect(await ds.getRepository(ApiKey).count()).toBe(0);
    });

    it('401 without a key, with a bad or revoked one; 403 without the scope; records lastUsedAt', async () => {
      await api.closedMonth();
      const scores = `/api/v1/periods/${PERIOD}/scores`;
      const missing = await request(server()).get(scores).expect(401);
      expect(missing.body).toEqual({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
        error: 'Unauthorized',
        message: expect.stringContaining('X-API-Key'),
      });
      const reader = await api.key(['scores:read']);
      await request(server()).get(scores).set('X-API-Key', `${reader.key}x`).expect(401);
      await request(server()).get(scores).set('X-API-Key', reader.key.slice(0, 12)).expect(401);
      await request(server()).get(scores).set('X-API-Key', 'nonsense').expect(401);
      await request(server()).get(scores).set('X-API-Key', reader.key).expect(200);
      expect((await ds.getRepository(ApiKey).findOneByOrFail({ id: reader.id })).lastUsedAt).toEqual(
        expect.any(String),
      );
      // A scores key does not reach payroll, and a payroll key does not reach scores.
      const wrong = await api.payroll(reader.key, 'json').expect(403);
      expect(JSON.parse((wrong.body as Buffer).toString()).message).toContain('payroll:read');
      const payroll = await api.key(['payroll:read']);
      await request(server()).get(scores).set('X-API-Key', payroll.key).expect(403);
      await request(server())
        .post(`/api/v1/periods/${PERIOD}/exports`)
        .set('X-API-Key', reader.key)
        .send({ format: 'csv' })
        .expect(403);
      await request(server()).delete(`/api/v1/api-keys/${reader.id}`).expect(200);
      const revoked = await request(server()).get(scores).set('X-API-Key', reader.key).expect(401);
      expect(revoked.body.message).toContain('revoked');
    });
  });

  it('scores: the current run per staff member, paged by cursor, filtered, with a strong ETag and 304', async () => {
    const doc = libraryMonth();
    await api.importDoc(doc);
    const { key } = await api.key(['scores:read']);
    const url = `/api/v1/periods/${PERIOD}/scores`;
    await request(server()).get(url).set('X-API-Key', key).expect(404);
    await request(server()).get('/api/v1/periods/2030-01/scores').set('X-API-Key', key).expect(404);
    const run = await api.run();

    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await request(server())
        .get(url)
        .query({ limit: 5, ...(cursor ? { cursor } : {}) })
        .set('X-API-Key', key)
        .expect(200);
      expect(res.body.runId).toBe(run.id);
      expect(res.body.items.length).toBeLessThanOrEqual(5);
      ids.push(...res.body.items.map((i: { staffId: string }) => i.staffId));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(ids).toEqual(doc.staff.map((s) => s.id).sort());

    const all = await request(server()).get(url).query({ limit: 1000 }).set('X-API-Key', key).expect(200);
    const e101 = all.body.items.find((i: { staffId: string }) => i.staffId === 'E101');
    const stored = await ds
      .getRepository(StaffResultRow)
      .findOneByOrFail({ runId: run.id, staffCode: 'E101' });
    expect(e101).toEqual({
      staffId: 'E101',
      employeeNo: expect.any(String),
      department: 'ENG-CC',
      site: 'CC',
      indicatorSet: 'MAINT',
      total: stored.total,
      grade: expect.any(String),
      coefficient: expect.any(Number),
      points: expect.any(Number),
      workloadValue: expect.stringMatching(/^\d+\.\d{2}$/),
      incentive: stored.incentive,
      error: null,
    });
    const sy = await request(server())
      .get(url)
      .query({ site: 'SY', department: 'ENG-SY' })
      .set('X-API-Key', key)
      .expect(200);
    expect(sy.body.items.map((i: { staffId: string }) => i.staffId)).toEqual(
      doc.staff
        .filter((s) => s.department === 'ENG-SY')
        .map((s) => s.id)
        .sort(),
    );

    const etag = all.headers.etag;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await request(server()).get(url).query({ limit: 1000 }).set('X-API-Key', key).expect(200);
    expect(again.headers.etag).toBe(etag);
    const notModified = await request(server())
      .get(url)
      .query({ limit: 1000 })
      .set('X-API-Key', key)
      .set('If-None-Match', etag)
      .expect(304);
    expect(notModified.text).toBe('');
    const other = await request(server())
      .get(url)
      .query({ limit: 3 })
      .set('X-API-Key', key)
      .set('If-None-Match', etag)
      .expect(200);
    expect(other.headers.etag).not.toBe(etag);
    await request(server()).get(url).query({ limit: 1001 }).set('X-API-Key', key).expect(400);
  });

  describe('payroll and exports', () => {
    it('answers 409 with the status until the month is closed', async () => {
      await api.importDoc(libraryMonth());
      const { key } = await api.key(['payroll:read']);
      await api.run();
      const scored = await api.payroll(key, 'json').expect(409);
      expect(JSON.parse((scored.body as Buffer).toString()).message).toContain(`period ${PERIOD} is scored`);
      await request(server()).post(`/api/v1/periods/${PERIOD}/approve`).expect(200);
      await api.payroll(key, 'csv').expect(409);
      await request(server())
        .post(`/api/v1/periods/${PERIOD}/exports`)
        .set('X-API-Key', key)
        .send({ format: 'json' })
        .expect(409);
      await api.payroll(key, 'json', '2030-01').expect(404);
    });

    it('pools: JSON and CSV are byte-identical on every call and total the pools’ allocations', async () => {
      const run = await api.closedMonth();
      const { key } = await api.key(['payroll:read']);
      await checkPayroll(app, ds, key, run.id);
    });

    it('a posted month keeps the employee numbers it was scored with, whatever HR edits later', async () => {
      const run = await api.closedMonth();
      const { key } = await api.key(['payroll:read']);
      const before = (await api.payroll(key, 'csv').expect(200)).body as Buffer;
      const [line] = (
        JSON.parse(((await api.payroll(key, 'json').expect(200)).body as Buffer).toString()) as {
          lines: { staffId: string; employeeNo: string }[];
        }
      ).lines;
      expect(line.employeeNo).toEqual(expect.any(String));
      await request(app.getHttpServer())
        .patch(`/api/v1/staff/${line.staffId}`)
        .send({ employeeNo: 'RENUMBERED-1' })
        .expect(200);
      const after = (await api.payroll(key, 'csv').expect(200)).body as Buffer;
      expect(Buffer.compare(before, after)).toBe(0);
      expect(run.id).toEqual(expect.any(String));
    });

    it('amount mode: the total is the sum of the staff amounts', async () => {
      const doc = {
        ...libraryMonth(),
        incentive: { amount: 'coefficient * 1000 + 0.005' },
      } as ScorecardDocument;
      const run = await api.closedMonth(doc);
      const { key } = await api.key(['payroll:read']);
      const lines = await checkPayroll(app, ds, key, run.id);
      expect(lines).toBe(doc.staff.length);
    });

    it('records export batches: checksum of the GET bytes, Idempotency-Key replays and conflicts', async () => {
      await api.closedMonth();
      const { id: keyId, key } = await api.key(['payroll:read']);
      const post = (body: object, idem?: string) => {
        const r = request(server()).post(`/api/v1/periods/${PERIOD}/exports`).set('X-API-Key', key);
        return (idem ? r.set('Idempotency-Key', idem) : r).send(body);
      };
      const first = await post({ format: 'csv' }, 'batch-1').expect(201);
      const csvBytes = (await api.payroll(key, 'csv').expect(200)).body as Buffer;
      expect(first.body).toEqual({
        id: expect.any(String),
        period: PERIOD,
        format: 'csv',
        lineCount: csvBytes.toString().trimEnd().split('\r\n').length - 1,
        total: expect.stringMatching(/^\d+\.\d{2}$/),
        checksum: sha256(csvBytes),
        createdAt: expect.any(String),
      });
      const replay = await post({ format: 'csv' }, 'batch-1').expect(200);
      expect(replay.body).toEqual(first.body);
      const conflict = await post({ format: 'json' }, 'batch-1').expect(422);
      expect(conflict.body.message).toContain(
        'Idempotency-Key "batch-1" was already used for another request',
      );
      await post({ format: 'xml' }).expect(400);
      const json = await post({ format: 'json' }).expect(201);
      expect(json.body.checksum).toBe(sha256((await api.payroll(key, 'json').expect(200)).body as Buffer));
      expect(json.body.total).toBe(first.body.total);
      const plain = await post({ format: 'json' }).expect(201);
      expect(plain.body.id).not.toBe(json.body.id);
      expect(plain.body.checksum).toBe(json.body.checksum);

      const list = await request(server())
        .get(`/api/v1/periods/${PERIOD}/exports`)
        .set('X-API-Key', key)
        .expect(200);
      expect(list.body.map((b: { id: string }) => b.id).sort()).toEqual(
        [first.body.id, json.body.id, plain.body.id].sort(),
      );
      const entries = (await audit({ action: 'payroll.export' })).items;
      expect(entries).toHaveLength(3);
      expect(entries.every((e) => e.actor === `api-key:${keyId}` && e.entityKey === PERIOD)).toBe(true);
    });
  });

  it('pages the audit log newest first by cursor', async () => {
    for (const name of ['a', 'b', 'c']) await api.key(['scores:read'], name);
    const first = await audit({ action: 'api-key.create', limit: '2' });
    expect(first.items.map((e) => (e.after as { name: string }).name)).toEqual(['c', 'b']);
    const second = await audit({ action: 'api-key.create', limit: '2', cursor: first.nextCursor! });
    expect(second.items.map((e) => (e.after as { name: string }).name)).toEqual(['a']);
    expect(second.nextCursor).toBeNull();
    await request(server()).get('/api/v1/audit').query({ cursor: 'x' }).expect(400);
  });
});

/** Payroll of a closed month in both formats: the same bytes twice, the lines as stored, the totals agreeing. */
async function checkPayroll(app: NestExpressApplication, ds: DataSource, key: string, runId: string) {
  const api = client(() => app.getHttpServer());
  const json1 = await api
    .payroll(key, 'json')
    .expect(200)
    .expect('Content-Type', /application\/json/);
  const json2 = await api.payroll(key, 'json').expect(200);
  expect(Buffer.compare(json1.body as Buffer, json2.body as Buffer)).toBe(0);
  const csv1 = await api
    .payroll(key, 'csv')
    .expect(200)
    .expect('Content-Type', /text\/csv/);
  const csv2 = await api.payroll(key, 'csv').expect(200);
  expect(Buffer.compare(csv1.body as Buffer, csv2.body as Buffer)).toBe(0);

  const doc = JSON.parse((json1.body as Buffer).toString('utf8')) as {
    period: string;
    runId: string;
    currency: string;
    lines: { lineId: string; staffId: string; amount: string; component: string; currency: string }[];
    total: string;
  };
  expect(doc).toMatchObject({ period: PERIOD, runId, currency: 'CNY' });
  const stored = (
    await ds.getRepository(StaffResultRow).find({ where: { runId }, order: { staffCode: 'ASC' } })
  ).filter((r) => r.incentive !== null);
  expect(stored.length).toBeGreaterThan(0);
  expect(doc.lines.map((l) => [l.staffId, l.amount])).toEqual(stored.map((r) => [r.staffCode, r.incentive]));
  expect(doc.lines[0]).toMatchObject({
    lineId: `${PERIOD}-${stored[0].staffCode}-PERF_BONUS`,
    component: 'PERF_BONUS',
    sourcePeriod: PERIOD,
    runId,
  });
  const sum = doc.lines.reduce((t, l) => t.plus(l.amount), new Dec(0)).toFixed(2);
  expect(doc.total).toBe(sum);
  expect(doc.total).toBe(await expectedPayrollTotal(ds, runId));

  const rows = (csv1.body as Buffer).toString('utf8').split('\r\n');
  expect(rows[0]).toBe('lineId,period,staffId,employeeNo,component,amount,currency,sourcePeriod,runId');
  expect(rows.at(-1)).toBe('');
  expect(rows.slice(1, -1).map((r) => r.split(',')[5])).toEqual(doc.lines.map((l) => l.amount));
  return doc.lines.length;
}

(TEST_DATABASE_URL ? describe : describe.skip)('finance on PostgreSQL', () => {
  it('closes a month, exports its payroll byte for byte with equal totals, and replays an export', async () => {
    const db = await createScratchDatabase('scorecard_finance');
    const app = await startTestApp({ database: { kind: 'postgres', url: db.url } });
    try {
      const ds = app.get(DataSource);
      const api = client(() => app.getHttpServer());
      const run = await api.closedMonth();
      const { key } = await api.key(['payroll:read', 'scores:read']);
      await checkPayroll(app, ds, key, run.id);
      const scores = await request(app.getHttpServer())
        .get(`/api/v1/periods/${PERIOD}/scores`)
        .set('X-API-Key', key)
        .expect(200);
      expect(scores.body.items[0].total).toEqual(expect.any(Number));
      const post = () =>
        request(app.getHttpServer())
          .post(`/api/v1/periods/${PERIOD}/exports`)
          .set('X-API-Key', key)
          .set('Idempotency-Key', 'pg-1')
          .send({ format: 'csv' });
      const first = await post().expect(201);
      expect((await post().expect(200)).body.id).toBe(first.body.id);
      expect(first.body.checksum).toBe(sha256((await api.payroll(key, 'csv').expect(200)).body as Buffer));
    } finally {
      await app.close();
      await db.drop();
    }
  });
});
explainSkip('finance on PostgreSQL');

// Intake batches over HTTP, on SQLite and PostgreSQL: the same CSV or JSON twice is stored once (the second answer
// is the first batch with duplicate: true); Idempotency-Keys are the caller's own; GET /periods/{p}/batches lists
// the month's batches for HR and auditors only; DELETE /batches/{id} withdraws one, leaving the month's exported
// document byte for byte as it was before the batch, and is refused twice, in an approved month and during a run
// (409 naming it). The month's data version goes up by one per stored batch and per withdrawal, never for a resend.
import { readFileSync } from 'node:fs';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { Period } from '@app/persistence';
import { parseDocumentText, ScorecardDocument } from '@app/scoring';
import { run } from './factories/periods';
import { startTestApp } from './support/app';
import { databaseSuites } from './support/postgres';
import { scenario as fixture } from './support/scenarios';

const SUITES = databaseSuites('scorecard_intake_batches', 'intake batches on PostgreSQL');
const MONTH = '2026-10';
const CSV = ['staff,date,mode,complaints', 'C101,2026-10-03,daily,1', 'C102,2026-10-04,daily,2'].join('\n');
const ROWS = [
  { input: 'complaints', staff: 'C101', date: '2026-10-05', value: 1 },
  { input: 'kwh', department: 'ENG-CC', date: '2026-10-30', value: 1000, mode: 'monthly' },
];

describe.each(SUITES)('intake batches on %s', (_name, database) => {
  let app: NestExpressApplication;
  let drop: () => Promise<void>;
  let ds: DataSource;
  const server = () => app.getHttpServer();
  const doc = parseDocumentText(
    readFileSync(fixture('logistics-basic').document, 'utf8'),
  ) as ScorecardDocument;
  const version = async () => (await ds.getRepository(Period).findOneByOrFail({ period: MONTH })).dataVersion;
  const postCsv = (text: string, filename?: string) =>
    request(server())
      .post('/api/v1/measurements/csv')
      .query(filename ? { filename } : {})
      .set('Content-Type', 'text/csv')
      .send(text);
  const exported = async () =>
    (await request(server()).get(`/api/v1/periods/${MONTH}/document`).expect(200)).text;

  /** A user of `role`, signed in: their Authorization header. */
  const signIn = async (username: string, role: string, extra: Record<string, unknown> = {}) => {
    const password = `${username}-password`;
    await request(server())
      .post('/api/v1/users')
      .send({ username, password, role, ...extra })
      .expect(201);
    const res = await request(server()).post('/api/v1/auth/login').send({ username, password }).expect(200);
    return `Bearer ${res.body.accessToken as string}`;
  };

  beforeEach(async () => {
    const db = await database();
    drop = db.drop;
    app = await startTestApp(db.config);
    ds = app.get(DataSource);
    await request(server()).post('/api/v1/documents').send(doc).expect(200);
  });
  afterEach(async () => {
    await app.close();
    await drop();
  });

  it('stores the same CSV once: the second upload answers the first batch, duplicate, nothing stored', async () => {
    const v0 = await version();
    const first = await postCsv(CSV, 'october.csv').expect(200);
    const afterFirst = await exported();
    const second = await postCsv(CSV, 'october (1).csv').expect(200);
    const multipart = await request(server())
      .post('/api/v1/measurements/csv')
      .attach('file', Buffer.from(CSV), 'copy.csv')
      .expect(200);

    expect(first.body).toMatchObject({
      duplicate: false,
      stored: 2,
      batch: {
        source: 'csv',
        fileName: 'october.csv',
        actor: 'user:hr.admin',
        rowCount: 2,
        periods: [MONTH],
      },
    });
    expect(second.body).toEqual({ batch: first.body.batch, duplicate: true, stored: 0, periods: [MONTH] });
    expect(multipart.body).toMatchObject({ duplicate: true, batch: { id: first.body.batch.id } });
    expect(await exported()).toBe(afterFirst);
    expect(await version()).toBe(v0 + 1);
  });

  it('stores the same JSON once; the file name of a text/csv body may come from Content-Disposition', async () => {
    const first = await request(server()).post('/api/v1/measurements').send(ROWS).expect(200);
    const again = await request(server()).post('/api/v1/measurements').send(ROWS).expect(200);
    expect(again.body).toMatchObject({ duplicate: true, stored: 0, batch: { id: first.body.batch.id } });

    const named = await request(server())
      .post('/api/v1/measurements/csv')
      .set('Content-Type', 'text/csv')
      .set('Content-Disposition', 'attachment; filename="night shift.csv"')
      .send(CSV)
      .expect(200);
    expect(named.body.batch.fileName).toBe('night shift.csv');
  });

  it('opens a new month once when two first intakes of it arrive together: one batch, one duplicate', async () => {
    const rows = [{ input: 'complaints', staff: 'C101', date: '2026-11-05', value: 1 }];
    expect(await ds.getRepository(Period).countBy({ period: '2026-11' })).toBe(0);
    const answers = await Promise.all(
      [0, 1, 2].map(() => request(server()).post('/api/v1/measurements').send(rows)),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const stored = answers.filter((a) => !a.body.duplicate);
    expect(stored).toHaveLength(1);
    for (const a of answers) expect(a.body.batch.id).toBe(stored[0].body.batch.id);
    expect(await ds.getRepository(Period).countBy({ period: '2026-11' })).toBe(1);
  });

  it('keeps Idempotency-Keys to their caller, and refuses one over 200 characters', async () => {
    const other = await signIn('li.wei', 'hr_admin');
    const mine = await request(server())
      .post('/api/v1/measurements')
      .set('Idempotency-Key', 'import-7')
      .send(ROWS)
      .expect(200);
    const retried = await request(server())
      .post('/api/v1/measurements')
      .set('Idempotency-Key', 'import-7')
      .send([{ ...ROWS[0], value: 3 }])
      .expect(200);
    const theirs = await request(server())
      .post('/api/v1/measurements')
      .set('Authorization', other)
      .set('Idempotency-Key', 'import-7')
      .send([{ ...ROWS[0], value: 3 }])
      .expect(200);

    expect(retried.body).toMatchObject({ duplicate: true, stored: 0, batch: { id: mine.body.batch.id } });
    expect(theirs.body).toMatchObject({ duplicate: false, stored: 1, batch: { actor: 'user:li.wei' } });
    const long = await request(server())
      .post('/api/v1/measurements')
      .set('Idempotency-Key', 'k'.repeat(201))
      .send([{ ...ROWS[0], value: 4 }])
      .expect(400);
    expect(long.body.message).toContain('Idempotency-Key');
  });

  it('withdraws a batch: the month’s document is byte for byte as before it; twice is refused', async () => {
    const before = await exported();
    const v0 = await version();
    const { body } = await postCsv(CSV, 'october.csv').expect(200);
    expect(await exported()).not.toBe(before);

    const withdrawn = await request(server()).delete(`/api/v1/batches/${body.batch.id}`).expect(200);

    expect(withdrawn.body).toMatchObject({ id: body.batch.id, withdrawnBy: 'user:hr.admin' });
    expect(await exported()).toBe(before);
    expect(await version()).toBe(v0 + 2);
    const again = await request(server()).delete(`/api/v1/batches/${body.batch.id}`).expect(409);
    expect(again.body.message).toContain('already withdrawn');
    await request(server()).delete('/api/v1/batches/99999').expect(404);
    const audit = await request(server())
      .get('/api/v1/audit')
      .query({ action: 'batch.withdraw' })
      .expect(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        actor: 'user:hr.admin',
        entityKey: String(body.batch.id),
        before: expect.objectContaining({ withdrawnAt: null }),
        after: expect.objectContaining({ withdrawnBy: 'user:hr.admin', observationsRemoved: 2 }),
      }),
    ]);
  });

  it('refuses intake and withdrawal during a run (409 naming it) and in an approved month', async () => {
    const { body } = await request(server()).post('/api/v1/measurements').send(ROWS).expect(200);
    const month = await ds.getRepository(Period).findOneByOrFail({ period: MONTH });
    const active = await run(ds, month, { status: 'running' });
    const v = await version();

    for (const res of [
      await request(server())
        .post('/api/v1/measurements')
        .send([{ ...ROWS[0], value: 9 }]),
      await postCsv(CSV),
      await request(server()).post('/api/v1/documents').send(doc),
      await request(server()).delete(`/api/v1/batches/${body.batch.id}`),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body.message).toContain(`run ${active.id}`);
    }
    await ds.query(`UPDATE scoring_runs SET status = 'completed', active_period = NULL`);
    await ds.getRepository(Period).update({ id: month.id }, { status: 'approved' });
    for (const res of [
      await request(server())
        .post('/api/v1/measurements')
        .send([{ ...ROWS[0], value: 9 }]),
      await request(server()).delete(`/api/v1/batches/${body.batch.id}`),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body.message).toContain('approved');
    }
    expect(await version()).toBe(v);
  });

  it('lists the month’s batches for HR and auditors; staff and managers get 403', async () => {
    await postCsv(CSV, 'october.csv').expect(200);
    const { body: json } = await request(server()).post('/api/v1/measurements').send(ROWS).expect(200);
    await request(server()).delete(`/api/v1/batches/${json.batch.id}`).expect(200);
    const auditor = await signIn('audit.one', 'auditor');
    const manager = await signIn('manager.eng', 'dept_manager', { departments: ['ENG-CC'] });
    const staff = await signIn('staff.one', 'staff', { staffId: 'C101' });

    const list = await request(server()).get(`/api/v1/periods/${MONTH}/batches`).expect(200);
    expect(list.body).toEqual([
      expect.objectContaining({
        source: 'document',
        withdrawnAt: null,
        observationsInMonth: expect.any(Number),
      }),
      expect.objectContaining({
        source: 'csv',
        fileName: 'october.csv',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        actor: 'user:hr.admin',
        createdAt: expect.any(String),
        rowCount: 2,
        periods: [MONTH],
        withdrawnAt: null,
        observationsInMonth: 2,
      }),
      expect.objectContaining({
        id: json.batch.id,
        source: 'json',
        withdrawnBy: 'user:hr.admin',
        observationsInMonth: 0,
      }),
    ]);
    await request(server()).get(`/api/v1/periods/${MONTH}/batches`).set('Authorization', auditor).expect(200);
    for (const who of [manager, staff]) {
      await request(server()).get(`/api/v1/periods/${MONTH}/batches`).set('Authorization', who).expect(403);
      await request(server())
        .delete(`/api/v1/batches/${json.batch.id}`)
        .set('Authorization', who)
        .expect(403);
    }
    await request(server()).get('/api/v1/periods/2031-01/batches').expect(404);
  });
});

// An appraisal quarter's bonus into payroll and its results into the finance feed, over HTTP (SQLite, and
// PostgreSQL with TEST_DATABASE_URL): the three months of test/factories/quarter.ts scored, HR's plan, a run of the
// quarter, approval and close. A payroll system's API key reads the closed quarter's payroll (JSON and CSV, the
// month's columns, APPRAISAL_BONUS lines adding up to the pool) and records an export batch; a finance system's key
// pages the feed once approved; payroll before close and the feed before approval are refused with their codes;
// HR and the finance role read the payroll as they read a month's, staff are refused.
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { QUARTER, quarterPlan } from './factories/quarter';
import { postQuarterMonths } from './factories/quarter-runs';
import { startTestApp } from './support/app';
import { databaseSuites } from './support/postgres';

const SUITES = databaseSuites('scorecard_appraisal_payroll', 'appraisal payroll on PostgreSQL');
const BASE = `/api/v1/appraisals/${QUARTER}`;
const MONTH_HEADER = 'lineId,period,staffId,employeeNo,component,amount,currency,sourcePeriod,runId';

/** Supertest keeps the exact bytes of any response with this parser. */
const bytes = (res: unknown, cb: (err: Error | null, body: Buffer) => void) => {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe.each(SUITES)('appraisal payroll and feed on %s', (_name, database) => {
  let app: NestExpressApplication;
  let drop: () => Promise<void>;
  const http = () => request(app.getHttpServer());
  const tokens = new Map<string, string>();
  let payrollKey: string;
  let scoresKey: string;
  let runId: string;

  beforeAll(async () => {
    const db = await database();
    drop = db.drop;
    app = await startTestApp(db.config);
    await postQuarterMonths(app.getHttpServer());
    for (const [username, body] of [
      ['staff.e101', { role: 'staff', staffId: 'E101' }],
      ['finance.one', { role: 'finance' }],
    ] as const) {
      const password = `${username}-password`;
      await http()
        .post('/api/v1/users')
        .send({ username, password, ...body })
        .expect(201);
      const login = await http()
        .post('/api/v1/auth/login')
        .set('X-Test-Anonymous', '1')
        .send({ username, password })
        .expect(200);
      tokens.set(username, login.body.accessToken as string);
    }
    const key = async (scopes: string[]) =>
      (
        await http()
          .post('/api/v1/api-keys')
          .send({ name: scopes.join(' '), scopes })
          .expect(201)
      ).body.key as string;
    payrollKey = await key(['payroll:read']);
    scoresKey = await key(['scores:read']);
    await http().put(`${BASE}/plan`).send(quarterPlan()).expect(200);
    const started = await http().post(`${BASE}/runs`).expect(202);
    runId = started.body.run.id as string;
    for (let i = 0; i < 1200; i++) {
      const run = (await http().get(`${BASE}/runs/${runId}`).expect(200)).body as { status: string };
      if (!['queued', 'running'].includes(run.status)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 240000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const withKey = (key: string, path: string) => http().get(path).set('X-API-Key', key);

  it('refuses the payroll before close and the feed before approval, with their codes', async () => {
    const payroll = await withKey(payrollKey, `${BASE}/payroll?format=csv`).expect(409);
    expect(payroll.body.code).toBe('APPRAISAL_NOT_CLOSED');
    expect(payroll.body.detail ?? payroll.body.message).toMatch(/scored/);
    expect((await withKey(scoresKey, `${BASE}/scores`).expect(409)).body.code).toBe('APPRAISAL_NOT_APPROVED');
    await http().post(`${BASE}/approve`).expect(200);
    expect((await withKey(payrollKey, `${BASE}/payroll`).expect(409)).body.code).toBe('APPRAISAL_NOT_CLOSED');
    await withKey(scoresKey, `${BASE}/scores`).expect(200);
    await http().post(`${BASE}/close`).expect(200);
    expect((await withKey(payrollKey, '/api/v1/appraisals/2026-Q5/payroll').expect(400)).body.code).toBe(
      'APPRAISAL_PERIOD_INVALID',
    );
  });

  it("reads the closed quarter's payroll with an API key: the month's columns, the pool to the cent", async () => {
    const csv = await withKey(payrollKey, `${BASE}/payroll?format=csv`).buffer(true).parse(bytes).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="payroll-${QUARTER}.csv"`);
    const lines = (csv.body as Buffer).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(MONTH_HEADER);
    const e101 = lines.find((l) => l.split(',')[2] === 'E101')!.split(',');
    expect(e101).toEqual([
      `${QUARTER}-E101-APPRAISAL_BONUS`,
      QUARTER,
      'E101',
      'E101',
      'APPRAISAL_BONUS',
      expect.stringMatching(/^\d+\.\d{2}$/),
      'CNY',
      QUARTER,
      runId,
    ]);

    const json = (await withKey(payrollKey, `${BASE}/payroll`).expect(200)).body as {
      period: string;
      runId: string;
      lines: { staffId: string; amount: string; component: string }[];
      total: string;
    };
    expect([json.period, json.runId, json.lines.length]).toEqual([QUARTER, runId, lines.length - 2]);
    const feed = (await withKey(scoresKey, `${BASE}/scores?department=ENG-CC&limit=1000`).expect(200)).body
      .items as { staffId: string }[];
    const cc = new Set(feed.map((i) => i.staffId));
    const cents = json.lines
      .filter((l) => cc.has(l.staffId))
      .reduce((n, l) => n + BigInt(l.amount.replace('.', '')), 0n);
    expect(cents).toBe(3000000n);
    expect(new Set(json.lines.map((l) => l.component))).toEqual(new Set(['APPRAISAL_BONUS']));

    // An export batch of those bytes, audited; found again by its Idempotency-Key.
    const batch = await http()
      .post(`${BASE}/exports`)
      .set('X-API-Key', payrollKey)
      .set('Idempotency-Key', 'q3-payroll-1')
      .send({ format: 'csv' })
      .expect(201);
    expect(batch.body).toMatchObject({ period: QUARTER, format: 'csv', lineCount: lines.length - 2 });
    await http()
      .post(`${BASE}/exports`)
      .set('X-API-Key', payrollKey)
      .set('Idempotency-Key', 'q3-payroll-1')
      .send({ format: 'csv' })
      .expect(200);
    const listed = await withKey(payrollKey, `${BASE}/exports`).expect(200);
    expect(listed.body.map((b: { id: string }) => b.id)).toEqual([batch.body.id]);
    const audit = await http().get(`/api/v1/audit?action=payroll.export&entityKey=${QUARTER}`).expect(200);
    expect(audit.body.items.length).toBe(1);
  });

  it('pages the feed with the cursor and an ETag; a key without the scope is refused', async () => {
    const first = await withKey(scoresKey, `${BASE}/scores?limit=5`).expect(200);
    expect(first.body).toMatchObject({ period: QUARTER, status: 'closed', runId });
    expect(first.body.items).toHaveLength(5);
    expect(first.body.items[0]).toEqual(
      expect.objectContaining({ staffId: 'A101', grade: expect.any(String), incentive: null }),
    );
    const next = await withKey(scoresKey, `${BASE}/scores?limit=5&cursor=${first.body.nextCursor}`).expect(
      200,
    );
    expect(next.body.items[0].staffId > first.body.items[4].staffId).toBe(true);
    await withKey(scoresKey, `${BASE}/scores?limit=5`).set('If-None-Match', first.headers.etag).expect(304);
    expect((await withKey(payrollKey, `${BASE}/scores`).expect(403)).status).toBe(403);
    await withKey(scoresKey, `${BASE}/payroll`).expect(403);
  });

  it('lets HR and the finance role read the payroll as a month’s, and refuses staff', async () => {
    await http().get(`${BASE}/payroll?format=xlsx`).expect(200);
    const as = (who: string) => ({ Authorization: `Bearer ${tokens.get(who)}` });
    await http().get(`${BASE}/payroll`).set(as('finance.one')).expect(200);
    const staff = await http().get(`${BASE}/payroll`).set(as('staff.e101')).expect(403);
    expect(staff.body.code).toBeDefined();
    await http().get(`${BASE}/scores`).set(as('staff.e101')).expect(401);
  });
});

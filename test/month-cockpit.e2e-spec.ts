// The month cockpit's API (the performance office's page of one month), in-process: the month's overview and next
// step (the run older than the data), the spread of totals and grades, who moved against the month's previous run
// and the previous month, the scores as CSV and .xlsx, and who may read what — staff nothing, a manager their own
// departments, the finance role the overview, and the scores and payroll of approved and closed months; HR
// downloads payroll with their sign-in, and API keys work as before.
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import ExcelJS from 'exceljs';
import { libraryMonth } from './factories/month';
import { databaseSuites } from './support/postgres';
import { startTestApp } from './support/app';
import { waitForRun } from './support/runs';

const OCT = '2026-10';
const SUITES = databaseSuites('scorecard_month_cockpit', 'the month cockpit on PostgreSQL');

/** Supertest keeps the exact bytes of any response with this parser. */
const bytes = (res: unknown, cb: (err: Error | null, body: Buffer) => void) => {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe.each(SUITES)('the month cockpit on %s', (_, database) => {
  let app: NestExpressApplication;
  let drop: () => Promise<void>;
  const http = () => request(app.getHttpServer());
  const tokens: Record<string, string> = {};
  const as = (who: string, r: request.Test) => r.set('Authorization', `Bearer ${tokens[who]}`);
  const doc = libraryMonth();
  const score = async () => {
    const res = await http().post(`/api/v1/periods/${OCT}/runs`).expect(202);
    const run = await waitForRun(app.getHttpServer(), res.body.runId as string);
    expect(run.status).toBe('completed');
    return run.id;
  };

  beforeAll(async () => {
    const db = await database();
    drop = db.drop;
    app = await startTestApp(db.config);
    // The month before, scored: the comparison's previous month.
    const sep = libraryMonth();
    sep.period = '2026-09';
    await http().post('/api/v1/documents').send(sep).expect(200);
    const res = await http().post('/api/v1/periods/2026-09/runs').expect(202);
    await waitForRun(app.getHttpServer(), res.body.runId as string);
    await http().post('/api/v1/documents').send(doc).expect(200);
    const users = [
      { username: 'fin.reader', role: 'finance' },
      { username: 'manager.eng', role: 'dept_manager', departments: ['ENG-CC'] },
      { username: 'staff.one', role: 'staff', staffId: 'C101' },
      { username: 'audit.one', role: 'auditor' },
    ];
    for (const u of users) {
      const password = `${u.username}-password-long`;
      await http()
        .post('/api/v1/users')
        .send({ ...u, password })
        .expect(201);
      const login = await http()
        .post('/api/v1/auth/login')
        .send({ username: u.username, password })
        .expect(200);
      tokens[u.role] = login.body.accessToken as string;
    }
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('walks a month: overview and next step, distribution, movers, approval, downloads; each reader as allowed', async () => {
    const overview = () => http().get(`/api/v1/periods/${OCT}/overview`).expect(200);
    expect((await overview()).body).toMatchObject({ status: 'open', next: 'score', needs: ['noRun'] });

    const first = await score();
    // A complaint for C101 after the run: the run is older than the data.
    await http()
      .post('/api/v1/measurements')
      .send([{ input: 'complaints', staff: 'C101', date: `${OCT}-20`, value: 2 }])
      .expect(200);
    expect((await overview()).body).toMatchObject({
      status: 'scored',
      currentRunId: first,
      next: 'rescore',
      needs: ['runStale'],
    });
    const second = await score();
    const o = (await overview()).body as { next: string; needs: string[]; issues: { errors: number } };
    expect(o).toMatchObject({ currentRunId: second, next: 'approve', issues: { errors: 0 } });

    // The spread, counted by the database.
    const d = (await http().get(`/api/v1/periods/${OCT}/distribution`).query({ bin: 5 }).expect(200))
      .body as {
      staff: number;
      scored: number;
      histogram: { from: number; to: number; count: number }[];
      grades: { grade: string | null; count: number }[];
      departments: { code: string; staff: number; grades: { count: number }[] }[];
    };
    expect(d.staff).toBe(doc.staff.length);
    expect(d.histogram.reduce((s, b) => s + b.count, 0)).toBe(d.scored);
    expect(d.histogram.every((b) => b.to - b.from === 5)).toBe(true);
    expect(d.grades.reduce((s, g) => s + g.count, 0)).toBe(d.scored);
    expect(d.departments).toHaveLength(new Set(doc.staff.map((s) => s.department)).size);
    await http().get(`/api/v1/periods/${OCT}/distribution`).query({ bin: 3 }).expect(400);

    // Who moved since the previous run: C101, by the complaints indicator.
    const m = (
      await http().get(`/api/v1/periods/${OCT}/movers`).query({ against: 'previous-run', top: 5 }).expect(200)
    ).body as {
      base: { runId: string };
      counts: { compared: number; up: number; down: number; same: number };
      movers: { staff: string; delta: number; why: { indicator: string; delta: number } | null }[];
    };
    expect(m.base.runId).toBe(first);
    expect(m.counts).toMatchObject({ compared: doc.staff.length, up: 0, down: 1 });
    expect(m.counts.same).toBe(doc.staff.length - 1);
    expect(m.movers[0].staff).toBe('C101');
    expect(m.movers[0].delta).toBeLessThan(0);
    expect(m.movers[0].why?.indicator).toMatch(/COMPLAINT/);
    const month = (
      await http().get(`/api/v1/periods/${OCT}/movers`).query({ against: 'previous-month' }).expect(200)
    ).body as { base: { period: string }; counts: { compared: number } };
    expect(month.base.period).toBe('2026-09');
    expect(month.counts.compared).toBe(doc.staff.length);

    // Staff: nothing. A manager: their departments only, and no overview or downloads.
    for (const path of ['overview', 'distribution', 'movers', 'scores/download'])
      await as('staff', http().get(`/api/v1/periods/${OCT}/${path}`)).expect(403);
    const mine = (await as('dept_manager', http().get(`/api/v1/periods/${OCT}/distribution`)).expect(200))
      .body as { departments: { code: string }[] };
    expect(mine.departments.map((x) => x.code)).toEqual(['ENG-CC']);
    const other = (
      await as(
        'dept_manager',
        http().get(`/api/v1/periods/${OCT}/movers`).query({ department: 'CLEAN-CC' }),
      ).expect(200)
    ).body as { counts: { compared: number }; movers: unknown[] };
    expect(other).toMatchObject({ counts: { compared: 0 }, movers: [] });
    const engMovers = (
      await as('dept_manager', http().get(`/api/v1/periods/${OCT}/movers`).query({ top: 200 })).expect(200)
    ).body as { counts: { compared: number }; movers: { staff: string }[] };
    const eng = doc.staff.filter((s) => s.department === 'ENG-CC').map((s) => s.id);
    expect(engMovers.counts.compared).toBe(eng.length);
    expect(engMovers.movers.map((x) => x.staff).sort()).toEqual([...eng].sort());
    await as('dept_manager', http().get(`/api/v1/periods/${OCT}/overview`)).expect(403);
    await as('dept_manager', http().get(`/api/v1/periods/${OCT}/payroll`)).expect(403);

    // Finance: the overview without names, the months list; not the distribution, not a month still scored.
    const fin = (await as('finance', http().get(`/api/v1/periods/${OCT}/overview`)).expect(200)).body as {
      issues: { items: unknown[] };
    };
    expect(fin.issues.items).toEqual([]);
    await as('finance', http().get('/api/v1/periods')).expect(200);
    await as('finance', http().get(`/api/v1/periods/${OCT}/distribution`)).expect(403);
    await as('finance', http().get(`/api/v1/periods/${OCT}/results`)).expect(403);
    await as('finance', http().post(`/api/v1/periods/${OCT}/runs`)).expect(403);
    await as('finance', http().get(`/api/v1/periods/${OCT}/scores/download`)).expect(409);
    await as('finance', http().get(`/api/v1/periods/${OCT}/payroll`)).expect(409);

    // HR downloads the scores of a scored month as CSV and .xlsx.
    const csv = await http()
      .get(`/api/v1/periods/${OCT}/scores/download`)
      .query({ format: 'csv' })
      .expect(200);
    expect(csv.headers['content-disposition']).toContain(`scores-${OCT}.csv`);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'staffId,employeeNo,department,site,indicatorSet,total,grade,coefficient,points,workloadValue,incentive,error',
    );
    expect(lines).toHaveLength(doc.staff.length + 1);
    expect(lines.some((l) => l.startsWith('C101,'))).toBe(true);
    const xlsx = await http()
      .get(`/api/v1/periods/${OCT}/scores/download`)
      .query({ format: 'xlsx' })
      .buffer(true)
      .parse(bytes)
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    expect(wb.worksheets[0].rowCount).toBe(doc.staff.length + 1);

    // Approve and close; then every reader of payroll gets the same lines.
    await http().post(`/api/v1/periods/${OCT}/approve`).expect(200);
    expect((await overview()).body).toMatchObject({ status: 'approved', next: 'close' });
    await as('finance', http().get(`/api/v1/periods/${OCT}/scores/download`)).expect(200);
    await http().post(`/api/v1/periods/${OCT}/close`).expect(200);
    expect((await overview()).body).toMatchObject({ status: 'closed', next: 'done' });
    const byHr = await http().get(`/api/v1/periods/${OCT}/payroll`).query({ format: 'csv' }).expect(200);
    expect(byHr.text.split('\r\n')[0] ?? byHr.text.split('\n')[0]).toMatch(/^lineId,period,staffId/);
    expect(byHr.text).toContain(`${OCT}-C101-PERF_BONUS`);
    const byFinance = await as(
      'finance',
      http().get(`/api/v1/periods/${OCT}/payroll`).query({ format: 'csv' }),
    ).expect(200);
    const byAuditor = await as(
      'auditor',
      http().get(`/api/v1/periods/${OCT}/payroll`).query({ format: 'csv' }),
    ).expect(200);
    expect(byFinance.text).toBe(byHr.text);
    expect(byAuditor.text).toBe(byHr.text);
    await as('finance', http().get(`/api/v1/periods/${OCT}/payroll`).query({ format: 'xlsx' })).expect(200);

    // API keys as before: the scope decides, a bad key is 401 even on a route people may read.
    const key = (
      await http()
        .post('/api/v1/api-keys')
        .send({ name: 'payroll', scopes: ['payroll:read'] })
        .expect(201)
    ).body as { key: string };
    const byKey = await http()
      .get(`/api/v1/periods/${OCT}/payroll`)
      .query({ format: 'csv' })
      .set('X-API-Key', key.key)
      .expect(200);
    expect(byKey.text).toBe(byHr.text);
    const scoresOnly = (
      await http()
        .post('/api/v1/api-keys')
        .send({ name: 'scores', scopes: ['scores:read'] })
        .expect(201)
    ).body as { key: string };
    await http().get(`/api/v1/periods/${OCT}/payroll`).set('X-API-Key', scoresOnly.key).expect(403);
    await http().get(`/api/v1/periods/${OCT}/payroll`).set('X-API-Key', 'sk_nope').expect(401);
    await http().get(`/api/v1/periods/${OCT}/payroll`).set('X-Test-Anonymous', '1').expect(401);
    // Recording an export stays the payroll system's.
    await http().post(`/api/v1/periods/${OCT}/exports`).send({ format: 'csv' }).expect(401);
  });
});

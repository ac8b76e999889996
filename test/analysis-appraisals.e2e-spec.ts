// The analysis of an appraisal period over HTTP, on SQLite and PostgreSQL: the three months of
// test/factories/quarter.ts scored, HR's plan for the quarter and a training of a plan of July done late; 404 with
// its code before a run; after the run, the analysis's tables against the period's results (grades per department,
// the bonus to the cent, the training, which the results rows carry too), the .xlsx; who may read (HR and
// auditors: staff, managers and finance 403); 400 for a period that is not one or a bad format.
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import ExcelJS from 'exceljs';
import { QUARTER, quarterPlan } from './factories/quarter';
import { postQuarterMonths } from './factories/quarter-runs';
import { startTestApp } from './support/app';
import { databaseSuites } from './support/postgres';

const SUITES = databaseSuites('scorecard_analysis_appraisals', 'the appraisal analysis on PostgreSQL');
const ROUTE = `/api/v1/analysis/appraisals/${QUARTER}`;

/** Supertest keeps the exact bytes of any response with this parser. */
const bytes = (res: unknown, cb: (err: Error | null, body: Buffer) => void) => {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

interface Row {
  id: string;
  department: string;
  grade?: string | null;
  incentive?: string | null;
  error?: string;
  training: { assigned: number; late: number; doneHours: number; plans: { proposed: number } };
}

describe.each(SUITES)('the appraisal analysis on %s', (_name, database) => {
  let app: NestExpressApplication;
  let drop: () => Promise<void>;
  const http = () => request(app.getHttpServer());
  const tokens = new Map<string, string>();
  const as = (who: string) => ({ Authorization: `Bearer ${tokens.get(who)}` });

  beforeAll(async () => {
    const db = await database();
    drop = db.drop;
    app = await startTestApp(db.config);
    await postQuarterMonths(app.getHttpServer());
    for (const [username, body] of [
      ['audit.one', { role: 'auditor' }],
      ['finance.one', { role: 'finance' }],
      ['manager.eng', { role: 'dept_manager', departments: ['ENG-CC'] }],
      ['staff.e101', { role: 'staff', staffId: 'E101' }],
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
    await http().put(`/api/v1/appraisals/${QUARTER}/plan`).send(quarterPlan()).expect(200);
    // A plan of July with a training done after its due date.
    const july = (await http().get('/api/v1/periods/2026-07/results?limit=500').expect(200)).body as {
      items: { id: string; indicators: { code: string }[] }[];
    };
    const e101 = july.items.find((p) => p.id === 'E101')!;
    const plan = await http()
      .post('/api/v1/periods/2026-07/staff/E101/plans')
      .send({
        indicator: e101.indicators[0].code,
        actions: [
          { kind: 'training', course: '电气安全', plannedHours: 4, dueDate: '2026-07-31', owner: 'HR' },
        ],
      })
      .expect(201);
    await http()
      .patch(`/api/v1/plan-actions/${plan.body.actions[0].id}`)
      .send({ status: 'done', doneHours: 3.5, doneOn: '2026-08-02' })
      .expect(200);
  }, 240000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('answers 404 with its code before a run, 400 for a period that is not one or a bad format', async () => {
    expect((await http().get(ROUTE).expect(404)).body.code).toBe('APPRAISAL_NO_RESULTS');
    expect((await http().get('/api/v1/analysis/appraisals/2026-07').expect(400)).body.code).toBe(
      'APPRAISAL_PERIOD_INVALID',
    );
    await http().get(`${ROUTE}?format=pdf`).expect(400);
  });

  it("reads the period's results: grades, bonus and training per department, as JSON and .xlsx", async () => {
    const started = await http().post(`/api/v1/appraisals/${QUARTER}/runs`).expect(202);
    const runId = started.body.run.id as string;
    for (let i = 0; i < 1200; i++) {
      const run = await http().get(`/api/v1/appraisals/${QUARTER}/runs/${runId}`).expect(200);
      if (!['queued', 'running'].includes(run.body.status as string)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const results = (await http().get(`/api/v1/appraisals/${QUARTER}/results`).expect(200)).body as {
      runId: string;
      staff: Row[];
    };
    const a = (await http().get(ROUTE).set(as('audit.one')).expect(200)).body;
    expect([a.period, a.status, a.runId, a.staff]).toEqual([
      QUARTER,
      'scored',
      results.runId,
      results.staff.length,
    ]);
    for (const d of a.distribution.byDepartment as { code: string; final: Record<string, number> }[]) {
      const final: Record<string, number> = {};
      for (const p of results.staff)
        if (p.department === d.code && !p.error && p.grade) final[p.grade] = (final[p.grade] ?? 0) + 1;
      expect([d.code, d.final]).toEqual([d.code, final]);
    }
    const bonus = (code: string) =>
      (a.bonus.byDepartment as { code: string; sum: string }[]).find((b) => b.code === code)!.sum;
    expect(bonus('ENG-CC')).toBe('30000.00');

    // The training: in E101's results row and in their department's summary.
    const e101 = results.staff.find((p) => p.id === 'E101')!;
    expect(e101.training).toMatchObject({ assigned: 1, late: 1, doneHours: 3.5 });
    // The department's summary is the sum of its people's (the follow-up proposed plans of its own too).
    const people = results.staff.filter((p) => p.department === e101.department);
    expect(
      (a.training.byDepartment as { code: string }[]).find((t) => t.code === e101.department),
    ).toMatchObject({
      assigned: 1,
      late: 1,
      doneHours: 3.5,
      plans: { proposed: people.reduce((n, p) => n + p.training.plans.proposed, 0) },
    });

    const xlsx = await http()
      .get(`${ROUTE}?format=xlsx`)
      .set(as('audit.one'))
      .buffer(true)
      .parse(bytes)
      .expect(200);
    expect(xlsx.headers['content-disposition']).toContain(`appraisal-analysis-${QUARTER}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '等级分布 Grades',
      '等级校准 Calibration',
      '奖金 Bonus',
      '培训 Training',
    ]);
  });

  it('is for HR and auditors only', async () => {
    for (const who of ['staff.e101', 'manager.eng', 'finance.one'])
      expect([who, (await http().get(ROUTE).set(as(who))).status]).toEqual([who, 403]);
  });
});

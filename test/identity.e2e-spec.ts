// Results, feedback, plans, appeals and `/me` belong to the person (the staff row's id), not to the code string:
// a member of staff scored under code X is renamed to Y, and X is given to a new hire with a staff user of their
// own. The new hire sees nothing of the former holder; the former holder keeps their month (under the code it
// was scored with); the appraisal follow-up's plans and outcomes stay the former holder's, also when both are
// scored in the next month; the payroll-facing results keep the code the run scored with.
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Period, Staff } from '@app/persistence';
import { libraryMonth } from './factories/month';
import { databaseSuites } from './support/postgres';
import { MEMORY_CONFIG, startTestApp } from './support/app';
import { waitForRun } from './support/runs';

const M1 = '2026-10';
const M2 = '2026-11';
const THRESHOLD = MEMORY_CONFIG.loop.planThreshold;
const NEW_CODE = 'RENAMED-1';

interface Result {
  id: string;
  department: string;
  indicatorSet: string;
  indicators?: { code: string; score: number | null }[];
  vetoReasons?: string[];
}
interface Plan {
  id: number;
  period: string;
  staffId: string;
  items: { indicator: string; outcome: string | null; outcomePeriod: string | null }[];
}
interface MyMonth {
  period: string;
  result: { id: string };
  plans?: Plan[];
  feedback?: { text: string }[];
}

const SUITES = databaseSuites('scorecard_identity', 'the code-reuse suite on PostgreSQL');

describe.each(SUITES)('identity on %s: a reused staff code shows the new holder nothing', (_, database) => {
  let app: NestExpressApplication;
  let drop: () => Promise<void>;
  let ds: DataSource;
  const server = () => app.getHttpServer();
  const tokens = new Map<string, string>();
  const as = (who: string) => ({
    get: (url: string) =>
      request(server())
        .get(url)
        .set('Authorization', `Bearer ${tokens.get(who)}`),
    post: (url: string) =>
      request(server())
        .post(url)
        .set('Authorization', `Bearer ${tokens.get(who)}`),
  });
  const runMonth = async (period: string) => {
    const run = await request(server()).post(`/api/v1/periods/${period}/runs`).expect(202);
    const done = await waitForRun(server(), run.body.runId as string);
    expect(done).toMatchObject({ status: 'completed', error: null });
  };
  const results = async (period: string): Promise<Result[]> =>
    (await request(server()).get(`/api/v1/periods/${period}/results?limit=1000`).expect(200)).body
      .items as Result[];
  const weak = (r: Result) =>
    (r.indicators ?? []).filter(
      (i) => (r.vetoReasons ?? []).includes(i.code) || (i.score !== null && i.score < THRESHOLD),
    );
  const staffId = async (code: string) => (await ds.getRepository(Staff).findOneByOrFail({ code })).id;
  const signIn = async (username: string, staff: string) => {
    await request(server())
      .post('/api/v1/users')
      .send({ username, role: 'staff', staffId: staff, password: `${username}-password` })
      .expect(201);
    const login = await request(server())
      .post('/api/v1/auth/login')
      .set('X-Test-Anonymous', '1')
      .send({ username, password: `${username}-password` })
      .expect(200);
    tokens.set(username, login.body.accessToken as string);
  };

  /** The former holder of the code, as scored in M1 (with indicators below the threshold: plans). */
  let former: Result;
  let code: string;
  let formerId: number;
  let hireId: number;
  let formerPlans: Plan[];

  beforeAll(async () => {
    const db = await database();
    drop = db.drop;
    app = await startTestApp(db.config);
    ds = app.get(DataSource);
    await request(server()).post('/api/v1/documents').send(libraryMonth()).expect(200);
    await runMonth(M1);
    former = (await results(M1)).find((r) => weak(r).length > 0)!;
    expect(former).toBeDefined();
    code = former.id;
    formerId = await staffId(code);
    await request(server())
      .post(`/api/v1/periods/${M1}/staff/${code}/feedback`)
      .send({ text: 'Written to the former holder.' })
      .expect(201);
    formerPlans = (await request(server()).get(`/api/v1/periods/${M1}/staff/${code}/plans`).expect(200))
      .body as Plan[];
    // One plan for the month, holding an item for each weak indicator.
    expect(formerPlans.length).toBe(1);
    expect(formerPlans[0].items.length).toBe(weak(former).length);

    // HR renames the former holder and gives their code to a new hire, starting the month after.
    await request(server()).patch(`/api/v1/staff/${code}`).send({ code: NEW_CODE }).expect(200);
    await request(server())
      .post('/api/v1/staff')
      .send({
        code,
        name: 'New Hire',
        employeeNo: 'NEW-HIRE-1',
        department: former.department,
        activeFrom: `${M2}-01`,
      })
      .expect(201);
    hireId = await staffId(code);
    expect(hireId).not.toBe(formerId);
    await signIn('staff.hire', code);
    await signIn('staff.former', NEW_CODE);
  }, 120000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('the run wrote each result with the id of the person it scored', async () => {
    const p = await ds.getRepository(Period).findOneByOrFail({ period: M1 });
    const rows = await ds.query<{ staff_code: string; staff_id: number | null }[]>(
      `SELECT staff_code, staff_id FROM staff_results WHERE run_id = '${p.currentRunId}'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.staff_id !== null)).toBe(true);
    expect(Number(rows.find((r) => r.staff_code === code)!.staff_id)).toBe(formerId);
  });

  it("the new hire's /me shows nothing of the former holder", async () => {
    expect((await as('staff.hire').get('/api/v1/me/results').expect(200)).body).toEqual([]);
    await as('staff.hire').get(`/api/v1/me/results/${M1}`).expect(404);
    expect((await as('staff.hire').get('/api/v1/me/timeline').expect(200)).body).toEqual([]);
    // Nor can they answer the former holder's month.
    await as('staff.hire').post(`/api/v1/me/periods/${M1}/acknowledge`).send({}).expect(404);
    await as('staff.hire').post(`/api/v1/me/periods/${M1}/comments`).send({ text: 'mine?' }).expect(404);
    const indicator = former.indicators![0].code;
    await as('staff.hire')
      .post(`/api/v1/me/periods/${M1}/appeals`)
      .send({ indicators: [indicator], reason: 'not mine' })
      .expect(404);
  });

  it('the former holder keeps their month, its feedback and its plans under their new code', async () => {
    const mine = (await as('staff.former').get('/api/v1/me/results').expect(200)).body as MyMonth[];
    expect(mine.map((m) => [m.period, m.result.id])).toEqual([[M1, code]]);
    await as('staff.former').get(`/api/v1/me/results/${M1}`).expect(200);
    const timeline = (await as('staff.former').get('/api/v1/me/timeline').expect(200)).body as MyMonth[];
    expect(timeline.map((m) => m.period)).toEqual([M1]);
    expect(timeline[0].feedback!.map((f) => f.text)).toEqual(['Written to the former holder.']);
    expect(timeline[0].plans!.map((p) => p.id)).toEqual(formerPlans.map((p) => p.id));
    await as('staff.former').post(`/api/v1/me/periods/${M1}/acknowledge`).send({}).expect(201);
  });

  it("HR's view of a person's month reads by today's holder of the code", async () => {
    // The code now names the new hire, who has no result in M1.
    await request(server()).get(`/api/v1/periods/${M1}/staff/${code}/plans`).expect(404);
    await request(server()).get(`/api/v1/periods/${M1}/staff/${code}/feedback`).expect(404);
    await request(server())
      .post(`/api/v1/periods/${M1}/staff/${code}/feedback`)
      .send({ text: 'to the new hire?' })
      .expect(404);
    const plans = (await request(server()).get(`/api/v1/periods/${M1}/staff/${NEW_CODE}/plans`).expect(200))
      .body as Plan[];
    expect(plans.map((p) => [p.id, p.staffId])).toEqual(formerPlans.map((p) => [p.id, NEW_CODE]));
    const feedback = (
      await request(server()).get(`/api/v1/periods/${M1}/staff/${NEW_CODE}/feedback`).expect(200)
    ).body as { text: string }[];
    expect(feedback.map((f) => f.text)).toEqual(['Written to the former holder.']);
  });

  it('the posted month keeps the code it was scored with', async () => {
    const ids = (await results(M1)).map((r) => r.id);
    expect(ids).toContain(code);
    expect(ids).not.toContain(NEW_CODE);
  });

  it("next month, both are scored: the follow-up judges the former holder's plans on their own result", async () => {
    const doc2 = libraryMonth();
    doc2.period = M2;
    const was = doc2.staff.find((s) => s.id === code)!;
    const colleague = doc2.staff.find((s) => s.id !== code && s.indicatorSet === was.indicatorSet)!;
    // The former holder keeps their values under their new code; the new hire gets a colleague's.
    doc2.staff = [
      ...doc2.staff.filter((s) => s !== was),
      { ...was, id: NEW_CODE },
      { ...colleague, id: code, department: was.department, site: was.site },
    ];
    await request(server()).post('/api/v1/documents').send(doc2).expect(200);
    await runMonth(M2);
    const month2 = await results(M2);
    expect(month2.map((r) => r.id)).toEqual(expect.arrayContaining([code, NEW_CODE]));

    const plans = await ds.query<{ staff_id: number; period: string; outcome_period: string | null }[]>(
      'SELECT staff_id, period, outcome_period FROM plan_items ORDER BY id',
    );
    // The M1 plan's items stay the former holder's, judged on the former holder's M2 result.
    const m1 = plans.filter((p) => p.period === M1 && Number(p.staff_id) === formerId);
    expect(m1.length).toBe(formerPlans[0].items.length);
    expect(m1.every((p) => p.outcome_period === null || p.outcome_period === M2)).toBe(true);
    const judged = (await request(server()).get(`/api/v1/periods/${M1}/staff/${NEW_CODE}/plans`).expect(200))
      .body as Plan[];
    expect(judged[0].items.some((i) => i.outcomePeriod === M2)).toBe(true);
    // The new hire's plans, if any, are M2's own.
    expect(plans.filter((p) => Number(p.staff_id) === hireId).every((p) => p.period === M2)).toBe(true);

    const hire = (await as('staff.hire').get('/api/v1/me/results').expect(200)).body as MyMonth[];
    expect(hire.map((m) => [m.period, m.result.id])).toEqual([[M2, code]]);
    const hireTimeline = (await as('staff.hire').get('/api/v1/me/timeline').expect(200)).body as MyMonth[];
    expect(hireTimeline.map((m) => m.period)).toEqual([M2]);
    expect(hireTimeline[0].feedback).toEqual([]);
    const former2 = (await as('staff.former').get('/api/v1/me/results').expect(200)).body as MyMonth[];
    expect(former2.map((m) => [m.period, m.result.id])).toEqual([
      [M1, code],
      [M2, NEW_CODE],
    ]);
  });
  it('the migration binds results written without an id to the holder of their code', async () => {
    // Undo the migrations down to and including MonthData (which added the column), then migrate again: the
    // backfill fills staff_id from the staff row holding each result's code at migration time.
    const names = (ds.migrations as { name?: string }[]).map((m) => m.name);
    const undo = names.length - names.indexOf('MonthData1795843024399');
    expect(undo).toBeGreaterThan(0);
    for (let i = 0; i < undo; i++) await ds.undoLastMigration({ transaction: 'each' });
    const runner = ds.createQueryRunner();
    expect((await runner.getTable('staff_results'))!.findColumnByName('staff_id')).toBeUndefined();
    await runner.release();
    await ds.runMigrations({ transaction: 'each' });
    const p = await ds.getRepository(Period).findOneByOrFail({ period: M2 });
    const rows = await ds.query<{ staff_code: string; staff_id: number | null }[]>(
      `SELECT staff_code, staff_id FROM staff_results WHERE run_id = '${p.currentRunId}'`,
    );
    const ids = new Map(
      (await ds.getRepository(Staff).find()).map((s) => [s.code, s.id] as [string, number]),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => [r.staff_code, Number(r.staff_id)])).toEqual(
      rows.map((r) => [r.staff_code, ids.get(r.staff_code)]),
    );
    expect(Number(rows.find((r) => r.staff_code === NEW_CODE)!.staff_id)).toBe(formerId);
    expect(Number(rows.find((r) => r.staff_code === code)!.staff_id)).toBe(hireId);
  });
});

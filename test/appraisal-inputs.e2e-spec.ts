// An appraisal quarter's own data over HTTP, on SQLite and PostgreSQL: three months of the library month imported
// and scored; HR puts a plan with a manager's assessment worth 30 %, then the period's inputs (JSON and CSV):
// the value joins the total with its weight in the preview, a second value replaces it, null removes it, a bad
// batch is refused whole (400 APPRAISAL_INPUT_INVALID, every row at rows[i].field); HR's grade override of the
// period moves the grade in the preview (calibration.override), is listed and removed; managers and staff are
// refused, auditors read; once the period is approved (or while a run of it is active) nothing changes (409).
import type { NestExpressApplication } from '@nestjs/platform-express';
import Decimal from 'decimal.js';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppraisalPeriod } from '@app/persistence';
import { QUARTER, quarterPlan } from './factories/quarter';
import { postQuarterMonths } from './factories/quarter-runs';
import { startTestApp } from './support/app';
import { databaseSuites } from './support/postgres';

const SUITES = databaseSuites('scorecard_appraisal_inputs', 'appraisal inputs on PostgreSQL');
const BASE = `/api/v1/appraisals/${QUARTER}`;
const INPUT = 'mgr_assessment';

const plan = () => {
  const p = quarterPlan();
  return {
    ...p,
    appraisal: { ...p.appraisal, assessments: [{ input: INPUT, weight: 30 }] },
    inputs: [
      { code: INPUT, name: { zh: '主管评价', en: "Manager's assessment" }, unit: '分', level: 'staff' },
    ],
  };
};

interface Person {
  id: string;
  total: number;
  rolled: number;
  grade: string | null;
  calibration: { from: string | null; to: string | null; override: unknown } | null;
}

describe.each(SUITES)('appraisal inputs and overrides on %s', (_name, database) => {
  let app: NestExpressApplication;
  let drop: () => Promise<void>;
  const http = () => request(app.getHttpServer());
  const tokens = new Map<string, string>();
  const as = (who: string) => ({ Authorization: `Bearer ${tokens.get(who)}` });
  const person = async (code: string): Promise<Person> =>
    ((await http().post(`${BASE}/preview`).expect(200)).body.result.staff as Person[]).find(
      (s) => s.id === code,
    )!;

  beforeAll(async () => {
    const db = await database();
    drop = db.drop;
    app = await startTestApp(db.config);
    await postQuarterMonths(app.getHttpServer());
    for (const [username, body] of [
      ['manager.eng', { role: 'dept_manager', departments: ['ENG-CC'] }],
      ['audit.one', { role: 'auditor' }],
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
  }, 180000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('answers 404 without a plan and 400 for a bad period', async () => {
    const rows = [{ staff: 'E101', input: INPUT, value: 80 }];
    expect((await http().put(`${BASE}/inputs`).send({ rows }).expect(404)).body.code).toBe(
      'APPRAISAL_PLAN_NOT_FOUND',
    );
    expect((await http().get('/api/v1/appraisals/2026-07/inputs').expect(400)).body.code).toBe(
      'APPRAISAL_PERIOD_INVALID',
    );
  });

  it('joins an assessment to the total with its weight; replaces; null removes; CSV too', async () => {
    await http().put(`${BASE}/plan`).send(plan()).expect(200);
    const before = await person('E101');
    expect(before.total).toBe(before.rolled);

    const put = await http()
      .put(`${BASE}/inputs`)
      .send({ rows: [{ staff: 'E101', input: INPUT, value: 80 }] })
      .expect(200);
    expect(put.body).toEqual({ period: QUARTER, stored: 1, deleted: 0 });
    const after = await person('E101');
    const expected = new Decimal(after.rolled)
      .times(70)
      .plus(30 * 80)
      .div(100);
    expect(after.total).toBe(expected.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber());
    expect(after.total).not.toBe(before.total);

    // A CSV file: E101's value replaced, E102's added.
    const csv = await http()
      .put(`${BASE}/inputs`)
      .set('Content-Type', 'text/csv')
      .send(`staff,input,value\nE101,${INPUT},60\nE102,${INPUT},90\n`)
      .expect(200);
    expect(csv.body).toEqual({ period: QUARTER, stored: 2, deleted: 0 });
    const list = await http().get(`${BASE}/inputs`).set(as('audit.one')).expect(200);
    expect(list.body.period).toBe(QUARTER);
    expect(list.body.rows.map((r: { staff: string; value: number }) => [r.staff, r.value])).toEqual([
      ['E101', 60],
      ['E102', 90],
    ]);
    expect(list.body.rows[0]).toMatchObject({
      input: INPUT,
      enteredBy: 'user:hr.admin',
      name: expect.any(String),
    });

    const removed = await http()
      .put(`${BASE}/inputs`)
      .send({ rows: [{ staff: 'E101', input: INPUT, value: null }] })
      .expect(200);
    expect(removed.body).toEqual({ period: QUARTER, stored: 0, deleted: 1 });
    expect((await person('E101')).total).toBe(before.total);
    const audit = await http().get('/api/v1/audit?action=appraisal.inputs').expect(200);
    expect(audit.body.items).toHaveLength(3);
  });

  it('refuses a bad batch whole, every row at rows[i].field', async () => {
    const bad = await http()
      .put(`${BASE}/inputs`)
      .send({
        rows: [
          { staff: 'E101', input: INPUT, value: 70 },
          { staff: 'NOPE', input: INPUT, value: 50 },
          { staff: 'E101', input: 'nope', value: 101 },
          { staff: 'E102', value: 'x' },
        ],
      })
      .expect(400);
    expect(bad.body.code).toBe('APPRAISAL_INPUT_INVALID');
    expect(bad.body.rows.map((r: { field: string; code: string }) => [r.field, r.code])).toEqual([
      ['rows[1].staff', 'UNKNOWN_STAFF_CODE'],
      ['rows[2].input', 'ONE_OF_GOT'],
      ['rows[2].value', 'BAD_RATING'],
      ['rows[3].input', 'REQUIRED'],
      ['rows[3].value', 'NOT_A_NUMBER_OR_NULL'],
    ]);
    const csv = await http()
      .put(`${BASE}/inputs`)
      .set('Content-Type', 'text/csv')
      .send(`staff,input,value\nE101,${INPUT},abc\n`)
      .expect(400);
    expect(csv.body.rows).toEqual([
      expect.objectContaining({ row: 2, field: 'value', code: 'CSV_NOT_DECIMAL' }),
    ]);
    expect((await http().put(`${BASE}/inputs`).send([1]).expect(400)).body.code).toBe(
      'APPRAISAL_INPUT_INVALID',
    );
    const list = await http().get(`${BASE}/inputs`).expect(200);
    expect(list.body.rows.map((r: { staff: string }) => r.staff)).toEqual(['E102']);
  });

  it("moves a grade by HR's override of the period, lists it, removes it", async () => {
    const before = await person('E101');
    const target = before.grade === '基本合格' ? '合格' : '基本合格';
    const put = await http()
      .put(`${BASE}/overrides/E101`)
      .send({ grade: target, reason: '年度重大保障任务表现突出' })
      .expect(200);
    expect(put.body).toMatchObject({ staffCode: 'E101', period: QUARTER, grade: target });
    const moved = await person('E101');
    expect(moved.grade).toBe(target);
    expect(moved.calibration).toMatchObject({
      from: before.grade,
      to: target,
      override: { grade: target, reason: '年度重大保障任务表现突出' },
    });
    expect(
      (await http().get(`${BASE}/overrides`).set(as('audit.one')).expect(200)).body.map(
        (o: { staffCode: string; grade: string }) => [o.staffCode, o.grade],
      ),
    ).toEqual([['E101', target]]);

    const wrong = await http().put(`${BASE}/overrides/E101`).send({ grade: 'A', reason: 'x' }).expect(400);
    expect(wrong.body.code).toBe('APPRAISAL_GRADE_NOT_IN_RULE');
    await http().put(`${BASE}/overrides/E101`).send({ grade: target }).expect(400);
    expect(
      (await http().put(`${BASE}/overrides/NOPE`).send({ grade: target, reason: 'x' }).expect(404)).body.code,
    ).toBe('NOT_FOUND');

    await http().delete(`${BASE}/overrides/E101`).expect(200);
    expect((await person('E101')).grade).toBe(before.grade);
    await http().delete(`${BASE}/overrides/E101`).expect(404);
    const audit = await http().get('/api/v1/audit?action=appraisal.override').expect(200);
    expect(audit.body.items.map((e: { entityKey: string }) => e.entityKey)).toEqual([`${QUARTER}/E101`]);
  });

  it('refuses managers and staff; auditors read and write nothing', async () => {
    const rows = [{ staff: 'E101', input: INPUT, value: 70 }];
    for (const who of ['manager.eng', 'staff.e101']) {
      await http().get(`${BASE}/inputs`).set(as(who)).expect(403);
      await http().get(`${BASE}/overrides`).set(as(who)).expect(403);
    }
    for (const who of ['manager.eng', 'staff.e101', 'audit.one']) {
      await http().put(`${BASE}/inputs`).set(as(who)).send({ rows }).expect(403);
      await http()
        .put(`${BASE}/overrides/E101`)
        .set(as(who))
        .send({ grade: '合格', reason: 'x' })
        .expect(403);
      await http().delete(`${BASE}/overrides/E101`).set(as(who)).expect(403);
    }
  });

  it('changes nothing once the period is approved or closed (409)', async () => {
    const periods = app.get(DataSource).getRepository(AppraisalPeriod);
    for (const status of ['approved', 'closed'] as const) {
      await periods.save({ period: QUARTER, status, currentRunId: null });
      const rows = [{ staff: 'E101', input: INPUT, value: 70 }];
      expect((await http().put(`${BASE}/inputs`).send({ rows }).expect(409)).body.code).toBe(
        'APPRAISAL_PERIOD_LOCKED',
      );
      expect(
        (await http().put(`${BASE}/overrides/E101`).send({ grade: '合格', reason: 'x' }).expect(409)).body
          .code,
      ).toBe('APPRAISAL_PERIOD_LOCKED');
      await http().get(`${BASE}/inputs`).expect(200);
    }
    await periods.delete({ period: QUARTER });
  });
});

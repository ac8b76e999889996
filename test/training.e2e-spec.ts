// Training assignments over HTTP, on SQLite and PostgreSQL (issue 16, item 4a): a plan of 2026-10 gets training
// actions; completing them in 2026-11 rebuilds that month's ONE training intake batch (the sum of hours per person,
// the same rows again kept); reopening one rebuilds it with the rest; the run of 2026-11 scores the hours as the
// training_hours input; an approved month refuses (409 TRAINING_MONTH_CLOSED); a future day is 400; without the
// input in the dictionary the completion is saved and says it fed nothing; the year's list (totals, CSV) is HR's,
// a manager's for their departments and the person's own.
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { IntakeBatch, Observation, Period, Staff, StaffResultRow } from '@app/persistence';
import { toStaffResult } from '@app/domain/runs';
import type { ScorecardDocument } from '@app/scoring';
import { trainingMonth } from './factories/month';
import { startTestApp } from './support/app';
import { databaseSuites } from './support/postgres';
import { waitForRun } from './support/runs';

const SUITES = databaseSuites('scorecard_training', 'training assignments on PostgreSQL');
const PLAN_MONTH = '2026-10';
const TRAINED = '2026-11';

describe.each(SUITES)('training assignments on %s', (_name, database) => {
  const opened: { app: NestExpressApplication; drop: () => Promise<void> }[] = [];
  const server = (a: NestExpressApplication) => a.getHttpServer();

  async function start(doc: ScorecardDocument, config: Record<string, unknown> = {}) {
    const db = await database();
    const a = await startTestApp({ ...db.config, ...config });
    opened.push({ app: a, drop: db.drop });
    await request(a.getHttpServer()).post('/api/v1/documents').send(doc).expect(200);
    const run = await request(a.getHttpServer()).post(`/api/v1/periods/${PLAN_MONTH}/runs`).expect(202);
    expect((await waitForRun(a.getHttpServer(), run.body.runId as string)).status).toBe('completed');
    return a;
  }

  const signIn = async (a: NestExpressApplication, username: string, role: string, extra = {}) => {
    const password = `${username}-password`;
    await request(server(a))
      .post('/api/v1/users')
      .send({ username, password, role, ...extra })
      .expect(201);
    const res = await request(server(a)).post('/api/v1/auth/login').send({ username, password }).expect(200);
    return `Bearer ${res.body.accessToken as string}`;
  };

  /**
   * The person's plan of the plan month holding their TRAINING indicator: the run's proposal, or the item a
   * manager adds (to the month's plan, started when there is none).
   */
  const plan = async (a: NestExpressApplication, code: string) => {
    const url = `/api/v1/periods/${PLAN_MONTH}/staff/${code}/plans`;
    const proposed = (await request(server(a)).get(url).expect(200)).body as {
      id: number;
      items: { indicator: string }[];
    }[];
    expect(proposed.length).toBeLessThanOrEqual(1);
    const found = proposed.find((p) => p.items.some((i) => i.indicator === 'TRAINING'));
    if (found) return found.id;
    return (await request(server(a)).post(url).send({ indicator: 'TRAINING' }).expect(201)).body.id as number;
  };

  const training = async (a: NestExpressApplication, planId: number, course: string, plannedHours: number) =>
    (
      await request(server(a))
        .post(`/api/v1/plans/${planId}/actions`)
        .send({ kind: 'training', course, plannedHours, dueDate: '2026-11-30', owner: '班组长' })
        .expect(201)
    ).body as { id: number; kind: string; what: string; course: string; plannedHours: number };

  /** The month's training batches in force, with their values by staff code. */
  async function trainingBatches(ds: DataSource, period: string) {
    const month = await ds.getRepository(Period).findOneByOrFail({ period });
    const batches = (await ds.getRepository(IntakeBatch).find({ where: { source: 'training' } })).filter(
      (b) => !b.withdrawnAt && b.periods.includes(period),
    );
    const values = [];
    for (const b of batches) {
      const obs = await ds.getRepository(Observation).find({ where: { batchId: b.id, periodId: month.id } });
      const codes = new Map((await ds.getRepository(Staff).find()).map((s) => [s.id, s.code]));
      values.push(Object.fromEntries(obs.map((o) => [codes.get(o.staffId!), o.value])));
    }
    return { batches, values };
  }

  afterEach(async () => {
    for (const o of opened.splice(0)) {
      await o.app.close();
      await o.drop();
    }
  });

  it('feeds one training batch of the month, rebuilt on each change; the run scores it; approved refuses', async () => {
    const app = await start(trainingMonth(PLAN_MONTH));
    const ds = app.get(DataSource);
    // The month the training is done in: the same configuration, its staff without training hours of their own.
    await request(server(app)).post('/api/v1/documents').send(trainingMonth(TRAINED, false)).expect(200);

    const p1 = await plan(app, 'E101');
    const p2 = await plan(app, 'E102');
    // A training needs a course and planned hours (0 < h ≤ 200, one decimal); a task needs `what`.
    for (const bad of [
      { kind: 'training', plannedHours: 4, dueDate: '2026-11-30', owner: 'x' },
      { kind: 'training', course: 'c', dueDate: '2026-11-30', owner: 'x' },
      { kind: 'training', course: 'c', plannedHours: 4.25, dueDate: '2026-11-30', owner: 'x' },
      // A number JSON writes in exponent form: refused, not a 500 (class-validator's decimal-places check threw).
      { kind: 'training', course: 'c', plannedHours: 1e-7, dueDate: '2026-11-30', owner: 'x' },
      { kind: 'training', course: 'c', plannedHours: 0, dueDate: '2026-11-30', owner: 'x' },
      { kind: 'training', course: 'c', plannedHours: 201, dueDate: '2026-11-30', owner: 'x' },
      { kind: 'training', course: 'x'.repeat(201), plannedHours: 2, dueDate: '2026-11-30', owner: 'x' },
      { dueDate: '2026-11-30', owner: 'x' },
    ])
      await request(server(app)).post(`/api/v1/plans/${p1}/actions`).send(bad).expect(400);
    const a1 = await training(app, p1, '有限空间作业安全', 4);
    expect(a1).toMatchObject({
      kind: 'training',
      what: '有限空间作业安全',
      course: '有限空间作业安全',
      plannedHours: 4,
    });
    const a2 = await training(app, p1, '电气安全', 2.5);
    const a3 = await training(app, p2, '电气安全', 2.5);
    const task = await request(server(app))
      .post(`/api/v1/plans/${p2}/actions`)
      .send({ what: 'walk the hazard log', owner: 'lead', dueDate: '2026-11-30' })
      .expect(201);
    expect(task.body).toMatchObject({ kind: 'task', course: null, plannedHours: null });

    // Done needs the hours; a day after today (pinned 2026-12-15) is refused.
    await request(server(app)).patch(`/api/v1/plan-actions/${a1.id}`).send({ status: 'done' }).expect(400);
    const future = await request(server(app))
      .patch(`/api/v1/plan-actions/${a1.id}`)
      .send({ status: 'done', doneHours: 4, doneOn: '2026-12-16' })
      .expect(400);
    expect(future.body.code).toBe('TRAINING_DATE_IN_FUTURE');

    const done1 = await request(server(app))
      .patch(`/api/v1/plan-actions/${a1.id}`)
      .send({ status: 'done', doneHours: 3.5, doneOn: '2026-11-10' })
      .expect(200);
    expect(done1.body).toMatchObject({ status: 'done', doneHours: 3.5, doneOn: '2026-11-10', fed: true });
    const done2 = await request(server(app))
      .patch(`/api/v1/plan-actions/${a2.id}`)
      .send({ status: 'done', doneHours: 2, doneOn: '2026-11-20' })
      .expect(200);
    await request(server(app))
      .patch(`/api/v1/plan-actions/${a3.id}`)
      .send({ status: 'done', doneHours: 1.5, doneOn: '2026-11-12' })
      .expect(200);
    let fed = await trainingBatches(ds, TRAINED);
    expect(fed.batches).toHaveLength(1);
    expect(fed.values[0]).toEqual({ E101: 5.5, E102: 1.5 });
    expect(done2.body.batches).toEqual([{ period: TRAINED, batchId: expect.any(Number), unchanged: false }]);

    // The same completion again: the same rows, the batch kept (no new data version).
    const version = (await ds.getRepository(Period).findOneByOrFail({ period: TRAINED })).dataVersion;
    const again = await request(server(app))
      .patch(`/api/v1/plan-actions/${a3.id}`)
      .send({ status: 'done', doneHours: 1.5, doneOn: '2026-11-12' })
      .expect(200);
    expect(again.body.batches).toEqual([{ period: TRAINED, batchId: fed.batches[0].id, unchanged: true }]);
    expect((await ds.getRepository(Period).findOneByOrFail({ period: TRAINED })).dataVersion).toBe(version);

    // Reopened: its hours and day are cleared, and the batch is rebuilt with the rest.
    const reopened = await request(server(app))
      .patch(`/api/v1/plan-actions/${a2.id}`)
      .send({ status: 'open' })
      .expect(200);
    expect(reopened.body).toMatchObject({ status: 'open', doneHours: null, doneOn: null, fed: true });
    fed = await trainingBatches(ds, TRAINED);
    expect(fed.batches).toHaveLength(1);
    expect(fed.values[0]).toEqual({ E101: 3.5, E102: 1.5 });
    const plans = await request(server(app))
      .get(`/api/v1/periods/${PLAN_MONTH}/staff/E101/plans`)
      .expect(200);
    expect(plans.body[0].actions.map((a: { doneHours: number | null }) => a.doneHours)).toEqual([3.5, null]);

    // The run of the month the training was done in scores the hours as the input.
    const run = await request(server(app)).post(`/api/v1/periods/${TRAINED}/runs`).expect(202);
    expect((await waitForRun(server(app), run.body.runId as string)).status).toBe('completed');
    const month = await ds.getRepository(Period).findOneByOrFail({ period: TRAINED });
    for (const [code, hours] of [
      ['E101', 3.5],
      ['E102', 1.5],
    ] as const) {
      const row = await ds
        .getRepository(StaffResultRow)
        .findOneByOrFail({ runId: month.currentRunId!, staffCode: code });
      const result = toStaffResult(row);
      if ('error' in result) throw new Error(result.error);
      expect(result.indicators.find((i) => i.code === 'TRAINING')!.value).toBe(hours);
    }

    // Once the month is approved its training hours no longer change: 409 with its own code, naming the month.
    await ds.getRepository(Period).update({ period: TRAINED }, { status: 'approved' });
    for (const [id, body] of [
      [a2.id, { status: 'done', doneHours: 2, doneOn: '2026-11-21' }],
      [a1.id, { status: 'open' }],
    ] as const) {
      const refused = await request(server(app)).patch(`/api/v1/plan-actions/${id}`).send(body).expect(409);
      expect(refused.body.code).toBe('TRAINING_MONTH_CLOSED');
      expect(refused.body.message).toContain(TRAINED);
    }
    // Nothing changed: the action is still open, the batch the same.
    expect((await trainingBatches(ds, TRAINED)).batches.map((b) => b.id)).toEqual(
      fed.batches.map((b) => b.id),
    );
  });

  it('two completions in one month at once make one batch holding both', async () => {
    const app = await start(trainingMonth(PLAN_MONTH));
    const ds = app.get(DataSource);
    const a1 = await training(app, await plan(app, 'E101'), '电气安全', 2);
    const a2 = await training(app, await plan(app, 'E201'), '电气安全', 2);
    await Promise.all(
      [
        [a1.id, 1.5],
        [a2.id, 2],
      ].map(([id, doneHours]) =>
        request(server(app))
          .patch(`/api/v1/plan-actions/${id}`)
          .send({ status: 'done', doneHours, doneOn: '2026-11-05' })
          .expect(200),
      ),
    );
    const fed = await trainingBatches(ds, TRAINED);
    expect(fed.batches).toHaveLength(1);
    expect(fed.values[0]).toEqual({ E101: 1.5, E201: 2 });
  });

  it('lists the year per person with totals (CSV too), to HR, a manager of theirs and the person', async () => {
    const app = await start(trainingMonth(PLAN_MONTH));
    const p1 = await plan(app, 'E101');
    const p2 = await plan(app, 'E102');
    const pOther = await plan(app, 'E201');
    const a1 = await training(app, p1, '有限空间作业安全', 4);
    await training(app, p1, '电气安全', 2.5);
    await training(app, p2, '消防演练', 3);
    await training(app, pOther, '电气安全', 1);
    await request(server(app))
      .patch(`/api/v1/plan-actions/${a1.id}`)
      .send({ status: 'done', doneHours: 5, doneOn: '2026-11-10' })
      .expect(200);

    const year = await request(server(app)).get('/api/v1/training?year=2026').expect(200);
    expect(year.body.items.map((p: { staffId: string }) => p.staffId)).toEqual(['E101', 'E102', 'E201']);
    expect(year.body.totals).toEqual({ assigned: 4, done: 1, plannedHours: 10.5, doneHours: 5 });
    const e101 = year.body.items[0];
    expect(e101).toMatchObject({
      department: 'ENG-CC',
      totals: { assigned: 2, done: 1, plannedHours: 6.5, doneHours: 5 },
    });
    expect(e101.trainings[0]).toMatchObject({
      period: PLAN_MONTH,
      indicator: 'TRAINING',
      course: '有限空间作业安全',
      plannedHours: 4,
      dueDate: '2026-11-30',
      doneHours: 5,
      doneOn: '2026-11-10',
      overdue: false,
    });
    // Open after its due day (today is pinned to 2026-12-15): overdue.
    expect(e101.trainings[1]).toMatchObject({ status: 'open', overdue: true });
    expect((await request(server(app)).get('/api/v1/training?year=2025').expect(200)).body.items).toEqual([]);
    await request(server(app)).get('/api/v1/training?year=26').expect(400);

    const one = await request(server(app)).get('/api/v1/training?year=2026&department=ENG-SY').expect(200);
    expect(one.body.items.map((p: { staffId: string }) => p.staffId)).toEqual(['E201']);

    const csv = await request(server(app)).get('/api/v1/training?year=2026&format=csv').expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toContain('课程/course');
    expect(lines[1]).toBe(
      [
        'E101',
        e101.name,
        e101.employeeNo,
        'ENG-CC',
        PLAN_MONTH,
        'TRAINING',
        '有限空间作业安全',
        '4',
        '2026-11-30',
      ]
        .concat(['done', '5', '2026-11-10', 'no'])
        .join(','),
    );

    // A manager: their department's people only; another department is not found.
    const manager = await signIn(app, 'manager.eng', 'dept_manager', { departments: ['ENG-CC'] });
    const mine = await request(server(app)).get('/api/v1/training?year=2026').set('Authorization', manager);
    expect(mine.body.items.map((p: { staffId: string }) => p.staffId)).toEqual(['E101', 'E102']);
    await request(server(app))
      .get('/api/v1/training?year=2026&department=ENG-SY')
      .set('Authorization', manager)
      .expect(404);
    await request(server(app))
      .patch(`/api/v1/plan-actions/${a1.id}`)
      .set('Authorization', await signIn(app, 'manager.sy', 'dept_manager', { departments: ['ENG-SY'] }))
      .send({ status: 'open' })
      .expect(404);

    // The person: their own trainings only; nobody else's, and not the HR list.
    const staff = await signIn(app, 'staff.e102', 'staff', { staffId: 'E102' });
    const own = await request(server(app)).get('/api/v1/me/training?year=2026').set('Authorization', staff);
    expect(own.status).toBe(200);
    expect(own.body.items.map((p: { staffId: string }) => p.staffId)).toEqual(['E102']);
    expect(own.body.totals).toEqual({ assigned: 1, done: 0, plannedHours: 3, doneHours: 0 });
    await request(server(app)).get('/api/v1/training?year=2026').set('Authorization', staff).expect(403);
    await request(server(app))
      .get(`/api/v1/periods/${PLAN_MONTH}/staff/E101/plans`)
      .set('Authorization', staff)
      .expect(403);
    await request(server(app))
      .patch(`/api/v1/plan-actions/${a1.id}`)
      .set('Authorization', staff)
      .send({ status: 'open' })
      .expect(403);
  });

  it('without the input in the dictionary: the completion is saved, fed: false with the reason, no intake', async () => {
    const app = await start(trainingMonth(PLAN_MONTH), {
      loop: { planThreshold: 60, appealWindowDays: 7, trainingHoursInput: 'NO_SUCH' },
    });
    const ds = app.get(DataSource);
    const a = await training(app, await plan(app, 'E101'), '电气安全', 2);
    const res = await request(server(app))
      .patch(`/api/v1/plan-actions/${a.id}`)
      .send({ status: 'done', doneHours: 2 })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'done', doneHours: 2, doneOn: '2026-12-15', fed: false });
    expect(res.body.reason).toContain('NO_SUCH');
    expect(await ds.getRepository(IntakeBatch).count({ where: { source: 'training' } })).toBe(0);
  });
});

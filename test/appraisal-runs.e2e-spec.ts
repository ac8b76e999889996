// An appraisal quarter from plan to close over HTTP, on SQLite and PostgreSQL: the three months of
// test/factories/quarter.ts scored, HR's plan, a run of the quarter on the scoring queue (in-process here), its
// results read back in Chinese and English — the preview's numbers, the preview's English explanations — a manager
// reading their department's people, a run whose jobs were lost cancelled by HR (the period free again), approval
// (a second run refused after), close, and each person's own periods under /me once approved, only their own.
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { planAppraisalRun } from '@app/domain/appraisal-periods';
import { LEAVER, JOINER, QUARTER, QUARTER_MONTHS, quarterMonth, quarterPlan } from './factories/quarter';
import { startTestApp } from './support/app';
import { databaseSuites } from './support/postgres';
import { waitForRun } from './support/runs';

const SUITES = databaseSuites('scorecard_appraisal_runs', 'appraisal runs on PostgreSQL');
const BASE = `/api/v1/appraisals/${QUARTER}`;

interface Person {
  id: string;
  department: string;
  total?: number;
  grade?: string | null;
  incentive?: string | null;
  calibration?: unknown;
  error?: string;
  explanation?: { total: string; grade: string; incentive: string | null };
}

describe.each(SUITES)('appraisal runs on %s', (_name, database) => {
  let app: NestExpressApplication;
  let drop: () => Promise<void>;
  const http = () => request(app.getHttpServer());
  const tokens = new Map<string, string>();
  const as = (who: string) => ({ Authorization: `Bearer ${tokens.get(who)}` });

  /** Polls the run until it is over. */
  async function waitForAppraisalRun(id: string) {
    for (let i = 0; i < 1200; i++) {
      const res = await http().get(`${BASE}/runs/${id}`).expect(200);
      const run = res.body as {
        id: string;
        status: string;
        error: string | null;
        progress: { done: number; total: number };
      };
      if (!['queued', 'running'].includes(run.status)) return run;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`appraisal run ${id} did not end`);
  }

  beforeAll(async () => {
    const db = await database();
    drop = db.drop;
    app = await startTestApp(db.config);
    for (const k of [0, 1, 2] as const) {
      await http().post('/api/v1/documents').send(quarterMonth(k)).expect(200);
      if (k === 1) await http().patch(`/api/v1/staff/${LEAVER.code}`).send({ activeTo: LEAVER.activeTo });
      if (k === 2) await http().patch(`/api/v1/staff/${JOINER.code}`).send({ activeFrom: JOINER.activeFrom });
      const run = await http().post(`/api/v1/periods/${QUARTER_MONTHS[k]}/runs`).expect(202);
      expect((await waitForRun(app.getHttpServer(), run.body.runId as string)).status).toBe('completed');
    }
    for (const [username, body] of [
      ['manager.eng', { role: 'dept_manager', departments: ['ENG-CC'] }],
      ['staff.e101', { role: 'staff', staffId: 'E101' }],
      ['staff.s101', { role: 'staff', staffId: 'S101' }],
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
    await http().put(`${BASE}/plan`).send(quarterPlan()).expect(200);
  }, 240000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('has no results and nothing to approve before a run', async () => {
    expect((await http().get(`${BASE}/results`).expect(404)).body.code).toBe('APPRAISAL_NO_RESULTS');
    expect((await http().post(`${BASE}/approve`).expect(409)).body.code).toBe('APPRAISAL_PERIOD_STATE');
    expect((await http().post(`${BASE}/close`).expect(409)).body.code).toBe('APPRAISAL_PERIOD_STATE');
    expect((await http().post('/api/v1/appraisals/2026/runs').expect(404)).body.code).toBe(
      'APPRAISAL_PLAN_NOT_FOUND',
    );
    expect(
      (await http().get(`${BASE}/runs/00000000-0000-4000-8000-000000000000`).expect(404)).body.code,
    ).toBe('APPRAISAL_RUN_NOT_FOUND');
  });

  it("runs the quarter and reads back the preview's result, in English and in Chinese", async () => {
    const started = await http().post(`${BASE}/runs`).expect(202);
    expect(started.body.created).toBe(true);
    const run = await waitForAppraisalRun(started.body.run.id as string);
    expect([run.status, run.error, run.progress.done]).toEqual(['completed', null, run.progress.total]);
    expect((await http().get(`${BASE}/runs`).expect(200)).body.map((r: { id: string }) => r.id)).toEqual([
      run.id,
    ]);

    const preview = (await http().post(`${BASE}/preview`).expect(200)).body.result as {
      staff: Person[];
      departments: { code: string; score: number; rank: number }[];
    };
    const en = (await http().get(`${BASE}/results?lang=en`).expect(200)).body;
    expect([en.status, en.runId, en.planVersion]).toEqual(['scored', run.id, 1]);
    // The results add the person's name, the bonus's error and the training against plans (appraisal-training.ts)
    // to the engine's.
    const strip = ({
      incentiveError: _e,
      training: _t,
      name: _n,
      ...r
    }: Person & { incentiveError?: unknown; training?: unknown; name?: unknown }) => r;
    expect(en.staff.map(strip)).toEqual(preview.staff);
    // Each person is named as their staff record names them now (the list says who each code is).
    await http().patch('/api/v1/staff/A101').send({ name: '王建国' }).expect(200);
    const named = (await http().get(`${BASE}/results?lang=zh`).expect(200)).body.staff as Person[];
    expect(named.find((p) => p.id === 'A101')).toMatchObject({ name: '王建国' });
    expect(en.departments.map((d: { code: string; rank: number }) => [d.code, d.rank])).toEqual(
      preview.departments.map((d) => [d.code, d.rank]),
    );

    const zh = (await http().get(`${BASE}/results`).set('Accept-Language', 'zh-CN').expect(200)).body;
    const numbers = (list: Person[]) => list.map((p) => [p.id, p.total, p.grade, p.incentive ?? null]);
    expect(numbers(zh.staff)).toEqual(numbers(preview.staff));
    const paid = (zh.staff as Person[]).find((p) => p.department === 'ENG-CC' && p.explanation?.incentive)!;
    expect(paid.explanation!.grade).toMatch(/等级/);
    expect(paid.explanation!.incentive).toMatch(/奖金池/);
    expect(paid.explanation!.total).toMatch(/平均分/);
  });

  it("lets a manager read their department's people, and nobody else's", async () => {
    const res = await http().get(`${BASE}/results`).set(as('manager.eng')).expect(200);
    expect(new Set(res.body.staff.map((p: Person) => p.department))).toEqual(new Set(['ENG-CC']));
    await http().get(`${BASE}/results`).set(as('staff.e101')).expect(403);
    await http().post(`${BASE}/runs`).set(as('manager.eng')).expect(403);
    await http().post(`${BASE}/approve`).set(as('manager.eng')).expect(403);
  });

  it('cancels a queued or running run: the period free and as it was; 404, 409, HR only', async () => {
    const missing = `${BASE}/runs/00000000-0000-4000-8000-000000000000/cancel`;
    await http().post(missing).set(as('manager.eng')).expect(403);
    await http().post(missing).set(as('staff.e101')).expect(403);
    expect((await http().post(missing).expect(404)).body.code).toBe('APPRAISAL_RUN_NOT_FOUND');
    const before = (await http().get(`${BASE}/state`).expect(200)).body;
    expect(before.status).toBe('scored');
    // A run over already: 409.
    expect((await http().post(`${BASE}/runs/${before.currentRunId}/cancel`).expect(409)).body.code).toBe(
      'APPRAISAL_PERIOD_STATE',
    );

    // A run whose jobs were lost (planned, never queued): it holds the period until HR cancels it.
    const { run: lost } = await planAppraisalRun(app.get(DataSource), QUARTER, 'user:hr');
    expect((await http().post(`${BASE}/runs`).expect(202)).body).toMatchObject({
      created: false,
      run: { id: lost.id },
    });
    await http().post(`${BASE}/runs/${lost.id}/cancel`).set(as('manager.eng')).expect(403);
    const cancelled = (await http().post(`${BASE}/runs/${lost.id}/cancel`).expect(200)).body;
    expect(cancelled).toMatchObject({
      id: lost.id,
      status: 'cancelled',
      error: expect.stringMatching(/^cancelled by /),
      finishedAt: expect.any(String),
    });
    expect((await http().post(`${BASE}/runs/${lost.id}/cancel`).expect(409)).body.code).toBe(
      'APPRAISAL_PERIOD_STATE',
    );
    // The period is as it was before that run (scored, its previous run current), and free for a new run.
    expect((await http().get(`${BASE}/state`).expect(200)).body).toMatchObject({
      status: 'scored',
      currentRunId: before.currentRunId,
    });
    const audit = await http().get('/api/v1/audit').query({ entityKey: lost.id }).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain('appraisal.run.cancel');
    const next = await http().post(`${BASE}/runs`).expect(202);
    expect(next.body.created).toBe(true);
    expect((await waitForAppraisalRun(next.body.run.id as string)).status).toBe('completed');
    expect((await http().get(`${BASE}/state`).expect(200)).body.currentRunId).toBe(next.body.run.id);
  });

  it('approves, refuses a second run, closes; staff see their own period once approved', async () => {
    expect((await http().get('/api/v1/me/appraisals').set(as('staff.e101')).expect(200)).body).toEqual([]);
    const approved = await http().post(`${BASE}/approve`).expect(200);
    expect([approved.body.status, approved.body.approvedBy]).toEqual(['approved', expect.any(String)]);
    expect((await http().post(`${BASE}/runs`).expect(409)).body.code).toBe('APPRAISAL_PERIOD_LOCKED');
    expect((await http().post(`${BASE}/approve`).expect(409)).body.code).toBe('APPRAISAL_PERIOD_STATE');

    const mine = (await http().get('/api/v1/me/appraisals?lang=zh').set(as('staff.e101')).expect(200)).body;
    expect(mine.map((m: { period: string; result: Person }) => [m.period, m.result.id])).toEqual([
      [QUARTER, 'E101'],
    ]);
    expect(mine[0].result.explanation.grade).toMatch(/等级|系数/);
    const other = (await http().get('/api/v1/me/appraisals').set(as('staff.s101')).expect(200)).body;
    expect(other.map((m: { result: Person }) => m.result.id)).toEqual(['S101']);
    // A user with no staff record (HR's here) has no periods of their own, as with months.
    await http().get('/api/v1/me/appraisals').expect(404);

    expect((await http().post(`${BASE}/close`).expect(200)).body.status).toBe('closed');
    expect((await http().post(`${BASE}/close`).expect(409)).body.code).toBe('APPRAISAL_PERIOD_STATE');
    const audit = await http().get('/api/v1/audit').query({ entityKey: QUARTER }).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['appraisal.approve', 'appraisal.close']),
    );
    expect((await http().get(`${BASE}/results`).expect(200)).body.status).toBe('closed');
  });
});

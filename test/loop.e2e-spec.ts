// The appraisal loop end to end, through the API, across two months: appraise (a run) → feedback → plans
// proposed, one a person, holding their weakest indicators (at most PLAN_MAX_ITEMS) and vetoes as items → the
// next month's run marks the items improved or not → the person acknowledges,
// comments and appeals → HR accepts (a re-run with the measurements given) or rejects. Object-level probes: a
// manager of another department, and other people's things, answer 404 or are left out.
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DEFAULT_PLAN_MAX_ITEMS } from '@app/domain/appraisal';
import { Period, ScoringRun } from '@app/persistence';
import type { ScorecardDocument, StaffDef } from '@app/scoring';
import { libraryMonth } from './factories/month';
import { databaseSuites } from './support/postgres';
import { MEMORY_CONFIG, startTestApp } from './support/app';
import { waitForRun } from './support/runs';

const M1 = '2026-10';
const M2 = '2026-11';
const THRESHOLD = MEMORY_CONFIG.loop.planThreshold;
const MAX_ITEMS = MEMORY_CONFIG.loop.planMaxItems ?? DEFAULT_PLAN_MAX_ITEMS;

interface Indicator {
  code: string;
  score: number | null;
  value: number | null;
}
interface Result {
  id: string;
  department: string;
  indicatorSet: string;
  total?: number;
  indicators?: Indicator[];
  vetoReasons?: string[];
}
interface PlanItem {
  id: number;
  indicator: string;
  reason: string;
  baselineScore: number | null;
  outcome: string | null;
  outcomePeriod: string | null;
  outcomeScore: number | null;
}
interface Plan {
  id: number;
  period: string;
  staffId: string;
  status: string;
  createdBy: string;
  items: PlanItem[];
  actions: { id: number; what: string; owner: string; dueDate: string; status: string }[];
}

const SUITES = databaseSuites('scorecard_loop', 'the appraisal loop on PostgreSQL');

describe.each(SUITES)('the appraisal loop on %s: appraise → feedback → improve → appraise', (_, database) => {
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
    patch: (url: string) =>
      request(server())
        .patch(url)
        .set('Authorization', `Bearer ${tokens.get(who)}`),
  });

  const runMonth = async (period: string) => {
    const run = await request(server()).post(`/api/v1/periods/${period}/runs`).expect(202);
    const done = await waitForRun(server(), run.body.runId as string);
    expect(done).toMatchObject({ status: 'completed', error: null });
    return done.id;
  };
  const results = async (period: string): Promise<Result[]> =>
    (await request(server()).get(`/api/v1/periods/${period}/results?limit=1000`).expect(200)).body
      .items as Result[];
  const vetoed = (r: Result, i: Indicator) => (r.vetoReasons ?? []).includes(i.code);
  /** The indicators scoring below the threshold, vetoes aside. */
  const weak = (r: Result) =>
    (r.indicators ?? []).filter((i) => !vetoed(r, i) && i.score !== null && i.score < THRESHOLD);
  /** A person's plan for the month: every veto, and the weakest below the threshold (ties by code), capped. */
  const planned = (r: Result) => [
    ...(r.indicators ?? []).filter((i) => vetoed(r, i)),
    ...weak(r)
      .sort((a, b) => a.score! - b.score! || (a.code < b.code ? -1 : 1))
      .slice(0, MAX_ITEMS),
  ];

  let month1: Result[];
  let doc1: ScorecardDocument;
  /** Improves in month 2 (takes the inputs of a colleague who scored better on `improving`). */
  let x: Result;
  let improving: string;
  /** Unchanged in month 2: their plans are not improved. */
  let y: Result;
  /** More indicators below the threshold than PLAN_MAX_ITEMS. */
  let capped: Result;

  beforeAll(async () => {
    const db = await database();
    drop = db.drop;
    app = await startTestApp(db.config);
    ds = app.get(DataSource);
    doc1 = libraryMonth();
    expect(doc1.period).toBe(M1);
    await request(server()).post('/api/v1/documents').send(doc1).expect(200);
    await runMonth(M1);
    month1 = await results(M1);
    // x: someone with a planned weak indicator a colleague on the same set scores better on.
    for (const r of month1) {
      for (const ind of planned(r).filter((i) => !vetoed(r, i))) {
        const better = month1.find(
          (o) =>
            o.id !== r.id &&
            o.indicatorSet === r.indicatorSet &&
            (o.indicators ?? []).some((i) => i.code === ind.code && (i.score ?? -1) > (ind.score ?? 0)),
        );
        if (better && !x) {
          x = r;
          improving = ind.code;
          const inputsOf = (id: string) => doc1.staff.find((s) => s.id === id)!;
          doc2Changes = { id: r.id, from: inputsOf(better.id) };
        }
      }
    }
    expect(x).toBeDefined();
    y = month1.find((r) => r.id !== x.id && r.department !== x.department && planned(r).length > 0)!;
    expect(y).toBeDefined();
    capped = month1.find((r) => weak(r).length > MAX_ITEMS)!;
    expect(capped).toBeDefined();

    const users = [
      { username: 'manager.x', role: 'dept_manager', departments: [x.department] },
      { username: 'manager.y', role: 'dept_manager', departments: [y.department] },
      { username: 'staff.x', role: 'staff', staffId: x.id },
      { username: 'staff.y', role: 'staff', staffId: y.id },
      { username: 'audit.one', role: 'auditor' },
    ];
    for (const u of users) {
      await request(server())
        .post('/api/v1/users')
        .send({ ...u, password: `${u.username}-password` })
        .expect(201);
      const login = await request(server())
        .post('/api/v1/auth/login')
        .set('X-Test-Anonymous', '1')
        .send({ username: u.username, password: `${u.username}-password` })
        .expect(200);
      tokens.set(u.username, login.body.accessToken as string);
    }
  }, 120000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  let doc2Changes: { id: string; from: StaffDef };
  let feedbackId: number;

  it('month 1: a manager writes feedback on their staff; others cannot see or write it', async () => {
    const url = `/api/v1/periods/${M1}/staff/${x.id}/feedback`;
    const fb = await as('manager.x')
      .post(url)
      .send({ text: 'Good month; let us work on this one.', indicator: improving })
      .expect(201);
    expect(fb.body).toMatchObject({
      period: M1,
      staffId: x.id,
      indicator: improving,
      text: 'Good month; let us work on this one.',
      author: 'manager.x',
    });
    expect(typeof fb.body.createdAt).toBe('string');
    feedbackId = fb.body.id as number;
    const bad = await as('manager.x').post(url).send({ text: 'x', indicator: 'NO_SUCH' }).expect(400);
    expect(bad.body.message).toContain('NO_SUCH');
    await as('manager.x').post(url).send({ text: '' }).expect(400);
    await as('manager.x').post(url).send({ text: 'x', score: 1 }).expect(400);
    // Another department's manager: 404, reading or writing; the list is the same for HR and auditors.
    await as('manager.y').get(url).expect(404);
    await as('manager.y').post(url).send({ text: 'not mine' }).expect(404);
    await as('manager.x').get(`/api/v1/periods/${M1}/staff/${y.id}/feedback`).expect(404);
    await as('manager.x').get(`/api/v1/periods/${M1}/staff/NOBODY/feedback`).expect(404);
    await as('manager.x').get(`/api/v1/periods/2026-01/staff/${x.id}/feedback`).expect(404);
    const list = (await as('audit.one').get(url).expect(200)).body;
    expect(list.map((f: { id: number }) => f.id)).toEqual([feedbackId]);
    await as('audit.one').post(url).send({ text: 'auditors read' }).expect(403);
    await as('staff.x').get(url).expect(403);
    const audit = await request(server()).get('/api/v1/audit?action=feedback.create').expect(200);
    expect(audit.body.items[0]).toMatchObject({ entityKey: String(feedbackId), actor: 'user:manager.x' });
  });

  it('month 1: each person gets one plan holding their weakest indicators below the threshold (capped) and every veto', async () => {
    for (const r of [x, y, capped]) {
      const plans: Plan[] = (
        await request(server()).get(`/api/v1/periods/${M1}/staff/${r.id}/plans`).expect(200)
      ).body;
      expect(plans).toHaveLength(1);
      expect(plans[0]).toMatchObject({ staffId: r.id, period: M1, status: 'proposed', createdBy: 'system' });
      // Vetoes first, then the low scores lowest first.
      expect(plans[0].items.map((i) => ({ ...i, id: undefined, createdAt: undefined }))).toEqual(
        planned(r).map((i) => ({
          id: undefined,
          createdAt: undefined,
          indicator: i.code,
          reason: vetoed(r, i) ? 'veto' : 'low_score',
          baselineScore: i.score,
          outcome: null,
          outcomePeriod: null,
          outcomeScore: null,
        })),
      );
    }
    expect(planned(capped).filter((i) => !vetoed(capped, i))).toHaveLength(MAX_ITEMS);
    // Everybody's: a plan for everyone with a planned item, as many items as planned over the month.
    const [{ n }] = await ds.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM improvement_plans');
    expect(Number(n)).toBe(month1.filter((r) => planned(r).length > 0).length);
    const [{ k }] = await ds.query<{ k: number }[]>('SELECT COUNT(*) AS k FROM plan_items');
    expect(Number(k)).toBe(month1.reduce((m, r) => m + planned(r).length, 0));
  });

  let xPlan: Plan;
  /** x's item on `improving`. */
  let xItem: PlanItem;

  it('month 1: the manager agrees a plan and adds actions; another manager gets 404', async () => {
    const plans: Plan[] = (await as('manager.x').get(`/api/v1/periods/${M1}/staff/${x.id}/plans`).expect(200))
      .body;
    [xPlan] = plans;
    xItem = xPlan.items.find((i) => i.indicator === improving)!;
    const agreed = await as('manager.x')
      .patch(`/api/v1/plans/${xPlan.id}`)
      .send({ status: 'agreed' })
      .expect(200);
    expect(agreed.body.status).toBe('agreed');
    const action = await as('manager.x')
      .post(`/api/v1/plans/${xPlan.id}/actions`)
      .send({ what: 'Shadow a colleague for a week', owner: 'team lead', dueDate: '2026-11-15' })
      .expect(201);
    expect(action.body).toMatchObject({ what: 'Shadow a colleague for a week', status: 'open' });
    await as('manager.x')
      .post(`/api/v1/plans/${xPlan.id}/actions`)
      .send({ what: 'x', owner: 'y', dueDate: '2026-13-01' })
      .expect(400);
    const done = await as('manager.x')
      .patch(`/api/v1/plan-actions/${action.body.id}`)
      .send({ status: 'done' })
      .expect(200);
    expect(done.body.status).toBe('done');
    await as('manager.y').patch(`/api/v1/plans/${xPlan.id}`).send({ status: 'closed' }).expect(404);
    await as('manager.y')
      .post(`/api/v1/plans/${xPlan.id}/actions`)
      .send({ what: 'x', owner: 'y', dueDate: '2026-11-15' })
      .expect(404);
    await as('manager.y')
      .patch(`/api/v1/plan-actions/${action.body.id}`)
      .send({ status: 'open' })
      .expect(404);
    await as('manager.y').get(`/api/v1/periods/${M1}/staff/${x.id}/plans`).expect(404);
    await as('manager.x').patch('/api/v1/plans/999999').send({ status: 'closed' }).expect(404);
    await as('audit.one').patch(`/api/v1/plans/${xPlan.id}`).send({ status: 'closed' }).expect(403);
    // A manager's own item for an indicator the plan lacks joins the same plan; the same indicator again is a
    // conflict.
    const free = (x.indicators ?? []).find((i) => !xPlan.items.some((p) => p.indicator === i.code));
    if (free) {
      const own = await as('manager.x')
        .post(`/api/v1/periods/${M1}/staff/${x.id}/plans`)
        .send({
          indicator: free.code,
          actions: [{ what: 'Refresher course', owner: 'HR', dueDate: '2026-11-30' }],
        })
        .expect(201);
      expect(own.body).toMatchObject({ id: xPlan.id, status: 'agreed' });
      expect(own.body.items.at(-1)).toMatchObject({
        indicator: free.code,
        reason: 'manager',
        baselineScore: free.score,
      });
      expect(own.body.actions).toHaveLength(2);
      const audit = await request(server()).get('/api/v1/audit?action=plan_item.create').expect(200);
      expect(audit.body.items[0]).toMatchObject({ actor: 'user:manager.x' });
      await as('manager.x')
        .post(`/api/v1/periods/${M1}/staff/${x.id}/plans`)
        .send({ indicator: free.code })
        .expect(409);
    }
    await as('manager.x')
      .post(`/api/v1/periods/${M1}/staff/${x.id}/plans`)
      .send({ indicator: improving })
      .expect(409);
    await as('manager.x')
      .post(`/api/v1/periods/${M1}/staff/${x.id}/plans`)
      .send({ indicator: 'NOPE' })
      .expect(400);
  });

  it('month 2: the plans of month 1 get their outcome (improved where the score rose, else not)', async () => {
    const doc2 = libraryMonth();
    doc2.period = M2;
    const xs = doc2.staff.find((s) => s.id === doc2Changes.id)!;
    xs.inputs = { ...doc2Changes.from.inputs };
    xs.tasks = { ...(doc2Changes.from.tasks ?? {}) };
    await request(server()).post('/api/v1/documents').send(doc2).expect(200);
    await runMonth(M2);
    const month2 = await results(M2);
    const x2 = month2.find((r) => r.id === x.id)!;
    const after = x2.indicators!.find((i) => i.code === improving)!;
    expect(after.score!).toBeGreaterThan(xItem.baselineScore!);

    const xPlans: Plan[] = (
      await request(server()).get(`/api/v1/periods/${M1}/staff/${x.id}/plans`).expect(200)
    ).body;
    expect(xPlans).toHaveLength(1);
    expect(xPlans[0]).toMatchObject({ id: xPlan.id, status: 'agreed' });
    expect(xPlans[0].items.find((i) => i.id === xItem.id)).toMatchObject({
      outcome: 'improved',
      outcomePeriod: M2,
      outcomeScore: after.score,
    });
    expect(xPlans[0].actions).toHaveLength(xPlans[0].items.some((i) => i.reason === 'manager') ? 2 : 1);
    const yPlans: Plan[] = (
      await request(server()).get(`/api/v1/periods/${M1}/staff/${y.id}/plans`).expect(200)
    ).body;
    expect(yPlans).toHaveLength(1);
    for (const i of yPlans[0].items) expect(i).toMatchObject({ outcome: 'not_improved', outcomePeriod: M2 });
    // Month 2 has its own proposals; a re-run of month 2 writes the same ones (nothing doubles).
    const count = async (table: string) =>
      Number(
        (await ds.query<{ n: number }[]>(`SELECT COUNT(*) AS n FROM ${table} WHERE period = '${M2}'`))[0].n,
      );
    const before = [await count('improvement_plans'), await count('plan_items')];
    expect(before).toEqual([
      month2.filter((r) => planned(r).length > 0).length,
      month2.reduce((k, r) => k + planned(r).length, 0),
    ]);
    await runMonth(M2);
    expect([await count('improvement_plans'), await count('plan_items')]).toEqual(before);
    const again: Plan[] = (
      await request(server()).get(`/api/v1/periods/${M1}/staff/${x.id}/plans`).expect(200)
    ).body;
    expect(again[0].items.find((i) => i.id === xItem.id)).toMatchObject({
      outcome: 'improved',
      outcomePeriod: M2,
    });
  });

  it('staff acknowledge, comment and see their own timeline only', async () => {
    const ack = await as('staff.x')
      .post(`/api/v1/me/periods/${M1}/acknowledge`)
      .send({ comment: 'Seen, thanks' })
      .expect(201);
    expect(ack.body).toMatchObject({ period: M1, comment: 'Seen, thanks' });
    await as('staff.x').post(`/api/v1/me/periods/${M1}/acknowledge`).send({}).expect(409);
    const c = await as('staff.x')
      .post(`/api/v1/me/periods/${M1}/comments`)
      .send({ text: 'The survey was small.' })
      .expect(201);
    expect(c.body).toMatchObject({ period: M1, text: 'The survey was small.' });
    await as('staff.x').post(`/api/v1/me/periods/2026-01/comments`).send({ text: 'no month' }).expect(404);
    await as('manager.x').post(`/api/v1/me/periods/${M1}/comments`).send({ text: 'not staff' }).expect(404);

    const timeline = (await as('staff.x').get('/api/v1/me/timeline').expect(200)).body;
    expect(timeline.map((m: { period: string }) => m.period)).toEqual([M1, M2]);
    const [t1, t2] = timeline;
    expect(t1.result.id).toBe(x.id);
    expect(t1.feedback.map((f: { id: number }) => f.id)).toEqual([feedbackId]);
    expect(t1.plans.map((p: Plan) => p.staffId)).toEqual(t1.plans.map(() => x.id));
    expect(
      t1.plans.some((p: Plan) => p.id === xPlan.id && p.items.some((i) => i.outcome === 'improved')),
    ).toBe(true);
    expect(t1.acknowledgement).toMatchObject({ comment: 'Seen, thanks' });
    expect(t1.comments).toEqual([{ text: 'The survey was small.', at: c.body.at }]);
    expect(t2.acknowledgement).toBeNull();
    // y's timeline holds nothing of x's.
    const yTimeline = (await as('staff.y').get('/api/v1/me/timeline').expect(200)).body;
    expect(yTimeline[0].result.id).toBe(y.id);
    expect(yTimeline[0].feedback).toEqual([]);
    expect(yTimeline[0].comments).toEqual([]);
    expect(yTimeline[0].acknowledgement).toBeNull();
    // Staff cannot read anyone's feedback or plans by path.
    await as('staff.y').get(`/api/v1/periods/${M1}/staff/${x.id}/plans`).expect(403);
  });

  it('appeals: refused after the window, one open per month, HR accepts (re-run) and rejects', async () => {
    // Month 1's window has passed: its run finished long ago.
    const p1 = await ds.getRepository(Period).findOneByOrFail({ period: M1 });
    const old = new Date(Date.now() - (MEMORY_CONFIG.loop.appealWindowDays + 1) * 86_400_000).toISOString();
    await ds.getRepository(ScoringRun).update({ id: p1.currentRunId! }, { finishedAt: old });
    const late = await as('staff.x')
      .post(`/api/v1/me/periods/${M1}/appeals`)
      .send({ indicators: [improving], reason: 'late' })
      .expect(409);
    const deadline = new Date(
      Date.parse(old) + MEMORY_CONFIG.loop.appealWindowDays * 86_400_000,
    ).toISOString();
    expect(late.body.message).toContain(deadline);

    const codes = (await results(M2)).find((r) => r.id === x.id)!.indicators!.map((i) => i.code);
    await as('staff.x')
      .post(`/api/v1/me/periods/${M2}/appeals`)
      .send({ indicators: ['NOPE'], reason: 'x' })
      .expect(400);
    await as('staff.x')
      .post(`/api/v1/me/periods/${M2}/appeals`)
      .send({ indicators: [], reason: 'x' })
      .expect(400);
    const appeal = await as('staff.x')
      .post(`/api/v1/me/periods/${M2}/appeals`)
      .send({ indicators: [codes[0]], reason: 'My complaints were counted twice.' })
      .expect(201);
    expect(appeal.body).toMatchObject({
      period: M2,
      staffId: x.id,
      indicators: [codes[0]],
      status: 'open',
      decisionReason: null,
      decidedBy: null,
      runId: null,
      adjustmentId: null,
    });
    await as('staff.x')
      .post(`/api/v1/me/periods/${M2}/appeals`)
      .send({ indicators: [codes[0]], reason: 'again' })
      .expect(409);
    const yAppeal = await as('staff.y')
      .post(`/api/v1/me/periods/${M2}/appeals`)
      .send({
        indicators: [(await results(M2)).find((r) => r.id === y.id)!.indicators![0].code],
        reason: 'y',
      })
      .expect(201);

    // Who sees which: HR and auditors all; a manager their departments' only.
    const all = (await as('audit.one').get(`/api/v1/appeals?status=open&period=${M2}`).expect(200)).body;
    expect(all.map((a: { id: number }) => a.id)).toEqual([appeal.body.id, yAppeal.body.id]);
    expect(all[0]).toMatchObject({ staffId: x.id, department: x.department });
    const mx = (await as('manager.x').get('/api/v1/appeals').expect(200)).body;
    expect(mx.map((a: { id: number }) => a.id)).toEqual([appeal.body.id]);
    const my = (await as('manager.y').get('/api/v1/appeals').expect(200)).body;
    expect(my.map((a: { id: number }) => a.id)).toEqual([yAppeal.body.id]);
    await as('manager.x')
      .post(`/api/v1/appeals/${appeal.body.id}/decision`)
      .send({ decision: 'reject', reason: 'x' })
      .expect(403);

    // HR accepts x's with a measurement: the month is run again and x's timeline shows the new result.
    const before = (await as('staff.x').get('/api/v1/me/timeline').expect(200)).body[1].result;
    const input =
      Object.keys(doc2Changes.from.inputs ?? {}).find((k) => k === 'complaints') ??
      Object.keys(doc2Changes.from.inputs!)[0];
    const accepted = await request(server())
      .post(`/api/v1/appeals/${appeal.body.id}/decision`)
      .send({
        decision: 'accept',
        reason: 'The complaint log was corrected.',
        measurements: [{ input, staff: x.id, date: `${M2}-20`, value: 7 }],
      })
      .expect(200);
    expect(accepted.body).toMatchObject({
      status: 'accepted',
      decidedBy: 'hr.admin',
      decisionReason: 'The complaint log was corrected.',
    });
    expect(typeof accepted.body.runId).toBe('string');
    expect((await waitForRun(server(), accepted.body.runId as string)).status).toBe('completed');
    const after = (await as('staff.x').get('/api/v1/me/timeline').expect(200)).body[1];
    expect(after.result).not.toEqual(before);
    expect(after.appeals).toEqual([
      expect.objectContaining({ id: appeal.body.id, status: 'accepted', runId: accepted.body.runId }),
    ]);
    await request(server())
      .post(`/api/v1/appeals/${appeal.body.id}/decision`)
      .send({ decision: 'reject', reason: 'x' })
      .expect(409);

    // HR rejects y's: a reason is required.
    await request(server())
      .post(`/api/v1/appeals/${yAppeal.body.id}/decision`)
      .send({ decision: 'reject', reason: ' ' })
      .expect(400);
    const rejected = await request(server())
      .post(`/api/v1/appeals/${yAppeal.body.id}/decision`)
      .send({ decision: 'reject', reason: 'The survey stands.' })
      .expect(200);
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      decisionReason: 'The survey stands.',
      runId: null,
    });
    const yTimeline = (await as('staff.y').get('/api/v1/me/timeline').expect(200)).body;
    expect(yTimeline[1].appeals).toEqual([expect.objectContaining({ status: 'rejected' })]);
    expect((await as('staff.x').get('/api/v1/me/timeline').expect(200)).body[1].appeals).toHaveLength(1);

    // An approved month is signed off: accepting is a conflict (adjust it after closing).
    const third = await as('staff.y')
      .post(`/api/v1/me/periods/${M2}/appeals`)
      .send({ indicators: yAppeal.body.indicators, reason: 'once more' })
      .expect(201);
    await request(server()).post(`/api/v1/periods/${M2}/approve`).expect(200);
    const signed = await request(server())
      .post(`/api/v1/appeals/${third.body.id}/decision`)
      .send({ decision: 'accept', reason: 'ok' })
      .expect(409);
    expect(signed.body.message).toContain('approved');

    // A closed month takes an accepted appeal only as an adjustment: corrections, an adjustment run, PERF_ADJ.
    await request(server()).post(`/api/v1/periods/${M2}/close`).expect(200);
    const yInput = Object.keys(doc1.staff.find((st) => st.id === y.id)!.inputs ?? {})[0];
    const adjusted = await request(server())
      .post(`/api/v1/appeals/${third.body.id}/decision`)
      .send({
        decision: 'accept',
        reason: 'corrected after closing',
        corrections: [{ staff: y.id, input: yInput, value: 0 }],
      })
      .expect(200);
    expect(adjusted.body).toMatchObject({ status: 'accepted', adjustmentId: expect.any(Number) });
    const adjustmentRun = await waitForRun(server(), adjusted.body.runId as string);
    expect(adjustmentRun).toMatchObject({ status: 'completed', kind: 'adjustment' });
    const adjustment = await request(server())
      .get(`/api/v1/periods/${M2}/adjustments/${adjusted.body.adjustmentId}`)
      .expect(200);
    expect(adjustment.body).toMatchObject({
      status: 'booked',
      reason: expect.stringContaining(`appeal ${third.body.id}`),
    });
  });
});

// The routes behind the appeals page and the manager's page, through the API: an appeal's detail (the person's
// name, the appealed indicators with their formula's inputs, aggregates and current values, the evidence), the
// list with names, accepting with a corrected value built from the detail (the value becomes a correction in force
// and the re-run is reported); a month's team (names, the loop's state, indicator names, the currency) and one
// person's history (feedback, comments, acknowledgement, plans) — a manager sees only their departments' staff.
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { libraryMonth } from './factories/month';
import { startTestApp } from './support/app';
import { waitForRun } from './support/runs';

const PERIOD = '2026-10';

interface InputValue {
  code: string;
  name: string;
  aggregate: string;
  value: number | null;
  source: string;
  level: string;
}
interface Detail {
  id: number;
  staffId: string;
  staffName: string;
  employeeNo: string;
  periodStatus: string;
  indicators: string[];
  details: { code: string; name: string; score: number | null; formula: string; inputs: InputValue[] }[];
  evidenceItems: { id: number; note: string | null; cited: boolean }[];
  run: { id: string; status: string } | null;
  adjustment: unknown;
}

describe('the appeals and department pages’ routes', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());
  const tokens = new Map<string, string>();
  const as = (who: string) => ({ Authorization: `Bearer ${tokens.get(who)}` });
  const doc = libraryMonth();
  const eng = doc.staff.filter((s) => s.department === 'ENG-CC');
  const other = doc.staff.find((s) => s.department !== 'ENG-CC')!;
  const person = eng[0];

  const user = async (username: string, body: Record<string, unknown>) => {
    const password = `${username}-password`;
    await http()
      .post('/api/v1/users')
      .send({ username, password, ...body })
      .expect(201);
    const login = await http().post('/api/v1/auth/login').send({ username, password }).expect(200);
    tokens.set(username, login.body.accessToken as string);
  };

  beforeAll(async () => {
    app = await startTestApp();
    const named = {
      ...doc,
      staff: doc.staff.map((s, i) => (s.department === 'ENG-CC' ? { ...s, name: `工程师${i}` } : s)),
    };
    await http().post('/api/v1/documents').send(named).expect(200);
    const run = await http().post(`/api/v1/periods/${PERIOD}/runs`).expect(202);
    expect((await waitForRun(app.getHttpServer(), run.body.runId as string)).status).toBe('completed');
    await user('staff.x', { role: 'staff', staffId: person.id });
    await user('manager.eng', { role: 'dept_manager', departments: ['ENG-CC'] });
    await user('manager.other', { role: 'dept_manager', departments: [other.department] });
    await user('auditor.x', { role: 'auditor' });
  });
  afterAll(() => app.close());

  it('the team of a month: names, the loop’s state, indicator names and the currency; a manager’s own staff only', async () => {
    await http()
      .post(`/api/v1/me/periods/${PERIOD}/acknowledge`)
      .set(as('staff.x'))
      .send({ comment: 'seen' })
      .expect(201);
    await http()
      .post(`/api/v1/me/periods/${PERIOD}/comments`)
      .set(as('staff.x'))
      .send({ text: 'The night shift counts too.' })
      .expect(201);
    const team = (await http().get(`/api/v1/periods/${PERIOD}/team`).set(as('manager.eng')).expect(200))
      .body as {
      currency: string;
      items: { staffId: string; name: string; acknowledged: boolean; comments: number }[];
      indicatorNames: Record<string, Record<string, { name: string }>>;
    };
    expect(team.currency).toBe('CNY');
    expect(team.items.map((m) => m.staffId).sort()).toEqual(eng.map((s) => s.id).sort());
    const me = team.items.find((m) => m.staffId === person.id)!;
    expect(me).toMatchObject({ acknowledged: true, comments: 1 });
    expect(me.name).toMatch(/^工程师\d+$/);
    const set = doc.indicatorSets.find((s) => s.code === person.indicatorSet)!;
    // The name as written (one text: the Chinese when given in both) and, when given in both, each language.
    const given = set.indicators[0].name;
    expect(team.indicatorNames[person.indicatorSet][set.indicators[0].code]).toEqual(
      typeof given === 'string' ? { name: given } : { name: given.zh ?? given.en, names: given },
    );
    // Another department's manager sees none of them; staff may not ask.
    const theirs = (await http().get(`/api/v1/periods/${PERIOD}/team`).set(as('manager.other')).expect(200))
      .body.items as { staffId: string }[];
    expect(theirs.some((m) => eng.some((s) => s.id === m.staffId))).toBe(false);
    await http().get(`/api/v1/periods/${PERIOD}/team`).set(as('staff.x')).expect(403);
    await http().get('/api/v1/periods/2030-01/team').expect(404);
  });

  it('a person’s history: feedback, their comments and acknowledgement, plans with actions; 404 outside the manager’s departments', async () => {
    const base = `/api/v1/periods/${PERIOD}/staff/${person.id}`;
    await http().post(`${base}/feedback`).set(as('manager.eng')).send({ text: 'Good month.' }).expect(201);
    const history = (await http().get(`${base}/history`).set(as('manager.eng')).expect(200)).body as {
      name: string;
      staffId: string;
      months: {
        period: string;
        feedback: { text: string }[];
        comments: { text: string }[];
        acknowledgement: { comment: string } | null;
      }[];
    };
    expect(history.staffId).toBe(person.id);
    expect(history.name).toMatch(/^工程师/);
    const month = history.months.find((m) => m.period === PERIOD)!;
    expect(month.feedback.map((f) => f.text)).toEqual(['Good month.']);
    expect(month.comments.map((c) => c.text)).toEqual(['The night shift counts too.']);
    expect(month.acknowledgement?.comment).toBe('seen');
    await http().get(`${base}/history`).set(as('manager.other')).expect(404);
    await http().get(`${base}/history`).set(as('auditor.x')).expect(200);
    await http().get(`${base}/history`).set(as('staff.x')).expect(403);
  });

  it('my results carry the currency of the incentive', async () => {
    const mine = (await http().get('/api/v1/me/results').set(as('staff.x')).expect(200)).body as {
      currency: string;
    }[];
    expect(mine[0].currency).toBe('CNY');
  });

  it('an appeal’s detail names the person and the inputs of each appealed indicator; accepting with a corrected value corrects it and re-scores the month', async () => {
    const results = (await http().get(`/api/v1/periods/${PERIOD}/results`).query({ limit: 1000 }).expect(200))
      .body.items as { id: string; indicators: { code: string; score: number }[] }[];
    const code = results.find((r) => r.id === person.id)!.indicators[0].code;
    const appeal = await http()
      .post(`/api/v1/me/periods/${PERIOD}/appeals`)
      .set(as('staff.x'))
      .send({ indicators: [code], reason: 'Two orders were logged against me by mistake.' })
      .expect(201);
    const id = appeal.body.id as number;

    const listed = (await http().get('/api/v1/appeals?status=open').expect(200)).body as {
      id: number;
      staffName: string;
    }[];
    expect(listed.find((a) => a.id === id)?.staffName).toMatch(/^工程师/);

    const detail = (await http().get(`/api/v1/appeals/${id}`).expect(200)).body as Detail;
    expect(detail).toMatchObject({ staffId: person.id, periodStatus: 'scored', run: null });
    expect(detail.staffName).toMatch(/^工程师/);
    const ind = detail.details[0];
    expect(ind.code).toBe(code);
    expect(ind.score).toBe(results.find((r) => r.id === person.id)!.indicators[0].score);
    expect(ind.inputs.length).toBeGreaterThan(0);
    const input = ind.inputs[0];
    // The current value is the month's one: the document's value for the person, recorded as one observation.
    expect(input.value).toBe(person.inputs![input.code]);
    expect(input).toMatchObject({ source: 'observations', level: 'staff' });
    expect(typeof input.aggregate).toBe('string');
    expect(ind.formula).toContain(input.code);

    // Who may read it: HR, auditors, the person's manager; not another department's manager, not staff.
    await http().get(`/api/v1/appeals/${id}`).set(as('auditor.x')).expect(200);
    await http().get(`/api/v1/appeals/${id}`).set(as('manager.eng')).expect(200);
    await http().get(`/api/v1/appeals/${id}`).set(as('manager.other')).expect(404);
    await http().get(`/api/v1/appeals/${id}`).set(as('staff.x')).expect(403);
    await http().get('/api/v1/appeals/99999').expect(404);

    // Evidence attached to the person's input shows in the detail.
    await http()
      .post(`/api/v1/periods/${PERIOD}/evidence`)
      .send({ staff: person.id, input: input.code, note: 'The order log of the month' })
      .expect(201);
    const withEvidence = (await http().get(`/api/v1/appeals/${id}`).expect(200)).body as Detail;
    expect(withEvidence.evidenceItems.map((e) => e.note)).toEqual(['The order log of the month']);

    // The page's body: a measurement row per corrected input (no date: the appeal's month).
    const corrected = (input.value ?? 0) + 3;
    const decided = await http()
      .post(`/api/v1/appeals/${id}/decision`)
      .send({
        decision: 'accept',
        reason: 'Orders re-assigned',
        measurements: [{ input: input.code, staff: person.id, value: corrected }],
      })
      .expect(200);
    expect(decided.body.status).toBe('accepted');
    expect((await waitForRun(app.getHttpServer(), decided.body.runId as string)).status).toBe('completed');
    const after = (await http().get(`/api/v1/appeals/${id}`).expect(200)).body as Detail;
    expect(after.run).toMatchObject({ id: decided.body.runId, status: 'completed' });
    expect(after.details[0].inputs[0]).toMatchObject({ value: corrected, source: 'correction' });
  });

  it('on a closed month, accepting with a corrected value from the detail makes an adjustment, which the detail reports', async () => {
    const second = eng[1];
    await user('staff.y', { role: 'staff', staffId: second.id });
    const results = (await http().get(`/api/v1/periods/${PERIOD}/results`).query({ limit: 1000 }).expect(200))
      .body.items as { id: string; indicators: { code: string }[] }[];
    const code = results.find((r) => r.id === second.id)!.indicators[0].code;
    const appeal = await http()
      .post(`/api/v1/me/periods/${PERIOD}/appeals`)
      .set(as('staff.y'))
      .send({ indicators: [code], reason: 'My hours were cut short by a data error.' })
      .expect(201);
    const id = appeal.body.id as number;
    await http().post(`/api/v1/periods/${PERIOD}/approve`).expect(200);
    await http().post(`/api/v1/periods/${PERIOD}/close`).expect(200);

    const detail = (await http().get(`/api/v1/appeals/${id}`).expect(200)).body as Detail;
    expect(detail.periodStatus).toBe('closed');
    const input = detail.details[0].inputs[0];
    const decided = await http()
      .post(`/api/v1/appeals/${id}/decision`)
      .send({
        decision: 'accept',
        reason: 'Hours recounted',
        corrections: [{ staff: second.id, input: input.code, value: (input.value ?? 0) + 5 }],
      })
      .expect(200);
    expect(typeof decided.body.adjustmentId).toBe('number');
    expect((await waitForRun(app.getHttpServer(), decided.body.runId as string)).status).toBe('completed');
    const after = (await http().get(`/api/v1/appeals/${id}`).expect(200)).body as Detail & {
      adjustment: { id: number; status: string; targetPeriod: string | null } | null;
    };
    expect(after.adjustment).toMatchObject({ id: decided.body.adjustmentId, status: 'booked' });
    expect(after.adjustment!.targetPeriod).toMatch(/^\d{4}-\d{2}$/);
    expect(after.run).toMatchObject({ status: 'completed' });
  });
});

// Value corrections over HTTP: HR sets the month's value of a `sum` input for one person (observations 6 and 2.9
// add up to 8.9, the correction says 3): the period's document and the next run read 3, the indicator's
// explanation names the correction, its reason and what the observations gave; a second correction supersedes
// the first and both are listed (HR and auditors; staff may not), and withdrawing its batch restores the first;
// every bad field is named; an approved month
// refuses and points at adjustments.
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { libraryMonth } from './factories/month';
import { startTestApp } from './support/app';
import { databaseSuites } from './support/postgres';
import { waitForRun } from './support/runs';

const PERIOD = '2026-10';
const PERSON = 'E101'; // MAINT: TRAINING reads training_hours (a sum), 0 → 8 hours scoring 0 → 100

interface Indicator {
  code: string;
  value: number | null;
  score: number | null;
  explanation: string;
}

const SUITES = databaseSuites('scorecard_corrections', 'value corrections on PostgreSQL');

describe.each(SUITES)('value corrections on %s', (_, database) => {
  let app: NestExpressApplication;
  let drop: () => Promise<void>;
  const http = () => request(app.getHttpServer());
  const run = async () => {
    const res = await http().post(`/api/v1/periods/${PERIOD}/runs`).expect(202);
    expect((await waitForRun(app.getHttpServer(), res.body.runId as string)).status).toBe('completed');
  };
  const training = async (): Promise<Indicator> => {
    const items = (await http().get(`/api/v1/periods/${PERIOD}/results`).query({ limit: 100 }).expect(200))
      .body.items as { id: string; indicators: Indicator[] }[];
    return items.find((r) => r.id === PERSON)!.indicators.find((i) => i.code === 'TRAINING')!;
  };
  const documentValue = async () =>
    (
      (await http().get(`/api/v1/periods/${PERIOD}/document`).expect(200)).body as {
        staff: { id: string; inputs: Record<string, number> }[];
      }
    ).staff.find((s) => s.id === PERSON)!.inputs.training_hours;

  beforeAll(async () => {
    const db = await database();
    drop = db.drop;
    app = await startTestApp(db.config);
    await http().post('/api/v1/documents').send(libraryMonth()).expect(200);
    await http()
      .post('/api/v1/measurements')
      .send([{ input: 'training_hours', staff: PERSON, date: `${PERIOD}-20`, value: 2.9 }])
      .expect(200);
    await run();
  }, 60000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('replaces the month’s value, in the document and the run, and the explanation says so', async () => {
    expect(await documentValue()).toBeCloseTo(8.9, 10);
    expect(await training()).toMatchObject({ value: 8.9, score: 100 });

    const first = await http()
      .post(`/api/v1/periods/${PERIOD}/corrections`)
      .send({ input: 'training_hours', staff: PERSON, value: 3, reason: 'two sessions counted twice' })
      .expect(201);
    expect(first.body).toMatchObject({
      period: PERIOD,
      input: 'training_hours',
      // The input's aggregate is named: the correction replaces what its observations sum to.
      aggregate: 'sum',
      staff: PERSON,
      value: 3,
      inForce: true,
      supersedes: null,
    });
    expect(await documentValue()).toBe(3);
    await run();
    const corrected = await training();
    expect(corrected).toMatchObject({ value: 3, score: 37.5 });
    expect(corrected.explanation).toContain(
      `training_hours: value 3 set by correction #${first.body.id} (reason: two sessions counted twice), ` +
        'observations gave 8.9',
    );

    // A second correction supersedes the first; both are listed.
    const second = await http()
      .post(`/api/v1/periods/${PERIOD}/corrections`)
      .send({ input: 'training_hours', staff: PERSON, value: 4, reason: 'one session was real' })
      .expect(201);
    expect(second.body).toMatchObject({ value: 4, supersedes: first.body.id });
    const listed = (await http().get(`/api/v1/periods/${PERIOD}/corrections`).expect(200)).body;
    expect(listed).toEqual([
      expect.objectContaining({ id: first.body.id, inForce: false, supersededBy: second.body.id }),
      expect.objectContaining({ id: second.body.id, inForce: true, supersededBy: null }),
    ]);
    expect(await documentValue()).toBe(4);

    // Withdrawing the second one's batch puts the first back in force.
    const withdrawn = await http().delete(`/api/v1/batches/${second.body.batchId}`).expect(200);
    expect(withdrawn.body).toMatchObject({ id: second.body.batchId, source: 'correction' });
    expect(await documentValue()).toBe(3);
    const after = (await http().get(`/api/v1/periods/${PERIOD}/corrections`).expect(200)).body;
    expect(after.map((c: { inForce: boolean }) => c.inForce)).toEqual([true, false]);

    // Auditors read the list; staff and auditors cannot correct.
    for (const [username, role] of [
      ['audit.c', 'auditor'],
      ['staff.c', 'staff'],
    ]) {
      await http()
        .post('/api/v1/users')
        .send({
          username,
          role,
          password: `${username}-password`,
          ...(role === 'staff' ? { staffId: PERSON } : {}),
        })
        .expect(201);
    }
    const token = async (username: string) =>
      (
        await http()
          .post('/api/v1/auth/login')
          .set('X-Test-Anonymous', '1')
          .send({ username, password: `${username}-password` })
          .expect(200)
      ).body.accessToken as string;
    const auditor = await token('audit.c');
    const staff = await token('staff.c');
    await http()
      .get(`/api/v1/periods/${PERIOD}/corrections`)
      .set('Authorization', `Bearer ${auditor}`)
      .expect(200);
    await http()
      .post(`/api/v1/periods/${PERIOD}/corrections`)
      .set('Authorization', `Bearer ${auditor}`)
      .send({ input: 'training_hours', staff: PERSON, value: 1, reason: 'x' })
      .expect(403);
    await http()
      .get(`/api/v1/periods/${PERIOD}/corrections`)
      .set('Authorization', `Bearer ${staff}`)
      .expect(403);
  });

  it('names every bad field, and answers 404 for an unknown month', async () => {
    const bad = await http()
      .post(`/api/v1/periods/${PERIOD}/corrections`)
      .send({ input: 'maint_cost_typo', department: 'NOPE', value: 'x', reason: '' })
      .expect(400);
    expect(bad.body.rows).toMatchObject([
      { row: 1, field: 'input', message: '"maint_cost_typo" is not in the input dictionary' },
      { row: 1, field: 'department', message: 'unknown department "NOPE"' },
      { row: 1, field: 'value', message: 'must be a finite number, got "x"' },
      { row: 1, field: 'reason', message: 'required: why the value is corrected' },
    ]);
    await http()
      .post('/api/v1/periods/2031-01/corrections')
      .send({ input: 'training_hours', staff: PERSON, value: 1, reason: 'x' })
      .expect(404);
  });

  it('refuses an approved month, pointing at adjustments', async () => {
    await run(); // the month's latest run scored its current data
    await http().post(`/api/v1/periods/${PERIOD}/approve`).send({}).expect(200);
    const refused = await http()
      .post(`/api/v1/periods/${PERIOD}/corrections`)
      .send({ input: 'training_hours', staff: PERSON, value: 1, reason: 'late' })
      .expect(409);
    expect(refused.body.message).toContain(`POST /api/v1/periods/${PERIOD}/adjustments`);
  });
});

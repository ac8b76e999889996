// An appraisal quarter over HTTP, on SQLite and PostgreSQL: three months of the library month imported and scored
// (inputs varied, a vetoed month, a month with an error, a leaver on 20 August, a joiner on 11 September, a
// transfer in September); HR puts the quarter's plan (the engine's problem codes at the body's paths for a bad
// one, versions, the audit entry); the quarter's document holds each person's months as posted with the days of
// their active dates and the department of their last month, leaves out the month not scored and says so; as YAML
// it is the same document, and the months' summary read alone (`months`) is the document's; the preview is the
// engine's result of it. Managers and staff are refused (403), auditors read; a bad period is 400 with its code, a
// period without a plan 404.
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { AppraisalDocument, scoreAnyDocument } from '@app/scoring';
import {
  JOINER,
  LEAVER,
  MOVER,
  QUARTER,
  QUARTER_MONTHS,
  quarterMonth,
  quarterPlan,
  VETOED,
} from './factories/quarter';
import { startTestApp } from './support/app';
import { databaseSuites } from './support/postgres';
import { serviceResult, waitForRun } from './support/runs';

const SUITES = databaseSuites('scorecard_appraisal_periods', 'appraisal periods on PostgreSQL');
const BASE = `/api/v1/appraisals/${QUARTER}`;

/** Supertest keeps the body of a response it does not parse itself (YAML) as text with this parser. */
const text = (res: unknown, cb: (err: Error | null, body: string) => void) => {
  const chunks: Buffer[] = [];
  const stream = res as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
};

describe.each(SUITES)('appraisal periods on %s', (_name, database) => {
  let app: NestExpressApplication;
  let drop: () => Promise<void>;
  const http = () => request(app.getHttpServer());
  const tokens = new Map<string, string>();
  const as = (who: string) => ({ Authorization: `Bearer ${tokens.get(who)}` });

  const score = async (period: string) => {
    const run = await http().post(`/api/v1/periods/${period}/runs`).expect(202);
    expect((await waitForRun(app.getHttpServer(), run.body.runId as string)).status).toBe('completed');
  };
  /** What each month's results say of each person (the results API): total, grade, veto, error. */
  const posted = async (month: string) => {
    const { staff } = await serviceResult(app.getHttpServer(), month);
    return new Map(
      (
        staff as { id: string; total?: number; grade?: string | null; vetoed?: boolean; error?: string }[]
      ).map((r) => [
        r.id,
        r.error !== undefined
          ? { total: null, grade: null, vetoed: false, error: r.error }
          : { total: r.total, grade: r.grade, vetoed: r.vetoed },
      ]),
    );
  };

  beforeAll(async () => {
    const db = await database();
    drop = db.drop;
    app = await startTestApp(db.config);
    await http().post('/api/v1/documents').send(quarterMonth(0)).expect(200);
    await score(QUARTER_MONTHS[0]);
    await http().post('/api/v1/documents').send(quarterMonth(1)).expect(200);
    await http().patch(`/api/v1/staff/${LEAVER.code}`).send({ activeTo: LEAVER.activeTo }).expect(200);
    await score(QUARTER_MONTHS[1]);
    // September is imported but not scored yet.
    await http().post('/api/v1/documents').send(quarterMonth(2)).expect(200);
    await http().patch(`/api/v1/staff/${JOINER.code}`).send({ activeFrom: JOINER.activeFrom }).expect(200);
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

  it('answers 404 without a plan, 400 for a period that is not a year, quarter or half-year', async () => {
    for (const [method, path] of [
      ['get', '/plan'],
      ['get', '/document'],
      ['get', '/months'],
      ['post', '/preview'],
    ] as const) {
      const res = await http()[method](`${BASE}${path}`).expect(404);
      expect(res.body.code).toBe('APPRAISAL_PLAN_NOT_FOUND');
    }
    for (const bad of ['2026-07', '2026-Q5', '2026-H0', 'x'])
      expect((await http().get(`/api/v1/appraisals/${bad}/plan`).expect(400)).body.code).toBe(
        'APPRAISAL_PERIOD_INVALID',
      );
    expect(
      (await http().put('/api/v1/appraisals/2026-13/plan').send(quarterPlan()).expect(400)).body.code,
    ).toBe('APPRAISAL_PERIOD_INVALID');
  });

  it("refuses a bad plan with the engine's problem codes at the body's paths", async () => {
    const plan = quarterPlan();
    const bad = await http()
      .put(`${BASE}/plan`)
      .send({ ...plan, appraisal: { ...plan.appraisal, caps: [{ vetoes: 1, to: 'X' }] } })
      .expect(400);
    expect(bad.body.code).toBe('DOCUMENT_INVALID');
    expect(bad.body.problems.map((p: { code: string; path: string }) => [p.code, p.path])).toEqual([
      ['APPRAISAL_CAP', 'appraisal.caps[0]'],
    ]);
    const formula = await http()
      .put(`${BASE}/plan`)
      .send({ ...plan, incentive: { ...plan.incentive, weight: 'coefficient * points' } })
      .expect(400);
    expect(formula.body.problems[0]).toMatchObject({ path: 'incentive.weight' });
    // Whatever is inside the sections is the engine's to refuse, never a 500.
    const hostile = await http()
      .put(`${BASE}/plan`)
      .send({ appraisal: { grades: 'x', sets: [1] }, inputs: [null, 'x'], incentive: { pools: 'x' } })
      .expect(400);
    expect(hostile.body.code).toBe('DOCUMENT_INVALID');
    // A key beside the three sections is the DTO's.
    expect(
      (
        await http()
          .put(`${BASE}/plan`)
          .send({ ...plan, staff: [] })
          .expect(400)
      ).body.code,
    ).toBe('VALIDATION_FAILED');
    await http().get(`${BASE}/plan`).expect(404);
  });

  it('keeps the plan in versions, each audited', async () => {
    const plan = quarterPlan();
    const put = await http().put(`${BASE}/plan`).send(plan).expect(200);
    expect(put.body).toMatchObject({ period: QUARTER, version: 1, added: true, createdBy: 'user:hr.admin' });
    expect(put.body.definition).toEqual(plan);
    expect((await http().put(`${BASE}/plan`).send(plan).expect(200)).body).toMatchObject({
      version: 1,
      added: false,
    });
    const changed = { ...plan, appraisal: { ...plan.appraisal, minMonths: 1 } };
    expect((await http().put(`${BASE}/plan`).send(changed).expect(200)).body.version).toBe(2);
    expect((await http().get(`${BASE}/plan`).expect(200)).body.definition).toEqual(changed);
    expect((await http().get(`${BASE}/plan?version=1`).expect(200)).body.definition).toEqual(plan);
    await http().get(`${BASE}/plan?version=3`).expect(404);
    await http().put(`${BASE}/plan`).send(plan).expect(200);
    const audit = await http().get('/api/v1/audit?action=appraisal.plan').expect(200);
    expect(audit.body.items.map((e: { entityKey: string }) => e.entityKey)).toEqual([
      QUARTER,
      QUARTER,
      QUARTER,
    ]);
  });

  it('leaves a month not scored out of the document, and says so', async () => {
    const res = await http().get(`${BASE}/document`).expect(200);
    expect(res.body).toMatchObject({ period: QUARTER, planVersion: 3 });
    expect(res.body.months.map((m: { period: string; status: string; included: boolean }) => m)).toEqual([
      expect.objectContaining({ period: '2026-07', status: 'scored', included: true, staff: 28 }),
      expect.objectContaining({ period: '2026-08', status: 'scored', included: true, staff: 28 }),
      { period: '2026-09', status: 'open', runId: null, included: false, staff: 0 },
    ]);
    // The summary alone, counted without building the document, says the same.
    expect((await http().get(`${BASE}/months`).expect(200)).body).toEqual({
      period: QUARTER,
      planVersion: 3,
      months: res.body.months,
    });
    const doc = res.body.document as AppraisalDocument;
    expect(doc.staff.some((s) => s.months.some((m) => m.period === '2026-09'))).toBe(false);
    expect(doc.staff.map((s) => s.id)).not.toContain(JOINER.code);
  });

  it("builds the quarter's document from the months as posted, and previews the engine's result of it", async () => {
    await score(QUARTER_MONTHS[2]);
    const res = await http().get(`${BASE}/document`).expect(200);
    expect(res.body.months.map((m: { included: boolean }) => m.included)).toEqual([true, true, true]);
    const doc = res.body.document as AppraisalDocument;
    expect(doc).toMatchObject({ formatVersion: 1, period: QUARTER, ...quarterPlan() });
    expect(doc.staff).toHaveLength(29);
    // Every month of every person is the month's result as the results API reads it.
    const months = new Map(
      await Promise.all(QUARTER_MONTHS.map(async (m) => [m as string, await posted(m)] as const)),
    );
    for (const s of doc.staff)
      for (const m of s.months)
        expect([
          s.id,
          m.period,
          { total: m.total, grade: m.grade, vetoed: m.vetoed, error: m.error },
        ]).toEqual([s.id, m.period, { error: undefined, ...months.get(m.period)!.get(s.id) }]);
    const person = (code: string) => doc.staff.find((s) => s.id === code)!;
    const days = (code: string) => person(code).months.map((m) => [m.period, m.days, m.daysInPeriod]);
    expect(days('E101')).toEqual([
      ['2026-07', 31, 31],
      ['2026-08', 31, 31],
      ['2026-09', 30, 30],
    ]);
    expect(days(LEAVER.code)).toEqual([
      ['2026-07', 31, 31],
      ['2026-08', LEAVER.days, 31],
    ]);
    expect(days(JOINER.code)).toEqual([['2026-09', JOINER.days, 30]]);
    expect(person(VETOED.code).months.map((m) => m.vetoed)).toEqual([false, true, false]);
    expect(person(MOVER.code)).toMatchObject({ department: MOVER.to, site: MOVER.site });
    expect(doc.departments).toContainEqual({ code: MOVER.to, site: MOVER.site });

    // As YAML: the same document, the months' summary in its opening comment.
    const yaml = await http().get(`${BASE}/document?format=yaml`).buffer(true).parse(text).expect(200);
    expect(yaml.headers['content-type']).toMatch(/^application\/yaml/);
    expect(yaml.body as string).toMatch(/^# appraisal 2026-Q3, plan version 3\n# 2026-07: scored, run /);
    expect(parseYaml(yaml.body as string)).toEqual(doc);

    const preview = await http().post(`${BASE}/preview`).expect(200);
    expect(preview.body.months).toEqual(res.body.months);
    expect((await http().get(`${BASE}/months`).expect(200)).body.months).toEqual(res.body.months);
    expect(preview.body.result).toEqual(JSON.parse(JSON.stringify(scoreAnyDocument(doc))));
    expect(preview.body.result.staff.find((s: { id: string }) => s.id === VETOED.code)).toMatchObject({
      grade: '不合格',
    });
  });

  it('lets auditors read and preview, and refuses managers and staff', async () => {
    const auditor = as('audit.one');
    await http().get(`${BASE}/plan`).set(auditor).expect(200);
    await http().get(`${BASE}/document`).set(auditor).expect(200);
    await http().get(`${BASE}/months`).set(auditor).expect(200);
    await http().post(`${BASE}/preview`).set(auditor).expect(200);
    expect((await http().put(`${BASE}/plan`).set(auditor).send(quarterPlan()).expect(403)).body.code).toBe(
      'FORBIDDEN',
    );
    for (const who of ['manager.eng', 'staff.e101']) {
      await http().get(`${BASE}/plan`).set(as(who)).expect(403);
      await http().put(`${BASE}/plan`).set(as(who)).send(quarterPlan()).expect(403);
      await http().get(`${BASE}/document`).set(as(who)).expect(403);
      await http().get(`${BASE}/months`).set(as(who)).expect(403);
      await http().post(`${BASE}/preview`).set(as(who)).expect(403);
    }
  });
});

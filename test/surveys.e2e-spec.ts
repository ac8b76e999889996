// Survey campaigns (满意度测评) over HTTP, on SQLite and PostgreSQL: a campaign from its definition to the month's
// observations — tokens that open one answer each (another token never touches it), edits before closing that
// replace the answer, a draft and a closed campaign refusing answers (409), unknown tokens 404 with one text, the
// statistics equal to a hand computation, closing into one intake batch with the statistics CSV as its evidence,
// whose observations the satisfaction indicator scores, and which withdraws like any batch; closing refused once
// the month is approved; the per-address limit of the public routes (429); HR's routes refused to staff (403) and
// to anyone not signed in (401).
import { readFileSync } from 'node:fs';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { parseDocumentText, ScorecardDocument } from '@app/scoring';
import { SURVEY_ANSWER_LIMITS } from '../apps/api/src/surveys/survey-answers.controller';
import { startTestApp } from './support/app';
import { databaseSuites } from './support/postgres';
import { waitForRun } from './support/runs';
import { scenario as fixture } from './support/scenarios';

const SUITES = databaseSuites('scorecard_surveys', 'survey campaigns on PostgreSQL');
const MONTH = '2026-10';

/** The campaign HR defines: two cleaners rated by wards and patients, on a 1–5 and a 1–10 question. */
const CAMPAIGN = {
  code: 'SURV-2026-10-CLEAN',
  name: { zh: '10月保洁满意度测评', en: 'October cleaning survey' },
  period: MONTH,
  content: {
    questions: [
      { code: 'q1', text: { zh: '病区是否整洁', en: 'Is the ward clean?' }, scale: 5 },
      { code: 'q2', text: { zh: '服务是否及时', en: 'Is the service on time?' }, scale: 10 },
    ],
    comment: true,
    targets: [
      { kind: 'staff', code: 'C101' },
      { kind: 'staff', code: 'C102' },
    ],
    outputs: { answers: 'survey_answers', satisfied: 'survey_satisfied' },
  },
};

describe.each(SUITES)('survey campaigns on %s', (_name, database) => {
  let app: NestExpressApplication;
  let drop: () => Promise<void>;
  const server = () => app.getHttpServer();
  const http = () => request(server());
  const doc = parseDocumentText(
    readFileSync(fixture('logistics-basic').document, 'utf8'),
  ) as ScorecardDocument;

  /** The public routes, as a phone opens them: without signing in. */
  const readAnswer = (token: string) =>
    http().get(`/api/v1/survey-answers/${token}`).set('X-Test-Anonymous', '1');
  const sendAnswer = (token: string, body: object) =>
    http().put(`/api/v1/survey-answers/${token}`).set('X-Test-Anonymous', '1').send(body);

  /** A user of `role`, signed in: their Authorization header. */
  const signIn = async (username: string, role: string, extra: Record<string, unknown> = {}) => {
    const password = `${username}-password`;
    await http()
      .post('/api/v1/users')
      .send({ username, password, role, ...extra })
      .expect(201);
    const res = await http().post('/api/v1/auth/login').send({ username, password }).expect(200);
    return `Bearer ${res.body.accessToken as string}`;
  };

  /** The month's completeness of an input of the CLEAN set: the staff codes missing it. */
  const missing = async (input: string): Promise<string[]> => {
    const res = await http().get(`/api/v1/periods/${MONTH}/completeness`).expect(200);
    const set = (
      res.body.sets as { set: string; inputs: { input: string; departments: { missing: string[] }[] }[] }[]
    ).find((s) => s.set === 'CLEAN')!;
    return set.inputs
      .find((i) => i.input === input)!
      .departments.flatMap((d) => d.missing)
      .sort();
  };

  /** A campaign created, given respondents (`patients` slips) and opened: its id and the respondents' tokens. */
  const openCampaign = async (patients: number, body: object = CAMPAIGN) => {
    const created = await http().post('/api/v1/surveys').send(body).expect(201);
    const id = created.body.id as number;
    const added = await http()
      .post(`/api/v1/surveys/${id}/respondents`)
      .send({ patients: { count: patients } })
      .expect(201);
    await http().post(`/api/v1/surveys/${id}/open`).expect(200);
    return { id, tokens: (added.body as { token: string }[]).map((r) => r.token) };
  };

  beforeEach(async () => {
    const db = await database();
    drop = db.drop;
    app = await startTestApp(db.config);
    // The month without survey figures for the two cleaners: the campaign is where they come from.
    const month = structuredClone(doc);
    for (const s of month.staff)
      if (s.id === 'C101' || s.id === 'C102') {
        delete s.inputs!.survey_answers;
        delete s.inputs!.survey_satisfied;
      }
    await http().post('/api/v1/documents').send(month).expect(200);
  });
  afterEach(async () => {
    await app.close();
    await drop();
  });

  it('runs a campaign from its definition to the month’s observations, and withdraws its batch', async () => {
    // Defined as a draft; a draft may be edited.
    const created = await http().post('/api/v1/surveys').send(CAMPAIGN).expect(201);
    expect(created.body).toMatchObject({
      code: CAMPAIGN.code,
      name: '10月保洁满意度测评',
      names: CAMPAIGN.name,
      period: MONTH,
      state: 'draft',
      batchId: null,
      createdBy: 'user:hr.admin',
    });
    const id = created.body.id as number;
    const renamed = {
      ...CAMPAIGN,
      names: { zh: '10月病区保洁满意度测评', en: 'October ward cleaning survey' },
    };
    const edited = await http().put(`/api/v1/surveys/${id}`).send(renamed).expect(200);
    expect(edited.body).toMatchObject({
      name: '10月病区保洁满意度测评',
      names: renamed.names,
      state: 'draft',
    });

    // Respondents: a ward (a department) and three patient slips, each with its own token and link.
    const added = await http()
      .post(`/api/v1/surveys/${id}/respondents`)
      .send({ departments: ['ENG-CC'], patients: { count: 3, label: '病区 3 · 患者' } })
      .expect(201);
    const respondents = added.body as {
      id: number;
      kind: string;
      label: string;
      token: string;
      link: string;
    }[];
    expect(respondents.map((r) => [r.kind, r.label])).toEqual([
      ['department', expect.any(String)],
      ['patient', '病区 3 · 患者 · 1'],
      ['patient', '病区 3 · 患者 · 2'],
      ['patient', '病区 3 · 患者 · 3'],
    ]);
    const tokens = respondents.map((r) => r.token);
    expect(new Set(tokens).size).toBe(4);
    for (const r of respondents) {
      expect(r.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(r.link).toMatch(new RegExp(`/app/survey\\.html#${r.token.replace(/-/g, '\\-')}$`));
    }
    const [wardToken, p1, p2, p3] = tokens;

    // A draft shows its questions but takes no answer.
    const draftPage = await readAnswer(p1).expect(200);
    expect(draftPage.body).toMatchObject({ editable: false, answer: null, comment: true });
    const early = await sendAnswer(p1, { answers: { C101: { q1: 5 } } }).expect(409);
    expect(early.body.message).toContain('测评未开始');

    await http().post(`/api/v1/surveys/${id}/open`).expect(200);
    // Editing an open campaign is refused.
    await http().put(`/api/v1/surveys/${id}`).send(CAMPAIGN).expect(409);

    // Tokens that open nothing: one 404 text whatever the reason.
    const unknown = await readAnswer('A'.repeat(22)).expect(404);
    const malformed = await readAnswer('not-a-token').expect(404);
    await sendAnswer('B'.repeat(22), { answers: { C101: { q1: 5 } } }).expect(404);
    expect(malformed.body.message).toBe(unknown.body.message);

    const page = await readAnswer(p1).expect(200);
    expect(page.body).toMatchObject({
      campaign: { name: '10月病区保洁满意度测评', period: MONTH, state: 'open' },
      questions: CAMPAIGN.content.questions,
      comment: true,
      editable: true,
      answer: null,
    });
    expect(page.body.targets.map((t: { code: string }) => t.code)).toEqual(['C101', 'C102']);

    // Bad answers are named by their field; nothing is stored.
    const bad = await sendAnswer(p1, { answers: { C101: { q1: 6, q9: 1 }, NOPE: { q1: 1 } } }).expect(400);
    expect(bad.body.message).toContain('answers.C101.q1');
    expect(bad.body.message).toContain('answers.C101.q9');
    expect(bad.body.message).toContain('answers.NOPE');
    await sendAnswer(p1, { answers: {} }).expect(400);
    expect((await readAnswer(p1).expect(200)).body.answer).toBeNull();

    // Answers: p1 first answers, p2 answers, then p1 changes its answer (replaced, not added), p3 rates parts.
    const first = await sendAnswer(p1, {
      answers: { C101: { q1: 4, q2: 8 }, C102: { q1: 3, q2: 6 } },
    }).expect(200);
    await sendAnswer(p2, { answers: { C101: { q1: 4, q2: 6 } } }).expect(200);
    const changed = await sendAnswer(p1, {
      answers: { C101: { q1: 5, q2: 10 }, C102: { q1: 2, q2: 4 } },
      comment: '  走廊晚上灯太暗 ',
    }).expect(200);
    await sendAnswer(p3, { answers: { C101: { q1: 3 }, C102: { q2: 9 } } }).expect(200);
    expect(changed.body).toMatchObject({
      answers: { C101: { q1: 5, q2: 10 }, C102: { q1: 2, q2: 4 } },
      comment: '走廊晚上灯太暗',
      submittedAt: first.body.submittedAt,
    });
    // p2's token reaches p2's answer only: p1's stays as p1 left it.
    expect((await readAnswer(p1).expect(200)).body.answer.answers).toEqual(changed.body.answers);
    expect((await readAnswer(p2).expect(200)).body.answer.answers).toEqual({ C101: { q1: 4, q2: 6 } });

    // HR sees who answered (3 of 4), the edit, and reminds the one who has not.
    const detail = await http().get(`/api/v1/surveys/${id}`).expect(200);
    expect(detail.body).toMatchObject({ state: 'open', responded: 3, responseRate: 75 });
    const byToken = new Map(
      (detail.body.respondents as { token: string; responded: boolean; edits: number }[]).map((r) => [
        r.token,
        r,
      ]),
    );
    expect(byToken.get(p1)).toMatchObject({ responded: true, edits: 1 });
    expect(byToken.get(wardToken)).toMatchObject({ responded: false, edits: 0 });
    const listed = await http().get('/api/v1/surveys').query({ period: MONTH }).expect(200);
    expect(listed.body).toEqual([
      expect.objectContaining({ id, respondents: 4, responded: 3, responseRate: 75, state: 'open' }),
    ]);
    const reminded = await http().post(`/api/v1/surveys/${id}/remind`).send({}).expect(200);
    // (The test server listens on a new port per request: the link's origin varies, its page and token do not.)
    expect(reminded.body).toEqual([
      {
        id: respondents[0].id,
        label: respondents[0].label,
        link: expect.stringMatching(new RegExp(`/app/survey\\.html#${wardToken.replace(/-/g, '\\-')}$`)),
      },
    ]);
    const afterRemind = await http().get(`/api/v1/surveys/${id}`).expect(200);
    expect(afterRemind.body.respondents[0]).toMatchObject({ reminders: 1, remindedAt: expect.any(String) });

    // The statistics, by hand. Response means on 1–5 terms (a 1–10 score counts half):
    //   C101: p1 (5 + 10/2)/2 = 5 (satisfied), p2 (4 + 6/2)/2 = 3.5, p3 3/1 = 3
    //   C102: p1 (2 + 4/2)/2 = 2, p3 (9/2)/1 = 4.5 (satisfied)
    const stats = await http().get(`/api/v1/surveys/${id}/statistics`).expect(200);
    const [c101, c102] = stats.body.targets;
    expect(stats.body).toMatchObject({ responses: 3, satisfiedAtLeast: 4 });
    expect(c101).toMatchObject({ code: 'C101', responses: 3, satisfied: 1 });
    expect(c101.mean).toBeCloseTo((5 + 3.5 + 3) / 3, 10);
    expect(c101.questionMeans.q1).toBeCloseTo((5 + 4 + 3) / 3, 10);
    expect(c101.questionMeans.q2).toBeCloseTo((10 + 6) / 2, 10);
    expect(c101.satisfactionRate).toBeCloseTo((1 / 3) * 100, 10);
    expect(c102).toMatchObject({ code: 'C102', responses: 2, satisfied: 1, satisfactionRate: 50 });
    expect(c102.mean).toBeCloseTo((2 + 4.5) / 2, 10);
    expect(c102.questionMeans).toEqual({ q1: 2, q2: (4 + 9) / 2 });
    const csv = await http().get(`/api/v1/surveys/${id}/statistics`).query({ format: 'csv' }).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text).toContain('满意率% Satisfaction rate %');
    expect(csv.text).toContain('\r\nC101,人员 staff,');

    // The printed sheet's QR code.
    const qr = await http().get(`/api/v1/surveys/${id}/respondents/${respondents[1].id}/qr.svg`).expect(200);
    expect(qr.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(String(qr.body ?? qr.text)).toContain('<svg');
    await http().get(`/api/v1/surveys/${id}/respondents/999999/qr.svg`).expect(404);

    // Before closing the two cleaners have no survey figures.
    expect(await missing('survey_answers')).toEqual(['C101', 'C102']);

    // Closing: one batch of the month, its observations per target and output, the statistics as evidence.
    const closed = await http().post(`/api/v1/surveys/${id}/close`).expect(200);
    expect(closed.body.campaign).toMatchObject({ state: 'closed', batchId: closed.body.batch.id });
    expect(closed.body.batch).toMatchObject({
      source: 'survey',
      rowCount: 4,
      periods: [MONTH],
      withdrawnAt: null,
    });
    expect(closed.body.statistics).toEqual(stats.body);
    await http().post(`/api/v1/surveys/${id}/close`).expect(409);
    const batchId = closed.body.batch.id as number;
    const batches = await http().get(`/api/v1/periods/${MONTH}/batches`).expect(200);
    expect(batches.body.find((b: { id: number }) => b.id === batchId)).toMatchObject({
      observationsInMonth: 4,
    });
    expect(await missing('survey_answers')).toEqual([]);
    const evidence = await http().get(`/api/v1/periods/${MONTH}/staff/C101/evidence`).expect(200);
    expect(evidence.body).toEqual([
      expect.objectContaining({ input: 'survey_answers', contentType: 'text/csv' }),
      expect.objectContaining({ input: 'survey_satisfied', contentType: 'text/csv' }),
    ]);
    const file = await http().get(`/api/v1/evidence/${evidence.body[0].id}`).expect(200);
    expect(file.headers['content-type']).toMatch(/^text\/csv/);
    // The person's evidence is the table's header and their own line: never the others' figures.
    const [header, ...lines] = csv.text.split('\r\n').filter(Boolean);
    expect(file.text).toBe(`${[header, ...lines.filter((l) => l.startsWith('C101,'))].join('\r\n')}\r\n`);
    expect(file.text).not.toMatch(/\r\nC102,/);

    // A closed campaign refuses answers, and still shows the answer given.
    const late = await sendAnswer(p1, { answers: { C101: { q1: 1 } } }).expect(409);
    expect(late.body.message).toContain('测评已结束');
    expect((await readAnswer(p1).expect(200)).body).toMatchObject({ editable: false, answer: changed.body });

    // The satisfaction indicator scores the survey's figures: C101 1 satisfied of 3, C102 1 of 2.
    const started = await http().post(`/api/v1/periods/${MONTH}/runs`).expect(202);
    expect((await waitForRun(server(), started.body.runId as string)).status).toBe('completed');
    const results = await http().get(`/api/v1/periods/${MONTH}/results`).query({ limit: 100 }).expect(200);
    const satisfaction = (code: string) =>
      (results.body.items as { id: string; indicators: { code: string; value: number | null }[] }[])
        .find((s) => s.id === code)!
        .indicators.find((i) => i.code === 'SATISFACTION')!.value;
    // (results give values to four decimals)
    expect(satisfaction('C101')).toBeCloseTo((1 / 3) * 100, 3);
    expect(satisfaction('C102')).toBeCloseTo((1 / 2) * 100, 3);

    // Withdrawing the batch, as any batch: its observations and evidence leave the month.
    const withdrawn = await http().delete(`/api/v1/batches/${batchId}`).expect(200);
    expect(withdrawn.body).toMatchObject({ id: batchId, withdrawnBy: 'user:hr.admin' });
    expect(await missing('survey_answers')).toEqual(['C101', 'C102']);
    expect((await http().get(`/api/v1/periods/${MONTH}/staff/C101/evidence`).expect(200)).body).toEqual([]);
    await http().delete(`/api/v1/batches/${batchId}`).expect(409);

    // Every HR write is in the audit log.
    const audit = await http().get('/api/v1/audit').query({ entity: 'survey' }).expect(200);
    expect((audit.body.items as { action: string }[]).map((e) => e.action).sort()).toEqual([
      'survey.close',
      'survey.create',
      'survey.open',
      'survey.remind',
      'survey.respondents',
      'survey.update',
    ]);
  });

  it('closes a campaign nobody answered with no batch', async () => {
    const { id } = await openCampaign(2);
    const closed = await http().post(`/api/v1/surveys/${id}/close`).expect(200);
    expect(closed.body).toMatchObject({ campaign: { state: 'closed', batchId: null }, batch: null });
    expect(closed.body.statistics.targets.map((t: { responses: number }) => t.responses)).toEqual([0, 0]);
  });

  it('refuses to close once the month is approved, and to open a campaign of an approved month', async () => {
    const { id, tokens } = await openCampaign(1);
    await sendAnswer(tokens[0], { answers: { C101: { q1: 5, q2: 10 } } }).expect(200);
    const started = await http().post(`/api/v1/periods/${MONTH}/runs`).expect(202);
    expect((await waitForRun(server(), started.body.runId as string)).status).toBe('completed');
    await http().post(`/api/v1/periods/${MONTH}/approve`).send({}).expect(200);

    const refused = await http().post(`/api/v1/surveys/${id}/close`).expect(409);
    expect(refused.body.message).toContain('approved');
    expect((await http().get(`/api/v1/surveys/${id}`).expect(200)).body).toMatchObject({
      state: 'open',
      batchId: null,
    });
    const batches = await http().get(`/api/v1/periods/${MONTH}/batches`).expect(200);
    expect(batches.body.filter((b: { source: string }) => b.source === 'survey')).toEqual([]);

    const other = await http()
      .post('/api/v1/surveys')
      .send({ ...CAMPAIGN, code: 'SURV-LATE' })
      .expect(201);
    await http().post(`/api/v1/surveys/${other.body.id}/open`).expect(409);
  });

  it('keeps one answer per token and one batch per campaign when requests race', async () => {
    const { id, tokens } = await openCampaign(1);
    // The same token's first answer sent three times at once: one answer, the later two edits of it.
    const sent = await Promise.all(
      [3, 4, 5].map((q1) => sendAnswer(tokens[0], { answers: { C101: { q1 } } })),
    );
    expect(sent.map((r) => r.status)).toEqual([200, 200, 200]);
    const detail = await http().get(`/api/v1/surveys/${id}`).expect(200);
    expect(detail.body).toMatchObject({ responded: 1, respondents: [{ responded: true, edits: 2 }] });
    // Two closings at once: one closes, the other finds it closed; one batch.
    const closings = await Promise.all([0, 1].map(() => http().post(`/api/v1/surveys/${id}/close`)));
    expect(closings.map((r) => r.status).sort()).toEqual([200, 409]);
    const batches = await http().get(`/api/v1/periods/${MONTH}/batches`).expect(200);
    expect(batches.body.filter((b: { source: string }) => b.source === 'survey')).toHaveLength(1);
  });

  it('refuses a content with mistakes, naming each field', async () => {
    const res = await http()
      .post('/api/v1/surveys')
      .send({
        ...CAMPAIGN,
        content: {
          ...CAMPAIGN.content,
          questions: [...CAMPAIGN.content.questions, { code: 'q1', text: { zh: '重复' }, scale: 7 }],
          targets: [...CAMPAIGN.content.targets, { kind: 'department', code: 'NOPE' }],
          outputs: { answers: 'kwh' },
        },
      })
      .expect(400);
    expect(res.body.code).toBe('SURVEY_INVALID');
    for (const field of [
      'content.questions[2].code: 问题代码 "q1" 重复',
      'content.questions[2].scale',
      'content.targets[2].code: 科室 "NOPE" 不存在',
      'content.outputs.answers: "kwh" 是科室级输入项',
    ])
      expect(res.body.message).toContain(field);
    expect((await http().get('/api/v1/surveys').expect(200)).body).toEqual([]);
  });

  it('limits the answer routes per address (429 past the limit)', async () => {
    const { tokens } = await openCampaign(1);
    for (let i = 0; i < SURVEY_ANSWER_LIMITS.perAddress - 1; i++)
      await readAnswer('C'.repeat(22)).expect(404);
    // Reading and answering count together.
    await sendAnswer(tokens[0], { answers: { C101: { q1: 4 } } }).expect(200);
    const limited = await readAnswer(tokens[0]).expect(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    await sendAnswer(tokens[0], { answers: { C101: { q1: 5 } } }).expect(429);
    // HR's routes are not counted with them.
    await http().get('/api/v1/surveys').expect(200);
  });

  it('keeps HR’s routes from staff (403) and from anyone not signed in (401)', async () => {
    const { id } = await openCampaign(1);
    const staff = await signIn('staff.one', 'staff', { staffId: 'C101' });
    const auditor = await signIn('audit.one', 'auditor');
    await http().get('/api/v1/surveys').set('Authorization', staff).expect(403);
    await http().get(`/api/v1/surveys/${id}`).set('Authorization', staff).expect(403);
    await http().post('/api/v1/surveys').set('Authorization', staff).send(CAMPAIGN).expect(403);
    await http().post(`/api/v1/surveys/${id}/close`).set('Authorization', staff).expect(403);
    // Auditors read, never write.
    await http().get(`/api/v1/surveys/${id}/statistics`).set('Authorization', auditor).expect(200);
    await http().post(`/api/v1/surveys/${id}/remind`).set('Authorization', auditor).send({}).expect(403);
    // … and never hold a respondent's key: no token, no link, no QR code (whoever has one can answer).
    const seen = await http().get(`/api/v1/surveys/${id}`).set('Authorization', auditor).expect(200);
    const hr = await http().get(`/api/v1/surveys/${id}`).expect(200);
    const rid = (hr.body as { respondents: { id: number; token?: string }[] }).respondents[0].id;
    expect((hr.body as { respondents: { token?: string }[] }).respondents[0].token).toMatch(/^[\w-]{22}$/);
    for (const r of (seen.body as { respondents: Record<string, unknown>[] }).respondents) {
      expect(r.token).toBeUndefined();
      expect(r.link).toBeUndefined();
    }
    await http()
      .get(`/api/v1/surveys/${id}/respondents/${rid}/qr.svg`)
      .set('Authorization', auditor)
      .expect(403);
    for (const [method, path] of [
      ['get', '/api/v1/surveys'],
      ['get', `/api/v1/surveys/${id}`],
      ['post', `/api/v1/surveys/${id}/close`],
      ['get', `/api/v1/surveys/${id}/respondents/1/qr.svg`],
    ] as const)
      await http()[method](path).set('X-Test-Anonymous', '1').expect(401);
  });
});

// Results stored without their texts, explained when read in the reader's language: a run writes v3 rows (numbers
// and facts, the incentive's parts), the results page renders them in English by default, byte for byte the
// engine's, and in Chinese with `?lang=zh` or Accept-Language; a person's own month too; a row stored before
// (v1, texts in English) is still read as it was.
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { packStaffResult, Period, StaffResultRow } from '@app/persistence';
import { parseDocumentText, ScorecardDocument, scoreDocument, StaffScore } from '@app/scoring';
import { readFileSync } from 'node:fs';
import { MEMORY_CONFIG, startTestApp, TEST_ADMIN } from './support/app';
import { waitForRun } from './support/runs';
import { scenario } from './support/scenarios';

const doc = parseDocumentText(
  readFileSync(scenario('logistics-basic').document, 'utf8'),
) as ScorecardDocument;
const PERIOD = doc.period;
const CJK = /[\u4e00-\u9fff]/;

describe('explanations rendered on read, in the reader language', () => {
  let app: NestExpressApplication;
  let ds: DataSource;
  let admin: string;
  let staffToken: string;
  const server = () => app.getHttpServer();
  const engine = scoreDocument(doc);
  const person = engine.staff.find((r): r is StaffScore => !('error' in r) && r.incentive !== null)!;

  beforeAll(async () => {
    app = await startTestApp({ runs: { ...MEMORY_CONFIG.runs, chunkSize: 3 } }, { signedIn: false });
    ds = app.get(DataSource);
    const login = async (username: string, password: string) =>
      (await request(server()).post('/api/v1/auth/login').send({ username, password }).expect(200)).body
        .accessToken as string;
    admin = await login(TEST_ADMIN.username, TEST_ADMIN.password);
    await request(server()).post('/api/v1/documents').set(auth(admin)).send(doc).expect(200);
    const run = await request(server()).post(`/api/v1/periods/${PERIOD}/runs`).set(auth(admin)).expect(202);
    const done = await waitForRun(server(), run.body.runId as string, 60000, auth(admin));
    expect(done.status).toBe('completed');
    await request(server())
      .post('/api/v1/users')
      .set(auth(admin))
      .send({ username: 'staff.zh', role: 'staff', staffId: person.id, password: 'staff.zh-password' })
      .expect(201);
    staffToken = await login('staff.zh', 'staff.zh-password');
  });
  afterAll(() => app.close());

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const page = (query: Record<string, string> = {}, headers: Record<string, string> = {}) =>
    request(server())
      .get(`/api/v1/periods/${PERIOD}/results`)
      .query({ limit: '100', ...query })
      .set({ ...auth(admin), ...headers })
      .expect(200)
      .then((res) => res.body.items as StaffScore[]);
  const texts = (r: StaffScore) => [
    ...r.indicators.map((i) => i.explanation),
    r.explanation.total,
    r.explanation.grade,
    r.explanation.points,
    r.explanation.incentive ?? '',
  ];
  const numbers = (r: StaffScore) => ({
    ...r,
    indicators: r.indicators.map((i) => ({ ...i, explanation: '' })),
    explanation: null,
  });

  it('stores numbers and facts (v3) and the incentive sentence as parts, no texts', async () => {
    const rows = await ds.getRepository(StaffResultRow).find();
    expect(rows.length).toBe(doc.staff.length);
    for (const row of rows) {
      expect(row.result.v).toBe(3);
      expect(JSON.stringify(row.result)).not.toMatch(/contributes|linear from|points\b/);
      if (row.incentiveExplanation !== null) expect(row.incentiveExplanation).toMatch(/^\["p",/);
    }
  });

  it('renders English by default, byte for byte what the engine writes', async () => {
    const items = await page();
    const byId = new Map(items.map((r) => [r.id, r]));
    for (const r of engine.staff) if (!('error' in r)) expect(byId.get(r.id)).toEqual(r);
  });

  it('renders Chinese with ?lang=zh or Accept-Language zh-CN, with the same numbers', async () => {
    const en = await page();
    for (const zh of [
      await page({ lang: 'zh' }),
      await page({}, { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.5' }),
    ]) {
      zh.forEach((r, i) => {
        if ('error' in r) return;
        expect(numbers(r)).toEqual(numbers(en[i]));
        // Every text but the total's, which is a sum of numbers (unless a dimension is missing or a veto caps it).
        for (const t of texts(r).filter((t) => t && t !== r.explanation.total)) expect(t).toMatch(CJK);
        expect(r.explanation.grade).toContain('等级');
      });
    }
    // ?lang= wins over the header.
    const asked = await page({ lang: 'en' }, { 'Accept-Language': 'zh-CN' });
    expect(asked).toEqual(en);
  });

  it("renders a person's own month in their language", async () => {
    const res = await request(server())
      .get(`/api/v1/me/results/${PERIOD}`)
      .set({ ...auth(staffToken), 'Accept-Language': 'zh-CN' })
      .expect(200);
    const mine = res.body.result as StaffScore;
    expect(numbers(mine)).toEqual(numbers(person));
    expect(mine.explanation.total).toMatch(/^\(/);
    expect(mine.explanation.incentive).toContain('奖金池');
    expect(mine.indicators[0].explanation).toContain('贡献分');
    const history = await request(server())
      .get('/api/v1/me/results?lang=en')
      .set(auth(staffToken))
      .expect(200);
    expect(history.body[0].result).toEqual(person);
  });

  it('reads a row stored before (v1, English texts) as it was, whatever the language', async () => {
    const p = await ds.getRepository(Period).findOneByOrFail({ period: PERIOD });
    const v1 = packStaffResult(person);
    expect(v1.v).toBe(1);
    await ds
      .getRepository(StaffResultRow)
      .update(
        { runId: p.currentRunId!, staffCode: person.id },
        { result: v1, incentiveExplanation: person.explanation.incentive },
      );
    for (const lang of ['en', 'zh']) {
      const r = (await page({ lang })).find((x) => x.id === person.id)!;
      expect(r).toEqual(person);
    }
  });
});

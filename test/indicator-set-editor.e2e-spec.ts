// The indicator-set editor's routes over HTTP (the library month imported; a what-if reads its
// values, not a run's results): a draft's check answers
// 200 with every problem and its path, nothing stored; saving the same draft answers 400 with the same paths;
// the what-if preview scores the month's people of the set before and after (400 with `draft.…` paths for a bad
// draft, 404 for an unknown month); the diff of two versions names what changed (the grade quotas by rule). HR may
// use them all; an auditor reads the diff only; a manager none.
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { libraryMonth } from './factories/month';
import { startTestApp } from './support/app';

const OCT = '2026-10';
const SET = 'MAINT';
const AUDITOR = { username: 'audit.sets', password: 'audit-sets-password' };
const MANAGER = { username: 'manager.sets', password: 'manager-sets-password' };

function draft() {
  const { dimensions, indicators, grades } = libraryMonth().indicatorSets.find((s) => s.code === SET)!;
  return JSON.parse(JSON.stringify({ dimensions, indicators, grades })) as {
    dimensions: { code: string; weight: number }[];
    indicators: { code: string; formula: string; weight: number; name: unknown }[];
    grades: unknown[];
  };
}

describe('the indicator-set editor’s routes', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  let auditor: string;
  let manager: string;

  beforeAll(async () => {
    app = await startTestApp();
    await http().post('/api/v1/documents').send(libraryMonth()).expect(200);
    await http()
      .post('/api/v1/users')
      .send({ ...AUDITOR, role: 'auditor' })
      .expect(201);
    await http()
      .post('/api/v1/users')
      .send({ ...MANAGER, role: 'dept_manager', departments: ['ENG-CC'] })
      .expect(201);
    const login = async (who: typeof AUDITOR) =>
      (await http().post('/api/v1/auth/login').send(who).expect(200)).body.accessToken as string;
    auditor = await login(AUDITOR);
    manager = await login(MANAGER);
  });
  afterAll(() => app?.close());

  it('checks a draft: 200 with every problem and its path; saving it answers 400 with the same paths', async () => {
    const ok = await http()
      .post(`/api/v1/indicator-sets/${SET}/check`)
      .send({ ...draft(), effectiveFrom: '2026-11' })
      .expect(200);
    expect(ok.body).toEqual({ valid: true, problems: [], saves: { as: 'new', version: 2 } });

    const bad = draft();
    bad.indicators[0].formula = 'effective_hours / hours_nobody_declared';
    bad.dimensions[0].weight = 30;
    const checked = await http()
      .post(`/api/v1/indicator-sets/${SET}/check`)
      .send({ ...bad, effectiveFrom: OCT })
      .expect(200);
    expect(checked.body.valid).toBe(false);
    const paths = (checked.body.problems as { path: string; message: string }[]).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['indicators[0].formula', 'dimensions']));
    expect(JSON.stringify(checked.body.problems)).toContain('hours_nobody_declared');

    const saved = await http()
      .post(`/api/v1/indicator-sets/${SET}/versions`)
      .send({ ...bad, effectiveFrom: '2026-11' })
      .expect(400);
    expect((saved.body.problems as { path: string }[]).map((p) => p.path)).toEqual(
      expect.arrayContaining(['indicators[0].formula', 'dimensions']),
    );
    // Not a month: the DTO's own 400.
    await http()
      .post(`/api/v1/indicator-sets/${SET}/check`)
      .send({ ...draft(), effectiveFrom: '2026-1' })
      .expect(400);
    await http().post('/api/v1/indicator-sets/NOPE/check').send(draft()).expect(404);
  });

  it('previews a draft against the imported month: movers and distributions; 400 with draft paths; 404', async () => {
    const d = draft();
    for (const dim of d.dimensions) dim.weight = dim.code === 'service' ? 100 : 0;
    const res = await http()
      .post(`/api/v1/indicator-sets/${SET}/what-if`)
      .send({ draft: d, period: OCT, limit: 3 })
      .expect(200);
    const staff = libraryMonth().staff.filter((s) => s.indicatorSet === SET).length;
    expect(res.body).toMatchObject({ set: SET, period: OCT, staff, version: { version: 1 } });
    expect(res.body.changed).toBeGreaterThan(0);
    expect(res.body.movers).toMatchObject({ offset: 0, limit: 3, total: staff });
    expect(res.body.movers.items.length).toBe(Math.min(3, staff));
    expect(res.body.movers.items[0]).toMatchObject({
      id: expect.any(String),
      department: expect.any(String),
      before: { total: expect.any(Number) },
      after: { total: expect.any(Number) },
    });
    expect(res.body.distribution.bins).toHaveLength(10);

    const bad = draft();
    bad.indicators[1].formula = 'maint_cost / (';
    const refused = await http()
      .post(`/api/v1/indicator-sets/${SET}/what-if`)
      .send({ draft: bad, period: OCT })
      .expect(400);
    expect(refused.body.problems).toMatchObject([
      { path: 'draft.indicators[1].formula', message: expect.any(String) },
    ]);
    await http()
      .post(`/api/v1/indicator-sets/${SET}/what-if`)
      .send({ draft: draft(), period: '2026-09' })
      .expect(404);
    await http()
      .post(`/api/v1/indicator-sets/${SET}/what-if`)
      .send({ draft: draft(), period: OCT, limit: 501 })
      .expect(400);
  });

  it('diffs two versions, as HR and as an auditor; a manager is refused everything', async () => {
    const next = draft();
    next.indicators[0].weight = 50;
    next.indicators[1].weight = 50;
    await http()
      .post(`/api/v1/indicator-sets/${SET}/versions`)
      .send({ ...next, effectiveFrom: '2026-11' })
      .expect(201);
    const diff = await http()
      .get(`/api/v1/indicator-sets/${SET}/diff?from=v1&to=v2`)
      .set(as(auditor))
      .expect(200);
    expect(diff.body).toMatchObject({
      code: SET,
      from: { version: 1, effectiveFrom: OCT },
      to: { version: 2, effectiveFrom: '2026-11' },
      same: false,
    });
    expect(diff.body.weights).toEqual([
      { kind: 'indicator', code: next.indicators[0].code, dimension: 'efficiency', before: 60, after: 50 },
      { kind: 'indicator', code: next.indicators[1].code, dimension: 'efficiency', before: 40, after: 50 },
    ]);
    await http().get(`/api/v1/indicator-sets/${SET}/diff?from=1&to=2`).expect(200);
    await http().get(`/api/v1/indicator-sets/${SET}/diff?from=1&to=9`).expect(404);
    await http().get(`/api/v1/indicator-sets/${SET}/diff?from=x&to=2`).expect(400);

    // Check and what-if serve a draft only HR can save: HR's alone.
    await http().post(`/api/v1/indicator-sets/${SET}/check`).set(as(auditor)).send(draft()).expect(403);
    await http()
      .post(`/api/v1/indicator-sets/${SET}/what-if`)
      .set(as(auditor))
      .send({ draft: draft(), period: OCT })
      .expect(403);
    await http().get(`/api/v1/indicator-sets/${SET}/diff?from=1&to=2`).set(as(manager)).expect(403);
    await http().post(`/api/v1/indicator-sets/${SET}/check`).set(as(manager)).send(draft()).expect(403);
  });

  it('a set’s improvement plan rule: checked with its paths, saved, read back and diffed', async () => {
    const bad = { ...draft(), plans: { threshold: -5, items: 2.5, often: true } };
    bad.indicators[0] = { ...bad.indicators[0], planBelow: 'low' } as (typeof bad.indicators)[0];
    const checked = await http()
      .post(`/api/v1/indicator-sets/${SET}/check`)
      .send({ ...bad, effectiveFrom: '2026-12' })
      .expect(200);
    expect(checked.body.valid).toBe(false);
    const problems = checked.body.problems as { path: string; code: string }[];
    expect(problems.map((p) => [p.path, p.code])).toEqual(
      expect.arrayContaining([
        ['plans.threshold', 'BELOW_MIN'],
        ['plans.items', 'PLAN_ITEMS'],
        ['indicators[0].planBelow', 'NOT_A_NUMBER'],
      ]),
    );
    const good = { ...draft(), plans: { threshold: 70, items: 2 } };
    good.indicators[1] = { ...good.indicators[1], planBelow: 85 } as (typeof good.indicators)[1];
    await http()
      .post(`/api/v1/indicator-sets/${SET}/versions`)
      .send({ ...good, effectiveFrom: '2027-01' })
      .expect(201);
    const versions = await http().get(`/api/v1/indicator-sets/${SET}`).expect(200);
    const last = (
      versions.body.versions as { effectiveFrom: string; plans?: unknown; indicators: unknown[] }[]
    ).find((v) => v.effectiveFrom === '2027-01')!;
    expect(last.plans).toEqual({ threshold: 70, items: 2 });
    expect(last.indicators[1]).toMatchObject({ planBelow: 85 });
    const all = versions.body.versions as { version: number; effectiveFrom: string }[];
    const [from, to] = [all.at(-2)!.version, all.at(-1)!.version];
    const diff = await http().get(`/api/v1/indicator-sets/${SET}/diff?from=${from}&to=${to}`).expect(200);
    expect(diff.body.plans.changes).toEqual(
      expect.arrayContaining([
        { field: 'threshold', before: null, after: 70 },
        { field: 'items', before: null, after: 2 },
      ]),
    );
  });

  it('a set’s grade quotas: checked with the rule’s path, refused on save, saved, read back, versioned, diffed', async () => {
    // D is the set's last grade (a cap has nowhere to move anyone); Z is no grade of the set; ward no scope.
    const bad = {
      ...draft(),
      quotas: {
        scope: 'ward',
        rules: [
          { grade: 'D', maxShare: 10 },
          { grade: 'Z', minCount: 1 },
        ],
      },
    };
    const expected = [
      ['quotas.scope', 'QUOTA_SCOPE'],
      ['quotas.rules[0]', 'QUOTA_RULE'],
      ['quotas.rules[1]', 'QUOTA_RULE'],
    ];
    const pathsOf = (body: { problems: { path: string; code: string }[] }) =>
      body.problems.map((p) => [p.path, p.code]);
    const checked = await http()
      .post(`/api/v1/indicator-sets/${SET}/check`)
      .send({ ...bad, effectiveFrom: '2027-02' })
      .expect(200);
    expect(checked.body.valid).toBe(false);
    expect(pathsOf(checked.body)).toEqual(expect.arrayContaining(expected));
    const refused = await http()
      .post(`/api/v1/indicator-sets/${SET}/versions`)
      .send({ ...bad, effectiveFrom: '2027-02' })
      .expect(400);
    expect(pathsOf(refused.body)).toEqual(expect.arrayContaining(expected));
    // Not an object: the DTO's own 400.
    await http()
      .post(`/api/v1/indicator-sets/${SET}/versions`)
      .send({ ...draft(), quotas: [], effectiveFrom: '2027-02' })
      .expect(400);

    const rules = [
      { grade: 'A', maxShare: 20 },
      { grade: 'D', minCount: 1, minStaff: 2 },
    ];
    await http()
      .post(`/api/v1/indicator-sets/${SET}/versions`)
      .send({ ...draft(), quotas: { rules }, effectiveFrom: '2027-02' })
      .expect(201);
    const read = async () =>
      (await http().get(`/api/v1/indicator-sets/${SET}/versions`).expect(200)).body as {
        version: number;
        effectiveFrom: string;
        quotas?: unknown;
      }[];
    const versions = await read();
    const [previous, saved] = versions.slice(-2);
    expect(saved).toMatchObject({ effectiveFrom: '2027-02', quotas: { rules } });
    expect(previous.quotas).toBeUndefined();
    const added = await http()
      .get(`/api/v1/indicator-sets/${SET}/diff?from=${previous.version}&to=${saved.version}`)
      .expect(200);
    expect(added.body.quotas).toEqual({
      changed: true,
      scope: { before: null, after: 'department' },
      rules: { added: rules, removed: [], changed: [] },
    });

    // The same month again (not frozen): the version is replaced, hospital-wide with a tighter cap on A.
    const wider = { scope: 'hospital', rules: [{ grade: 'A', maxShare: 10 }, rules[1]] };
    await http()
      .post(`/api/v1/indicator-sets/${SET}/versions`)
      .send({ ...draft(), quotas: wider, effectiveFrom: '2027-02' })
      .expect(200);
    const replaced = await read();
    expect(replaced).toHaveLength(versions.length);
    expect(replaced.at(-1)).toMatchObject({ version: saved.version, quotas: wider });
    const diff = await http()
      .get(`/api/v1/indicator-sets/${SET}/diff?from=${previous.version}&to=${saved.version}`)
      .expect(200);
    expect(diff.body.quotas.scope).toEqual({ before: null, after: 'hospital' });
    expect(diff.body.same).toBe(false);
  });

  it('a what-if scores the draft’s grade quotas: a cap of 0 on A, B and C leaves everyone graded at D', async () => {
    const d = {
      ...draft(),
      quotas: {
        rules: ['A', 'B', 'C'].map((grade) => ({ grade, maxShare: 0 })),
      },
    };
    const res = await http()
      .post(`/api/v1/indicator-sets/${SET}/what-if`)
      .send({ draft: d, period: OCT })
      .expect(200);
    const grades = res.body.distribution.grades as { grade: string | null; before: number; after: number }[];
    const graded = grades.filter((g) => g.grade !== null).reduce((n, g) => n + g.before, 0);
    expect(graded).toBeGreaterThan(0);
    const after = Object.fromEntries(grades.map((g) => [String(g.grade), g.after]));
    expect([after.A ?? 0, after.B ?? 0, after.C ?? 0, after.D]).toEqual([0, 0, 0, graded]);
  });
});

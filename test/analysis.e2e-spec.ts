// The analysis API over a range of months, in-process: two months of the logistics-basic scenario imported and
// scored (the second with better training hours, so some plans improve), the third month absent. The heat map,
// the weakest indicators, the distribution and the variance shares are checked against a computation from the
// results API here; the plans against their rows and the results of their month and the next; the workbook read
// back with exceljs; who may read (HR and auditors only); 400 naming the field for a bad range, 404 for a range
// with no month at all.
import { readFileSync } from 'node:fs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import ExcelJS from 'exceljs';
import { DataSource, Between } from 'typeorm';
import { ImprovementPlan, PlanItem, Staff } from '@app/persistence';
import { parseDocumentText, type ScorecardDocument, type StaffScore } from '@app/scoring';
import { databaseSuites } from './support/postgres';
import { startTestApp } from './support/app';
import { waitForRun } from './support/runs';
import { scenario } from './support/scenarios';

const OCT = '2026-10';
const NOV = '2026-11';
const DEC = '2026-12';
const SUITES = databaseSuites('scorecard_analysis', 'the analysis on PostgreSQL');

/** Supertest keeps the exact bytes of any response with this parser. */
const bytes = (res: unknown, cb: (err: Error | null, body: Buffer) => void) => {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

const r2 = (x: number) => Math.round(x * 100) / 100;
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The scenario's month as `period`, each member of staff with a post type by their set; `better` trains E102. */
function month(period: string, better = false): ScorecardDocument {
  const doc = parseDocumentText(
    readFileSync(scenario('logistics-basic').document, 'utf8'),
  ) as ScorecardDocument;
  doc.period = period;
  doc.staff = doc.staff.map((s) => {
    const withPost = { ...s, postType: s.indicatorSet === 'MAINT' ? 'TECH' : 'CLEANER' };
    if (better && s.id === 'E102') withPost.inputs = { ...s.inputs, training_hours: 8 };
    return withPost;
  });
  return doc;
}

describe.each(SUITES)('the analysis on %s', (_, database) => {
  let app: NestExpressApplication;
  let drop: () => Promise<void>;
  const http = () => request(app.getHttpServer());
  const tokens: Record<string, string> = {};
  const as = (who: string, r: request.Test) => r.set('Authorization', `Bearer ${tokens[who]}`);
  const results: Record<string, StaffScore[]> = {};
  const runIds: Record<string, string> = {};

  const scoreMonth = async (doc: ScorecardDocument) => {
    await http().post('/api/v1/documents').send(doc).expect(200);
    const res = await http().post(`/api/v1/periods/${doc.period}/runs`).expect(202);
    const run = await waitForRun(app.getHttpServer(), res.body.runId as string);
    expect(run.status).toBe('completed');
    runIds[doc.period] = run.id;
  };

  /** Every result of the month through the results API. */
  const readResults = async (period: string): Promise<StaffScore[]> => {
    const out: StaffScore[] = [];
    let cursor: string | undefined;
    do {
      const page = await http()
        .get(`/api/v1/periods/${period}/results`)
        .query({ limit: 3, ...(cursor ? { cursor } : {}) })
        .expect(200);
      out.push(...(page.body.items as StaffScore[]));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    return out.filter((r) => !('error' in r));
  };

  beforeAll(async () => {
    const db = await database();
    drop = db.drop;
    app = await startTestApp(db.config);
    await scoreMonth(month(OCT));
    await scoreMonth(month(NOV, true));
    results[OCT] = await readResults(OCT);
    results[NOV] = await readResults(NOV);
    const users = [
      { username: 'manager.eng', role: 'dept_manager', departments: ['ENG-CC'] },
      { username: 'staff.one', role: 'staff', staffId: 'C101' },
      { username: 'audit.one', role: 'auditor' },
    ];
    for (const u of users) {
      const password = `${u.username}-password-long`;
      await http()
        .post('/api/v1/users')
        .send({ ...u, password })
        .expect(201);
      const login = await http()
        .post('/api/v1/auth/login')
        .send({ username: u.username, password })
        .expect(200);
      tokens[u.role] = login.body.accessToken as string;
    }
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('reads each month from its current run: the heat map, weakest, distribution and variance as the results say', async () => {
    const { body: a } = await http().get('/api/v1/analysis').query({ from: OCT, to: DEC }).expect(200);
    const all = [...results[OCT], ...results[NOV]];
    expect(a).toMatchObject({ from: OCT, to: DEC, threshold: 10 });
    expect(a.months).toEqual([
      { period: OCT, runId: runIds[OCT], staff: results[OCT].length },
      { period: NOV, runId: runIds[NOV], staff: results[NOV].length },
      { period: DEC, runId: null, staff: 0 },
    ]);
    expect(a.staff).toBe(new Set(all.map((r) => r.id)).size);

    // The heat map: the mean indicator score per indicator and department over people × months.
    const cells = new Map<string, number[]>();
    for (const r of all)
      for (const i of r.indicators) {
        if (i.score === null) continue;
        const key = `${i.code}|${r.department}`;
        cells.set(key, [...(cells.get(key) ?? []), i.score]);
      }
    const expected = [...cells]
      .map(([key, xs]) => {
        const [indicator, department] = key.split('|');
        return { indicator, department, mean: r2(mean(xs)), n: xs.length };
      })
      .sort((x, y) => (`${x.indicator}|${x.department}` < `${y.indicator}|${y.department}` ? -1 : 1));
    expect(a.heatmap).toEqual(expected);
    expect(a.departments.map((d: { code: string }) => d.code)).toEqual([
      'CLEAN-CC',
      'CLEAN-SY',
      'ENG-CC',
      'ENG-SY',
    ]);
    expect(a.departments[2]).toEqual({ code: 'ENG-CC', name: 'Engineering Changchun', site: 'CC' });
    expect(a.indicators.find((i: { code: string }) => i.code === 'SATISFACTION')).toEqual({
      code: 'SATISFACTION',
      name: 'Satisfaction rate',
      dimension: 'service',
    });

    // The weakest hospital-wide: ascending means, each with a trend per month (none in the missing month).
    const byIndicator = new Map<string, Record<string, number[]>>();
    for (const [period, list] of Object.entries(results))
      for (const r of list)
        for (const i of r.indicators) {
          if (i.score === null) continue;
          const m = byIndicator.get(i.code) ?? {};
          m[period] = [...(m[period] ?? []), i.score];
          byIndicator.set(i.code, m);
        }
    const hospital = [...byIndicator]
      .map(([indicator, m]) => {
        const xs = [...(m[OCT] ?? []), ...(m[NOV] ?? [])];
        return {
          indicator,
          mean: r2(mean(xs)),
          n: xs.length,
          trend: [OCT, NOV, DEC].map((p) => ({ period: p, mean: m[p] ? r2(mean(m[p])) : null })),
        };
      })
      .sort((x, y) => x.mean - y.mean || (x.indicator < y.indicator ? -1 : 1));
    expect(a.weakest.hospital).toEqual(hospital);
    // Each department: its three weakest cells of the heat map.
    for (const d of a.weakest.byDepartment) {
      const own = expected
        .filter((c) => c.department === d.department)
        .sort((x, y) => x.mean - y.mean || (x.indicator < y.indicator ? -1 : 1))
        .slice(0, 3);
      expect(d.items.map((w: { indicator: string; mean: number }) => [w.indicator, w.mean])).toEqual(
        own.map((c) => [c.indicator, c.mean]),
      );
    }

    // The distribution per post type (given in the documents), site and set.
    const group = (key: (r: StaffScore) => string | null) => {
      const m = new Map<string, number[]>();
      for (const r of all) {
        const k = key(r);
        if (k) m.set(k, [...(m.get(k) ?? []), r.total]);
      }
      return m;
    };
    const bySet = group((r) => r.indicatorSet);
    type Group = { code: string; n: number; mean: number; min: number; max: number };
    expect(
      a.distribution.bySet.map(({ code, n, mean, min, max }: Group) => ({ code, n, mean, min, max })),
    ).toEqual(
      [...bySet]
        .sort(([x], [y]) => (x < y ? -1 : 1))
        .map(([code, xs]) => ({
          code,
          n: xs.length,
          mean: r2(mean(xs)),
          min: Math.min(...xs),
          max: Math.max(...xs),
        })),
    );
    const tech = a.distribution.byPostType.find((g: { code: string }) => g.code === 'TECH');
    expect(tech.n).toBe(bySet.get('MAINT')!.length);
    const sorted = [...bySet.get('MAINT')!].sort((x, y) => x - y);
    const h = (sorted.length - 1) / 2;
    expect(tech.median).toBe(
      r2(sorted[Math.floor(h)] + (h - Math.floor(h)) * (sorted[Math.ceil(h)] - sorted[Math.floor(h)])),
    );
    expect(tech.histogram.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(tech.n);
    const bySite = group((r) => r.site);
    expect(a.distribution.bySite.map((g: { code: string; n: number }) => [g.code, g.n])).toEqual(
      [...bySite].sort(([x], [y]) => (x < y ? -1 : 1)).map(([code, xs]) => [code, xs.length]),
    );
    // The flags: the sites' means against each other with the given threshold.
    const [cc, sy] = [mean(bySite.get('CC')!), mean(bySite.get('SY')!)];
    const wide = await http().get('/api/v1/analysis').query({ from: OCT, to: NOV, threshold: 0 }).expect(200);
    const siteFlags = wide.body.distribution.flags.filter((f: { group: string }) => f.group === 'site');
    expect(siteFlags.map((f: { code: string; difference: number }) => [f.code, f.difference])).toEqual(
      r2(cc - sy) === 0
        ? []
        : [
            ['CC', r2(cc - sy)],
            ['SY', r2(sy - cc)],
          ],
    );
    const narrow = await http()
      .get('/api/v1/analysis')
      .query({ from: OCT, to: NOV, threshold: Math.abs(r2(cc - sy)) })
      .expect(200);
    expect(narrow.body.distribution.flags.filter((f: { group: string }) => f.group === 'site')).toEqual([]);

    // Variance shares: cov(contribution, total) / var(total) over every scored person-month.
    const totals = all.map((r) => r.total);
    const mt = mean(totals);
    const varT = mean(totals.map((t) => (t - mt) ** 2));
    for (const v of a.variance) {
      const cs = all.map((r) => r.indicators.find((i) => i.code === v.indicator)?.contribution ?? 0);
      const mc = mean(cs);
      const cov = mean(cs.map((c, k) => (c - mc) * (totals[k] - mt)));
      expect(v.share).toBeCloseTo(cov / varT, 3);
    }
    expect(a.variance.map((v: { indicator: string }) => v.indicator).sort()).toEqual(
      [...byIndicator.keys()].sort(),
    );
    // What the contributions leave unexplained is what totals differ from their sum by (a veto's cap here).
    const rest = all.map((r) => r.total - r.indicators.reduce((s, i) => s + (i.contribution ?? 0), 0));
    const mr = mean(rest);
    const unexplained = mean(rest.map((x, k) => (x - mr) * (totals[k] - mt))) / varT;
    expect(a.variance.reduce((s: number, v: { share: number }) => s + v.share, 0) + unexplained).toBeCloseTo(
      1,
      3,
    );
  });

  it('counts the improvement plans by indicator, department and status, and which improved the next month', async () => {
    const ds = app.get(DataSource);
    const plans = await ds.getRepository(ImprovementPlan).find({
      where: { period: Between(OCT, DEC) },
      order: { id: 'ASC' },
    });
    const items = await ds.getRepository(PlanItem).find({
      where: { period: Between(OCT, DEC) },
      order: { id: 'ASC' },
    });
    expect(plans.length).toBeGreaterThan(1);
    expect(items.length).toBeGreaterThanOrEqual(plans.length);
    // One agreed and one closed by HR.
    await http().patch(`/api/v1/plans/${plans[0].id}`).send({ status: 'agreed' }).expect(200);
    await http().patch(`/api/v1/plans/${plans[1].id}`).send({ status: 'closed' }).expect(200);
    const statuses = new Map(plans.map((p) => [p.id, p.status as string]));
    statuses.set(plans[0].id, 'agreed');
    statuses.set(plans[1].id, 'closed');

    const codeOf = new Map((await ds.getRepository(Staff).find()).map((s) => [s.id, s.code]));
    const next: Record<string, string> = { [OCT]: NOV, [NOV]: DEC };
    const scoreOf = (period: string, code: string, indicator: string) =>
      results[period]?.find((r) => r.id === code)?.indicators.find((i) => i.code === indicator)?.score ??
      null;
    const expected = new Map<string, Record<string, number | string>>();
    // Counted on the items, by their plan's status.
    for (const p of items) {
      const code = codeOf.get(p.staffId)!;
      const department = results[p.period].find((r) => r.id === code)!.department;
      const key = `${p.indicator}|${department}`;
      const c: Record<string, number | string> = expected.get(key) ?? {
        indicator: p.indicator,
        department,
        proposed: 0,
        agreed: 0,
        closed: 0,
        improved: 0,
      };
      (c[statuses.get(p.planId)!] as number) += 1;
      const before = scoreOf(p.period, code, p.indicator);
      const after = scoreOf(next[p.period], code, p.indicator);
      if (before !== null && after !== null && after > before) (c.improved as number) += 1;
      expected.set(key, c);
    }
    const { body: a } = await http().get('/api/v1/analysis').query({ from: OCT, to: DEC }).expect(200);
    expect(a.plans).toEqual(
      [...expected.values()].sort((x, y) =>
        `${x.indicator}|${x.department}` < `${y.indicator}|${y.department}` ? -1 : 1,
      ),
    );
    // E102 trained in November: their October training plan improved.
    expect(
      a.plans.find(
        (p: { indicator: string; department: string }) =>
          p.indicator === 'TRAINING' && p.department === 'ENG-CC',
      ),
    ).toMatchObject({ improved: 1 });
    // Kept: the items of the two plans agreed or closed.
    expect(
      a.plans.reduce((s: number, p: { agreed: number; closed: number }) => s + p.agreed + p.closed, 0),
    ).toBe(items.filter((i) => i.planId === plans[0].id || i.planId === plans[1].id).length);

    // A range of October alone reads November for the outcome all the same.
    const oct = await http().get('/api/v1/analysis').query({ from: OCT }).expect(200);
    expect(oct.body.to).toBe(OCT);
    expect(oct.body.months).toEqual([{ period: OCT, runId: runIds[OCT], staff: results[OCT].length }]);
    expect(
      oct.body.plans.find(
        (p: { indicator: string; department: string }) =>
          p.indicator === 'TRAINING' && p.department === 'ENG-CC',
      ),
    ).toMatchObject({ improved: 1 });
  });

  it('downloads the workbook with its sheets; the heat map as indicator rows × department columns', async () => {
    const { body: a } = await http().get('/api/v1/analysis').query({ from: OCT, to: NOV }).expect(200);
    const res = await http()
      .get('/api/v1/analysis/workbook')
      .query({ from: OCT, to: NOV })
      .buffer(true)
      .parse(bytes)
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(`analysis-${OCT}-${NOV}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '热力图 Heat map',
      '最弱指标 Weakest',
      '分布 Distribution',
      '方差贡献 Variance',
      '改进计划 Plans',
      '月份 Months',
    ]);
    const heat = wb.getWorksheet('热力图 Heat map')!;
    const header = (heat.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      '指标 Indicator',
      '名称 Name',
      ...a.departments.map((d: { code: string }) => d.code),
    ]);
    const cell = a.heatmap[0];
    const row = heat.getColumn(1).values.findIndex((v) => v === cell.indicator);
    const col = header.indexOf(cell.department) + 1;
    expect(heat.getRow(row).getCell(col).value).toBe(cell.mean);
    const plans = wb.getWorksheet('改进计划 Plans')!;
    expect(plans.rowCount).toBe(a.plans.length + 1);
    expect(wb.getWorksheet('方差贡献 Variance')!.rowCount).toBe(a.variance.length + 1);
  });

  it('is for HR and auditors only', async () => {
    for (const who of ['staff', 'dept_manager']) {
      await as(who, http().get('/api/v1/analysis').query({ from: OCT })).expect(403);
      await as(who, http().get('/api/v1/analysis/workbook').query({ from: OCT })).expect(403);
    }
    await as('auditor', http().get('/api/v1/analysis').query({ from: OCT })).expect(200);
  });

  it('answers 400 naming the field for a bad range, 404 when no month of it exists', async () => {
    const bad = async (query: Record<string, string>, field: string) => {
      const res = await http().get('/api/v1/analysis').query(query).expect(400);
      expect(JSON.stringify(res.body)).toContain(field);
    };
    await bad({ from: '2026-13' }, 'from');
    await bad({}, 'from');
    await bad({ from: OCT, to: '2026-1' }, 'to');
    await bad({ from: NOV, to: OCT }, 'to');
    await bad({ from: '2024-01', to: '2026-01' }, 'to');
    await bad({ from: OCT, threshold: 'x' }, 'threshold');
    await http().get('/api/v1/analysis/workbook').query({ from: OCT, to: '2025-01' }).expect(400);
    const none = await http().get('/api/v1/analysis').query({ from: '2030-01', to: '2030-03' }).expect(404);
    expect(none.body.code).toBe('PERIOD_NOT_FOUND');
  });
});

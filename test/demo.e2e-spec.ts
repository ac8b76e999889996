// `npm run demo` end to end, on a database in a temporary folder: the twelve months of 2026 imported and scored
// in-process, every member of staff of every month with a result, the report with both campuses and the movers, and
// the API serving the printed URLs. The maintenance staff's work-order and survey figures come through the feeds, and
// the months score exactly as when the documents are imported whole. The served demo has the fourth quarter and the
// year 2026 closed to appraisals (the 优秀 quota, HR's override with its reason, the bonus pools to the cent); in
// headless Chromium the demo's HR user reads the year on the analysis page (考核期结果) and on the appraisal periods
// page, in Chinese and then in English, each figure compared with the API's answer. Without Chromium that test says
// so in one line and does not run (the others do). The demo runs three times (fed, whole, served): the runs are the
// expensive part, so the browser test uses the served one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { DataSource } from 'typeorm';
import { DEFAULT_DEMO_SEED, DEMO_FEED, demoSurveyCampaigns, generateDemoHospital } from '@app/demo';
import { DEMO_QUARTER_BONUS_PER_HEAD, DEMO_YEAR_BONUS_PER_HEAD } from '@app/demo/database';
import { dataSourceOptions, PackedStaffResult } from '@app/persistence';
import type { Browser } from 'playwright-core';
import { DemoResult, demoLinks, runDemo } from '../apps/api/src/demo/run-demo';
import {
  ARTIFACTS,
  hasChromium,
  launchChromium,
  openPage,
  signInOnPage,
  textOf,
  WIDE,
} from './support/browser';
import './support/today'; // the intake window's "today" pinned inside 2026, whenever the suite runs

/** A stream that keeps what is written to it (not a TTY: the demo prints plain progress lines). */
function capture(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  return { out, text: () => chunks.join('') };
}

// Quiet, in-process and on a port of its own, whatever the shell running the tests has set.
const ENV = { PORT: '0' };

/**
 * A stored result with its workload terms in task code order: the points explanation lists a person's tasks in the
 * order their counts were recorded, and the feeds record the repairs after the rest of the month (the points, an
 * exact decimal sum, are the same in any order).
 */
function tasksInCodeOrder(text: string): PackedStaffResult {
  const r = JSON.parse(text) as PackedStaffResult;
  if (r.v !== 1 && 's' in r) r.s[12] = [...r.s[12]].sort((a, b) => (a[1] < b[1] ? -1 : 1));
  return r;
}

/** A scored month as stored, without what differs from run to run (ids, times): staff and department results. */
async function storedResults(databasePath: string) {
  const ds = new DataSource(dataSourceOptions({ kind: 'sqlite', path: databasePath }));
  await ds.initialize();
  try {
    const months: Record<string, unknown> = {};
    for (const { period, run } of await ds.query(
      'SELECT period, current_run_id AS run FROM periods ORDER BY period',
    ))
      months[period] = {
        staff: (
          await ds.query(
            `SELECT staff_code, department, site, indicator_set, total, error, pool_weight, pool_factor,
                    incentive_error, incentive, incentive_explanation, indicator_scores, result
               FROM staff_results WHERE run_id = ? ORDER BY staff_code`,
            [run],
          )
        ).map((r: { result: string }) => ({ ...r, result: tasksInCodeOrder(r.result) })),
        departments: await ds.query(
          `SELECT department, site, main_set, score, rank, staff_count, pool, allocated, unallocated
             FROM department_results WHERE run_id = ? ORDER BY department`,
          [run],
        ),
      };
    return months;
  } finally {
    await ds.destroy();
  }
}

describe('npm run demo', () => {
  const docs = generateDemoHospital();
  let dir: string;
  let fed: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scorecard-demo-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports and scores the twelve months of 2026, prints the report and leaves a complete database', async () => {
    const databasePath = (fed = join(dir, 'demo.sqlite'));
    const { out, text } = capture();
    const result = await runDemo({ databasePath, serve: false, out, env: ENV });

    expect(result.app).toBeNull();
    expect(result.months.map((m) => m.period)).toEqual(docs.map((d) => d.period));
    expect(docs.map((d) => d.period)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
    );
    result.months.forEach((m, i) => {
      expect(m.staff).toBe(docs[i].staff.length);
      expect(m.results).toBe(docs[i].staff.length);
    });

    const printed = text();
    expect(printed).toContain(result.report);
    expect(printed).toMatch(/Campus CC, 2026-12\n/);
    expect(printed).toMatch(/Campus SY, 2026-12\n/);
    expect(printed).toContain('Top movers 2026-11 to 2026-12\n\nUp\n');
    // The quarter and the year, closed, each line as the summary the demo returns.
    for (const p of [result.periods.quarter, result.periods.year])
      expect(printed).toContain(
        `Appraisal ${p.period} (closed): ${p.staff} staff, 优秀 ${p.grades['优秀']} · 合格 ${p.grades['合格']} · `,
      );
    expect(printed).toContain(`; annual bonus ${result.periods.year.bonus}\n`);
    expect(printed).toContain('\nDown\n');
    for (const d of docs) expect(printed).toMatch(new RegExp(`^  ${d.period}  \\d+/\\d+ staff`, 'm'));
    // A line per month of what the feeds brought.
    for (const m of result.months)
      expect(printed).toContain(
        `  ${m.period}  ${m.feeds!.orders.toLocaleString('en-US')} orders  ` +
          `${m.feeds!.sent.toLocaleString('en-US')} events (${m.feeds!.duplicates.toLocaleString('en-US')} resent)  3 orphans  `,
      );

    const ds = new DataSource(dataSourceOptions({ kind: 'sqlite', path: databasePath }));
    await ds.initialize();
    try {
      const count = async (sql: string) => Number((await ds.query(sql))[0].n);
      const runs: { id: string; period: string; status: string; error: string | null }[] = await ds.query(
        'SELECT id, period, status, error FROM scoring_runs ORDER BY period',
      );
      expect(runs.map((r) => [r.period, r.status, r.error])).toEqual(
        docs.map((d) => [d.period, 'completed', null]),
      );
      // Every member of staff of each month has a result in that month's run, and nobody else does.
      for (const [i, run] of runs.entries()) {
        const codes: { code: string }[] = await ds.query(
          'SELECT staff_code AS code FROM staff_results WHERE run_id = ? ORDER BY staff_code',
          [run.id],
        );
        expect(codes.map((c) => c.code)).toEqual(docs[i].staff.map((s) => s.id).sort());
        const [period] = await ds.query('SELECT current_run_id FROM periods WHERE period = ?', [run.period]);
        expect(period.current_run_id).toBe(run.id);
      }
      expect(await count('SELECT COUNT(*) AS n FROM sites')).toBeGreaterThanOrEqual(2);
      expect(
        await count('SELECT COUNT(DISTINCT department) AS n FROM department_results WHERE score IS NOT NULL'),
      ).toBeGreaterThanOrEqual(6);
      expect(await count('SELECT COUNT(*) AS n FROM staff')).toBeGreaterThanOrEqual(300);

      // The feeds: every month's events stored once (the resent ones counted as duplicates), a few thousand
      // orders derived into one batch a month, and each month's campaigns closed with their answers.
      const sent = result.months.reduce((n, m) => n + m.feeds!.sent - m.feeds!.duplicates, 0);
      expect(await count('SELECT COUNT(*) AS n FROM work_order_events')).toBe(sent);
      for (const m of result.months) {
        expect(m.feeds!.orders).toBeGreaterThan(2000);
        expect(m.feeds!.duplicates).toBeGreaterThan(0);
        expect(m.feeds!.derivedRows).toBeGreaterThan(0);
      }
      expect(
        await ds.query(
          `SELECT p.period, b.source FROM work_order_derivations d JOIN periods p ON p.id = d.period_id
             JOIN intake_batches b ON b.id = d.batch_id WHERE b.withdrawn_at IS NULL ORDER BY p.period`,
        ),
      ).toEqual(docs.map((d) => ({ period: d.period, source: 'work_orders' })));
      expect(
        (await ds.query('SELECT code FROM work_order_feeds')).map((f: { code: string }) => f.code),
      ).toEqual([DEMO_FEED.code]);
      const campaigns: { code: string; state: string; responses: number }[] = await ds.query(
        `SELECT c.code, c.state, (SELECT COUNT(*) FROM survey_responses r WHERE r.campaign_id = c.id) AS responses
           FROM survey_campaigns c ORDER BY c.code`,
      );
      const made = docs.flatMap((d) => demoSurveyCampaigns(d, DEFAULT_DEMO_SEED));
      expect(campaigns).toEqual(
        made
          .map((c) => ({
            code: c.code,
            state: 'closed',
            responses: c.respondents.filter((r) => Object.keys(r.answers).length > 0).length,
          }))
          .sort((a, b) => (a.code < b.code ? -1 : 1)),
      );
    } finally {
      await ds.destroy();
    }
  });

  it('scores every month from the feeds exactly as from the documents imported whole', async () => {
    if (!fed) {
      fed = join(dir, 'demo.sqlite');
      await runDemo({ databasePath: fed, serve: false, out: capture().out, env: ENV });
    }
    const whole = join(dir, 'whole.sqlite');
    const { months } = await runDemo({
      databasePath: whole,
      serve: false,
      out: capture().out,
      env: ENV,
      feeds: false,
    });
    expect(months.every((m) => m.feeds === null)).toBe(true);
    const [fromFeeds, fromDocuments] = [await storedResults(fed), await storedResults(whole)];
    expect(Object.keys(fromFeeds)).toEqual(docs.map((d) => d.period));
    expect(fromFeeds).toEqual(fromDocuments);
  });

  describe('served', () => {
    let served: DemoResult;
    let printed: string;
    let baseUrl: string;
    let token: string;

    /** GET with the demo HR user's token: the status and the JSON body. */
    const get = async (path: string): Promise<{ status: number; body: any }> => {
      const res = await fetch(`${baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
      return {
        status: res.status,
        body: res.headers.get('content-type')?.includes('json') ? await res.json() : null,
      };
    };

    beforeAll(async () => {
      const { out, text } = capture();
      served = await runDemo({
        databasePath: join(dir, 'served.sqlite'),
        serve: true,
        out,
        env: ENV,
        host: '127.0.0.1',
      });
      printed = text();
      baseUrl = served.baseUrl!;
      const hr = served.users.find((u) => u.role === 'hr_admin')!;
      const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: hr.username, password: hr.password }),
      });
      expect(login.status).toBe(200);
      token = ((await login.json()) as { accessToken: string }).accessToken;
    }, 120000);

    afterAll(async () => {
      await served?.app?.close();
    });

    it('serves the API on the database it built, at the URLs it prints', async () => {
      const { app, users, appraisal, calibration, periods } = served;
      expect(app).not.toBeNull();
      expect(printed).toContain(`The API serves the demo hospital at ${baseUrl}/api/v1, for example:`);
      // The page address, which serves the sign-in page.
      expect(printed).toContain(`Open the pages at ${baseUrl}/app/`);
      expect((await fetch(`${baseUrl}/app/`)).status).toBe(200);
      const urls = [...printed.matchAll(/^ {2}\S+ +(http:\/\/localhost:\d+\S*)$/gm)].map((m) => m[1]);
      expect(urls).toEqual(demoLinks('2026-12').map(([, path]) => `${baseUrl}${path}`));
      // The printed HR user signs in (beforeAll); without the token the API answers 401.
      const hr = users.find((u) => u.role === 'hr_admin')!;
      expect(printed).toContain(`hr_admin     ${hr.username.padEnd(14)}${hr.password}`);
      expect((await fetch(`${baseUrl}/api/v1/periods/2026-12/departments`)).status).toBe(401);
      for (const url of urls)
        expect([url, (await get(url.slice(baseUrl.length))).status]).toEqual([url, 200]);
      const departments = await get('/api/v1/periods/2026-12/departments');
      expect(departments.body.items.length).toBe(14);
      const results = await get('/api/v1/periods/2026-12/results?limit=5');
      expect(results.body.items).toHaveLength(5);
      expect(results.body.nextCursor).toEqual(expect.any(String));
      const runs = await get('/api/v1/periods/2026-12/runs');
      expect(runs.body).toEqual([expect.objectContaining({ status: 'completed', trigger: 'manual' })]);
      // The feeds' pages have something to show: the month's closed campaigns and its orders.
      const surveys = await get('/api/v1/surveys?period=2026-12');
      expect(surveys.body.map((c: { code: string; state: string }) => [c.code, c.state])).toEqual([
        ['SAT-SY-202612', 'closed'],
        ['SAT-CC-202612', 'closed'],
      ]);
      const orders = await get('/api/v1/periods/2026-12/work-orders/orders');
      expect(orders.body.total).toBeGreaterThan(2000);
      expect(orders.body.items[0]).toMatchObject({ feed: DEMO_FEED.code });
      // The appraisal loop has something to show: trainings on the month's plans, an open opinion round most staff
      // answered, shown per set, and the demo's staff user still asked.
      const training = await get('/api/v1/training?year=2026');
      expect(training.body.totals).toMatchObject({ assigned: appraisal.trainings, done: 0 });
      expect(appraisal.trainings).toBeGreaterThan(20);
      const rounds = await get('/api/v1/opinions/rounds');
      expect(rounds.body).toEqual([
        expect.objectContaining({ period: '2026-12', status: 'open', answers: appraisal.round.answers }),
      ]);
      expect(appraisal.round.answers / appraisal.round.eligible).toBeGreaterThan(0.5);
      const summary = await get(`/api/v1/opinions/rounds/${appraisal.round.id}/summary`);
      expect(summary.body.summary.sets.filter((x: { shown: boolean }) => x.shown).length).toBeGreaterThan(3);
      // The latest month's grade quotas moved some people down, and HR's override is listed with its reason.
      expect(calibration).toMatchObject({ sets: 7, override: { grade: 'A' } });
      const calibrated = (await get('/api/v1/periods/2026-12/calibration')).body as {
        items: { staffCode: string; quota: { rule: { grade: string } } | null; override: object | null }[];
        stale: boolean;
      };
      expect(calibrated.stale).toBe(false);
      expect(calibrated.items.filter((i) => i.quota?.rule.grade === 'A').length).toBeGreaterThan(10);
      expect(calibrated.items.filter((i) => i.override)).toEqual([
        expect.objectContaining({ staffCode: calibration.override!.staff, to: 'A' }),
      ]);

      // Above the month: the fourth quarter and the year closed, each with the 优秀 quota moving people, HR's
      // override with its reason, and the bonus pools paid to the cent (1,500.00 a head for the quarter, the annual
      // bonus 6,000.00 a head); finance's payroll of the year adds up to the same.
      for (const [p, period, perHead] of [
        [periods.quarter, '2026-Q4', DEMO_QUARTER_BONUS_PER_HEAD],
        [periods.year, '2026', DEMO_YEAR_BONUS_PER_HEAD],
      ] as const) {
        expect(p).toMatchObject({ period, status: 'closed', override: { grade: '优秀' } });
        expect(p.moved).toBeGreaterThan(5);
        expect(p.grades['优秀']).toBeGreaterThan(10);
        expect(p.bonus).toBe((p.staff * perHead).toFixed(2));
        const view = (await get(`/api/v1/appraisals/${period}/results?lang=zh`)).body as {
          status: string;
          staff: {
            id: string;
            grade: string;
            calibration: { quota: object | null; override: object | null };
          }[];
        };
        expect(view.status).toBe('closed');
        expect(view.staff.length).toBe(p.staff);
        expect(view.staff.filter((x) => x.calibration?.quota).length).toBe(p.moved);
        expect(view.staff.filter((x) => x.calibration?.override)).toEqual([
          expect.objectContaining({ id: p.override!.staff, grade: '优秀' }),
        ]);
        const overrides = (await get(`/api/v1/appraisals/${period}/overrides`)).body;
        expect(overrides).toEqual([
          expect.objectContaining({
            staffCode: p.override!.staff,
            grade: '优秀',
            reason: p.override!.reason,
          }),
        ]);
        expect(p.override!.reason).toMatch(/^[季年]度评议：.*经考核小组复核上调$/);
      }
      expect(periods.year.staff).toBeGreaterThan(periods.quarter.staff); // the year's joiners and leavers
      const payroll = await get('/api/v1/appraisals/2026/payroll?format=json');
      expect(payroll.status).toBe(200);
      expect(payroll.body.total).toBe(periods.year.bonus);

      const staffUser = users.find((u) => u.role === 'staff')!;
      const staffLogin = await fetch(`${baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: staffUser.username, password: staffUser.password }),
      });
      const staffToken = ((await staffLogin.json()) as { accessToken: string }).accessToken;
      const mine = await fetch(`${baseUrl}/api/v1/me/opinions`, {
        headers: { Authorization: `Bearer ${staffToken}` },
      });
      expect(await mine.json()).toMatchObject({ round: { id: appraisal.round.id }, answered: false });
      // The quarter and the year are closed: the staff user sees their own appraisals of both, explained in Chinese.
      const own = await fetch(`${baseUrl}/api/v1/me/appraisals?lang=zh`, {
        headers: { Authorization: `Bearer ${staffToken}` },
      });
      expect(own.status).toBe(200);
      expect(((await own.json()) as { period: string }[]).map((a) => a.period).sort()).toEqual([
        '2026',
        '2026-Q4',
      ]);
      // Every site, post type, department, input and set of the demo is named in Chinese and English.
      for (const what of ['sites', 'post-types', 'departments', 'inputs', 'indicator-sets']) {
        const list = (await get(`/api/v1/${what}`)).body as {
          code: string;
          name: string;
          names?: object;
        }[];
        expect(list.length).toBeGreaterThan(1);
        for (const x of list)
          expect([what, x.code, x.names]).toEqual([what, x.code, { zh: x.name, en: expect.any(String) }]);
      }
    });

    (hasChromium("the demo's year in Chromium") ? it : it.skip)(
      "shows the demo's closed year on the analysis and appraisal periods pages, in Chinese and English",
      async () => {
        const year = served.periods.year;
        // What the pages must show, as the API answers it.
        const analysis = (await get('/api/v1/analysis/appraisals/2026')).body as {
          status: string;
          staff: number;
          grades: string[];
          distribution: {
            hospital: { staff: number; final: Record<string, number>; before: Record<string, number> };
          };
          calibration: {
            hospital: { quota: number; override: number; moved: number };
            byDepartment: { code: string; quota: number }[];
          };
          bonus: { hospital: { paid: number; sum: string } };
        };
        const view = (await get('/api/v1/appraisals/2026/results?lang=zh')).body as {
          staff: {
            id: string;
            grade: string | null;
            incentive: string | null;
            calibration: { from: string | null; quota: { grade: string } | null } | null;
          }[];
        };
        const plan = (await get('/api/v1/appraisals/2026/plan')).body as {
          definition: { incentive: { pools: { department: string; amount: string }[] } };
        };
        expect(analysis).toMatchObject({ status: 'closed', staff: year.staff });
        expect(analysis.calibration.hospital).toMatchObject({ quota: year.moved, override: 1 });
        expect(analysis.bonus.hospital.sum).toBe(year.bonus);
        const byQuota = view.staff.find((s) => s.calibration?.quota && s.calibration.from === '优秀')!;
        expect(byQuota.grade).toBe('合格');
        const overridden = view.staff.find((s) => s.id === year.override!.staff)!;
        const busiest = [...analysis.calibration.byDepartment].sort((a, b) => b.quota - a.quota)[0];
        expect(busiest.quota).toBeGreaterThan(0);
        const pool = plan.definition.incentive.pools[0];

        const browser: Browser = await launchChromium();
        const { context, page, problems } = await openPage(browser, { viewport: WIDE, locale: 'zh-CN' });
        try {
          const text = (selector: string) => textOf(page, selector);
          /** A table row's cells by their column's label (the pages label each cell, in the reader's language). */
          const cells = async (row: string): Promise<Record<string, string>> => {
            const tds = page.locator(`${row} td`);
            const out: Record<string, string> = {};
            for (let i = 0; i < (await tds.count()); i++)
              out[(await tds.nth(i).getAttribute('data-label')) ?? String(i)] = (
                (await tds.nth(i).textContent()) ?? ''
              ).trim();
            return out;
          };
          /** Shows one person in the results (the page lists 50 at a time) and reads their row. */
          const person = async (code: string) => {
            await page.fill('#ap-search', code);
            await page.press('#ap-search', 'Enter');
            await page.locator('#ap-shown').filter({ hasText: /\b1\b/ }).waitFor();
            return text(`#ap-results tr[data-staff="${code}"]`);
          };
          const grouped = (n: number, lang: 'zh' | 'en') =>
            n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB');
          /** A decimal string of money as the pages show it: its whole part grouped by thousands. */
          const money = (s: string) => {
            const [whole, cents] = s.split('.');
            return `${Number(whole).toLocaleString('en-US')}.${cents}`;
          };

          const hr = served.users.find((u) => u.role === 'hr_admin')!;
          await signInOnPage(page, baseUrl, hr, 'office.html');
          await page.selectOption('#lang', 'zh');

          // The analysis of the year: the year's months, then its appraisal (考核期结果).
          await page.click('nav.office-nav a[href="analysis.html"]');
          await page.waitForSelector('#analysis-toolbar');
          await page.selectOption('#analysis-kind', 'year');
          await page.fill('#analysis-year', '2026');
          await page.click('#analysis-show');
          await page.waitForSelector('#appraisal-grades');
          const h = analysis.distribution.hospital;
          const gradeCell = (g: string, lang: 'zh' | 'en') =>
            h.final[g] === h.before[g]
              ? grouped(h.final[g] ?? 0, lang)
              : `${grouped(h.final[g], lang)} (${grouped(h.before[g], lang)})`;
          const readAnalysis = async (lang: 'zh' | 'en') => {
            const zh = lang === 'zh';
            expect(await text('#appraisal-period h2')).toBe(zh ? '考核期结果' : 'Appraisal period');
            expect(await text('#appraisal-period .range-line')).toBe(zh ? '2026 年度' : 'Year 2026');
            expect(await text('#appraisal-period p.sub')).toBe(
              zh
                ? `状态：已关闭；参与考核 ${grouped(year.staff, lang)} 人。`
                : `Status: closed; ${grouped(year.staff, lang)} people appraised.`,
            );
            // The hospital's grades: 优秀 after the quota and the override, before them in brackets.
            const grades = await cells('#appraisal-grades tr[data-code="*"]');
            expect(analysis.grades).toEqual(['优秀', '合格', '基本合格', '不合格']);
            for (const g of analysis.grades) expect([g, grades[g]]).toEqual([g, gradeCell(g, lang)]);
            expect(h.final['优秀']).toBe(year.grades['优秀']);
            expect(h.before['优秀']).toBeGreaterThan(h.final['优秀']);
            // The calibration: the people the quota moved, HR's override, hospital-wide and in the busiest department.
            const [quota, override] = zh ? ['配额调整', '人工调整'] : ['Quota moves', 'Overrides'];
            const calibration = await cells('#appraisal-calibration tr[data-code="*"]');
            expect([calibration[quota], calibration[override]]).toEqual([
              grouped(year.moved, lang),
              grouped(1, lang),
            ]);
            expect((await cells(`#appraisal-calibration tr[data-code="${busiest.code}"]`))[quota]).toBe(
              grouped(busiest.quota, lang),
            );
            // The annual bonus, to the cent.
            const bonus = await cells('#appraisal-bonus tr[data-code="*"]');
            expect(bonus[zh ? '合计' : 'Sum']).toBe(money(year.bonus));
            expect(bonus[zh ? '发放人数' : 'Paid']).toBe(grouped(analysis.bonus.hospital.paid, lang));
          };
          await readAnalysis('zh');
          await page.screenshot({ path: join(ARTIFACTS, 'demo-year-analysis-zh.png'), fullPage: true });
          await page.selectOption('#lang', 'en');
          await page.locator('#appraisal-period h2', { hasText: 'Appraisal period' }).waitFor();
          await readAnalysis('en');
          await page.screenshot({ path: join(ARTIFACTS, 'demo-year-analysis-en.png'), fullPage: true });

          // The year on the appraisal periods page: closed, HR's override with its reason, the people.
          await page.selectOption('#lang', 'zh');
          await page.goto(`${baseUrl}/app/appraisal-periods.html?period=2026`);
          await page.waitForSelector('#ap-results tr[data-staff]');
          const readPeriod = async (lang: 'zh' | 'en') => {
            const zh = lang === 'zh';
            expect(await page.locator('#ap-status-badge').getAttribute('data-status')).toBe('closed');
            expect(await text('#ap-status-badge')).toBe(zh ? '已关闭' : 'closed');
            expect(await text('#ap-state-line')).toMatch(zh ? /demo 于 .* 关闭/ : /closed by demo at/);
            for (const button of ['#ap-run', '#ap-approve', '#ap-close'])
              expect(await page.isDisabled(button)).toBe(true);
            expect(await text('#ap-shown')).toContain(grouped(year.staff, lang));
            // The pool of a department in the plan, to the cent.
            expect(await text('#ap-plan-bonus')).toContain(
              zh
                ? `${pool.department} 奖金池：${money(pool.amount)}`
                : `pool of ${pool.department}: ${money(pool.amount)}`,
            );
            // HR's override, listed with its reason, and the person's row with the badge and their bonus.
            const listed = await text(`#ap-overrides tr[data-staff="${year.override!.staff}"]`);
            expect(listed).toContain('优秀');
            expect(listed).toContain(year.override!.reason);
            const raised = await person(year.override!.staff);
            expect(raised).toContain('优秀');
            expect(raised).toContain(zh ? '人工调整' : 'override');
            expect(raised).toContain(money(overridden.incentive!));
            // Someone the 优秀 quota moved to 合格, with the quota's badge.
            const moved = await person(byQuota.id);
            expect(moved).toContain('合格');
            expect(moved).toContain(zh ? '配额调整' : 'quota');
            expect(moved).toContain(money(byQuota.incentive!));
            await page.fill('#ap-search', '');
            await page.press('#ap-search', 'Enter');
          };
          await readPeriod('zh');
          await page.screenshot({ path: join(ARTIFACTS, 'demo-year-periods-zh.png'), fullPage: true });
          await page.selectOption('#lang', 'en');
          await page.locator('#ap-status-badge', { hasText: 'closed' }).waitFor();
          await readPeriod('en');
          await page.screenshot({ path: join(ARTIFACTS, 'demo-year-periods-en.png'), fullPage: true });
          expect(problems).toEqual([]);
        } finally {
          await context.close();
          await browser.close();
        }
      },
      120000,
    );
  });
});

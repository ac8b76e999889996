// `npm run demo` end to end, on a database in a temporary folder: six months imported and scored in-process,
// every member of staff of every month with a result, the report with both campuses and the movers, and the
// API serving the printed URLs. The maintenance staff's work-order and survey figures come through the feeds, and
// the months score exactly as when the documents are imported whole.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { DataSource } from 'typeorm';
import { DEFAULT_DEMO_SEED, DEMO_FEED, demoSurveyCampaigns, generateDemoHospital } from '@app/demo';
import { dataSourceOptions, PackedStaffResult } from '@app/persistence';
import { demoLinks, runDemo } from '../apps/api/src/demo/run-demo';

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
  if (r.v === 2 && 's' in r) r.s[12] = [...r.s[12]].sort((a, b) => (a[1] < b[1] ? -1 : 1));
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

  it('imports and scores six months, prints the report and leaves a complete database', async () => {
    const databasePath = (fed = join(dir, 'demo.sqlite'));
    const { out, text } = capture();
    const result = await runDemo({ databasePath, serve: false, out, env: ENV });

    expect(result.app).toBeNull();
    expect(result.months.map((m) => m.period)).toEqual(docs.map((d) => d.period));
    result.months.forEach((m, i) => {
      expect(m.staff).toBe(docs[i].staff.length);
      expect(m.results).toBe(docs[i].staff.length);
    });

    const printed = text();
    expect(printed).toContain(result.report);
    expect(printed).toMatch(/Campus CC, 2026-10\n/);
    expect(printed).toMatch(/Campus SY, 2026-10\n/);
    expect(printed).toContain('Top movers 2026-09 to 2026-10\n\nUp\n');
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

  it('serves the API on the database it built, at the URLs it prints', async () => {
    const { out, text } = capture();
    const { app, baseUrl, users, appraisal, calibration, periods } = await runDemo({
      databasePath: join(dir, 'served.sqlite'),
      serve: true,
      out,
      env: ENV,
      host: '127.0.0.1',
    });
    try {
      expect(app).not.toBeNull();
      const printed = text();
      expect(printed).toContain(`The API serves the demo hospital at ${baseUrl}/api/v1, for example:`);
      // The page address, which serves the sign-in page.
      expect(printed).toContain(`Open the pages at ${baseUrl}/app/`);
      expect((await fetch(`${baseUrl}/app/`)).status).toBe(200);
      const urls = [...printed.matchAll(/^ {2}\S+ +(http:\/\/localhost:\d+\S*)$/gm)].map((m) => m[1]);
      expect(urls).toEqual(demoLinks('2026-10').map(([, path]) => `${baseUrl}${path}`));
      // The printed HR user signs in; without the token the API answers 401.
      const hr = users.find((u) => u.role === 'hr_admin')!;
      expect(printed).toContain(`hr_admin     ${hr.username.padEnd(14)}${hr.password}`);
      const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: hr.username, password: hr.password }),
      });
      expect(login.status).toBe(200);
      const { accessToken } = (await login.json()) as { accessToken: string };
      expect((await fetch(`${baseUrl}/api/v1/periods/2026-10/departments`)).status).toBe(401);
      const get = async (url: string): Promise<{ status: number; body: any }> => {
        const res = await fetch(url, { headers: { Authorization: `Bearer ${accessToken}` } });
        return {
          status: res.status,
          body: res.headers.get('content-type')?.includes('json') ? await res.json() : null,
        };
      };
      for (const url of urls) expect([url, (await get(url)).status]).toEqual([url, 200]);
      const departments = await get(`${baseUrl}/api/v1/periods/2026-10/departments`);
      expect(departments.body.items.length).toBe(14);
      const results = await get(`${baseUrl}/api/v1/periods/2026-10/results?limit=5`);
      expect(results.body.items).toHaveLength(5);
      expect(results.body.nextCursor).toEqual(expect.any(String));
      const runs = await get(`${baseUrl}/api/v1/periods/2026-10/runs`);
      expect(runs.body).toEqual([expect.objectContaining({ status: 'completed', trigger: 'manual' })]);
      // The feeds' pages have something to show: the month's closed campaigns and its orders.
      const surveys = await get(`${baseUrl}/api/v1/surveys?period=2026-10`);
      expect(surveys.body.map((c: { code: string; state: string }) => [c.code, c.state])).toEqual([
        ['SAT-SY-202610', 'closed'],
        ['SAT-CC-202610', 'closed'],
      ]);
      const orders = await get(`${baseUrl}/api/v1/periods/2026-10/work-orders/orders`);
      expect(orders.body.total).toBeGreaterThan(2000);
      expect(orders.body.items[0]).toMatchObject({ feed: DEMO_FEED.code });
      // The appraisal loop has something to show: trainings on the month's plans, an open opinion round most staff
      // answered, shown per set, and the demo's staff user still asked.
      const training = await get(`${baseUrl}/api/v1/training?year=2026`);
      expect(training.body.totals).toMatchObject({ assigned: appraisal.trainings, done: 0 });
      expect(appraisal.trainings).toBeGreaterThan(20);
      const rounds = await get(`${baseUrl}/api/v1/opinions/rounds`);
      expect(rounds.body).toEqual([
        expect.objectContaining({ period: '2026-10', status: 'open', answers: appraisal.round.answers }),
      ]);
      expect(appraisal.round.answers / appraisal.round.eligible).toBeGreaterThan(0.5);
      const summary = await get(`${baseUrl}/api/v1/opinions/rounds/${appraisal.round.id}/summary`);
      expect(summary.body.summary.sets.filter((x: { shown: boolean }) => x.shown).length).toBeGreaterThan(3);
      // The latest month's grade quotas moved some people down, and HR's override is listed with its reason.
      expect(calibration).toMatchObject({ sets: 7, override: { grade: 'A' } });
      const calibrated = (await get(`${baseUrl}/api/v1/periods/2026-10/calibration`)).body as {
        items: { staffCode: string; quota: { rule: { grade: string } } | null; override: object | null }[];
        stale: boolean;
      };
      expect(calibrated.stale).toBe(false);
      expect(calibrated.items.filter((i) => i.quota?.rule.grade === 'A').length).toBeGreaterThan(10);
      expect(calibrated.items.filter((i) => i.override)).toEqual([
        expect.objectContaining({ staffCode: calibration.override!.staff, to: 'A' }),
      ]);
      // Above the month: the third quarter closed with its quota, HR's override and the bonus pools paid to the
      // cent (1,500.00 a head); the year so far scored, not approved.
      expect(periods.quarter).toMatchObject({
        period: '2026-Q3',
        status: 'closed',
        override: { grade: '优秀' },
      });
      expect(periods.quarter.moved).toBeGreaterThan(5);
      expect(periods.quarter.bonus).toBe((periods.quarter.staff * 1500).toFixed(2));
      expect(periods.year).toMatchObject({ period: '2026', status: 'scored' });
      const quarter = (await get(`${baseUrl}/api/v1/appraisals/2026-Q3/results?lang=zh`)).body as {
        status: string;
        staff: { id: string; grade: string; calibration: { override: object | null } | null }[];
      };
      expect(quarter.status).toBe('closed');
      expect(quarter.staff.length).toBe(periods.quarter.staff);
      expect(quarter.staff.filter((x) => x.calibration?.override)).toEqual([
        expect.objectContaining({ id: periods.quarter.override!.staff, grade: '优秀' }),
      ]);
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
      // The quarter is closed: the staff user sees their own appraisal of it, explained in Chinese.
      const own = await fetch(`${baseUrl}/api/v1/me/appraisals?lang=zh`, {
        headers: { Authorization: `Bearer ${staffToken}` },
      });
      expect(own.status).toBe(200);
      expect(JSON.stringify(await own.json())).toContain('2026-Q3');
      // Every site, post type, department, input and set of the demo is named in Chinese and English.
      for (const what of ['sites', 'post-types', 'departments', 'inputs', 'indicator-sets']) {
        const list = (await get(`${baseUrl}/api/v1/${what}`)).body as {
          code: string;
          name: string;
          names?: object;
        }[];
        expect(list.length).toBeGreaterThan(1);
        for (const x of list)
          expect([what, x.code, x.names]).toEqual([what, x.code, { zh: x.name, en: expect.any(String) }]);
      }
    } finally {
      await app?.close();
    }
  });
});

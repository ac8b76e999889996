// The people pages (/app/) end to end in headless Chromium: the API in-process on a random port, the library month
// imported (the engineering department's staff with names) and scored as HR through the API, then each role signs
// in in the browser — staff see their month on a phone with the explanation of every indicator; the manager sees
// the ranking by name; the loop goes round (staff acknowledge, comment and appeal; the manager reads their comment,
// writes feedback, adds two indicators to the month's one plan, adds an action, agrees the plan, adds another
// action, ticks it off and closes the plan; staff see the one plan with its items; HR decides the appeal on
// the appeals page with a corrected value and the month is scored again); staff read their month in Chinese. The
// office's own pages (months and runs, indicator sets, AHP) have their suites (web-office, web-sets).
// Screenshots of each page at 1366 and 390 px go to test/artifacts/. Without Chromium it says so in one line and
// does not run (under CI, where .ci/run installs Debian's chromium, a missing Chromium fails it).
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { libraryMonth } from './factories/month';
import { TEST_ADMIN } from './support/app';
import {
  CSP_REFUSAL,
  hasChromium,
  launchChromium,
  openPage,
  PHONE,
  screenshots,
  servedApp,
  WIDE,
} from './support/browser';
import { waitForRun } from './support/runs';

const STAFF = { username: 'staff.web', password: 'staff.web-password' };
const MANAGER = { username: 'manager.web', password: 'manager.web-password' };
/** The names the engineering department's staff get (the library's sample staff have none). */
const NAMES = ['王建国', '李秀英', '张伟', '刘洋', '陈静', '杨帆', '赵磊', '黄敏', '周杰', '吴霞'];

type Name = string | { zh?: string; en?: string };
const nameIn = (name: Name, lang: 'zh' | 'en') =>
  typeof name === 'string' ? name : (name[lang] ?? name.zh ?? name.en ?? '');

(hasChromium('web pages in Chromium') ? describe : describe.skip)('web pages in Chromium', () => {
  let app: NestExpressApplication;
  let browser: Browser;
  let base: string;
  let period: string;
  let staffCode: string;
  let staffName: string;
  let engStaff: string[];
  let asAdmin: Record<string, string>;
  const server = () => app.getHttpServer();

  beforeAll(async () => {
    ({ app, base, asAdmin } = await servedApp());
    const library = libraryMonth();
    let n = 0;
    const doc = {
      ...library,
      staff: library.staff.map((s) =>
        s.department === 'ENG-CC' ? { ...s, name: NAMES[n++ % NAMES.length] } : s,
      ),
    };
    period = doc.period;
    await request(server()).post('/api/v1/documents').set(asAdmin).send(doc).expect(200);
    const run = await request(server()).post(`/api/v1/periods/${period}/runs`).set(asAdmin).expect(202);
    expect((await waitForRun(server(), run.body.runId as string, 60000, asAdmin)).status).toBe('completed');
    engStaff = doc.staff.filter((s) => s.department === 'ENG-CC').map((s) => s.id);
    staffCode = engStaff[0];
    staffName = NAMES[0];
    await request(server())
      .post('/api/v1/users')
      .set(asAdmin)
      .send({ ...STAFF, role: 'staff', staffId: staffCode })
      .expect(201);
    await request(server())
      .post('/api/v1/users')
      .set(asAdmin)
      .send({ ...MANAGER, role: 'dept_manager', departments: ['ENG-CC'] })
      .expect(201);

    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A fresh browser context (own sessionStorage and localStorage) whose page fails the test on a script error. */
  // A refused inline script or style would be a Content Security Policy violation in the console.
  const open = (viewport = WIDE) => openPage(browser, { viewport, locale: 'en-GB', only: CSP_REFUSAL });

  async function signIn(page: Page, who: { username: string; password: string }, landing: string) {
    await page.goto(`${base}/app/`);
    await page.fill('#username', who.username);
    await page.fill('#password', who.password);
    await page.click('#sign-in');
    await page.waitForURL(`**/app/${landing}`);
  }

  const shots = (page: Page, name: string) => screenshots(page, `web-${name}`);

  it('serves the pages without a token, under the strict content security policy', async () => {
    for (const path of [
      '/app/',
      '/app/me.html',
      '/app/department.html',
      '/app/appeals.html',
      '/app/appraisal-periods.html',
      '/app/js/i18n.js',
      '/app/js/appraisal-periods.js',
      '/app/js/my-appraisals.js',
      '/app/js/appeals.js',
      '/app/css/app.css',
      '/app/css/people.css',
    ]) {
      const res = await request(server()).get(path).expect(200);
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    }
    expect((await request(server()).get('/app/js/me.js')).headers['content-type']).toMatch(/javascript/);
    await request(server()).get('/app/nothing-here.html').expect(404);
  });

  it('staff sign in and see their month with the explanation of every indicator (phone-sized screen)', async () => {
    const { context, page, problems } = await open(PHONE);
    await signIn(page, STAFF, 'me.html');
    await page.waitForSelector('#trend svg');
    expect(await page.locator('#month option').allTextContents()).toEqual([expect.stringContaining(period)]);
    const row = page.locator('tr[data-indicator]').first();
    await row.waitFor();
    expect(await row.locator('td.explanation').textContent()).toMatch(/→ contributes/);
    // The indicator's name in the reader's language (the library names it in both), next to its code.
    const code = (await row.getAttribute('data-indicator'))!;
    const name = libraryMonth()
      .indicatorSets.flatMap((set) => set.indicators)
      .find((i) => i.code === code)!.name;
    expect(await row.locator('td').first().textContent()).toBe(`${nameIn(name, 'en')} ${code}`);
    // The incentive with its currency (PAYROLL_CURRENCY, CNY in tests).
    await expect(page.locator('#month-detail').textContent()).resolves.toMatch(/Incentive ¥ \(CNY\)/);
    // The trend has the total and the four dimensions.
    expect(await page.locator('#trend svg g.series').count()).toBe(5);
    await shots(page, 'staff-me');
    // Staff who open an HR page are sent to their own.
    await page.goto(`${base}/app/appeals.html`, { waitUntil: 'commit' });
    await page.waitForURL('**/app/me.html');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a manager sees the ranking of their department by name, its standing and a staff member’s indicators', async () => {
    const { context, page, problems } = await open();
    await signIn(page, MANAGER, 'department.html');
    await page.waitForSelector('tr[data-staff]');
    const ranked = await Promise.all(
      (await page.locator('tr[data-staff]').all()).map((r) => r.getAttribute('data-staff')),
    );
    expect([...ranked].sort()).toEqual([...engStaff].sort());
    // Names first, the staff id as secondary text.
    const row = page.locator(`tr[data-staff="${staffCode}"]`);
    expect(await row.locator('.person-name').textContent()).toBe(staffName);
    expect(await row.locator('.person-code').textContent()).toContain(staffCode);
    expect(await page.locator('#ranking-top').textContent()).toContain(staffName);
    expect(await page.locator('#month').inputValue()).toBe(period);
    await page.waitForSelector('[data-department="ENG-CC"]');
    expect(await page.locator('[data-department="ENG-CC"]').textContent()).toMatch(/Rank at its site/);
    // The filter narrows the table to one person.
    await page.fill('#ranking-filter', staffName);
    expect(await page.locator('tr[data-staff]').count()).toBe(1);
    await page.fill('#ranking-filter', '');
    await page.click(`tr[data-staff="${staffCode}"] button`);
    await page.waitForSelector('#staff-panel');
    expect(await page.locator('#staff-panel h2').textContent()).toContain(staffName);
    expect(await page.locator('#staff-panel tr[data-indicator]').count()).toBeGreaterThan(0);
    await shots(page, 'manager-department');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a large ranking stays compact: the best ten as bars, a histogram of every total, a table of 25 a page', async () => {
    const { context, page, problems } = await open();
    await signIn(page, TEST_ADMIN, 'office.html');
    await page.goto(`${base}/app/department.html`);
    await page.waitForSelector('tr[data-staff]');
    const everyone = libraryMonth().staff.length;
    expect(everyone).toBeGreaterThan(25);
    expect(await page.locator('#ranking-top svg rect.bar').count()).toBe(10);
    // Every total is counted in one band of the histogram.
    const counts = await page.locator('#ranking-histogram svg text.value').allTextContents();
    expect(counts.reduce((sum, n) => sum + Number(n), 0)).toBe(everyone);
    expect(await page.locator('tr[data-staff]').count()).toBe(25);
    expect(await page.locator('.pager').textContent()).toContain(`1–25 / ${everyone}`);
    await page.click('.pager button:has-text("Next")');
    expect(await page.locator('tr[data-staff]').count()).toBe(everyone - 25);
    expect(await page.locator('nav.office-nav a.current').getAttribute('href')).toBe('department.html');
    await shots(page, 'hr-department');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the appraisal loop: staff acknowledge, comment and appeal; the manager reads the comment, writes feedback and works a plan; HR upholds the appeal with a corrected value and the month is scored again', async () => {
    const staff = await open();
    await signIn(staff.page, STAFF, 'me.html');
    await staff.page.waitForSelector('#loop');
    await staff.page.fill('#loop input[name="comment"]', 'Read and understood');
    await staff.page.click('#acknowledge');
    await staff.page.waitForSelector('#acknowledged');
    await staff.page.fill('#loop textarea[name="text"]', 'The response times include the night shift.');
    await staff.page.click('#comment');
    await staff.page.waitForSelector('text=The response times include the night shift.');
    const appealed = await staff.page
      .locator('#appeal-form input[name="indicators"]')
      .first()
      .getAttribute('value');
    await staff.page.check(`#appeal-form input[value="${appealed}"]`);
    await staff.page.fill(
      '#appeal-form textarea[name="reason"]',
      'Two call-outs were logged against the wrong shift.',
    );
    await staff.page.click('#appeal');
    await staff.page.waitForSelector('#loop tr[data-appeal]');
    expect(await staff.page.locator('#loop tr[data-appeal]').textContent()).toContain(appealed);
    // A second appeal of the month: the API's 409 message is shown.
    await staff.page.check(`#appeal-form input[value="${appealed}"]`);
    await staff.page.fill('#appeal-form textarea[name="reason"]', 'again');
    await staff.page.click('#appeal');
    await staff.page.waitForSelector('#loop-status.error');
    expect(await staff.page.locator('#loop-status').textContent()).toMatch(/open appeal/);

    const manager = await open();
    await signIn(manager.page, MANAGER, 'department.html');
    await manager.page.waitForSelector('tr[data-appeal]');
    // The open appeal names the person.
    expect(await manager.page.locator('tr[data-appeal]').textContent()).toContain(staffName);
    await manager.page.click(`tr[data-staff="${staffCode}"] button`);
    await manager.page.waitForSelector('#conversation');
    // The staff member's comment and acknowledgement, in the month's history.
    const talk = manager.page.locator(`#conversation [data-month="${period}"]`);
    expect(await talk.locator('[data-comment]').textContent()).toContain(
      'The response times include the night shift.',
    );
    expect(await talk.locator('[data-ack]').textContent()).toContain('Read and understood');
    await manager.page.selectOption('#feedback-form select', appealed);
    await manager.page.fill('#feedback-text', 'Good month; log call-outs against the right shift.');
    await manager.page.click('#send-feedback');
    await manager.page.waitForSelector('#staff-status.ok');
    expect(await talk.locator('[data-feedback]').textContent()).toContain('log call-outs');
    // The month's one plan: the run may have started it with the weakest indicators; the manager adds two more
    // as items (the first adds to it, or starts it), each its own row with why it is there and its baseline.
    const monthPlan = manager.page.locator(`#plans .plan[data-period="${period}"]`);
    const plansUrl = `/api/v1/periods/${period}/staff/${staffCode}/plans`;
    const existing = (await request(server()).get(plansUrl).set(asAdmin).expect(200)).body as {
      items: { indicator: string }[];
    }[];
    const added: string[] = [];
    for (const n of [1, 2]) {
      const indicator = (await manager.page
        .locator('#plan-form select option')
        .first()
        .getAttribute('value'))!;
      expect(existing[0]?.items.map((x) => x.indicator) ?? []).not.toContain(indicator);
      await manager.page.selectOption('#plan-form select', indicator);
      await manager.page.click('#plan-form button[type="submit"]');
      await monthPlan.locator(`tr[data-item][data-indicator="${indicator}"]`).waitFor();
      expect(await manager.page.locator('#staff-status').textContent()).toBe(
        n === 1 && !existing.length ? 'Plan created.' : 'Indicator added to the plan.',
      );
      added.push(indicator);
    }
    const item = monthPlan.locator(`tr[data-item][data-indicator="${added[0]}"]`);
    expect(await item.getAttribute('data-reason')).toBe('manager');
    expect(await item.textContent()).toContain('added by the manager');
    expect(await item.getAttribute('data-outcome')).toBe('pending');
    // One plan for the month, holding every item; an indicator already in it is not offered again.
    expect(await manager.page.locator(`#plans .plan[data-period="${period}"]`).count()).toBe(1);
    const items = (existing[0]?.items.length ?? 0) + 2;
    expect(await monthPlan.locator('tr[data-item]').count()).toBe(items);
    expect(await manager.page.locator(`#plan-form option[value="${added[0]}"]`).count()).toBe(0);
    const [listed] = (await request(server()).get(plansUrl).set(asAdmin).expect(200)).body as {
      id: number;
      status: string;
      items: { indicator: string; reason: string }[];
    }[];
    expect(listed.items).toHaveLength(items);
    expect(listed.items.filter((x) => x.reason === 'manager').map((x) => x.indicator)).toEqual(added);
    // An action on the plan (not on one indicator), then the plan agreed: once, for all its items.
    await monthPlan.locator('form.add-action input[name="what"]').fill('Check the shift log every Friday');
    await monthPlan.locator('form.add-action input[name="dueDate"]').fill('2026-12-15');
    await monthPlan.locator('form.add-action button[type="submit"]').click();
    await monthPlan.locator('tr[data-action]:has-text("Check the shift log every Friday")').waitFor();
    expect(await monthPlan.locator('button.agree').count()).toBe(1);
    await monthPlan.locator('button.agree').click();
    const agreed = manager.page.locator(`#plans .plan[data-period="${period}"][data-status="agreed"]`);
    await agreed.waitFor();
    expect(await agreed.locator('.plan-head .badge').textContent()).toBe('agreed');
    expect(await agreed.locator('button.agree').count()).toBe(0);
    expect(await agreed.locator('tr[data-item]').count()).toBe(items);
    const [agreedPlan] = (await request(server()).get(plansUrl).set(asAdmin).expect(200)).body as {
      id: number;
      status: string;
    }[];
    expect(agreedPlan).toMatchObject({ id: listed.id, status: 'agreed' });
    // A second action added to the agreed plan, then ticked off.
    await agreed.locator('form.add-action input[name="what"]').fill('Walk the log with the shift lead');
    await agreed.locator('form.add-action input[name="dueDate"]').fill('2026-12-20');
    await agreed.locator('form.add-action button[type="submit"]').click();
    await manager.page.waitForSelector('text=Walk the log with the shift lead');
    const walk = manager.page.locator('#plans tr[data-action]:has-text("Walk the log with the shift lead")');
    expect(await walk.getAttribute('data-status')).toBe('open');
    await walk.locator('[data-toggle-action]').click();
    await manager.page.waitForSelector(
      '#plans tr[data-action][data-status="done"]:has-text("Walk the log with the shift lead")',
    );
    expect(await agreed.locator('tr[data-action]').count()).toBe(2);
    await shots(manager.page, 'manager-loop');
    await agreed.locator('.close-plan').click();
    const closed = manager.page.locator(`#plans .plan[data-period="${period}"][data-status="closed"]`);
    await closed.waitFor();
    // A closed plan takes no more actions nor indicators.
    expect(await closed.locator('form.add-action').count()).toBe(0);
    expect(await closed.locator('form.add-item').count()).toBe(0);
    expect(await closed.locator('tr[data-item]').count()).toBe(items);

    // The person sees the one plan: its status, its items with why, and its actions.
    await staff.page.reload();
    await staff.page.waitForSelector('text=Good month; log call-outs against the right shift.');
    expect(await staff.page.locator('#loop .plan').count()).toBe(1);
    const staffPlan = staff.page.locator('#loop .plan');
    expect(await staffPlan.getAttribute('data-status')).toBe('closed');
    expect(await staffPlan.locator('.plan-head').textContent()).toContain(`closed · ${items} indicators`);
    expect(await staffPlan.locator('tr[data-item]').count()).toBe(items);
    expect(await staffPlan.locator(`tr[data-item][data-indicator="${added[1]}"]`).textContent()).toContain(
      'added by the manager',
    );
    expect(await staffPlan.textContent()).toContain('Check the shift log every Friday');
    expect(await staffPlan.locator('tr[data-action][data-status="done"]').textContent()).toContain(
      'Walk the log with the shift lead',
    );
    await shots(staff.page, 'staff-loop');

    // HR decides on the appeals page: the appealed indicator's inputs with their current values, a corrected value.
    const hr = await open();
    await signIn(hr.page, TEST_ADMIN, 'office.html');
    await hr.page.goto(`${base}/app/appeals.html`);
    await hr.page.waitForSelector('#appeal-detail');
    expect(await hr.page.locator('tr[data-appeal]').first().textContent()).toContain(staffName);
    expect(await hr.page.locator('#appeal-detail h2 + p').textContent()).toContain(staffName);
    const card = hr.page.locator(`#appeal-detail .appealed-indicator[data-indicator="${appealed}"]`);
    expect(await card.locator('tr[data-input]').count()).toBeGreaterThan(0);
    const input = (await hr.page.locator('[data-correct]').first().getAttribute('data-correct'))!;
    const before = await card.locator(`tr[data-input="${input}"]`).textContent();
    expect(before).toMatch(/recorded|no value|department/);
    // Evidence for the input (a note; a photo or PDF would go with it), attached from the form.
    await hr.page.selectOption('#evidence-upload select', input);
    await hr.page.fill('#evidence-upload input[name="evidence-note"]', 'Shift log of October, page 3');
    await hr.page.click('#attach');
    await hr.page.waitForSelector('#appeal-evidence [data-evidence]');
    expect(await hr.page.locator('#appeal-evidence').textContent()).toContain('Shift log of October, page 3');
    await shots(hr.page, 'hr-appeals');
    // Not a number: refused here, nothing sent.
    await hr.page.fill(`[data-correct="${input}"]`, '12abc');
    await hr.page.click('#accept');
    await hr.page.waitForSelector('#appeal-status.error');
    expect(await hr.page.locator('#appeal-status').textContent()).toMatch(/Not a number/);
    expect(await hr.page.locator(`[data-correct="${input}"].invalid`).count()).toBe(1);
    await hr.page.fill(`[data-correct="${input}"]`, '7');
    await hr.page.fill('#decision-reason', 'Call-outs re-assigned');
    await hr.page.click('#accept');
    await hr.page.waitForSelector('#appeal-status.ok');
    // The page polls the re-run until it ends; then the input reads the corrected value.
    await hr.page.waitForSelector('#rerun[data-run-status="completed"]', { timeout: 30000 });
    const after = await hr.page.locator(`tr[data-input="${input}"]`).first().textContent();
    expect(after).toMatch(/7/);
    expect(after).toMatch(/corrected/);
    await shots(hr.page, 'hr-appeal-decided');
    const corrections = (
      await request(server()).get(`/api/v1/periods/${period}/corrections`).set(asAdmin).expect(200)
    ).body as
      { input: string; staff?: string; value: number }[] | { items: { input: string; value: number }[] };
    const list = Array.isArray(corrections) ? corrections : corrections.items;
    expect(list.find((c) => c.input === input)?.value).toBe(7);

    await staff.page.reload();
    await staff.page.waitForSelector('#loop tr[data-appeal]');
    expect(await staff.page.locator('#loop tr[data-appeal]').textContent()).toMatch(/upheld/);
    for (const x of [staff, manager, hr]) {
      expect(x.problems).toEqual([]);
      await x.context.close();
    }
  });

  it('staff read their month in Chinese, and the choice stays across reloads', async () => {
    const { context, page, problems } = await open(PHONE);
    await page.goto(`${base}/app/`);
    await page.selectOption('#lang', 'zh');
    await page.waitForSelector('text=用户名');
    await page.fill('#username', STAFF.username);
    await page.fill('#password', STAFF.password);
    await page.click('#sign-in');
    await page.waitForURL('**/app/me.html');
    await page.waitForSelector('tr[data-indicator]');
    expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
    const text = (await page.locator('body').textContent())!;
    for (const label of ['我的绩效', '各项指标及得分说明', '贡献分', '申诉成立', '改进计划'])
      expect(text).toContain(label);
    // The indicator's Chinese name.
    const row = page.locator('tr[data-indicator]').first();
    const code = (await row.getAttribute('data-indicator'))!;
    const name = libraryMonth()
      .indicatorSets.flatMap((set) => set.indicators)
      .find((i) => i.code === code)!.name;
    expect(await row.locator('td').first().textContent()).toBe(`${nameIn(name, 'zh')} ${code}`);
    // The explanation as the API renders it for a Chinese reader (Accept-Language: zh-CN, which the page sends).
    const token = await page.evaluate<string>("sessionStorage.getItem('scorecard.token')");
    const mine = (
      await request(server())
        .get('/api/v1/me/results')
        .set({ Authorization: `Bearer ${token}`, 'Accept-Language': 'zh-CN' })
        .expect(200)
    ).body as { result: { indicators: { code: string; explanation: string }[] } }[];
    const explanation = mine.at(-1)!.result.indicators.find((i) => i.code === code)!.explanation;
    expect(explanation).toMatch(/[\u4e00-\u9fff]/);
    expect(await row.locator('td.explanation').textContent()).toBe(explanation);
    await shots(page, 'staff-me-zh');
    await page.reload();
    await page.waitForSelector('text=我的绩效');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an auditor reads the appeals page without the decision form; Chinese terms on it', async () => {
    await request(server())
      .post('/api/v1/users')
      .set(asAdmin)
      .send({ username: 'auditor.web', password: 'auditor.web-password', role: 'auditor' })
      .expect(201);
    const { context, page, problems } = await open();
    await page.goto(`${base}/app/`);
    await page.selectOption('#lang', 'zh');
    await page.fill('#username', 'auditor.web');
    await page.fill('#password', 'auditor.web-password');
    await page.click('#sign-in');
    await page.waitForURL('**/app/office.html');
    await page.goto(`${base}/app/appeals.html`);
    await page.click('button[data-filter="accepted"]');
    await page.waitForSelector('#appeal-detail');
    expect(await page.locator('#decision-form').count()).toBe(0);
    expect(await page.locator('#appeal-detail').textContent()).toContain('申诉成立');
    expect(await page.locator('nav.office-nav a.current').getAttribute('href')).toBe('appeals.html');
    await shots(page, 'auditor-appeals-zh');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an expired or revoked token sends the user back to sign-in', async () => {
    const { context, page } = await open();
    await page.goto(`${base}/app/`);
    await page.evaluate(
      "sessionStorage.setItem('scorecard.token', 'not-a-token'); sessionStorage.setItem('scorecard.role', 'hr_admin')",
    );
    // The page sends itself back to sign-in as soon as the API refuses the token, maybe before its own load
    // event: wait for the navigation to start only, then for the sign-in page.
    await page.goto(`${base}/app/appeals.html`, { waitUntil: 'commit' });
    await page.waitForURL(/\/app\/$/);
    expect(await page.evaluate("sessionStorage.getItem('scorecard.token')")).toBeNull();
    await context.close();
  });
});

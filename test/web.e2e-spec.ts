// The web pages (/app/) end to end in headless Chromium: the API in-process on a random port, the library month
// imported and scored as HR through the API, then each role signs in in the browser and sees its page — staff
// their month and the explanation of an indicator, the manager the ranking, HR the months and runs (and starts a
// run, computes AHP weights) — and the language switch turns the labels Chinese. Screenshots go to
// test/artifacts/. Without Chromium it says so in one line and does not run (under CI, where .ci/run installs
// Debian's chromium, a missing Chromium fails it).
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import request from 'supertest';
import { libraryMonth } from './factories/month';
import { startTestApp, TEST_ADMIN } from './support/app';
import { REPO_ROOT } from './support/scenarios';
import { noteSkipped } from './support/externals';
import { waitForRun } from './support/runs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(REPO_ROOT, 'test/artifacts');
const STAFF = { username: 'staff.web', password: 'staff.web-password' };
const MANAGER = { username: 'manager.web', password: 'manager.web-password' };

/** A page expression (evaluated in the browser): true when exactly `n` runs in the runs table are completed. */
/**
 * Waits until the page lists `n` completed runs. A selector, not a predicate string: the page's CSP forbids eval,
 * which Playwright would need to poll a string predicate.
 */
const completedRuns = async (page: Page, n: number) => {
  await page
    .locator('tr[data-run][data-status="completed"]')
    .nth(n - 1)
    .waitFor({ timeout: 30000 });
  expect(await page.locator('tr[data-run][data-status="completed"]').count()).toBe(n);
};

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  noteSkipped(
    'web pages in Chromium',
    `Chromium not found at ${CHROMIUM}`,
    'apt-get install -y chromium, as .ci/run does, or set CHROMIUM_PATH',
  );

(hasChromium ? describe : describe.skip)('web pages in Chromium', () => {
  let app: NestExpressApplication;
  let browser: Browser;
  let base: string;
  let period: string;
  let staffCode: string;
  let engStaff: string[];
  const server = () => app.getHttpServer();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await startTestApp({}, { signedIn: false });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(server().address() as AddressInfo).port}`;

    const admin = (
      await request(server())
        .post('/api/v1/auth/login')
        .send({ username: TEST_ADMIN.username, password: TEST_ADMIN.password })
        .expect(200)
    ).body.accessToken as string;
    const asAdmin = { Authorization: `Bearer ${admin}` };
    const doc = libraryMonth();
    period = doc.period;
    await request(server()).post('/api/v1/documents').set(asAdmin).send(doc).expect(200);
    const run = await request(server()).post(`/api/v1/periods/${period}/runs`).set(asAdmin).expect(202);
    expect((await waitForRun(server(), run.body.runId as string, 60000, asAdmin)).status).toBe('completed');
    engStaff = doc.staff.filter((s) => s.department === 'ENG-CC').map((s) => s.id);
    staffCode = engStaff[0];
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

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A fresh browser context (own sessionStorage and localStorage) whose page fails the test on a script error. */
  async function open(
    viewport = { width: 1200, height: 900 },
  ): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport, locale: 'en-GB' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      // A refused inline script or style would be a Content Security Policy violation in the console.
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text()))
        problems.push(m.text());
    });
    return { context, page, problems };
  }

  async function signIn(page: Page, who: { username: string; password: string }, landing: string) {
    await page.goto(`${base}/app/`);
    await page.fill('#username', who.username);
    await page.fill('#password', who.password);
    await page.click('#sign-in');
    await page.waitForURL(`**/app/${landing}`);
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `web-${name}.png`), fullPage: true });

  it('serves the pages without a token, under the strict content security policy', async () => {
    for (const path of [
      '/app/',
      '/app/me.html',
      '/app/department.html',
      '/app/office.html',
      '/app/js/i18n.js',
      '/app/css/app.css',
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
    const { context, page, problems } = await open({ width: 390, height: 844 });
    await signIn(page, STAFF, 'me.html');
    await page.waitForSelector('#trend svg');
    expect(await page.locator('#month option').allTextContents()).toEqual([expect.stringContaining(period)]);
    const row = page.locator('tr[data-indicator]').first();
    await row.waitFor();
    expect(await row.locator('td.explanation').textContent()).toMatch(/→ contributes/);
    // The indicator's name comes from the configuration (the library's set), next to its code.
    const code = (await row.getAttribute('data-indicator'))!;
    const name = libraryMonth()
      .indicatorSets.flatMap((set) => set.indicators)
      .find((i) => i.code === code)!.name;
    expect(await row.locator('td').first().textContent()).toBe(`${name} ${code}`);
    await expect(page.locator('#month-detail').textContent()).resolves.toContain('Incentive');
    // The trend has the total and the four dimensions.
    expect(await page.locator('#trend svg g.series').count()).toBe(5);
    await shot(page, 'staff-me');
    // Staff who open an HR page are sent to their own.
    await page.goto(`${base}/app/office.html`, { waitUntil: 'commit' });
    await page.waitForURL('**/app/me.html');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a manager sees the ranking of their department, its standing and a staff member’s indicators', async () => {
    const { context, page, problems } = await open();
    await signIn(page, MANAGER, 'department.html');
    await page.waitForSelector('tr[data-staff]');
    const ranked = await Promise.all(
      (await page.locator('tr[data-staff]').all()).map((r) => r.getAttribute('data-staff')),
    );
    expect([...ranked].sort()).toEqual([...engStaff].sort());
    expect(await page.locator('#month').inputValue()).toBe(period);
    await page.waitForSelector('[data-department="ENG-CC"]');
    expect(await page.locator('[data-department="ENG-CC"]').textContent()).toMatch(/Rank at its site/);
    await page.click(`tr[data-staff="${staffCode}"] button`);
    await page.waitForSelector('#staff-panel');
    expect(await page.locator('#staff-panel').textContent()).toContain(staffCode);
    await shot(page, 'manager-department');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('HR sees the months and runs, scores the month again, reads indicator sets and computes AHP weights', async () => {
    const { context, page, problems } = await open();
    await signIn(page, TEST_ADMIN, 'office.html');
    await page.waitForSelector(`tr[data-period="${period}"]`);
    expect(await page.locator(`tr[data-period="${period}"]`).textContent()).toMatch(/scored/);
    expect(await page.locator('tr[data-run]').count()).toBe(1);
    await page.click('#score-month');
    // The page polls while the run is queued or running, until both runs are completed.
    await completedRuns(page, 2);
    await page.click('button.chip >> nth=0');
    await page.waitForSelector('.version table');
    await page.selectOption('select[data-cell="0,1"]', '3');
    await page.click('#ahp-compute');
    await page.waitForSelector('#ahp-result');
    expect(await page.locator('#ahp-result').textContent()).toMatch(/CR = /);
    await shot(page, 'hr-office');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the appraisal loop: staff acknowledge, comment and appeal; the manager writes feedback and agrees a plan; HR accepts the appeal and the month is scored again', async () => {
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
    await shot(staff.page, 'staff-loop');

    const manager = await open();
    await signIn(manager.page, MANAGER, 'department.html');
    await manager.page.waitForSelector('tr[data-appeal]');
    expect(await manager.page.locator('tr[data-appeal]').textContent()).toContain(staffCode);
    await manager.page.click(`tr[data-staff="${staffCode}"] button`);
    await manager.page.waitForSelector('#feedback-form');
    await manager.page.selectOption('#feedback-form select', appealed);
    await manager.page.fill('#feedback-text', 'Good month; log call-outs against the right shift.');
    await manager.page.click('#send-feedback');
    await manager.page.waitForSelector('#staff-status.ok');
    await manager.page.selectOption('#plan-form select', appealed);
    await manager.page.fill('#plan-what', 'Check the shift log every Friday');
    await manager.page.fill('#plan-due', '2026-12-15');
    await manager.page.click('#plan-form button[type="submit"]');
    await manager.page.waitForSelector('#staff-panel button:has-text("Agree")');
    await manager.page.click('#staff-panel button:has-text("Agree")');
    await manager.page.waitForSelector('#staff-panel td:has-text("agreed")');
    await shot(manager.page, 'manager-loop');

    await staff.page.reload();
    await staff.page.waitForSelector('text=Good month; log call-outs against the right shift.');
    expect(await staff.page.locator('#loop').textContent()).toContain('Check the shift log every Friday');

    const hr = await open();
    await signIn(hr.page, TEST_ADMIN, 'office.html');
    await hr.page.waitForSelector('[data-appeal]');
    const runsBefore = await hr.page.locator('tr[data-run]').count();
    await hr.page.fill('[data-appeal] input[name="reason"]', 'Call-outs re-assigned');
    await hr.page.click('[data-appeal] button[type="submit"]');
    await hr.page.waitForSelector('#office-status.ok');
    await completedRuns(hr.page, runsBefore + 1);
    await shot(hr.page, 'hr-appeal-decided');
    await staff.page.reload();
    await staff.page.waitForSelector('#loop tr[data-appeal]');
    expect(await staff.page.locator('#loop tr[data-appeal]').textContent()).toMatch(/accepted/);
    for (const x of [staff, manager, hr]) {
      expect(x.problems).toEqual([]);
      await x.context.close();
    }
  });

  it('switches to Chinese, and the choice stays across pages and reloads', async () => {
    const { context, page, problems } = await open();
    await page.goto(`${base}/app/`);
    await page.selectOption('#lang', 'zh');
    await page.waitForSelector('text=用户名');
    await page.fill('#username', TEST_ADMIN.username);
    await page.fill('#password', TEST_ADMIN.password);
    await page.click('#sign-in');
    await page.waitForURL('**/app/office.html');
    await page.waitForSelector(`tr[data-period="${period}"]`);
    const text = await page.locator('body').textContent();
    expect(text).toContain('绩效办公室');
    expect(text).toContain('考核月份');
    expect(text).toContain('评分任务');
    expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
    await shot(page, 'hr-office-zh');
    await page.selectOption('#lang', 'en');
    await page.waitForSelector('text=Performance office');
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
    await page.goto(`${base}/app/office.html`, { waitUntil: 'commit' });
    await page.waitForURL(/\/app\/$/);
    expect(await page.evaluate("sessionStorage.getItem('scorecard.token')")).toBeNull();
    await context.close();
  });
});

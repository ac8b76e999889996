// The office's setup and administration pages (/app/setup.html, /app/admin.html) end to end in headless Chromium,
// as HR reading Chinese: the library month imported through the API, then in the browser an input with Chinese and
// English names (and a refused one, its problem next to the field), a department, a member of staff added and
// transferred, an assignment rule and "who gets which set and why", a user and an API key (shown once), a disabled
// user and the refusal to disable the last hr_admin, the audit log filtered and one change's before/after. An
// auditor sees the same pages without their write forms. Screenshots at 1366 and 390 px go to test/artifacts/
// (setup-*.png, admin-*.png). Without Chromium it says so in one line and does not run.
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { libraryMonth } from './factories/month';
import { TEST_ADMIN } from './support/app';
import {
  ARTIFACTS,
  hasChromium,
  launchChromium,
  openPage,
  PHONE,
  servedApp,
  signInOnPage,
  WIDE,
} from './support/browser';

const AUDITOR = { username: 'auditor.setup', password: 'auditor.setup-password' };
const SUITE = 'setup and administration pages in Chromium';

(hasChromium(SUITE) ? describe : describe.skip)(SUITE, () => {
  let app: NestExpressApplication;
  let browser: Browser;
  let base: string;
  let asAdmin: Record<string, string>;
  const server = () => app.getHttpServer();

  beforeAll(async () => {
    ({ app, base, asAdmin } = await servedApp());
    await request(server()).post('/api/v1/documents').set(asAdmin).send(libraryMonth()).expect(200);
    await request(server())
      .post('/api/v1/users')
      .set(asAdmin)
      .send({ ...AUDITOR, role: 'auditor' })
      .expect(201);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /**
   * A fresh browser context reading Chinese, whose page records script errors, CSP violations and console errors
   * (an answer the test provokes on purpose, a 4xx, is the API's business: the page shows it).
   */
  const open = (viewport = WIDE) =>
    openPage(browser, {
      viewport,
      locale: 'zh-CN',
      initScript: "localStorage.setItem('scorecard.lang', 'zh')",
      ignore: /Failed to load resource: the server responded with a status of 4\d\d/,
      // confirm() dialogs (delete, disable, revoke): accepted.
      acceptDialogs: true,
    });

  const signIn = (page: Page, who: { username: string; password: string }, landing: string) =>
    signInOnPage(page, base, who, landing);

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  /** Every text of the page at least 11 px high, and nothing wider than the screen (a phone must not scroll sideways). */
  async function fitsThePhone(page: Page) {
    // A string, evaluated in the page: this suite is compiled without the DOM's types.
    const small = await page.evaluate(`[...document.querySelectorAll('body *')]
      .filter((n) => [...n.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim()))
      .filter((n) => n.getClientRects().length > 0)
      .map((n) => [n.tagName, n.textContent.trim().slice(0, 20), parseFloat(getComputedStyle(n).fontSize)])
      .filter(([, , size]) => size < 11)`);
    expect(small).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  }

  it('serves both pages and their modules under the strict content security policy', async () => {
    for (const path of ['/app/setup.html', '/app/admin.html', '/app/js/setup.js', '/app/js/admin-audit.js']) {
      const res = await request(server()).get(path).expect(200);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });

  it('HR keeps the configuration in Chinese: an input, a department, a member of staff and their transfer, a rule and why it applies', async () => {
    const { context, page, problems } = await open();
    await signIn(page, TEST_ADMIN, 'office.html');
    await page.goto(`${base}/app/setup.html`);
    await page.waitForSelector('#input-create');
    expect(await page.locator('nav.office-nav a.current').textContent()).toBe('基础数据');
    expect(await page.locator('#tab-inputs').textContent()).toBe('数据项字典');

    // A code the API refuses: its message next to the code field, nothing added.
    await page.fill('#input-create [name="code"]', '1bad');
    await page.fill('#input-create [name="name.zh"]', '夜班次数');
    await page.fill('#input-create [name="unit"]', '次');
    await page.click('#input-create button[type="submit"]');
    await page.waitForSelector('#input-create [data-field="code"] .field-error:not([hidden])');
    expect(await page.locator('#input-create [data-field="code"] .field-error').textContent()).toMatch(
      /code/,
    );
    expect(await page.locator('#input-create-status').getAttribute('class')).toContain('error');

    await page.fill('#input-create [name="code"]', 'night_shifts');
    await page.fill('#input-create [name="name.en"]', 'Night shifts');
    await page.selectOption('#input-create [name="aggregate"]', 'max');
    await page.click('#input-create button[type="submit"]');
    await page.waitForSelector('tr[data-input="night_shifts"]');
    expect(await page.locator('tr[data-input="night_shifts"]').textContent()).toContain('夜班次数');
    const stored = await request(server()).get('/api/v1/inputs/night_shifts').set(asAdmin).expect(200);
    expect(stored.body).toMatchObject({ code: 'night_shifts', unit: '次', aggregate: 'max' });
    expect(stored.body.names ?? stored.body.name).toMatchObject({ zh: '夜班次数', en: 'Night shifts' });
    await shot(page, 'setup-inputs-1366');

    // A department at the Changchun site, under the engineering department.
    await page.click('#tab-organisation');
    await page.waitForSelector('#org-departments');
    await page.click('#org-departments details.add summary');
    await page.fill('#departments-create [name="code"]', 'HVAC-CC');
    await page.fill('#departments-create [name="name.zh"]', '长春院区暖通班组');
    await page.fill('#departments-create [name="name.en"]', 'HVAC Changchun');
    await page.selectOption('#departments-create [name="site"]', 'CC');
    await page.selectOption('#departments-create [name="parent"]', 'ENG-CC');
    await page.click('#departments-create button[type="submit"]');
    await page.waitForSelector('tr[data-departments="HVAC-CC"]');
    expect(await page.locator('tr[data-departments="HVAC-CC"]').textContent()).toContain('长春院区暖通班组');

    // A member of staff in it, then transferred to engineering from 2027-01: two placements.
    await page.click('#tab-staff');
    await page.waitForSelector('#staff-create');
    await page.fill('#staff-create [name="code"]', 'H001');
    await page.fill('#staff-create [name="name"]', '赵暖通');
    await page.fill('#staff-create [name="employeeNo"]', 'EH001');
    await page.selectOption('#staff-create [name="department"]', 'HVAC-CC');
    await page.fill('#staff-create [name="activeFrom"]', '2026-11-01');
    await page.click('#staff-create button[type="submit"]');
    await page.waitForSelector('#staff-transfer');
    expect(await page.locator('tr[data-staff]').count()).toBe(1);
    await page.selectOption('#staff-transfer [name="department"]', 'ENG-CC');
    await page.fill('#staff-transfer [name="effectiveFrom"]', '2027-01');
    await page.click('#staff-transfer button[type="submit"]');
    await page.waitForSelector('#staff-panel tr[data-placement="2027-01"]');
    expect(await page.locator('#staff-panel tr[data-placement]').count()).toBe(2);
    expect(await page.locator('#staff-panel tr[data-placement="start"]').textContent()).toContain('HVAC-CC');
    // The search pages through the API: a name finds them.
    await page.fill('#staff-search', '暖通');
    await page.press('#staff-search', 'Enter');
    await page.waitForSelector('tr[data-staff="H001"]');
    await shot(page, 'setup-staff-1366');

    // A rule for the new department, and why H001 gets that set in December but not after the transfer.
    await page.click('#tab-rules');
    await page.waitForSelector('#rule-create');
    await page.selectOption('#rule-create [name="set"]', 'MAINT');
    await page.selectOption('#rule-create [name="department"]', 'HVAC-CC');
    await page.fill('#rule-create [name="priority"]', '5');
    await page.click('#rule-create button[type="submit"]');
    await page.waitForSelector('#rules-notice.ok');
    const rules = (await request(server()).get('/api/v1/assignment-rules').set(asAdmin).expect(200)).body as {
      id: number;
      department: string | null;
    }[];
    const rule = rules.find((r) => r.department === 'HVAC-CC')!;
    expect(await page.locator(`tr[data-rule="${rule.id}"]`).textContent()).toContain('长春院区暖通班组');
    await page.fill('#resolve [name="staff"]', 'H001');
    await page.fill('#resolve [name="period"]', '2026-12');
    await page.click('#resolve-button');
    await page.waitForSelector('#resolve-set');
    expect(await page.locator('#resolve-set').textContent()).toContain('MAINT');
    expect(await page.locator('#resolve-reason').textContent()).toContain(`规则 #${rule.id} 按`);
    expect(await page.locator(`#resolve-result tr[data-rule="${rule.id}"]`).count()).toBe(1);
    await shot(page, 'setup-rules-1366');

    // The same page on a phone: the rule's answer and the staff list stay legible and within the screen.
    await page.setViewportSize(PHONE);
    await fitsThePhone(page);
    await shot(page, 'setup-rules-390');
    await page.click('#tab-staff');
    await page.waitForSelector('#staff-create');
    await fitsThePhone(page);
    await shot(page, 'setup-staff-390');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('HR adds a workload catalogue version and gives a new month its incentive plan, as forms', async () => {
    const { context, page, problems } = await open();
    await signIn(page, TEST_ADMIN, 'office.html');
    await page.goto(`${base}/app/setup.html#workload`);
    await page.waitForSelector('#workload-editor');
    // The editor starts from the version in force: its tasks, with both names and a value per component.
    const tasks = await page.locator('#workload-editor tr[data-task-row]').count();
    expect(tasks).toBeGreaterThan(0);
    expect(await page.inputValue('#workload-editor [name="task-0-zh"]')).toBe('小修');
    await page.fill('#workload-editor [name="effectiveFrom"]', '2026-12');
    await page.click('#workload-add-task');
    // A task without a code: the API's problem is shown in that row.
    await page.fill(`#workload-editor [name="task-${tasks}-zh"]`, '暖通保养');
    await page.click('#workload-editor button[type="submit"]');
    await page.waitForSelector(`#workload-editor [data-field^="tasks.${tasks}"] .field-error:not([hidden])`);
    await page.fill(`#workload-editor [name="task-${tasks}-code"]`, 'HVAC_SERVICE');
    await page.fill(`#workload-editor [name="task-${tasks}-en"]`, 'HVAC service');
    for (const [c, v] of [
      ['time', '1.2'],
      ['skill', '0.8'],
      ['risk', '0.3'],
    ])
      await page.fill(`#workload-editor [name="task-${tasks}-rvu-${c}"]`, v);
    await page.click('#workload-editor button[type="submit"]');
    await page.waitForSelector('#workload-notice.ok');
    const catalogue = (
      await request(server()).get('/api/v1/workload/effective?period=2026-12').set(asAdmin).expect(200)
    ).body as {
      effectiveFrom: string;
      tasks: { code: string; name: unknown; names?: unknown; rvu: unknown }[];
    };
    expect(catalogue.effectiveFrom).toBe('2026-12');
    const task = catalogue.tasks.find((x) => x.code === 'HVAC_SERVICE')!;
    expect(task.rvu).toEqual({ time: 1.2, skill: 0.8, risk: 0.3 });
    expect(task.names ?? task.name).toEqual({ zh: '暖通保养', en: 'HVAC service' });
    await shot(page, 'setup-workload-1366');

    // A new month, opened with October's plan (the default), then that plan changed as a form, no JSON.
    await page.click('#tab-periods');
    await page.waitForSelector('#period-open');
    expect(await page.isChecked('#period-open [name="copyPlan"]')).toBe(true);
    await page.fill('#period-open [name="period"]', '2026-11');
    await page.click('#period-open-button');
    await page.waitForSelector('tr[data-period="2026-11"].selected');
    const october = (await request(server()).get('/api/v1/periods/2026-10').set(asAdmin).expect(200)).body;
    const opened = (await request(server()).get('/api/v1/periods/2026-11').set(asAdmin).expect(200)).body;
    expect(opened).toMatchObject({ planVersion: 1, incentive: october.incentive });
    expect(await page.isChecked('#plan-editor input[name="mode"][value="pools"]')).toBe(true);
    const pools = october.incentive.pools.length as number;
    expect(await page.locator('#plan-editor tr[data-pool]').count()).toBe(pools);
    expect(await page.inputValue('#plan-editor tr[data-pool="0"] input')).toBe('22000.00');
    // The second pool given as a formula instead, and a cap that is not money: the API's problem next to the cap.
    const second = october.incentive.pools[1].department as string;
    await page.selectOption('#plan-editor tr[data-pool="1"] select >> nth=1', 'formula');
    await page.fill('#plan-editor tr[data-pool="1"] input', 'headcount * 800');
    await page.fill('#plan-editor tr[data-pool="0"] input', '23000.00');
    await page.fill('#plan-editor [name="incentive.maxPerPerson"]', 'lots');
    await page.click('#plan-save');
    await page.waitForSelector(
      '#plan-editor [data-field="incentive.maxPerPerson"] .field-error:not([hidden])',
    );
    await page.fill('#plan-editor [name="incentive.maxPerPerson"]', '12500.00');
    await page.click('#plan-save');
    await page.waitForSelector('#periods-notice.ok');
    const month = (await request(server()).get('/api/v1/periods/2026-11').set(asAdmin).expect(200)).body;
    expect(month.planVersion).toBe(2);
    expect(month.incentive).toMatchObject({ weight: october.incentive.weight, maxPerPerson: '12500.00' });
    expect(month.incentive.pools).toHaveLength(pools);
    expect(month.incentive.pools[0]).toEqual({ department: 'ENG-CC', amount: '23000.00' });
    expect(month.incentive.pools[1]).toEqual({ department: second, formula: 'headcount * 800' });
    await page.waitForSelector('#plan table');
    await shot(page, 'setup-plan-1366');
    await page.setViewportSize(PHONE);
    await fitsThePhone(page);
    await shot(page, 'setup-plan-390');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('HR administers users and API keys in Chinese and reads a change in the audit log', async () => {
    const { context, page, problems } = await open();
    await signIn(page, TEST_ADMIN, 'office.html');
    await page.goto(`${base}/app/admin.html`);
    await page.waitForSelector('#user-create');
    expect(await page.locator('#tab-users').textContent()).toBe('用户与角色');

    // A staff user linked to a staff record of the library month.
    await page.fill('#user-create [name="username"]', 'wang.li');
    await page.fill('#user-create [name="password"]', 'a-long-and-unusual-passphrase');
    await page.selectOption('#user-create [name="role"]', 'staff');
    await page.fill('#user-create [name="staffId"]', 'E101');
    await page.click('#user-create button[type="submit"]');
    await page.waitForSelector('tr[data-user="wang.li"]');
    expect(await page.locator('tr[data-user="wang.li"]').textContent()).toContain('E101');
    // Linked to another staff record afterwards.
    await page.click('tr[data-user="wang.li"] [data-action="links"]');
    await page.fill('#user-links [name="staffId"]', 'E102');
    await page.click('#user-links button[type="submit"]');
    await page.waitForSelector('tr[data-user="wang.li"] >> text=E102');

    // Disabling the last hr_admin: the API's refusal is shown on the row.
    await page.click(`tr[data-user="${TEST_ADMIN.username}"] [data-action="disable"]`);
    await page.waitForSelector(`tr[data-user="${TEST_ADMIN.username}"] .row-actions .message.error`);
    expect(
      await page.locator(`tr[data-user="${TEST_ADMIN.username}"] .row-actions .message`).textContent(),
    ).toMatch(/last enabled hr_admin/);
    // Disabling wang.li.
    await page.click('tr[data-user="wang.li"] [data-action="disable"]');
    await page.waitForSelector('tr[data-user="wang.li"].disabled');
    expect(await page.locator('tr[data-user="wang.li"]').textContent()).toContain('已停用');
    await shot(page, 'admin-users-1366');

    // An API key: its secret shown once, with a copy button; gone after "done" and on a reload.
    await page.click('#tab-keys');
    await page.waitForSelector('#key-create');
    await page.fill('#key-create [name="name"]', '薪酬系统');
    await page.check('#key-create input[value="payroll:read"]');
    await page.click('#key-create button[type="submit"]');
    await page.waitForSelector('#key-value');
    const key = await page.inputValue('#key-value');
    expect(key.length).toBeGreaterThan(20);
    expect(await page.locator('#key-value-copy').count()).toBe(1);
    const listed = await page.locator('tr[data-key]').textContent();
    expect(listed).toContain('薪酬系统');
    expect(listed).not.toContain(key);
    await shot(page, 'admin-keys-1366');
    await page.click('#key-done');
    expect(await page.locator('#key-value').count()).toBe(0);
    await page.reload();
    await page.waitForSelector('tr[data-key]');
    expect(await page.locator('body').textContent()).not.toContain(key);
    // The key works (it was the real one).
    const payroll = await request(server()).get('/api/v1/periods/2026-10/payroll').set('X-API-Key', key);
    expect([401, 403]).not.toContain(payroll.status);

    // The audit log: filtered by action, then one change's before and after side by side.
    await page.click('#tab-audit');
    await page.waitForSelector('#audit-filters');
    await page.fill('#audit-action', 'user.disable');
    await page.click('#audit-apply');
    await page.waitForSelector('tr[data-entry]');
    expect(await page.locator('tr[data-entry]').count()).toBe(1);
    expect(await page.locator('tr[data-entry]').textContent()).toContain('wang.li');
    await page.fill('#audit-action', '');
    await page.selectOption('#audit-entity', 'user');
    await page.fill('#audit-from', '2026-01-01');
    await page.click('#audit-apply');
    await page.waitForSelector('tr[data-entry] >> text=user.update');
    for (const row of await page.locator('tr[data-entry]').allTextContents()) expect(row).toContain('user');
    // The link changed above: before and after side by side, the staff record highlighted as changed.
    await page.click('tr[data-entry]:has-text("user.update") [data-open]');
    await page.waitForSelector('#audit-diff tr[data-kind="changed"]');
    expect(await page.locator('#audit-diff tr[data-kind="changed"]').allTextContents()).toEqual([
      expect.stringMatching(/staffId.*E101.*E102/),
    ]);
    await shot(page, 'admin-audit-1366');

    await page.setViewportSize(PHONE);
    await fitsThePhone(page);
    await shot(page, 'admin-audit-390');
    await page.click('#tab-users');
    await page.waitForSelector('tr[data-user]');
    await fitsThePhone(page);
    await shot(page, 'admin-users-390');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a changed field of an update highlighted side by side', async () => {
    await request(server())
      .patch('/api/v1/sites/CC')
      .set(asAdmin)
      .send({ name: '长春院区（南湖）' })
      .expect(200);
    const { context, page, problems } = await open();
    await signIn(page, TEST_ADMIN, 'office.html');
    await page.goto(`${base}/app/admin.html#audit`);
    await page.waitForSelector('#audit-filters');
    await page.fill('#audit-action', 'site.update');
    await page.click('#audit-apply');
    await page.waitForSelector('tr[data-entry] [data-open]');
    await page.click('tr[data-entry] [data-open]');
    await page.waitForSelector('#audit-diff tr[data-kind="changed"]');
    const changed = await page.locator('#audit-diff tr[data-kind="changed"]').allTextContents();
    expect(changed.join(' ')).toContain('长春院区（南湖）');
    await page.check('#audit-only-changes');
    expect(await page.locator('#audit-diff tr[data-kind="same"]').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an auditor reads both pages without any write form', async () => {
    const { context, page, problems } = await open(PHONE);
    await signIn(page, AUDITOR, 'office.html');
    await page.goto(`${base}/app/setup.html#staff`);
    await page.waitForSelector('#read-only');
    await page.waitForSelector('tr[data-staff]');
    expect(await page.locator('form#staff-create, #staff-create').count()).toBe(0);
    await page.click('tr[data-staff] button >> nth=0');
    await page.waitForSelector('#staff-panel tr[data-placement]');
    expect(await page.locator('#staff-transfer').count()).toBe(0);
    // The language switch redraws the tab in English, keeping the open record.
    await page.selectOption('#lang', 'en');
    await page.waitForSelector('#tab-staff:has-text("Staff")');
    await page.waitForSelector('#staff-panel :text("Placements over time")');
    await page.selectOption('#lang', 'zh');
    await page.waitForSelector('#tab-staff:has-text("人员")');
    await page.goto(`${base}/app/admin.html`);
    await page.waitForSelector('tr[data-user]');
    expect(await page.locator('#user-create').count()).toBe(0);
    expect(await page.locator('[data-action]').count()).toBe(0);
    await shot(page, 'admin-auditor-390');
    expect(problems).toEqual([]);
    await context.close();
  });
});

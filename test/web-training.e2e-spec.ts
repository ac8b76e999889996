// Training assignments in headless Chromium, in Chinese: the manager opens a person on department.html, adds a
// training (课程、计划学时、截止日期) to their month's one plan (its training indicator an item) and marks it done
// with the hours and the day; the hours land in the training intake of the month they were done in; the person
// sees it under the plan and in 我的培训 on me.html; HR reads the year on training.html (linked from the office's
// row of pages), each training with its plan's indicators. Without Chromium it says so in one line and does not
// run.
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { trainingMonth } from './factories/month';
import { TEST_ADMIN } from './support/app';
import {
  CSP_REFUSAL,
  hasChromium,
  launchChromium,
  openPage,
  screenshots,
  servedApp,
  signInOnPage,
  WIDE,
} from './support/browser';
import { waitForRun } from './support/runs';

const MANAGER = { username: 'manager.training', password: 'manager.training-password' };
const STAFF = { username: 'staff.training', password: 'staff.training-password' };
const PERSON = 'E101';
const COURSE = '有限空间作业安全';

(hasChromium('training pages in Chromium') ? describe : describe.skip)('training pages in Chromium', () => {
  let app: NestExpressApplication;
  let browser: Browser;
  let base: string;
  let asAdmin: Record<string, string>;
  const server = () => app.getHttpServer();

  beforeAll(async () => {
    ({ app, base, asAdmin } = await servedApp());
    await request(server())
      .post('/api/v1/documents')
      .set(asAdmin)
      .send(trainingMonth('2026-10', true))
      .expect(200);
    const run = await request(server()).post('/api/v1/periods/2026-10/runs').set(asAdmin).expect(202);
    expect((await waitForRun(server(), run.body.runId as string, 60000, asAdmin)).status).toBe('completed');
    await request(server())
      .post('/api/v1/documents')
      .set(asAdmin)
      .send(trainingMonth('2026-11', false))
      .expect(200);
    // The person's plan of the month holds their training indicator (the run's item, or HR's).
    const url = `/api/v1/periods/2026-10/staff/${PERSON}/plans`;
    const plans = (await request(server()).get(url).set(asAdmin).expect(200)).body as {
      items: { indicator: string }[];
    }[];
    expect(plans.length).toBeLessThanOrEqual(1);
    if (!plans[0]?.items.some((i) => i.indicator === 'TRAINING'))
      await request(server()).post(url).set(asAdmin).send({ indicator: 'TRAINING' }).expect(201);
    await request(server())
      .post('/api/v1/users')
      .set(asAdmin)
      .send({ ...MANAGER, role: 'dept_manager', departments: ['ENG-CC'] })
      .expect(201);
    await request(server())
      .post('/api/v1/users')
      .set(asAdmin)
      .send({ ...STAFF, role: 'staff', staffId: PERSON })
      .expect(201);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A fresh context in Chinese whose page fails the test on a script error. */
  const open = () => openPage(browser, { viewport: WIDE, locale: 'zh-CN', only: CSP_REFUSAL });

  it('the manager assigns a training and marks it done; the person and HR see it', async () => {
    const manager = await open();
    await signInOnPage(manager.page, base, MANAGER, 'department.html');
    await manager.page.click(`tr[data-staff="${PERSON}"] button`);
    // The month's one plan, its training indicator an item.
    const plan = manager.page.locator('#plans .plan[data-period="2026-10"]');
    await plan.waitFor();
    expect(await manager.page.locator('#plans .plan[data-period="2026-10"]').count()).toBe(1);
    expect(await plan.locator('tr[data-item][data-indicator="TRAINING"]').count()).toBe(1);
    const form = plan.locator('form.add-action');
    // The kind switch shows the course and hours in place of the task's text.
    expect(await form.locator('input[name="course"]').isHidden()).toBe(true);
    await form.locator('select[name="kind"]').selectOption('training');
    expect(await form.locator('input[name="what"]').isHidden()).toBe(true);
    expect(await form.locator('select[name="kind"] option[value="training"]').textContent()).toBe('培训');
    await form.locator('input[name="course"]').fill(COURSE);
    await form.locator('input[name="plannedHours"]').fill('4');
    await form.locator('input[name="dueDate"]').fill('2026-11-30');
    await form.locator('button[type="submit"]').click();
    const row = manager.page.locator(`#plans tr[data-action]:has-text("${COURSE}")`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('open');
    expect(await row.textContent()).toContain('4 学时');

    // Done: the hours and the day; the notice says they reached 2026-11's data.
    await row.locator('form[data-training-done] input[name="doneHours"]').fill('3.5');
    await row.locator('form[data-training-done] input[name="doneOn"]').fill('2026-11-10');
    await row.locator('form[data-training-done] button[type="submit"]').click();
    await manager.page.waitForSelector(`#plans tr[data-action][data-status="done"]:has-text("${COURSE}")`);
    expect(await manager.page.locator('#staff-status').textContent()).toContain('已计入 2026-11');
    expect(
      await manager.page
        .locator(`#plans tr[data-action][data-status="done"]:has-text("${COURSE}")`)
        .textContent(),
    ).toContain('3.5 学时 · 2026-11-10');
    const batches = await request(server()).get('/api/v1/periods/2026-11/batches').set(asAdmin).expect(200);
    expect(batches.body.filter((b: { source: string }) => b.source === 'training')).toHaveLength(1);
    await screenshots(manager.page, 'web-training-manager');
    expect(manager.problems).toEqual([]);

    // The person: under the plan, and the year's 我的培训 with its totals.
    const staff = await open();
    await signInOnPage(staff.page, base, STAFF, 'me.html');
    await staff.page.waitForSelector('#my-training tr[data-training]');
    const mine = staff.page.locator('#my-training');
    expect(await mine.locator('h2').textContent()).toBe('我的培训');
    expect(await mine.textContent()).toContain(COURSE);
    expect(await mine.locator('#training-totals').textContent()).toContain('已完成 1');
    expect(await staff.page.locator('#loop .plan tr[data-item][data-indicator="TRAINING"]').count()).toBe(1);
    expect(
      await staff.page.locator(`#loop .plan tr[data-action]:has-text("${COURSE}")`).textContent(),
    ).toContain('3.5 学时');
    expect(staff.problems).toEqual([]);

    // HR: the year on training.html, current in the office's row of pages.
    const hr = await open();
    await signInOnPage(hr.page, base, TEST_ADMIN, 'office.html');
    await hr.page.goto(`${base}/app/training.html?year=2026`);
    await hr.page.waitForSelector('#training-totals');
    expect(await hr.page.locator('nav.office-nav a.current').getAttribute('href')).toBe('training.html');
    const person = hr.page.locator(`.training-person[data-staff="${PERSON}"]`);
    expect(await person.textContent()).toContain(COURSE);
    // A training belongs to the month's plan: its row names the plan's indicators.
    const cell = person.locator('tr[data-training] td[data-label="计划指标"]');
    expect(await cell.locator('div').allTextContents()).toContain('TRAINING');
    expect(await hr.page.locator('#training-totals').textContent()).toContain('已完成 1');
    await screenshots(hr.page, 'web-training-hr');
    expect(hr.problems).toEqual([]);
  });
});

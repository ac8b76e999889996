// The appraisal periods' page end to end in headless Chromium: the API in-process on a random port with the three
// months of test/factories/quarter.ts imported and scored. HR opens 年度 / 季度考核 from the office's row of links on
// the quarter 2026-Q3 (no plan yet: the months' statuses), writes a plan in the JSON editor — first one whose cap
// names a grade the scale lacks (the engine's problem listed at its path, in Chinese), then the quarter's plan with
// a manager's assessment worth 30 % — pastes the assessments as CSV (a bad batch first: every row's problem listed,
// nothing stored), overrides one person's grade with a reason, scores the period (the run followed to its end) and
// reads the results: totals, grades, the override's badge, each explanation in Chinese; in English the same
// results explained in English, approval (confirmed); back in Chinese the close. A member of staff then finds the
// quarter on me.html, on a 390 px phone, in Chinese and English; an auditor reads the page without forms or
// buttons. The page at 390 px and me.html have nothing wider than the screen; no script error, console error or
// CSP violation may appear. Without Chromium it says so and does not run.
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { JOINER, LEAVER, QUARTER, QUARTER_MONTHS, quarterMonth, quarterPlan } from './factories/quarter';
import { TEST_ADMIN } from './support/app';
import {
  hasChromium,
  launchChromium,
  openPage,
  PHONE,
  phoneLayout,
  screenshots,
  servedApp,
  signInOnPage,
  textOf,
  WIDE,
} from './support/browser';
import { waitForRun } from './support/runs';

const STAFF = { username: 'staff.e101', password: 'staff.e101-password' };
const AUDITOR = { username: 'auditor.ap', password: 'auditor.ap-password' };
const INPUT = 'mgr_assessment';

/** The quarter's plan with a manager's assessment worth 30 % (as test/appraisal-inputs.e2e-spec.ts). */
function plan() {
  const p = quarterPlan();
  return {
    ...p,
    appraisal: { ...p.appraisal, assessments: [{ input: INPUT, weight: 30 }] },
    inputs: [
      { code: INPUT, name: { zh: '主管评价', en: "Manager's assessment" }, unit: '分', level: 'staff' },
    ],
  };
}

(hasChromium('the appraisal periods page in Chromium') ? describe : describe.skip)(
  'the appraisal periods page in Chromium',
  () => {
    let app: NestExpressApplication;
    let browser: Browser;
    let base: string;
    let asAdmin: Record<string, string>;
    const server = () => app.getHttpServer();

    beforeAll(async () => {
      ({ app, base, asAdmin } = await servedApp());
      for (const k of [0, 1, 2] as const) {
        await request(server()).post('/api/v1/documents').set(asAdmin).send(quarterMonth(k)).expect(200);
        if (k === 1)
          await request(server())
            .patch(`/api/v1/staff/${LEAVER.code}`)
            .set(asAdmin)
            .send({ activeTo: LEAVER.activeTo });
        if (k === 2)
          await request(server())
            .patch(`/api/v1/staff/${JOINER.code}`)
            .set(asAdmin)
            .send({ activeFrom: JOINER.activeFrom });
        const run = await request(server())
          .post(`/api/v1/periods/${QUARTER_MONTHS[k]}/runs`)
          .set(asAdmin)
          .expect(202);
        expect((await waitForRun(server(), run.body.runId as string, 60000, asAdmin)).status).toBe(
          'completed',
        );
      }
      // A name to show beside the code (the library month's staff have none).
      await request(server()).patch('/api/v1/staff/E101').set(asAdmin).send({ name: '张伟' }).expect(200);
      for (const [who, body] of [
        [STAFF, { role: 'staff', staffId: 'E101' }],
        [AUDITOR, { role: 'auditor' }],
      ] as const)
        await request(server())
          .post('/api/v1/users')
          .set(asAdmin)
          .send({ ...who, ...body })
          .expect(201);
      browser = await launchChromium();
    }, 240000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    /** A fresh context whose page records script errors, CSP violations and console errors. */
    const open = (viewport = WIDE, locale = 'zh-CN') =>
      openPage(browser, { viewport, locale, acceptDialogs: true });

    it('HR writes the plan, the inputs and an override, runs, reads, approves and closes the quarter', async () => {
      const hr = await open();
      await signInOnPage(hr.page, base, TEST_ADMIN, 'office.html');
      await hr.page.selectOption('#lang', 'zh');
      await hr.page.click('nav.office-nav a[href="appraisal-periods.html"]');
      await hr.page.waitForURL('**/app/appraisal-periods.html');
      expect(await textOf(hr.page, 'nav.office-nav a.current')).toBe('年度/季度考核');
      // The current year by default, its quarters one click away.
      await hr.page.waitForSelector(`#ap-quick button[data-period="${new Date().getFullYear()}"].active`);
      await hr.page.fill('#ap-period', QUARTER);
      await hr.page.click('#ap-open');
      await hr.page.waitForURL(`**/app/appraisal-periods.html?period=${QUARTER}`);
      await hr.page.waitForSelector('#ap-no-plan');
      expect(await textOf(hr.page, '#ap-status-badge')).toBe('未核算');
      expect(await hr.page.locator('#ap-months tr[data-month]').count()).toBe(3);
      expect(await textOf(hr.page, '#ap-months tr[data-month="2026-09"]')).toContain('已评分');
      expect(await hr.page.isDisabled('#ap-run')).toBe(true);
      expect(await hr.page.isDisabled('#ap-approve')).toBe(true);

      // A cap to a grade the scale lacks: the engine's problem at its path, in Chinese; nothing stored.
      const bad = plan();
      bad.appraisal.caps = [{ vetoes: 1, to: '差' }];
      await hr.page.fill('#ap-plan-json', JSON.stringify(bad, null, 2));
      await hr.page.click('#ap-plan-save');
      await hr.page.waitForSelector('#ap-plan-problems');
      expect(await textOf(hr.page, '#ap-notice')).toMatch(/^方案未保存：共 \d+ 个问题/);
      expect(await textOf(hr.page, '#ap-plan-problems')).toContain('appraisal.caps[0]');
      // Not JSON at all: said on the page.
      await hr.page.fill('#ap-plan-json', '{ "appraisal": ');
      await hr.page.click('#ap-plan-save');
      await hr.page.locator('#ap-notice', { hasText: '方案不是有效的 JSON' }).waitFor();
      // The quarter's plan: version 1, shown in words; the months as the document reads them.
      await hr.page.fill('#ap-plan-json', JSON.stringify(plan(), null, 2));
      await hr.page.click('#ap-plan-save');
      await hr.page.waitForSelector('#ap-plan-readable');
      expect(await textOf(hr.page, '#ap-notice')).toBe('已保存：方案第 1 版。');
      const readable = await textOf(hr.page, '#ap-plan-readable');
      expect(readable).toContain('优秀：总分 ≥ 90，系数 1.5');
      expect(readable).toContain('1 个月被一票否决 → 最高 不合格');
      expect(readable).toContain('主管评价 (mgr_assessment)：占总分 30%');
      expect(readable).toContain('ENG-CC 奖金池：30,000.00');
      expect(await textOf(hr.page, '#ap-months tr[data-month="2026-07"]')).toMatch(/已计入（\d+ 人）/);

      // A bad batch of inputs: every row's problem listed, nothing stored.
      await hr.page.fill('#ap-csv', `staff,input,value\nZ999,${INPUT},88\nE101,${INPUT},120`);
      await hr.page.click('#ap-csv-save');
      await hr.page.waitForSelector('#ap-csv-problems');
      expect(await hr.page.locator('#ap-csv-problems tbody tr').count()).toBe(2);
      expect(await textOf(hr.page, '#ap-notice')).toBe('未保存任何数据：共 2 行有问题，见下表。');
      expect(await textOf(hr.page, '#ap-csv-problems tbody tr:nth-child(2)')).toContain('120');
      expect(await hr.page.locator('#ap-no-inputs').count()).toBe(1);
      await hr.page.fill('#ap-csv', `staff,input,value\nE101,${INPUT},96\nE201,${INPUT},70`);
      await hr.page.click('#ap-csv-save');
      await hr.page.waitForSelector('#ap-inputs tr[data-staff="E101"]');
      expect(await textOf(hr.page, '#ap-notice')).toBe('已保存：写入 2 项，删除 0 项。');

      // An override of S101's grade, with a reason.
      await hr.page.fill('#ap-override-staff', 'S101');
      await hr.page.selectOption('#ap-override-grade', '优秀');
      await hr.page.fill('#ap-override-reason', '年度重大保障任务');
      await hr.page.click('#ap-override-save');
      await hr.page.waitForSelector('#ap-overrides tr[data-staff="S101"]');
      expect(await textOf(hr.page, '#ap-notice')).toBe('已将 S101 的等级调整为 优秀，需重新核算。');

      // The run, followed to its end; the results with their explanations in Chinese.
      await hr.page.click('#ap-run');
      await hr.page.locator('#ap-notice', { hasText: '核算完成' }).waitFor({ timeout: 60000 });
      await hr.page.waitForSelector('#ap-results tr[data-staff="E101"]');
      expect(await textOf(hr.page, '#ap-status-badge')).toBe('已核算');
      const e101 = hr.page.locator('#ap-results tr[data-staff="E101"]');
      await e101.locator('details.ap-why summary').click();
      const why = await textOf(hr.page, '#ap-results tr[data-staff="E101"] details.ap-why');
      expect(why).toContain('按出勤天数加权的');
      expect(why).toContain('加入考评：70% ×');
      expect(why).toContain('96 (mgr_assessment)');
      expect(why).toMatch(/奖金池/);
      const s101 = await textOf(hr.page, '#ap-results tr[data-staff="S101"]');
      expect(s101).toContain('优秀');
      expect(s101).toContain('人工调整');
      // A vetoed month caps E201's quarter (一票否决).
      expect(await textOf(hr.page, '#ap-results tr[data-staff="E201"]')).toContain('封顶');
      // Names come with the people.
      expect(await textOf(hr.page, '#ap-results tr[data-staff="E101"] td:nth-child(2)')).toBe('张伟');
      await hr.page.fill('#ap-search', '张伟');
      await hr.page.press('#ap-search', 'Enter');
      await hr.page.locator('#ap-shown', { hasText: '已显示 1 人' }).waitFor();
      await hr.page.fill('#ap-search', '');
      await hr.page.press('#ap-search', 'Enter');
      await hr.page.selectOption('#ap-department', 'ENG-CC');
      const codes: (string | null)[] = [];
      const trs = hr.page.locator('#ap-results tr[data-staff]');
      for (let i = 0; i < (await trs.count()); i++) codes.push(await trs.nth(i).getAttribute('data-staff'));
      expect(codes).toContain('E101');
      expect(codes).not.toContain('S101');
      await hr.page.selectOption('#ap-department', '');
      expect(await hr.page.isDisabled('#ap-close')).toBe(true);
      await screenshots(hr.page, 'appraisal-periods-zh');

      // In English: the same results explained in English; approval.
      await hr.page.selectOption('#lang', 'en');
      await hr.page.locator('nav.office-nav a.current', { hasText: 'Year / quarter' }).waitFor();
      await hr.page
        .locator('#ap-results tr[data-staff="E101"] details.ap-why', { hasText: 'day-weighted mean' })
        .waitFor();
      expect(await textOf(hr.page, '#ap-results tr[data-staff="E101"] details.ap-why')).toContain(
        'with assessments: 70% ×',
      );
      expect(await textOf(hr.page, '#ap-results tr[data-staff="S101"]')).toContain('override');
      await hr.page.click('#ap-approve');
      await hr.page.locator('#ap-notice', { hasText: `${QUARTER} approved.` }).waitFor();
      expect(await textOf(hr.page, '#ap-status-badge')).toBe('approved');
      expect(await hr.page.isDisabled('#ap-run')).toBe(true);
      expect(await hr.page.isDisabled('#ap-approve')).toBe(true);
      expect(await hr.page.locator('#ap-csv, #ap-override-form').count()).toBe(0);
      await screenshots(hr.page, 'appraisal-periods-en');

      // Back in Chinese: the close.
      await hr.page.selectOption('#lang', 'zh');
      await hr.page.click('#ap-close');
      await hr.page.locator('#ap-notice', { hasText: `${QUARTER} 已关闭。` }).waitFor();
      expect(await textOf(hr.page, '#ap-status-badge')).toBe('已关闭');
      expect(await textOf(hr.page, '#ap-state-line')).toMatch(/审批.*关闭/);
      expect(await hr.page.isDisabled('#ap-close')).toBe(true);
      // The browser logs the refusals it was meant to get: the year without a plan (404), the bad plan and the bad
      // batch (400).
      const expected = /status of (404|400).*\/api\/v1\/appraisals\/\d{4}(-Q3)?\/(plan|inputs)$/;
      expect(hr.problems.filter((p) => !expected.test(p))).toEqual([]);
      await hr.context.close();
    }, 120000);

    it('shows a member of staff their quarter on me.html on a phone, in Chinese and English', async () => {
      const me = await open(PHONE);
      await signInOnPage(me.page, base, STAFF, 'me.html');
      await me.page.selectOption('#lang', 'zh');
      await me.page.locator('#my-appraisals-card h3', { hasText: '2026 年第 3 季度' }).waitFor();
      expect(await textOf(me.page, '#my-appraisals-card h2')).toBe('年度 / 季度考核');
      expect(await me.page.locator('#my-appraisals-card .my-appraisal').count()).toBe(1);
      const card = me.page.locator(`#my-appraisals-card .my-appraisal[data-period="${QUARTER}"]`);
      expect(await card.textContent()).toContain('已关闭');
      // The bonus with its currency, as on the person's months.
      expect(await card.textContent()).toMatch(/¥\d[\d,]*\.\d{2}/);
      await card.locator('details summary').click();
      expect(await textOf(me.page, '#my-appraisals-card details')).toContain('按出勤天数加权的');
      expect((await phoneLayout(me.page)).wide).toEqual([]);
      await screenshots(me.page, 'appraisal-me-zh');
      await me.page.setViewportSize(PHONE);
      await me.page.selectOption('#lang', 'en');
      await me.page.locator('#my-appraisals-card h3', { hasText: 'Q3 2026' }).waitFor();
      await me.page
        .locator('#my-appraisals-card details', { hasText: 'day-weighted mean' })
        .waitFor({ state: 'attached' });
      expect((await phoneLayout(me.page)).wide).toEqual([]);
      expect(me.problems).toEqual([]);
      await me.context.close();
    });

    it('lets an auditor read the period without forms or buttons', async () => {
      const a = await open();
      await signInOnPage(a.page, base, AUDITOR, 'office.html');
      await a.page.goto(`${base}/app/appraisal-periods.html?period=${QUARTER}`);
      await a.page.selectOption('#lang', 'zh');
      await a.page.waitForSelector('#ap-results tr[data-staff="E101"]');
      for (const absent of [
        '#ap-run',
        '#ap-approve',
        '#ap-close',
        '#ap-plan-json',
        '#ap-csv',
        '#ap-override-form',
      ])
        expect(await a.page.locator(absent).count()).toBe(0);
      expect(await textOf(a.page, '#ap-plan-readable')).toContain('优秀');
      expect(a.problems).toEqual([]);
      await a.context.close();
    });
  },
);

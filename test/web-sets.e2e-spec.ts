// The indicator-set editor (sets.html) end to end in headless Chromium, in Chinese: the library month imported and
// scored, HR opens the library's MAINT set, makes a new version — a wrong formula shows its problem under the field
// before anything is saved, the input dictionary fixes it, a weight change moves the sum-to-100 meter, the AHP
// helper's weights are applied to the dimensions, grade quotas are added (a bad cap refused at its rule), the
// what-if preview against the scored month lists the movers and the before/after histogram — saves it, and the diff
// of the two versions shows the change. An auditor reads the same page without the editor. Screenshots at 1366 and 390 px go to test/artifacts/sets-*.png; no script error and
// no Content Security Policy violation is allowed. Without Chromium it says so in one line and does not run.
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { libraryMonth } from './factories/month';
import { TEST_ADMIN } from './support/app';
import {
  ARTIFACTS,
  CSP_REFUSAL,
  hasChromium,
  launchChromium,
  openPage,
  PHONE,
  phoneLayout,
  servedApp,
  signInOnPage,
  WIDE,
} from './support/browser';
import { waitForRun } from './support/runs';

const AUDITOR = { username: 'auditor.sets', password: 'auditor.sets-password' };
const NARROW = { width: 360, height: 780 };
const SET = 'MAINT';

(hasChromium('the sets page in Chromium') ? describe : describe.skip)(
  'the indicator-set editor in Chromium',
  () => {
    let app: NestExpressApplication;
    let browser: Browser;
    let base: string;
    const period = libraryMonth().period;
    const server = () => app.getHttpServer();

    beforeAll(async () => {
      const served = await servedApp();
      ({ app, base } = served);
      const { asAdmin } = served;
      await request(server()).post('/api/v1/documents').set(asAdmin).send(libraryMonth()).expect(200);
      const run = await request(server()).post(`/api/v1/periods/${period}/runs`).set(asAdmin).expect(202);
      const done = await waitForRun(server(), run.body.runId as string, 60000, asAdmin);
      expect([done.status, done.error]).toEqual(['completed', null]);
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

    /** A fresh context reading Chinese, whose page records script errors and CSP violations. */
    const open = (viewport = WIDE) =>
      openPage(browser, {
        viewport,
        locale: 'zh-CN',
        initScript: "localStorage.setItem('scorecard.lang', 'zh')",
        only: CSP_REFUSAL,
      });

    async function signIn(page: Page, who: { username: string; password: string }) {
      await signInOnPage(page, base, who, 'office.html');
      // The office pages' links lead to the sets page.
      await page.click('nav.office-nav a[href="sets.html"]');
      await page.waitForURL('**/app/sets.html');
    }

    async function shots(page: Page, name: string) {
      for (const [size, viewport] of [
        ['1366', WIDE],
        ['390', PHONE],
        ['360', NARROW],
      ] as const) {
        await page.setViewportSize(viewport);
        await page.waitForTimeout(300);
        if (size !== '360')
          await page.screenshot({ path: join(ARTIFACTS, `sets-${name}-${size}.png`), fullPage: true });
        if (size === '1366') continue;
        const layout = await phoneLayout(page, 'svg.curve, svg.histogram');
        if (layout.smallest !== null) expect(layout.smallest).toBeGreaterThanOrEqual(11);
        expect(layout.wide).toEqual([]);
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          viewport.width,
        );
      }
      await page.setViewportSize(WIDE);
    }

    const indicator = (page: Page, code: string) => page.locator(`details[data-indicator="${code}"]`);
    const status = (page: Page, state: string) =>
      page.waitForSelector(`#check-status[data-state="${state}"]`);

    it('HR makes a new version: problems as they type, the meter, AHP weights, what-if, save, diff', async () => {
      const { context, page, problems } = await open();
      await signIn(page, TEST_ADMIN);
      expect(await page.locator('nav.office-nav a.current').textContent()).toBe('指标体系');
      await page.click(`button[data-set="${SET}"][data-version="1"]`);
      await page.waitForSelector('#version');
      expect(await page.locator('#version h2').textContent()).toContain('生效月份');
      expect(await page.locator('#version tr[data-indicator-row]').count()).toBe(
        libraryMonth().indicatorSets.find((s) => s.code === SET)!.indicators.length,
      );
      await page.click('#new-version');
      await page.waitForSelector('#editor');
      expect(await page.locator('#effective-from').inputValue()).toBe('2026-11');
      await status(page, 'ok');
      expect(await page.locator('#check-status').textContent()).toContain('保存后生成版本 2');
      // Every indicator has a picture of its scoring curve.
      expect(await page.locator('#editor .curve').count()).toBe(
        await page.locator('details.indicator').count(),
      );

      // A wrong formula: the problem shows under the field before anything is saved.
      const eff = indicator(page, 'EFFECTIVE_HOURS');
      await eff.locator('summary').first().click();
      await eff.locator('input.formula').fill('effective_hours / standard_hourz * 100');
      await status(page, 'problems');
      const formulaProblems = eff.locator('[data-path="indicators[0].formula"] .problems li');
      await formulaProblems.first().waitFor();
      expect(await formulaProblems.allTextContents()).toEqual([expect.stringContaining('standard_hourz')]);
      // In the reader's language, from the problem's code and params (js/i18n/errors.js).
      expect(await formulaProblems.allTextContents()).toEqual([
        '公式使用了“standard_hourz”，它不是已定义的数据项',
      ]);
      await shots(page, 'formula-problem');

      // Fixed from the input dictionary: the code goes in at the cursor.
      await eff.locator('input.formula').fill('effective_hours / ');
      await eff.locator('details.dictionary summary').click();
      await eff.locator('details.dictionary input[type="search"]').fill('standard');
      await eff.locator('button[data-input="standard_hours"]').click();
      await eff.locator('input.formula').press('End');
      await eff.locator('input.formula').type(' * 100');
      expect(await eff.locator('input.formula').inputValue()).toBe('effective_hours / standard_hours * 100');
      await status(page, 'ok');
      expect(await formulaProblems.count()).toBe(0);
      // A Chinese name beside the English one.
      await eff.locator('input[data-name="zh"]').fill('有效工时利用率');

      // A weight off: the meter says so, and so does the check.
      await page.locator('.dimension[data-dimension="efficiency"] input.weight').fill('30');
      await page.waitForSelector('#weights-meter[data-state="over"]');
      expect(await page.locator('#weights-meter .sum').textContent()).toBe('Σ 105 / 100');
      await status(page, 'problems');

      // AHP on the dimensions: efficiency three times as important as service; the weights go into the draft.
      await page.selectOption('#ahp select[data-cell="0,1"]', '3');
      await page.click('#ahp-compute');
      await page.waitForSelector('#ahp-result');
      expect(await page.locator('#ahp-result').textContent()).toMatch(/CR = /);
      await page.click('#ahp-apply');
      await page.waitForSelector('#weights-meter[data-state="ok"]');
      const weights = await Promise.all(
        (await page.locator('.dimension input.weight').all()).map(async (i) => Number(await i.inputValue())),
      );
      expect(Math.round(weights.reduce((s, w) => s + w, 0) * 100)).toBe(10000);
      expect(weights[0]).toBeGreaterThan(weights[1]);
      await status(page, 'ok');

      // The set's improvement plan rule: a fraction of an item is refused in Chinese, two items are kept.
      const plans = page.locator('section[data-path="plans"]');
      expect(await plans.locator('h2').textContent()).toBe('改进计划');
      await plans.locator('[data-path="plans.items"] input').fill('2.5');
      await status(page, 'problems');
      await plans.locator('[data-path="plans.items"] .problems li').first().waitFor();
      expect(await plans.locator('[data-path="plans.items"] .problems li').allTextContents()).toEqual([
        '须为 0 到 30 的整数，实际为 2.5',
      ]);
      await plans.locator('[data-path="plans.items"] input').fill('2');
      await plans.locator('[data-path="plans.threshold"] input').fill('65');
      await status(page, 'ok');

      // Grade quotas: a cap on A of 150 % is refused at its rule in Chinese; 20 % is kept, with a least number
      // at D for groups of 5 or more, counted over the whole hospital.
      const quotas = page.locator('section[data-path="quotas"]');
      expect(await quotas.locator('h2').textContent()).toBe('等级配额');
      expect(await quotas.locator('select.quota-scope').inputValue()).toBe('department');
      await page.click('#add-quota');
      const cap = quotas.locator('[data-path="quotas.rules[0]"]');
      expect(await cap.locator('select.quota-grade').inputValue()).toBe('A');
      expect(await cap.locator('select.quota-kind option:checked').textContent()).toBe('最高占比 %');
      await cap.locator('input[data-quota="maxShare"]').fill('150');
      await status(page, 'problems');
      await cap.locator(':scope > .problems li').first().waitFor();
      expect(await cap.locator(':scope > .problems li').first().textContent()).toMatch(/等级配额规则/);
      await cap.locator('input[data-quota="maxShare"]').fill('20');
      await status(page, 'ok');
      await page.click('#add-quota');
      const least = quotas.locator('[data-path="quotas.rules[1]"]');
      await least.locator('select.quota-grade').selectOption('D');
      await least.locator('select.quota-kind').selectOption('minCount');
      // The kind changed: the row is drawn again with its two numbers.
      await quotas.locator('[data-path="quotas.rules[1].minStaff"]').waitFor();
      expect(await quotas.locator('[data-path="quotas.rules[1].minStaff"] .label').textContent()).toBe(
        '适用人数下限',
      );
      await quotas.locator('[data-path="quotas.rules[1]"] input[data-quota="minCount"]').fill('1');
      await quotas.locator('[data-path="quotas.rules[1]"] input[data-quota="minStaff"]').fill('5');
      await quotas.locator('select.quota-scope').selectOption('hospital');
      await status(page, 'ok');
      await shots(page, 'quotas');

      // What-if against the scored month: movers and the distribution before and after.
      await page.selectOption('#whatif-period', period);
      await page.click('#whatif-run');
      await page.waitForSelector('#whatif-result tr[data-mover]');
      expect(await page.locator('#whatif-result tr[data-mover]').count()).toBeGreaterThan(0);
      expect(await page.locator('#whatif-result svg.histogram rect.bar.after').count()).toBe(10);
      expect(await page.locator('#whatif-result').textContent()).toContain('变化最大的人员');
      await shots(page, 'what-if');

      // Saved as version 2; the diff against version 1 shows the change.
      // The status line may still say an earlier step went well (the AHP weights written): wait for the save's own.
      await page.click('#save-version');
      await page.locator('#sets-status.ok', { hasText: '已保存为版本' }).waitFor();
      expect(await page.locator('#sets-status').textContent()).toBe('已保存为版本 2。');
      await page.waitForSelector('#diff-result');
      expect(await page.locator('#diff-from').inputValue()).toBe('1');
      expect(await page.locator('#diff-to').inputValue()).toBe('2');
      expect(await page.locator('#diff-result [data-diff-weight="efficiency"]').textContent()).toContain(
        '25',
      );
      expect(
        await page.locator('#diff-result [data-diff-field="EFFECTIVE_HOURS.name.zh"]').textContent(),
      ).toContain('有效工时利用率');
      expect(await page.locator('#version').getAttribute('data-version')).toBe('2');
      expect(await page.locator('#diff-result').textContent()).toContain('改进计划');
      // The quotas in words, on the saved version and in the diff.
      expect(await page.locator('#version [data-quotas]').textContent()).toBe(
        '分组范围: 全院 · A 最多占 20% · D 及以下至少 1 人（组内 5 人及以上时）',
      );
      expect(await page.locator('#diff-result [data-diff-quota-scope]').textContent()).toBe(
        '分组范围: 无 → 全院',
      );
      expect(await page.locator('#diff-result [data-diff-quota-added="A.maxShare"]').textContent()).toBe(
        '+ A 最多占 20%',
      );
      expect(await page.locator('#diff-result [data-diff-quota-added="D.minCount"]').textContent()).toBe(
        '+ D 及以下至少 1 人（组内 5 人及以上时）',
      );
      await shots(page, 'diff');
      expect(problems).toEqual([]);
      await context.close();
    }, 180_000);

    it('an auditor reads the sets and the diff, without the editor (phone-sized screen)', async () => {
      const { context, page, problems } = await open(PHONE);
      await signIn(page, AUDITOR);
      await page.click(`button[data-set="${SET}"][data-version="2"]`);
      await page.waitForSelector('#version');
      expect(await page.locator('#new-version').count()).toBe(0);
      expect(await page.locator('#version').textContent()).toContain('审计只读');
      await page.click('#diff-show');
      await page.waitForSelector('#diff-result [data-diff-weight]');
      await shots(page, 'auditor');
      expect(problems).toEqual([]);
      await context.close();
    });
  },
);

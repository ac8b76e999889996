// The month cockpit (office.html) end to end in headless Chromium, in Chinese: the API in-process on a random port,
// the library month 2026-10 imported, scored, approved and closed through the API; then HR opens 2026-11 in the
// browser (with October's incentive plan), downloads the month's workbook template, uploads a bad workbook (every
// bad cell listed) and then a filled one, drops a CSV on the page, reads the data completeness, scores the month and follows the run,
// reads the distribution, the ranking with a department's people and who moved since October, approves accepting
// the issues with a reason, closes the month and downloads the payroll (its content checked). A finance reader
// then sees the approved and closed months with downloads only. Screenshots of the cockpit at 1366 and 390 px go
// to test/artifacts/ (office-*.png). No script error, console error or CSP violation may appear. Without Chromium
// it says so in one line and does not run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import ExcelJS from 'exceljs';
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
  screenshots,
  servedApp,
  signInOnPage,
  WIDE,
} from './support/browser';
import { waitForRun } from './support/runs';

const FINANCE = { username: 'finance.web', password: 'finance.web-password' };
const OCT = '2026-10';
const NOV = '2026-11';

(hasChromium('the month cockpit in Chromium') ? describe : describe.skip)(
  'the month cockpit in Chromium',
  () => {
    let app: NestExpressApplication;
    let browser: Browser;
    let base: string;
    const doc = libraryMonth();
    const server = () => app.getHttpServer();

    beforeAll(async () => {
      const served = await servedApp();
      ({ app, base } = served);
      const { asAdmin } = served;
      await request(server()).post('/api/v1/documents').set(asAdmin).send(doc).expect(200);
      const run = await request(server()).post(`/api/v1/periods/${OCT}/runs`).set(asAdmin).expect(202);
      expect((await waitForRun(server(), run.body.runId as string, 60000, asAdmin)).status).toBe('completed');
      await request(server()).post(`/api/v1/periods/${OCT}/approve`).set(asAdmin).expect(200);
      await request(server()).post(`/api/v1/periods/${OCT}/close`).set(asAdmin).expect(200);
      await request(server())
        .post('/api/v1/users')
        .set(asAdmin)
        .send({ ...FINANCE, role: 'finance' })
        .expect(201);
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    /**
     * A fresh browser context whose page records script errors, CSP violations and console errors. The one
     * refusal the test provokes (the bad workbook's 400) is counted apart.
     */
    async function open(viewport = WIDE) {
      const refusals: string[] = [];
      const opened = await openPage(browser, {
        viewport,
        locale: 'zh-CN',
        acceptDownloads: true,
        ignore: (text) => {
          if (!/status of 400/.test(text)) return false;
          refusals.push(text);
          return true;
        },
      });
      return { ...opened, refusals };
    }

    const signIn = (page: Page, who: { username: string; password: string }) =>
      signInOnPage(page, base, who, 'office.html');

    /** Clicks `selector` and returns the file the page downloads (fetched with the token, saved from a blob). */
    async function downloaded(page: Page, selector: string): Promise<{ name: string; body: Buffer }> {
      const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
      return { name: file.suggestedFilename(), body: readFileSync(await file.path()) };
    }

    const status = (page: Page, s: string) =>
      page.waitForSelector(`#month-status[data-status="${s}"]`, { timeout: 30000 });

    const shots = (page: Page, name: string) => screenshots(page, `office-${name}`);

    /** The sample month's values typed into the template (one "fail" input left empty for one person). */
    async function fill(template: Buffer, mode: 'bad' | 'good'): Promise<{ path: string; emptied: string }> {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(template as unknown as ArrayBuffer);
      const values = new Map(doc.staff.map((s) => [s.id, s.inputs ?? {}]));
      const failing = doc.indicatorSets.flatMap((set) =>
        set.indicators
          .filter((i) => i.missing === 'fail')
          .map((i) => ({ set: set.code, input: i.formula.trim() })),
      );
      let emptied = '';
      for (const ws of wb.worksheets) {
        const codes = (ws.getRow(2).values as unknown[]).map((v) => (typeof v === 'string' ? v : ''));
        ws.eachRow((row, r) => {
          if (r < 3) return;
          const staff = row.getCell(1).text;
          const inputs = values.get(staff);
          if (!inputs) return;
          codes.forEach((code, c) => {
            if (c < 6 || !code) return;
            let v: number | string | null | undefined = inputs[code];
            if (mode === 'bad') v = r === 3 && c === 6 ? 'six' : v;
            // One person without a value of a "fail" input: they get an error, an issue to accept.
            if (!emptied && failing.some((f) => f.set === ws.name && f.input === code)) {
              emptied = staff;
              v = null;
            }
            // C101 had two complaints in November: they move against October.
            if (staff === 'C101' && code === 'complaints') v = 2;
            row.getCell(c).value = v ?? null;
          });
        });
      }
      const path = join(ARTIFACTS, `office-${NOV}-${mode}.xlsx`);
      await wb.xlsx.writeFile(path);
      return { path, emptied };
    }

    it('HR runs November from the workbook to the payroll, in Chinese', async () => {
      const { context, page, problems, refusals } = await open();
      await signIn(page, { username: TEST_ADMIN.username, password: TEST_ADMIN.password });
      await page.selectOption('#lang', 'zh');
      await page.waitForSelector('#month-status');
      expect(await page.locator('.topbar .page-title').textContent()).toBe('月度绩效工作台');
      expect(await page.locator('nav.office-nav a.current').getAttribute('href')).toBe('office.html');
      // October is closed: nothing to score, the payroll is there.
      await status(page, 'closed');
      expect(await page.locator('#month-status .stepper li.current').textContent()).toContain('已结账');
      expect(await page.locator('#score-month').count()).toBe(0);

      // A new month with October's plan.
      expect(await page.locator('#new-month').inputValue()).toBe(NOV);
      expect(await page.locator('#new-month-plan').isChecked()).toBe(true);
      await page.click('#create-month');
      await status(page, 'open');
      expect(await page.locator('#month').inputValue()).toBe(NOV);
      expect(await page.locator('#month-status .stepper li.current').textContent()).toContain('未评分');
      expect(await page.locator('#next-step').textContent()).toContain('数据不完整');

      // The template, then a bad workbook: every bad cell in a table, nothing stored.
      const template = await downloaded(page, '#workbook-template');
      expect(template.name).toBe(`${NOV}-workbook.xlsx`);
      const bad = await fill(template.body, 'bad');
      await page.setInputFiles('#intake-file', bad.path);
      await page.waitForSelector('#bad-cells tr[data-cell]');
      const badRow = page.locator('#bad-cells tbody tr').first();
      expect(await badRow.textContent()).toContain('six');
      expect(await page.locator('#cockpit-notice').textContent()).toContain('未通过校验');
      expect(await page.locator('#intake tr[data-batch]').count()).toBe(0);
      await shots(page, 'intake-bad-cells');

      // The filled workbook: one batch of source xlsx.
      const good = await fill(template.body, 'good');
      await page.setInputFiles('#intake-file', good.path);
      await page.waitForSelector('#intake tr[data-batch]');
      expect(await page.locator('#cockpit-notice').textContent()).toMatch(/已保存 \d+ 个数值/);
      expect(await page.locator('#bad-cells').count()).toBe(0);
      // A CSV dropped on the page: one more batch.
      const csv = Buffer.from(`staff,date,training_hours\nC102,${NOV}-15,1\n`).toString('base64');
      const drop = await page.evaluateHandle(`(() => {
      const data = new DataTransfer();
      const bytes = Uint8Array.from(atob('${csv}'), (c) => c.charCodeAt(0));
      data.items.add(new File([bytes], 'training-${NOV}.csv', { type: 'text/csv' }));
      return data;
    })()`);
      await page.dispatchEvent('#dropzone', 'drop', { dataTransfer: drop });
      await page.waitForSelector('#intake tr[data-batch] >> nth=1');
      expect(await page.locator('#cockpit-notice').textContent()).toContain(
        `training-${NOV}.csv：已保存 1 个数值`,
      );
      // Completeness: the emptied input shows who misses it.
      await page.waitForSelector('#completeness');
      expect(Number(await page.locator('#failing-count .value').textContent())).toBeGreaterThan(0);
      expect(await page.locator('#completeness').textContent()).toContain(good.emptied);

      // Score it, following the run, until the month is scored.
      await page.click('#score-month');
      await page.waitForSelector('#active-run, #month-status[data-status="scored"]');
      await status(page, 'scored');
      expect(await page.locator('tr[data-run][data-status="completed"]').count()).toBe(1);

      // The distribution, the ranking and a department's people, who moved since October.
      expect(await page.locator('#histogram svg rect.bar').count()).toBeGreaterThan(0);
      expect(await page.locator('#grades svg rect.bar').count()).toBeGreaterThan(0);
      const departments = new Set(doc.staff.map((s) => s.department)).size;
      expect(await page.locator('#ranking tbody tr[data-department]').count()).toBe(
        Math.min(15, departments),
      );
      await page.click('#ranking button[data-sort="code"]');
      const first = await page
        .locator('#ranking tbody tr[data-department]')
        .first()
        .getAttribute('data-department');
      expect(first).toBe([...new Set(doc.staff.map((s) => s.department))].sort()[0]);
      await page.fill('#ranking-filter', 'CLEAN-CC');
      expect(await page.locator('#ranking tbody tr[data-department]').count()).toBe(1);
      await page.click('#ranking button[data-open="CLEAN-CC"]');
      await page.waitForSelector('#department-people tr[data-staff="C101"]');
      await page.click('#movers button[data-against="previous-month"]');
      await page.waitForSelector('#movers tr[data-mover="C101"]');
      expect(await page.locator('#movers tr[data-mover="C101"]').textContent()).toMatch(/−/);

      // Approval: each issue accepted, with a reason.
      await page.waitForSelector(`#approval tr[data-issue="${good.emptied}"]`);
      expect(await page.locator('#approve').isDisabled()).toBe(true);
      await page.check('#accept-all');
      expect(await page.locator('#approve').isDisabled()).toBe(true);
      await page.fill('#approve-reason', '该员工本月长期病假，下月补录');
      expect(await page.locator('#approve').isDisabled()).toBe(false);
      await shots(page, 'hr-scored');
      await page.click('#approve');
      await status(page, 'approved');
      expect(await page.locator('#score-month').count()).toBe(0);
      await page.click('#close-month');
      await page.click('#confirm-close');
      await status(page, 'closed');

      // The payroll, downloaded with the sign-in: one line per member of staff paid in November.
      const payroll = await downloaded(page, '#payroll-csv');
      expect(payroll.name).toBe(`payroll-${NOV}.csv`);
      const lines = payroll.body.toString('utf8').trim().split(/\r?\n/);
      expect(lines[0]).toBe('lineId,period,staffId,employeeNo,component,amount,currency,sourcePeriod,runId');
      expect(lines.length).toBeGreaterThan(1);
      expect(lines.slice(1).every((l) => l.split(',')[1] === NOV && /PERF_(BONUS|DEDUCTION)/.test(l))).toBe(
        true,
      );
      expect(lines.some((l) => l.startsWith(`${NOV}-${good.emptied}-`))).toBe(false);
      const scores = await downloaded(page, '#scores-xlsx');
      expect(scores.name).toBe(`scores-${NOV}.xlsx`);
      await shots(page, 'hr-closed');

      expect(problems).toEqual([]);
      expect(refusals.length).toBeLessThanOrEqual(1);
      await context.close();
    });

    it('a finance reader sees approved and closed months with downloads only', async () => {
      const { context, page, problems } = await open(PHONE);
      await signIn(page, FINANCE);
      await page.selectOption('#lang', 'zh');
      await page.waitForSelector('#downloads');
      const months = await page.locator('#month option').allTextContents();
      expect(months.every((m) => /已结账|已审批/.test(m))).toBe(true);
      for (const absent of ['#intake', '#approval', '#distribution', '#score-month', 'nav.office-nav'])
        expect(await page.locator(absent).count()).toBe(0);
      await page.selectOption('#month', OCT);
      await status(page, 'closed');
      const payroll = await downloaded(page, '#payroll-csv');
      const lines = payroll.body.toString('utf8').trim().split(/\r?\n/);
      expect(lines).toHaveLength(1 + doc.staff.length);
      expect(lines[1]).toMatch(new RegExp(`^${OCT}-`));
      const scores = await downloaded(page, '#scores-csv');
      expect(scores.body.toString('utf8').split(/\r?\n/)[0]).toMatch(/^staffId,employeeNo,department/);
      await shots(page, 'finance');
      expect(problems).toEqual([]);
      await context.close();
    });
  },
);

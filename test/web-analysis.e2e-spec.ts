// The analysis page (analysis.html) end to end in headless Chromium, in Chinese: the API in-process on a random
// port, two months of the library's scenario scored through the API — October as shipped, November with the
// cleaners' satisfaction down by a third, so the months differ — and December left without a run. HR opens 统计分析
// from the office's row of links, checks that a quarter means its three months and that a reversed range is refused
// on the page, then analyses October to December with a 2-point threshold: the heat map has one cell per cell of
// the API's answer with the API's mean in it, December is listed as missing, the weakest indicators come in the
// API's order with their trend, the flags of the API are said in words, the variance bars are one per share, the
// plans table is the API's; the .xlsx downloads (fetched with the token) and opens; on paper the navigation and the
// buttons are gone, the report's title 年度分析报告 names the range and the PDF is made of A4 pages. The language
// switch turns the page into English once. The quarter October–December is an appraisal period run to results: its
// section (考核期结果) shows the API's tables and downloads its .xlsx; the year 2026, without a run, says it has none.
// On a 390 px phone the page does not scroll sideways (the heat map scrolls in its own box). No script error,
// console error or CSP violation may appear. Without Chromium it says so in one line and does not run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { libraryMonth } from './factories/month';
import { quarterPlan } from './factories/quarter';
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
  textOf,
  WIDE,
} from './support/browser';
import { waitForRun } from './support/runs';

const OCT = '2026-10';
const NOV = '2026-11';
const DEC = '2026-12';
const THRESHOLD = 2;
const AUDITOR = { username: 'auditor.analysis', password: 'auditor.analysis-password' };
/** The appraisal quarter of October–December: scored from October and November (December has no run). */
const Q4 = '2026-Q4';

interface Answer {
  months: { period: string; runId: string | null; staff: number }[];
  indicators: { code: string; name: string | { zh?: string; en?: string } }[];
  heatmap: { indicator: string; department: string; mean: number | null; n: number }[];
  weakest: {
    hospital: { indicator: string; mean: number | null }[];
    byDepartment: { department: string; items: { indicator: string }[] }[];
  };
  distribution: { flags: { group: string; code: string; mean: number; difference: number }[] };
  variance: { indicator: string; share: number | null }[];
  plans: { indicator: string; department: string }[];
}

/** A mean as the page shows it in Chinese: at most one decimal, grouped as zh-CN groups. */
const shown = (x: number) => x.toLocaleString('zh-CN', { maximumFractionDigits: 1 });

(hasChromium('the analysis page in Chromium') ? describe : describe.skip)(
  'the analysis page in Chromium',
  () => {
    let app: NestExpressApplication;
    let browser: Browser;
    let base: string;
    let asAdmin: Record<string, string>;
    let answer: Answer;
    let appraisal: {
      distribution: { byDepartment: { code: string }[]; bySet: { code: string }[] };
      bonus: { byDepartment: { code: string; sum: string }[] };
    };
    const server = () => app.getHttpServer();

    async function score(period: string) {
      const run = await request(server()).post(`/api/v1/periods/${period}/runs`).set(asAdmin).expect(202);
      expect((await waitForRun(server(), run.body.runId as string, 60000, asAdmin)).status).toBe('completed');
    }

    beforeAll(async () => {
      const served = await servedApp();
      ({ app, base, asAdmin } = served);
      const october = libraryMonth();
      expect(october.period).toBe(OCT);
      await request(server()).post('/api/v1/documents').set(asAdmin).send(october).expect(200);
      await score(OCT);
      const november = libraryMonth();
      november.period = NOV;
      for (const s of november.staff)
        if (s.indicatorSet === 'CLEAN' && s.inputs?.survey_satisfied)
          s.inputs.survey_satisfied = Math.round((s.inputs.survey_satisfied * 2) / 3);
      await request(server()).post('/api/v1/documents').set(asAdmin).send(november).expect(200);
      await score(NOV);
      // The quarter's appraisal, run to results: its section follows the months' analysis of October–December.
      await request(server())
        .put(`/api/v1/appraisals/${Q4}/plan`)
        .set(asAdmin)
        .send(quarterPlan())
        .expect(200);
      const q4 = await request(server()).post(`/api/v1/appraisals/${Q4}/runs`).set(asAdmin).expect(202);
      for (let i = 0, status = 'queued'; ['queued', 'running'].includes(status); i++) {
        if (i > 1200) throw new Error('the appraisal run of the quarter did not end');
        await new Promise((r) => setTimeout(r, 50));
        status = (
          await request(server())
            .get(`/api/v1/appraisals/${Q4}/runs/${q4.body.run.id}`)
            .set(asAdmin)
            .expect(200)
        ).body.status as string;
        if (status === 'failed') throw new Error('the appraisal run of the quarter failed');
      }
      appraisal = (await request(server()).get(`/api/v1/analysis/appraisals/${Q4}`).set(asAdmin).expect(200))
        .body as typeof appraisal;
      answer = (
        await request(server())
          .get('/api/v1/analysis')
          .query({ from: OCT, to: DEC, threshold: THRESHOLD })
          .set(asAdmin)
          .expect(200)
      ).body as Answer;
      await request(server())
        .post('/api/v1/users')
        .set(asAdmin)
        .send({ ...AUDITOR, role: 'auditor' })
        .expect(201);
      browser = await launchChromium();
    }, 120000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    /**
     * A fresh context whose page records script errors, CSP violations and console errors. window.print is replaced
     * by a counter: a headless browser has no print dialog, and the test prints to PDF itself.
     */
    const open = (viewport = WIDE) =>
      openPage(browser, {
        viewport,
        locale: 'zh-CN',
        acceptDownloads: true,
        initScript: 'window.__printed = 0; window.print = () => { window.__printed += 1; };',
      });

    /** Clicks `selector` and returns the file the page downloads (fetched with the token, saved from a blob). */
    async function downloaded(page: Page, selector: string): Promise<{ name: string; body: Buffer }> {
      const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
      return { name: file.suggestedFilename(), body: readFileSync(await file.path()) };
    }

    /** Picks a from…to range and a threshold in the toolbar and asks for it. */
    async function analyse(page: Page, from: string, to: string, threshold: number) {
      await page.selectOption('#analysis-kind', 'custom');
      await page.fill('#analysis-from', from);
      await page.fill('#analysis-to', to);
      await page.fill('#analysis-threshold', String(threshold));
      await page.click('#analysis-show');
    }

    it('HR reads a range as heat map, weakest, flags, variance and plans, downloads it and prints it on A4', async () => {
      // The scenario gives the page something to show: two scored months, cells, flags at 2 points, shares, plans.
      expect(answer.months.map((m) => [m.period, m.runId !== null])).toEqual([
        [OCT, true],
        [NOV, true],
        [DEC, false],
      ]);
      const cells = answer.heatmap.filter((c) => c.mean !== null);
      expect(cells.length).toBeGreaterThan(10);
      expect(answer.distribution.flags.length).toBeGreaterThan(0);
      const shares = answer.variance.filter((v) => v.share !== null);
      expect(shares.length).toBeGreaterThan(0);

      const hr = await open();
      await signInOnPage(hr.page, base, TEST_ADMIN, 'office.html');
      await hr.page.selectOption('#lang', 'zh');
      await hr.page.click('nav.office-nav a[href="analysis.html"]');
      await hr.page.waitForSelector('#analysis-toolbar');
      expect(await textOf(hr.page, 'nav.office-nav a.current')).toBe('统计分析');
      expect(await textOf(hr.page, '.topbar .page-title')).toBe('考核结果分析');

      // A quarter is its three months (2026 Q4 → 2026-10..2026-12), and the address keeps the range.
      await hr.page.selectOption('#analysis-kind', 'quarter');
      await hr.page.fill('#analysis-year', '2026');
      await hr.page.selectOption('#analysis-quarter', '4');
      await hr.page.click('#analysis-show');
      await hr.page.waitForSelector('#heatmap-table');
      const address = new URL(hr.page.url()).searchParams;
      expect([address.get('from'), address.get('to')]).toEqual([OCT, DEC]);
      // A reversed range is refused on the page, naming why.
      await analyse(hr.page, NOV, OCT, THRESHOLD);
      expect(await textOf(hr.page, '#analysis-error')).toBe('截止月份不能早于起始月份。');
      // A range of months that do not exist: the API's refusal, said on the page.
      await analyse(hr.page, '2025-01', '2025-03', THRESHOLD);
      await hr.page.waitForSelector('#analysis-error:not([hidden])');
      expect(await textOf(hr.page, '#analysis-error')).not.toBe('');
      expect(await hr.page.locator('#heatmap-table').count()).toBe(0);

      await analyse(hr.page, OCT, DEC, THRESHOLD);
      await hr.page.waitForSelector('#flags li.flag');
      // The summary: two months scored of three, December listed as missing.
      expect(await textOf(hr.page, '#fact-months .value')).toBe('2 / 3');
      expect(await hr.page.locator('#missing-months').getAttribute('data-missing')).toBe(DEC);
      expect(await textOf(hr.page, '#missing-months')).toContain(DEC);

      // The heat map: one coloured cell per cell of the answer, each with the API's mean.
      expect(await hr.page.locator('#heatmap-table td[data-mean]').count()).toBe(cells.length);
      for (const c of [cells[0], cells[cells.length - 1]]) {
        const td = hr.page.locator(
          `#heatmap-table td[data-indicator="${c.indicator}"][data-department="${c.department}"]`,
        );
        expect(Number(await td.getAttribute('data-mean'))).toBe(c.mean);
        expect(((await td.textContent()) ?? '').trim()).toBe(shown(c.mean!));
        expect(await td.getAttribute('class')).toMatch(/\bheat-[0-5]\b/);
      }
      expect(await hr.page.locator('.heat-legend li').count()).toBe(6);

      // The weakest, in the API's order, each with its trend; each department's three.
      const weakRows = hr.page.locator('#weakest tbody tr[data-indicator]');
      expect(await weakRows.count()).toBe(Math.min(10, answer.weakest.hospital.length));
      expect(await weakRows.first().getAttribute('data-indicator')).toBe(
        answer.weakest.hospital[0].indicator,
      );
      expect(await weakRows.first().locator('svg.spark path').count()).toBe(1);
      expect(await hr.page.locator('#weakest-trend svg.line-chart').count()).toBe(1);
      expect(await hr.page.locator('#weakest-departments .dept-weak').count()).toBe(
        answer.weakest.byDepartment.length,
      );

      // The flags, in words, and their groups highlighted in the tables and box plots.
      const flags = answer.distribution.flags;
      expect(await hr.page.locator('#flags li.flag').count()).toBe(flags.length);
      const first = hr.page.locator(`#flags li.flag[data-flag-code="${flags[0].code}"]`).first();
      const said = ((await first.textContent()) ?? '').trim();
      expect(said).toContain(shown(flags[0].mean));
      expect(said).toContain(shown(Math.abs(flags[0].difference)));
      expect(said).toContain(`超过阈值 ${THRESHOLD} 分`);
      expect(said).toContain(flags[0].difference > 0 ? '高' : '低');
      expect(
        await hr.page.locator(`#dist-${flags[0].group} tr.flagged[data-code="${flags[0].code}"]`).count(),
      ).toBe(1);
      expect(
        await hr.page
          .locator(`#dist-${flags[0].group} svg .box-row.flagged[data-code="${flags[0].code}"]`)
          .count(),
      ).toBe(1);

      // The variance contribution: a bar per share; the plans: a row per indicator and department.
      expect(await hr.page.locator('#variance-chart svg rect.bar').count()).toBe(shares.length);
      if (answer.plans.length)
        expect(await hr.page.locator('#plans tr[data-plan]').count()).toBe(answer.plans.length);
      else expect(await hr.page.locator('#no-plans').count()).toBe(1);

      // The quarter's appraisal results: a row per department (the hospital's first) and per set, the bonus as
      // the API wrote it (to the cent, grouped), and the period's own .xlsx.
      await hr.page.waitForSelector('#appraisal-grades');
      expect(await textOf(hr.page, '#appraisal-period h2')).toBe('考核期结果');
      expect(await textOf(hr.page, '#appraisal-period .range-line')).toBe('2026 年第 4 季度');
      expect(await hr.page.locator('#appraisal-grades tbody tr').count()).toBe(
        appraisal.distribution.byDepartment.length + 1,
      );
      expect(await hr.page.locator('#appraisal-sets tbody tr').count()).toBe(
        appraisal.distribution.bySet.length,
      );
      const engBonus = appraisal.bonus.byDepartment.find((b) => b.code === 'ENG-CC')!;
      expect(engBonus.sum).toBe('30000.00');
      expect(await hr.page.locator('#appraisal-bonus tr[data-code="ENG-CC"] td').nth(2).textContent()).toBe(
        '30,000.00',
      );
      expect(await hr.page.locator('#appraisal-training tr[data-code="*"]').count()).toBe(1);
      const periodFile = await downloaded(hr.page, '#appraisal-download');
      expect(periodFile.name).toBe(`appraisal-analysis-${Q4}.xlsx`);

      // The workbook, fetched with the token: an .xlsx whose heat map sheet is there.
      const file = await downloaded(hr.page, '#analysis-download');
      expect(file.name).toMatch(/\.xlsx$/);
      expect(file.body.subarray(0, 2).toString()).toBe('PK');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file.body as unknown as ArrayBuffer);
      expect(wb.worksheets.some((ws) => ws.name.includes('热力图'))).toBe(true);
      expect(await textOf(hr.page, '#analysis-notice')).toContain(file.name);

      // On paper: the report's title with the range, no navigation, toolbar or buttons; A4 pages.
      await hr.page.click('#analysis-print');
      expect(await hr.page.evaluate<number>('window.__printed')).toBe(1);
      await hr.page.emulateMedia({ media: 'print' });
      expect(await hr.page.locator('#report-head').isVisible()).toBe(true);
      expect(await textOf(hr.page, '#report-head h1')).toBe(`年度分析报告 ${OCT} 至 ${DEC}`);
      for (const hidden of [
        'header.topbar',
        'nav.office-nav',
        '#analysis-toolbar',
        '#analysis-download',
        '#analysis-notice',
      ])
        expect(await hr.page.locator(hidden).isVisible()).toBe(false);
      for (const part of ['#heatmap-table', '#weakest', '#flags', '#variance-chart', '#plans'])
        expect(await hr.page.locator(part).isVisible()).toBe(true);
      await hr.page.screenshot({ path: join(ARTIFACTS, 'analysis-print.png'), fullPage: true });
      const pdf = await hr.page.pdf({ preferCSSPageSize: true, printBackground: true });
      // As it lays out on an A4 sheet's width (794 px at 96 dpi), for a look at the report.
      await hr.page.setViewportSize({ width: 794, height: 1123 });
      await hr.page.screenshot({ path: join(ARTIFACTS, 'analysis-print-a4.png'), fullPage: true });
      await hr.page.setViewportSize(WIDE);
      await hr.page.emulateMedia({ media: 'screen' });
      expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
      // Every page is A4 (210 × 297 mm: 595.3 × 841.9 points, within a point of rounding), portrait or — the heat
      // map's — landscape; a part a page at least.
      const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map(
        (m) => [Number(m[1]), Number(m[2])].sort((a, b) => a - b),
      );
      expect(boxes.length).toBeGreaterThanOrEqual(5);
      for (const [short, long] of boxes) {
        expect(Math.abs(short - 595.3)).toBeLessThan(1.5);
        expect(Math.abs(long - 841.9)).toBeLessThan(1.5);
      }

      // On a phone the page does not scroll sideways; the heat map scrolls in its own box.
      await screenshots(hr.page, 'analysis');
      await hr.page.setViewportSize(PHONE);
      await hr.page.waitForTimeout(400);
      expect(await hr.page.evaluate<number>('document.scrollingElement.scrollWidth')).toBeLessThanOrEqual(
        PHONE.width,
      );
      expect(
        await hr.page.evaluate<boolean>(
          '(() => { const b = document.querySelector(".heatmap-box"); return b.scrollWidth > b.clientWidth; })()',
        ),
      ).toBe(true);
      await hr.page.setViewportSize(WIDE);

      // The language switch, once: the page's words and the names follow.
      await hr.page.selectOption('#lang', 'en');
      expect(await textOf(hr.page, '.topbar .page-title')).toBe('Analysis of results');
      expect(await textOf(hr.page, 'nav.office-nav a.current')).toBe('Analysis');
      expect(await textOf(hr.page, '#heatmap h2')).toBe('Mean score heat map: indicators × departments');
      expect(await textOf(hr.page, '#flags li.flag')).toContain(`beyond the ${THRESHOLD}-point threshold`);
      const named = answer.indicators.find((i) => typeof i.name === 'object' && i.name.en)!;
      const row = hr.page.locator(`#heatmap-table tr[data-indicator="${named.code}"] th`);
      if (await row.count()) expect(await row.textContent()).toContain((named.name as { en: string }).en);
      expect(await textOf(hr.page, '#appraisal-period h2')).toBe('Appraisal period');
      expect(await textOf(hr.page, '#appraisal-period .range-line')).toBe('2026 Q4');
      await hr.page.screenshot({ path: join(ARTIFACTS, 'analysis-en.png'), fullPage: true });
      await hr.page.selectOption('#lang', 'zh');

      // A year without an appraisal run: the period's section says so in words (no 404 in the console).
      await hr.page.selectOption('#analysis-kind', 'year');
      await hr.page.fill('#analysis-year', '2026');
      await hr.page.click('#analysis-show');
      await hr.page.waitForSelector('#appraisal-none');
      expect(await textOf(hr.page, '#appraisal-none')).toBe(
        '2026 年度尚无考核结果（考核期还没有完成的核算）。',
      );

      // The refused range's 404 is the one console error the test provoked.
      expect(hr.problems.filter((p) => !/status of 404/.test(p))).toEqual([]);
      expect(hr.problems.length).toBeLessThanOrEqual(1);
      await hr.context.close();
    });

    it('an auditor reads the same analysis from a link', async () => {
      const auditor = await open();
      await signInOnPage(auditor.page, base, AUDITOR, 'office.html');
      await auditor.page.goto(`${base}/app/analysis.html?from=${OCT}&to=${NOV}&threshold=10`);
      await auditor.page.waitForSelector('#heatmap-table');
      expect(await auditor.page.inputValue('#analysis-kind')).toBe('custom');
      expect(await auditor.page.locator('#missing-months').getAttribute('data-missing')).toBe('');
      expect(await auditor.page.locator('#heatmap-table td[data-mean]').count()).toBe(
        answer.heatmap.filter((c) => c.mean !== null).length,
      );
      expect(auditor.problems).toEqual([]);
      await auditor.context.close();
    });
  },
);

// The survey pages end to end in headless Chromium, in Chinese: the API in-process on a random port with the library
// month 2026-10 imported and a ward (心内科三病区) added. HR opens 满意度测评 from the office's row of links, creates a
// campaign in the form (two questions, one on the 1–10 scale; two named cleaners rated; the ward and two patient
// slips answer), opens it with a confirmation and prints the QR sheet (every slip's QR code inlined, the print
// stylesheet showing only the sheet, an A4 PDF made of it). On a 390 px phone the ward opens its link without
// signing in, answers with large tap targets, sees 已提交，可在测评结束前修改, reloads (the answer is kept) and edits it;
// nothing is wider than the screen. A patient answers one target only. HR sees the response rate change, reminds
// the slip still unanswered, closes the campaign with a confirmation and reads the statistics table, whose figures
// are worked out by hand below; the ward's page is then read only with 测评已结束. An unknown or missing token gets a
// clear message, and the language switch turns the page into English. No script error, console error or CSP
// violation may appear (the unknown token's own 404 aside). Without Chromium it says so in one line and does not run.
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
  screenshots,
  servedApp,
  signInOnPage,
  textOf,
  WIDE,
} from './support/browser';

const OCT = '2026-10';
const WARD = { code: 'WARD-3', name: '心内科三病区', site: 'CC' };
const CAMPAIGN = {
  code: 'SAT-2026-10',
  zh: '十月后勤服务满意度测评',
  en: 'October logistics satisfaction survey',
};
const Q1 = { zh: '病区保洁是否及时干净', en: 'Is the ward cleaned on time and well?' };
const Q2 = { zh: '服务态度', en: 'Courtesy of the staff' };
const AUDITOR = { username: 'auditor.surveys', password: 'auditor.surveys-password' };

(hasChromium('the survey pages in Chromium') ? describe : describe.skip)(
  'the survey pages in Chromium',
  () => {
    let app: NestExpressApplication;
    let browser: Browser;
    let base: string;
    let asAdmin: Record<string, string>;
    const server = () => app.getHttpServer();

    beforeAll(async () => {
      const served = await servedApp();
      ({ app, base, asAdmin } = served);
      await request(server()).post('/api/v1/documents').set(asAdmin).send(libraryMonth()).expect(200);
      await request(server()).post('/api/v1/departments').set(asAdmin).send(WARD).expect(201);
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
     * A fresh context (Chinese unless told) whose page records script errors, CSP violations and console errors;
     * 404s are counted apart (the unknown link's answer is one). window.print is replaced by a counter: a headless
     * browser has no print dialog, and the test prints to PDF itself.
     */
    async function open(viewport = WIDE, locale = 'zh-CN') {
      const notFound: string[] = [];
      const opened = await openPage(browser, {
        viewport,
        locale,
        acceptDownloads: true,
        initScript: 'window.__printed = 0; window.print = () => { window.__printed += 1; };',
        ignore: (text, url) => {
          if (!/status of 404/.test(text)) return false;
          notFound.push(url);
          return true;
        },
      });
      return { ...opened, notFound };
    }

    const text = (page: Page, selector: string) => textOf(page, selector, 'only');

    /** Waits for the status line to say the answer was saved (an answered page's line is 'ok' before the save). */
    const saved = (page: Page) =>
      page.locator('#survey-status.ok', { hasText: /^已提交，可在测评结束前修改$/ }).waitFor();

    /** Taps score `n` of `question` about `target` (the label is what a finger hits; the radio is under it). */
    const tap = (page: Page, target: string, question: string, n: number) =>
      page.click(
        `[data-target="${target}"] fieldset[data-question="${question}"] label.choice:nth-child(${n})`,
      );

    const checked = (page: Page, target: string, question: string) =>
      page
        .locator(`[data-target="${target}"] fieldset[data-question="${question}"] input:checked`)
        .getAttribute('value', { timeout: 2000 })
        .catch(() => null);

    /** A write the API took (200 or 201: the contract does not fix which). */
    const accepted = (res: { status: number; text: string }) => {
      if (res.status !== 200 && res.status !== 201) throw new Error(`HTTP ${res.status}: ${res.text}`);
    };

    /** The page's own width against the phone's: nothing may scroll sideways. */
    const scrollWidth = (page: Page) => page.evaluate<number>('document.scrollingElement.scrollWidth');

    it('HR creates, opens and prints a campaign; a ward answers on a phone, edits, and reads it closed', async () => {
      // --- HR: the campaign from the form, opened, its QR sheet printed.
      const hr = await open();
      await signInOnPage(hr.page, base, TEST_ADMIN, 'office.html');
      await hr.page.selectOption('#lang', 'zh');
      await hr.page.click('nav.office-nav a[href="surveys.html"]');
      await hr.page.waitForSelector('#campaigns');
      expect(await text(hr.page, 'nav.office-nav a.current')).toBe('满意度测评');
      expect(await text(hr.page, '.topbar .page-title')).toBe('满意度测评');
      await hr.page.fill('#survey-period', OCT);
      await hr.page.waitForSelector(`#campaigns h2:has-text("${OCT}")`);
      expect(await text(hr.page, '#campaigns')).toContain('本月还没有测评');

      await hr.page.click('#new-survey');
      await hr.page.fill('#survey-code', CAMPAIGN.code);
      await hr.page.fill('#survey-name-zh', CAMPAIGN.zh);
      await hr.page.fill('#survey-name-en', CAMPAIGN.en);
      expect(await hr.page.inputValue('#survey-form-period')).toBe(OCT);
      // Saving without a question's text is refused on the page, naming what is missing.
      await hr.page.click('#save-survey');
      expect(await text(hr.page, '#survey-form-error')).toBe('请填写问题。');
      const q = (i: number, name: string) => `[data-question-row="${i}"] [name="${name}"]`;
      await hr.page.fill(q(0, 'zh'), Q1.zh);
      await hr.page.fill(q(0, 'en'), Q1.en);
      await hr.page.click('#add-question');
      await hr.page.fill(q(1, 'zh'), Q2.zh);
      await hr.page.fill(q(1, 'en'), Q2.en);
      await hr.page.selectOption(q(1, 'scale'), '10');
      const x = (i: number, name: string) => `[data-target-row="${i}"] [name="${name}"]`;
      await hr.page.selectOption(x(0, 'kind'), 'staff');
      await hr.page.fill(x(0, 'code'), 'C101');
      await hr.page.click('#add-target');
      await hr.page.selectOption(x(1, 'kind'), 'staff');
      await hr.page.fill(x(1, 'code'), 'C102');
      expect(await hr.page.inputValue('#survey-output-answers')).toBe('survey_answers');
      expect(await hr.page.inputValue('#survey-output-satisfied')).toBe('survey_satisfied');
      await hr.page.fill('#form-department-filter', 'WARD');
      await hr.page.check(`#form-departments input[value="${WARD.code}"]`);
      await hr.page.fill('#form-patients', '2');
      await hr.page.fill('#form-patient-label', WARD.name);
      await hr.page.click('#save-survey');
      await hr.page.waitForSelector('#campaign[data-state="draft"]');
      expect(await text(hr.page, '#surveys-notice')).toContain('测评已创建');
      expect(await text(hr.page, '#surveys-notice')).toContain('已添加 3 个答卷人');
      expect(await hr.page.locator('#respondents tr[data-respondent]').count()).toBe(3);
      expect(await hr.page.locator('#respondents tr[data-responded="false"]').count()).toBe(3);

      // A draft can still change: the form comes back filled, the code fixed.
      await hr.page.click('#edit-survey');
      expect(await hr.page.inputValue('#survey-code')).toBe(CAMPAIGN.code);
      expect(await hr.page.locator('#survey-code').isDisabled()).toBe(true);
      expect(await hr.page.inputValue('[data-question-row="1"] [name="en"]')).toBe(Q2.en);
      expect(await hr.page.inputValue('[data-target-row="1"] [name="code"]')).toBe('C102');
      await hr.page.fill('#survey-name-en', `${CAMPAIGN.en} (wards)`);
      await hr.page.click('#save-survey');
      await hr.page.waitForSelector('#survey-form', { state: 'detached' });
      expect(await text(hr.page, '#surveys-notice')).toBe('草稿已保存。');
      // Opening asks first.
      await hr.page.click('#open-survey');
      expect(await hr.page.locator('#campaign[data-state="draft"]').count()).toBe(1);
      await hr.page.click('#confirm-open');
      await hr.page.waitForSelector('#campaign[data-state="open"]');
      expect(await text(hr.page, '#surveys-notice')).toContain('测评已开始');
      const row = hr.page.locator('#campaigns tr[data-campaign]');
      expect(await row.count()).toBe(1);
      expect(await row.locator('.rate').textContent()).toBe('0%');
      const links = await hr.page.locator('#respondents [data-link]').allTextContents();
      expect(links).toHaveLength(3);
      for (const link of links)
        expect(link).toMatch(new RegExp(`^${base}/app/survey\\.html#[A-Za-z0-9_-]{22}$`));
      const [wardLink, patientLink] = links;

      // The QR sheet: one ward page (the ward and its patient slips), a QR code per slip, and on paper only the sheet.
      await hr.page.click('#print-sheet');
      await hr.page.waitForSelector('#qr-sheet .qr-slip .qr svg');
      expect(await hr.page.locator('#qr-sheet .qr-slip').count()).toBe(3);
      expect(await hr.page.locator('#qr-sheet .qr svg path').count()).toBeGreaterThanOrEqual(3);
      expect(await hr.page.locator('#qr-sheet .qr-group').count()).toBe(1);
      expect(await hr.page.locator('#qr-sheet .qr-group').getAttribute('data-group')).toBe(WARD.name);
      expect(await hr.page.locator('#qr-sheet .qr-slip .link-text').allTextContents()).toEqual(links);
      expect(await hr.page.evaluate<number>('window.__printed')).toBe(1);
      await hr.page.emulateMedia({ media: 'print' });
      expect(await hr.page.locator('#qr-sheet .qr-slip').first().isVisible()).toBe(true);
      for (const hidden of ['#campaigns', '#respondents', 'header.topbar', 'nav.office-nav'])
        expect(await hr.page.locator(hidden).isVisible()).toBe(false);
      await hr.page.screenshot({ path: join(ARTIFACTS, 'surveys-print.png'), fullPage: true });
      const pdf = await hr.page.pdf({ format: 'A4', preferCSSPageSize: true });
      expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
      await hr.page.emulateMedia({ media: 'screen' });
      await screenshots(hr.page, 'surveys-hr-open');

      // --- The ward on a phone, in Chinese, without signing in.
      const ward = await open(PHONE);
      await ward.page.goto(wardLink);
      await ward.page.waitForSelector('#survey-form[data-editable="true"]');
      expect(await text(ward.page, '#survey-title')).toBe(CAMPAIGN.zh);
      expect(await ward.page.locator('#sign-out').count()).toBe(0);
      expect(await ward.page.locator('[data-target]').count()).toBe(2);
      // Each question is a fieldset with its text as the legend and a radio group of its scale.
      const legend = ward.page.locator('[data-target="C101"] fieldset[data-question="q1"] legend');
      expect(await legend.textContent()).toContain(Q1.zh);
      expect(
        await ward.page
          .locator('[data-target="C101"] fieldset[data-question="q1"] input[type=radio]')
          .count(),
      ).toBe(5);
      expect(
        await ward.page
          .locator('[data-target="C101"] fieldset[data-question="q2"] input[type=radio]')
          .count(),
      ).toBe(10);
      const box = await ward.page
        .locator('[data-target="C101"] fieldset[data-question="q1"] label.choice')
        .first()
        .boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
      // Nothing rated: the page says so, nothing is sent.
      await ward.page.click('#survey-submit');
      expect(await text(ward.page, '#survey-status')).toBe('请至少为一项服务打分后再提交。');
      await tap(ward.page, 'C101', 'q1', 5);
      await tap(ward.page, 'C101', 'q2', 9);
      await tap(ward.page, 'C102', 'q1', 3);
      await tap(ward.page, 'C102', 'q2', 6);
      await ward.page.fill('#survey-comment', '夜间保洁偶有延迟');
      await ward.page.click('#survey-submit');
      await saved(ward.page);
      expect(await text(ward.page, '#survey-submit')).toBe('提交修改');
      expect(await scrollWidth(ward.page)).toBeLessThanOrEqual(PHONE.width);
      await screenshots(ward.page, 'survey-answered');
      await ward.page.setViewportSize(PHONE);

      // Reloaded, the answer is there and still editable; the edit replaces it.
      await ward.page.reload();
      await ward.page.waitForSelector('#survey-form[data-editable="true"]');
      expect(await text(ward.page, '#survey-status')).toContain('您已提交，可在测评结束前修改');
      expect(await checked(ward.page, 'C101', 'q1')).toBe('5');
      expect(await checked(ward.page, 'C102', 'q2')).toBe('6');
      expect(await ward.page.inputValue('#survey-comment')).toBe('夜间保洁偶有延迟');
      await tap(ward.page, 'C102', 'q1', 4);
      await ward.page.click('#survey-submit');
      // The answered page's status is 'ok' already (您已提交…): wait for the save's own words.
      await saved(ward.page);

      // A patient slip rates one cleaner only, and skips the question they cannot judge.
      const patient = await open(PHONE);
      await patient.page.goto(patientLink);
      await patient.page.waitForSelector('#survey-form[data-editable="true"]');
      await tap(patient.page, 'C101', 'q1', 4);
      await patient.page.click('#survey-submit');
      await patient.page.waitForSelector('#survey-status.ok');
      expect(await scrollWidth(patient.page)).toBeLessThanOrEqual(PHONE.width);

      // --- HR: the response rate moved; a reminder for the last slip; closing asks first.
      await hr.page.reload();
      await hr.page.waitForSelector('#campaign[data-state="open"]');
      expect(await row.locator('.rate').textContent()).toBe('66.7%');
      expect(await text(hr.page, '#fact-responded .value')).toBe('2');
      expect(await hr.page.locator('#respondents tr[data-responded="true"]').count()).toBe(2);
      await hr.page.click('#remind-survey');
      await hr.page.waitForSelector('#reminders li');
      expect(await hr.page.locator('#reminders li').count()).toBe(1);
      expect(await text(hr.page, '#reminders li .link-text')).toBe(links[2]);
      expect(await text(hr.page, `#respondents tr[data-responded="false"] td:nth-child(6)`)).toBe('1');
      await hr.page.click('#close-survey');
      expect(await hr.page.locator('#confirm-close').count()).toBe(1);
      await hr.page.click('#confirm-close');
      await hr.page.waitForSelector('#campaign[data-state="closed"]');
      expect(await text(hr.page, '#surveys-notice')).toMatch(
        /^测评已结束。已录入 2026-10 的数据批次 #\d+。$/,
      );
      for (const absent of ['#close-survey', '#remind-survey', '#add-respondents'])
        expect(await hr.page.locator(absent).count()).toBe(0);
      // The statistics by hand. C101: the ward 5 and 9/10 → (5 + 4.5) / 2 = 4.75, satisfied; the patient 4 only (the
      // second question skipped) → 4, satisfied (at least 4): 2 responses, q1 (5 + 4) / 2 = 4.5, q2 9 (one score),
      // mean (4.75 + 4) / 2 = 4.375, 2 satisfied, 100%. C102: the ward only, 4 (edited from 3) and 6/10 →
      // (4 + 3) / 2 = 3.5, not satisfied: 1 response, 0%.
      const cells = async (target: string) =>
        hr.page.locator(`#statistics tr[data-target="${target}"] td`).allTextContents();
      expect(await cells('C101')).toEqual([
        expect.stringContaining('C101'),
        '2',
        '4.5',
        '9',
        '4.38',
        '2',
        '100%',
      ]);
      expect(await cells('C102')).toEqual([expect.stringContaining('C102'), '1', '4', '6', '3.5', '0', '0%']);
      await screenshots(hr.page, 'surveys-hr-closed');
      // The same page in English: the state, the table's heading and the rate's label follow.
      await hr.page.selectOption('#lang', 'en');
      expect(await text(hr.page, '#campaign [data-state="closed"]')).toBe('closed');
      expect(await text(hr.page, '#statistics h3')).toBe('Statistics');
      expect(await text(hr.page, '#fact-rate .label')).toBe('Response rate');
      expect(await text(hr.page, 'nav.office-nav a.current')).toBe('Surveys');
      await hr.page.selectOption('#lang', 'zh');

      // --- The ward's page after closing: read only, the answer shown, 测评已结束.
      await ward.page.reload();
      await ward.page.waitForSelector('#survey-form[data-editable="false"]');
      expect(await text(ward.page, '#survey-status')).toContain('测评已结束');
      expect(await ward.page.locator('#survey-submit').count()).toBe(0);
      expect(await checked(ward.page, 'C102', 'q1')).toBe('4');
      expect(await ward.page.locator('fieldset[data-question]:not([disabled])').count()).toBe(0);
      expect(await ward.page.locator('#survey-comment').getAttribute('readonly')).not.toBeNull();
      expect(await scrollWidth(ward.page)).toBeLessThanOrEqual(PHONE.width);
      await screenshots(ward.page, 'survey-closed');

      // And the API agrees: an answer now is refused.
      const token = wardLink.split('#')[1];
      await request(server())
        .put(`/api/v1/survey-answers/${token}`)
        .send({ answers: { C101: { q1: 1 } } })
        .expect(409);

      for (const who of [hr, ward, patient]) {
        expect(who.problems).toEqual([]);
        expect(who.notFound).toEqual([]);
        await who.context.close();
      }
    }, 180_000);

    it('an unknown or missing link gets a clear message; the language switch turns the page into English', async () => {
      const { context, page, problems, notFound } = await open(PHONE);
      await page.goto(`${base}/app/survey.html#AAAAAAAAAAAAAAAAAAAAAA`);
      await page.waitForSelector('#survey-error');
      expect(await text(page, '#survey-error')).toBe(
        '测评链接无效。请确认链接完整，或联系发放链接的工作人员。',
      );
      expect(notFound).toHaveLength(1);
      await page.selectOption('#lang', 'en');
      expect(await text(page, '#survey-error')).toMatch(/^This survey link is not valid/);
      await page.goto(`${base}/app/survey.html`);
      await page.waitForSelector('#survey-error');
      expect(await text(page, '#survey-error')).toMatch(/^This link is incomplete/);

      // A campaign of its own, opened through the API: the page in English, then back in Chinese.
      const created = await request(server())
        .post('/api/v1/surveys')
        .set(asAdmin)
        .send({
          code: 'SAT-EN',
          name: CAMPAIGN.zh,
          names: { zh: '英文切换测评', en: 'Language switch survey' },
          period: OCT,
          content: {
            questions: [{ code: 'q1', text: Q1, scale: 5 }],
            comment: false,
            targets: [{ kind: 'staff', code: 'C101', label: { zh: '保洁员甲', en: 'Cleaner A' } }],
            outputs: { answers: 'survey_answers' },
          },
        })
        .expect(accepted);
      const id = created.body.id as number;
      const [slip] = (
        await request(server())
          .post(`/api/v1/surveys/${id}/respondents`)
          .set(asAdmin)
          .send({ patients: { count: 1 } })
          .expect(accepted)
      ).body as { link: string }[];
      // A draft's link is not answerable yet.
      await page.goto(slip.link);
      await page.waitForSelector('#survey-form[data-editable="false"]');
      expect(await text(page, '#survey-status')).toMatch(/has not started/);
      await request(server()).post(`/api/v1/surveys/${id}/open`).set(asAdmin).expect(accepted);
      await page.reload();
      await page.waitForSelector('#survey-form[data-editable="true"]');
      expect(await text(page, '#survey-title')).toBe('Language switch survey');
      expect(await text(page, '[data-target="C101"] h2')).toBe('Cleaner A');
      expect(await page.locator('fieldset[data-question="q1"] legend').textContent()).toContain(Q1.en);
      expect(await text(page, '#survey-submit')).toBe('Submit');
      expect(await page.locator('#survey-comment').count()).toBe(0);
      await tap(page, 'C101', 'q1', 2);
      await page.selectOption('#lang', 'zh');
      // The choice survives the switch; the words change.
      expect(await checked(page, 'C101', 'q1')).toBe('2');
      expect(await text(page, '#survey-title')).toBe('英文切换测评');
      expect(await text(page, '[data-target="C101"] h2')).toBe('保洁员甲');
      expect(await text(page, '#survey-submit')).toBe('提交');
      await page.click('#survey-submit');
      await page.waitForSelector('#survey-status.ok');
      await page.selectOption('#lang', 'en');
      expect(await text(page, '#survey-status')).toBe(
        'Submitted. You can change your answer until the survey ends.',
      );
      expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
      expect(problems).toEqual([]);
      await context.close();
    }, 120_000);

    it('an auditor reads the campaigns, respondents and statistics without a button that writes', async () => {
      const { context, page, problems } = await open(PHONE);
      await signInOnPage(page, base, AUDITOR, 'office.html');
      await page.selectOption('#lang', 'zh');
      const [first] = (await request(server()).get(`/api/v1/surveys?period=${OCT}`).set(asAdmin).expect(200))
        .body as { id: number }[];
      await page.goto(`${base}/app/surveys.html#${first.id}`);
      await page.waitForSelector(`#campaign[data-campaign="${first.id}"]`);
      // Opened from the address, the campaign's own month is listed.
      expect(await page.inputValue('#survey-period')).toBe(OCT);
      expect(await page.locator('#campaigns tr[data-campaign]').count()).toBe(2);
      expect(await page.locator('#respondents tr[data-respondent]').count()).toBeGreaterThan(0);
      for (const absent of [
        '#new-survey',
        '#open-survey',
        '#edit-survey',
        '#remind-survey',
        '#close-survey',
        '#add-respondents',
      ])
        expect(await page.locator(absent).count()).toBe(0);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
      expect(problems).toEqual([]);
      await context.close();
    }, 60_000);
  },
);

// The opinion pages end to end in headless Chromium, in Chinese: the API in-process on a random port with the
// library month 2026-10 (one more MAINT member of staff, so that the set reaches OPINION_MIN_ANSWERS) imported and
// scored. HR opens 意见征集 from the office's row of links and opens a round in the form. On a 390 px phone a MAINT
// member of staff finds the card 考核意见征集 on their page with the anonymity note, rates two indicators by tapping,
// comments on one, writes a suggestion and submits: 已提交，谢谢 (still so after a reload); nothing is wider than
// the screen. Four colleagues answer through the API. HR reads the summary: MAINT's bars and figures worked out by
// hand below, the indicator judged unfair by 60 % flagged, the comment shown; CLEAN (one answer) counts only. No
// script error, console error or CSP violation may appear. Without Chromium it says so in one line and does not run.
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import type { StaffDef } from '@app/scoring';
import { libraryMonth } from './factories/month';
import { TEST_ADMIN } from './support/app';
import {
  ARTIFACTS,
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

const OCT = '2026-10';
const STAFF = { username: 'staff.e101', password: 'staff.e101-password' };
/** The colleagues' answers (EFFECTIVE_HOURS, COMPLAINTS), sent through the API. */
const OTHERS: [string, number, number][] = [
  ['E102', 5, 2],
  ['E201', 4, 5],
  ['E202', 4, 4],
  ['E191', 3, 1],
];

(hasChromium('the opinion pages in Chromium') ? describe : describe.skip)(
  'the opinion pages in Chromium',
  () => {
    let app: NestExpressApplication;
    let browser: Browser;
    let base: string;
    let asAdmin: Record<string, string>;
    const server = () => app.getHttpServer();

    const user = async (username: string, staffId: string) => {
      const password = `${username}-password`;
      await request(server())
        .post('/api/v1/users')
        .set(asAdmin)
        .send({ username, password, role: 'staff', staffId })
        .expect(201);
      const login = await request(server())
        .post('/api/v1/auth/login')
        .send({ username, password })
        .expect(200);
      return { Authorization: `Bearer ${login.body.accessToken as string}` };
    };

    beforeAll(async () => {
      ({ app, base, asAdmin } = await servedApp());
      const doc = libraryMonth();
      const e101 = doc.staff.find((s) => s.id === 'E101')!;
      doc.staff.push({ ...e101, id: 'E191', employeeNo: 'E191' } as StaffDef);
      await request(server()).post('/api/v1/documents').set(asAdmin).send(doc).expect(200);
      const run = await request(server()).post(`/api/v1/periods/${OCT}/runs`).set(asAdmin).expect(202);
      expect((await waitForRun(server(), run.body.runId as string, 60000, asAdmin)).status).toBe('completed');
      browser = await launchChromium();
    }, 120000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    /** A fresh context (Chinese) whose page records script errors, CSP violations and console errors. */
    const open = (viewport = WIDE) => openPage(browser, { viewport, locale: 'zh-CN' });

    const text = (page: Page, selector: string) => textOf(page, selector, 'only');
    const tap = (page: Page, indicator: string, n: number) =>
      page.click(`fieldset[data-indicator="${indicator}"] label.opinion-choice:nth-child(${n})`);

    it('HR opens a round; a member of staff answers on a phone in Chinese; HR reads the summary', async () => {
      await request(server())
        .post('/api/v1/users')
        .set(asAdmin)
        .send({ ...STAFF, role: 'staff', staffId: 'E101' });

      // --- HR opens a round from the page.
      const hr = await open();
      await signInOnPage(hr.page, base, TEST_ADMIN, 'office.html');
      await hr.page.selectOption('#lang', 'zh');
      await hr.page.click('nav.office-nav a[href="opinions.html"]');
      await hr.page.waitForSelector('#opinion-rounds');
      expect(await text(hr.page, 'nav.office-nav a.current')).toBe('意见征集');
      expect(await text(hr.page, '#opinion-rounds')).toContain('还没有意见征集');
      await hr.page.fill('#opinion-title-zh', '2026年考核意见征集');
      await hr.page.fill('#opinion-title-en', 'Your opinion on the 2026 appraisal');
      await hr.page.click('#opinion-open-submit');
      await hr.page.waitForSelector('#opinion-rounds tr[data-round]');
      expect(await text(hr.page, '#opinions-notice')).toContain('意见征集已发起');
      expect(await text(hr.page, '#opinion-rounds tbody')).toContain('2026年考核意见征集');
      expect(await text(hr.page, '#opinion-rounds tbody')).toContain(OCT);
      // One open round: the form is gone.
      expect(await hr.page.locator('#opinion-open').count()).toBe(0);

      // --- The member of staff, on a phone.
      const staff = await open(PHONE);
      await signInOnPage(staff.page, base, STAFF, 'me.html');
      await staff.page.selectOption('#lang', 'zh');
      await staff.page.waitForSelector('#opinion-card fieldset[data-indicator="EFFECTIVE_HOURS"]');
      expect(await text(staff.page, '#opinion-card h2')).toBe('考核意见征集');
      expect(await text(staff.page, '#opinion-anonymous')).toContain('匿名');
      expect(await text(staff.page, '#opinion-anonymous')).toContain('5');
      expect(await text(staff.page, 'fieldset[data-indicator="EFFECTIVE_HOURS"] legend')).toBe('有效工时率');
      expect(await staff.page.locator('#opinion-card fieldset').count()).toBe(11);
      // Submitting without a rating is refused on the page.
      await staff.page.click('#opinion-submit');
      expect(await text(staff.page, '#opinion-message')).toBe('请至少为一项指标评分。');
      await tap(staff.page, 'EFFECTIVE_HOURS', 2);
      await tap(staff.page, 'COMPLAINTS', 1);
      await staff.page.click('fieldset[data-indicator="COMPLAINTS"] details summary');
      await staff.page.fill('fieldset[data-indicator="COMPLAINTS"] textarea', '一次投诉就扣很多分');
      await staff.page.fill('#opinion-suggestion', '希望增加团队协作的指标');
      const layout = await phoneLayout(staff.page);
      expect(layout.wide).toEqual([]);
      expect(await staff.page.evaluate<number>('document.scrollingElement.scrollWidth')).toBeLessThanOrEqual(
        PHONE.width,
      );
      const box = await staff.page
        .locator('fieldset[data-indicator="COMPLAINTS"] label.opinion-choice')
        .first()
        .boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
      await staff.page
        .locator('#opinion-card')
        .screenshot({ path: join(ARTIFACTS, 'web-opinions-card-390.png') });
      await staff.page.click('#opinion-submit');
      await staff.page.waitForSelector('#opinion-thanks');
      expect(await text(staff.page, '#opinion-thanks')).toBe('已提交，谢谢');
      await staff.page.reload();
      await staff.page.waitForSelector('#opinion-thanks');
      expect(await staff.page.locator('#opinion-card fieldset').count()).toBe(0);

      // --- Four colleagues through the API, one CLEAN member of staff.
      for (const [code, hours, complaints] of OTHERS) {
        const auth = await user(`staff.${code.toLowerCase()}`, code);
        const round = await request(server()).get('/api/v1/me/opinions').set(auth).expect(200);
        await request(server())
          .post(`/api/v1/me/opinions/${round.body.round.id as number}`)
          .set(auth)
          .send({ ratings: { EFFECTIVE_HOURS: hours, COMPLAINTS: complaints } })
          .expect(201);
      }
      const cleaner = await user('staff.c101', 'C101');
      const cRound = await request(server()).get('/api/v1/me/opinions').set(cleaner).expect(200);
      await request(server())
        .post(`/api/v1/me/opinions/${cRound.body.round.id as number}`)
        .set(cleaner)
        .send({ ratings: { COMPLAINTS: 1 }, suggestion: '保洁组的建议' })
        .expect(201);

      // --- HR reads the summary. EFFECTIVE_HOURS 2 5 4 4 3 → mean 3.6, [0,1,1,2,1], unfair 1 of 5 = 20 %: no flag.
      // COMPLAINTS 1 2 5 4 1 → mean 2.6, [2,1,0,1,1], unfair 3 of 5 = 60 %: flagged.
      await hr.page.reload();
      await hr.page.waitForSelector('#opinion-rounds tr[data-round]');
      await hr.page.click('#opinion-rounds button[data-action="summary"]');
      await hr.page.waitForSelector('#opinion-summary [data-set="MAINT"]');
      const maint = '#opinion-summary [data-set="MAINT"]';
      expect(await hr.page.getAttribute(maint, 'data-shown')).toBe('true');
      expect(await text(hr.page, maint)).toContain('答卷数 5 / 应答人数 5');
      const hours = `${maint} [data-indicator="EFFECTIVE_HOURS"]`;
      expect(await text(hr.page, `${hours} .mean`)).toBe('均分（1–5） 3.6');
      expect(await text(hr.page, `${hours} .dist`)).toBe('0 · 1 · 1 · 2 · 1');
      expect(await hr.page.getAttribute(hours, 'data-flagged')).toBe('false');
      expect(
        await hr.page.locator(`${hours} meter`).evaluate((m) => (m as unknown as { value: number }).value),
      ).toBe(3.6);
      const complaints = `${maint} [data-indicator="COMPLAINTS"]`;
      expect(await text(hr.page, `${complaints} .mean`)).toBe('均分（1–5） 2.6');
      expect(await text(hr.page, `${complaints} .dist`)).toBe('2 · 1 · 0 · 1 · 1');
      expect(await text(hr.page, `${complaints} .flag`)).toBe('30% 及以上认为不公平');
      expect(await text(hr.page, complaints)).toContain('60%');
      expect(await text(hr.page, complaints)).toContain('一次投诉就扣很多分');
      expect(await text(hr.page, maint)).toContain('希望增加团队协作的指标');
      const clean = '#opinion-summary [data-set="CLEAN"]';
      expect(await hr.page.getAttribute(clean, 'data-shown')).toBe('false');
      expect(await text(hr.page, clean)).toContain('答卷太少');
      expect(await text(hr.page, '#opinion-summary')).not.toContain('保洁组的建议');

      await screenshots(hr.page, 'web-opinions-summary');
      await hr.page
        .locator('#opinion-summary [data-set="MAINT"]')
        .screenshot({ path: join(ARTIFACTS, 'web-opinions-maint-1366.png') });

      // The sets page links each set to its latest round's summary.
      await hr.page.goto(`${base}/app/sets.html`);
      await hr.page.click('tr[data-set-row="MAINT"] a.opinion-link');
      await hr.page.waitForSelector('#opinion-summary [data-set="MAINT"] [data-indicator="COMPLAINTS"]');
      expect(hr.page.url()).toMatch(/opinions\.html#\d+:MAINT$/);

      // Closing, confirmed first.
      await hr.page.click('#opinion-rounds button[data-action="close"]');
      await hr.page.click('#opinion-close-confirm');
      await hr.page.waitForSelector('#opinion-rounds .badge.state-closed');
      expect(await text(hr.page, '#opinions-notice')).toBe('本轮意见征集已结束。');

      for (const who of [hr, staff]) {
        expect(who.problems).toEqual([]);
        await who.context.close();
      }
    }, 120000);
  },
);

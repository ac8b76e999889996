// The grade calibration page end to end in headless Chromium: the API in-process on a random port with the library
// month 2026-10, its MAINT set capped at 20 % A hospital-wide (of four staff: none) and HR's override of E102 to A,
// imported and scored. HR follows 等级校准 from the month cockpit: the table says who the quota moved from A to B
// (with the rule, group and rank) and that E102's A is HR's override with its reason. In the form HR looks E201 up
// (the grade select holds MAINT's grades), saves an override with a reason: it is listed as not applied yet, with
// the note that a new run is due; HR removes it again from the month's overrides. In English the same page says
// it in English. E102 sees the override's line under their grade on a 390 px phone, nothing wider than the
// screen. No script error, console error or CSP violation may appear. Without Chromium it says so and does not run.
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { libraryMonth } from './factories/month';
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

const OCT = '2026-10';
const STAFF = { username: 'staff.e102', password: 'staff.e102-password' };

(hasChromium('the calibration page in Chromium') ? describe : describe.skip)(
  'the calibration page in Chromium',
  () => {
    let app: NestExpressApplication;
    let browser: Browser;
    let base: string;
    let asAdmin: Record<string, string>;
    /** The MAINT staff the quota moves from A to B: those whose total reaches 90. */
    let moved: string[];
    const server = () => app.getHttpServer();

    beforeAll(async () => {
      ({ app, base, asAdmin } = await servedApp());
      const doc = libraryMonth();
      doc.indicatorSets.find((s) => s.code === 'MAINT')!.quotas = {
        scope: 'hospital',
        rules: [{ grade: 'A', maxShare: 20 }],
      };
      await request(server()).post('/api/v1/documents').set(asAdmin).send(doc).expect(200);
      await request(server())
        .put(`/api/v1/periods/${OCT}/overrides/E102`)
        .set(asAdmin)
        .send({ grade: 'A', reason: '年度突出贡献' })
        .expect(200);
      const run = await request(server()).post(`/api/v1/periods/${OCT}/runs`).set(asAdmin).expect(202);
      expect((await waitForRun(server(), run.body.runId as string, 60000, asAdmin)).status).toBe('completed');
      const results = await request(server())
        .get(`/api/v1/periods/${OCT}/results?limit=1000`)
        .set(asAdmin)
        .expect(200);
      moved = (results.body.items as { id: string; indicatorSet: string; total: number }[])
        .filter((r) => r.indicatorSet === 'MAINT' && r.id !== 'E102' && r.total >= 90)
        .map((r) => r.id);
      await request(server())
        .post('/api/v1/users')
        .set(asAdmin)
        .send({ ...STAFF, role: 'staff', staffId: 'E102' })
        .expect(201);
      browser = await launchChromium();
    }, 120000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    /** A fresh context whose page records script errors, CSP violations and console errors. */
    const open = (viewport = WIDE, locale = 'zh-CN') =>
      openPage(browser, { viewport, locale, acceptDialogs: true });

    it('HR follows the cockpit’s link and reads who moved and why, in Chinese and English', async () => {
      const hr = await open();
      await signInOnPage(hr.page, base, TEST_ADMIN, 'office.html');
      await hr.page.selectOption('#lang', 'zh');
      await hr.page.click('#calibration-link');
      await hr.page.waitForURL(`**/app/calibration.html?period=${OCT}`);
      await hr.page.waitForSelector('#override-form');
      expect(await textOf(hr.page, 'nav.office-nav a.current')).toBe('等级校准');
      await hr.page.waitForSelector('#calibration-items');

      // The quota's moves and HR's override, each with why.
      expect(moved.length).toBeGreaterThan(0);
      for (const code of moved) {
        const row = await textOf(hr.page, `#calibration-items tr[data-staff="${code}"]`);
        expect(row).toContain('等级配额 A 不超过 20%（全院，4 人中排名第');
        expect(row).toContain('允许 0 人）');
      }
      const e102 = await textOf(hr.page, '#calibration-items tr[data-staff="E102"]');
      expect(e102).toContain('人事调整：年度突出贡献');
      expect(e102).toContain('是');
      expect(await textOf(hr.page, '#calibration-groups')).toContain('MAINT · 全院');
      expect(await hr.page.locator('#calibration-run-note').count()).toBe(0);

      await hr.page.selectOption('#lang', 'en');
      await hr.page.locator('nav.office-nav a.current', { hasText: 'Calibration' }).waitFor();
      for (const code of moved)
        expect(await textOf(hr.page, `#calibration-items tr[data-staff="${code}"]`)).toContain(
          'Quota A at most 20% (hospital-wide: ranked',
        );
      expect(await textOf(hr.page, '#calibration-items tr[data-staff="E102"]')).toContain(
        'Set by HR: 年度突出贡献',
      );
      expect(hr.problems).toEqual([]);
      await hr.context.close();
    });

    it('shows a department manager their department’s people, without the form or the overrides', async () => {
      await request(server())
        .post('/api/v1/users')
        .set(asAdmin)
        .send({
          username: 'manager.sy',
          password: 'manager.sy-password',
          role: 'dept_manager',
          departments: ['ENG-SY'],
        })
        .expect(201);
      const m = await open();
      await signInOnPage(
        m.page,
        base,
        { username: 'manager.sy', password: 'manager.sy-password' },
        'department.html',
      );
      // The department page links the month's calibration; its own probes of other months (404) are not this
      // page's.
      await m.page.waitForSelector('#dept-calibration-link');
      expect(await m.page.getAttribute('#dept-calibration-link', 'href')).toBe(
        `calibration.html?period=${OCT}`,
      );
      await m.page.waitForLoadState('networkidle');
      m.problems.length = 0;
      await m.page.click('#dept-calibration-link');
      await m.page.selectOption('#lang', 'zh');
      await m.page.waitForSelector('#calibration-items, #calibration-none');
      const rows: (string | null)[] = [];
      const trs = m.page.locator('#calibration-items tr[data-staff]');
      for (let i = 0; i < (await trs.count()); i++) rows.push(await trs.nth(i).getAttribute('data-staff'));
      // E101 and E102 are ENG-CC's: not shown to ENG-SY's manager.
      expect(rows.filter((c) => c === 'E101' || c === 'E102')).toEqual([]);
      for (const absent of ['#override-form', '#calibration-overrides', 'nav.office-nav'])
        expect(await m.page.locator(absent).count()).toBe(0);
      expect(m.problems).toEqual([]);
      await m.context.close();
    });

    it('HR overrides a grade in the form (pending until a new run) and removes it, in Chinese and English', async () => {
      const hr = await open();
      await signInOnPage(hr.page, base, TEST_ADMIN, 'office.html');
      await hr.page.goto(`${base}/app/calibration.html?period=${OCT}`);
      await hr.page.selectOption('#lang', 'zh');
      await hr.page.waitForSelector('#override-form');

      // E201's set's grades to choose from; saved with a reason, pending until a new run.
      await hr.page.fill('#override-staff', 'E201');
      await hr.page.click('#override-look-up');
      await hr.page.waitForSelector('#override-grade');
      expect(await textOf(hr.page, '#override-person')).toContain('（E201）· 考核组 MAINT');
      expect(await hr.page.locator('#override-grade option').allTextContents()).toEqual(['A', 'B', 'C', 'D']);
      // No reason: refused on the page.
      await hr.page.selectOption('#override-grade', 'B');
      await hr.page.click('#override-save');
      expect(await textOf(hr.page, '#calibration-status')).toBe('请填写 1 到 500 字的理由。');
      await hr.page.fill('#override-reason', '补充材料后复核');
      await hr.page.click('#override-save');
      await hr.page.waitForSelector('#calibration-pending tr[data-staff="E201"]');
      expect(await textOf(hr.page, '#calibration-status')).toBe('已将 E201 的等级调整为 B，需重新核算。');
      expect(await textOf(hr.page, '#calibration-run-note')).toBe(
        '有 1 项等级调整在最近一次核算后保存或撤销，审批前需重新核算。',
      );
      expect(await textOf(hr.page, '#calibration-pending tr[data-staff="E201"]')).toContain('补充材料后复核');
      expect(await textOf(hr.page, '#calibration-overrides tr[data-staff="E201"]')).toContain(
        'user:hr.admin',
      );
      // An unknown person: the API's refusal in Chinese.
      await hr.page.fill('#override-staff', 'Z999');
      await hr.page.click('#override-look-up');
      await hr.page.locator('#calibration-status', { hasText: 'Z999' }).waitFor();
      expect(await textOf(hr.page, '#calibration-status')).toContain('没有工号为 Z999 的员工');
      await screenshots(hr.page, 'calibration-zh');

      // In English; removed from the month's overrides (after the confirmation): nothing pending any more.
      await hr.page.selectOption('#lang', 'en');
      await hr.page.locator('nav.office-nav a.current', { hasText: 'Calibration' }).waitFor();
      expect(await textOf(hr.page, '#calibration-run-note')).toBe(
        '1 override(s) saved or removed after the month’s run: a new run is due before approval.',
      );
      await hr.page.click('#calibration-overrides tr[data-staff="E201"] button.remove-override');
      await hr.page.locator('#calibration-pending').waitFor({ state: 'detached' });
      expect(await textOf(hr.page, '#calibration-status')).toBe(
        'The override of E201 was removed: a new run is due.',
      );
      expect(await hr.page.locator('#calibration-overrides tr[data-staff="E201"]').count()).toBe(0);
      expect(await textOf(hr.page, '#calibration-overrides')).toContain('E102');
      await screenshots(hr.page, 'calibration-en');
      // The browser logs the refused look-up (404) itself: that one is expected.
      expect(hr.problems.filter((p) => !p.includes('/overrides/Z999'))).toEqual([]);
      await hr.context.close();
    });

    it('shows a member of staff the override under their grade on a phone', async () => {
      const me = await open(PHONE);
      await signInOnPage(me.page, base, STAFF, 'me.html');
      await me.page.selectOption('#lang', 'zh');
      await me.page.waitForSelector('#calibration-line');
      expect(await textOf(me.page, '#calibration-line')).toBe('人事将等级调整为 A：年度突出贡献');
      expect((await phoneLayout(me.page)).wide).toEqual([]);
      await me.page.selectOption('#lang', 'en');
      await me.page.locator('#calibration-line', { hasText: 'Grade set to A by HR' }).waitFor();
      expect(await textOf(me.page, '#calibration-line')).toBe('Grade set to A by HR: 年度突出贡献');
      expect(me.problems).toEqual([]);
      await me.context.close();
    });
  },
);

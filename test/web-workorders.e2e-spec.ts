// The work-order pages end to end in headless Chromium: the API in-process on a random port with the library month
// 2026-10 imported, its response times taken out of the document so that they come from the feed. HR opens 工单 from
// the office's row of links, creates a feed (its secret shown once, with the warning; gone after a reload), writes
// the mapping as JSON (a wrong one first: the problem is listed by its path, nothing saved), and the test sends the
// feed's events signed as docs/WORK-ORDERS.md says (HMAC-SHA256 of "<timestamp>.<raw body>"). HR derives on the
// page (派生本月数据) and reads the summary — orders, orphans by order id, the unknown assignee skipped, rows, the
// batch —, the values and the month's orders (the orphan marked, the filter by person). An auditor reads the page
// without a button. After the month is scored, a member of staff on a 390 px phone in Chinese opens their month and
// finds 查看工单 (3) beside the response-time indicator's explanation, opening the three orders behind their value;
// a colleague asking for those orders is answered 404; nothing scrolls sideways; the English switch turns the link
// into "orders (3)". No script or console error may appear. Without Chromium it says so in one line and does not run.
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Browser, Locator } from 'playwright-core';
import request from 'supertest';
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
const FEED = { code: 'CMMS', zh: '报修工单系统' };
const STAFF_1 = { username: 'staff.wo1', password: 'staff.wo1-password', staffId: 'E101' };
const STAFF_2 = { username: 'staff.wo2', password: 'staff.wo2-password', staffId: 'E102' };
const AUDITOR = { username: 'auditor.wo', password: 'auditor.wo-password' };
const MANAGER = { username: 'manager.wo', password: 'manager.wo-password', departments: ['ENG-CC'] };

/** The 50th percentile (nearest rank) of the person's response minutes to electric repairs. */
const MAPPING = {
  inputs: [
    {
      input: 'response_minutes',
      per: 'staff',
      measure: 'response_p',
      percentile: 50,
      serviceTypes: ['repair.electric'],
    },
  ],
  tasks: [],
};

/** E101's three electric repairs (reached after 10, 40 and 25 minutes), E102's one (15), a ghost's, an orphan. */
const ORDERS: { id: string; assignee: string; response: number; rating?: number }[] = [
  { id: 'WO-1001', assignee: 'E101', response: 10, rating: 5 },
  { id: 'WO-1002', assignee: 'E101', response: 40 },
  { id: 'WO-1003', assignee: 'E101', response: 25, rating: 4 },
  { id: 'WO-2001', assignee: 'E102', response: 15 },
  { id: 'WO-9001', assignee: 'GHOST', response: 5 },
];

/** An instant of October 2026: `minutes` after 08:00 in Shanghai on `day` (00:00 UTC). */
const at = (day: number, minutes: number) =>
  new Date(Date.UTC(2026, 9, day, 0, minutes)).toISOString().replace('.000Z', 'Z');

function events() {
  const out: Record<string, unknown>[] = [];
  ORDERS.forEach((o, k) => {
    const day = 5 + k;
    const e = (type: string, minutes: number, extra: Record<string, unknown> = {}) =>
      out.push({ eventId: `${o.id}-${type}`, orderId: o.id, type, occurredAt: at(day, minutes), ...extra });
    e('created', 0, { requester: 'WARD-3', serviceType: 'repair.electric' });
    e('assigned', 1, { assignee: o.assignee });
    e('arrived', o.response);
    e('completed', o.response + 30, { result: 'done' });
    if (o.rating) e('rated', o.response + 60, { rating: o.rating });
  });
  // An order whose creation never came: kept, reported, never counted.
  out.push({
    eventId: 'WO-7777-assigned',
    orderId: 'WO-7777',
    type: 'assigned',
    occurredAt: at(12, 0),
    assignee: 'E101',
  });
  return out.reverse();
}

(hasChromium('the work-order pages in Chromium') ? describe : describe.skip)(
  'the work-order pages in Chromium',
  () => {
    let app: NestExpressApplication;
    let browser: Browser;
    let base: string;
    let asAdmin: Record<string, string>;
    const server = () => app.getHttpServer();

    beforeAll(async () => {
      ({ app, base, asAdmin } = await servedApp());
      const doc = libraryMonth();
      // The response times come from the feed, not from the document.
      for (const s of doc.staff as { inputs?: Record<string, unknown> }[]) delete s.inputs?.response_minutes;
      await request(server()).post('/api/v1/documents').set(asAdmin).send(doc).expect(200);
      for (const u of [
        { ...STAFF_1, role: 'staff' },
        { ...STAFF_2, role: 'staff' },
        { ...AUDITOR, role: 'auditor' },
        { ...MANAGER, role: 'dept_manager' },
      ])
        await request(server()).post('/api/v1/users').set(asAdmin).send(u).expect(201);
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    /** A fresh context whose page records script errors and console errors. */
    async function open(viewport = WIDE, locale = 'zh-CN') {
      /** Refusals the browser logs (a month without a mapping answers 404): "<status> <path>", checked apart. */
      const refused: string[] = [];
      const opened = await openPage(browser, {
        viewport,
        locale,
        permissions: ['clipboard-read', 'clipboard-write'],
        ignore: (text, url) => {
          const status = /status of (\d{3})/.exec(text);
          if (status) refused.push(`${status[1]} ${new URL(url).pathname}`);
          return status !== null;
        },
      });
      return { ...opened, refused };
    }

    /** An attribute of every element `locator` finds, in page order. */
    const attrs = async (locator: Locator, name: string) =>
      Promise.all((await locator.all()).map((r) => r.getAttribute(name)));

    /** Sends the events as the feed, signed with its secret over the exact bytes sent. */
    async function send(secret: string, list: Record<string, unknown>[]) {
      const body = JSON.stringify({ events: list });
      const ts = String(Math.floor(Date.now() / 1000));
      const sig = createHmac('sha256', secret).update(`${ts}.`).update(body).digest('hex');
      return request(server())
        .post('/api/v1/feeds/work-orders')
        .set('Content-Type', 'application/json')
        .set('X-Feed', FEED.code)
        .set('X-Feed-Timestamp', ts)
        .set('X-Feed-Signature', `sha256=${sig}`)
        .send(body);
    }

    async function signedInToken(who: { username: string; password: string }) {
      const res = await request(server())
        .post('/api/v1/auth/login')
        .send({ username: who.username, password: who.password })
        .expect(200);
      return { Authorization: `Bearer ${res.body.accessToken as string}` };
    }

    it('HR creates a feed, writes the mapping, derives the month and reads its summary, values and orders', async () => {
      const { context, page, problems, refused } = await open();
      await signInOnPage(page, base, TEST_ADMIN, 'office.html');
      await page.selectOption('#lang', 'zh');
      await page.click('nav.office-nav a[href="workorders.html"]');
      await page.waitForSelector('#wo-feeds');
      expect(await textOf(page, 'nav.office-nav a.current')).toBe('工单');
      await page.fill('#wo-period', OCT);
      await page.waitForSelector(`#wo-mapping h2:has-text("${OCT}")`);
      expect(await textOf(page, '#wo-no-mapping')).toContain('没有生效的映射');

      // --- The feed: its secret shown once, with the warning and a copy button.
      await page.fill('#feed-code', FEED.code);
      await page.fill('#feed-name-zh', FEED.zh);
      await page.click('#feed-create');
      await page.waitForSelector('#wo-secret');
      const secret = await textOf(page, '#wo-secret-value');
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      expect(await textOf(page, '#wo-secret')).toContain('只显示这一次');
      await page.click('#wo-copy-secret');
      expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(secret);
      expect(await textOf(page, `tr[data-feed="${FEED.code}"]`)).toContain(FEED.zh);
      await page.reload();
      await page.waitForSelector(`tr[data-feed="${FEED.code}"]`);
      expect(await page.locator('#wo-secret').count()).toBe(0);
      expect(await page.content()).not.toContain(secret);

      // --- The mapping as JSON: a wrong one is refused with its problem by path, then the right one is saved.
      const wrong = { ...MAPPING, inputs: [{ ...MAPPING.inputs[0], per: 'team' }] };
      await page.fill('#wo-mapping-json', JSON.stringify(wrong));
      await page.click('#wo-mapping-save');
      await page.waitForSelector('#wo-mapping-problems');
      expect(await page.locator('#wo-mapping-problems li[data-path="content.inputs[0].per"]').count()).toBe(
        1,
      );
      expect(
        (await request(server()).get('/api/v1/work-orders/mapping').set(asAdmin).expect(200)).body,
      ).toEqual([]);
      await page.fill('#wo-mapping-json', JSON.stringify(MAPPING, null, 2));
      await page.click('#wo-mapping-save');
      await page.waitForSelector('#wo-mapping tr[data-input="response_minutes"]');
      expect(await textOf(page, '#wo-mapping-version')).toContain(`自 ${OCT} 起生效`);
      expect(await textOf(page, '#wo-mapping tr[data-input="response_minutes"]')).toContain('第 50 百分位');

      // --- The system sends its events, signed; a wrong signature stores nothing.
      const list = events();
      expect((await send('0'.repeat(64), list)).status).toBe(401);
      const sent = await send(secret, list);
      expect(sent.status).toBe(200);
      expect(sent.body).toEqual({ received: list.length, stored: list.length, duplicates: 0 });

      // Nothing derived yet: no input of the month came from work orders.
      expect(
        (await request(server()).get(`/api/v1/periods/${OCT}/work-orders/inputs`).set(asAdmin).expect(200))
          .body,
      ).toEqual({ period: OCT, mappingVersion: null, inputs: [], tasks: [] });

      // --- Derive on the page: the summary.
      await page.click('#wo-derive');
      await page.waitForSelector('#wo-summary');
      expect(await textOf(page, '#wo-notice')).toBe('派生完成。');
      expect(await textOf(page, '#wo-fact-orders .value')).toBe(String(ORDERS.length));
      expect(await textOf(page, '#wo-fact-orphans .value')).toBe('1');
      expect(await textOf(page, '#wo-fact-rows .value')).toBe('2');
      expect(await page.locator(`#wo-orphans li[data-orphan="${FEED.code}:WO-7777"]`).count()).toBe(1);
      expect(await textOf(page, '#wo-unknown-staff li[data-code="GHOST"]')).toContain('1 单');
      const latest = await request(server())
        .get(`/api/v1/periods/${OCT}/work-orders`)
        .set(asAdmin)
        .expect(200);
      expect(await page.locator(`#wo-batch a[data-batch="${latest.body.batch.id as number}"]`).count()).toBe(
        1,
      );

      // The values: nearest-rank medians of 10, 25, 40 (25) and of 15 (15); each opens its orders.
      expect(await textOf(page, 'tr[data-value="response_minutes staff E101"] td:nth-child(3)')).toBe('25');
      expect(await textOf(page, 'tr[data-value="response_minutes staff E102"] td:nth-child(3)')).toBe('15');
      await page.click('button[data-open-value="response_minutes staff E101"]');
      await page.waitForSelector('#wo-values .wo-behind');
      expect(await attrs(page.locator('#wo-values .wo-behind tr[data-order]'), 'data-order')).toEqual([
        'WO-1001',
        'WO-1002',
        'WO-1003',
      ]);

      // The month's orders: five and the orphan, marked; filtered to one person.
      const orderIds = async () =>
        (await attrs(page.locator('#wo-orders tr[data-order]'), 'data-order')).sort();
      expect(await orderIds()).toEqual([...ORDERS.map((o) => o.id), 'WO-7777'].sort());
      expect(await page.locator('#wo-orders tr[data-orphan="true"]').getAttribute('data-order')).toBe(
        'WO-7777',
      );
      expect(await textOf(page, '#wo-orders tr[data-orphan="true"] .badge')).toBe('孤立');
      await page.selectOption('#wo-filter-per', 'staff');
      await page.fill('#wo-filter-code', 'E101');
      await page.click('#wo-filter');
      // The list is drawn again with three rows: the fourth is gone.
      await page.locator('#wo-orders tr[data-order]').nth(3).waitFor({ state: 'detached' });
      expect(await orderIds()).toEqual(['WO-1001', 'WO-1002', 'WO-1003']);
      expect(problems).toEqual([]);
      // Only the refusals expected: today's month (not set up), October before its mapping, the wrong mapping.
      const expected = [
        /^404 \/api\/v1\/periods\/(?!2026-10)\d{4}-\d{2}\/work-orders$/,
        /^404 \/api\/v1\/work-orders\/mapping\/effective$/,
        /^400 \/api\/v1\/work-orders\/mapping$/,
      ];
      expect(refused.filter((r) => !expected.some((x) => x.test(r)))).toEqual([]);
      expect(refused).toContain('400 /api/v1/work-orders/mapping');
      // The page at 1366 and 390 px (test/artifacts): nothing sticks out on the phone.
      await screenshots(page, 'workorders');
      await context.close();

      // --- An auditor reads the same page without a button.
      const auditor = await open();
      await signInOnPage(auditor.page, base, AUDITOR, 'office.html');
      await auditor.page.goto(`${base}/app/workorders.html?period=${OCT}`);
      await auditor.page.waitForSelector('#wo-summary');
      expect(await auditor.page.locator('#wo-read-only').isVisible()).toBe(true);
      for (const s of ['#wo-derive', '#feed-create', '#wo-mapping-save', '[data-rotate]', '[data-disable]'])
        expect(await auditor.page.locator(s).count()).toBe(0);
      expect(await auditor.page.locator('#wo-orders tr[data-order]').count()).toBe(ORDERS.length + 1);
      expect(auditor.problems).toEqual([]);
      expect(auditor.refused).toEqual([]);
      await auditor.context.close();
    });

    it('a member of staff on a phone opens the orders behind their response time; a colleague cannot', async () => {
      const run = await request(server()).post(`/api/v1/periods/${OCT}/runs`).set(asAdmin).expect(202);
      expect((await waitForRun(server(), run.body.runId as string, 60000, asAdmin)).status).toBe('completed');

      // Which inputs came from work orders is every signed-in role's to know; the orders behind a value are not.
      const colleague = await signedInToken(STAFF_2);
      expect(
        (await request(server()).get(`/api/v1/periods/${OCT}/work-orders/inputs`).set(colleague).expect(200))
          .body,
      ).toMatchObject({ period: OCT, inputs: [{ input: 'response_minutes', per: 'staff' }], tasks: [] });
      await request(server())
        .get(`/api/v1/periods/${OCT}/work-orders/values/response_minutes?staff=E101`)
        .set(colleague)
        .expect(404);
      await request(server())
        .get(`/api/v1/periods/${OCT}/work-orders/values/response_minutes?staff=E102`)
        .set(colleague)
        .expect(200);

      const { context, page, problems, refused } = await open(PHONE);
      await signInOnPage(page, base, STAFF_1, 'me.html');
      await page.selectOption('#lang', 'zh');
      const link = page.locator(
        'tr[data-indicator="RESPONSE_TIME"] button[data-orders-of="response_minutes"]',
      );
      await link.waitFor();
      expect(((await link.textContent()) ?? '').trim()).toBe('查看工单 (3)');
      // Only the response time came from the feed: no other explanation offers orders.
      expect(await page.locator('button[data-orders-of]').count()).toBe(1);
      await link.click();
      const rows = page.locator('tr[data-indicator="RESPONSE_TIME"] .wo-behind tr[data-order]');
      await rows.first().waitFor();
      expect(await attrs(rows, 'data-order')).toEqual(['WO-1001', 'WO-1002', 'WO-1003']);
      const first = page.locator('tr[data-indicator="RESPONSE_TIME"] .wo-behind tr[data-order="WO-1001"]');
      expect(await first.textContent()).toContain('repair.electric');
      expect(await first.textContent()).toContain('WARD-3');
      expect(await first.locator('td').nth(4).textContent()).toBe('10');
      expect(await first.locator('td').nth(8).textContent()).toBe('5');

      // Nothing wider than the phone, the opened orders included.
      expect(await page.evaluate<number>('document.scrollingElement.scrollWidth')).toBeLessThanOrEqual(
        PHONE.width,
      );
      expect((await phoneLayout(page)).wide).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, 'workorders-me-390.png'), fullPage: true });
      await page
        .locator('tr[data-indicator="RESPONSE_TIME"]')
        .screenshot({ path: join(ARTIFACTS, 'workorders-me-orders-390.png') });

      // The English switch, once.
      await page.selectOption('#lang', 'en');
      await page.waitForSelector('button[data-orders-of="response_minutes"]:has-text("orders (3)")');
      expect(problems).toEqual([]);
      expect(refused).toEqual([]);
      await context.close();

      // The manager's panel of the same person offers the same orders.
      const manager = await open();
      await signInOnPage(manager.page, base, MANAGER, 'department.html');
      await manager.page.click('tr[data-staff="E101"] button');
      const managerLink = manager.page.locator(
        '#staff-panel tr[data-indicator="RESPONSE_TIME"] button[data-orders-of="response_minutes"]',
      );
      await managerLink.waitFor();
      expect(((await managerLink.textContent()) ?? '').trim()).toBe('查看工单 (3)');
      await managerLink.click();
      expect(
        await attrs(manager.page.locator('#staff-panel .wo-behind tr[data-order]'), 'data-order'),
      ).toEqual(['WO-1001', 'WO-1002', 'WO-1003']);
      expect(manager.problems).toEqual([]);
      // The panel finds its months by probing (403 and 404s of its own): no work-order route was refused.
      expect(manager.refused.filter((r) => r.includes('/work-orders'))).toEqual([]);
      await manager.context.close();

      // Once the derivation's batch is withdrawn, no input of the month comes from work orders any more.
      const latest = await request(server())
        .get(`/api/v1/periods/${OCT}/work-orders`)
        .set(asAdmin)
        .expect(200);
      await request(server())
        .delete(`/api/v1/batches/${latest.body.batch.id as number}`)
        .set(asAdmin)
        .expect(200);
      expect(
        (await request(server()).get(`/api/v1/periods/${OCT}/work-orders/inputs`).set(colleague).expect(200))
          .body,
      ).toEqual({ period: OCT, mappingVersion: null, inputs: [], tasks: [] });
    });
  },
);

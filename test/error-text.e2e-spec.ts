// The pages show an API error in the reader's language: in Chinese, the words of its stable `code`
// (js/i18n/errors.js) and then the body's details (rows, paths); in English, the API's message with the same
// details. Driven in Chromium on the real js/api.js against the real API (skipped in one line without Chromium).
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { type Browser, chromium } from 'playwright-core';
import request from 'supertest';
import { startTestApp, TEST_ADMIN } from './support/app';
import { noteSkipped } from './support/externals';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  noteSkipped(
    'error texts of the pages in Chromium',
    `Chromium not found at ${CHROMIUM}`,
    'apt-get install -y chromium, or set CHROMIUM_PATH',
  );

(hasChromium ? describe : describe.skip)('error texts of the pages', () => {
  let app: NestExpressApplication;
  let browser: Browser;
  let base: string;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp({}, { signedIn: false });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    token = (await request(app.getHttpServer()).post('/api/v1/auth/login').send(TEST_ADMIN).expect(200)).body
      .accessToken as string;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Runs `call` in a page of the given language, signed in as HR, with js/api.js imported as `api`. */
  async function inPage(lang: 'zh' | 'en', call: string): Promise<unknown> {
    const context = await browser.newContext();
    await context.addInitScript(
      `localStorage.setItem('scorecard.lang', '${lang}'); sessionStorage.setItem('scorecard.token', '${token}'); sessionStorage.setItem('scorecard.role', 'hr_admin');`,
    );
    const page = await context.newPage();
    try {
      await page.goto(`${base}/app/`);
      return await page.evaluate(`import('./js/api.js').then((api) => ${call})`);
    } finally {
      await context.close();
    }
  }

  it('shows the words of the code in Chinese, with the rows and paths of the body', async () => {
    const body = {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: '2 row(s) refused',
      rows: [{ row: 3, field: 'value', message: 'must be a number' }],
    };
    expect(await inPage('zh', `api.errorText(${JSON.stringify(body)}, 400)`)).toBe(
      '填写的内容有误。 — 第 3 行: value must be a number',
    );
    expect(await inPage('en', `api.errorText(${JSON.stringify(body)}, 400)`)).toBe(
      '2 row(s) refused — row 3: value must be a number',
    );
    // A code the dictionary does not know yet: the API's message, as before.
    expect(await inPage('zh', `api.errorText({ code: 'SOMETHING_NEW', message: 'x happened' }, 409)`)).toBe(
      'x happened',
    );
  });

  it('translates a real refusal of the API, keeping its message as the detail', async () => {
    const text = await inPage(
      'zh',
      `api.api('/api/v1/periods/2030-01').then((r) => [r.status, r.data.code, r.error])`,
    );
    expect(text).toEqual([404, 'PERIOD_NOT_FOUND', '该月份尚未开启考核。 — period 2030-01 does not exist']);
  });
});

// The pages over plain http on an intranet, and behind a TLS proxy. Opened from another computer at the machine's
// own address, the pages must get no HSTS and no `upgrade-insecure-requests` (the browser would fetch their CSS and
// JS over https, which the API does not serve); with PUBLIC_URL https, or a trusted proxy saying https, they get
// both. The first test runs the API on all interfaces and loads the sign-in page in Chromium at the machine's
// first non-loopback IPv4 address (skipped, saying so in one line, when the machine has none or no Chromium).
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { chromium } from 'playwright-core';
import request from 'supertest';
import { DEFAULT_HTTP_OPTIONS } from '@app/config';
import { startTestApp, TEST_ADMIN } from './support/app';
import { openPage } from './support/browser';
import { noteSkipped } from './support/externals';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const intranetAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
const hasChromium = existsSync(CHROMIUM);
if (!intranetAddress)
  noteSkipped(
    'the pages over http at a non-loopback address',
    'this machine has no non-loopback IPv4 address',
    'run it on a machine with a network interface',
  );
else if (!hasChromium)
  noteSkipped(
    'the pages over http at a non-loopback address',
    `Chromium not found at ${CHROMIUM}`,
    'apt-get install -y chromium, or set CHROMIUM_PATH',
  );

const csp = (res: { headers: Record<string, string> }) => res.headers['content-security-policy'] ?? '';

describe('the pages over http on an intranet, and behind a TLS proxy', () => {
  let app: NestExpressApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  (intranetAddress && hasChromium ? it : it.skip)(
    'serves the pages, their CSS and their JS over plain http at a non-loopback address, without HSTS or upgrades, and signs in',
    async () => {
      app = await startTestApp({ http: { ...DEFAULT_HTTP_OPTIONS } }, { signedIn: false });
      await app.listen(0, '0.0.0.0');
      const { port } = app.getHttpServer().address() as AddressInfo;
      const base = `http://${intranetAddress}:${port}`;

      const page = await fetch(`${base}/app/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('strict-transport-security')).toBeNull();
      expect(page.headers.get('content-security-policy')).not.toMatch(/upgrade-insecure-requests/);
      expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);

      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      try {
        // A 404 is reported below with its address (the browser's own /favicon.ico is not the page's).
        const { page: tab, problems } = await openPage(browser, {
          ignore: /status of 404/,
          requestFailures: true,
        });
        const loaded: string[] = [];
        tab.on('response', (r) => {
          if (r.status() === 200 || r.status() === 304) loaded.push(r.url());
          else if (!r.url().endsWith('/favicon.ico')) problems.push(`${r.status()}: ${r.url()}`);
        });
        await tab.goto(`${base}/app/`, { waitUntil: 'networkidle' });
        // Every stylesheet and script came over http from the address typed, none was upgraded to https.
        expect(loaded).toEqual(
          expect.arrayContaining([
            `${base}/app/css/app.css`,
            `${base}/app/js/login.js`,
            `${base}/app/js/api.js`,
          ]),
        );
        expect(loaded.filter((u) => !u.startsWith(`${base}/`))).toEqual([]);
        // The stylesheet applies and the sign-in form is there.
        // app.css sets body { margin: 0 } (a browser's own is 8px).
        expect(await tab.evaluate('getComputedStyle(document.body).marginTop')).toBe('0px');
        expect(await tab.locator('#sign-in').isVisible()).toBe(true);
        // Signing in works from there too: HR lands on the month cockpit, styled, its data read over http.
        await tab.fill('#username', TEST_ADMIN.username);
        await tab.fill('#password', TEST_ADMIN.password);
        await tab.click('#sign-in');
        await tab.waitForURL(`${base}/app/office.html`);
        await tab.locator('nav.office-nav a.current').waitFor();
        expect(await tab.evaluate('getComputedStyle(document.body).marginTop')).toBe('0px');
        expect(loaded).toEqual(
          expect.arrayContaining([`${base}/app/css/office.css`, `${base}/api/v1/periods`]),
        );
        expect(loaded.filter((u) => !u.startsWith(`${base}/`))).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }
    },
  );

  it('sends HSTS and upgrade-insecure-requests when PUBLIC_URL is https', async () => {
    app = await startTestApp({
      http: { ...DEFAULT_HTTP_OPTIONS, publicUrl: 'https://scorecard.example-hospital.cn' },
    });
    for (const path of ['/app/', '/app/css/app.css', '/api/v1/periods']) {
      const res = await request(app.getHttpServer()).get(path);
      expect([path, res.headers['strict-transport-security']]).toEqual([
        path,
        expect.stringMatching(/max-age=\d+/),
      ]);
      expect([path, csp(res)]).toEqual([path, expect.stringMatching(/upgrade-insecure-requests/)]);
    }
  });

  it('sends neither when PUBLIC_URL is http, whatever a client claims', async () => {
    app = await startTestApp({ http: { ...DEFAULT_HTTP_OPTIONS, publicUrl: 'http://10.1.2.3:3000' } });
    const res = await request(app.getHttpServer()).get('/app/').set('X-Forwarded-Proto', 'https');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(csp(res)).not.toMatch(/upgrade-insecure-requests/);
    expect(csp(res)).toMatch(/default-src 'self'/);
  });

  it('believes X-Forwarded-Proto only from a trusted proxy', async () => {
    app = await startTestApp({ http: { ...DEFAULT_HTTP_OPTIONS, trustProxy: 'loopback' } });
    const viaProxy = await request(app.getHttpServer()).get('/app/').set('X-Forwarded-Proto', 'https');
    expect(viaProxy.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(csp(viaProxy)).toMatch(/upgrade-insecure-requests/);
    const direct = await request(app.getHttpServer()).get('/app/');
    expect(direct.headers['strict-transport-security']).toBeUndefined();
    await app.close();

    app = await startTestApp({ http: { ...DEFAULT_HTTP_OPTIONS, trustProxy: false } });
    const untrusted = await request(app.getHttpServer()).get('/app/').set('X-Forwarded-Proto', 'https');
    expect(untrusted.headers['strict-transport-security']).toBeUndefined();
    expect(csp(untrusted)).not.toMatch(/upgrade-insecure-requests/);
  });
});

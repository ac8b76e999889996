// What the browser suites share: Debian's Chromium (or one line saying it is missing and the suite did not run),
// the API in-process listening on a loopback port with HR's token at hand, signing in through the sign-in page,
// a fresh context and page that record what went wrong in the page (script errors, console errors by the suite's
// own rules, failed requests if asked), the trimmed text of an element, and the phone check of a page (no chart text
// under 11 px as drawn, nothing wider than the screen outside a sideways-scrolling box).
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import request from 'supertest';
import { startTestApp, TEST_ADMIN } from './app';
import { noteSkipped } from './externals';
import { REPO_ROOT } from './scenarios';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(REPO_ROOT, 'test/artifacts');
export const WIDE = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** True when Chromium is there; otherwise notes `suite` as skipped (a failure under CI=true) and answers false. */
export function hasChromium(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  noteSkipped(
    suite,
    `Chromium not found at ${CHROMIUM}`,
    'apt-get install -y chromium, as .ci/run does, or set CHROMIUM_PATH',
  );
  return false;
}

export function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** A console error saying the Content Security Policy refused a script, a style or a connection. */
export const CSP_REFUSAL = /Content Security Policy|Refused to/i;

/** The context's own options (viewport, locale, acceptDownloads, permissions…) and what the page records. */
export interface PageOptions extends BrowserContextOptions {
  /** Only console errors whose text matches count (e.g. CSP_REFUSAL, for pages whose refusals are their business). */
  only?: RegExp;
  /**
   * Console errors the suite expects, by their text (a RegExp) or by text and address (a function, which may also
   * file the error in a list of the suite's own, checked apart). The browser's own favicon.ico request is always
   * skipped: the pages name no icon.
   */
  ignore?: RegExp | ((text: string, url: string) => boolean);
  /** Records requests that failed (refused, blocked, never answered) as problems too. */
  requestFailures?: boolean;
  /** Accepts confirm() dialogs (delete, disable, close…). */
  acceptDialogs?: boolean;
  /** A script every document of the context runs first (a language stored, window.print replaced…). */
  initScript?: string;
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Script errors, console errors that count (`text address`) and, if asked, failed requests: none expected. */
  problems: string[];
}

/** A fresh browser context (its own sessionStorage and localStorage) and a page recording its problems. */
export async function openPage(browser: Browser, options: PageOptions = {}): Promise<OpenedPage> {
  const { only, ignore, requestFailures, acceptDialogs, initScript, ...contextOptions } = options;
  const context = await browser.newContext(contextOptions);
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const problems: string[] = [];
  const ignored = ignore instanceof RegExp ? (text: string) => ignore.test(text) : (ignore ?? (() => false));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    const url = m.location().url;
    if (m.type() !== 'error' || /favicon\.ico/.test(url)) return;
    if (only && !only.test(m.text())) return;
    if (!ignored(m.text(), url)) problems.push(`${m.text()} ${url}`);
  });
  if (requestFailures)
    page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  if (acceptDialogs) page.on('dialog', (d) => void d.accept());
  return { context, page, problems };
}

/**
 * The trimmed text of the first element `selector` finds ('' when it has none); with 'only', of the one element it
 * finds (Playwright's strict mode: several fail the test).
 */
export async function textOf(
  page: Page,
  selector: string,
  which: 'first' | 'only' = 'first',
): Promise<string> {
  const found = page.locator(selector);
  return ((await (which === 'first' ? found.first() : found).textContent()) ?? '').trim();
}

export interface ServedApp {
  app: NestExpressApplication;
  /** `http://127.0.0.1:PORT` */
  base: string;
  /** The Authorization header of the first hr_admin, signed in through the API. */
  asAdmin: Record<string, string>;
}

/** The API in-process with real sign-in (no test identity), listening on a random loopback port. */
export async function servedApp(): Promise<ServedApp> {
  const app = await startTestApp({}, { signedIn: false });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const login = await request(app.getHttpServer())
    .post('/api/v1/auth/login')
    .send({ username: TEST_ADMIN.username, password: TEST_ADMIN.password })
    .expect(200);
  return { app, base, asAdmin: { Authorization: `Bearer ${login.body.accessToken as string}` } };
}

/** Signs `who` in on the sign-in page and waits for the page their role lands on (`landing`, e.g. office.html). */
export async function signInOnPage(
  page: Page,
  base: string,
  who: { username: string; password: string },
  landing: string,
): Promise<void> {
  await page.goto(`${base}/app/`);
  await page.fill('#username', who.username);
  await page.fill('#password', who.password);
  await page.click('#sign-in');
  await page.waitForURL(`**/app/${landing}`);
}

/**
 * The page at its current width: the smallest text of the `charts` (SVG selectors) as drawn, null without any, and
 * up to three elements
 * that stick out past the screen outside a sideways-scrolling box. Evaluated from a string: the suites are compiled
 * without the DOM's types.
 */
export function phoneLayout(
  page: Page,
  charts = 'svg.chart',
): Promise<{ smallest: number | null; wide: string[] }> {
  const texts = charts
    .split(',')
    .map((c) => `${c.trim()} text`)
    .join(', ');
  return page.evaluate<{ smallest: number | null; wide: string[] }>(`(() => {
    const texts = [...document.querySelectorAll(${JSON.stringify(texts)})]
      .filter((node) => node.getBoundingClientRect().width > 0)
      .map((node) => {
        const svg = node.closest('svg');
        const scale = svg.getBoundingClientRect().width / (svg.viewBox.baseVal.width || 1);
        return parseFloat(getComputedStyle(node).fontSize) * scale;
      });
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 1 && !e.closest('.table-wrap, .chart-box'))
      .slice(0, 3)
      .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.className);
    return { smallest: texts.length ? Math.min(...texts) : null, wide };
  })()`);
}

/**
 * Screenshots `name-1366.png` and `name-390.png` (full page) into test/artifacts. At 390 px no chart text may be
 * under 11 px as drawn (a chart is drawn at the width it is shown at, so its viewBox does not shrink the text) and
 * nothing may stick out past the screen's right edge (named, so a failure says where). Ends at 1366 px.
 */
export async function screenshots(page: Page, name: string): Promise<void> {
  for (const [size, viewport] of [
    ['1366', WIDE],
    ['390', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    // The pages redraw their charts when the width changes (debounced).
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${size}.png`), fullPage: true });
    if (size !== '390') continue;
    const layout = await phoneLayout(page);
    if (layout.smallest !== null) expect(layout.smallest).toBeGreaterThanOrEqual(11);
    expect(layout.wide).toEqual([]);
  }
  await page.setViewportSize(WIDE);
}

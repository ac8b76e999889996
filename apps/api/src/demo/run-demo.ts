// `npm run demo` without the process around it: a fresh SQLite database, the demo hospital's months imported
// and scored in-process (no Redis, no schedule), the report printed, and — when asked — the API serving it. The
// maintenance staff's work-order and satisfaction figures come in through the feeds (a work-order system's signed
// events, a survey campaign per campus and month) rather than with the months' documents: the same figures, so
// the same scores, and pages with orders and campaigns to show.
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@app/config';
import {
  DEFAULT_DEMO_SEED,
  DEMO_FEED,
  DemoDocument,
  formatCampusRankings,
  formatTopMovers,
  generateDemoHospital,
  withoutFeedValues,
} from '@app/demo';
import { RunsService } from '@app/domain/runs';
import { createApp } from '../app.factory';
import { pageAddresses, pageAddressLine } from '../common/page-address';
import { removeSqliteDatabase } from './fresh-database';
import {
  DemoAppraisal,
  DemoAppraisalSummary,
  DemoAppraisalPeriods,
  DemoAppraisalPeriodsSummary,
  DemoCalibration,
  DemoCalibrationSummary,
  DemoDatabase,
  DemoFeedMonth,
  DemoFeeds,
  DemoUser,
} from '@app/demo/database';
import { followRun, ProgressOutput as DemoOutput, seconds } from '@app/console';

export interface DemoOptions {
  /** The SQLite file to create afresh (it and its -wal/-shm files are deleted first). */
  databasePath: string;
  /** Listen on PORT after the report (true), or close the app and return (false). */
  serve: boolean;
  /** Where the demo prints; a TTY gets progress bars, anything else plain lines. */
  out: DemoOutput;
  /** Environment for the configuration (PORT, RUN_*); default process.env. REDIS_URL is ignored. */
  env?: NodeJS.ProcessEnv;
  /** Interface to listen on; default 0.0.0.0 like `npm start`. */
  host?: string;
  /** Aborting stops the demo at the next step, throwing `signal.reason`; the app is left to its shutdown hooks. */
  signal?: AbortSignal;
  /**
   * false: import the documents whole and skip the feeds (the test that the feeds leave the scores as they were
   * compares both). Default true.
   */
  feeds?: boolean;
}

export interface DemoMonth {
  period: string;
  staff: number;
  observations: number;
  runId: string;
  /** Staff results the run stored, and how many of them are errors. */
  results: number;
  errors: number;
  /** What the month's feeds brought (null without feeds). */
  feeds: DemoFeedMonth | null;
}

export interface DemoResult {
  months: DemoMonth[];
  /** The rankings and movers as printed. */
  report: string;
  /** The listening app when serving (close it to stop), else null. */
  app: NestExpressApplication | null;
  /** http://localhost:PORT when serving. */
  baseUrl: string | null;
  /** The addresses of the web pages printed when serving (PUBLIC_URL's, else localhost's and the machine's). */
  pages: string[];
  /** The users the demo made, one per role, with their passwords (also printed). */
  users: DemoUser[];
  /** The trainings assigned and the opinion round answered after scoring. */
  appraisal: DemoAppraisalSummary;
  /** The latest month's grade quotas and HR's override, set up before it was scored. */
  calibration: DemoCalibrationSummary;
  /** The fourth quarter and the year 2026 closed to appraisals with their bonuses (考核期, 年度考核). */
  periods: DemoAppraisalPeriodsSummary;
  elapsedMs: number;
}

const count = (n: number) => n.toLocaleString('en-US');

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const began = Date.now();
  const { out, signal } = options;
  const withFeeds = options.feeds !== false;
  const say = (line = '') => out.write(`${line}\n`);

  // Everything in this process: no Redis even when the shell has REDIS_URL, and no monthly schedule.
  const env: NodeJS.ProcessEnv = {
    ...(options.env ?? process.env),
    DATABASE_URL: `sqlite:${options.databasePath}`,
    SCORING_CRON: 'off',
  };
  delete env.REDIS_URL;
  const config = loadConfig(env);

  const docs = generateDemoHospital();
  const sites = [...new Set(docs.flatMap((d) => d.departments.map((x) => x.site)))].sort();
  const departments = new Set(docs.flatMap((d) => d.departments.map((x) => x.code)));
  const headcounts = docs.map((d) => d.staff.length);
  say(`Demo hospital in ${options.databasePath} (created afresh)`);
  say(
    `  ${docs.length} months ${docs[0].period} to ${docs.at(-1)!.period}, ${sites.length} campuses ` +
      `(${sites.join(', ')}), ${departments.size} departments, ` +
      `${Math.min(...headcounts)}-${Math.max(...headcounts)} staff a month`,
  );

  removeSqliteDatabase(options.databasePath);
  signal?.throwIfAborted();
  // Nest's start-up chatter (modules, routes) would bury the demo's output; warnings and errors still show.
  Logger.overrideLogger(['error', 'warn']);
  const app = await createApp(config);
  let served = false;
  try {
    await app.init();
    const db = DemoDatabase.of(app);
    const runs = app.get(RunsService);

    say('\nImporting');
    const months: DemoMonth[] = [];
    for (const doc of docs) {
      signal?.throwIfAborted();
      const t = Date.now();
      const { counts } = await db.importMonth(withFeeds ? withoutFeedValues(doc) : doc);
      say(
        `  ${doc.period}  ${count(counts.staff)} staff  ${count(counts.observations)} observations  ` +
          seconds(Date.now() - t),
      );
      months.push({
        period: doc.period,
        staff: counts.staff,
        observations: counts.observations,
        runId: '',
        results: 0,
        errors: 0,
        feeds: null,
      });
    }

    await db.nameOrganisation();
    const left = await db.endLeavers(docs);
    if (left) say(`  ${left} staff left during these months: each is active until their last month`);
    // HR's grade quotas from the latest month and one override in it, before it is scored (等级校准).
    const calibration = await DemoCalibration.of(app).run(docs.at(-1)!);
    say(
      `  ${docs.at(-1)!.period}: grade quotas on ${calibration.sets} sets (A ≤ 20 % of a department, at least one ` +
        `C or lower in ten or more)` +
        (calibration.override
          ? `; ${calibration.override.staff} set to ${calibration.override.grade} by HR with a reason`
          : ''),
    );

    if (withFeeds) {
      say(`\nFeeds: work orders from ${DEMO_FEED.code} (signed events), satisfaction surveys per campus`);
      const feeds = DemoFeeds.of(app, DEFAULT_DEMO_SEED);
      await feeds.setUp(docs[0].period);
      for (const [i, doc] of docs.entries()) {
        signal?.throwIfAborted();
        const t = Date.now();
        const f = await feeds.feedMonth(doc);
        months[i].feeds = f;
        say(
          `  ${doc.period}  ${count(f.orders)} orders  ${count(f.sent)} events (${count(f.duplicates)} resent)  ` +
            `${count(f.orphans)} orphans  ${count(f.responses)}/${count(f.respondents)} survey slips answered  ` +
            seconds(Date.now() - t),
        );
      }
    }

    say('\nScoring');
    const scoringBegan = Date.now();
    for (const month of months) {
      signal?.throwIfAborted();
      const { run } = await runs.start(month.period, 'manual', 'demo');
      const done = await followRun(runs, run, out, { signal });
      Object.assign(month, { runId: done.id }, await db.countStaffResults(done.id));
    }
    const results = months.reduce((n, m) => n + m.results, 0);
    const errors = months.reduce((n, m) => n + m.errors, 0);
    say(
      `Scored ${months.length} months in ${seconds(Date.now() - scoringBegan)}: ${count(results)} staff results` +
        (errors ? `, ${errors} of them errors (a required input was not recorded)` : ''),
    );

    const latest = docs.at(-1)!.period;
    const users = await db.createUsers(latest);
    // The loop beyond the scores: trainings on some of the latest month's plans and an opinion round most staff
    // answered — not the demo's staff user, who can answer it on their page.
    const appraisal = await DemoAppraisal.of(app, DEFAULT_DEMO_SEED).run(
      latest,
      users.find((u) => u.role === 'staff')!.of!,
    );
    // Above the month, as at the year's end: the fourth quarter and the whole year appraised, calibrated (the 优秀
    // quota, HR's override), approved and closed with their bonuses — the quarter's and the annual bonus.
    const periods = await DemoAppraisalPeriods.of(app).run();
    const report = await demoReport(db, docs);
    say(`\n${report}\n`);
    say(
      `Appraisal loop ${latest}: ${appraisal.trainings} training assignments on improvement plans; opinion round ` +
        `open, ${appraisal.round.answers} of ${appraisal.round.eligible} staff answered (考核意见征集)\n`,
    );
    for (const p of [periods.quarter, periods.year])
      say(
        `Appraisal ${p.period} (${p.status}): ${p.staff} staff, ` +
          Object.entries(p.grades)
            .map(([g, n]) => `${g} ${n}`)
            .join(' · ') +
          `; ${p.moved} moved by the 优秀 quota` +
          (p.override ? `, ${p.override.staff} set to ${p.override.grade} by HR with a reason` : '') +
          `; ${p === periods.year ? 'annual bonus' : 'bonus'} ${p.bonus}`,
      );
    say('');
    say('Users (one per role; passwords made for this demo database):');
    for (const u of users)
      say(`  ${u.role.padEnd(13)}${u.username.padEnd(14)}${u.password}${u.of ? `  (${u.of})` : ''}`);

    if (!options.serve) {
      say(`\nDemo done in ${seconds(Date.now() - began)}.`);
      return {
        months,
        report,
        app: null,
        baseUrl: null,
        pages: [],
        users,
        appraisal,
        calibration,
        periods,
        elapsedMs: Date.now() - began,
      };
    }
    signal?.throwIfAborted();
    const host = options.host ?? '0.0.0.0';
    await app.listen(config.port, host);
    served = true;
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const baseUrl = `http://localhost:${port}`;
    // The pages first: what most people want; the API's links and a sign-in with curl follow.
    const pages = pageAddresses(host, port, config.http?.publicUrl);
    say(
      `\nDemo ready in ${seconds(Date.now() - began)}. ${pageAddressLine(pages)} and sign in as one of the ` +
        `users above.\nThe API serves the demo hospital at ${baseUrl}/api/v1, for example:`,
    );
    for (const [what, path] of demoLinks(latest)) say(`  ${what.padEnd(13)}${baseUrl}${path}`);
    const hr = users.find((u) => u.role === 'hr_admin')!;
    say(
      `Sign in first (the API answers 401 without a token):\n` +
        `  curl -s -X POST ${baseUrl}/api/v1/auth/login -H 'Content-Type: application/json' ` +
        `-d '{"username":"${hr.username}","password":"${hr.password}"}'\n` +
        `  then send Authorization: Bearer <accessToken>`,
    );
    return {
      months,
      report,
      app,
      baseUrl,
      pages,
      users,
      appraisal,
      calibration,
      periods,
      elapsedMs: Date.now() - began,
    };
  } finally {
    // An abort leaves the app to the shutdown hooks the signal already started.
    if (!served && !signal?.aborted) await app.close();
  }
}

/** Rankings per campus for the latest month, and the top movers since the month before. */
async function demoReport(db: DemoDatabase, docs: DemoDocument[]): Promise<string> {
  const latest = await db.monthResult(docs.at(-1)!);
  const parts = [formatCampusRankings(latest)];
  if (docs.length > 1) parts.push(formatTopMovers(await db.monthResult(docs.at(-2)!), latest));
  return parts.join('\n\n');
}

/** What the demo points at once the API is up: the latest month's results, the description and health. */
export function demoLinks(period: string): [string, string][] {
  return [
    ['departments', `/api/v1/periods/${period}/departments`],
    ['results', `/api/v1/periods/${period}/results?limit=5`],
    ['runs', `/api/v1/periods/${period}/runs`],
    ['OpenAPI', '/api/docs'],
    ['health', '/health'],
  ];
}

// Benchmark of the staff portal at month-end: --users staff users sign in and each opens their month and their
// timeline (`POST /api/v1/auth/login`, `GET /api/v1/me/results/{period}`, `GET /api/v1/me/timeline`), --connections
// of them at a time, over loopback only.
//
//   npm run bench:portal -- [--users 2000] [--connections 50] [--keep] [--no-check]
//
// Set-up: a scratch PostgreSQL database `scorecard_bench_portal` (created, migrated, dropped afterwards unless
// --keep; with --keep a database already holding the scored month and its users is reused), the benchmarks' month
// (scripts/bench-month.ts, with its incentive) for --users people imported and scored by the in-process run
// driver, then one `staff` user per person inserted directly with one password hash computed once (creating 2,000
// users through the API would cost 2,000 hashes: that is set-up, not the portal). The real API then runs as a
// process of its own (scripts/api-server.ts) on 127.0.0.1.
//
// The load: each simulated person is a browser of their own, with its own keep-alive connection from its own
// loopback address (127.1.x.y: the whole 127/8 block is loopback on Linux), because the API limits sign-ins per
// address (20 a minute, apps/api/src/access/access.module.ts) as it should; from one address the run would measure
// the limiter. --connections people are served at a time; each signs in, then reads their month and their
// timeline with the token. Sign-in deliberately costs one Argon2id verification (m = 19 MiB, t = 2,
// libs/domain/src/access/passwords.ts); its cost alone is measured first in this process (`hashMs`).
//
// Prints one JSON line: {users, connections, seconds, signInsPerSecond, signInMs: {p50, p99}, readsMs: {p50, p99,
// max}, results..., timeline..., non2xx, errors, cpuSeconds, hashMs} and exits 1 when fewer than 20 sign-ins a
// second, a read p99 over 300 ms, or any failed request (--no-check: report only).
//
// PostgreSQL: the server of BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { Agent, request } from 'node:http';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hashPassword, verifyPassword } from '@app/domain/access';
import { importDocument } from '@app/domain/documents';
import { DEFAULT_RUNS_OPTIONS, RunsService } from '@app/domain/runs';
import { FollowUpHooks } from '@app/domain/appraisal';
import { AdjustmentRunHooks } from '@app/domain/pay';
import { openDatabase, redact, Staff, User } from '@app/persistence';
import { ApiProcess, cpuSeconds, cpuSecondsOf, machineCpuSeconds } from './api-process';
import { generate } from './bench-month';
import { arg } from './bench-args';

const USERS = arg('users', 2000);
const CONNECTIONS = arg('connections', 50);
const KEEP = process.argv.includes('--keep');
const CHECK = !process.argv.includes('--no-check');
const SIGN_INS_TARGET = 20;
const READ_P99_TARGET_MS = 300;
const PASSWORD = 'portal-bench-password-2026';
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'scorecard_bench_portal';

const round1 = (x: number) => Math.round(x * 10) / 10;
const log = (s: string) => process.stderr.write(`${s}\n`);
const username = (code: string) => `portal.${code.toLowerCase()}`;

/** The scratch database; with --keep it stays, and one that already has the month's users is reused. */
async function benchDatabase() {
  const admin = new DataSource({ type: 'postgres', url: ADMIN_URL });
  await admin.initialize();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB_NAME}`;
  let reused = false;
  if (
    KEEP &&
    (await admin.query<unknown[]>(`SELECT 1 FROM pg_database WHERE datname = $1`, [DB_NAME])).length
  ) {
    const ds = await openDatabase(url.toString());
    reused = (await ds.getRepository(User).countBy({ role: 'staff' })) === USERS;
    await ds.destroy();
  }
  if (!reused) {
    await admin.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${DB_NAME}"`);
  }
  return {
    url: url.toString(),
    reused,
    release: async () => {
      if (!KEEP) await admin.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

/** Imports and scores the month, then inserts one staff user per person, all with one hash computed once. */
async function prepare(url: string, period: string): Promise<void> {
  const doc = generate(USERS, 50, { incentive: true });
  const ds = await openDatabase(url);
  try {
    log(`importing and scoring ${USERS} staff...`);
    await importDocument(ds, doc, 'bench');
    const runs = new RunsService(ds, { ...DEFAULT_RUNS_OPTIONS, redisUrl: null, scheduleCron: null }, [
      new AdjustmentRunHooks(),
      new FollowUpHooks(),
    ]);
    const { run } = await runs.start(period, 'manual', 'bench');
    for (;;) {
      const view = await runs.get(run.id);
      if (view.status === 'failed') throw new Error(`run failed: ${view.error}`);
      if (view.status === 'completed') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await runs.onApplicationShutdown();
    const hash = await hashPassword(PASSWORD);
    const staff = await ds.getRepository(Staff).find({ select: { id: true, code: true } });
    const rows = staff.map((s) => ({
      id: randomUUID(),
      username: username(s.code),
      usernameKey: username(s.code),
      passwordHash: hash,
      role: 'staff' as const,
      staffId: s.id,
      departments: [],
      createdBy: 'bench:portal',
      createdAt: new Date().toISOString(),
      disabledAt: null,
      mustChangePassword: false,
    }));
    for (let i = 0; i < rows.length; i += 500) await ds.getRepository(User).insert(rows.slice(i, i + 500));
    log(`  ${rows.length} users`);
  } finally {
    await ds.destroy();
  }
}

interface Answer {
  status: number;
  body: string;
  ms: number;
}

/** One HTTP request on `agent` (a person's own keep-alive connection), timed from sending to the last byte. */
function call(
  base: URL,
  agent: Agent,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, method, path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          ms: performance.now() - t0,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return round1(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
}
const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: percentile(s, 100) };
};

/** The cost of one password verification in this process, alone (the median of 5). */
async function hashMs(): Promise<number> {
  const hash = await hashPassword(PASSWORD);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await verifyPassword(PASSWORD, hash);
    times.push(performance.now() - t0);
  }
  return round1(times.sort((a, b) => a - b)[2]);
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const period = generate(1).period;
  const db = await benchDatabase();
  let api: ApiProcess | undefined;
  try {
    if (db.reused) log(`reusing the month and its users in ${redact(db.url)}`);
    else await prepare(db.url, period);
    const hash = await hashMs();
    api = await ApiProcess.start(db.url);
    log(
      `API on ${api.url} (pid ${api.pid}); one hash alone ${hash} ms; ${USERS} people, ${CONNECTIONS} at a time...`,
    );
    const base = new URL(api.url);
    const codes = (
      await (async () => {
        const ds = await openDatabase(db.url);
        try {
          return await ds.getRepository(Staff).find({ select: { code: true }, order: { code: 'ASC' } });
        } finally {
          await ds.destroy();
        }
      })()
    ).map((s) => s.code);

    const signIns: number[] = [];
    const results: number[] = [];
    const timeline: number[] = [];
    const failures = new Map<string, number>();
    const fail = (what: string) => failures.set(what, (failures.get(what) ?? 0) + 1);
    let next = 0;
    const person = async (i: number) => {
      // Their own browser: their own address and one keep-alive connection for their three requests.
      const agent = new Agent({
        keepAlive: true,
        maxSockets: 1,
        localAddress: `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      });
      try {
        const login = await call(
          base,
          agent,
          'POST',
          '/api/v1/auth/login',
          { 'Content-Type': 'application/json' },
          JSON.stringify({ username: username(codes[i]), password: PASSWORD }),
        );
        if (login.status !== 200) return fail(`login ${login.status}`);
        signIns.push(login.ms);
        const auth = {
          Authorization: `Bearer ${(JSON.parse(login.body) as { accessToken: string }).accessToken}`,
        };
        const month = await call(base, agent, 'GET', `/api/v1/me/results/${period}`, auth);
        if (month.status !== 200) fail(`results ${month.status}`);
        else results.push(month.ms);
        const line = await call(base, agent, 'GET', '/api/v1/me/timeline', auth);
        if (line.status !== 200) fail(`timeline ${line.status}`);
        else timeline.push(line.ms);
      } catch (e) {
        fail((e as Error).message);
      } finally {
        agent.destroy();
      }
    };

    const cpu0 = {
      api: cpuSeconds(api.pid),
      bench: cpuSeconds(process.pid),
      postgres: cpuSecondsOf('postgres'),
      machine: machineCpuSeconds(),
    };
    const load0 = loadavg()[0];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (next < codes.length && next < USERS) await person(next++);
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const reads = [...results, ...timeline];
    const readStats = stats(reads);
    const summary = {
      users: Math.min(USERS, codes.length),
      connections: CONNECTIONS,
      seconds: round1(seconds),
      signIns: signIns.length,
      signInsPerSecond: round1(signIns.length / seconds),
      signInMs: stats(signIns),
      readsMs: readStats,
      resultsMs: stats(results),
      timelineMs: stats(timeline),
      failures: Object.fromEntries(failures),
      hashMs: hash,
      // CPU seconds used during the load by the API, by this process (the clients), by PostgreSQL and by the whole
      // machine (all cores).
      cpuSeconds: {
        api: round1(cpuSeconds(api.pid) - cpu0.api),
        clients: round1(cpuSeconds(process.pid) - cpu0.bench),
        postgres: round1(cpuSecondsOf('postgres') - cpu0.postgres),
        machine: round1(machineCpuSeconds() - cpu0.machine),
      },
      // The API's CPU per sign-in (its reads included): on `cores` cores of its own, sign-ins per second can reach
      // at most cores × 1000 / this.
      apiCpuMsPerSignIn: round1(((cpuSeconds(api.pid) - cpu0.api) * 1000) / Math.max(1, signIns.length)),
      // Other work on the machine during the load (load average over 1 minute, before and after).
      loadAverage: { before: round1(load0), after: round1(loadavg()[0]) },
      apiPeakRssMb: api.peakRssMb(),
      targets: { signInsPerSecond: SIGN_INS_TARGET, readP99Ms: READ_P99_TARGET_MS },
      met:
        signIns.length / seconds >= SIGN_INS_TARGET &&
        readStats.p99 <= READ_P99_TARGET_MS &&
        failures.size === 0,
    };
    console.log(JSON.stringify(summary));
    if (CHECK && !summary.met) {
      log(
        `target missed: ${summary.signInsPerSecond} sign-ins/s (≥ ${SIGN_INS_TARGET}), read p99 ` +
          `${readStats.p99} ms (≤ ${READ_P99_TARGET_MS}), failures ${JSON.stringify(summary.failures)}`,
      );
      process.exitCode = 1;
    }
  } finally {
    await api?.stop();
    await db.release();
  }
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});

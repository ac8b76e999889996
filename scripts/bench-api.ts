// Benchmark of the finance scores feed over HTTP: pages of `GET /api/v1/periods/{p}/scores?limit=500` under
// 50 concurrent connections, measured with autocannon.
//
//   npm run bench:api -- [--staff 20000] [--duration 20] [--connections 50] [--limit 500] [--keep] [--no-check]
//
// Set-up: a scratch PostgreSQL database `scorecard_bench_api` (created, migrated, dropped afterwards unless
// --keep; with --keep an already closed month in it is reused), the benchmarks' month for --staff people
// (scripts/bench-month.ts, with its incentive) imported, scored by the in-process run driver (no Redis),
// then, over HTTP to the real API (scripts/api-server.ts, a process of its own on 127.0.0.1), signed in as
// HR (the first hr_admin of the scratch database): approved, closed, and an API key with scope scores:read
// created. The chain of page cursors is read first; then autocannon's connections request the pages in
// rotation (plain GETs with the key) for --duration seconds. Prints one JSON line: {staff, pages,
// requestsPerSecond, latencyMs: {p50, p90, p99, max}, non2xx, errors, cpuSeconds, ...} and exits 1 when
// p99 > 50 ms or any request failed (--no-check: report only, e.g. a smoke run). API_NODE_FLAGS adds node
// options to the API process (e.g. --cpu-prof).
//
// PostgreSQL: the server of BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import { Logger } from '@nestjs/common';
import autocannon from 'autocannon';
import { DataSource } from 'typeorm';
import { importDocument } from '@app/domain/documents';
import { openDatabase, Period, redact } from '@app/persistence';
import { DEFAULT_RUNS_OPTIONS, RunsService } from '@app/domain/runs';
import { FollowUpHooks } from '@app/domain/appraisal';
import { AdjustmentRunHooks } from '@app/domain/pay';
import { ApiProcess, cpuSeconds, cpuSecondsOf, machineCpuSeconds } from './api-process';
import { generate } from './bench-month';
import { arg } from './bench-args';

const STAFF = arg('staff', 20_000);
const DURATION = arg('duration', 20);
const CONNECTIONS = arg('connections', 50);
const LIMIT = arg('limit', 500);
const KEEP = process.argv.includes('--keep');
const CHECK = !process.argv.includes('--no-check');
const P99_TARGET_MS = 50;
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'scorecard_bench_api';

const seconds = (ms: number) => Math.round(ms / 10) / 100;
const round1 = (x: number) => Math.round(x * 10) / 10;
const log = (s: string) => process.stderr.write(`${s}\n`);

/** The scratch database; with --keep it stays afterwards, and a closed month of --staff people in it is reused. */
async function benchDatabase(period: string) {
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
    const p = await ds.getRepository(Period).findOneBy({ period });
    const [{ n }] = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM staff_results WHERE run_id = $1`,
      [p?.currentRunId ?? '00000000-0000-0000-0000-000000000000'],
    );
    await ds.destroy();
    reused = p?.status === 'closed' && n === STAFF;
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

/** Imports the month and scores it with the in-process driver; returns the seconds each took. */
async function prepareMonth(
  url: string,
): Promise<{ period: string; importSeconds: number; runSeconds: number }> {
  const doc = generate(STAFF, 50, { incentive: true });
  const ds = await openDatabase(url);
  try {
    log(`importing ${STAFF} staff...`);
    let t0 = performance.now();
    await importDocument(ds, doc, 'bench');
    const importSeconds = seconds(performance.now() - t0);
    log(`  ${importSeconds} s; scoring (in-process driver)...`);
    const runs = new RunsService(ds, { ...DEFAULT_RUNS_OPTIONS, redisUrl: null, scheduleCron: null }, [
      new AdjustmentRunHooks(),
      new FollowUpHooks(),
    ]);
    t0 = performance.now();
    const { run } = await runs.start(doc.period, 'manual', 'bench');
    for (;;) {
      const view = await runs.get(run.id);
      if (view.status === 'failed') throw new Error(`run failed: ${view.error}`);
      if (view.status === 'completed') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const runSeconds = seconds(performance.now() - t0);
    // What the run does after it completed (follow-up work) ends before the database closes.
    await runs.onApplicationShutdown();
    log(`  ${runSeconds} s`);
    return { period: doc.period, importSeconds, runSeconds };
  } finally {
    await ds.destroy();
  }
}

interface ScoresPage {
  items: unknown[];
  nextCursor: string | null;
}

async function main(): Promise<void> {
  // The in-process run logs every chunk: only warnings and errors here.
  Logger.overrideLogger(['error', 'warn']);
  const period = generate(1).period;
  const db = await benchDatabase(period);
  let api: ApiProcess | undefined;
  try {
    const prepared = db.reused ? null : await prepareMonth(db.url);
    if (db.reused) log(`reusing the closed month in ${redact(db.url)}`);
    api = await ApiProcess.start(db.url);
    log(`API on ${api.url} (pid ${api.pid})`);
    // HR's part, signed in: approve and close the month, create the key finance uses.
    const hr = await api.signIn();
    if (!db.reused) {
      await api.json('POST', `/api/v1/periods/${period}/approve`, undefined, hr);
      await api.json('POST', `/api/v1/periods/${period}/close`, undefined, hr);
    }
    const { key } = await api.json<{ key: string }>(
      'POST',
      '/api/v1/api-keys',
      { name: 'bench:api', scopes: ['scores:read'] },
      hr,
      201,
    );
    const headers = { 'X-API-Key': key };

    // The chain of cursors: every page of the month, each read once (this also warms the API up).
    const paths: string[] = [];
    let cursor: string | null = null;
    let items = 0;
    do {
      const path = `/api/v1/periods/${period}/scores?limit=${LIMIT}${cursor ? `&cursor=${cursor}` : ''}`;
      const page: ScoresPage = await api.json<ScoresPage>('GET', path, undefined, headers);
      paths.push(path);
      items += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    if (items !== STAFF) throw new Error(`the pages hold ${items} lines, expected ${STAFF}`);
    log(`${paths.length} pages of ${LIMIT}; autocannon, ${CONNECTIONS} connections, ${DURATION} s...`);

    const rss0 = api.rssMb();
    const cpu0 = {
      api: cpuSeconds(api.pid),
      bench: cpuSeconds(process.pid),
      postgres: cpuSecondsOf('postgres'),
      machine: machineCpuSeconds(),
    };
    const result = await autocannon({
      url: api.url,
      connections: CONNECTIONS,
      duration: DURATION,
      headers,
      // Each connection goes through the pages in turn, starting over at the end.
      requests: paths.map((path) => ({ method: 'GET', path })),
    });
    const cpu = {
      api: round1(cpuSeconds(api.pid) - cpu0.api),
      autocannon: round1(cpuSeconds(process.pid) - cpu0.bench),
      postgres: round1(cpuSecondsOf('postgres') - cpu0.postgres),
      machine: round1(machineCpuSeconds() - cpu0.machine),
    };
    const summary = {
      staff: STAFF,
      pages: paths.length,
      limit: LIMIT,
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      requests: result.requests.total,
      requestsPerSecond: Math.round(result.requests.average),
      latencyMs: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
        mean: result.latency.mean,
      },
      mbPerSecond: Math.round((result.throughput.average / 1e6) * 10) / 10,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      // CPU seconds used during the measurement by the API, by this process (autocannon), by PostgreSQL and by the
      // whole machine (all cores; the difference is other work, and the kernel's own).
      cpuSeconds: cpu,
      apiRssMb: { before: rss0, after: api.rssMb(), peak: api.peakRssMb() },
      importSeconds: prepared?.importSeconds ?? null,
      runSeconds: prepared?.runSeconds ?? null,
      p99TargetMs: P99_TARGET_MS,
      met: result.latency.p99 <= P99_TARGET_MS && result.non2xx === 0 && result.errors === 0,
    };
    console.log(JSON.stringify(summary));
    if (CHECK && !summary.met) {
      log(
        `target missed: p99 ${summary.latencyMs.p99} ms (≤ ${P99_TARGET_MS}), ${summary.non2xx} non-2xx, ` +
          `${summary.errors} errors`,
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

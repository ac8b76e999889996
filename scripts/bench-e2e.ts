// End-to-end benchmark of a scoring run on PostgreSQL and Redis with real worker processes.
//
//   npm run bench:e2e -- --staff 100000 [--workers 2] [--chunk 500] [--concurrency 1] [--keep]
//
// Generates a month for --staff people with the 30-indicator set (scripts/bench-month.ts), imports it into a
// scratch database, then times trigger → completed with --workers worker processes; measures an I/O floor
// (the same chunks' reads — configuration, staff, observations — and the same number of result rows written
// with the same driver and batch sizes, the result JSON copied from the run: everything but the scoring);
// then times the run again with one worker. Prints one JSON line:
//   {staff, indicators, workers, runSeconds, ioFloorSeconds, ratio, peakWorkerRssMb, speedup2v1, ...}
//
// PostgreSQL: the server of BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres); a
// database is created and dropped. Redis: a private redis-server on a free port (needs redis-server).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { FlowProducer } from 'bullmq';
import { DataSource } from 'typeorm';
import { DEFAULT_RUNS_OPTIONS, RunsService, STAFF_RESULT_COLUMNS } from '@app/runs';
import { importDocument, insertRows, loadObservations, loadPeriodConfig, loadStaff } from '@app/documents';
import { openDatabase, redact, RunChunk, ScoringRun } from '@app/persistence';
import { PrivateRedis } from '../test/support/redis-server';
import { WorkerProcess } from '../test/support/worker-process';
import { generate, INDICATORS } from './bench-month';
import { redisConnection } from '@app/runs';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const STAFF = arg('staff', 100_000);
const WORKERS = arg('workers', 2);
const CHUNK = arg('chunk', 500);
const CONCURRENCY = arg('concurrency', DEFAULT_RUNS_OPTIONS.concurrency);
const KEEP = process.argv.includes('--keep');
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const seconds = (ms: number) => Math.round(ms / 10) / 100;
const log = (s: string) => process.stderr.write(`${s}\n`);

/**
 * The benchmark's database, `scorecard_bench_<staff>`. With --keep it is kept afterwards and a later run with
 * --keep reuses it (the month is imported once: importing 100,000 staff takes minutes); otherwise it is
 * created afresh and dropped.
 */
async function benchDatabase(): Promise<{ url: string; reused: boolean; release(): Promise<void> }> {
  const admin = new DataSource({ type: 'postgres', url: ADMIN_URL });
  await admin.initialize();
  const name = `scorecard_bench_${STAFF}`;
  const found = await admin.query<unknown[]>(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
  const exists = found.length > 0;
  const reused = exists && KEEP;
  if (!reused) {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    reused,
    release: async () => {
      if (!KEEP) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

/** CPU seconds (user + system) used so far by the processes whose command name is `name` (e.g. postgres). */
function cpuSecondsOf(name: string): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== name) continue;
      const fields = stat.slice(close + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / 100;
}

/** The process's CPU seconds (user + system). */
function cpuSecondsOfPid(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The process's peak resident set (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** Times one run with `n` fresh worker processes; returns seconds and the workers' peak RSS. */
async function timedRun(
  runs: RunsService,
  n: number,
  env: Record<string, string>,
  period: string,
): Promise<{ runId: string; seconds: number; peakRssMb: number; workerCpu: number; postgresCpu: number }> {
  const workers = await Promise.all(Array.from({ length: n }, () => WorkerProcess.start(env, true)));
  try {
    const cpu0 = workers.reduce((t, w) => t + cpuSecondsOfPid(w.pid), 0);
    const pg0 = cpuSecondsOf('postgres');
    const t0 = performance.now();
    const { run } = await runs.start(period, 'manual', 'bench');
    let last = -1;
    for (;;) {
      const view = await runs.get(run.id);
      if (view.status === 'failed') throw new Error(`run failed: ${view.error}`);
      if (view.status === 'completed') break;
      if (view.progress.done !== last) {
        last = view.progress.done;
        log(`  ${view.progress.done}/${view.progress.total}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const ms = performance.now() - t0;
    return {
      runId: run.id,
      seconds: seconds(ms),
      peakRssMb: Math.max(...workers.map((w) => peakRssMb(w.pid))),
      workerCpu: seconds(1000 * (workers.reduce((t, w) => t + cpuSecondsOfPid(w.pid), 0) - cpu0)),
      postgresCpu: seconds(1000 * (cpuSecondsOf('postgres') - pg0)),
    };
  } finally {
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));
  }
}

/**
 * The I/O floor: every chunk of `runId` read the way a chunk job reads it, and as many result rows written
 * (same columns, same JSON sizes, same batch size and upsert), `lanes` chunks at a time. No scoring.
 */
async function ioFloor(ds: DataSource, runId: string, period: string, lanes: number): Promise<number> {
  const chunks = await ds.getRepository(RunChunk).find({ where: { runId }, order: { index: 'ASC' } });
  const sample = await ds.query<{ result: string; incentive_explanation: string | null }[]>(
    `SELECT result, incentive_explanation FROM staff_results WHERE run_id = $1 LIMIT 1000`,
    [runId],
  );
  const floorRun = ds.getRepository(ScoringRun).create({
    ...(await ds.getRepository(ScoringRun).findOneByOrFail({ id: runId })),
    id: '00000000-0000-4000-8000-00000000f100',
    status: 'completed',
    activePeriod: null,
  });
  await ds.getRepository(ScoringRun).insert(floorRun);
  const columns = STAFF_RESULT_COLUMNS;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let c = next++; c < chunks.length; c = next++) {
        const chunk = chunks[c];
        const config = await loadPeriodConfig(ds.manager, period, chunk.staffIds);
        const staff = await loadStaff(ds.manager, chunk.staffIds);
        const departmentIds = [...new Set(staff.map((s) => s.departmentId))];
        await loadObservations(ds.manager, config.period.id, { staffIds: chunk.staffIds, departmentIds });
        const rows = staff.map((s, i) => {
          const r = sample[i % sample.length];
          return [
            floorRun.id,
            s.code,
            s.employeeNo,
            chunk.department,
            null,
            'BENCH',
            80,
            null,
            null,
            null,
            null,
            r.incentive_explanation,
            r.result,
          ];
        });
        await ds.transaction(async (tx) => {
          await insertRows(tx, 'staff_results', columns, rows, {
            keys: ['run_id', 'staff_code'],
            update: columns.slice(2),
          });
          await tx.getRepository(RunChunk).update({ id: chunk.id }, { completedAt: chunk.completedAt });
        });
      }
    }),
  );
  return seconds(performance.now() - t0);
}

async function main(): Promise<void> {
  // Workers run compiled, as in production (`npm run start:worker`): build them from the current sources.
  log('building the worker...');
  execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', 'worker'], {
    stdio: 'inherit',
  });
  const redis = await PrivateRedis.start();
  const db = await benchDatabase();
  const ds = await openDatabase(db.url);
  const flow = new FlowProducer({ connection: redisConnection(redis.url) });
  try {
    const doc = generate(STAFF);
    let importSeconds: number | null = null;
    if (db.reused) {
      log(`reusing the month already imported in ${redact(db.url)}`);
      // Earlier runs' results would make this run's writes land in bigger indexes than a first run's.
      await ds.query(`UPDATE periods SET current_run_id = NULL`);
      await ds.query(`DELETE FROM scoring_runs`);
    } else {
      log(`generating and importing ${STAFF} staff...`);
      const t0 = performance.now();
      await importDocument(ds, doc, 'bench');
      importSeconds = seconds(performance.now() - t0);
      log(`imported in ${importSeconds} s`);
    }
    const options = { ...DEFAULT_RUNS_OPTIONS, redisUrl: redis.url, processJobs: false, chunkSize: CHUNK };
    const runs = new RunsService(ds, options, flow);
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      WORKER_CONCURRENCY: String(CONCURRENCY),
      // The I/O floor and the run share the machine with PostgreSQL: no logging per chunk in the way.
    };
    log(`run with ${WORKERS} workers...`);
    const many = await timedRun(runs, WORKERS, env, doc.period);
    log(`  ${many.seconds} s; I/O floor...`);
    const floor = await ioFloor(ds, many.runId, doc.period, WORKERS * CONCURRENCY);
    log(`  ${floor} s; run with 1 worker...`);
    const one = WORKERS === 1 ? many : await timedRun(runs, 1, env, doc.period);
    console.log(
      JSON.stringify({
        staff: STAFF,
        indicators: INDICATORS.length,
        workers: WORKERS,
        runSeconds: many.seconds,
        ioFloorSeconds: floor,
        ratio: Math.round((many.seconds / floor) * 100) / 100,
        peakWorkerRssMb: many.peakRssMb,
        speedup2v1: Math.round((one.seconds / many.seconds) * 100) / 100,
        oneWorkerSeconds: one.seconds,
        // Where the CPU went during the run with `workers` workers (seconds of CPU).
        workerCpuSeconds: many.workerCpu,
        postgresCpuSeconds: many.postgresCpu,
        chunkSize: CHUNK,
        concurrency: CONCURRENCY,
        importSeconds,
      }),
    );
  } finally {
    await flow.close();
    await ds.destroy();
    await db.release();
    await redis.dispose();
  }
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});

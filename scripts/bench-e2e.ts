// End-to-end benchmark of a scoring run on PostgreSQL and Redis with real worker processes.
//
//   npm run bench:e2e -- --staff 100000 [--workers 2] [--chunk 500] [--concurrency 1] [--keep] [--import-only]
//                        [--quotas] [--annual [--no-check]]
//
// --quotas: the set gets grades and grade quotas (A at most 20 % of a department, at least one C or lower in ten or
// more; docs/CALIBRATION.md): each chunk, holding its whole department, calibrates it and scores again whoever it
// moves (`calibrated`: how many). Its own database (`scorecard_bench_<staff>_quotas`).
// --annual: the annual appraisal of 2026 instead (scripts/bench-annual.ts, docs/BENCHMARKS.md "The annual appraisal
// (`--annual`)"): the month imported and scored untimed with the set's grades of --quotas, eleven more months copied
// from it by SQL, the year's plan, then trigger → completed of the year's appraisal run with --workers workers and
// with 1, checked against the engine on three departments. Prints {staff, months, workers, annualSeconds,
// oneWorkerAnnualSeconds, speedup2v1, split, peakWorkerRssMb, checked, ...}; exits 1 over 60 s unless --no-check.
// Its own database (`scorecard_bench_<staff>_annual`).
// --import-only: generate and import the month (timed, with the split of the time over the import's steps:
// `importSteps`), print {staff, observations, importSeconds, importSteps, load} and stop (docs/BENCHMARKS.md,
// "Importing a month").
//
// Generates a month for --staff people with the 30-indicator set (scripts/bench-month.ts), imports it into a
// scratch database, then times trigger → completed with --workers worker processes, without the month's
// incentive plan; measures an I/O floor (the same chunks' reads — configuration, staff, observations — and the
// same rows written with the same driver and batch sizes, every column's value copied from the run's rows, with
// each chunk's completion: everything but the scoring and the job's own round trips, in as many processes as the
// run had workers: scripts/bench-floor.ts); times the run again with one worker, and the floor again in one
// process (`floorSpeedup2v1`: what the reads and writes alone gain from more processes on this machine); then
// with the plan put back, the run with --workers workers again (the pay step: `payStepShare`).
// After each run it waits for the appraisal loop's follow-up job (timed apart). Each timed phase starts after the
// same untimed warm-up of the page cache (warmMonth). Last, the payroll export: the period is approved and
// closed, and the real API (scripts/api-server.ts, a process of its own) streams
// `GET /api/v1/periods/{p}/payroll?format=csv` (one line per member of staff: the month has an incentive pool per
// department) to an HTTP client here, timed, with the API's resident set sampled meanwhile. Prints one JSON line:
//   {staff, indicators, workers, runSeconds, ioFloorSeconds, ratio, runSecondsWithPay, payStepShare,
//    peakWorkerRssMb, speedup2v1, followUpSeconds, ...,
//    exportSeconds, exportLines, exportRssDeltaMb, ...}
//
// PostgreSQL: the server of BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres); a
// database is created and dropped. Redis: a private redis-server on a free port (needs redis-server).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { FlowProducer } from 'bullmq';
import { DataSource } from 'typeorm';
import { PeriodLifecycleService, savePlan } from '@app/domain/periods';
import { ApiKeysService } from '@app/domain/access';
import { DEFAULT_RUNS_OPTIONS, RunsService, redisConnection } from '@app/domain/runs';
import { FollowUpHooks } from '@app/domain/appraisal';
import { AppraisalRunHooks } from '@app/domain/appraisal-periods';
import { AdjustmentRunHooks } from '@app/domain/pay';
import { importDocument } from '@app/domain/documents';
import { openDatabase, Period, redact, RunChunk, ScoringRun } from '@app/persistence';
import { PrivateRedis } from '../test/support/redis-server';
import { WorkerProcess } from '../test/support/worker-process';
import { ApiProcess } from './api-process';
import { annualBench } from './bench-annual';
import { ioFloor } from './bench-floor';
import { generate, INDICATORS } from './bench-month';
import { arg } from './bench-args';

const STAFF = arg('staff', 100_000);
const WORKERS = arg('workers', 2);
const CHUNK = arg('chunk', 500);
const CONCURRENCY = arg('concurrency', DEFAULT_RUNS_OPTIONS.concurrency);
const KEEP = process.argv.includes('--keep');
const IMPORT_ONLY = process.argv.includes('--import-only');
const QUOTAS = process.argv.includes('--quotas');
const ANNUAL = process.argv.includes('--annual');
const NO_CHECK = process.argv.includes('--no-check');
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The payroll export's target, checked at full size (100,000 staff) only: smaller runs report it. */
const EXPORT_TARGET_SECONDS = 5;
const FULL_SIZE = 100_000;

/**
 * The grades and quotas of --quotas: the generated month's totals lie between about 40 and 71, so A (58 and up)
 * is about a third of the staff, and the cap of 20 % moves about one in seven.
 */
const BENCH_GRADES = {
  grades: [
    { min: 58, grade: 'A', coefficient: 1.2 },
    { min: 52, grade: 'B', coefficient: 1 },
    { min: 46, grade: 'C', coefficient: 0.8 },
    { min: 0, grade: 'D', coefficient: 0.5 },
  ],
  quotas: {
    scope: 'department' as const,
    rules: [
      { grade: 'A', maxShare: 20 },
      { grade: 'C', minCount: 1, minStaff: 10 },
    ],
  },
};

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
  const name = `scorecard_bench_${STAFF}${ANNUAL ? '_annual' : QUOTAS ? '_quotas' : ''}`;
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

/** CPU seconds (user + system) used so far by each process whose command name is `name` (e.g. postgres). */
function cpuByPid(name: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== name) continue;
      const fields = stat.slice(close + 2).split(' ');
      out.set(Number(pid), (Number(fields[11]) + Number(fields[12])) / 100); // utime, stime
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/**
 * CPU seconds the processes named `name` used since `before` (a `cpuByPid`): per process, so that a process
 * that ended meanwhile (an idle pool connection closed, say) does not count as negative time.
 */
function cpuSince(name: string, before: Map<number, number>): number {
  let total = 0;
  for (const [pid, cpu] of cpuByPid(name)) total += cpu - (before.get(pid) ?? 0);
  return total;
}

/** The machine's CPU time so far, from /proc/stat: seconds busy (user, nice, system, irq), idle (with iowait), stolen. */
function machineCpu(): { busy: number; idle: number; steal: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = f;
  return {
    busy: (user + nice + system + irq + softirq) / 100,
    idle: (idle + iowait) / 100,
    steal: steal / 100,
  };
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
  ds: DataSource,
  n: number,
  env: Record<string, string>,
  period: string,
): Promise<{
  machine: { busySeconds: number; idleSeconds: number; stealSeconds: number; benchProcessSeconds: number };
  split: WallSplit;
  runId: string;
  seconds: number;
  followUpSeconds: number;
  peakRssMb: number;
  peakRssWithFollowUpMb: number;
  workerCpu: number;
  postgresCpu: number;
}> {
  const workers = await Promise.all(Array.from({ length: n }, () => WorkerProcess.start(env, true)));
  try {
    const cpu0 = workers.reduce((t, w) => t + cpuSecondsOfPid(w.pid), 0);
    const pg0 = cpuByPid('postgres');
    const machine0 = machineCpu();
    const self0 = process.cpuUsage();
    const t0 = performance.now();
    const t0Wall = Date.now();
    const { run } = await runs.start(period, 'manual', 'bench');
    // Watched as a page would, but cheaply: the machine is busy with the run, and what this process spends
    // watching is taken from it. Its status every 100 ms in one plain query (the run's view, two ORM queries,
    // cost about a core-second per run at that rate: docs/BENCHMARKS.md), its progress logged once a second.
    let last = -1;
    let logged = 0;
    for (;;) {
      const [row] = await ds.query<{ status: string; error: string | null }[]>(
        'SELECT status, error FROM scoring_runs WHERE id = $1',
        [run.id],
      );
      if (row.status === 'failed') throw new Error(`run failed: ${row.error}`);
      if (row.status === 'completed') break;
      if (performance.now() - logged >= 1000) {
        logged = performance.now();
        const progress = await runs.get(run.id).then((v) => v.progress);
        if (progress.done !== last) log(`  ${(last = progress.done)}/${progress.total}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const ms = performance.now() - t0;
    const runPeak = Math.max(...workers.map((w) => peakRssMb(w.pid)));
    // CPU up to the run's completion: the follow-up below is timed apart, and its CPU is not the run's.
    const workerCpu = seconds(1000 * (workers.reduce((t, w) => t + cpuSecondsOfPid(w.pid), 0) - cpu0));
    const postgresCpu = seconds(1000 * cpuSince('postgres', pg0));
    const machine1 = machineCpu();
    const self = process.cpuUsage(self0);
    // The whole machine meanwhile: every process's CPU, the idle cores, time the hypervisor took, and this
    // process's own share (it triggers the run and polls its progress).
    const machine = {
      busySeconds: seconds(1000 * (machine1.busy - machine0.busy)),
      idleSeconds: seconds(1000 * (machine1.idle - machine0.idle)),
      stealSeconds: seconds(1000 * (machine1.steal - machine0.steal)),
      benchProcessSeconds: seconds((self.user + self.system) / 1000),
    };
    // The appraisal loop's follow-up job (plans for low scores) runs after the run completed, on the same
    // workers: waited for (and timed apart) so that it never overlaps the next measurement.
    for (;;) {
      const done = await ds.query<unknown[]>(
        `SELECT 1 FROM audit_log WHERE action = 'plans.follow_up' AND entity_key = $1`,
        [run.id],
      );
      if (done.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const followMs = performance.now() - t0 - ms;
    return {
      machine,
      split: await wallSplit(ds, run.id, t0Wall),
      runId: run.id,
      seconds: seconds(ms),
      followUpSeconds: seconds(followMs),
      peakRssMb: runPeak,
      peakRssWithFollowUpMb: Math.max(...workers.map((w) => peakRssMb(w.pid))),
      workerCpu,
      postgresCpu,
    };
  } finally {
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));
  }
}

/**
 * Where a run's wall time went, from what its chunks recorded (run_chunks.timings) and the run's own times:
 * planning (trigger to the first chunk's start), the chunks (first start to last completion: reading, scoring
 * and writing summed over all chunks, and each worker's busy share of that span), and the finish job (last
 * chunk to the run's completion). Seconds.
 */
interface WallSplit {
  planSeconds: number;
  chunksSeconds: number;
  finishSeconds: number;
  readSeconds: number;
  scoreSeconds: number;
  writeSeconds: number;
  /** Per worker process: the share of the chunks' span it spent in chunk jobs (the rest: between jobs). */
  busyShare: number[];
}

async function wallSplit(ds: DataSource, runId: string, t0: number): Promise<WallSplit> {
  const chunks = await ds.getRepository(RunChunk).findBy({ runId });
  const run = await ds.getRepository(ScoringRun).findOneByOrFail({ id: runId });
  const start = Math.min(...chunks.map((c) => Date.parse(c.timings!.startedAt)));
  const end = Math.max(...chunks.map((c) => Date.parse(c.completedAt!)));
  const sum = (f: (c: RunChunk) => number) => seconds(chunks.reduce((t, c) => t + f(c), 0));
  const busy = new Map<number, number>();
  for (const c of chunks)
    busy.set(
      c.timings!.pid,
      (busy.get(c.timings!.pid) ?? 0) + Date.parse(c.completedAt!) - Date.parse(c.timings!.startedAt),
    );
  return {
    planSeconds: seconds(start - t0),
    chunksSeconds: seconds(end - start),
    finishSeconds: seconds(Date.parse(run.finishedAt!) - end),
    readSeconds: sum((c) => c.timings!.readMs),
    scoreSeconds: sum((c) => c.timings!.scoreMs),
    writeSeconds: sum((c) => c.timings!.writeMs),
    busyShare: [...busy.values()].map((b) => Math.round((b / (end - start)) * 100) / 100),
  };
}

let warmWarned = false;

/**
 * Reads what every timed phase reads (the month's observations and their indexes, the staff and the configuration)
 * into the operating system's page cache, untimed, before each phase: all phases start alike. Without it the first
 * run read from disk and the I/O floor right after it from memory — the virtual machines this is measured on page
 * out file pages left untouched for about a minute (DAMON's `pageout` scheme), so whichever phase came first after a
 * pause paid for the disk (docs/BENCHMARKS.md). Returns the seconds it took; null without pg_prewarm (a server
 * without PostgreSQL's contrib modules).
 */
async function warmMonth(ds: DataSource): Promise<number | null> {
  const t0 = performance.now();
  try {
    await ds.query('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
  } catch (e) {
    // A server without PostgreSQL's contrib modules: measured as it is, and the output says so (null).
    if (!warmWarned) log(`no page-cache warm-up (pg_prewarm: ${(e as Error).message})`);
    warmWarned = true;
    return null;
  }
  await ds.query(
    `SELECT pg_prewarm(c.oid::regclass, 'read') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace ` +
      `WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') AND c.relname NOT IN ('staff_results', ` +
      `'improvement_plans', 'plan_items', 'audit_log') AND NOT EXISTS (SELECT 1 FROM pg_index i ` +
      `WHERE i.indexrelid = c.oid AND i.indrelid IN ('staff_results'::regclass, 'improvement_plans'::regclass, ` +
      `'plan_items'::regclass, 'audit_log'::regclass))`,
  );
  return seconds(performance.now() - t0);
}

/**
 * The payroll export of the (closed) period over HTTP: `GET /payroll?format=csv` with a payroll:read key from
 * the real API in a process of its own, read to the end here. Returns the seconds from the request to the last
 * byte, the payroll lines (without the header) and the API's resident set: before, and the largest growth over
 * it while the file streamed (sampled every 20 ms), over the whole file and over its first half (flat memory:
 * the two are about the same; memory that grew with the lines would double).
 */
async function payrollExport(dbUrl: string, period: string, key: string) {
  const api = await ApiProcess.start(dbUrl);
  try {
    // Let start-up settle (the API compiled its sources on start), then the baseline.
    await new Promise((r) => setTimeout(r, 2000));
    const rssBefore = api.rssMb();
    let peak = rssBefore;
    let halfPeak: number | undefined;
    const sampler = setInterval(() => (peak = Math.max(peak, api.rssMb())), 20);
    const t0 = performance.now();
    const { status, lines, bytes } = await new Promise<{ status: number; lines: number; bytes: number }>(
      (resolve, reject) => {
        const req = get(
          `${api.url}/api/v1/periods/${period}/payroll?format=csv`,
          { headers: { 'X-API-Key': key } },
          (res) => {
            let newlines = 0;
            let size = 0;
            res.on('data', (b: Buffer) => {
              size += b.length;
              for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) newlines++;
              if (halfPeak === undefined && newlines > STAFF / 2) halfPeak = Math.max(peak, api.rssMb());
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, lines: newlines - 1, bytes: size }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
      },
    );
    const exportSeconds = seconds(performance.now() - t0);
    clearInterval(sampler);
    peak = Math.max(peak, api.rssMb());
    if (status !== 200) throw new Error(`payroll export: HTTP ${status}`);
    return {
      exportSeconds,
      exportLines: lines,
      exportMb: Math.round((bytes / 1e6) * 10) / 10,
      apiRssBeforeMb: Math.round(rssBefore),
      exportRssDeltaMb: Math.round(peak - rssBefore),
      exportRssDeltaHalfMb: halfPeak === undefined ? null : Math.round(halfPeak - rssBefore),
    };
  } finally {
    await api.stop();
  }
}

/** The machine's load averages (1, 5, 15 minutes): the machine is shared, figures are read next to them. */
const loadAverage = () => loadavg().map((l) => Math.round(l * 100) / 100);

async function main(): Promise<void> {
  // Workers run compiled, as in production (`npm run start:worker`): build them from the current sources.
  if (!IMPORT_ONLY) {
    log('building the worker...');
    execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', 'worker'], {
      stdio: 'inherit',
    });
  }
  const redis = await PrivateRedis.start();
  const db = await benchDatabase();
  const ds = await openDatabase(db.url);
  const flow = new FlowProducer({ connection: redisConnection(redis.url) });
  try {
    const doc = generate(STAFF, 50, { incentive: true });
    if (QUOTAS || ANNUAL) for (const set of doc.indicatorSets) Object.assign(set, BENCH_GRADES);
    if (ANNUAL) {
      // The year's benchmark prepares its months itself (a kept database: its twelve months as they are).
      const runs = new RunsService(
        ds,
        { ...DEFAULT_RUNS_OPTIONS, redisUrl: redis.url, processJobs: false, chunkSize: CHUNK },
        [new AdjustmentRunHooks(), new FollowUpHooks(), new AppraisalRunHooks()],
        flow,
      );
      const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, WORKER_CONCURRENCY: String(CONCURRENCY) };
      await annualBench({
        ds,
        runs,
        env,
        staff: STAFF,
        workers: WORKERS,
        reused: db.reused,
        check: !NO_CHECK,
        doc,
        monthRun: (n, period) => timedRun(runs, ds, n, env, period),
        peakRssMb,
        cpuSecondsOfPid,
        cpuByPid,
        cpuSince,
        loadAverage,
        log,
      });
      return;
    }
    let importSeconds: number | null = null;
    // Seconds per step of the import (validate, hash, staff, rules, observations, commit, analyze…).
    const importSteps: Record<string, number> = {};
    let importCpu: { node: number; postgres: number } | null = null;
    if (db.reused) {
      log(`reusing the month already imported in ${redact(db.url)}`);
      // Earlier runs' results would make this run's writes land in bigger indexes than a first run's; the
      // last one closed the period (for the payroll export): it is open again.
      await ds.query(`UPDATE periods SET current_run_id = NULL, status = 'open'`);
      await ds.query(`DELETE FROM scoring_runs`);
      // ...and the appraisal loop's plans of those runs (a first run of the month finds none).
      await ds.query(`DELETE FROM plan_actions`);
      await ds.query(`DELETE FROM plan_items`);
      await ds.query(`DELETE FROM improvement_plans`);
      // What autovacuum would have done meanwhile (this machine's PostgreSQL runs without it): without it,
      // every reuse leaves millions more dead rows for the next run and follow-up to wade through.
      log('vacuuming what earlier runs left...');
      await ds.query(
        `VACUUM staff_results, department_results, run_chunks, improvement_plans, plan_items, plan_actions`,
      );
    } else {
      log(`generating and importing ${STAFF} staff...`);
      const t0 = performance.now();
      const load = loadAverage();
      // Whose CPU the import is: this process (parse, validate, hash, build rows) or PostgreSQL's.
      const pg0 = cpuByPid('postgres');
      const node0 = process.cpuUsage();
      const imported = await importDocument(
        ds,
        doc,
        'bench',
        (step, ms) => (importSteps[step] = seconds(ms)),
      );
      importSeconds = seconds(performance.now() - t0);
      const nodeCpu = process.cpuUsage(node0);
      importCpu = {
        node: seconds((nodeCpu.user + nodeCpu.system) / 1000),
        postgres: seconds(1000 * cpuSince('postgres', pg0)),
      };
      log(`imported in ${importSeconds} s: ${JSON.stringify(importSteps)}`);
      if (IMPORT_ONLY) {
        console.log(
          JSON.stringify({
            staff: STAFF,
            observations: imported.counts.observations,
            importSeconds,
            importSteps,
            importCpu,
            loadBefore: load,
            loadAfter: loadAverage(),
          }),
        );
        return;
      }
    }
    if (IMPORT_ONLY) throw new Error('--import-only with a kept month: drop --keep, or drop the database');
    const options = { ...DEFAULT_RUNS_OPTIONS, redisUrl: redis.url, processJobs: false, chunkSize: CHUNK };
    const runs = new RunsService(ds, options, [new AdjustmentRunHooks(), new FollowUpHooks()], flow);
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      WORKER_CONCURRENCY: String(CONCURRENCY),
      // The I/O floor and the run share the machine with PostgreSQL: no logging per chunk in the way.
    };
    // Scoring scale-out is measured without the month's incentive plan (a plan version without one): the runs
    // with 2 workers and with 1 worker, and the I/O floor of the first. Then the plan is put back and the run
    // with 2 workers is timed again: the difference is the pay step (pool splits in the finish job).
    const period = await ds.getRepository(Period).findOneByOrFail({ period: doc.period });
    await savePlan(ds.manager, period, null, 'api', 'bench');
    log(`run with ${WORKERS} workers, without the incentive plan...`);
    const warmups: (number | null)[] = [await warmMonth(ds)];
    const many = await timedRun(runs, ds, WORKERS, env, doc.period);
    log(`  ${many.seconds} s (follow-up ${many.followUpSeconds} s); I/O floor...`);
    warmups.push(await warmMonth(ds));
    // The floor of the run's chunks in `processes` processes: its seconds, and whose CPU it took (its processes'
    // reads and writes, PostgreSQL's, the whole machine's meanwhile).
    const floorIn = async (processes: number) => {
      const cpu = { node: 0, postgres: 0, machineBusy: 0 };
      const timed = async (work: () => Promise<void>) => {
        const pg0 = cpuByPid('postgres');
        const machine0 = machineCpu();
        const t0 = performance.now();
        await work();
        const ms = performance.now() - t0;
        cpu.postgres = seconds(1000 * cpuSince('postgres', pg0));
        cpu.machineBusy = seconds(1000 * (machineCpu().busy - machine0.busy));
        return seconds(ms);
      };
      const measured = await ioFloor(ds, db.url, many.runId, doc.period, processes, CONCURRENCY, timed);
      cpu.node = seconds(1000 * measured.cpuSeconds);
      return { seconds: measured.seconds, cpu };
    };
    const { seconds: floor, cpu: floorCpu } = await floorIn(WORKERS);
    log(`  ${floor} s; run with 1 worker, without the incentive plan...`);
    warmups.push(await warmMonth(ds));
    const one = WORKERS === 1 ? many : await timedRun(runs, ds, 1, env, doc.period);
    // The same floor in one process: how much faster the reads and writes alone, with no scoring at all, get from
    // more processes on this machine (the speed-up they leave the run).
    let oneFloor: { seconds: number; cpu: typeof floorCpu } | null = null;
    if (WORKERS > 1) {
      log(`  ${one.seconds} s; I/O floor in 1 process...`);
      warmups.push(await warmMonth(ds));
      oneFloor = await floorIn(1);
    }
    await savePlan(ds.manager, period, doc.incentive ?? null, 'api', 'bench');
    log(`  ${oneFloor?.seconds ?? one.seconds} s; run with ${WORKERS} workers, paying (incentive plan)...`);
    warmups.push(await warmMonth(ds));
    const paid = await timedRun(runs, ds, WORKERS, env, doc.period);
    // After the last run: the month is approved and closed, as HR does before payroll takes it.
    log(`  ${paid.seconds} s; approve, close, payroll CSV export over HTTP...`);
    const lifecycle = new PeriodLifecycleService(ds);
    await lifecycle.approve(doc.period, 'bench');
    await lifecycle.close(doc.period, 'bench');
    const { key } = await new ApiKeysService(ds).create(
      { name: 'bench:e2e', scopes: ['payroll:read'] },
      'bench',
    );
    const exported = await payrollExport(db.url, doc.period, key);
    if (exported.exportLines !== STAFF)
      throw new Error(
        `the payroll export has ${exported.exportLines} lines, expected ${STAFF} (one per member of staff)` +
          (db.reused
            ? ': a month kept from before the benchmark had an incentive? Run once without --keep'
            : ''),
      );
    log(`  ${exported.exportSeconds} s, ${exported.exportLines} lines`);
    console.log(
      JSON.stringify({
        staff: STAFF,
        indicators: INDICATORS.length,
        workers: WORKERS,
        runSeconds: many.seconds,
        ioFloorSeconds: floor,
        ratio: Math.round((many.seconds / floor) * 100) / 100,
        // Untimed: the seconds each warm-up took before the 2-worker run, the floor, the 1-worker run, the floor in
        // one process (with more than one worker), the paying run.
        warmupSeconds: warmups,
        // The run that pays, and what paying adds to the run (target ≤ 20%).
        runSecondsWithPay: paid.seconds,
        payStepShare: Math.round(((paid.seconds - many.seconds) / many.seconds) * 1000) / 1000,
        ratioWithPay: Math.round((paid.seconds / floor) * 100) / 100,
        // The appraisal loop's follow-up job after the run (not part of runSeconds), and the workers' peak with it.
        followUpSeconds: many.followUpSeconds,
        peakWorkerRssWithFollowUpMb: Math.max(many.peakRssWithFollowUpMb, paid.peakRssWithFollowUpMb),
        peakWorkerRssMb: Math.max(many.peakRssMb, paid.peakRssMb),
        // Each run's peak, without and with its follow-up: [2 workers, 1 worker, 2 workers paying].
        peakWorkerRssByRunMb: [many, one, paid].map((r) => [r.peakRssMb, r.peakRssWithFollowUpMb]),
        speedup2v1: Math.round((one.seconds / many.seconds) * 100) / 100,
        // The most `workers` workers could gain over one on this machine: one worker's run already kept this many
        // of its cores busy (the worker and PostgreSQL working at once), and more workers cannot use more than all
        // of them for the same work: cores ÷ the cores one worker's run kept busy.
        speedup2v1Bound: Math.round(((cpus().length * one.seconds) / one.machine.busySeconds) * 100) / 100,
        oneWorkerSeconds: one.seconds,
        // The I/O floor in one process, and how much faster it was in `workers` processes: the reads and writes
        // without scoring, scaled out on this machine (null with one worker).
        ioFloorOneSeconds: oneFloor?.seconds ?? null,
        ioFloorOneCpuSeconds: oneFloor?.cpu ?? null,
        floorSpeedup2v1: oneFloor ? Math.round((oneFloor.seconds / floor) * 100) / 100 : null,
        // Where the CPU went during the run with `workers` workers (seconds of CPU), and the shortest the run
        // could take on this machine's cores with that much work (no idle core, nothing else running).
        workerCpuSeconds: many.workerCpu,
        postgresCpuSeconds: many.postgresCpu,
        cpuBoundSeconds: seconds((1000 * (many.workerCpu + many.postgresCpu)) / cpus().length),
        // The floor's CPU (its reads and writes in its processes, PostgreSQL's): what the run adds to it is the
        // workers' CPU and PostgreSQL's beyond these.
        ioFloorCpuSeconds: floorCpu,
        // The machine's busy CPU in the run over that in the floor: with both keeping the cores busy, the ratio is
        // this (what the scoring costs beyond the reads and writes), whatever the run waits on.
        cpuRatio: Math.round((many.machine.busySeconds / floorCpu.machineBusy) * 100) / 100,
        oneWorkerCpuSeconds: one.workerCpu,
        oneWorkerPostgresCpuSeconds: one.postgresCpu,
        // Where the wall time went (run_chunks.timings): the run with `workers` workers, and with one.
        split: many.split,
        oneWorkerSplit: one.split,
        // With --quotas: how many results hold a calibration (moved by a quota) in the 2-worker run.
        calibrated: QUOTAS
          ? Number(
              (
                await ds.query<{ n: string }[]>(
                  'SELECT COUNT(*) AS n FROM staff_results WHERE run_id = $1 AND calibration IS NOT NULL',
                  [many.runId],
                )
              )[0].n,
            )
          : null,
        machine: many.machine,
        oneWorkerMachine: one.machine,
        chunkSize: CHUNK,
        concurrency: CONCURRENCY,
        importSeconds,
        importSteps,
        importCpu,
        // The payroll CSV of the closed month over HTTP; the target (≤ 5 s) is checked at full size only.
        ...exported,
        exportTargetSeconds: EXPORT_TARGET_SECONDS,
        exportMet: STAFF >= FULL_SIZE ? exported.exportSeconds <= EXPORT_TARGET_SECONDS : null,
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

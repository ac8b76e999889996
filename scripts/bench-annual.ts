// The annual appraisal of `bench:e2e --annual` (docs/BENCHMARKS.md, "The annual appraisal (`--annual`)"): twelve
// posted months of 2026 for --staff people, the year's plan, then trigger → completed of the year's appraisal run
// on worker processes (the scoring queue's BullMQ flow: one chunk job per department, the finish job), timed with 2
// workers and with 1, and checked against the engine's result of three departments' documents.
//
// The months are made cheaply: ONE month (the generated 2026-10, the same as the other modes) is imported and scored
// the ordinary way with the workers (untimed), and the other eleven are copies of its results made by SQL, each
// total moved by −3..+3 per person and month (a hash of the code and the month: deterministic). The copies keep the
// packed result as it is, so the grade and veto each month gives the roll-up are the base month's. A few people
// join in July and a few leave in November (their active dates and rows say so), so that the roll-up weights days.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  AppraisalPeriodsService,
  appraisalDocument,
  AppraisalRunsService,
} from '@app/domain/appraisal-periods';
import { importDocument } from '@app/domain/documents';
import { savePlan } from '@app/domain/periods';
import type { RunsService } from '@app/domain/runs';
import {
  AppraisalResultRow,
  AppraisalRun,
  AppraisalRunChunk,
  Period,
  type AppraisalPlanDefinition,
} from '@app/persistence';
import { AppraisalResult, isAppraisalError, scoreAnyDocument, type ScorecardDocument } from '@app/scoring';
import { WorkerProcess } from '../test/support/worker-process';

/** The year appraised: the generated month (2026-10) is one of its months. */
export const ANNUAL_PERIOD = '2026';
/** The target: trigger → completed of the year with 2 workers, at 100,000 staff. */
export const ANNUAL_TARGET_SECONDS = 60;
/** The departments whose stored results are checked against the engine (of the generator's D0..D49). */
const CHECKED_DEPARTMENTS = ['D0', 'D17', 'D49'];

/** What bench-e2e.ts measures with, handed over (it runs its main on load: it cannot be imported from here). */
export interface AnnualContext {
  ds: DataSource;
  runs: RunsService;
  /** The worker processes' environment (database, Redis, concurrency). */
  env: Record<string, string>;
  staff: number;
  workers: number;
  /** Whether the database was kept from an earlier --keep run (its months are reused when all twelve are there). */
  reused: boolean;
  check: boolean;
  doc: ScorecardDocument;
  /** bench-e2e's run of the month with `n` workers (untimed here: it only posts the base month). */
  monthRun: (n: number, period: string) => Promise<{ runId: string; seconds: number }>;
  peakRssMb: (pid: number) => number;
  cpuSecondsOfPid: (pid: number) => number;
  cpuByPid: (name: string) => Map<number, number>;
  cpuSince: (name: string, before: Map<number, number>) => number;
  loadAverage: () => number[];
  log: (s: string) => void;
}

const seconds = (ms: number) => Math.round(ms / 10) / 100;
const MONTHS = Array.from({ length: 12 }, (_, i) => `${ANNUAL_PERIOD}-${String(i + 1).padStart(2, '0')}`);
/** 1 in 50 join on 15 July (no month before July), 1 in 50 leave on 10 November (no month after November). */
const JOINER = (code = 'staff_code') => `((hashtext(${code})::bigint % 50 + 50) % 50) = 0`;
const LEAVER = (code = 'staff_code') => `((hashtext(${code})::bigint % 50 + 50) % 50) = 1`;
const YEAR_START = `${ANNUAL_PERIOD}-01-01`;
const JOINED = `${ANNUAL_PERIOD}-07-15`;
const LEFT = `${ANNUAL_PERIOD}-11-10`;

/**
 * The year's plan: the usual four grades of an annual appraisal (优秀 / 合格 / 基本合格 / 不合格) on the generated
 * totals (about 40 to 71), at least 3 months, a month graded D caps the year at 合格, at most 20 % 优秀 per
 * department, and a bonus pool per department split by `coefficient * days`.
 */
export function annualPlan(departments: string[]): AppraisalPlanDefinition {
  return {
    appraisal: {
      minMonths: 3,
      caps: [{ grade: 'D', months: 1, to: '合格' }],
      grades: [
        { min: 60, grade: '优秀', coefficient: 1.5 },
        { min: 52, grade: '合格', coefficient: 1 },
        { min: 46, grade: '基本合格', coefficient: 0.6 },
        { min: 0, grade: '不合格', coefficient: 0 },
      ],
      quotas: { scope: 'department', rules: [{ grade: '优秀', maxShare: 20 }] },
    },
    incentive: {
      pools: departments.map((department) => ({ department, amount: '1200000.00' })),
      weight: 'coefficient * days',
    },
  };
}

/** Whether the kept database holds the twelve posted months already (a --keep run after a first one). */
async function monthsReady(ds: DataSource): Promise<boolean> {
  const [{ n }] = await ds.query<{ n: string }[]>(
    `SELECT COUNT(*) AS n FROM periods WHERE period = ANY($1) AND status = 'closed' AND current_run_id IS NOT NULL`,
    [MONTHS],
  );
  return Number(n) === 12;
}

/**
 * The staff's active dates for the year: the import made everyone active from the base month's first day, so the
 * months before it would count 0 days; everyone is active from 1 January, joiners from 15 July, and leavers until
 * 10 November (the roll-up weights their first and last month by the days). Idempotent: a kept database gets it too.
 */
async function activeDates(em: Pick<DataSource, 'query'>): Promise<void> {
  await em.query(
    `UPDATE staff SET active_from = CASE WHEN ${JOINER('code')} THEN $1 ELSE $2 END,
       active_to = CASE WHEN ${LEAVER('code')} THEN $3 ELSE NULL END`,
    [JOINED, YEAR_START, LEFT],
  );
}

/**
 * The eleven other months from the base month's results, in one transaction: a closed `periods` row and a completed
 * `scoring_runs` row each, and a copy of the base run's `staff_results` with the total moved deterministically
 * (−3..+3, kept within 0..100); joiners' rows start in July, leavers' end in November, and their active dates say
 * so. The base month is closed too. Then ANALYZE, as autovacuum would (this machine's PostgreSQL runs without it).
 */
async function copyMonths(ds: DataSource, base: Period): Promise<{ rows: number }> {
  const at = new Date().toISOString();
  let rows = 0;
  await ds.transaction(async (tx) => {
    await tx.query(`UPDATE periods SET status = 'closed' WHERE id = $1`, [base.id]);
    await activeDates(tx);
    for (const month of MONTHS) {
      if (month === base.period) continue;
      const [{ id: periodId }] = await tx.query<{ id: number }[]>(
        `INSERT INTO periods (period, status, current_run_id, data_version) VALUES ($1, 'closed', NULL, 0) RETURNING id`,
        [month],
      );
      const runId = randomUUID();
      await tx.query(
        `INSERT INTO scoring_runs (id, period_id, period, status, trigger, kind, adjustment_id, plan_version,
           active_period, total, chunk_count, requested_by, created_at, started_at, data_version, completeness,
           owner, heartbeat_at, finished_at, error)
         VALUES ($1, $2, $3, 'completed', 'manual', 'regular', NULL, NULL, NULL, 0, 0, 'bench', $4, $4, 0, NULL,
           NULL, NULL, $4, NULL)`,
        [runId, periodId, month, at],
      );
      const copied = await tx.query<unknown[]>(
        `INSERT INTO staff_results (run_id, staff_code, staff_id, employee_no, department, site, indicator_set,
           total, error, pool_weight, pool_factor, incentive_error, incentive, incentive_explanation,
           indicator_scores, calibration, result)
         SELECT $1, staff_code, staff_id, employee_no, department, site, indicator_set,
           CASE WHEN total IS NULL THEN NULL
             ELSE LEAST(100, GREATEST(0, total + (((hashtext(staff_code || $2)::bigint % 7) + 7) % 7) - 3)) END,
           error, pool_weight, pool_factor, incentive_error, incentive, incentive_explanation,
           indicator_scores, calibration, result
         FROM staff_results
         WHERE run_id = $3 AND NOT ($2 < '2026-07' AND ${JOINER()}) AND NOT ($2 > '2026-11' AND ${LEAVER()})
         RETURNING 1`,
        [runId, month, base.currentRunId],
      );
      rows += copied.length;
      await tx.query(`UPDATE scoring_runs SET total = $2 WHERE id = $1`, [runId, copied.length]);
      await tx.query(`UPDATE periods SET current_run_id = $2 WHERE id = $1`, [periodId, runId]);
    }
  });
  await ds.query('ANALYZE staff_results, periods, scoring_runs, staff');
  return { rows };
}

/**
 * The warm-up before each timed run (untimed): the relations a run of the year reads — the months' results (with
 * their TOAST table and indexes), staff, departments, the appraisal tables — into the page cache, as warmMonth does
 * for a month. Returns the seconds it took; null without pg_prewarm.
 */
async function warmYear(ds: DataSource): Promise<number | null> {
  const t0 = performance.now();
  try {
    await ds.query('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
  } catch {
    return null;
  }
  const tables = [
    'staff_results',
    'staff',
    'departments',
    'periods',
    'appraisal_plans',
    'appraisal_inputs',
    'grade_overrides',
  ];
  await ds.query(
    `SELECT pg_prewarm(c.oid::regclass, 'read') FROM pg_class c
     WHERE c.oid IN (SELECT t.oid FROM pg_class t WHERE t.relname = ANY($1) AND t.relkind = 'r'
                     UNION SELECT t.reltoastrelid FROM pg_class t WHERE t.relname = ANY($1) AND t.reltoastrelid <> 0
                     UNION SELECT i.indexrelid FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
                       WHERE t.relname = ANY($1))`,
    [tables],
  );
  return seconds(performance.now() - t0);
}

interface AnnualSplit {
  /** Trigger to the answer of start: the plan (the whole year's document read once) and the flow queued. */
  planSeconds: number;
  /** The answer of start to the first chunk's start (the run turning `running`): picking the jobs up. */
  queueSeconds: number;
  /** First chunk's start to the last chunk's completion. */
  chunksSeconds: number;
  /**
   * Last chunk's completion to the finish job's `finishedAt`: reading every row, calibrating, re-scoring the people
   * the quotas move (their departments' documents built again) and splitting the pools.
   */
  finishSeconds: number;
  /**
   * `finishedAt` to this process seeing the run completed: the finishing transaction stamps `finishedAt` first, then
   * replaces the moved people's rows and writes every bonus share before it commits (and the 100 ms polling).
   */
  commitSeconds: number;
  /** Chunk jobs (one per department): chunks record their completion only, no time of their own. */
  chunkCount: number;
}

/** One timed run of the year with `n` fresh worker processes, after the warm-up. */
async function timedYear(ctx: AnnualContext, n: number) {
  const { ds } = ctx;
  const workers = await Promise.all(Array.from({ length: n }, () => WorkerProcess.start(ctx.env, true)));
  try {
    const warmupSeconds = await warmYear(ds);
    const service = new AppraisalRunsService(ds, ctx.runs);
    const cpu0 = workers.reduce((t, w) => t + ctx.cpuSecondsOfPid(w.pid), 0);
    const pg0 = ctx.cpuByPid('postgres');
    const load = ctx.loadAverage();
    const t0 = performance.now();
    const t0Wall = Date.now();
    const { run } = await service.start('bench', ANNUAL_PERIOD);
    const planned = Date.now();
    let row: AppraisalRun;
    for (;;) {
      row = await ds.getRepository(AppraisalRun).findOneByOrFail({ id: run.id });
      if (row.status === 'failed') throw new Error(`appraisal run failed: ${row.error}`);
      if (row.status === 'completed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const ms = performance.now() - t0;
    const seen = Date.now();
    const workerCpu = seconds(1000 * (workers.reduce((t, w) => t + ctx.cpuSecondsOfPid(w.pid), 0) - cpu0));
    const postgresCpu = seconds(1000 * ctx.cpuSince('postgres', pg0));
    const chunks = await ds.getRepository(AppraisalRunChunk).findBy({ runId: run.id });
    const lastChunk = Math.max(...chunks.map((c) => Date.parse(c.completedAt!)));
    const started = Date.parse(row.startedAt!);
    const split: AnnualSplit = {
      planSeconds: seconds(planned - t0Wall),
      queueSeconds: seconds(started - planned),
      chunksSeconds: seconds(lastChunk - started),
      finishSeconds: seconds(Date.parse(row.finishedAt!) - lastChunk),
      commitSeconds: seconds(seen - Date.parse(row.finishedAt!)),
      chunkCount: chunks.length,
    };
    return {
      runId: run.id,
      total: row.total,
      seconds: seconds(ms),
      split,
      peakRssMb: Math.max(...workers.map((w) => ctx.peakRssMb(w.pid))),
      workerCpu,
      postgresCpu,
      warmupSeconds,
      loadBefore: load,
    };
  } finally {
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));
  }
}

/**
 * The stored results of `runId` against the engine's result of each checked department's own document (the
 * department's people and pool: quotas per department and pools split within their department, so the document of
 * one department gives the same totals, grades and bonuses as the year's): total, grade, bonus, error.
 */
async function checkDepartments(ds: DataSource, runId: string, planVersion: number) {
  const mismatches: string[] = [];
  let staff = 0;
  for (const department of CHECKED_DEPARTMENTS) {
    const built = await appraisalDocument(ds.manager, ANNUAL_PERIOD, {
      departments: [department],
      planVersion,
    });
    const result = scoreAnyDocument(built.document) as AppraisalResult;
    const stored = new Map(
      (await ds.getRepository(AppraisalResultRow).findBy({ runId, department })).map((r) => [r.staffCode, r]),
    );
    if (stored.size !== result.staff.length)
      mismatches.push(`${department}: ${stored.size} rows stored, the engine scores ${result.staff.length}`);
    for (const r of result.staff) {
      staff++;
      const s = stored.get(r.id);
      const want = isAppraisalError(r)
        ? { total: null, grade: null, incentive: null, error: r.error }
        : { total: r.total, grade: r.grade, incentive: r.incentive, error: null };
      const got = s && {
        total: s.total === null ? null : Number(s.total),
        grade: s.grade,
        incentive: s.incentive,
        error: s.error,
      };
      if (JSON.stringify(got) !== JSON.stringify(want))
        mismatches.push(`${r.id}: stored ${JSON.stringify(got)}, engine ${JSON.stringify(want)}`);
    }
  }
  return {
    departments: CHECKED_DEPARTMENTS,
    staff,
    mismatches: mismatches.length,
    first: mismatches.slice(0, 5),
  };
}

/**
 * The whole --annual mode: the twelve months (unless kept), the plan, the year with `workers` workers and with 1,
 * the check, one JSON line. Sets the exit code 1 when the 2-worker run takes more than 60 s (unless `check` is off)
 * or a checked result differs from the engine's.
 */
export async function annualBench(ctx: AnnualContext): Promise<void> {
  const { ds, log, doc } = ctx;
  let importSeconds: number | null = null;
  let monthRunSeconds: number | null = null;
  let copySeconds: number | null = null;
  let copiedRows: number | null = null;
  if (ctx.reused && (await monthsReady(ds))) {
    log('reusing the twelve months kept; earlier appraisal runs removed');
    await activeDates(ds);
    await ds.query('DELETE FROM appraisal_results');
    await ds.query('DELETE FROM appraisal_run_chunks');
    await ds.query('DELETE FROM appraisal_runs');
    await ds.query('DELETE FROM appraisal_periods');
    await ds.query('VACUUM ANALYZE appraisal_results, appraisal_run_chunks, appraisal_runs');
  } else {
    if (ctx.reused)
      throw new Error('--annual --keep: the kept database is incomplete; run once without --keep');
    log(`generating and importing ${ctx.staff} staff (the base month ${doc.period}, untimed)...`);
    let t0 = performance.now();
    await importDocument(ds, doc, 'bench');
    importSeconds = seconds(performance.now() - t0);
    const period = await ds.getRepository(Period).findOneByOrFail({ period: doc.period });
    // The month is paid by nobody here: the year's bonus is what is measured.
    await savePlan(ds.manager, period, null, 'api', 'bench');
    log(`  ${importSeconds} s; scoring ${doc.period} with ${ctx.workers} workers (untimed)...`);
    monthRunSeconds = (await ctx.monthRun(ctx.workers, doc.period)).seconds;
    log(`  ${monthRunSeconds} s; the other eleven months by SQL...`);
    t0 = performance.now();
    copiedRows = (
      await copyMonths(ds, await ds.getRepository(Period).findOneByOrFail({ period: doc.period }))
    ).rows;
    copySeconds = seconds(performance.now() - t0);
    log(`  ${copySeconds} s, ${copiedRows} rows`);
  }
  const departments = [...new Set(doc.staff.map((s) => s.department))].sort();
  const plan = await new AppraisalPeriodsService(ds).putPlan('bench', ANNUAL_PERIOD, annualPlan(departments));
  const [{ n: monthRows }] = await ds.query<{ n: string }[]>(
    `SELECT COUNT(*) AS n FROM staff_results r JOIN periods p ON p.current_run_id = r.run_id WHERE p.period = ANY($1)`,
    [MONTHS],
  );

  log(`the year ${ANNUAL_PERIOD} with ${ctx.workers} workers...`);
  const many = await timedYear(ctx, ctx.workers);
  log(`  ${many.seconds} s ${JSON.stringify(many.split)}; checking ${CHECKED_DEPARTMENTS.join(', ')}...`);
  const checked = await checkDepartments(ds, many.runId, plan.version);
  log(`  ${checked.staff} staff, ${checked.mismatches} mismatches; the year with 1 worker...`);
  const one = ctx.workers === 1 ? many : await timedYear(ctx, 1);
  log(`  ${one.seconds} s`);
  const [{ n: moved }] = await ds.query<{ n: string }[]>(
    'SELECT COUNT(*) AS n FROM appraisal_results WHERE run_id = $1 AND calibration IS NOT NULL',
    [many.runId],
  );
  const [{ ungraded, errors }] = await ds.query<{ ungraded: string; errors: string }[]>(
    `SELECT COUNT(*) FILTER (WHERE grade IS NULL AND error IS NULL) AS ungraded,
       COUNT(*) FILTER (WHERE error IS NOT NULL) AS errors FROM appraisal_results WHERE run_id = $1`,
    [many.runId],
  );
  const overTarget = many.seconds > ANNUAL_TARGET_SECONDS;
  console.log(
    JSON.stringify({
      staff: ctx.staff,
      months: 12,
      monthRows: Number(monthRows),
      appraised: many.total,
      workers: ctx.workers,
      annualSeconds: many.seconds,
      oneWorkerAnnualSeconds: one.seconds,
      speedup2v1: Math.round((one.seconds / many.seconds) * 100) / 100,
      split: many.split,
      oneWorkerSplit: one.split,
      peakWorkerRssMb: many.peakRssMb,
      oneWorkerPeakRssMb: one.peakRssMb,
      workerCpuSeconds: many.workerCpu,
      postgresCpuSeconds: many.postgresCpu,
      oneWorkerCpuSeconds: one.workerCpu,
      oneWorkerPostgresCpuSeconds: one.postgresCpu,
      // People the department quota (优秀 ≤ 20 %) moved; people without a grade (fewer than 3 months); people
      // with an error (no month with a total: the base month's errors, copied into every month).
      calibrated: Number(moved),
      ungraded: Number(ungraded),
      errors: Number(errors),
      checked,
      targetSeconds: ANNUAL_TARGET_SECONDS,
      targetMet: !overTarget,
      warmupSeconds: [many.warmupSeconds, one.warmupSeconds],
      loadBefore: [many.loadBefore, one.loadBefore],
      loadAfter: ctx.loadAverage(),
      // Untimed preparation (null: the months were kept from an earlier --keep run).
      importSeconds,
      monthRunSeconds,
      copySeconds,
      copiedRows,
    }),
  );
  if (checked.mismatches) {
    log(`stored results differ from the engine's: ${checked.first.join('; ')}`);
    process.exitCode = 1;
  }
  if (overTarget && ctx.check) {
    log(`annualSeconds ${many.seconds} > ${ANNUAL_TARGET_SECONDS} (--no-check to report only)`);
    process.exitCode = 1;
  }
}

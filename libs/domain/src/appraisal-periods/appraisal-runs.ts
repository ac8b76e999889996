// A run of an appraisal period (docs/APPRAISAL-PERIODS.md, "Runs"): planned in one transaction (one chunk per
// department of the period's document, the plan version and the months as read), scored on the scoring queue's
// workers like a month (RunHooks.jobs: runs sit below this concept and call it only through its hooks), finished
// by one job that calibrates, splits the pools and makes the run the period's results, in one transaction.
//
// A chunk is one whole department: it calibrates the department's quota groups and HR's overrides and splits the
// department's pool itself. The finish job calibrates everyone at once exactly as the engine does (CompiledAppraisal
// .calibration), scores again only the people whose calibration differs from their row's (a hospital-wide quota
// group) and splits again only their departments' pools, so that the stored result is the engine's result of the
// whole document — the preview — to the cent, and a year of 100,000 people is never built whole in one process.
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull, QueryFailedError } from 'typeorm';
import {
  AppraisalPeriod,
  AppraisalResultRow,
  AppraisalRun,
  AppraisalRunChunk,
  GradeOverride,
  updateRows,
} from '@app/persistence';
import {
  AppraisalDocument,
  calibrate,
  Calibration,
  CompiledAppraisal,
  compileAppraisal,
  DocumentInvalidError,
  GradeEntry,
  GradeOverrideDef,
  rollUp,
  sameCalibration,
  RollupEntry,
} from '@app/scoring';
import { audit, auditedWrite } from '../audit';
import {
  JobFlow,
  lastSignOfLife,
  RunConfigurationError,
  RunHooks,
  RunJobData,
  touchRun,
  WatchedRun,
} from '../runs';
import { AppraisalPeriodLockedError } from './appraisal-period-lock';
import { appraisalPeriod, findAppraisalPlan } from './appraisal-plans';
import { AppraisalPeriodStateError, AppraisalRunNotFoundError } from './appraisal-run-errors';
import { AppraisalResultColumns, appraisalResultOf, appraisalResultRow } from './appraisal-result-codec';
import { AppraisalMonthSummary, appraisalCensus, appraisalDocument } from './period-document';

/** The jobs of an appraisal run on the scoring queue, and the prefix of their ids (`appraisal-<id>-chunk-<i>`). */
export const JOB_APPRAISAL_CHUNK = 'appraisal-chunk';
export const JOB_APPRAISAL_FINISH = 'appraisal-finish';
export const APPRAISAL_JOB_PREFIX = 'appraisal';

const ACTIVE: AppraisalRun['status'][] = ['queued', 'running'];

/** Rows per INSERT (15 columns: well under SQLite's and PostgreSQL's parameter limits). */
const INSERT_BATCH = 200;

const now = () => new Date().toISOString();

/**
 * Plans a run of `period`, in one transaction: refused when the period is approved or closed (409) or has no plan
 * (404); when a run of it is queued or running already, that run (`created: false`). One chunk per department of
 * the period's document (code order), with its people counted; the months read and the plan version are kept with
 * the run, so that every chunk scores the same months with the same rule. Audited `appraisal.run`.
 */
export async function planAppraisalRun(
  ds: DataSource,
  period: string,
  requestedBy: string,
): Promise<{ run: AppraisalRun; created: boolean }> {
  const p = appraisalPeriod(period);
  const active = () => ds.getRepository(AppraisalRun).findOne({ where: { activePeriod: p } });
  try {
    return await ds.transaction(async (em) => {
      // The period's row, created open at its first run, and locked (PostgreSQL) so that an approval and a plan
      // never interleave; SQLite writes one transaction at a time.
      const repo = em.getRepository(AppraisalPeriod);
      if (!(await repo.existsBy({ period: p })))
        await repo.insert({
          period: p,
          status: 'open',
          currentRunId: null,
          approvedBy: null,
          approvedAt: null,
          closedBy: null,
          closedAt: null,
        });
      const q = repo.createQueryBuilder('p').where('p.period = :p', { p });
      if (em.connection.options.type === 'postgres') q.setLock('pessimistic_write');
      const row = (await q.getOne())!;
      if (row.status === 'approved' || row.status === 'closed')
        throw new AppraisalPeriodLockedError(p, row.status);
      const running = await em.getRepository(AppraisalRun).findOne({ where: { activePeriod: p } });
      if (running) return { run: running, created: false };
      // Who is in the period, per department of their last month, counted by the database: the document of a
      // year of every member of staff is built by the chunks, a department each, never whole.
      const census = await appraisalCensus(em, p);
      const perDepartment = census.departments;
      const departments = [...perDepartment.keys()].sort();
      const run = em.getRepository(AppraisalRun).create({
        id: randomUUID(),
        period: p,
        status: 'queued',
        planVersion: census.planVersion,
        activePeriod: p,
        total: census.total,
        chunkCount: departments.length,
        months: census.months,
        requestedBy: requestedBy.slice(0, 100),
        createdAt: now(),
        startedAt: null,
        finishedAt: null,
        error: null,
      });
      run.heartbeatAt = run.createdAt; // its first sign of life (the watchdog: runs.service.ts)
      await em.getRepository(AppraisalRun).save(run);
      if (departments.length)
        await em.getRepository(AppraisalRunChunk).insert(
          departments.map((department, index) => ({
            runId: run.id,
            index,
            department,
            staffCount: perDepartment.get(department)!,
            completedAt: null,
          })),
        );
      await audit(em, {
        actor: requestedBy,
        action: 'appraisal.run',
        entity: 'appraisal_run',
        entityKey: run.id,
        after: { period: p, planVersion: run.planVersion, total: run.total, chunks: run.chunkCount },
      });
      return { run, created: true };
    });
  } catch (e) {
    // Someone else planned a run of this period meanwhile (the unique active period): theirs is the active one.
    const other = e instanceof QueryFailedError ? await active() : null;
    if (other) return { run: other, created: false };
    throw e;
  }
}

/** The run while it is queued or running; null once it is over (a job of it then does nothing). */
async function activeRun(ds: DataSource, runId: string): Promise<AppraisalRun | null> {
  const run = await ds.getRepository(AppraisalRun).findOneBy({ id: runId });
  if (!run) throw new RunConfigurationError(`appraisal run ${runId} does not exist`);
  return ACTIVE.includes(run.status) ? run : null;
}

/**
 * Scores the people of chunk `index` (one department's document, with the run's plan version), calibrated as far as
 * the department reaches and with the department's pool split, and stores their results with the chunk's
 * completion, in one transaction: a chunk completed writes nothing again.
 */
export async function scoreAppraisalChunk(ds: DataSource, runId: string, index: number): Promise<number> {
  const run = await activeRun(ds, runId);
  if (!run) return 0;
  const chunk = await ds.getRepository(AppraisalRunChunk).findOneByOrFail({ runId, index });
  if (chunk.completedAt) return chunk.staffCount;
  await touchRun(ds.manager, runId, AppraisalRun); // a job of the run started (run-liveness.ts)
  if (run.status === 'queued')
    await ds
      .getRepository(AppraisalRun)
      .update({ id: runId, status: 'queued' }, { status: 'running', startedAt: now() });
  const built = await appraisalDocument(ds.manager, run.period, {
    departments: [chunk.department],
    planVersion: run.planVersion,
  });
  sameMonths(run, built.months);
  const staff = built.document.staff;
  // The chunk holds its department's every person: it calibrates the department's quota groups and HR's
  // overrides (not hospital-wide groups: the finish job's), and splits the department's pool, so that the finish job
  // rewrites none of its rows unless a hospital-wide group moves someone.
  const rule = compiled(built.document);
  const { results, entries, incentiveParts } = rule.calibrated(
    staff,
    rule.scoreStaff(staff, 'parts'),
    'parts',
    'department',
  );
  const shares = poolShares(run, rule, entries, null);
  const rows = results.map((r, i) =>
    withShare(
      appraisalResultRow(runId, built.staffIds.get(r.id) ?? null, r, entries[i], incentiveParts[i]),
      shares,
    ),
  );
  await ds.transaction(async (tx) => {
    // A second writer of the same rows fails on the unique key and rolls back; its retry finds the chunk done.
    await insertResults(tx, rows);
    await tx.getRepository(AppraisalRunChunk).update({ id: chunk.id }, { completedAt: now() });
  });
  await touchRun(ds.manager, runId, AppraisalRun); // a chunk completed, after its commit
  return rows.length;
}

/**
 * Finishes the run: every chunk done, calibrates everyone (the plan's grade quotas, HR's overrides of the period)
 * from the stored grades after the caps, scores again the people whose calibration is not their row's, splits again
 * their departments' pools, and in one transaction replaces those people's rows, writes those shares, marks the run
 * completed and makes it the period's results (status scored). A period approved or closed meanwhile keeps its results: the run fails.
 */
export async function finishAppraisalRun(ds: DataSource, runId: string): Promise<void> {
  const run = await activeRun(ds, runId);
  if (!run) return;
  await touchRun(ds.manager, runId, AppraisalRun); // the finish job started
  const open = await ds.getRepository(AppraisalRunChunk).countBy({ runId, completedAt: IsNull() });
  if (open) throw new Error(`appraisal run ${runId}: ${open} chunk(s) not scored yet`); // retried by the queue
  const rows = await ds.getRepository(AppraisalResultRow).find({ where: { runId } });
  // The document's order (by code): ties of a pool's split and of a quota's ranking fall as in the preview.
  rows.sort((a, b) => (a.staffCode < b.staffCode ? -1 : a.staffCode > b.staffCode ? 1 : 0));
  const decoded = rows.map(appraisalResultOf);
  const rule = await ruleOf(ds.manager, run);
  const overrides = await periodOverrides(ds.manager, run.period);
  const entries = decoded.map(({ result: r }, i): GradeEntry => {
    const graded = !('error' in r) && r.ungraded === null;
    const staffId = rows[i].staffId;
    return {
      id: r.id,
      department: r.department,
      set: rule.quotaKey(r.indicatorSet),
      total: graded ? r.total : null,
      override: graded && staffId !== null ? overrides.get(staffId) : undefined,
      start: graded ? (r.capped?.to ?? r.facts.band?.grade ?? null) : undefined,
    };
  });
  const calibrated = calibrate(entries, (key) => rule.gradeScale(key));
  // The chunks calibrated their departments' groups: only people whose calibration differs from their row's (a
  // hospital-wide group, an override saved meanwhile) are scored again, and only their departments' pools split.
  const stale = new Set(
    rows.filter((r) => !sameCalibration(r.calibration, calibrated.get(r.staffCode))).map((r) => r.staffCode),
  );
  const moved = await rescore(ds, run, calibrated, rows, stale);
  const again = new Set(rows.filter((r) => stale.has(r.staffCode)).map((r) => r.department));
  const rollup: RollupEntry[] = decoded.map(({ entry }) => moved.entries.get(entry.id) ?? entry);
  const split = poolShares(run, rule, rollup, again);
  const shares: unknown[][] = split ? [...split].map(([id, share]) => [id, ...share]) : [];

  await ds.transaction(async (tx) => {
    // First, so that a cancel or failure meanwhile is seen: its results never become the period's.
    const finished = await tx
      .getRepository(AppraisalRun)
      .update(
        { id: runId, status: In(ACTIVE) },
        { status: 'completed', activePeriod: null, finishedAt: now() },
      );
    if (!finished.affected) return;
    if (moved.rows.length) {
      await tx
        .getRepository(AppraisalResultRow)
        .delete({ runId, staffCode: In(moved.rows.map((r) => r.staffCode)) });
      await insertResults(tx, moved.rows);
    }
    await updateRows(
      tx,
      'appraisal_results',
      { column: 'run_id', value: runId },
      'staff_code',
      ['incentive', 'incentive_explanation', 'incentive_error'],
      shares,
    );
    const made = await tx
      .getRepository(AppraisalPeriod)
      .update(
        { period: run.period, status: In(['open', 'scored']) },
        { status: 'scored', currentRunId: runId },
      );
    if (!made.affected) {
      const p = await tx.getRepository(AppraisalPeriod).findOneBy({ period: run.period });
      throw new RunConfigurationError(
        `appraisal period ${run.period} was ${p?.status ?? 'gone'} while this run was going: its results stay as they were`,
      );
    }
    await audit(tx, {
      actor: 'system',
      action: 'appraisal.run.complete',
      entity: 'appraisal_run',
      entityKey: runId,
      after: { period: run.period, status: 'completed', recalibrated: moved.rows.length },
    });
  });
}

/** Ends the run as failed (it stays readable with its error; the period keeps its results). Audited when it did. */
export async function failAppraisalRun(ds: DataSource, runId: string, message: string): Promise<void> {
  await ds.transaction(async (tx) => {
    const res = await tx
      .getRepository(AppraisalRun)
      .update(
        { id: runId, status: In(ACTIVE) },
        { status: 'failed', activePeriod: null, finishedAt: now(), error: message.slice(0, 4000) },
      );
    if (res.affected)
      await audit(tx, {
        actor: 'system',
        action: 'appraisal.run.fail',
        entity: 'appraisal_run',
        entityKey: runId,
        after: { status: 'failed', error: message.slice(0, 500) },
      });
  });
}

/**
 * HR cancels a queued or running run (a run whose jobs were lost would hold the period for ever): it becomes
 * `cancelled` with its error, `active_period` is freed for a new run, audited `appraisal.run.cancel`. The period's
 * row is not touched: a run changes it only when it completes, so the period stays as it was before the run (open,
 * or scored with its previous current run). A job of the run still going does nothing (activeRun) and the finish
 * job's status check keeps its results from ever becoming the period's. A run over already: 409.
 * @throws AppraisalRunNotFoundError (no such run of the period); AppraisalPeriodStateError (the run has ended)
 */
export async function cancelAppraisalRun(
  ds: DataSource,
  period: string,
  runId: string,
  actor: string,
): Promise<AppraisalRun> {
  const p = appraisalPeriod(period);
  return ds.transaction((tx) =>
    auditedWrite(tx, actor, { action: 'appraisal.run.cancel', entity: 'appraisal_run' }, async (em) => {
      const repo = em.getRepository(AppraisalRun);
      const found = await repo.findOneBy({ id: runId, period: p });
      if (!found) throw new AppraisalRunNotFoundError(p, runId);
      const res = await repo.update(
        { id: runId, status: In(ACTIVE) },
        { status: 'cancelled', activePeriod: null, finishedAt: now(), error: `cancelled by ${actor}` },
      );
      // Checked by the update itself: a run that completed or failed meanwhile stays as it is.
      if (!res.affected)
        throw new AppraisalPeriodStateError(
          `考核周期 ${p} 的核算 ${runId} 已结束（${found.status}），不能取消`,
          `run ${runId} of ${p} is ${found.status}: only a queued or running run can be cancelled`,
        );
      return {
        result: found,
        entityKey: runId,
        before: { status: found.status },
        after: { period: p, status: 'cancelled' },
      };
    }),
  );
}

/** What appraisal periods add to the runs machinery: their chunk and finish jobs, and their failure. */
export class AppraisalRunHooks implements RunHooks {
  readonly jobs = {
    [JOB_APPRAISAL_CHUNK]: async (ds: DataSource, d: RunJobData) => {
      await scoreAppraisalChunk(ds, d.runId!, d.index!);
    },
    [JOB_APPRAISAL_FINISH]: (ds: DataSource, d: RunJobData) => finishAppraisalRun(ds, d.runId!),
  };

  failRun(ds: DataSource, runId: string, message: string): Promise<void> {
    return failAppraisalRun(ds, runId, message);
  }

  /** The runs queued or running, for the scoring queue's watchdog (a silent one whose jobs are gone is failed). */
  async activeRuns(ds: DataSource): Promise<WatchedRun[]> {
    const runs = await ds.getRepository(AppraisalRun).findBy({ status: In(ACTIVE) });
    return runs.map((run) => ({
      flow: flowOf(run),
      period: run.period,
      lastSignOfLife: lastSignOfLife(run),
    }));
  }
}

/** The run's jobs on the scoring queue (ids `appraisal-<id>-chunk-<i>`, `appraisal-<id>-finish`). */
export function flowOf(run: AppraisalRun): JobFlow {
  return {
    runId: run.id,
    chunkCount: run.chunkCount,
    chunkJob: JOB_APPRAISAL_CHUNK,
    finishJob: JOB_APPRAISAL_FINISH,
    prefix: APPRAISAL_JOB_PREFIX,
  };
}

/**
 * A month re-scored (another current run) or taken out while the run was going would mix two states of the
 * months in one result: the run fails and says so.
 */
function sameMonths(run: AppraisalRun, months: AppraisalMonthSummary[]): void {
  const key = (m: AppraisalMonthSummary) => `${m.period}:${m.included ? m.runId : '-'}`;
  const planned = (run.months as AppraisalMonthSummary[]).map(key).join(',');
  const now = months.map(key).join(',');
  if (planned !== now)
    throw new RunConfigurationError(
      `the months of ${run.period} changed while this run was going (${planned} → ${now}): start a new run`,
    );
}

/** Compiles a chunk's document; one that does not validate is a configuration error, not worth a retry. */
function compiled(doc: AppraisalDocument): CompiledAppraisal {
  try {
    return compileAppraisal(doc);
  } catch (e) {
    if (!(e instanceof DocumentInvalidError)) throw e;
    throw new RunConfigurationError(
      `the appraisal of ${doc.period} cannot be scored: ${e.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    );
  }
}

/**
 * The run's rule, compiled without people: what the finish job reads of it (quota groups and scales, the bonus).
 * The plan version was checked by the engine when it was put, and each chunk's document validated.
 */
async function ruleOf(em: EntityManager, run: AppraisalRun): Promise<CompiledAppraisal> {
  const plan = await findAppraisalPlan(em, run.period, run.planVersion);
  const d = plan.definition;
  return new CompiledAppraisal({
    formatVersion: 1,
    period: run.period,
    appraisal: d.appraisal,
    inputs: d.inputs ?? [],
    departments: [],
    staff: [],
    ...(d.incentive !== undefined ? { incentive: d.incentive } : {}),
  });
}

/** HR's grade overrides of the period (grade_overrides rows of the period's code), by staff id. */
async function periodOverrides(em: EntityManager, period: string): Promise<Map<number, GradeOverrideDef>> {
  const rows = await em.getRepository(GradeOverride).find({ where: { period } });
  return new Map(rows.map((o) => [o.staffId, { grade: o.grade, reason: o.reason }]));
}

/**
 * Scores again the people `codes` (whose calibration is not their row's) with their calibration (none: the grade
 * after the caps): their departments' documents are built again (the run's plan version) and only they are scored.
 */
async function rescore(
  ds: DataSource,
  run: AppraisalRun,
  calibrated: Map<string, Calibration>,
  rows: AppraisalResultRow[],
  codes: Set<string>,
): Promise<{ rows: AppraisalResultColumns[]; entries: Map<string, RollupEntry> }> {
  const out = { rows: [] as AppraisalResultColumns[], entries: new Map<string, RollupEntry>() };
  if (!codes.size) return out;
  const staffIdOf = new Map(rows.map((r) => [r.staffCode, r.staffId]));
  const departments = [...new Set(rows.filter((r) => codes.has(r.staffCode)).map((r) => r.department))];
  const built = await appraisalDocument(ds.manager, run.period, {
    departments,
    planVersion: run.planVersion,
  });
  sameMonths(run, built.months);
  const staff = built.document.staff.filter((s) => codes.has(s.id));
  const again = compiled(built.document).scoreStaff(staff, 'parts', calibrated);
  again.results.forEach((r, i) => {
    out.rows.push(
      appraisalResultRow(run.id, staffIdOf.get(r.id) ?? null, r, again.entries[i], again.incentiveParts[i]),
    );
    out.entries.set(r.id, again.entries[i]);
  });
  return out;
}

/** A pool share as a row stores it: bonus, its explanation's parts, the error. */
type Share = [incentive: string | null, parts: string | null, error: string | null];

/**
 * The pool shares of `entries` (null without pools), of the departments `only` when given: a chunk splits its
 * department's pool, the finish job those of departments with someone scored again. A pool that cannot be split
 * (its formula fails, its floors exceed it) fails the run: a configuration error, not worth a retry.
 */
function poolShares(
  run: AppraisalRun,
  rule: CompiledAppraisal,
  entries: readonly RollupEntry[],
  only: Set<string> | null,
): Map<string, Share> | null {
  if (!rule.incentive || rule.doc.incentive?.pools === undefined) return null;
  if (only && !only.size) return new Map();
  const within = only ? entries.filter((e) => only.has(e.department)) : entries;
  const { pools } = rollUp(
    within,
    () => undefined,
    rule.incentive,
    () => undefined,
    'parts',
  );
  const failures = pools.failures.filter((f) => !only || !f.department || only.has(f.department));
  if (failures.length)
    throw new RunConfigurationError(
      `the bonus of ${run.period} cannot be paid: ${failures.map((f) => f.message).join('; ')}`,
    );
  const out = new Map<string, Share>();
  for (const [id, l] of pools.lines) out.set(id, [l.incentive, JSON.stringify(l.parts), null]);
  const ids = new Set(within.map((e) => e.id));
  for (const e of pools.errors) if (ids.has(e.staff)) out.set(e.staff, [null, null, e.message]);
  return out;
}

/** A row with its pool share, when the chunk split its department's pool. */
function withShare(row: AppraisalResultColumns, shares: Map<string, Share> | null): AppraisalResultColumns {
  const share = shares?.get(row.staffCode);
  if (!share) return row;
  return { ...row, incentive: share[0], incentiveExplanation: share[1], incentiveError: share[2] };
}

async function insertResults(tx: EntityManager, rows: AppraisalResultColumns[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH)
    await tx.getRepository(AppraisalResultRow).insert(rows.slice(i, i + INSERT_BATCH));
}

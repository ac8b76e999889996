// A run of an appraisal period (docs/APPRAISAL-PERIODS.md, "Runs"): planned in one transaction (one chunk per
// department of the period's document, the plan version and the months as read), scored on the scoring queue's
// workers like a month (RunHooks.jobs: runs sit below this concept and call it only through its hooks), finished
// by one job that calibrates, splits the pools and makes the run the period's results, in one transaction.
//
// The chunk stores its department's people uncalibrated (grade after the caps, pool weight), because grade quotas
// may be hospital-wide; the finish job calibrates everyone at once exactly as the engine does (CompiledAppraisal
// .calibration), scores again the people calibration moves, and splits the pools (rollUp) over every row, so that
// the stored result is the engine's result of the whole document — the preview — to the cent.
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull, QueryFailedError } from 'typeorm';
import {
  AppraisalPeriod,
  AppraisalResultRow,
  AppraisalRun,
  AppraisalRunChunk,
  GradeOverride,
  StaffResultRow,
  Staff,
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
  RollupEntry,
} from '@app/scoring';
import { audit } from '../audit';
import { RunConfigurationError, RunHooks, RunJobData } from '../runs';
import { AppraisalPeriodLockedError } from './appraisal-period-lock';
import { appraisalPeriod, findAppraisalPlan } from './appraisal-plans';
import { AppraisalResultColumns, appraisalResultOf, appraisalResultRow } from './appraisal-result-codec';
import { AppraisalMonthSummary, appraisalDocument } from './period-document';

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
      const built = await appraisalDocument(em, p);
      const perDepartment = new Map<string, number>();
      for (const s of built.document.staff)
        perDepartment.set(s.department, (perDepartment.get(s.department) ?? 0) + 1);
      const departments = [...perDepartment.keys()].sort();
      const run = em.getRepository(AppraisalRun).create({
        id: randomUUID(),
        period: p,
        status: 'queued',
        planVersion: built.planVersion,
        activePeriod: p,
        total: built.document.staff.length,
        chunkCount: departments.length,
        months: built.months,
        requestedBy: requestedBy.slice(0, 100),
        createdAt: now(),
        startedAt: null,
        finishedAt: null,
        error: null,
      });
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
 * Scores the people of chunk `index` (one department's document, with the run's plan version) and stores their
 * uncalibrated results with the chunk's completion, in one transaction: a chunk completed writes nothing again.
 */
export async function scoreAppraisalChunk(ds: DataSource, runId: string, index: number): Promise<number> {
  const run = await activeRun(ds, runId);
  if (!run) return 0;
  const chunk = await ds.getRepository(AppraisalRunChunk).findOneByOrFail({ runId, index });
  if (chunk.completedAt) return chunk.staffCount;
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
  const { results, entries, incentiveParts } = compiled(built.document).scoreStaff(staff, 'parts');
  const ids = await staffIds(
    ds.manager,
    built.months,
    staff.map((s) => s.id),
  );
  const rows = results.map((r, i) =>
    appraisalResultRow(runId, ids.get(r.id) ?? null, r, entries[i], incentiveParts[i]),
  );
  await ds.transaction(async (tx) => {
    // A second writer of the same rows fails on the unique key and rolls back; its retry finds the chunk done.
    await insertResults(tx, rows);
    await tx.getRepository(AppraisalRunChunk).update({ id: chunk.id }, { completedAt: now() });
  });
  return rows.length;
}

/**
 * Finishes the run: every chunk done, calibrates everyone (the plan's grade quotas, HR's overrides of the period)
 * from the stored grades after the caps, scores again the people it moves, splits the pools over every row, and in
 * one transaction replaces the moved people's rows, writes the shares, marks the run completed and makes it the
 * period's results (status scored). A period approved or closed meanwhile keeps its results: the run fails.
 */
export async function finishAppraisalRun(ds: DataSource, runId: string): Promise<void> {
  const run = await activeRun(ds, runId);
  if (!run) return;
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
  const moved = await rescore(ds, run, calibrated, rows);
  const rollup: RollupEntry[] = decoded.map(({ entry }) => moved.entries.get(entry.id) ?? entry);
  const { pools } = rollUp(
    rollup,
    () => undefined,
    rule.incentive,
    () => undefined,
    'parts',
  );
  if (pools.failures.length)
    throw new RunConfigurationError(
      `the bonus of ${run.period} cannot be paid: ${pools.failures.map((f) => f.message).join('; ')}`,
    );
  const codes = new Set(rows.map((r) => r.staffCode));
  const shares: unknown[][] = [];
  for (const [id, l] of pools.lines) shares.push([id, l.incentive, JSON.stringify(l.parts), null]);
  for (const e of pools.errors) if (codes.has(e.staff)) shares.push([e.staff, null, null, e.message]);

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
 * Scores again the people calibration gives another grade (or an override), with their calibration: their
 * departments' documents are built again (the run's plan version) and only they are scored.
 */
async function rescore(
  ds: DataSource,
  run: AppraisalRun,
  calibrated: Map<string, Calibration>,
  rows: AppraisalResultRow[],
): Promise<{ rows: AppraisalResultColumns[]; entries: Map<string, RollupEntry> }> {
  const out = { rows: [] as AppraisalResultColumns[], entries: new Map<string, RollupEntry>() };
  if (!calibrated.size) return out;
  const staffIdOf = new Map(rows.map((r) => [r.staffCode, r.staffId]));
  const departments = [...new Set(rows.filter((r) => calibrated.has(r.staffCode)).map((r) => r.department))];
  const built = await appraisalDocument(ds.manager, run.period, {
    departments,
    planVersion: run.planVersion,
  });
  sameMonths(run, built.months);
  const staff = built.document.staff.filter((s) => calibrated.has(s.id));
  const again = compiled(built.document).scoreStaff(staff, 'parts', calibrated);
  again.results.forEach((r, i) => {
    out.rows.push(
      appraisalResultRow(run.id, staffIdOf.get(r.id) ?? null, r, again.entries[i], again.incentiveParts[i]),
    );
    out.entries.set(r.id, again.entries[i]);
  });
  return out;
}

/**
 * The staff id behind each person of a document (their code in their last month of the period): the months' rows
 * name it; a row from before rows named it, by the staff record holding the code.
 */
async function staffIds(
  em: EntityManager,
  months: AppraisalMonthSummary[],
  codes: string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const runs = months.filter((m) => m.included && m.runId).map((m) => m.runId!);
  const monthOf = new Map(months.map((m) => [m.runId, m.period]));
  for (let i = 0; runs.length && i < codes.length; i += 500) {
    const found = await em.getRepository(StaffResultRow).find({
      select: { runId: true, staffCode: true, staffId: true },
      where: { runId: In(runs), staffCode: In(codes.slice(i, i + 500)) },
    });
    found.sort((a, b) => (monthOf.get(a.runId)! < monthOf.get(b.runId)! ? -1 : 1));
    for (const r of found) if (r.staffId !== null) out.set(r.staffCode, r.staffId);
  }
  const missing = codes.filter((c) => !out.has(c));
  for (let i = 0; i < missing.length; i += 500)
    for (const s of await em.find(Staff, {
      where: { code: In(missing.slice(i, i + 500)) },
      select: { id: true, code: true },
    }))
      out.set(s.code, s.id);
  return out;
}

async function insertResults(tx: EntityManager, rows: AppraisalResultColumns[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH)
    await tx.getRepository(AppraisalResultRow).insert(rows.slice(i, i + INSERT_BATCH));
}

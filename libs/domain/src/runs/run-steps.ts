// The two steps of a run, as the job processors call them (through BullMQ or in-process, the same code):
// scoring one chunk of staff, and finishing the run (department roll-up, ranks, pools, then the switch of the
// period's current results to this run). Both are idempotent: a step that runs twice writes the same rows.
// What other concepts add to a run (an adjustment's corrections and booking, the appraisal follow-up) comes in
// through RunHooks: runs are below them in the layer order and never import them.
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import {
  buildDocument,
  chunkCompleteness,
  completenessOf,
  correctionNotes,
  correctionNotesOf,
  evidenceNotesOf,
  loadEvidenceIndex,
  loadCorrections,
  foldObservations,
  loadObservations,
  loadPeriodConfig,
  MonthCompleteness,
  mergeCompleteness,
  monthCompleteness,
  RUN_COMPLETENESS_MAX_MISSING,
  PeriodConfig,
  periodMembers,
  withStaffNames,
} from '../documents';
import { loadStaff } from '../model';
import { copyRows, insertRows, updateRows, Period, RunChunk, ScoringRun } from '@app/persistence';
import {
  calibrate,
  Calibration,
  CalibrationReach,
  compileIncentive,
  DocumentInvalidError,
  IncentiveDef,
  IndicatorNotes,
  IncentiveParts,
  inputSlots,
  InputValues,
  PoolOutcome,
  Problem,
  rollUp,
  sameCalibration,
  RollupEntry,
  ScorecardCompiler,
  ScorecardDocument,
  StoredResult,
} from '@app/scoring';
import { audit } from '../audit';
import { RunConfigurationError } from './run-errors';
import { RunHooks } from './run-hooks';
import { touchRun } from './run-liveness';
import { keepsDepartmentsWhole } from './run-planner';

/** The columns a chunk writes per member of staff (the benchmark's I/O floor writes the same). */
export const STAFF_RESULT_COLUMNS = [
  'run_id',
  'staff_code',
  'staff_id',
  'employee_no',
  'department',
  'site',
  'indicator_set',
  'total',
  'error',
  'pool_weight',
  'pool_factor',
  'incentive_error',
  'incentive',
  'incentive_explanation',
  'indicator_scores',
  'result',
  'calibration',
];

export interface RunProgress {
  done: number;
  total: number;
}

export class RunSteps {
  /** The month's configuration checked and compiled once for all the chunks this process scores. */
  private readonly compiler = new ScorecardCompiler();

  constructor(
    private readonly ds: DataSource,
    private readonly hooks: readonly RunHooks[],
  ) {}

  /**
   * Scores chunk `index` of the run and stores its staff results (an upsert per staff member).
   * @returns how many staff were scored (0 when the run is over already)
   */
  async scoreChunk(runId: string, index: number): Promise<number> {
    const run = await this.activeRun(runId);
    if (!run) return 0; // failed, cancelled or completed meanwhile: nothing left to do
    const chunk = await this.ds.getRepository(RunChunk).findOneByOrFail({ runId, index });
    // Its rows and its completion are one transaction: a chunk completed has all its rows (a job acknowledged
    // late, or run twice, finds it so and writes nothing).
    if (chunk.completedAt) return chunk.staffCount;
    const startedAt = now();
    let t = performance.now();
    const lap = () => {
      const ms = performance.now() - t;
      t += ms;
      return Math.round(ms);
    };
    await touchRun(this.ds.manager, runId); // a job of the run started (run-liveness.ts)
    if (run.status === 'queued') {
      await this.ds
        .getRepository(ScoringRun)
        .update({ id: runId, status: 'queued' }, { status: 'running', startedAt: now() });
    }
    const config = await loadPeriodConfig(this.ds.manager, run.period, chunk.staffIds, run.planVersion);
    // A chunk holding its whole department (the planner keeps departments whole when the month pays from pools
    // or grades with department quotas) calibrates the department's grades and splits its pool: the finish job
    // then rewrites no row of it. Any chunk applies the overrides of staff whose set has no quotas.
    const whole = await this.wholeDepartment(run, chunk, config);
    const { rows, completeness, readMs } = await this.scoreMembers(run, config, chunk.staffIds, {
      whole,
      reach: whole ? 'department' : 'person',
      lap,
    });
    const scoreMs = lap();

    await this.ds.transaction(async (tx) => {
      await writeStaffResults(tx, rows);
      await tx.getRepository(RunChunk).update(
        { id: chunk.id },
        {
          completedAt: now(),
          completeness: JSON.stringify(completeness),
          summaries: JSON.stringify(rows.map(summaryOf)),
          timings: {
            startedAt,
            readMs,
            scoreMs,
            writeMs: Math.round(performance.now() - t),
            pid: process.pid,
          },
        },
      );
    });
    // A chunk completed: a sign of life, after the commit (in the transaction, the run's row would stay locked
    // for the other workers' heartbeats until it commits).
    await touchRun(this.ds.manager, runId);
    return rows.length;
  }

  /**
   * Calibrates the run's grades (quotas, then overrides) and scores again whoever it gives another calibration
   * than the one their chunk stored (a chunk calibrates only the groups inside it: a hospital-wide group, or a
   * department spread over chunks, is calibrated here); their summaries (pool weight, amount error) are updated
   * in place for the roll-up. Nothing to do (no read) when no set in force has quotas and the month has no
   * override.
   */
  private async recalibrate(
    run: ScoringRun,
    config: PeriodConfig,
    summaries: ResultSummary[],
  ): Promise<{ codes: Set<string>; rows: unknown[][] }> {
    const codes = new Set<string>();
    const quotas = new Map(config.indicatorSets.filter((s) => s.quotas).map((s) => [s.code, s]));

    if (quotas.size === 0 && config.overrides.size === 0) return { codes, rows: [] };
    const sets = new Map(config.indicatorSets.map((s) => [s.code, s]));
    const calibrated = calibrate(
      summaries.map((r) => {
        const override = r.staffId === null ? undefined : config.overrides.get(r.staffId);
        return { id: r.id, department: r.department, set: r.set, total: r.total, override };
      }),
      (code) => sets.get(code),
    );
    const ids: number[] = [];
    for (const r of summaries)
      if (r.staffId !== null && !sameCalibration(r.calibration, calibrated.get(r.id))) {
        ids.push(r.staffId);
        codes.add(r.id);
      }
    if (ids.length === 0) return { codes, rows: [] };
    const rows: unknown[][] = [];
    for (let i = 0; i < ids.length; i += RESCORE_BATCH) {
      const batch = ids.slice(i, i + RESCORE_BATCH);
      // Their own assignment rules (the finish job's configuration has only the general ones), as a chunk reads.
      const own = await loadPeriodConfig(this.ds.manager, run.period, batch, run.planVersion);
      rows.push(...(await this.scoreMembers(run, own, batch, { calibrated })).rows);
    }
    // The roll-up reads the new pool weights and amount errors.
    const byCode = new Map(rows.map((row) => [row[1] as string, row]));
    for (const r of summaries) {
      const row = byCode.get(r.id);
      if (!row) continue;
      r.weight = row[COLUMN.pool_weight] as string | null;
      r.factor = row[COLUMN.pool_factor] as string | null;
      r.error = row[COLUMN.incentive_error] as string | null;
    }
    return { codes, rows };
  }

  /**
   * Scores `staffIds` of the run's month and returns their staff_results rows: a chunk's members, or (from the
   * finish job) the people the grade quotas moved or HR overrode, with `calibrated` giving their grades.
   */
  private async scoreMembers(
    run: ScoringRun,
    config: PeriodConfig,
    staffIds: number[],
    opts: {
      whole?: boolean;
      /** The grades the chunk calibrates itself (CalibrationReach); none when `calibrated` is given. */
      reach?: CalibrationReach;
      lap?: () => number;
      calibrated?: ReadonlyMap<string, Calibration>;
    },
  ): Promise<{ rows: unknown[][]; completeness: MonthCompleteness; readMs: number }> {
    const em = this.ds.manager;
    const { staff, staffCodes, observations, corrections, evidence } = await readMembers(
      em,
      config,
      staffIds,
      run.period,
    );
    const readMs = opts.lap?.() ?? 0;

    const members = periodMembers(config, staff);
    const doc = buildDocument(config, members, observations, false, corrections, { inputRows: true });
    // What the chunk read, counted as the month's completeness counts it (the run's is the chunks' added up when
    // it finishes: nothing read twice).
    const completeness = chunkCompleteness(config, members, observations, corrections);
    await this.prepare(em, run, doc);
    // A corrected value says so in the explanation of each indicator reading it, and so does the evidence behind
    // a deduction or a veto: the sentences are stored as the indicator's note (none: results unchanged).
    const notes = bothNotes(
      correctionNotesOf(doc, correctionNotes(config, staffCodes, observations, corrections)),
      evidenceNotesOf(doc, evidence),
    );
    // The results are written as the run stores them, straight from the engine's columns: the numbers and the
    // facts their texts are rendered from when read, in the reader's language (staff-result-codec.ts, v3).
    const compiled = compile(this.compiler, doc);
    let scoring = compiled.scoreStored(doc.staff, notes, opts.calibrated);
    if (opts.reach) scoring = compiled.calibratedStored(doc.staff, scoring, opts.reach, notes);
    const { results, entries, incentiveParts } = scoring;
    const shares = opts.whole ? poolShares(run, doc, config, entries) : null;
    // The person behind each code, as the run saw them: results stay theirs when the code is later reused.
    const byCode = new Map(staff.map((s) => [s.code, s]));
    const rows = results.map((r, i) =>
      staffResultRow(run.id, r, entries[i], byCode.get(r.id), incentiveParts[i], shares),
    );
    return { rows, completeness, readMs };
  }

  /**
   * Rolls the run's staff results up into department results and pool splits, marks the run completed and
   * makes it the period's current run, all in one transaction.
   */
  async finishRun(runId: string): Promise<void> {
    const run = await this.activeRun(runId);
    if (!run) return;
    await touchRun(this.ds.manager, runId); // the finish job started
    const open = await this.ds.getRepository(RunChunk).countBy({ runId, completedAt: IsNull() });
    if (open) throw new Error(`run ${runId}: ${open} chunk(s) not scored yet`); // retried by the queue
    const config = await loadPeriodConfig(this.ds.manager, run.period, [], run.planVersion);
    const rows = await this.summaries(runId);
    // Grade quotas need every member of a group scored, and HR's overrides apply after them: the chunks
    // calibrated the groups they hold whole, and the people whose calibration differs from their chunk's (a
    // hospital-wide group, a department spread over chunks) are scored again here, their rows replaced in the
    // finishing transaction (docs/CALIBRATION.md).
    const recalibrated = await this.recalibrate(run, config, rows);
    const incentiveDef = config.plan?.definition;
    const incentive = incentiveDef
      ? compileIncentive(incentiveDef, inputSlots(config.inputs), run.period)
      : null;
    const departmentInputs = await this.departmentInputs(config, run, incentiveDef);
    const siteOf = new Map(
      config.departments.map((d) => [d.code, d.siteId === null ? null : config.siteCode.get(d.siteId)]),
    );
    // The shares of departments scored in one chunk were written with their rows (scoreChunk); only those of a
    // department spread over several chunks are written here. Both split the same way: the same members, the
    // same rule (ties by staff code), so the outcome is the same whoever splits.
    const spread = await this.spreadDepartments(run.id);
    const department = new Map(rows.map((r) => [r.id, r.department]));
    // A department with someone re-graded is split again too: their pool weight may have changed.
    for (const id of recalibrated.codes) spread.add(department.get(id)!);
    // Every pool is split for its department's figures; only the shares written here are kept as lines (every
    // member's line and parts raised a paying run's peak worker RSS from about 300 to 350-360 MB at 100,000
    // staff: docs/BENCHMARKS.md).
    const { departments, pools } = rollUp(
      rows,
      (code) => siteOf.get(code),
      incentive,
      (code, input) => departmentInputs.get(code)?.[input] ?? undefined,
      'parts',
      (code) => spread.has(code),
    );
    // A pool that cannot be split (its formula fails, its floors exceed it) would leave pay unpaid or overspent:
    // the run fails and says which pool and why.
    if (pools.failures.length) throw unpayable(run, pools);
    const mainSet = mainSetByDepartment(rows);
    const completeness = await this.completeness(run, config);
    const poolRows = [...shareColumns(pools)].filter(([id]) => spread.has(department.get(id)!));

    await this.ds.transaction(async (tx) => {
      // First, so that a cancel (or failure) of the run meanwhile is seen: its results never become the month's.
      const finished = await tx.getRepository(ScoringRun).update(
        { id: runId, status: In(['queued', 'running']) },
        {
          status: 'completed',
          activePeriod: null,
          finishedAt: now(),
          completeness: JSON.stringify(completeness),
        },
      );
      if (!finished.affected) return;
      if (recalibrated.rows.length) {
        await deleteStaffResults(tx, runId, [...recalibrated.codes]);
        await writeStaffResults(tx, recalibrated.rows);
      }
      await insertRows(
        tx,
        'department_results',
        DEPARTMENT_COLUMNS,
        departments.map((d) => [
          runId,
          d.code,
          d.site ?? null,
          mainSet.get(d.code) ?? null,
          d.score,
          d.rank,
          d.staffCount,
          d.pool ?? null,
          d.allocated ?? null,
          d.unallocated ?? null,
        ]),
        { keys: ['run_id', 'department'], update: DEPARTMENT_COLUMNS.slice(2) },
      );
      await updateRows(
        tx,
        'staff_results',
        { column: 'run_id', value: runId },
        'staff_code',
        ['incentive', 'incentive_explanation', 'incentive_error'],
        poolRows.map(([id, share]) => [id, ...share]),
      );
      // An adjustment run's results do not become the month's: the closed month it re-scored keeps its posted
      // results (the adjustment's hook books the differences, in this transaction).
      if (run.kind !== 'adjustment') await makeCurrent(tx, run);
      for (const hook of this.hooks) await hook.completed?.(tx, run);
      await audit(tx, {
        actor: 'system',
        action: 'run.complete',
        entity: 'run',
        entityKey: runId,
        after: { period: run.period, status: 'completed' },
      });
    });
  }

  /**
   * The follow-up of a regular run that completed (the appraisal loop's plans), the hooks' work in one
   * transaction (all or nothing; retried as a job). Idempotent.
   * @returns false when there is nothing to follow up (the run is not a completed regular run)
   */
  async followUp(runId: string): Promise<boolean> {
    const run = await this.ds.getRepository(ScoringRun).findOneBy({ id: runId });
    if (!run || run.status !== 'completed' || run.kind !== 'regular') return false;
    await this.ds.transaction(async (tx) => {
      for (const hook of this.hooks) await hook.followUp?.(tx, run);
    });
    return true;
  }

  /** Ends the run as failed (it stays readable with its error; the period keeps its current results). */
  async failRun(runId: string, message: string): Promise<void> {
    await this.ds.transaction(async (tx) => {
      const res = await tx
        .getRepository(ScoringRun)
        .update(
          { id: runId, status: In(['queued', 'running']) },
          { status: 'failed', activePeriod: null, finishedAt: now(), error: message.slice(0, 4000) },
        );
      // Audited only when this call failed the run (a run already over is left as it was).
      const run = res.affected ? await tx.getRepository(ScoringRun).findOneBy({ id: runId }) : null;
      if (run) for (const hook of this.hooks) await hook.failed?.(tx, run, message);
      if (res.affected)
        await audit(tx, {
          actor: 'system',
          action: 'run.fail',
          entity: 'run',
          entityKey: runId,
          after: { status: 'failed', error: message.slice(0, 500) },
        });
    });
  }

  /** Counted by the database: pages poll it while the workers write (one row back, not a row per chunk). */
  async progress(runId: string): Promise<RunProgress> {
    const row = await this.ds
      .getRepository(RunChunk)
      .createQueryBuilder('c')
      .select('COALESCE(SUM(c.staffCount), 0)', 'total')
      .addSelect('COALESCE(SUM(CASE WHEN c.completedAt IS NULL THEN 0 ELSE c.staffCount END), 0)', 'done')
      .where('c.runId = :runId', { runId })
      .getRawOne<{ total: string | number; done: string | number }>();
    return { done: Number(row?.done ?? 0), total: Number(row?.total ?? 0) };
  }

  /**
   * The departments' own input values of the month (as corrected, for an adjustment run), read only when a
   * pool formula may use them.
   */
  private async departmentInputs(
    config: PeriodConfig,
    run: ScoringRun,
    plan: IncentiveDef | null | undefined,
  ): Promise<Map<string, InputValues>> {
    if (!plan?.pools?.some((p) => p.formula !== undefined)) return new Map();
    const em = this.ds.manager;
    const observations = await loadObservations(em, config.period.id, {
      staffIds: [],
      departmentIds: config.departments.map((d) => d.id),
    });
    const corrections = await loadCorrections(em, config.period.id);
    const doc = buildDocument(config, [], observations, true, corrections);
    await this.prepare(em, run, doc);
    return new Map((doc.departments ?? []).map((d) => [d.code, d.inputs ?? {}]));
  }

  /**
   * True when the run pays from pools or grades with department quotas and `chunk` holds its department's every
   * member (the only chunk of it): the chunk splits the pool and calibrates the department itself.
   */
  private async wholeDepartment(run: ScoringRun, chunk: RunChunk, config: PeriodConfig): Promise<boolean> {
    if (!keepsDepartmentsWhole(config)) return false;
    const n = await this.ds.getRepository(RunChunk).countBy({ runId: run.id, department: chunk.department });
    return n === 1;
  }

  /**
   * The month's data completeness as the run read it: its chunks' added up (the data cannot change while the run
   * is queued or running: intake refuses), with the names of the staff listed as missing.
   */
  private async completeness(run: ScoringRun, config: PeriodConfig): Promise<MonthCompleteness> {
    const chunks = await this.ds.getRepository(RunChunk).find({
      select: { index: true, completeness: true },
      where: { runId: run.id },
      order: { index: 'ASC' },
    });
    const base = {
      ...completenessOf(config, [], [], []).result,
      dataVersion: run.dataVersion ?? config.period.dataVersion,
      names: {},
    };
    // A chunk completed by a version that did not count (a run going through an upgrade): the month is counted
    // at once instead (the same figures, read again).
    if (chunks.some((c) => c.completeness === null))
      return {
        ...(await monthCompleteness(this.ds.manager, run.period, {
          maxMissing: RUN_COMPLETENESS_MAX_MISSING,
        })),
        dataVersion: base.dataVersion,
      };
    const parts = chunks.map((c) => JSON.parse(c.completeness!) as MonthCompleteness);
    return withStaffNames(this.ds.manager, mergeCompleteness(base, parts));
  }

  /**
   * What the finish job reads of the run's results, in chunk order: the summaries each chunk kept when it
   * completed. A chunk completed by a version that kept none (a run going through an upgrade): the results' own
   * columns are read instead (the same values; the rows' width makes that read a second at 100,000 staff).
   */
  private async summaries(runId: string): Promise<ResultSummary[]> {
    const chunks = await this.ds.getRepository(RunChunk).find({
      select: { index: true, summaries: true },
      where: { runId },
      order: { index: 'ASC' },
    });
    if (chunks.some((c) => c.summaries === null))
      return this.ds.query<ResultSummary[]>(
        'SELECT staff_code AS id, staff_id AS "staffId", department, site, indicator_set AS "set", total, ' +
          'pool_weight AS weight, pool_factor AS factor, incentive_error AS error, calibration ' +
          'FROM staff_results WHERE run_id = ' +
          (this.ds.options.type === 'postgres' ? '$1' : '?'),
        [runId],
      );
    return chunks.flatMap((c) => (JSON.parse(c.summaries!) as StoredSummary[]).map(fromStored));
  }

  /** The departments of a run whose staff are in more than one chunk. */
  private async spreadDepartments(runId: string): Promise<Set<string>> {
    const counts = await this.ds
      .getRepository(RunChunk)
      .createQueryBuilder('c')
      .select('c.department', 'department')
      .where('c.runId = :runId', { runId })
      .groupBy('c.department')
      .having('COUNT(*) > 1')
      .getRawMany<{ department: string }>();
    return new Set(counts.map((c) => c.department));
  }

  /** The hooks' changes to a document before it is scored (an adjustment run's corrections). */
  private async prepare(em: EntityManager, run: ScoringRun, doc: ScorecardDocument): Promise<void> {
    for (const hook of this.hooks) await hook.prepareDocument?.(em, run, doc);
  }

  private async activeRun(runId: string): Promise<ScoringRun | null> {
    const run = await this.ds.getRepository(ScoringRun).findOneBy({ id: runId });
    if (!run) throw new RunConfigurationError(`run ${runId} does not exist`);
    return run.status === 'queued' || run.status === 'running' ? run : null;
  }
}

interface ResultSummary {
  id: string;
  staffId: number | null;
  department: string;
  site: string | null;
  set: string;
  total: number | null;
  weight: string | null;
  factor: string | null;
  error: string | null;
  /** The calibration the chunk stored (JSON), null when it gave none. */
  calibration: string | null;
}

/** A ResultSummary as a chunk keeps it (run_chunks.summaries): its fields in their order, no key names. */
type StoredSummary = [
  id: string,
  staffId: number | null,
  department: string,
  site: string | null,
  set: string,
  total: number | null,
  weight: string | null,
  factor: string | null,
  error: string | null,
  calibration: string | null,
];

/** The summary of a staff_results row as the chunk writes it: the values the finish job would read back. */
function summaryOf(row: unknown[]): StoredSummary {
  return [
    row[COLUMN.staff_code],
    row[COLUMN.staff_id],
    row[COLUMN.department],
    row[COLUMN.site],
    row[COLUMN.indicator_set],
    row[COLUMN.total],
    row[COLUMN.pool_weight],
    row[COLUMN.pool_factor],
    row[COLUMN.incentive_error],
    row[COLUMN.calibration],
  ] as StoredSummary;
}

/** A stored summary back as the finish job reads it. */
function fromStored([
  id,
  staffId,
  department,
  site,
  set,
  total,
  weight,
  factor,
  error,
  calibration,
]: StoredSummary): ResultSummary {
  return { id, staffId, department, site, set, total, weight, factor, error, calibration };
}

const DEPARTMENT_COLUMNS = [
  'run_id',
  'department',
  'site',
  'main_set',
  'score',
  'rank',
  'staff_count',
  'pool',
  'allocated',
  'unallocated',
];

function now(): string {
  return new Date().toISOString();
}

/** Compiles a chunk's document; a month that does not validate is a configuration error, not worth a retry. */
function compile(compiler: ScorecardCompiler, doc: ScorecardDocument) {
  try {
    return compiler.compile(doc);
  } catch (e) {
    if (!(e instanceof DocumentInvalidError)) throw e;
    throw new RunConfigurationError(
      `the configuration of ${doc.period} cannot be scored: ${e.problems.map((p) => describe(doc, p)).join('; ')}`,
    );
  }
}

/** A problem with its path in words: "set MAINT, indicator ORDERS_ONTIME (indicatorSets[0]...): message". */
function describe(doc: ScorecardDocument, p: Problem): string {
  const m = /^indicatorSets\[(\d+)\](?:\.indicators\[(\d+)\])?/.exec(p.path);
  const set = m ? doc.indicatorSets[Number(m[1])] : undefined;
  const indicator = m?.[2] !== undefined ? set?.indicators?.[Number(m[2])] : undefined;
  const where = [set && `set ${set.code}`, indicator && `indicator ${indicator.code}`]
    .filter(Boolean)
    .join(', ');
  return `${where ? `${where} ` : ''}(${p.path}): ${p.message}`;
}

/**
 * Writes a chunk's result rows, in the chunk's transaction. COPY on PostgreSQL, measured faster than the
 * multi-row INSERTs for a chunk of 500 (docs/BENCHMARKS.md); no upsert is needed: a chunk's rows are written once,
 * with its completion (a second writer of the same rows fails on the unique key, rolls back, and on its retry
 * finds the chunk completed).
 */
export function writeStaffResults(tx: EntityManager, rows: unknown[][]): Promise<void> {
  return copyRows(tx, 'staff_results', STAFF_RESULT_COLUMNS, rows, 1);
}

/**
 * What scoring `staffIds` of the month reads besides its configuration: the staff as placed in the month, their
 * and their departments' observations (folded as they are read, observation-fold.ts: no row outlives its
 * arrival), the month's corrections and the evidence to cite. A chunk reads this; so does the benchmark's I/O
 * floor, which must read what a chunk reads.
 */
export async function readMembers(
  em: EntityManager,
  config: PeriodConfig,
  staffIds: number[],
  period: string,
) {
  const staff = await loadStaff(em, staffIds, period);
  const departmentIds = [...new Set(staff.map((s) => s.departmentId))];
  const observations = await foldObservations(em, config.period.id, config.inputs, {
    staffIds,
    departmentIds,
  });
  const corrections = await loadCorrections(em, config.period.id);
  const staffCodes = new Map(staff.map((s) => [s.id, s.code]));
  // Evidence is cited when the run scores, not when results are read: the citation is stored with the result
  // (the indicator's note), so every reader (results, /me, finance, exports, a closed month's posted results)
  // shows the same, and attaching evidence raises the month's data version (a new run is due before approval).
  const evidence = await loadEvidenceIndex(em, config.period.id, {
    inputs: new Map(config.inputs.map((i) => [i.id, i.code])),
    staff: staffCodes,
    departments: new Map(
      config.departments.filter((d) => departmentIds.includes(d.id)).map((d) => [d.id, d.code]),
    ),
  });
  return { staff, staffCodes, observations, corrections, evidence };
}

/** Where each of STAFF_RESULT_COLUMNS is in a row. */
const COLUMN = Object.fromEntries(STAFF_RESULT_COLUMNS.map((c, i) => [c, i])) as Record<
  (typeof STAFF_RESULT_COLUMNS)[number],
  number
>;

/** How many re-graded people the finish job scores at once (a chunk's size: its reads stay as small). */
const RESCORE_BATCH = 500;

/** Deletes the rows of `codes` in the run (the finish job replaces the re-graded people's), a page at a time. */
async function deleteStaffResults(tx: EntityManager, runId: string, codes: string[]): Promise<void> {
  for (let i = 0; i < codes.length; i += RESCORE_BATCH)
    await tx
      .createQueryBuilder()
      .delete()
      .from('staff_results')
      .where('run_id = :runId', { runId })
      .andWhere('staff_code IN (:...codes)', { codes: codes.slice(i, i + RESCORE_BATCH) })
      .execute();
}

/** A pool share as staff_results stores it: incentive, its explanation's parts, the error. */
type Share = [incentive: string | null, parts: string | null, error: string | null];

/** Each pool member's share or error, by staff code. */
function shareColumns(pools: PoolOutcome): Map<string, Share> {
  // A share's explanation is stored as its parts (rendered when read, in the reader's language).
  const out = new Map<string, Share>();
  for (const [id, l] of pools.lines) out.set(id, [l.incentive, JSON.stringify(l.parts), null]);
  for (const e of pools.errors) out.set(e.staff, [null, null, e.message]);
  return out;
}

/**
 * The pool shares of a chunk's departments, split in the chunk (every member of them is in it). A pool that
 * cannot be split fails the run, as in the finish job.
 */
function poolShares(
  run: ScoringRun,
  doc: ScorecardDocument,
  config: PeriodConfig,
  entries: readonly RollupEntry[],
): Map<string, Share> | null {
  const def = config.plan?.definition;
  if (!def?.pools) return null;
  const incentive = compileIncentive(def, inputSlots(config.inputs), run.period);
  const inputs = new Map((doc.departments ?? []).map((d) => [d.code, d.inputs ?? {}]));
  const site = new Map((doc.departments ?? []).map((d) => [d.code, d.site ?? null]));
  const { pools } = rollUp(
    entries,
    (code) => site.get(code),
    incentive,
    (code, input) => inputs.get(code)?.[input] ?? undefined,
    'parts',
  );
  if (pools.failures.length) throw unpayable(run, pools);
  return shareColumns(pools);
}

function unpayable(run: ScoringRun, pools: PoolOutcome): RunConfigurationError {
  return new RunConfigurationError(
    `the incentive of ${run.period} cannot be paid: ${pools.failures.map((f) => f.message).join('; ')}`,
  );
}

function staffResultRow(
  runId: string,
  r: StoredResult,
  entry: RollupEntry,
  staff: { id: number; employeeNo: string } | undefined,
  incentiveParts: IncentiveParts | null,
  shares: Map<string, Share> | null,
): unknown[] {
  const scored = !('error' in r);
  const share = shares?.get(r.id);
  return [
    runId,
    r.id,
    staff?.id ?? null,
    staff?.employeeNo ?? null,
    r.department,
    r.site,
    r.indicatorSet,
    scored ? r.total : null,
    scored ? null : r.error,
    entry.weight,
    entry.factor,
    share ? share[2] : entry.error,
    // An amount is known now, and a pool share when the chunk holds the whole department; any other share is
    // filled in when the run finishes.
    share ? share[0] : scored ? r.incentive : null,
    share ? share[1] : scored && incentiveParts ? JSON.stringify(incentiveParts) : null,
    // What the appraisal loop reads of a result (its indicator scores and vetoes): see StaffResultRow.
    scored ? r.scores : null,
    r.packed,
    scored && r.calibration ? JSON.stringify(r.calibration) : null,
  ];
}

/** Both notes of an indicator (the corrections', then the evidence's), or the one there is. */
function bothNotes(a: IndicatorNotes | undefined, b: IndicatorNotes | undefined): IndicatorNotes | undefined {
  return a && b ? (s, indicator) => a(s, indicator) + b(s, indicator) : (a ?? b);
}

/** The set most of a department's staff are scored with (ties: the smaller code): its kind of work. */
function mainSetByDepartment(rows: readonly ResultSummary[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const c = counts.get(r.department) ?? new Map<string, number>();
    c.set(r.set, (c.get(r.set) ?? 0) + 1);
    counts.set(r.department, c);
  }
  const out = new Map<string, string>();
  for (const [dept, c] of counts) {
    const best = [...c].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0];
    out.set(dept, best[0]);
  }
  return out;
}

/**
 * The period's results become this run's; an open period becomes scored. A period approved or closed while the
 * run was going keeps its results: the run fails instead (the check and the switch are one statement).
 */
async function makeCurrent(tx: EntityManager, run: ScoringRun): Promise<void> {
  const periods = tx.getRepository(Period);
  const moved = await periods.update(
    { id: run.periodId, status: In(['open', 'scored']) },
    { currentRunId: run.id, status: 'scored' },
  );
  if (moved.affected === 0) {
    const { status } = await periods.findOneByOrFail({ id: run.periodId });
    throw new RunConfigurationError(
      `period ${run.period} was ${status} while this run was going: its results stay as they were`,
    );
  }
}

// Who moved between two runs: the month's current run against the month's previous completed run (what a
// re-run changed) or against the previous month's results (how people did since). People are matched by their
// internal id, so a code handed to a new hire is not compared with its former holder. The database counts who
// went up, down or stayed and picks the top movers; only their two results are unpacked (through the codec) to
// say why: the indicator whose contribution to the total moved most in the direction the total moved. Totals
// only, no money.
import type { DataSource } from 'typeorm';
import { In, IsNull, LessThan, Not } from 'typeorm';
import { Period, ScoringRun, StaffResultRow, unpackStaffResult } from '@app/persistence';
import { isStaffError } from '@app/scoring';
import { currentRunId } from './results-query';

export const COMPARE_AGAINST = ['previous-run', 'previous-month'] as const;
export type CompareAgainst = (typeof COMPARE_AGAINST)[number];

/** A change of the total smaller than this (half a hundredth: totals are kept to two decimals) is no change. */
export const SAME_WITHIN = 0.005;

export interface MoverReason {
  /** The indicator whose contribution moved most the way the total moved (contributions are points of the total). */
  indicator: string;
  dimension: string | null;
  before: number | null;
  after: number | null;
  delta: number;
}

export interface Mover {
  staff: string;
  department: string;
  /** The department in the run compared against, when it was another. */
  departmentBefore: string | null;
  before: number;
  after: number;
  delta: number;
  why: MoverReason | null;
}

export interface RunComparison {
  period: string;
  runId: string;
  against: CompareAgainst;
  /** The run compared against (null: there is none, and everything below is empty). */
  base: { period: string; runId: string } | null;
  counts: {
    /** Staff with a total in both runs. */
    compared: number;
    up: number;
    down: number;
    same: number;
    /** With a total now but not in the base run (new, or in error there). */
    onlyNow: number;
    /** With a total in the base run but not now (gone, or in error now). */
    onlyBefore: number;
  };
  movers: Mover[];
}

export interface ComparisonQuery {
  against?: CompareAgainst;
  /** How many movers (largest change first), 1 to 200; default 20. */
  top?: number;
  department?: string;
}

/** The run to compare the period's current run with, or null. */
async function baseRun(
  ds: DataSource,
  period: string,
  runId: string,
  against: CompareAgainst,
): Promise<{ period: string; runId: string } | null> {
  if (against === 'previous-run') {
    const current = await ds.getRepository(ScoringRun).findOneByOrFail({ id: runId });
    const previous = await ds.getRepository(ScoringRun).findOne({
      where: {
        period,
        kind: 'regular',
        status: 'completed',
        id: Not(runId),
        createdAt: LessThan(current.createdAt),
      },
      order: { createdAt: 'DESC' },
    });
    return previous ? { period, runId: previous.id } : null;
  }
  // The latest earlier month with results: usually the month before, or the last one scored before a gap.
  const earlier = await ds.getRepository(Period).findOne({
    where: { period: LessThan(period), currentRunId: Not(IsNull()) },
    order: { period: 'DESC' },
  });
  return earlier?.currentRunId ? { period: earlier.period, runId: earlier.currentRunId } : null;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * The period's current run against `query.against`, limited to `within` departments (a manager's: the department
 * of the person's current result counts) and to `query.department`.
 * @throws PeriodNotFoundError, NoResultsError (404)
 */
export async function compareRuns(
  ds: DataSource,
  period: string,
  query: ComparisonQuery = {},
  within?: readonly string[],
): Promise<RunComparison> {
  const runId = await currentRunId(ds, period);
  const against = query.against ?? 'previous-run';
  const top = Math.min(Math.max(Math.trunc(query.top ?? 20), 1), 200);
  const base = await baseRun(ds, period, runId, against);
  const empty = { compared: 0, up: 0, down: 0, same: 0, onlyNow: 0, onlyBefore: 0 };
  if (!base) return { period, runId, against, base: null, counts: empty, movers: [] };
  const departments =
    within === undefined
      ? query.department
        ? [query.department]
        : undefined
      : within.filter((d) => query.department === undefined || d === query.department);
  if (departments && !departments.length) return { period, runId, against, base, counts: empty, movers: [] };
  // Two runs' results never change once readable: the comparison of the same two runs is the same.
  let cache = comparisons.get(ds);
  if (!cache) comparisons.set(ds, (cache = new Map<string, RunComparison>()));
  const key = JSON.stringify([runId, base.runId, top, departments ?? null]);
  const kept = cache.get(key);
  if (kept) return { ...kept, against };
  const made = await compute(ds, period, runId, against, base, top, departments);
  cache.set(key, made);
  while (cache.size > COMPARISONS_KEPT) cache.delete(cache.keys().next().value!);
  return made;
}

/** Comparisons kept per database, oldest out first: a few KB each. */
const comparisons = new WeakMap<DataSource, Map<string, RunComparison>>();
const COMPARISONS_KEPT = 200;

async function compute(
  ds: DataSource,
  period: string,
  runId: string,
  against: CompareAgainst,
  base: { period: string; runId: string },
  top: number,
  departments: readonly string[] | undefined,
): Promise<RunComparison> {
  const pg = ds.options.type === 'postgres';
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return pg ? `$${params.length}` : '?';
  };
  // a = now, b = the base run; joined on the person's internal id. Placeholders in the order of the text (SQLite's
  // `?` bind by position).
  const now = p(runId);
  const then = p(base.runId);
  const inDepartments = (alias: string) =>
    departments ? ` AND ${alias}.department IN (${departments.map((d) => p(d)).join(', ')})` : '';
  const joined =
    `FROM staff_results a JOIN staff_results b ON b.staff_id = a.staff_id ` +
    `WHERE a.run_id = ${now} AND b.run_id = ${then} AND a.total IS NOT NULL AND b.total IS NOT NULL` +
    inDepartments('a');
  const counted = params.length;
  const [counts] = await ds.query<Record<string, string | number | null>[]>(
    `SELECT COUNT(*) AS compared, ` +
      `SUM(CASE WHEN a.total - b.total >= ${SAME_WITHIN} THEN 1 ELSE 0 END) AS up, ` +
      `SUM(CASE WHEN b.total - a.total >= ${SAME_WITHIN} THEN 1 ELSE 0 END) AS down ${joined}`,
    params.slice(0, counted),
  );
  const moved = await ds.query<
    { staff: string; department: string; departmentBefore: string; before: number; after: number }[]
  >(
    `SELECT a.staff_code AS staff, a.department AS department, b.department AS "departmentBefore", ` +
      `b.total AS "before", a.total AS "after" ${joined} ` +
      `ORDER BY ABS(a.total - b.total) DESC, a.staff_code ASC LIMIT ${top}`,
    params.slice(0, counted),
  );
  // Those with a total on one side only (a new hire, someone who left, an error on either side).
  const onlyOne = async (side: 'a' | 'b') => {
    const list: unknown[] = [];
    const q = (v: unknown) => {
      list.push(v);
      return pg ? `$${list.length}` : '?';
    };
    const [mine, other] = side === 'a' ? [runId, base.runId] : [base.runId, runId];
    const m = q(mine);
    const dep = departments ? ` AND x.department IN (${departments.map((d) => q(d)).join(', ')})` : '';
    const o = q(other);
    const [row] = await ds.query<{ n: string | number }[]>(
      `SELECT COUNT(*) AS n FROM staff_results x WHERE x.run_id = ${m} AND x.total IS NOT NULL${dep} ` +
        `AND NOT EXISTS (SELECT 1 FROM staff_results y WHERE y.run_id = ${o} AND y.staff_id = x.staff_id ` +
        `AND y.total IS NOT NULL)`,
      list,
    );
    return Number(row.n);
  };
  const compared = Number(counts.compared ?? 0);
  const up = Number(counts.up ?? 0);
  const down = Number(counts.down ?? 0);
  const why = await reasons(
    ds,
    runId,
    base.runId,
    moved.map((m) => m.staff),
  );
  return {
    period,
    runId,
    against,
    base,
    counts: {
      compared,
      up,
      down,
      same: compared - up - down,
      onlyNow: await onlyOne('a'),
      onlyBefore: await onlyOne('b'),
    },
    movers: moved.map((m) => ({
      staff: m.staff,
      department: m.department,
      departmentBefore: m.departmentBefore === m.department ? null : m.departmentBefore,
      before: Number(m.before),
      after: Number(m.after),
      delta: round2(Number(m.after) - Number(m.before)),
      why: why.get(m.staff) ?? null,
    })),
  };
}

/** Per mover, the indicator whose contribution moved most, from the two results unpacked by the codec. */
async function reasons(
  ds: DataSource,
  runId: string,
  baseRunId: string,
  staff: string[],
): Promise<Map<string, MoverReason>> {
  const out = new Map<string, MoverReason>();
  if (!staff.length) return out;
  const repo = ds.getRepository(StaffResultRow);
  const select = { staffCode: true, staffId: true, result: true } as const;
  const now = await repo.find({ select, where: { runId, staffCode: In(staff) } });
  const ids = now.map((r) => r.staffId).filter((id): id is number => id !== null);
  const before = new Map(
    (await repo.find({ select, where: { runId: baseRunId, staffId: In(ids) } })).map((r) => [r.staffId, r]),
  );
  for (const row of now) {
    const old = before.get(row.staffId);
    if (!old) continue;
    const a = unpackStaffResult(row.result, null, null);
    const b = unpackStaffResult(old.result, null, null);
    if (isStaffError(a) || isStaffError(b)) continue;
    const contributions = new Map<
      string,
      { dimension: string; before: number | null; after: number | null }
    >();
    for (const i of b.indicators)
      contributions.set(i.code, { dimension: i.dimension, before: i.contribution, after: null });
    for (const i of a.indicators)
      contributions.set(i.code, {
        dimension: i.dimension,
        before: contributions.get(i.code)?.before ?? null,
        after: i.contribution,
      });
    // The indicator that moved most the way the total moved (when weights are renormalised, an indicator can gain
    // while the total falls); any direction when none moved that way.
    const direction = Math.sign(a.total - b.total);
    let best: MoverReason | null = null;
    let bestAlong: MoverReason | null = null;
    for (const [indicator, c] of contributions) {
      const delta = round2((c.after ?? 0) - (c.before ?? 0));
      const reason = { indicator, dimension: c.dimension, before: c.before, after: c.after, delta };
      if (!best || Math.abs(delta) > Math.abs(best.delta)) best = reason;
      if (Math.sign(delta) === direction && (!bestAlong || Math.abs(delta) > Math.abs(bestAlong.delta)))
        bestAlong = reason;
    }
    const why = bestAlong ?? best;
    if (why && why.delta !== 0) out.set(row.staffCode, why);
  }
  return out;
}

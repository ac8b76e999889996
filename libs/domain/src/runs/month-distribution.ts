// How a month's totals are spread: a histogram of the totals and, per department, the staff scored, in error, the
// mean, lowest and highest total and the count of each grade. Everything is counted by the database (GROUP BY over
// the run's staff_results), so the month cockpit gets a few hundred numbers, not 100,000 results; the grade
// counts, the costly part, once per run. Totals only: no money, so a department manager may read it for their own
// departments.
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { StaffResultRow } from '@app/persistence';
import { currentRunId, ResultVersion } from './results-query';

/** Histogram bin widths offered (points of the total). */
export const BIN_WIDTHS = [1, 2, 5, 10, 20] as const;
export type BinWidth = (typeof BIN_WIDTHS)[number];

export interface HistogramBin {
  /** The bin is [from, to): totals from `from` up to but not including `to`; the bin below 100 also holds 100. */
  from: number;
  to: number;
  count: number;
}

export interface GradeCount {
  /** The grade, or null for a total no grade band reached. */
  grade: string | null;
  count: number;
}

export interface DepartmentDistribution {
  code: string;
  site: string | null;
  /** Staff with a result row in the run: scored plus errors. */
  staff: number;
  scored: number;
  errors: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  grades: GradeCount[];
}

export interface MonthDistribution {
  period: string;
  runId: string;
  bin: number;
  staff: number;
  scored: number;
  errors: number;
  mean: number | null;
  histogram: HistogramBin[];
  grades: GradeCount[];
  departments: DepartmentDistribution[];
}

export interface DistributionQuery {
  bin?: BinWidth;
  /** One department only (the histogram and the grades are then that department's). */
  department?: string;
  version?: ResultVersion;
}

/**
 * The grade as stored in the packed result (`staff-result-codec.ts`: the scored tuple `s`, index 5; an error row
 * has `e` and no grade), read by the database's JSON functions so that grades are counted where the rows are.
 * month-distribution.spec.ts checks these counts against the codec's own unpacking, so a change of the packing
 * fails there rather than counting wrong grades.
 */
function gradeSql(ds: DataSource): string {
  return ds.options.type === 'postgres'
    ? `(CAST(r.result AS json) -> 's' ->> 5)`
    : `json_extract(r.result, '$.s[5]')`;
}

interface GradeRow {
  code: string;
  grade: string | null;
  count: number;
}

/** Grade counts per department of a run, by database (a run's results never change once it is readable). */
const gradeCache = new WeakMap<DataSource, Map<string, GradeRow[]>>();
const GRADE_RUNS_KEPT = 100;

/**
 * The grade counts of every department of `runId`. Reading the grade parses each packed result (a few KB of JSON
 * a row: about 5 s for 100,000 staff on PostgreSQL), so they are counted once per run and kept: a run's results
 * are all written before it becomes readable (a period's current run, or a booked adjustment's) and never after,
 * as the finance feed's cache relies on too (finance/scores-feed.ts). Filtering by department happens after.
 */
async function runGrades(ds: DataSource, runId: string): Promise<GradeRow[]> {
  let cache = gradeCache.get(ds);
  if (!cache) gradeCache.set(ds, (cache = new Map<string, GradeRow[]>()));
  const hit = cache.get(runId);
  if (hit) return hit;
  const rows = (
    await ds
      .getRepository(StaffResultRow)
      .createQueryBuilder('r')
      .select('r.department', 'code')
      .addSelect(gradeSql(ds), 'grade')
      .addSelect('COUNT(*)', 'count')
      .where('r.run_id = :runId', { runId })
      .andWhere('r.total IS NOT NULL')
      .groupBy('r.department')
      .addGroupBy(gradeSql(ds))
      .getRawMany<{ code: string; grade: string | null; count: string | number }>()
  ).map((g) => ({ code: g.code, grade: g.grade, count: Number(g.count) }));
  cache.set(runId, rows);
  // The oldest run first out (a Map keeps insertion order).
  while (cache.size > GRADE_RUNS_KEPT) cache.delete(cache.keys().next().value!);
  return rows;
}

/**
 * The bin a total falls in (floor of total / width; a total of exactly 100 goes into the bin below, so that the
 * top bin is 90–100 rather than a bin of its own). Every width offered divides 100.
 */
function binSql(ds: DataSource, width: BinWidth): string {
  const hundred = `(r.total = 100)`;
  if (ds.options.type === 'postgres')
    return `(FLOOR(r.total / ${width}) - CASE WHEN ${hundred} THEN 1 ELSE 0 END)`;
  // SQLite has no FLOOR everywhere: truncate, and step down for a negative total that is not a whole bin.
  const q = `(r.total / ${width}.0)`;
  return `(CAST(${q} AS INTEGER) - (r.total < 0 AND CAST(${q} AS INTEGER) != ${q}) - ${hundred})`;
}

const round2 = (x: number | string | null): number | null =>
  x === null || x === undefined ? null : Math.round(Number(x) * 100) / 100;

/** Grades best first as the bands go: by count is no order, so by name with "no grade" last. */
function sortGrades(list: GradeCount[]): GradeCount[] {
  return list.sort((a, b) =>
    a.grade === b.grade ? 0 : a.grade === null ? 1 : b.grade === null ? -1 : a.grade < b.grade ? -1 : 1,
  );
}

/**
 * The distribution of the period's current run (or `version=corrected`), limited to `within` departments when
 * given (a manager's), and to `query.department`.
 * @throws PeriodNotFoundError, NoResultsError (404)
 */
export async function monthDistribution(
  ds: DataSource,
  period: string,
  query: DistributionQuery = {},
  within?: readonly string[],
): Promise<MonthDistribution> {
  const runId = await currentRunId(ds, period, query.version);
  const bin = query.bin ?? 10;
  const departments =
    within === undefined
      ? query.department
        ? [query.department]
        : undefined
      : within.filter((d) => query.department === undefined || d === query.department);
  const rows = (): SelectQueryBuilder<StaffResultRow> => {
    const qb = ds.getRepository(StaffResultRow).createQueryBuilder('r').where('r.run_id = :runId', { runId });
    if (departments)
      qb.andWhere(departments.length ? 'r.department IN (:...d)' : '1 = 0', { d: departments });
    return qb;
  };

  const perDepartment = await rows()
    .select('r.department', 'code')
    .addSelect('MIN(r.site)', 'site')
    .addSelect('COUNT(*)', 'staff')
    .addSelect('COUNT(r.total)', 'scored')
    .addSelect('AVG(r.total)', 'mean')
    .addSelect('MIN(r.total)', 'min')
    .addSelect('MAX(r.total)', 'max')
    .groupBy('r.department')
    .orderBy('r.department', 'ASC')
    .getRawMany<{
      code: string;
      site: string | null;
      staff: string | number;
      scored: string | number;
      mean: string | number | null;
      min: string | number | null;
      max: string | number | null;
    }>();
  const inScope = departments ? new Set(departments) : null;
  const gradeRows = (await runGrades(ds, runId)).filter((g) => !inScope || inScope.has(g.code));
  const binRows = await rows()
    .select(binSql(ds, bin), 'bin')
    .addSelect('COUNT(*)', 'count')
    .andWhere('r.total IS NOT NULL')
    .groupBy(binSql(ds, bin))
    .getRawMany<{ bin: string | number; count: string | number }>();

  const gradesOf = new Map<string, GradeCount[]>();
  const overall = new Map<string | null, number>();
  for (const g of gradeRows) {
    const count = g.count;
    gradesOf.set(g.code, [...(gradesOf.get(g.code) ?? []), { grade: g.grade, count }]);
    overall.set(g.grade, (overall.get(g.grade) ?? 0) + count);
  }
  const list: DepartmentDistribution[] = perDepartment.map((d) => {
    const staff = Number(d.staff);
    const scored = Number(d.scored);
    return {
      code: d.code,
      site: d.site,
      staff,
      scored,
      errors: staff - scored,
      mean: round2(d.mean),
      min: round2(d.min),
      max: round2(d.max),
      grades: sortGrades(gradesOf.get(d.code) ?? []),
    };
  });
  const staff = list.reduce((s, d) => s + d.staff, 0);
  const scored = list.reduce((s, d) => s + d.scored, 0);
  const sum = perDepartment.reduce((s, d) => s + Number(d.mean ?? 0) * Number(d.scored), 0);
  return {
    period,
    runId,
    bin,
    staff,
    scored,
    errors: staff - scored,
    mean: scored ? round2(sum / scored) : null,
    histogram: fillBins(binRows, bin),
    grades: sortGrades([...overall].map(([grade, count]) => ({ grade, count }))),
    departments: list,
  };
}

/** Every bin from the lowest to the highest that holds a total, empty ones included (a histogram has no gaps). */
function fillBins(rows: { bin: string | number; count: string | number }[], width: BinWidth): HistogramBin[] {
  if (!rows.length) return [];
  const counts = new Map(rows.map((r) => [Number(r.bin), Number(r.count)]));
  const keys = [...counts.keys()];
  const out: HistogramBin[] = [];
  for (let k = Math.min(...keys); k <= Math.max(...keys); k++)
    out.push({ from: k * width, to: (k + 1) * width, count: counts.get(k) ?? 0 });
  return out;
}

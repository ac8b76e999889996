// Reading a period's results: always those of its current run (the last run that completed), so a run in
// progress is invisible until it is whole.
import { DataSource, In, MoreThan } from 'typeorm';
import { PeriodNotFoundError } from '../periods';
import { Adjustment, DepartmentResultRow, Period, StaffResultRow, unpackStaffResult } from '@app/persistence';
import type { StaffResult } from '@app/scoring';
import { NoResultsError } from './run-errors';

export const MAX_PAGE = 1000;

export interface ResultsPage {
  period: string;
  runId: string;
  items: StaffResult[];
  nextCursor: string | null;
}

export interface DepartmentView {
  code: string;
  site: string | null;
  /** The indicator set most of its staff are scored with: what kind of department it is. */
  kind: string | null;
  score: number | null;
  rank: number | null;
  staffCount: number;
  pool: string | null;
  allocated: string | null;
  unallocated: string | null;
}

/** Departments of the same kind side by side across sites, best first. */
export interface KindComparison {
  kind: string;
  departments: { code: string; site: string | null; score: number | null; rank: number | null }[];
  /** Best minus worst score among those with a score; null with fewer than two. */
  spread: number | null;
}

export interface DepartmentsView {
  period: string;
  runId: string;
  items: DepartmentView[];
  comparison: KindComparison[];
}

export const RESULT_VERSIONS = ['posted', 'corrected'] as const;
export type ResultVersion = (typeof RESULT_VERSIONS)[number];

/**
 * The run whose results are read: the period's current run ("posted" for a closed month), or "corrected": the
 * run of its latest booked adjustment (the posted run when there is none).
 */
export async function currentRunId(
  ds: DataSource,
  period: string,
  version: ResultVersion = 'posted',
): Promise<string> {
  const p = await ds.getRepository(Period).findOne({ where: { period } });
  if (!p) throw new PeriodNotFoundError(period);
  if (!p.currentRunId) throw new NoResultsError(period);
  if (version === 'corrected') {
    const latest = await ds
      .getRepository(Adjustment)
      .findOne({ where: { periodId: p.id, status: 'booked' }, order: { id: 'DESC' } });
    if (latest?.runId) return latest.runId;
  }
  return p.currentRunId;
}

/** The staff result shape of docs/FORMAT.md, with its explanation and the incentive put back. */
export function toStaffResult(row: StaffResultRow): StaffResult {
  return unpackStaffResult(row.result, row.incentive, row.incentiveExplanation);
}

export const encodeCursor = (code: string): string => Buffer.from(code, 'utf8').toString('base64url');
export const decodeCursor = (cursor: string): string => Buffer.from(cursor, 'base64url').toString('utf8');

/** Staff results in staff code order, `limit` at a time; `cursor` is the previous page's `nextCursor`. */
export async function listResults(
  ds: DataSource,
  period: string,
  query: { department?: string; limit?: number; cursor?: string; version?: ResultVersion },
  /** Only these departments (a manager's); a `department` outside them reads nothing. */
  within?: readonly string[],
): Promise<ResultsPage> {
  const runId = await currentRunId(ds, period, query.version);
  const limit = Math.min(Math.max(query.limit ?? 100, 1), MAX_PAGE);
  const departments =
    within === undefined
      ? query.department
        ? [query.department]
        : undefined
      : within.filter((d) => query.department === undefined || d === query.department);
  const rows = await ds.getRepository(StaffResultRow).find({
    where: {
      runId,
      ...(departments ? { department: In(departments) } : {}),
      ...(query.cursor ? { staffCode: MoreThan(decodeCursor(query.cursor)) } : {}),
    },
    order: { staffCode: 'ASC' },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    period,
    runId,
    items: page.map(toStaffResult),
    nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.staffCode) : null,
  };
}

export async function departmentResults(
  ds: DataSource,
  period: string,
  version: ResultVersion = 'posted',
): Promise<DepartmentsView> {
  const runId = await currentRunId(ds, period, version);
  const rows = await ds
    .getRepository(DepartmentResultRow)
    .find({ where: { runId }, order: { department: 'ASC' } });
  const items: DepartmentView[] = rows.map((r) => ({
    code: r.department,
    site: r.site,
    kind: r.mainSet,
    score: r.score,
    rank: r.rank,
    staffCount: r.staffCount,
    pool: r.pool,
    allocated: r.allocated,
    unallocated: r.unallocated,
  }));
  return { period, runId, items, comparison: compareAcrossSites(items) };
}

/**
 * A department manager's copy of the department results: their own departments in full; of the others the code,
 * site, kind, score, rank and staff count (the hospital ranking) but no money — a small department's pool or
 * allocation would reveal its staff's pay (docs/ACCESS.md). `managed` undefined: every figure (HR, auditors).
 */
export function withoutOthersMoney(
  view: DepartmentsView,
  managed: readonly string[] | undefined,
): DepartmentsView {
  if (managed === undefined) return view;
  const own = new Set(managed);
  return {
    ...view,
    items: view.items.map((d) =>
      own.has(d.code) ? d : { ...d, pool: null, allocated: null, unallocated: null },
    ),
  };
}

/** Groups departments by kind; only kinds found at more than one site make a comparison. */
export function compareAcrossSites(items: readonly DepartmentView[]): KindComparison[] {
  const byKind = new Map<string, DepartmentView[]>();
  for (const d of items) {
    if (d.kind === null) continue;
    byKind.set(d.kind, [...(byKind.get(d.kind) ?? []), d]);
  }
  const out: KindComparison[] = [];
  for (const [kind, list] of [...byKind].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (new Set(list.map((d) => d.site)).size < 2) continue;
    const sorted = [...list].sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity));
    const scores = sorted.map((d) => d.score).filter((s): s is number => s !== null);
    out.push({
      kind,
      departments: sorted.map(({ code, site, score, rank }) => ({ code, site, score, rank })),
      spread: scores.length >= 2 ? Math.round((scores[0] - scores.at(-1)!) * 100) / 100 : null,
    });
  }
  return out;
}

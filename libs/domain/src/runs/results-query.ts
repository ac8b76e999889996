// Reading a period's results: always those of its current run (the last run that completed), so a run in
// progress is invisible until it is whole. A result's explanations are rendered here, when it is read, from its
// stored numbers and the indicator sets in force for its month, in the reader's language.
import { DataSource, EntityManager, In, LessThanOrEqual, MoreThan } from 'typeorm';
import { PeriodNotFoundError } from '../periods';
import { inForce } from '../model';
import {
  Adjustment,
  DepartmentResultRow,
  ExplainWith,
  IndicatorSet,
  IndicatorSetVersion,
  Period,
  StaffResultRow,
  unpackStaffResult,
} from '@app/persistence';
import { DEFAULT_LANG, type ExplainSet, type Lang, type StaffResult } from '@app/scoring';
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

/**
 * The staff result shape of docs/FORMAT.md, with the incentive put back and the explanations rendered with
 * `explain` (the sets of the result's month, `explainWith`). Without it a result written by a run since results
 * store no texts has empty ones (the incentive's excepted): for readers that show only numbers.
 */
export function toStaffResult(row: StaffResultRow, explain?: ExplainWith): StaffResult {
  return unpackStaffResult(row.result, row.incentive, row.incentiveExplanation, explain, row.calibration);
}

/**
 * The indicator sets in force for `period`, read once (a page of results shares them), as explanations need
 * them. Read anew each time: a version not yet frozen may be edited in place.
 */
export async function setsInForce(em: EntityManager, period: string): Promise<Map<string, ExplainSet>> {
  const [sets, versions] = await Promise.all([
    em.getRepository(IndicatorSet).find({ select: { id: true, code: true } }),
    em.getRepository(IndicatorSetVersion).find({
      where: { effectiveFrom: LessThanOrEqual(period) },
      order: { version: 'ASC' },
    }),
  ]);
  const out = new Map<string, ExplainSet>();
  for (const set of sets) {
    const v = inForce(
      versions.filter((x) => x.setId === set.id),
      period,
    );
    if (v) out.set(set.code, { code: set.code, ...v.content });
  }
  return out;
}

/** How the results of `period` are explained to a reader of `lang`. */
export async function explainWith(em: EntityManager, period: string, lang: Lang): Promise<ExplainWith> {
  const sets = await setsInForce(em, period);
  return { set: (code) => sets.get(code), lang };
}

/** One result of `period`, explained in `lang` (English by default). */
export async function explainedResult(
  em: EntityManager,
  row: StaffResultRow,
  period: string,
  lang: Lang = DEFAULT_LANG,
): Promise<StaffResult> {
  return toStaffResult(row, await explainWith(em, period, lang));
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
  lang: Lang = DEFAULT_LANG,
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
  const explain = await explainWith(ds.manager, period, lang);
  return {
    period,
    runId,
    items: page.map((row) => toStaffResult(row, explain)),
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

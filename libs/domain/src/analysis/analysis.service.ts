// The analysis of results over a range of months (docs/ANALYSIS.md): the indicator × department heat map of mean
// scores (热力图), the weakest indicators hospital-wide and per department with their trend (最弱指标), the spread of
// totals per post type, site and indicator set with the groups scored apart from the others (分布), which
// indicators move totals most (方差贡献), and the improvement plans per indicator and department (改进计划).
// Each month is read from its current run (results-query.ts `currentRunId`: the approved or closed month's run,
// else its latest completed run); a month without one is listed as missing. Results are read a page at a time in
// staff code order and folded into sums and counts (analysis.ts), so a year of 100,000 staff is never held: the
// memory is the accumulators' (indicators × departments × months, and counts per distinct total).
import { Injectable } from '@nestjs/common';
import { Between, DataSource, In, MoreThan } from 'typeorm';
import {
  Department,
  ImprovementPlan,
  IndicatorSet,
  IndicatorSetVersion,
  Period,
  PlanItem,
  PostType,
  Site,
  Staff,
  StaffResultRow,
  type PackedStaffResult,
} from '@app/persistence';
import { PERIOD_RE, type LocalName } from '@app/scoring';
import { writeXlsx, type XlsxCell, type XlsxDownload, type XlsxSheet } from '../documents';
import { inForce, InvalidError, NotFoundError } from '../model';
import {
  DistributionFlag,
  flagGroups,
  GroupStats,
  improved,
  MeanAcc,
  monthsBetween,
  nextMonth,
  PlanCounts,
  type PlanStatusCount,
  round2,
  ValueCounts,
  VarianceAcc,
} from './analysis';

/** The longest range analysed at once: two years of months. */
export const MAX_ANALYSIS_MONTHS = 24;
export const DEFAULT_FLAG_THRESHOLD = 10;
/** How many weakest indicators each department lists. */
export const WEAKEST_PER_DEPARTMENT = 3;
const PAGE = 1000;

export interface AnalysisQuery {
  from: string;
  /** Defaults to `from`. */
  to?: string;
  /** Points a group's mean may differ from the others' before it is flagged (default 10). */
  threshold?: number;
}

export interface AnalysisMonth {
  period: string;
  /** null: the month has no completed run (or does not exist): missing. */
  runId: string | null;
  /** Staff results of the month's current run (scored and in error). */
  staff: number;
}

export interface TrendPoint {
  period: string;
  mean: number | null;
}

export interface WeakIndicator {
  indicator: string;
  mean: number | null;
  n: number;
  trend: TrendPoint[];
}

export type DistributionGroup = GroupStats & { code: string; name: LocalName };

export interface Analysis {
  from: string;
  to: string;
  threshold: number;
  months: AnalysisMonth[];
  staff: number;
  indicators: { code: string; name: LocalName; dimension: string }[];
  departments: { code: string; name: LocalName; site: string | null }[];
  heatmap: { indicator: string; department: string; mean: number | null; n: number }[];
  weakest: {
    hospital: WeakIndicator[];
    byDepartment: { department: string; items: WeakIndicator[] }[];
  };
  distribution: {
    byPostType: DistributionGroup[];
    bySite: DistributionGroup[];
    bySet: DistributionGroup[];
    flags: DistributionFlag[];
  };
  variance: { indicator: string; share: number | null }[];
  plans: PlanCounts[];
}

/** A result as the analysis reads it (a raw row of a page). */
interface ResultLine {
  code: string;
  staffId: number | null;
  department: string;
  site: string | null;
  indicatorSet: string;
  total: number | null;
  result: PackedStaffResult;
  /** The person's post type id in the month. */
  postType: number | null;
}

/** What the months' results add up to (AnalysisService.fold). */
interface Folded {
  months: AnalysisMonth[];
  /** Distinct people with a result. */
  people: number;
  /** indicator \0 department → the mean scores. */
  cells: Map<string, Series>;
  /** indicator → the mean scores hospital-wide. */
  hospital: Map<string, Series>;
  dimensionOf: Map<string, string>;
  groups: Record<'postType' | 'site' | 'set', Map<string, ValueCounts>>;
  variance: VarianceAcc;
  seenDepartments: Set<string>;
}

/** Folded ranges by database and list of runs; a few are kept (each is small: sums and counts). */
const foldCache = new WeakMap<DataSource, Map<string, Promise<Folded>>>();
const FOLDS_KEPT = 20;

/** A mean over the whole range and one per month of the range. */
class Series {
  readonly all = new MeanAcc();
  readonly byMonth: MeanAcc[];

  constructor(months: number) {
    this.byMonth = Array.from({ length: months }, () => new MeanAcc());
  }

  add(month: number, x: number): void {
    this.all.add(x);
    this.byMonth[month].add(x);
  }

  weak(indicator: string, periods: readonly string[]): WeakIndicator {
    return {
      indicator,
      mean: round2(this.all.mean),
      n: this.all.n,
      trend: periods.map((period, k) => ({ period, mean: round2(this.byMonth[k].mean) })),
    };
  }
}

const nameOf = (row: { name: string; names: { zh?: string; en?: string } | null }): LocalName =>
  row.names ?? row.name;

/** Ascending mean, then indicator code (a stable order for equal means). */
const byMean = (a: WeakIndicator, b: WeakIndicator): number =>
  (a.mean ?? Infinity) - (b.mean ?? Infinity) || (a.indicator < b.indicator ? -1 : 1);

/** The indicator scores of a result row: its small `indicator_scores` column, else the packed result's. */
function scoresOf(row: Pick<StaffResultRow, 'indicatorScores' | 'result'>): Record<string, number | null> {
  if (row.indicatorScores) return (JSON.parse(row.indicatorScores) as { s: Record<string, number | null> }).s;
  const p = row.result;
  if (!p || 'e' in p) return {};
  return Object.fromEntries(p.i.map((i) => [i[0], i[3]]));
}

@Injectable()
export class AnalysisService {
  constructor(private readonly ds: DataSource) {}

  /**
   * The analysis of the months `from`..`to`.
   * @throws InvalidError (400) for a month that is not "YYYY-MM", `to` before `from`, more than 24 months or a
   *   bad threshold; NotFoundError (404) when no month of the range exists.
   */
  async analyse(query: AnalysisQuery): Promise<Analysis> {
    const { from, to, threshold } = checkQuery(query);
    const periods = monthsBetween(from, to);
    const rows = await this.ds.getRepository(Period).find({ where: { period: Between(from, to) } });
    if (!rows.length) throw new NotFoundError(`no month from ${from} to ${to} exists`, 'PERIOD_NOT_FOUND');
    const runOf = new Map(rows.map((p) => [p.period, p.currentRunId]));

    const { months, people, cells, hospital, dimensionOf, groups, variance, seenDepartments } =
      await this.fold(periods, runOf);

    const names = await this.names(periods);
    const indicators = [...dimensionOf.keys()].sort().map((code) => ({
      code,
      name: names.indicators.get(code)?.name ?? code,
      dimension: names.indicators.get(code)?.dimension ?? dimensionOf.get(code)!,
    }));
    const departments = [...seenDepartments].sort().map((code) => ({
      code,
      name: names.departments.get(code)?.name ?? code,
      site: names.departments.get(code)?.site ?? null,
    }));

    const heatmap: Analysis['heatmap'] = [];
    const weakByDepartment = new Map<string, WeakIndicator[]>();
    for (const [key, series] of [...cells].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const [indicator, department] = key.split('\u0000');
      heatmap.push({ indicator, department, mean: round2(series.all.mean), n: series.all.n });
      weakByDepartment.set(department, [
        ...(weakByDepartment.get(department) ?? []),
        series.weak(indicator, periods),
      ]);
    }

    const stats = (
      map: Map<string, ValueCounts>,
      nameFor: (code: string) => LocalName,
    ): DistributionGroup[] =>
      [...map]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([code, counts]) => ({ code, name: nameFor(code), ...counts.stats() }));
    const flagsOf = (group: 'postType' | 'site' | 'set', map: Map<string, ValueCounts>) =>
      flagGroups(
        group,
        [...map].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, counts]) => ({ code, counts })),
        threshold,
      );

    return {
      from,
      to,
      threshold,
      months,
      staff: people,
      indicators,
      departments,
      heatmap,
      weakest: {
        hospital: [...hospital].map(([code, s]) => s.weak(code, periods)).sort(byMean),
        byDepartment: [...weakByDepartment]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([department, items]) => ({
            department,
            items: items.sort(byMean).slice(0, WEAKEST_PER_DEPARTMENT),
          })),
      },
      distribution: {
        byPostType: stats(groups.postType, (c) => names.postTypes.get(c) ?? c),
        bySite: stats(groups.site, (c) => names.sites.get(c) ?? c),
        bySet: stats(groups.set, (c) => names.sets.get(c) ?? c),
        flags: [
          ...flagsOf('postType', groups.postType),
          ...flagsOf('site', groups.site),
          ...flagsOf('set', groups.set),
        ],
      },
      variance: variance.shares(),
      plans: await this.plans(from, to, runOf),
    };
  }

  /**
   * The months' results folded into sums and counts, kept per list of runs: a run's results never change once
   * it is readable (month-distribution.ts's grade cache relies on the same), so the page and its workbook read
   * the rows once. The names and the plans, which do change, are read each time.
   */
  private async fold(periods: readonly string[], runOf: Map<string, string | null>): Promise<Folded> {
    const key = periods.map((p) => `${p}=${runOf.get(p) ?? ''}`).join(',');
    let cache = foldCache.get(this.ds);
    if (!cache) foldCache.set(this.ds, (cache = new Map<string, Promise<Folded>>()));
    const hit = cache.get(key);
    if (hit) return hit;
    const folding = this.foldRuns(periods, runOf);
    cache.set(key, folding);
    folding.catch(() => cache.delete(key));
    // The oldest first out (a Map keeps insertion order).
    while (cache.size > FOLDS_KEPT) cache.delete(cache.keys().next().value!);
    return folding;
  }

  private async foldRuns(periods: readonly string[], runOf: Map<string, string | null>): Promise<Folded> {
    const months: AnalysisMonth[] = [];
    const people = new Set<string>();
    const cells = new Map<string, Series>(); // indicator \0 department
    const hospital = new Map<string, Series>(); // indicator
    const dimensionOf = new Map<string, string>();
    const groups = {
      postType: new Map<string, ValueCounts>(),
      site: new Map<string, ValueCounts>(),
      set: new Map<string, ValueCounts>(),
    };
    const variance = new VarianceAcc();
    const seenDepartments = new Set<string>();
    const postTypeCode = await this.postTypeCodes();

    for (const [k, period] of periods.entries()) {
      const runId = runOf.get(period) ?? null;
      let staff = 0;
      if (runId)
        for await (const page of this.resultPages(runId, period))
          for (const r of page) {
            staff += 1;
            people.add(r.staffId === null ? `code:${r.code}` : `id:${r.staffId}`);
            seenDepartments.add(r.department);
            const p = r.result;
            if (r.total === null || !p || 'e' in p) continue;
            for (const [code, dimension, , score] of p.i) {
              dimensionOf.set(code, dimension);
              if (score === null) continue;
              const key = `${code}\u0000${r.department}`;
              if (!cells.has(key)) cells.set(key, new Series(periods.length));
              if (!hospital.has(code)) hospital.set(code, new Series(periods.length));
              cells.get(key)!.add(k, score);
              hospital.get(code)!.add(k, score);
            }
            variance.add(
              r.total,
              p.i.map((i) => ({ code: i[0], contribution: i[6] })),
            );
            const postType = r.postType === null ? null : postTypeCode.get(r.postType);
            if (postType) addTo(groups.postType, postType, r.total);
            if (r.site) addTo(groups.site, r.site, r.total);
            addTo(groups.set, r.indicatorSet, r.total);
          }
      months.push({ period, runId, staff });
    }

    return { months, people: people.size, cells, hospital, dimensionOf, groups, variance, seenDepartments };
  }

  /**
   * The analysis as an .xlsx: one sheet per part, Chinese headers with English. Computed before the download is
   * handed out, so a refusal keeps the JSON error shape.
   * @throws as `analyse`
   */
  async workbook(query: AnalysisQuery): Promise<XlsxDownload> {
    const a = await this.analyse(query);
    return (out) => writeXlsx(out, analysisSheets(a));
  }

  /**
   * The run's results in staff code order, a page at a time: the columns the analysis reads as raw rows (no
   * entities), with each person's post type in `period` joined in by the database: the placement in force then
   * (the earliest staff_placements row whose `until` is after the month), else the staff row's
   * (model/staff-timeline.ts).
   */
  private async *resultPages(runId: string, period: string): AsyncGenerator<ResultLine[]> {
    const placed = 'FROM staff_placements p WHERE p.staff_id = r.staff_id AND p.until_period > :period';
    const postType =
      `CASE WHEN EXISTS (SELECT 1 ${placed}) ` +
      `THEN (SELECT p.post_type_id ${placed} ORDER BY p.until_period ASC LIMIT 1) ELSE s.post_type_id END`;
    let cursor: string | null = null;
    for (;;) {
      const qb = this.ds
        .createQueryBuilder()
        .select('r.staff_code', 'code')
        .addSelect('r.staff_id', 'staffId')
        .addSelect('r.department', 'department')
        .addSelect('r.site', 'site')
        .addSelect('r.indicator_set', 'indicatorSet')
        .addSelect('r.total', 'total')
        .addSelect('r.result', 'result')
        .addSelect(postType, 'postType')
        .from(StaffResultRow, 'r')
        .leftJoin(Staff, 's', 's.id = r.staff_id')
        .where('r.run_id = :runId', { runId, period })
        .orderBy('r.staff_code', 'ASC')
        .limit(PAGE);
      if (cursor !== null) qb.andWhere('r.staff_code > :cursor', { cursor });
      const raw = await qb.getRawMany<{
        code: string;
        staffId: number | string | null;
        department: string;
        site: string | null;
        indicatorSet: string;
        total: number | string | null;
        result: string | PackedStaffResult;
        postType: number | string | null;
      }>();
      if (!raw.length) return;
      yield raw.map((r) => ({
        code: r.code,
        staffId: r.staffId === null ? null : Number(r.staffId),
        department: r.department,
        site: r.site,
        indicatorSet: r.indicatorSet,
        total: r.total === null ? null : Number(r.total),
        result: typeof r.result === 'string' ? (JSON.parse(r.result) as PackedStaffResult) : r.result,
        postType: r.postType === null ? null : Number(r.postType),
      }));
      if (raw.length < PAGE) return;
      cursor = raw.at(-1)!.code;
    }
  }

  /** Post type ids by id, to their codes. */
  private async postTypeCodes(): Promise<Map<number, string>> {
    const rows = await this.ds.getRepository(PostType).find({ select: { id: true, code: true } });
    return new Map(rows.map((p) => [p.id, p.code]));
  }

  /** The names the analysis shows: indicators (as the sets in force in the range name them), departments, … */
  private async names(periods: readonly string[]) {
    const [sets, versions, departments, sites, postTypes] = await Promise.all([
      this.ds.getRepository(IndicatorSet).find(),
      this.ds.getRepository(IndicatorSetVersion).find({ order: { version: 'ASC' } }),
      this.ds.getRepository(Department).find(),
      this.ds.getRepository(Site).find(),
      this.ds.getRepository(PostType).find(),
    ]);
    const indicators = new Map<string, { name: LocalName; dimension: string }>();
    // Month by month, so that a later month's name of an indicator is the one shown.
    for (const period of periods)
      for (const set of sets) {
        const v = inForce(
          versions.filter((x) => x.setId === set.id),
          period,
        );
        for (const i of v?.content.indicators ?? [])
          indicators.set(i.code, { name: i.name, dimension: i.dimension });
      }
    const siteCode = new Map(sites.map((s) => [s.id, s.code]));
    return {
      indicators,
      departments: new Map(
        departments.map((d) => [
          d.code,
          { name: nameOf(d), site: d.siteId === null ? null : (siteCode.get(d.siteId) ?? null) },
        ]),
      ),
      sites: new Map(sites.map((s) => [s.code, nameOf(s)])),
      postTypes: new Map(postTypes.map((p) => [p.code, nameOf(p)])),
      sets: new Map(sets.map((s) => [s.code, nameOf(s)])),
    };
  }

  /**
   * The improvement plans' items of the range per indicator and department (the person's department in the plan's
   * month's current run, else their department now), by their plan's status, and how many improved: the
   * indicator's score in the following month's current run is higher than in the plan's month's (the item's
   * baseline when the month's run no longer holds the person). Read a page of items at a time with their plans'
   * statuses and the two months' results of their people.
   */
  private async plans(from: string, to: string, runOf: Map<string, string | null>): Promise<PlanCounts[]> {
    const counts = new Map<string, PlanCounts>();
    const after = nextMonth(to);
    const last = await this.ds.getRepository(Period).findOne({ where: { period: after } });
    const runs = new Map(runOf);
    runs.set(after, last?.currentRunId ?? null);
    let lastId = 0;
    for (;;) {
      const page = await this.ds.getRepository(PlanItem).find({
        select: { id: true, planId: true, staffId: true, period: true, indicator: true, baselineScore: true },
        where: { period: Between(from, to), id: MoreThan(lastId) },
        order: { id: 'ASC' },
        take: PAGE,
      });
      if (!page.length) break;
      lastId = page.at(-1)!.id;
      const planIds = [...new Set(page.map((i) => i.planId))];
      const statusOf = new Map<number, PlanStatusCount>();
      for (let i = 0; i < planIds.length; i += 500)
        for (const p of await this.ds.getRepository(ImprovementPlan).find({
          select: { id: true, status: true },
          where: { id: In(planIds.slice(i, i + 500)) },
        }))
          statusOf.set(p.id, p.status);
      for (const period of new Set(page.map((p) => p.period))) {
        const plans = page.filter((p) => p.period === period);
        const ids = [...new Set(plans.map((p) => p.staffId))];
        const [now, next, staff] = await Promise.all([
          this.rowsOf(runs.get(period) ?? null, ids),
          this.rowsOf(runs.get(nextMonth(period)) ?? null, ids),
          this.ds.getRepository(Staff).find({
            select: { id: true, department: { id: true, code: true } },
            relations: { department: true },
            where: { id: In(ids) },
          }),
        ]);
        const departmentNow = new Map(staff.map((s) => [s.id, s.department.code]));
        for (const plan of plans) {
          const row = now.get(plan.staffId);
          const department = row?.department ?? departmentNow.get(plan.staffId) ?? '';
          const key = `${plan.indicator}\u0000${department}`;
          if (!counts.has(key))
            counts.set(key, {
              indicator: plan.indicator,
              department,
              proposed: 0,
              agreed: 0,
              closed: 0,
              improved: 0,
            });
          const c = counts.get(key)!;
          c[statusOf.get(plan.planId) ?? 'proposed'] += 1;
          const before = row ? row.scores[plan.indicator] : plan.baselineScore;
          if (improved(before, next.get(plan.staffId)?.scores[plan.indicator])) c.improved += 1;
        }
      }
      if (page.length < PAGE) break;
    }
    return [...counts.values()].sort((a, b) =>
      a.indicator === b.indicator
        ? a.department < b.department
          ? -1
          : 1
        : a.indicator < b.indicator
          ? -1
          : 1,
    );
  }

  /** The department and indicator scores of these people in a run (none without a run). */
  private async rowsOf(
    runId: string | null,
    staffIds: number[],
  ): Promise<Map<number, { department: string; scores: Record<string, number | null> }>> {
    if (!runId || !staffIds.length) return new Map();
    const rows = await this.ds.getRepository(StaffResultRow).find({
      select: { id: true, staffId: true, department: true, indicatorScores: true, result: true },
      where: { runId, staffId: In(staffIds) },
    });
    return new Map(rows.map((r) => [r.staffId!, { department: r.department, scores: scoresOf(r) }]));
  }
}

function addTo(map: Map<string, ValueCounts>, code: string, total: number): void {
  let c = map.get(code);
  if (!c) map.set(code, (c = new ValueCounts()));
  c.add(total);
}

/**
 * The query checked: months "YYYY-MM", `to` (default `from`) not before `from`, at most 24 months, a threshold
 * between 0 and 100 points.
 * @throws InvalidError naming the field
 */
export function checkQuery(query: AnalysisQuery): { from: string; to: string; threshold: number } {
  const from = query.from;
  const to = query.to ?? from;
  if (typeof from !== 'string' || !PERIOD_RE.test(from))
    throw new InvalidError(`from must be a month "YYYY-MM", got "${String(from)}"`);
  if (typeof to !== 'string' || !PERIOD_RE.test(to))
    throw new InvalidError(`to must be a month "YYYY-MM", got "${String(to)}"`);
  if (to < from) throw new InvalidError(`to (${to}) must not be before from (${from})`);
  if (monthsBetween(from, to).length > MAX_ANALYSIS_MONTHS)
    throw new InvalidError(`to: the range ${from}..${to} is longer than ${MAX_ANALYSIS_MONTHS} months`);
  const threshold = query.threshold ?? DEFAULT_FLAG_THRESHOLD;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 100)
    throw new InvalidError(
      `threshold must be a number of points from 0 to 100, got ${String(query.threshold)}`,
    );
  return { from, to, threshold };
}

/** A name as one cell: both languages when given so ("保洁 / Cleaning"). */
const nameCell = (name: LocalName): string =>
  typeof name === 'string' ? name : [name.zh, name.en].filter(Boolean).join(' / ');

/** The analysis's sheets: 热力图, 最弱指标, 分布, 方差贡献, 改进计划, and the months read. */
export function analysisSheets(a: Analysis): XlsxSheet[] {
  const indicatorName = new Map(a.indicators.map((i) => [i.code, nameCell(i.name)]));
  const cell = new Map(a.heatmap.map((h) => [`${h.indicator}\u0000${h.department}`, h.mean]));
  const trendHeaders = a.months.map((m) => ({ header: m.period, numFmt: '0.00' }));
  const weakRow = (scope: string, w: WeakIndicator): XlsxCell[] => [
    scope,
    w.indicator,
    indicatorName.get(w.indicator) ?? w.indicator,
    w.mean,
    w.n,
    ...w.trend.map((t) => t.mean),
  ];
  const groupLabel = { postType: '岗位类型 Post type', site: '院区 Site', set: '指标体系 Indicator set' };
  const flagOf = new Map(a.distribution.flags.map((f) => [`${f.group}\u0000${f.code}`, f.difference]));
  const groupRows = (group: 'postType' | 'site' | 'set', list: DistributionGroup[]): XlsxCell[][] =>
    list.map((g) => [
      groupLabel[group],
      g.code,
      nameCell(g.name),
      g.n,
      g.mean,
      g.sd,
      g.min,
      g.q1,
      g.median,
      g.q3,
      g.max,
      flagOf.get(`${group}\u0000${g.code}`) ?? null,
      g.histogram.map((b) => `${b.from}–${b.to}: ${b.count}`).join('; '),
    ]);
  return [
    {
      name: '热力图 Heat map',
      columns: [
        { header: '指标 Indicator' },
        { header: '名称 Name', width: 30 },
        ...a.departments.map((d) => ({ header: d.code, numFmt: '0.00' })),
      ],
      pages: [
        a.indicators.map((i) => [
          i.code,
          nameCell(i.name),
          ...a.departments.map((d) => cell.get(`${i.code}\u0000${d.code}`) ?? null),
        ]),
      ],
    },
    {
      name: '最弱指标 Weakest',
      columns: [
        { header: '范围 Scope' },
        { header: '指标 Indicator' },
        { header: '名称 Name', width: 30 },
        { header: '平均分 Mean', numFmt: '0.00' },
        { header: '人月数 N' },
        ...trendHeaders,
      ],
      pages: [
        [
          ...a.weakest.hospital.map((w) => weakRow('全院 Hospital', w)),
          ...a.weakest.byDepartment.flatMap((d) => d.items.map((w) => weakRow(d.department, w))),
        ],
      ],
    },
    {
      name: '分布 Distribution',
      columns: [
        { header: '分组 Group', width: 24 },
        { header: '代码 Code' },
        { header: '名称 Name', width: 24 },
        { header: '人月数 N' },
        { header: '平均 Mean', numFmt: '0.00' },
        { header: '标准差 SD', numFmt: '0.00' },
        { header: '最低 Min', numFmt: '0.00' },
        { header: '下四分位 Q1', numFmt: '0.00' },
        { header: '中位数 Median', numFmt: '0.00' },
        { header: '上四分位 Q3', numFmt: '0.00' },
        { header: '最高 Max', numFmt: '0.00' },
        { header: '偏离（超阈值）Flag difference', numFmt: '0.00' },
        { header: '直方图 Histogram', width: 60 },
      ],
      pages: [
        [
          ...groupRows('postType', a.distribution.byPostType),
          ...groupRows('site', a.distribution.bySite),
          ...groupRows('set', a.distribution.bySet),
        ],
      ],
    },
    {
      name: '方差贡献 Variance',
      columns: [
        { header: '指标 Indicator' },
        { header: '名称 Name', width: 30 },
        { header: '方差占比 Share', numFmt: '0.00%' },
      ],
      pages: [a.variance.map((v) => [v.indicator, indicatorName.get(v.indicator) ?? v.indicator, v.share])],
    },
    {
      name: '改进计划 Plans',
      columns: [
        { header: '指标 Indicator' },
        { header: '科室 Department' },
        { header: '已提出 Proposed' },
        { header: '已确认 Agreed' },
        { header: '已关闭 Closed' },
        { header: '已改善 Improved' },
      ],
      pages: [a.plans.map((p) => [p.indicator, p.department, p.proposed, p.agreed, p.closed, p.improved])],
    },
    {
      name: '月份 Months',
      columns: [{ header: '月份 Month' }, { header: '运行 Run', width: 40 }, { header: '人数 Staff' }],
      pages: [a.months.map((m) => [m.period, m.runId ?? '缺失 missing', m.staff])],
    },
  ];
}

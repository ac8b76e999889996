// The analysis of an appraisal period above the month (a year, a quarter, a half-year: docs/ANALYSIS.md, "An
// appraisal period"), from the period's stored results (its current run, docs/APPRAISAL-PERIODS.md): the grades per
// department and per indicator set — the final grade and the grade before calibration (after the caps, before the
// quotas and HR's overrides) —, the calibration moves per department, the bonus per department to the cent (decimal
// strings, never a float), and the training done against plans per department (appraisal-training.ts). The rows are
// read a page at a time and folded into counts and sums (PeriodAppraisalFold), so a year of 100,000 staff is never
// held. A period without a completed run is 404 APPRAISAL_NO_RESULTS.
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, MoreThan } from 'typeorm';
import { AppraisalResultRow, AppraisalRun, Department, IndicatorSet, Site } from '@app/persistence';
import { Calibration, Dec, LocalName, toMoney } from '@app/scoring';
import {
  addTraining,
  appraisalPeriod,
  appraisalPeriodState,
  AppraisalNoResultsError,
  AppraisalPeriodState,
  appraisalTraining,
  AppraisalTraining,
  emptyTraining,
  findAppraisalPlan,
} from '../appraisal-periods';
import { writeXlsx, type XlsxCell, type XlsxDownload, type XlsxSheet } from '../documents';

const PAGE = 1000;

/** How many people of a group hold each grade: the final one, and the one before calibration. */
export interface GradeCounts {
  /** A department's or a set's code; "*" for the hospital. */
  code: string;
  /** People with a result (in error included). */
  staff: number;
  /** Final grade → people (after the caps, the quotas and HR's overrides). */
  final: Record<string, number>;
  /** Grade before calibration (the total's, after the caps) → people. */
  before: Record<string, number>;
  /** Scored but without a grade (fewer months than the rule's minimum). */
  ungraded: number;
  /** Results in error (no total, no grade). */
  errors: number;
}

/** Who calibration moved in a department. */
export interface CalibrationCounts {
  code: string;
  staff: number;
  /** People a grade quota moved. */
  quota: number;
  /** People whose grade HR set (an override of the period). */
  override: number;
  /** People whose final grade differs from the grade before calibration. */
  moved: number;
}

/** The bonus of a department, exact to the cent. */
export interface BonusStats {
  code: string;
  /** People with a bonus (an amount, zero included). */
  paid: number;
  sum: string;
  /** sum / paid rounded half-up to the cent; null without anyone paid. */
  mean: string | null;
  min: string | null;
  max: string | null;
  /** People whose bonus failed (incentive error). */
  errors: number;
}

export type TrainingCounts = AppraisalTraining & { code: string; staff: number };

export interface PeriodAppraisalAnalysis extends AppraisalPeriodState {
  runId: string;
  planVersion: number;
  staff: number;
  /** The grades in the rule's order (the plan's scale, then each set's own), then any other seen. */
  grades: string[];
  departments: { code: string; name: LocalName; site: string | null }[];
  sets: { code: string; name: LocalName }[];
  distribution: { hospital: GradeCounts; byDepartment: GradeCounts[]; bySet: GradeCounts[] };
  calibration: { hospital: CalibrationCounts; byDepartment: CalibrationCounts[] };
  bonus: { hospital: BonusStats; byDepartment: BonusStats[] };
  training: { hospital: TrainingCounts; byDepartment: TrainingCounts[] };
}

/** A stored result as the analysis reads it. */
export interface PeriodResultLine {
  department: string;
  indicatorSet: string;
  grade: string | null;
  error: string | null;
  calibration: Calibration | null;
  incentive: string | null;
  incentiveError: string | null;
}

const HOSPITAL = '*';

class GroupAcc {
  staff = 0;
  final = new Map<string, number>();
  before = new Map<string, number>();
  ungraded = 0;
  errors = 0;
  quota = 0;
  override = 0;
  moved = 0;
  paid = 0;
  sum = new Dec(0);
  min: Dec | null = null;
  max: Dec | null = null;
  bonusErrors = 0;
  training = emptyTraining();

  add(r: PeriodResultLine): void {
    this.staff += 1;
    if (r.error !== null) {
      this.errors += 1;
      return;
    }
    const before = r.calibration ? r.calibration.from : r.grade;
    if (r.grade === null) this.ungraded += 1;
    else bump(this.final, r.grade);
    if (before !== null) bump(this.before, before);
    if (r.calibration?.quota) this.quota += 1;
    if (r.calibration?.override) this.override += 1;
    if (r.calibration && r.calibration.from !== r.calibration.to) this.moved += 1;
    if (r.incentiveError !== null) this.bonusErrors += 1;
    else if (r.incentive !== null) {
      const d = new Dec(r.incentive);
      this.paid += 1;
      this.sum = this.sum.plus(d);
      if (this.min === null || d.lessThan(this.min)) this.min = d;
      if (this.max === null || d.greaterThan(this.max)) this.max = d;
    }
  }
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
const byCode = <T extends { code: string }>(a: T, b: T) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * The period's figures, one stored result (and one person's training) at a time: the hospital, each department
 * (the result's: the person's last month in the period) and each indicator set.
 */
export class PeriodAppraisalFold {
  private readonly hospital = new GroupAcc();
  private readonly departments = new Map<string, GroupAcc>();
  private readonly sets = new Map<string, GroupAcc>();
  private readonly seen = new Set<string>();

  add(r: PeriodResultLine, training?: AppraisalTraining): void {
    const department = this.group(this.departments, r.department);
    const set = this.group(this.sets, r.indicatorSet);
    for (const g of [this.hospital, department, set]) g.add(r);
    if (r.error === null) {
      if (r.grade !== null) this.seen.add(r.grade);
      const before = r.calibration ? r.calibration.from : r.grade;
      if (before !== null) this.seen.add(before);
    }
    if (training) {
      addTraining(this.hospital.training, training);
      addTraining(department.training, training);
    }
  }

  private group(m: Map<string, GroupAcc>, code: string): GroupAcc {
    let g = m.get(code);
    if (!g) m.set(code, (g = new GroupAcc()));
    return g;
  }

  /** The grades in `order` first (as the rule declares them), then any other seen, by name. */
  grades(order: readonly string[]): string[] {
    const known = [...new Set(order)];
    return [...known, ...[...this.seen].filter((g) => !known.includes(g)).sort()];
  }

  distribution(): PeriodAppraisalAnalysis['distribution'] {
    const counts = (code: string, g: GroupAcc): GradeCounts => ({
      code,
      staff: g.staff,
      final: Object.fromEntries(g.final),
      before: Object.fromEntries(g.before),
      ungraded: g.ungraded,
      errors: g.errors,
    });
    return {
      hospital: counts(HOSPITAL, this.hospital),
      byDepartment: [...this.departments].map(([c, g]) => counts(c, g)).sort(byCode),
      bySet: [...this.sets].map(([c, g]) => counts(c, g)).sort(byCode),
    };
  }

  calibration(): PeriodAppraisalAnalysis['calibration'] {
    const counts = (code: string, g: GroupAcc): CalibrationCounts => ({
      code,
      staff: g.staff,
      quota: g.quota,
      override: g.override,
      moved: g.moved,
    });
    return {
      hospital: counts(HOSPITAL, this.hospital),
      byDepartment: [...this.departments].map(([c, g]) => counts(c, g)).sort(byCode),
    };
  }

  bonus(): PeriodAppraisalAnalysis['bonus'] {
    const stats = (code: string, g: GroupAcc): BonusStats => ({
      code,
      paid: g.paid,
      sum: toMoney(g.sum),
      mean: g.paid ? toMoney(g.sum.dividedBy(g.paid)) : null,
      min: g.min && toMoney(g.min),
      max: g.max && toMoney(g.max),
      errors: g.bonusErrors,
    });
    return {
      hospital: stats(HOSPITAL, this.hospital),
      byDepartment: [...this.departments].map(([c, g]) => stats(c, g)).sort(byCode),
    };
  }

  training(): PeriodAppraisalAnalysis['training'] {
    const counts = (code: string, g: GroupAcc): TrainingCounts => ({ code, staff: g.staff, ...g.training });
    return {
      hospital: counts(HOSPITAL, this.hospital),
      byDepartment: [...this.departments].map(([c, g]) => counts(c, g)).sort(byCode),
    };
  }
}

const nameOf = (row: { name: string; names: { zh?: string; en?: string } | null }): LocalName =>
  row.names ?? row.name;
const nameCell = (name: LocalName): string =>
  typeof name === 'string' ? name : [name.zh, name.en].filter(Boolean).join(' / ');

@Injectable()
export class PeriodAppraisalService {
  constructor(private readonly ds: DataSource) {}

  /**
   * The analysis of `period` ("YYYY", "YYYY-Qn", "YYYY-Hn") from its current run's stored results.
   * @throws AppraisalPeriodInvalidError (400); AppraisalNoResultsError (404) when no run of it has completed
   */
  async analyse(period: string): Promise<PeriodAppraisalAnalysis> {
    const em = this.ds.manager;
    const state = await appraisalPeriodState(em, appraisalPeriod(period));
    if (!state.currentRunId) throw new AppraisalNoResultsError(period);
    const run = await em.getRepository(AppraisalRun).findOneByOrFail({ id: state.currentRunId });
    const fold = new PeriodAppraisalFold();
    let staff = 0;
    let lastId = 0;
    for (;;) {
      const page = await em.getRepository(AppraisalResultRow).find({
        select: {
          id: true,
          staffId: true,
          department: true,
          indicatorSet: true,
          grade: true,
          error: true,
          calibration: true,
          incentive: true,
          incentiveError: true,
        },
        where: { runId: run.id, id: MoreThan(lastId) },
        order: { id: 'ASC' },
        take: PAGE,
      });
      if (!page.length) break;
      lastId = page.at(-1)!.id;
      staff += page.length;
      const training = await appraisalTraining(
        em,
        period,
        page.flatMap((r) => (r.staffId === null ? [] : [r.staffId])),
      );
      for (const r of page)
        fold.add(
          {
            department: r.department,
            indicatorSet: r.indicatorSet,
            grade: r.grade,
            error: r.error,
            calibration: r.calibration ? (JSON.parse(r.calibration) as Calibration) : null,
            incentive: r.incentive,
            incentiveError: r.incentiveError,
          },
          r.staffId === null ? undefined : training.get(r.staffId),
        );
      if (page.length < PAGE) break;
    }
    const distribution = fold.distribution();
    const names = await this.names(
      em,
      distribution.byDepartment.map((d) => d.code),
      distribution.bySet.map((s) => s.code),
    );
    return {
      ...state,
      runId: run.id,
      planVersion: run.planVersion,
      staff,
      grades: fold.grades(await this.ruleGrades(em, period, run.planVersion)),
      ...names,
      distribution,
      calibration: fold.calibration(),
      bonus: fold.bonus(),
      training: fold.training(),
    };
  }

  /**
   * The analysis as an .xlsx (等级分布, 等级校准, 奖金, 培训), Chinese headers with English. Computed before the
   * download is handed out, so a refusal keeps the JSON error shape.
   * @throws as `analyse`
   */
  async workbook(period: string): Promise<XlsxDownload> {
    const a = await this.analyse(period);
    return (out) => writeXlsx(out, periodAppraisalSheets(a));
  }

  /** The grade names of the run's plan version, as declared: the scale, then each set's own scale. */
  private async ruleGrades(em: EntityManager, period: string, version: number): Promise<string[]> {
    const plan = await findAppraisalPlan(em, period, version).catch(() => null);
    const rule = plan?.definition.appraisal;
    if (!rule) return [];
    return [
      ...rule.grades.map((g) => g.grade),
      ...Object.values(rule.sets ?? {}).flatMap((s) => (s.grades ?? []).map((g) => g.grade)),
    ];
  }

  private async names(em: EntityManager, departments: string[], sets: string[]) {
    const [depts, sites, indicatorSets] = await Promise.all([
      departments.length ? em.getRepository(Department).find({ where: { code: In(departments) } }) : [],
      em.getRepository(Site).find(),
      sets.length ? em.getRepository(IndicatorSet).find({ where: { code: In(sets) } }) : [],
    ]);
    const siteCode = new Map(sites.map((s) => [s.id, s.code]));
    const dept = new Map(depts.map((d) => [d.code, d]));
    const set = new Map(indicatorSets.map((s) => [s.code, s]));
    return {
      departments: departments.map((code) => {
        const d = dept.get(code);
        return {
          code,
          name: d ? nameOf(d) : code,
          site: d?.siteId ? (siteCode.get(d.siteId) ?? null) : null,
        };
      }),
      sets: sets.map((code) => {
        const s = set.get(code);
        return { code, name: s ? nameOf(s) : code };
      }),
    };
  }
}

/** The sheets of a period's analysis: 等级分布 (per department, then per set), 等级校准, 奖金, 培训. */
export function periodAppraisalSheets(a: PeriodAppraisalAnalysis): XlsxSheet[] {
  const deptName = new Map(a.departments.map((d) => [d.code, nameCell(d.name)]));
  const setName = new Map(a.sets.map((s) => [s.code, nameCell(s.name)]));
  const label = (code: string, names: Map<string, string>) =>
    code === HOSPITAL ? '全院 Hospital' : (names.get(code) ?? code);
  const gradeRow = (scope: string, names: Map<string, string>, g: GradeCounts): XlsxCell[] => [
    scope,
    g.code === HOSPITAL ? '' : g.code,
    label(g.code, names),
    g.staff,
    ...a.grades.map((x) => g.final[x] ?? 0),
    ...a.grades.map((x) => g.before[x] ?? 0),
    g.ungraded,
    g.errors,
  ];
  const money = (s: string | null) => (s === null ? null : Number(s));
  return [
    {
      name: '等级分布 Grades',
      columns: [
        { header: '范围 Scope' },
        { header: '代码 Code' },
        { header: '名称 Name', width: 24 },
        { header: '人数 Staff' },
        ...a.grades.map((g) => ({ header: `${g} 最终 Final` })),
        ...a.grades.map((g) => ({ header: `${g} 校准前 Before calibration` })),
        { header: '无等级 Ungraded' },
        { header: '错误 Errors' },
      ],
      pages: [
        [
          gradeRow('全院 Hospital', deptName, a.distribution.hospital),
          ...a.distribution.byDepartment.map((g) => gradeRow('科室 Department', deptName, g)),
          ...a.distribution.bySet.map((g) => gradeRow('指标体系 Set', setName, g)),
        ],
      ],
    },
    {
      name: '等级校准 Calibration',
      columns: [
        { header: '科室 Department' },
        { header: '名称 Name', width: 24 },
        { header: '人数 Staff' },
        { header: '配额调整 Quota moves' },
        { header: '人工调整 Overrides' },
        { header: '等级变动 Moved' },
      ],
      pages: [
        [a.calibration.hospital, ...a.calibration.byDepartment].map((c) => [
          c.code === HOSPITAL ? '' : c.code,
          label(c.code, deptName),
          c.staff,
          c.quota,
          c.override,
          c.moved,
        ]),
      ],
    },
    {
      name: '奖金 Bonus',
      columns: [
        { header: '科室 Department' },
        { header: '名称 Name', width: 24 },
        { header: '发放人数 Paid' },
        { header: '合计 Sum', numFmt: '0.00' },
        { header: '平均 Mean', numFmt: '0.00' },
        { header: '最低 Min', numFmt: '0.00' },
        { header: '最高 Max', numFmt: '0.00' },
        { header: '错误 Errors' },
      ],
      // Amounts are exact to the cent: a cell of two decimals holds them as they are.
      pages: [
        [a.bonus.hospital, ...a.bonus.byDepartment].map((b) => [
          b.code === HOSPITAL ? '' : b.code,
          label(b.code, deptName),
          b.paid,
          money(b.sum),
          money(b.mean),
          money(b.min),
          money(b.max),
          b.errors,
        ]),
      ],
    },
    {
      name: '培训 Training',
      columns: [
        { header: '科室 Department' },
        { header: '名称 Name', width: 24 },
        { header: '人数 Staff' },
        { header: '计划·已提出 Plans proposed' },
        { header: '计划·已确认 Plans agreed' },
        { header: '计划·已关闭 Plans closed' },
        { header: '已改善 Improved' },
        { header: '培训任务 Assigned' },
        { header: '计划学时 Planned hours' },
        { header: '完成学时 Hours done' },
        { header: '按期完成 On time' },
        { header: '逾期完成 Late' },
        { header: '未完成 Open' },
      ],
      pages: [
        [a.training.hospital, ...a.training.byDepartment].map((t) => [
          t.code === HOSPITAL ? '' : t.code,
          label(t.code, deptName),
          t.staff,
          t.plans.proposed,
          t.plans.agreed,
          t.plans.closed,
          t.improved,
          t.assigned,
          t.plannedHours,
          t.doneHours,
          t.onTime,
          t.late,
          t.open,
        ]),
      ],
    },
  ];
}

// The demo's appraisal periods above the month (docs/APPRAISAL-PERIODS.md), once its months are scored, as HR
// would run them at the year's end: the fourth quarter of 2026 (October to December) and the whole year 2026 (its
// twelve months, all in the demo), each with the hospital's four grades, a cap for a D month and for a vetoed month,
// a quota on 优秀 per department (the year's best departments have more than a fifth of their staff at 90 or more:
// the quota moves some of them to 合格), one override by HR with its reason, and a bonus pool per department — a
// quarterly one, and the annual bonus (年终奖) — run on the scoring queue, approved and closed, so that staff see
// both on their page, the analysis shows them and finance can pay them.
import type { INestApplicationContext } from '@nestjs/common';
import type { AppraisalPlanDefinition } from '@app/persistence';
import {
  AppraisalPeriodsService,
  AppraisalResultsView,
  AppraisalRunsService,
} from '@app/domain/appraisal-periods';
import { RunsService } from '@app/domain/runs';
import { isAppraisalError } from '@app/scoring';

const ACTOR = 'demo';

/** The quarter and the year the demo closes. */
export const DEMO_QUARTER = '2026-Q4';
export const DEMO_YEAR = '2026';

/** A period's bonus a head, in yuan: the quarter's, and the annual bonus. */
export const DEMO_QUARTER_BONUS_PER_HEAD = 1500;
export const DEMO_YEAR_BONUS_PER_HEAD = 6000;

/** HR's override of a period: the first person of `set` the period grades 合格 (not moved by a quota) to 优秀. */
interface DemoOverrideRule {
  set: string;
  reason: string;
}

const QUARTER_OVERRIDE: DemoOverrideRule = {
  set: 'MAINT',
  reason: '季度评议：入冬供暖设备检修中连续值守，经考核小组复核上调',
};
const YEAR_OVERRIDE: DemoOverrideRule = {
  set: 'SECURITY',
  reason: '年度评议：全年夜间巡查无事故，协助处置多起突发事件，经考核小组复核上调',
};

/** What one period of the demo came to. */
export interface DemoPeriodSummary {
  period: string;
  status: string;
  /** People appraised (with a result, errors included). */
  staff: number;
  /** Count per grade held, best grade first. */
  grades: Record<string, number>;
  /** People whom the quota moved. */
  moved: number;
  /** The person HR set a grade for, with it and HR's reason. */
  override: { staff: string; grade: string; reason: string } | null;
  /** The period's bonus paid, to the cent (a decimal string). */
  bonus: string;
}

export interface DemoAppraisalPeriodsSummary {
  quarter: DemoPeriodSummary;
  year: DemoPeriodSummary;
}

const GRADES = [
  { min: 90, grade: '优秀', coefficient: 1.5 },
  { min: 75, grade: '合格', coefficient: 1 },
  { min: 60, grade: '基本合格', coefficient: 0.6 },
  { min: 0, grade: '不合格', coefficient: 0 },
];

/** The demo's rule of a period: `bonusPerHead` yuan a head into each department's pool. */
export function demoAppraisalPlan(
  departments: readonly { code: string; staff: number }[],
  bonusPerHead: number,
): AppraisalPlanDefinition {
  return {
    appraisal: {
      // Days-weighted mean of the months worked; two months at least to be graded.
      minMonths: 2,
      caps: [
        { grade: 'D', months: 1, to: '合格' },
        { vetoes: 1, to: '基本合格' },
      ],
      grades: GRADES,
      quotas: { scope: 'department', rules: [{ grade: '优秀', maxShare: 20 }] },
    },
    incentive: {
      pools: departments.map((d) => ({
        department: d.code,
        amount: (d.staff * bonusPerHead).toFixed(2),
      })),
      weight: 'coefficient * days',
    },
  };
}

export class DemoAppraisalPeriods {
  constructor(
    private readonly periods: AppraisalPeriodsService,
    private readonly appraisalRuns: AppraisalRunsService,
    private readonly runs: RunsService,
  ) {}

  static of(app: INestApplicationContext): DemoAppraisalPeriods {
    return new DemoAppraisalPeriods(
      app.get(AppraisalPeriodsService),
      app.get(AppraisalRunsService),
      app.get(RunsService),
    );
  }

  async run(): Promise<DemoAppraisalPeriodsSummary> {
    const quarter = await this.period(DEMO_QUARTER, DEMO_QUARTER_BONUS_PER_HEAD, QUARTER_OVERRIDE);
    const year = await this.period(DEMO_YEAR, DEMO_YEAR_BONUS_PER_HEAD, YEAR_OVERRIDE);
    return { quarter, year };
  }

  /** Plans, overrides, scores, approves and closes one period. */
  private async period(
    period: string,
    bonusPerHead: number,
    rule: DemoOverrideRule,
  ): Promise<DemoPeriodSummary> {
    // The pools are of the departments the period's people end in: a first plan without a bonus finds them.
    const base = demoAppraisalPlan([], 0);
    await this.periods.putPlan(ACTOR, period, { appraisal: base.appraisal });
    const { document } = await this.periods.document(period);
    const heads = new Map<string, number>();
    for (const s of document.staff) heads.set(s.department, (heads.get(s.department) ?? 0) + 1);
    const departments = [...heads].map(([code, staff]) => ({ code, staff }));
    await this.periods.putPlan(ACTOR, period, demoAppraisalPlan(departments, bonusPerHead));

    // The department's review raises one person the period grades 合格 by their total (not someone the quota
    // moved) to 优秀: the engine applies the override last, after the quotas, and lists it with its reason.
    let override: DemoPeriodSummary['override'] = null;
    const { result } = await this.periods.preview(period);
    const person = result.staff.find(
      (s) =>
        !isAppraisalError(s) && s.indicatorSet === rule.set && s.grade === '合格' && !s.calibration?.quota,
    );
    if (person) {
      await this.periods.putOverride(ACTOR, period, person.id, { grade: '优秀', reason: rule.reason });
      override = { staff: person.id, grade: '优秀', reason: rule.reason };
    }

    const { run } = await this.appraisalRuns.start(ACTOR, period);
    await this.runs.settle(); // in process: the run's jobs end before this returns
    const done = await this.appraisalRuns.get(period, run.id);
    if (done.status !== 'completed')
      throw new Error(`the demo's appraisal run of ${period} ${done.status}: ${done.error ?? ''}`);
    await this.appraisalRuns.approve(ACTOR, period);
    await this.appraisalRuns.close(ACTOR, period);
    return summary(await this.appraisalRuns.results(period, undefined, 'zh'), override);
  }
}

function summary(view: AppraisalResultsView, override: DemoPeriodSummary['override']): DemoPeriodSummary {
  const grades: Record<string, number> = {};
  for (const g of GRADES) grades[g.grade] = 0;
  let moved = 0;
  let cents = 0n;
  for (const s of view.staff) {
    if (isAppraisalError(s)) continue;
    if (s.grade !== null) grades[s.grade] = (grades[s.grade] ?? 0) + 1;
    if (s.calibration?.quota) moved++;
    if (s.incentive !== null) cents += BigInt(s.incentive.replace('.', ''));
  }
  const abs = cents < 0n ? -cents : cents;
  const bonus = `${cents < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
  return {
    period: view.period,
    status: view.status,
    staff: view.staff.length,
    grades,
    moved,
    override,
    bonus,
  };
}

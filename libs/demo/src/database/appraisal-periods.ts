// The demo's appraisal periods above the month (docs/APPRAISAL-PERIODS.md), once its months are scored, as HR
// would run them: the third quarter of 2026 (July to September, all in the demo) with the hospital's four grades,
// a cap for a D month and for a vetoed month, a quota on 优秀 per department, one override by HR with its reason
// and a quarterly bonus pool per department — run on the scoring queue, approved and closed, so that staff see it
// on their page and finance can pay it; and the year 2026 run from the months it has so far (May to October: the
// year is not over), left scored for HR to look at.
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

/** The quarter the demo closes, and the year it scores so far. */
export const DEMO_QUARTER = '2026-Q3';
export const DEMO_YEAR = '2026';

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
  /** The person HR set a grade for, with it. */
  override: { staff: string; grade: string } | null;
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
    const quarter = await this.period(DEMO_QUARTER, 1500, true);
    const year = await this.period(DEMO_YEAR, 6000, false);
    return { quarter, year };
  }

  /** Plans, scores and (`post`) overrides, approves and closes one period. */
  private async period(period: string, bonusPerHead: number, post: boolean): Promise<DemoPeriodSummary> {
    // The pools are of the departments the period's people end in: a first plan without a bonus finds them.
    const base = demoAppraisalPlan([], 0);
    await this.periods.putPlan(ACTOR, period, { appraisal: base.appraisal });
    const { document } = await this.periods.document(period);
    const heads = new Map<string, number>();
    for (const s of document.staff) heads.set(s.department, (heads.get(s.department) ?? 0) + 1);
    const departments = [...heads].map(([code, staff]) => ({ code, staff }));
    await this.periods.putPlan(ACTOR, period, demoAppraisalPlan(departments, bonusPerHead));

    let override: DemoPeriodSummary['override'] = null;
    if (post) {
      // The first maintenance worker the quarter grades 合格 is raised to 优秀 by the department's review.
      const { result } = await this.periods.preview(period);
      const person = result.staff.find(
        (s) => !isAppraisalError(s) && s.indicatorSet === 'MAINT' && s.grade === '合格',
      );
      if (person) {
        await this.periods.putOverride(ACTOR, period, person.id, {
          grade: '优秀',
          reason: '季度评议：夏季空调抢修中连续值守，经考核小组复核上调',
        });
        override = { staff: person.id, grade: '优秀' };
      }
    }

    const { run } = await this.appraisalRuns.start(ACTOR, period);
    await this.runs.settle(); // in process: the run's jobs end before this returns
    const done = await this.appraisalRuns.get(period, run.id);
    if (done.status !== 'completed')
      throw new Error(`the demo's appraisal run of ${period} ${done.status}: ${done.error ?? ''}`);
    if (post) {
      await this.appraisalRuns.approve(ACTOR, period);
      await this.appraisalRuns.close(ACTOR, period);
    }
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

// The demo's appraisal loop beyond the scores, after its months are scored: training assignments on some of the
// latest month's improvement plans (open, due next month: assigning changes no month's data), and an opinion round
// on the latest month that most of its staff have answered (open, so that the demo's staff user can still answer
// it). Deterministic for a seed, through the same services the pages call.
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { itemOrder, PlansService, type Viewer } from '@app/domain/appraisal';
import { OpinionAnswersService, OpinionRoundsService } from '@app/domain/opinions';
import { nextPeriod } from '@app/domain/model';
import { periodBounds } from '@app/domain/periods';
import { ImprovementPlan, Period, PlanItem, StaffResultRow } from '@app/persistence';
import { deriveSeed, mulberry32 } from '../prng';

const ACTOR = 'demo';
const HR: Viewer = { username: 'demo', role: 'hr_admin', staffId: null, departments: [] };

/** Courses by the indicator a plan is about (its code contains the key); the rest get the general course. */
const COURSES: [key: string, course: string, hours: number][] = [
  ['SAFETY', '安全生产与有限空间作业', 8],
  ['TRAINING', '岗位技能复训', 6],
  ['COMPLAINT', '服务沟通与投诉处理', 4],
  ['SATISFACTION', '服务礼仪', 4],
  ['RESPONSE', '报修响应流程', 3],
];
const GENERAL_COURSE: [string, number] = ['后勤岗位规范', 4];

const COMMENTS = [
  '投诉多少与本人关系不大，希望区分有效投诉',
  '指标口径需要说明',
  '目标值偏高',
  '数据来源不够及时',
  '权重可以再调整',
];
const SUGGESTIONS = [
  '希望增加团队协作方面的指标',
  '建议每季度公布一次指标口径',
  '夜班人员的工时统计方式需要改进',
  '希望考核结果反馈更及时',
];

export interface DemoAppraisalSummary {
  trainings: number;
  round: { id: number; period: string; answers: number; eligible: number };
}

export class DemoAppraisal {
  constructor(
    private readonly ds: DataSource,
    private readonly plans: PlansService,
    private readonly rounds: OpinionRoundsService,
    private readonly answers: OpinionAnswersService,
    private readonly seed: number,
  ) {}

  static of(app: INestApplicationContext, seed: number): DemoAppraisal {
    return new DemoAppraisal(
      app.get(DataSource),
      app.get(PlansService),
      app.get(OpinionRoundsService),
      app.get(OpinionAnswersService),
      seed,
    );
  }

  /**
   * A training on about one in four of `period`'s proposed plans (for the plan's first item: a veto, else its
   * weakest indicator), due at the end of the next month, and an open opinion round on `period` answered by about
   * 60 % of its staff (never by `except`, the demo's staff user).
   */
  async run(period: string, except: string): Promise<DemoAppraisalSummary> {
    return { trainings: await this.assignTrainings(period), round: await this.opinionRound(period, except) };
  }

  private async assignTrainings(period: string): Promise<number> {
    const random = mulberry32(deriveSeed(this.seed, 'training', period));
    const due = periodBounds(nextPeriod(period)).last;
    const plans = await this.ds
      .getRepository(ImprovementPlan)
      .find({ where: { period, status: 'proposed' }, order: { id: 'ASC' } });
    const firstItem = new Map<number, PlanItem>();
    for (const item of (await this.ds.getRepository(PlanItem).find({ where: { period } })).sort(itemOrder))
      if (!firstItem.has(item.planId)) firstItem.set(item.planId, item);
    let n = 0;
    for (const plan of plans) {
      const item = firstItem.get(plan.id);
      if (random() >= 0.25 || !item) continue;
      const [course, hours] = courseFor(item.indicator);
      await this.plans.addAction({ actor: ACTOR, user: HR }, plan.id, {
        kind: 'training',
        course,
        plannedHours: hours,
        owner: '科室主任',
        dueDate: due,
      });
      n++;
    }
    return n;
  }

  private async opinionRound(period: string, except: string): Promise<DemoAppraisalSummary['round']> {
    const random = mulberry32(deriveSeed(this.seed, 'opinions', period));
    const round = await this.rounds.open(ACTOR, {
      title: `${period.slice(0, 4)} 年考核意见征集`,
      names: {
        zh: `${period.slice(0, 4)} 年考核意见征集`,
        en: `Opinions on the ${period.slice(0, 4)} appraisal`,
      },
      period,
    });
    const month = await this.ds.getRepository(Period).findOneByOrFail({ period });
    const people = await this.ds.getRepository(StaffResultRow).find({
      select: { staffId: true, staffCode: true, indicatorSet: true },
      where: { runId: month.currentRunId! },
      order: { staffCode: 'ASC' },
    });
    const questions = new Map(round.questions.sets.map((s) => [s.set, s.indicators.map((i) => i.code)]));
    let answers = 0;
    for (const p of people) {
      const codes = questions.get(p.indicatorSet);
      if (!p.staffId || p.staffCode === except || !codes || random() >= 0.6) continue;
      const ratings: Record<string, number> = {};
      const comments: Record<string, string> = {};
      for (const code of codes) {
        if (random() < 0.1) continue; // one they cannot judge
        // Most indicators are judged fair; complaints and targets set from above less so.
        const doubtful = /COMPLAINT|COST/.test(code);
        ratings[code] = 1 + Math.min(4, Math.floor(random() * (doubtful ? 3.2 : 2) + (doubtful ? 0 : 3)));
        if (ratings[code] <= 2 && random() < 0.3)
          comments[code] = COMMENTS[Math.floor(random() * COMMENTS.length)];
      }
      if (!Object.keys(ratings).length) continue;
      const suggestion = random() < 0.15 ? SUGGESTIONS[Math.floor(random() * SUGGESTIONS.length)] : undefined;
      await this.answers.answer(p.staffId, round.id, {
        ratings,
        comments,
        ...(suggestion ? { suggestion } : {}),
      });
      answers++;
    }
    return { id: round.id, period, answers, eligible: people.length };
  }
}

function courseFor(indicator: string): [string, number] {
  const hit = COURSES.find(([key]) => indicator.toUpperCase().includes(key));
  return hit ? [hit[1], hit[2]] : GENERAL_COURSE;
}

// A manager's view of the people behind a month's results: who each scored person is (name, employee number),
// where the loop stands with them (acknowledged, comments, feedback, an open appeal), the names of the indicators
// of the sets they were scored with, and one person's history: the feedback, comments, acknowledgements, plans
// and appeals of every month in which the caller may see that person's result. HR and auditors see everyone; a
// manager the staff whose month's result is in one of their departments (the months they were elsewhere stay
// hidden: a transfer does not carry the old department's conversation along).
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, In, IsNull, Not } from 'typeorm';
import {
  Acknowledgement,
  Appeal,
  Feedback,
  ImprovementPlan,
  Period,
  Staff,
  StaffComment,
  StaffResultRow,
} from '@app/persistence';
import { AppraisalNotFoundError } from './appraisal-errors';
import { APPRAISAL_OPTIONS, AppraisalOptions, DEFAULT_CURRENCY } from './appraisal-options';
import {
  appealView,
  AppealView,
  feedbackView,
  FeedbackView,
  plansWithActions,
  PlanView,
} from './appraisal-views';
import { setNames } from './my-months.service';
import { maySee, staffMonth, Viewer } from './staff-month';

export interface TeamMember {
  staffId: string;
  employeeNo: string | null;
  name: string;
  department: string;
  acknowledged: boolean;
  comments: number;
  feedback: number;
  openAppeal: boolean;
}

export interface IndicatorName {
  name: string;
  names?: { zh?: string; en?: string };
}

export interface Team {
  period: string;
  currency: string;
  items: TeamMember[];
  /** Indicator names by set code and indicator code, as in force for the month. */
  indicatorNames: Record<string, Record<string, IndicatorName>>;
}

export interface PersonMonth {
  period: string;
  department: string;
  feedback: FeedbackView[];
  comments: { id: number; text: string; at: string }[];
  acknowledgement: { at: string; comment: string | null } | null;
  plans: PlanView[];
  appeals: AppealView[];
}

export interface PersonHistory {
  staffId: string;
  employeeNo: string;
  name: string;
  department: string;
  /** Newest first. */
  months: PersonMonth[];
}

/** More than any department has; a hospital-wide read by HR stops here (the page pages the results). */
const MAX_TEAM = 20_000;

@Injectable()
export class TeamService {
  constructor(
    private readonly ds: DataSource,
    @Optional() @Inject(APPRAISAL_OPTIONS) private readonly options?: AppraisalOptions,
  ) {}

  /** The people of the month's current run whom the caller may see, in code order, with the loop's state. */
  async team(user: Viewer | undefined, period: string): Promise<Team> {
    const p = await this.ds.getRepository(Period).findOneBy({ period });
    if (!p?.currentRunId || !user) throw new AppraisalNotFoundError(`no results for ${period}`);
    const rows = await this.ds.getRepository(StaffResultRow).find({
      select: { staffId: true, staffCode: true, employeeNo: true, department: true, indicatorSet: true },
      where: {
        runId: p.currentRunId,
        ...(user.role === 'dept_manager' ? { department: In(user.departments) } : {}),
      },
      order: { staffCode: 'ASC' },
      take: MAX_TEAM,
    });
    const visible = rows.filter((r) => r.staffId !== null && maySee(user, r.staffId, r.department));
    const ids = visible.map((r) => r.staffId!);
    const names = new Map<number, string>();
    const inMonth = { period };
    const [acks, comments, feedback, appeals] = ids.length
      ? await Promise.all([
          this.ds.getRepository(Acknowledgement).find({ select: { staffId: true }, where: inMonth }),
          this.ds.getRepository(StaffComment).find({ select: { staffId: true }, where: inMonth }),
          this.ds.getRepository(Feedback).find({ select: { staffId: true }, where: inMonth }),
          this.ds
            .getRepository(Appeal)
            .find({ select: { staffId: true }, where: { ...inMonth, status: 'open' } }),
        ])
      : [[], [], [], []];
    for (let i = 0; i < ids.length; i += 500)
      for (const s of await this.ds
        .getRepository(Staff)
        .find({ select: { id: true, name: true }, where: { id: In(ids.slice(i, i + 500)) } }))
        names.set(s.id, s.name);
    const count = (list: { staffId: number }[]) => {
      const m = new Map<number, number>();
      for (const x of list) m.set(x.staffId, (m.get(x.staffId) ?? 0) + 1);
      return m;
    };
    const [ackN, commentN, feedbackN, appealN] = [acks, comments, feedback, appeals].map(count);
    const indicatorNames: Team['indicatorNames'] = {};
    for (const set of new Set(visible.map((r) => r.indicatorSet))) {
      const n = await setNames(this.ds.manager, set, period);
      indicatorNames[set] = Object.fromEntries(
        Object.entries(n.indicators).map(([code, name]) => [
          code,
          n.indicatorNames[code] ? { name, names: n.indicatorNames[code] } : { name },
        ]),
      );
    }
    return {
      period,
      currency: this.options?.currency ?? DEFAULT_CURRENCY,
      items: visible.map((r) => ({
        staffId: r.staffCode,
        employeeNo: r.employeeNo,
        name: names.get(r.staffId!) ?? '',
        department: r.department,
        acknowledged: ackN.has(r.staffId!),
        comments: commentN.get(r.staffId!) ?? 0,
        feedback: feedbackN.get(r.staffId!) ?? 0,
        openAppeal: appealN.has(r.staffId!),
      })),
      indicatorNames,
    };
  }

  /**
   * `code`'s history, newest month first: every month with a result of theirs in the current run that the
   * caller may see (the asked month must be one, else not found), with its feedback, comments, acknowledgement,
   * plans and appeals.
   */
  async history(user: Viewer | undefined, period: string, code: string): Promise<PersonHistory> {
    const month = await staffMonth(this.ds.manager, user, period, { code });
    const staffId = month.staff.id;
    const periods = await this.ds
      .getRepository(Period)
      .find({ where: { currentRunId: Not(IsNull()) }, order: { period: 'DESC' } });
    const rows = await this.ds.getRepository(StaffResultRow).find({
      select: { runId: true, department: true },
      where: periods.map((p) => ({ runId: p.currentRunId!, staffId })),
    });
    const deptOfRun = new Map(rows.map((r) => [r.runId, r.department]));
    const seen = periods.flatMap((p) => {
      const department = deptOfRun.get(p.currentRunId!);
      return department !== undefined && maySee(user!, staffId, department)
        ? [{ period: p.period, department }]
        : [];
    });
    const months = seen.map((s) => s.period);
    const where = { staffId, period: In(months) };
    const order = { id: 'ASC' as const };
    const [feedback, comments, acks, plans, appeals] = await Promise.all([
      this.ds.getRepository(Feedback).find({ where, order }),
      this.ds.getRepository(StaffComment).find({ where, order }),
      this.ds.getRepository(Acknowledgement).find({ where }),
      this.ds.getRepository(ImprovementPlan).find({ where, order }),
      this.ds.getRepository(Appeal).find({ where, order }),
    ]);
    const planViews = await plansWithActions(this.ds.manager, plans, code);
    return {
      staffId: code,
      employeeNo: month.staff.employeeNo,
      name: month.staff.name,
      department: month.row.department,
      months: seen.map(({ period: p, department }) => {
        const ack = acks.find((a) => a.period === p);
        return {
          period: p,
          department,
          feedback: feedback.filter((f) => f.period === p).map((f) => feedbackView(f, code)),
          comments: comments.filter((c) => c.period === p).map((c) => ({ id: c.id, text: c.text, at: c.at })),
          acknowledgement: ack ? { at: ack.at, comment: ack.comment } : null,
          plans: planViews.filter((v) => v.period === p),
          appeals: appeals.filter((a) => a.period === p).map((a) => appealView(a, code)),
        };
      }),
    };
  }
}

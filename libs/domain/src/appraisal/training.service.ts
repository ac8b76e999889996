// Training assignments (docs/APPRAISAL.md, "Training assignments"): an improvement plan's action may be a training
// (a course, hours planned, a due date). Done, it carries the hours done and the day; the month of that day then
// has its training intake rebuilt in the same transaction: ONE intake batch (source `training`) of the
// TRAINING_HOURS_INPUT input holding, per person, the sum of the hours of their trainings done in the month. It
// replaces the month's previous training batch (withdrawn first, as the work-order derivation replaces its own),
// or keeps it when the rows are the same (no new data version). The month must still take data: an approved or
// closed one refuses (409 TRAINING_MONTH_CLOSED). Also here: the trainings of a year's plans against what was done,
// for HR and auditors, a manager's departments, and the person.
import { Inject, Injectable, Optional } from '@nestjs/common';
import { Between, DataSource, EntityManager, In } from 'typeorm';
import {
  type ActionKind,
  ImprovementPlan,
  InputDefinition,
  IntakeBatch,
  IntakeBatchPeriod,
  Period,
  PlanAction,
  PlanItem,
  StaffResultRow,
} from '@app/persistence';
import { pinnedToday } from '@app/config';
import {
  BatchView,
  IntakeBatchesService,
  MeasurementRow,
  MeasurementsService,
  openMonths,
  sha256OfJson,
} from '../documents';
import { ConflictError, csvField, InvalidError } from '../model';
import { lockMonthsForChange, lockPeriods, outsideIntakeWindow, periodBounds } from '../periods';
import { AppraisalInvalidError, AppraisalNotFoundError } from './appraisal-errors';
import {
  APPRAISAL_OPTIONS,
  AppraisalOptions,
  DEFAULT_TIME_ZONE,
  DEFAULT_TRAINING_HOURS_INPUT,
} from './appraisal-options';
import { itemOrder, staffPeople } from './appraisal-views';
import { maySee, Viewer } from './staff-month';

/** The most hours one training plans or records. */
export const MAX_TRAINING_HOURS = 200;

/** A done training's month is approved or closed: its hours can no longer change (409). */
export class TrainingMonthClosedError extends ConflictError {
  static override readonly defaultCode = 'TRAINING_MONTH_CLOSED';
  constructor(
    readonly period: string,
    status: string,
  ) {
    super(
      `${period} 月已${status === 'closed' ? '关账' : '审批'}，培训学时不能再更改 / ` +
        `the month ${period} is ${status}: the training hours done in it can no longer change`,
    );
  }
}

/** A training done on a day after today (400). */
export class TrainingInFutureError extends InvalidError {
  static override readonly defaultCode = 'TRAINING_DATE_IN_FUTURE';
  constructor(day: string, today: string) {
    super(
      `完成日期 ${day} 晚于今天（${today}）/ the day ${day} the training was done is after today (${today})`,
    );
  }
}

/** What an action is asked to be (a task, or a training with its course and hours). */
export interface ActionKindRequest {
  kind?: ActionKind;
  what?: string;
  course?: string;
  plannedHours?: number;
}

/** A training's completion: hours and day (default: today in the hospital's time zone). */
export interface TrainingCompletion {
  doneHours?: number;
  doneOn?: string;
}

/** Whether a completion (or reopening) reached the month's input, and the batches it left in force. */
export type TrainingFeed =
  | { fed: true; input: string; batches: { period: string; batchId: number | null; unchanged: boolean }[] }
  | { fed: false; reason: string };

/** Hours: more than 0, at most MAX_TRAINING_HOURS, and (when `tenths`) at most one decimal place. */
function checkHours(field: string, hours: unknown, tenths: boolean): number {
  const ok =
    typeof hours === 'number' &&
    Number.isFinite(hours) &&
    hours > 0 &&
    hours <= MAX_TRAINING_HOURS &&
    (!tenths || Math.abs(hours * 10 - Math.round(hours * 10)) < 1e-9);
  if (!ok)
    throw new AppraisalInvalidError(
      `学时须大于 0、不超过 ${MAX_TRAINING_HOURS}${tenths ? '，最多一位小数' : ''} / ${field} must be more than 0 ` +
        `and at most ${MAX_TRAINING_HOURS}${tenths ? ', with at most one decimal place' : ''}`,
    );
  return hours;
}

/** The fields of a new action: a task needs `what`; a training a course and planned hours (`what` its course). */
export function actionKindFields(
  request: ActionKindRequest,
): Pick<PlanAction, 'kind' | 'what' | 'course' | 'plannedHours'> {
  const kind = request.kind ?? 'task';
  if (kind === 'task') {
    if (request.course !== undefined || request.plannedHours !== undefined)
      throw new AppraisalInvalidError('课程和学时只属于培训 / course and plannedHours belong to a training');
    if (!request.what)
      throw new AppraisalInvalidError('任务须写明做什么 / a task needs what (1–1000 characters)');
    return { kind, what: request.what, course: null, plannedHours: null };
  }
  const course = request.course?.trim();
  if (!course || course.length > 200)
    throw new AppraisalInvalidError('培训须有课程（1–200 字）/ a training needs a course (1–200 characters)');
  if (request.plannedHours === undefined)
    throw new AppraisalInvalidError('培训须有计划学时 / a training needs plannedHours');
  const plannedHours = checkHours('plannedHours', request.plannedHours, true);
  return { kind, what: request.what || course, course, plannedHours };
}

/** "YYYY-MM-DD" of `now` in `timeZone`. */
export function dayIn(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** One training as the year's list shows it. */
export interface TrainingItem {
  actionId: number;
  planId: number;
  /** The plan's month. */
  period: string;
  /** The indicators of the plan the training belongs to (its items, in the plan's order). */
  indicators: string[];
  /** The same, as one text ("A, B"): the list's and the CSV's column. */
  indicator: string;
  course: string;
  plannedHours: number | null;
  dueDate: string;
  status: PlanAction['status'];
  doneHours: number | null;
  doneOn: string | null;
  /** Not done and past its due date, or done after it. */
  overdue: boolean;
}

export interface TrainingTotals {
  assigned: number;
  done: number;
  plannedHours: number;
  doneHours: number;
}

export interface TrainingPerson {
  staffId: string;
  name: string;
  employeeNo: string;
  /** The department of the person's result in their latest plan's month. */
  department: string;
  trainings: TrainingItem[];
  totals: TrainingTotals;
}

export interface TrainingYear {
  year: string;
  department: string | null;
  items: TrainingPerson[];
  totals: TrainingTotals;
}

/** Sums of hours without binary noise (hours have few decimals). */
const round = (x: number) => Math.round(x * 1e6) / 1e6;

function totalsOf(items: TrainingItem[]): TrainingTotals {
  const done = items.filter((i) => i.status === 'done');
  return {
    assigned: items.length,
    done: done.length,
    plannedHours: round(items.reduce((s, i) => s + (i.plannedHours ?? 0), 0)),
    doneHours: round(done.reduce((s, i) => s + (i.doneHours ?? 0), 0)),
  };
}

@Injectable()
export class TrainingService {
  private readonly measurements: MeasurementsService;
  private readonly batches: IntakeBatchesService;

  constructor(
    private readonly ds: DataSource,
    @Optional() @Inject(APPRAISAL_OPTIONS) private readonly options?: AppraisalOptions,
  ) {
    this.measurements = new MeasurementsService(ds);
    this.batches = new IntakeBatchesService(ds);
  }

  /** Today in the hospital's time zone (FEEDS_TZ); the tests' pinned day when there is one. */
  today(): string {
    return pinnedToday() ?? dayIn(new Date(), this.options?.timeZone ?? DEFAULT_TIME_ZONE);
  }

  /** The input training feeds (null: none). */
  private inputCode(): string | null {
    const v = this.options?.trainingHoursInput;
    return v === undefined ? DEFAULT_TRAINING_HOURS_INPUT : v;
  }

  /**
   * Marks a training done (with its hours and day) or open again (both cleared), in the caller's transaction,
   * and rebuilds the training intake of the months concerned (the day's month, and the former day's).
   * @throws AppraisalInvalidError without hours, or with hours out of range (400); TrainingInFutureError (400);
   *   InvalidError for a month outside the intake window (400); TrainingMonthClosedError when a month concerned is
   *   approved or closed (409); MonthDataLockedError when a run of it is active (409)
   */
  async setStatusIn(
    tx: EntityManager,
    actor: string,
    action: PlanAction,
    status: 'open' | 'done',
    completion: TrainingCompletion,
  ): Promise<TrainingFeed> {
    let doneHours: number | null = null;
    let doneOn: string | null = null;
    if (status === 'done') {
      if (completion.doneHours === undefined)
        throw new AppraisalInvalidError('完成培训须填写实际学时 / a done training needs doneHours');
      doneHours = checkHours('doneHours', completion.doneHours, false);
      const today = this.today();
      doneOn = completion.doneOn ?? today;
      if (doneOn > today) throw new TrainingInFutureError(doneOn, today);
    } else if (completion.doneHours !== undefined || completion.doneOn !== undefined)
      throw new AppraisalInvalidError(
        '重新打开的培训不带学时 / an open training takes no doneHours or doneOn',
      );
    const months = [
      ...new Set([action.status === 'done' ? action.doneOn : null, doneOn].filter((d): d is string => !!d)),
    ]
      .map((d) => d.slice(0, 7))
      .filter((m, i, all) => all.indexOf(m) === i)
      .sort();
    // The months first, under their lock: one that no longer takes data refuses with its own words.
    const existing = months.length ? await tx.find(Period, { where: { period: In(months) } }) : [];
    for (const p of await lockPeriods(
      tx,
      existing.map((p) => p.id),
    ))
      if (p.status === 'approved' || p.status === 'closed')
        throw new TrainingMonthClosedError(p.period, p.status);
    for (const m of months) {
      const outside = existing.some((p) => p.period === m) ? null : outsideIntakeWindow(m);
      if (outside) throw new InvalidError(outside, 'OUTSIDE_INTAKE_WINDOW');
    }
    action.status = status;
    action.doneHours = doneHours;
    action.doneOn = doneOn;
    await tx.getRepository(PlanAction).update({ id: action.id }, { status, doneHours, doneOn });
    return this.feedIn(tx, actor, months);
  }

  /** Rebuilds the training intake of `months` (when training feeds an input the dictionary has, for staff). */
  private async feedIn(tx: EntityManager, actor: string, months: string[]): Promise<TrainingFeed> {
    const input = this.inputCode();
    if (input === null)
      return {
        fed: false,
        reason:
          '未设置培训学时输入（TRAINING_HOURS_INPUT）/ training feeds no input (TRAINING_HOURS_INPUT is off)',
      };
    const def = await tx.findOne(InputDefinition, { where: { code: input } });
    if (!def)
      return {
        fed: false,
        reason: `输入字典中没有 ${input}，学时未入库 / the input dictionary has no ${input}: the hours were not fed`,
      };
    if (def.level === 'department')
      return {
        fed: false,
        reason: `${input} 是科室级输入，学时未入库 / ${input} is a department input: the hours were not fed`,
      };
    const batches = [];
    for (const period of months) batches.push(await this.rebuildMonth(tx, actor, period, input));
    return { fed: true, input, batches };
  }

  /**
   * The month's training batch made again from its done trainings: the batch in force is kept when its rows are
   * the same, else withdrawn and (when there are hours) replaced by a new one.
   */
  private async rebuildMonth(
    tx: EntityManager,
    actor: string,
    period: string,
    input: string,
  ): Promise<{ period: string; batchId: number | null; unchanged: boolean }> {
    let month = await tx.findOne(Period, { where: { period } });
    if (!month) {
      // No month yet: nothing was fed to it; opened by its first hours.
      if (!(await this.monthRows(tx, period, input)).length)
        return { period, batchId: null, unchanged: true };
      [month] = await openMonths(tx, [period]);
    }
    await lockMonthsForChange(tx, [month.id]);
    // Read under the month's lock: two completions of one month at once each see the other's hours.
    const rows = await this.monthRows(tx, period, input);
    const sha256 = sha256OfJson({ training: period, rows });
    const inForce = await tx
      .getRepository(IntakeBatch)
      .createQueryBuilder('b')
      .innerJoin(IntakeBatchPeriod, 'bp', 'bp.batchId = b.id')
      .where('bp.periodId = :periodId', { periodId: month.id })
      .andWhere('b.source = :source', { source: 'training' })
      .andWhere('b.withdrawnAt IS NULL')
      .orderBy('b.id', 'ASC')
      .getMany();
    if (rows.length && inForce.length === 1 && inForce[0].sha256 === sha256)
      return { period, batchId: inForce[0].id, unchanged: true };
    for (const b of inForce) await this.batches.withdrawIn(tx, actor, b.id);
    let batch: BatchView | null = null;
    if (rows.length)
      batch = (
        await this.measurements.recordIn(tx, actor, rows, {
          source: 'training',
          sha256,
          fileName: null,
        })
      ).batch;
    return { period, batchId: batch?.id ?? null, unchanged: false };
  }

  /** Per person (code order), the sum of the hours of their trainings done in the month, as measurement rows. */
  private async monthRows(tx: EntityManager, period: string, input: string): Promise<MeasurementRow[]> {
    const { first, last } = periodBounds(period);
    const done = await tx
      .getRepository(PlanAction)
      .createQueryBuilder('a')
      .innerJoin(ImprovementPlan, 'p', 'p.id = a.planId')
      .select('p.staffId', 'staffId')
      .addSelect('a.doneHours', 'hours')
      .where('a.kind = :kind AND a.status = :status', { kind: 'training', status: 'done' })
      .andWhere('a.doneOn >= :first AND a.doneOn <= :last', { first, last })
      .getRawMany<{ staffId: number; hours: number | string | null }>();
    const sums = new Map<number, number>();
    for (const d of done)
      sums.set(Number(d.staffId), (sums.get(Number(d.staffId)) ?? 0) + Number(d.hours ?? 0));
    const people = await staffPeople(tx, [...sums.keys()]);
    return [...sums]
      .map(([id, hours]) => ({ staff: people.get(id)?.code ?? '', hours }))
      .filter((r) => r.staff !== '' && r.hours > 0)
      .sort((a, b) => (a.staff < b.staff ? -1 : a.staff > b.staff ? 1 : 0))
      .map((r) => ({ input, staff: r.staff, date: last, value: round(r.hours), mode: 'monthly' as const }));
  }

  /**
   * The trainings of the plans of `year`'s months, per person, with totals: HR and auditors see everyone (or one
   * department's), a manager their departments' people (the department of the plan month's result); another
   * department asked by a manager is not found.
   */
  async year(user: Viewer | undefined, year: string, department?: string): Promise<TrainingYear> {
    if (!user) throw new AppraisalNotFoundError('no training of yours');
    if (department && user.role === 'dept_manager' && !user.departments.includes(department))
      throw new AppraisalNotFoundError(`no department ${department} of yours`);
    const rows = await this.trainings(
      year,
      {},
      (staffId, dept) => maySee(user, staffId, dept) && (!department || dept === department),
    );
    return this.grouped(year, department ?? null, rows);
  }

  /** The signed-in person's own trainings of `year`'s plans. */
  async mine(user: Viewer | undefined, year: string): Promise<TrainingYear> {
    if (!user?.staffId) return { year, department: null, items: [], totals: totalsOf([]) };
    const rows = await this.trainings(year, { staffId: user.staffId }, () => true);
    return this.grouped(year, null, rows);
  }

  /** The year's list as CSV (one line per training; Chinese and English headers). */
  async yearCsv(user: Viewer | undefined, year: string, department?: string): Promise<string> {
    const y = await this.year(user, year, department);
    const header = [
      '工号/staff',
      '姓名/name',
      '员工号/employee_no',
      '科室/department',
      '计划月份/plan_month',
      '指标/indicator',
      '课程/course',
      '计划学时/planned_hours',
      '截止日期/due_date',
      '状态/status',
      '实际学时/done_hours',
      '完成日期/done_on',
      '逾期/overdue',
    ];
    const lines = [header.map(csvField).join(',')];
    const n = (x: number | null) => (x === null ? null : String(x));
    for (const p of y.items)
      for (const t of p.trainings)
        lines.push(
          [
            p.staffId,
            p.name,
            p.employeeNo,
            p.department,
            t.period,
            t.indicator,
            t.course,
            n(t.plannedHours),
            t.dueDate,
            t.status,
            n(t.doneHours),
            t.doneOn,
            t.overdue ? 'yes' : 'no',
          ]
            .map(csvField)
            .join(','),
        );
    return `${lines.join('\r\n')}\r\n`;
  }

  /** The trainings of the year's plans that `visible` keeps, with the person and the plan month's department. */
  private async trainings(
    year: string,
    where: { staffId?: number },
    visible: (staffId: number, department: string) => boolean,
  ): Promise<{ staffId: number; department: string; item: TrainingItem }[]> {
    const em = this.ds.manager;
    const plans = await em.getRepository(ImprovementPlan).find({
      where: { ...where, period: Between(`${year}-01`, `${year}-12`) },
      order: { period: 'ASC', id: 'ASC' },
    });
    if (!plans.length) return [];
    const actions: PlanAction[] = [];
    const ids = plans.map((p) => p.id);
    for (let i = 0; i < ids.length; i += 500)
      actions.push(
        ...(await em.getRepository(PlanAction).find({
          where: { planId: In(ids.slice(i, i + 500)), kind: 'training' },
          order: { id: 'ASC' },
        })),
      );
    if (!actions.length) return [];
    const planOf = new Map(plans.map((p) => [p.id, p]));
    const withTraining = plans.filter((p) => actions.some((a) => a.planId === p.id));
    // The department of each plan's month: the person's result in that month's current run.
    const months = await em.getRepository(Period).find({
      where: { period: In([...new Set(withTraining.map((p) => p.period))]) },
    });
    const runOf = new Map(months.map((m) => [m.period, m.currentRunId]));
    // What each plan with a training is about: its items' indicators, in the order the plan shows them.
    const itemsOf = new Map<number, PlanItem[]>();
    const withIds = withTraining.map((p) => p.id);
    for (let i = 0; i < withIds.length; i += 500)
      for (const item of await em.getRepository(PlanItem).find({
        where: { planId: In(withIds.slice(i, i + 500)) },
        order: { id: 'ASC' },
      }))
        itemsOf.set(item.planId, [...(itemsOf.get(item.planId) ?? []), item]);
    const deptOf = new Map<string, string>();
    for (const p of withTraining) {
      const runId = runOf.get(p.period);
      const key = `${p.staffId}:${p.period}`;
      if (!runId || deptOf.has(key)) continue;
      const row = await em
        .getRepository(StaffResultRow)
        .findOne({ select: { department: true }, where: { runId, staffId: p.staffId } });
      if (row) deptOf.set(key, row.department);
    }
    const today = this.today();
    const out: { staffId: number; department: string; item: TrainingItem }[] = [];
    for (const a of actions) {
      const plan = planOf.get(a.planId)!;
      const department = deptOf.get(`${plan.staffId}:${plan.period}`) ?? '';
      if (!visible(plan.staffId, department)) continue;
      const indicators = (itemsOf.get(plan.id) ?? []).sort(itemOrder).map((i) => i.indicator);
      out.push({
        staffId: plan.staffId,
        department,
        item: {
          actionId: a.id,
          planId: plan.id,
          period: plan.period,
          indicators,
          indicator: indicators.join(', '),
          course: a.course ?? a.what,
          plannedHours: a.plannedHours,
          dueDate: a.dueDate,
          status: a.status,
          doneHours: a.doneHours,
          doneOn: a.doneOn,
          overdue: a.status === 'done' ? !!a.doneOn && a.doneOn > a.dueDate : a.dueDate < today,
        },
      });
    }
    return out;
  }

  private async grouped(
    year: string,
    department: string | null,
    rows: { staffId: number; department: string; item: TrainingItem }[],
  ): Promise<TrainingYear> {
    const people = await staffPeople(
      this.ds.manager,
      rows.map((r) => r.staffId),
    );
    const byStaff = new Map<number, { department: string; items: TrainingItem[] }>();
    for (const r of rows) {
      const entry = byStaff.get(r.staffId) ?? { department: r.department, items: [] };
      entry.items.push(r.item);
      // The latest plan month's department (rows come in plan month order).
      entry.department = r.department || entry.department;
      byStaff.set(r.staffId, entry);
    }
    const items: TrainingPerson[] = [...byStaff]
      .map(([id, e]) => {
        const who = people.get(id);
        return {
          staffId: who?.code ?? '',
          name: who?.name ?? '',
          employeeNo: who?.employeeNo ?? '',
          department: e.department,
          trainings: e.items,
          totals: totalsOf(e.items),
        };
      })
      .sort((a, b) => (a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0));
    return { year, department, items, totals: totalsOf(items.flatMap((p) => p.trainings)) };
  }
}

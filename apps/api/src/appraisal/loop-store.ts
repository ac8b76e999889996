// What the loop's routes share: finding a staff member's month as the caller may see it (404 otherwise, so ids
// leak nothing), and the JSON shapes of feedback, plans and appeals. `staffId` in every shape is the staff
// member's code (the scorecard document's staff id, as in the results).
import { NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  Appeal,
  Feedback,
  ImprovementPlan,
  Period,
  PlanAction,
  Staff,
  StaffResultRow,
} from '@app/persistence';
import { toStaffResult } from '@app/domain/runs';
import type { StaffResult } from '@app/scoring';
import type { Principal } from '../access/access';

export interface StaffMonth {
  period: Period;
  staff: Staff;
  row: StaffResultRow;
  result: StaffResult;
}

/**
 * The staff member's month in the period's current run, when the caller may see it: HR and auditors every one,
 * a manager those of their departments (the department of the month's result), staff their own.
 */
export async function staffMonth(
  em: EntityManager | DataSource,
  user: Principal | undefined,
  period: string,
  by: { code: string } | { staffId: number },
): Promise<StaffMonth> {
  const missing = () =>
    new NotFoundException(
      'code' in by ? `no result of staff ${by.code} in ${period}` : `no result of yours for ${period}`,
    );
  const staff = await em
    .getRepository(Staff)
    .findOneBy('code' in by ? { code: by.code } : { id: by.staffId });
  const p = await em.getRepository(Period).findOneBy({ period });
  if (!staff || !p?.currentRunId || !user) throw missing();
  const row = await em
    .getRepository(StaffResultRow)
    .findOneBy({ runId: p.currentRunId, staffCode: staff.code });
  if (!row || !maySee(user, staff.id, row.department)) throw missing();
  return { period: p, staff, row, result: toStaffResult(row) };
}

export function maySee(user: Principal, staffId: number, department: string): boolean {
  if (user.role === 'hr_admin' || user.role === 'auditor') return true;
  if (user.role === 'dept_manager') return user.departments.includes(department);
  return user.staffId === staffId;
}

export function indicatorCodes(result: StaffResult): string[] {
  return 'error' in result ? [] : result.indicators.map((i) => i.code);
}

/** A plan with its staff member's month as the caller may see it, or 404. */
export async function visiblePlan(
  em: EntityManager | DataSource,
  user: Principal | undefined,
  id: number,
): Promise<{ plan: ImprovementPlan; month: StaffMonth }> {
  const plan = await em.getRepository(ImprovementPlan).findOneBy({ id });
  if (!plan) throw new NotFoundException(`no plan ${id}`);
  try {
    return { plan, month: await staffMonth(em, user, plan.period, { staffId: plan.staffId }) };
  } catch (e) {
    if (e instanceof NotFoundException) throw new NotFoundException(`no plan ${id}`);
    throw e;
  }
}

export function feedbackView(f: Feedback, code: string) {
  return {
    id: f.id,
    period: f.period,
    staffId: code,
    indicator: f.indicator,
    text: f.text,
    author: f.author,
    createdAt: f.createdAt,
  };
}

export function actionView(a: PlanAction) {
  return { id: a.id, what: a.what, owner: a.owner, dueDate: a.dueDate, status: a.status };
}

export type PlanView = ReturnType<typeof planView>;

export function planView(p: ImprovementPlan, code: string, actions: PlanAction[]) {
  return {
    id: p.id,
    period: p.period,
    staffId: code,
    indicator: p.indicator,
    reason: p.reason,
    baselineScore: p.baselineScore,
    status: p.status,
    outcome: p.outcome,
    outcomePeriod: p.outcomePeriod,
    outcomeScore: p.outcomeScore,
    actions: actions.map(actionView),
    createdAt: p.createdAt,
  };
}

/** Plans with their actions (in id order). */
export async function plansWithActions(
  em: EntityManager | DataSource,
  plans: ImprovementPlan[],
  code: string,
): Promise<PlanView[]> {
  const actions = plans.length
    ? await em
        .getRepository(PlanAction)
        .find({ where: { planId: In(plans.map((p) => p.id)) }, order: { id: 'ASC' } })
    : [];
  return plans.map((p) =>
    planView(
      p,
      code,
      actions.filter((a) => a.planId === p.id),
    ),
  );
}

export function appealView(a: Appeal, code: string) {
  return {
    id: a.id,
    period: a.period,
    staffId: code,
    department: a.department,
    indicators: a.indicators,
    reason: a.reason,
    status: a.status,
    deadline: a.deadline,
    decisionReason: a.decisionReason,
    decidedBy: a.decidedBy,
    decidedAt: a.decidedAt,
    runId: a.runId,
    adjustmentId: a.adjustmentId,
    createdAt: a.createdAt,
  };
}

/** The username of the caller, as authors are stored. */
export function author(user: Principal | undefined): string {
  return user?.username ?? 'unknown';
}

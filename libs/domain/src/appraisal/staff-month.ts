// Whom the appraisal shows to whom: a staff member's month in the period's current run, as the caller may see
// it (not found otherwise, so ids leak nothing), and the plans hanging off such months.
import { EntityManager } from 'typeorm';
import { ImprovementPlan, Period, Role, Staff, StaffResultRow } from '@app/persistence';
import type { StaffResult } from '@app/scoring';
import { toStaffResult } from '../runs';
import { AppraisalInvalidError, AppraisalNotFoundError } from './appraisal-errors';

/** The signed-in user as the appraisal needs them (the API's principal has this shape). */
export interface Viewer {
  username: string;
  role: Role;
  /** The staff record the user is linked to (a person's own months). */
  staffId: number | null;
  /** A manager's departments. */
  departments: string[];
}

/** Who asks: the audit log's actor, and the signed-in user (none for an API key). */
export interface Caller {
  actor: string;
  user?: Viewer;
}

export interface StaffMonth {
  period: Period;
  staff: Staff;
  row: StaffResultRow;
  result: StaffResult;
}

/**
 * The staff member's month in the period's current run, when the caller may see it: HR and auditors every one,
 * a manager those of their departments (the department of the month's result), staff their own. A code names
 * the person holding it today; their result is the one the run wrote for that person's id (under whatever code
 * they had then).
 */
export async function staffMonth(
  em: EntityManager,
  user: Viewer | undefined,
  period: string,
  by: { code: string } | { staffId: number },
): Promise<StaffMonth> {
  const missing = () =>
    new AppraisalNotFoundError(
      'code' in by ? `no result of staff ${by.code} in ${period}` : `no result of yours for ${period}`,
    );
  const staff = await em
    .getRepository(Staff)
    .findOneBy('code' in by ? { code: by.code } : { id: by.staffId });
  const p = await em.getRepository(Period).findOneBy({ period });
  if (!staff || !p?.currentRunId || !user) throw missing();
  // By the person's id, never the code: a code given to a new hire since must not show them the former holder's
  // month (a result without an id is nobody's).
  const row = await em.getRepository(StaffResultRow).findOneBy({ runId: p.currentRunId, staffId: staff.id });
  if (!row || !maySee(user, staff.id, row.department)) throw missing();
  return { period: p, staff, row, result: toStaffResult(row) };
}

export function maySee(user: Viewer, staffId: number, department: string): boolean {
  if (user.role === 'hr_admin' || user.role === 'auditor') return true;
  if (user.role === 'dept_manager') return user.departments.includes(department);
  return user.staffId === staffId;
}

export function indicatorCodes(result: StaffResult): string[] {
  return 'error' in result ? [] : result.indicators.map((i) => i.code);
}

/** Feedback and plans name an indicator of the person's result of the month, or none. */
export function checkIndicator(month: StaffMonth, indicator: string): void {
  const codes = indicatorCodes(month.result);
  if (!codes.includes(indicator))
    throw new AppraisalInvalidError(
      `indicator ${indicator} is not in the result of ${month.period.period} (${codes.join(', ') || 'no indicators'})`,
    );
}

/** A plan with its staff member's month as the caller may see it, or not found. */
export async function visiblePlan(
  em: EntityManager,
  user: Viewer | undefined,
  id: number,
): Promise<{ plan: ImprovementPlan; month: StaffMonth }> {
  const plan = await em.getRepository(ImprovementPlan).findOneBy({ id });
  if (!plan) throw new AppraisalNotFoundError(`no plan ${id}`);
  try {
    return { plan, month: await staffMonth(em, user, plan.period, { staffId: plan.staffId }) };
  } catch (e) {
    if (e instanceof AppraisalNotFoundError) throw new AppraisalNotFoundError(`no plan ${id}`);
    throw e;
  }
}

/** The username of the caller, as authors are stored. */
export function author(user: Viewer | undefined): string {
  return user?.username ?? 'unknown';
}

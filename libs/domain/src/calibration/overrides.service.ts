// HR's grade overrides (等级调整, docs/CALIBRATION.md): one person's grade of one month set by HR with a reason,
// which the month's runs apply after the grade quotas. An override is data of the month: it is written only while
// the month takes data (not approved or closed, no run queued or running), it raises the month's data version (a
// new run is due before approval), and every write is audited (`grade.override`, `grade.override.remove`).
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { Department, GradeOverride, Period, Staff } from '@app/persistence';
import { auditedWrite } from '../audit';
import { loadPeriodConfig, periodMembers } from '../documents';
import { loadStaff } from '../model';
import { bumpDataVersion, lockMonthsForChange, PeriodNotFoundError } from '../periods';
import {
  GradeNotInSetError,
  OverrideNotFoundError,
  OverrideReasonError,
  StaffNotInMonthError,
} from './calibration-errors';

/** The longest reason, in characters (the column's length). */
export const OVERRIDE_REASON_MAX = 500;

export interface OverrideInput {
  grade: string;
  reason: string;
}

export interface OverrideView {
  staffCode: string;
  name: string;
  /** The person's department today (their result's department is in the calibration view). */
  department: string | null;
  period: string;
  grade: string;
  reason: string;
  author: string;
  /** When it was saved (last changed). */
  createdAt: string;
}

/** A person as the override form needs them: the set the month scores them with, and its grades. */
export interface PersonGrades {
  staffCode: string;
  name: string;
  period: string;
  set: string;
  grades: string[];
  override: OverrideView | null;
}

/** The set and grades of a member of the month; refuses a person the month does not score. */
async function membership(
  em: EntityManager,
  period: string,
  staff: Staff,
): Promise<{ set: string; grades: string[] }> {
  const config = await loadPeriodConfig(em, period, [staff.id]);
  const [member] = periodMembers(config, await loadStaff(em, [staff.id], period));
  if (!member) throw new StaffNotInMonthError(staff.code, period);
  const set = config.indicatorSets.find((s) => s.code === member.setCode);
  return { set: member.setCode, grades: (set?.grades ?? []).map((g) => g.grade) };
}

/** The member of staff holding `code`. @throws OverrideNotFoundError (404) */
export async function findStaff(em: EntityManager, code: string): Promise<Staff> {
  const staff = await em.getRepository(Staff).findOneBy({ code });
  if (!staff) throw new OverrideNotFoundError(`没有工号为 ${code} 的员工 / no member of staff ${code}`);
  return staff;
}

async function findPeriod(em: EntityManager, period: string): Promise<Period> {
  const p = await em.getRepository(Period).findOneBy({ period });
  if (!p) throw new PeriodNotFoundError(period);
  return p;
}

/** The overrides as the API shows them, with each person's code, name and department today. */
export async function overrideViews(em: EntityManager, rows: GradeOverride[]): Promise<OverrideView[]> {
  if (!rows.length) return [];
  const staff = new Map<number, Staff>();
  const ids = [...new Set(rows.map((r) => r.staffId))];
  for (let i = 0; i < ids.length; i += 500)
    for (const s of await em.getRepository(Staff).findBy({ id: In(ids.slice(i, i + 500)) }))
      staff.set(s.id, s);
  const departments = new Map(
    (await em.getRepository(Department).find({ select: { id: true, code: true } })).map((d) => [
      d.id,
      d.code,
    ]),
  );
  return rows
    .map((r) => {
      const s = staff.get(r.staffId);
      return {
        staffCode: s?.code ?? String(r.staffId),
        name: s?.name ?? '',
        department: s ? (departments.get(s.departmentId) ?? null) : null,
        period: r.period,
        grade: r.grade,
        reason: r.reason,
        author: r.author,
        createdAt: r.createdAt,
      };
    })
    .sort((a, b) => (a.staffCode < b.staffCode ? -1 : a.staffCode > b.staffCode ? 1 : 0));
}

@Injectable()
export class GradeOverridesService {
  constructor(private readonly ds: DataSource) {}

  /** The month's overrides, by staff code. @throws PeriodNotFoundError */
  async list(period: string): Promise<OverrideView[]> {
    await findPeriod(this.ds.manager, period);
    return overrideViews(this.ds.manager, await this.ds.getRepository(GradeOverride).findBy({ period }));
  }

  /**
   * A person of the month with their set's grades and their override (the override form's choices).
   * @throws PeriodNotFoundError, OverrideNotFoundError (no such person), StaffNotInMonthError
   */
  async person(period: string, code: string): Promise<PersonGrades> {
    const em = this.ds.manager;
    await findPeriod(em, period);
    const staff = await findStaff(em, code);
    const { set, grades } = await membership(em, period, staff);
    const row = await em.getRepository(GradeOverride).findOneBy({ staffId: staff.id, period });
    const [override] = row ? await overrideViews(em, [row]) : [null];
    return { staffCode: staff.code, name: staff.name, period, set, grades, override };
  }

  /**
   * Sets the person's grade of the month (one override per person and month: a second replaces the first).
   * Audited `grade.override` with the override before and after; raises the month's data version.
   * @throws OverrideReasonError (empty or over 500 characters once trimmed), PeriodNotFoundError,
   *   MonthDataLockedError (approved, closed, a run queued or running: 409), OverrideNotFoundError (no such
   *   person), StaffNotInMonthError, GradeNotInSetError
   */
  async put(actor: string, period: string, code: string, body: OverrideInput): Promise<OverrideView> {
    const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
    if (!reason || [...reason].length > OVERRIDE_REASON_MAX) throw new OverrideReasonError();
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: 'grade.override', entity: 'grade_override' }, async (tx) => {
        const p = await findPeriod(tx, period);
        await lockMonthsForChange(tx, [p.id]);
        const staff = await findStaff(tx, code);
        const { set, grades } = await membership(tx, period, staff);
        if (!grades.includes(body.grade)) throw new GradeNotInSetError(String(body.grade), set, grades);
        const repo = tx.getRepository(GradeOverride);
        const existing = await repo.findOneBy({ staffId: staff.id, period });
        const before = existing ? (await overrideViews(tx, [existing]))[0] : null;
        const row = await repo.save(
          repo.merge(existing ?? repo.create({ staffId: staff.id, period }), {
            grade: body.grade,
            reason,
            author: actor.slice(0, 100),
            createdAt: new Date().toISOString(),
          }),
        );
        await bumpDataVersion(tx, [p.id]);
        const [after] = await overrideViews(tx, [row]);
        return { result: after, entityKey: `${period}/${staff.code}`, before, after };
      }),
    );
  }

  /**
   * Removes the person's override of the month: the next run gives them the grade the quotas give. Audited
   * `grade.override.remove`; raises the month's data version.
   * @throws PeriodNotFoundError, MonthDataLockedError (409), OverrideNotFoundError (no such person or override)
   */
  remove(actor: string, period: string, code: string): Promise<OverrideView> {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: 'grade.override.remove', entity: 'grade_override' }, async (tx) => {
        const p = await findPeriod(tx, period);
        await lockMonthsForChange(tx, [p.id]);
        const staff = await findStaff(tx, code);
        const repo = tx.getRepository(GradeOverride);
        const existing = await repo.findOneBy({ staffId: staff.id, period });
        if (!existing)
          throw new OverrideNotFoundError(
            `${code} 在 ${period} 没有等级调整 / ${code} has no grade override in ${period}`,
          );
        const [before] = await overrideViews(tx, [existing]);
        await repo.delete({ id: existing.id });
        await bumpDataVersion(tx, [p.id]);
        return { result: before, entityKey: `${period}/${staff.code}`, before, after: null };
      }),
    );
  }
}

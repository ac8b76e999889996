// HR's grade overrides of a period above the month (docs/APPRAISAL-PERIODS.md, "Grade overrides of the period"):
// one person's grade of the period set by HR with a reason, which the period's document gives the person as
// `gradeOverride` and the engine applies last, after the caps and the quotas — the month's overrides
// (calibration/overrides.service.ts) for the period. They share the month's table, `grade_overrides`: its
// `period` holds "2026" or "2026-Q3" as well as "2026-07", and each side reads its own periods by exact match.
// Written only while the period's data may change (appraisal-period-lock.ts); audited `appraisal.override` and
// `appraisal.override.remove`.
import { EntityManager, In } from 'typeorm';
import { GradeOverride, Period, Staff, StaffResultRow } from '@app/persistence';
import { periodMonths } from '@app/scoring';
import { auditedWrite } from '../audit';
import {
  findStaff,
  OVERRIDE_REASON_MAX,
  OverrideInput,
  OverrideNotFoundError,
  OverrideReasonError,
  OverrideView,
  overrideViews,
} from '../calibration';
import { InvalidError } from '../model';
import { lockAppraisalPeriodForChange } from './appraisal-period-lock';
import { appraisalPeriod, findAppraisalPlan } from './appraisal-plans';
import { POSTED } from './period-document';

/** An override as the API shows it: the month's view (calibration), for the period. */
export type AppraisalOverrideView = OverrideView;
export type AppraisalOverrideInput = OverrideInput;

/** A grade that is not one of the grades of the person's rule for the period (400); the message names them. */
export class AppraisalGradeNotInRuleError extends InvalidError {
  static override readonly defaultCode = 'APPRAISAL_GRADE_NOT_IN_RULE';

  constructor(
    readonly grade: string,
    readonly set: string,
    readonly grades: readonly string[],
  ) {
    super(
      `等级 ${grade} 不在 ${set} 本期考核规则的等级中（${grades.join(', ')}）/ grade ${grade} is not a grade of ` +
        `the period's rule for set ${set} (${grades.join(', ')})`,
    );
  }
}

/** A person with no month of the period in yet: the period's rule for them is not known (400). */
export class AppraisalStaffNotInPeriodError extends InvalidError {
  static override readonly defaultCode = 'APPRAISAL_STAFF_NOT_IN_PERIOD';

  constructor(code: string, period: string) {
    super(
      `${code} 在 ${period} 尚无已核算的月份 / ${code} has no month of ${period} scored yet (scored, approved or ` +
        'closed with a completed run): the period does not appraise them',
    );
  }
}

/**
 * The indicator set of the person's last month of the period whose results are in — the set their period rule
 * is chosen by, as the period's document chooses it (period-document.ts).
 * @throws AppraisalStaffNotInPeriodError when no month of the period has a result of theirs
 */
async function setOfPeriod(em: EntityManager, period: string, staff: Staff): Promise<string> {
  const runs = new Map<string, string>();
  for (const p of await em.find(Period, { where: { period: In(periodMonths(period)) } }))
    if (p.currentRunId && POSTED.includes(p.status)) runs.set(p.currentRunId, p.period);
  const rows = runs.size
    ? await em
        .getRepository(StaffResultRow)
        .createQueryBuilder('r')
        .select('r.runId', 'runId')
        .addSelect('r.indicatorSet', 'indicatorSet')
        .where('r.runId IN (:...runs)', { runs: [...runs.keys()] })
        // Their rows, and rows from before results named the person that carry their code (as the document joins).
        .andWhere('(r.staffId = :id OR (r.staffId IS NULL AND r.staffCode = :code))', {
          id: staff.id,
          code: staff.code,
        })
        .getRawMany<{ runId: string; indicatorSet: string }>()
    : [];
  if (!rows.length) throw new AppraisalStaffNotInPeriodError(staff.code, period);
  rows.sort((a, b) => runs.get(a.runId)!.localeCompare(runs.get(b.runId)!));
  return rows[rows.length - 1].indicatorSet;
}

/** The period's overrides, by staff code (the month's view: code, name, department today, grade, reason…). */
export async function appraisalOverrideViews(
  em: EntityManager,
  period: string,
): Promise<AppraisalOverrideView[]> {
  const p = appraisalPeriod(period);
  return overrideViews(em, await em.getRepository(GradeOverride).findBy({ period: p }));
}

/**
 * Sets the person's grade of the period (one per person and period: a second replaces the first), in the
 * caller's transaction. The grade must be one of the grades of the person's rule — the set's own `grades` in the
 * plan's `sets`, else the plan's — the set being that of their last month of the period. Audited
 * `appraisal.override` with the override before and after.
 * @throws AppraisalPeriodInvalidError; OverrideReasonError (empty or over 500 characters once trimmed);
 *   AppraisalPeriodLockedError, AppraisalRunInProgressError (409); AppraisalPlanNotFoundError; OverrideNotFoundError
 *   (no such person: 404); AppraisalStaffNotInPeriodError; AppraisalGradeNotInRuleError
 */
export function putAppraisalOverride(
  em: EntityManager,
  actor: string,
  period: string,
  code: string,
  body: AppraisalOverrideInput,
): Promise<AppraisalOverrideView> {
  const p = appraisalPeriod(period);
  const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
  if (!reason || [...reason].length > OVERRIDE_REASON_MAX) throw new OverrideReasonError();
  return auditedWrite(em, actor, { action: 'appraisal.override', entity: 'grade_override' }, async (tx) => {
    await lockAppraisalPeriodForChange(tx, p);
    const plan = await findAppraisalPlan(tx, p);
    const staff = await findStaff(tx, code);
    const set = await setOfPeriod(tx, p, staff);
    const { appraisal } = plan.definition;
    const grades = (appraisal.sets?.[set]?.grades ?? appraisal.grades).map((g) => g.grade);
    if (!grades.includes(body.grade)) throw new AppraisalGradeNotInRuleError(String(body.grade), set, grades);
    const repo = tx.getRepository(GradeOverride);
    const existing = await repo.findOneBy({ staffId: staff.id, period: p });
    const before = existing ? (await overrideViews(tx, [existing]))[0] : null;
    const row = await repo.save(
      repo.merge(existing ?? repo.create({ staffId: staff.id, period: p }), {
        grade: body.grade,
        reason,
        author: actor.slice(0, 100),
        createdAt: new Date().toISOString(),
      }),
    );
    const [after] = await overrideViews(tx, [row]);
    return { result: after, entityKey: `${p}/${staff.code}`, before, after };
  });
}

/**
 * Removes the person's override of the period, in the caller's transaction: the next run gives them the grade
 * the caps and quotas give. Audited `appraisal.override.remove`.
 * @throws AppraisalPeriodInvalidError; AppraisalPeriodLockedError, AppraisalRunInProgressError (409);
 *   OverrideNotFoundError (no such person or override: 404)
 */
export function removeAppraisalOverride(
  em: EntityManager,
  actor: string,
  period: string,
  code: string,
): Promise<AppraisalOverrideView> {
  const p = appraisalPeriod(period);
  return auditedWrite(
    em,
    actor,
    { action: 'appraisal.override.remove', entity: 'grade_override' },
    async (tx) => {
      await lockAppraisalPeriodForChange(tx, p);
      const staff = await findStaff(tx, code);
      const repo = tx.getRepository(GradeOverride);
      const existing = await repo.findOneBy({ staffId: staff.id, period: p });
      if (!existing)
        throw new OverrideNotFoundError(
          `${code} 在 ${p} 没有等级调整 / ${code} has no grade override in ${p}`,
        );
      const [before] = await overrideViews(tx, [existing]);
      await repo.delete({ id: existing.id });
      return { result: before, entityKey: `${p}/${staff.code}`, before, after: null };
    },
  );
}

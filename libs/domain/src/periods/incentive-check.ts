// Checks a month's incentive plan (the document's `incentive` section) exactly as the format does, inside a
// synthetic document built from what is stored (model/section-check.ts), with the problems under `incentive`
// reported with their paths.
import { EntityManager, In } from 'typeorm';
import { Department } from '@app/persistence';
import type { IncentiveDef } from '@app/scoring';
import { assertSection, documentWith, loadStaff, storedDictionary } from '../model';

/**
 * Throws DocumentInvalidError with every problem of `incentive` for `period` (unknown keys included). Pools may
 * only name departments that have staff active in the period (a pool nobody can be paid from is an error of the
 * format), so the synthetic document carries one member of staff per such department.
 */
export async function checkIncentivePlan(
  em: EntityManager,
  incentive: IncentiveDef,
  period: string,
): Promise<void> {
  // "-31" sorts after every day of the month, whatever its length: the month's range for ISO date strings.
  const first = `${period}-01`;
  const last = `${period}-31`;
  // Each person in the department they are placed in that month (a transfer changes it from a month on).
  const deptIds = new Set(
    (await loadStaff(em, undefined, period))
      .filter((s) => s.activeFrom <= last && (s.activeTo === null || s.activeTo >= first))
      .map((s) => s.departmentId),
  );
  const active = deptIds.size ? await em.find(Department, { where: { id: In([...deptIds]) } }) : [];
  const staff = active.map(({ code }) => ({ id: code, department: code, indicatorSet: '-' }));
  const doc = documentWith(period, { inputs: await storedDictionary(em), staff, incentive });
  assertSection(doc, 'incentive', 'incentive');
}

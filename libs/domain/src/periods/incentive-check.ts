// Checks a month's incentive plan (the document's `incentive` section) exactly as the format does: the scoring
// library's validateDocument runs on a synthetic document built from what is stored, and the problems under
// `incentive` are reported with their paths. Here rather than beside the configuration's content checks
// (configuration/content-check.ts builds the same kind of document for sets and workload) because periods sit
// below configuration in the concepts' layers, and the plan is the periods' own.
import { EntityManager, In } from 'typeorm';
import { Department, InputDefinition } from '@app/persistence';
import { at, DocumentInvalidError, IncentiveDef, Problem, validateDocument } from '@app/scoring';
import { loadStaff } from '../model';

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
  const inputs = (await em.find(InputDefinition, { order: { code: 'ASC' } })).map(
    ({ code, name, unit, level }) => ({ code, name, unit, level }),
  );
  const report = validateDocument({ formatVersion: 1, period, inputs, indicatorSets: [], staff, incentive });
  // Unknown keys are only warnings for a whole document; here nothing unchecked is stored.
  const found: Problem[] = [
    ...report.problems,
    ...report.warnings.map((w) => ({ path: w.path, message: 'unknown key: not accepted' })),
  ];
  const problems = found
    .filter(
      (p) => p.path === 'incentive' || p.path.startsWith('incentive.') || p.path.startsWith('incentive['),
    )
    .map((p) => ({ ...p, path: at('incentive', p.path.slice('incentive'.length).replace(/^\./, '')) }));
  if (problems.length) throw new DocumentInvalidError(problems);
}

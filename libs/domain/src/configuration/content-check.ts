// HR posts pieces of a scorecard document: a set version, a workload catalogue version, a period's incentive.
// Each piece is checked by the scoring library's own validateDocument inside a synthetic document built from
// what is stored, so the API accepts exactly what the format accepts (weights, formulas over declared inputs,
// scoring parameters, money as decimal strings...). Problem paths are rewritten to point into the posted body.
// Unknown keys, only warnings for a whole document, are refused here: nothing unchecked is stored.
import { EntityManager, In } from 'typeorm';
import { Department, InputDefinition } from '@app/persistence';
import { loadStaff } from '@app/domain/model';
import {
  at,
  DocumentInvalidError,
  IncentiveDef,
  IndicatorSetDef,
  InputDef,
  Problem,
  validateDocument,
  WorkloadDef,
} from '@app/scoring';
import { monthRange } from './lookup';

/** The stored input dictionary, as the document's `inputs`. */
async function dictionary(em: EntityManager): Promise<InputDef[]> {
  const rows = await em.find(InputDefinition, { order: { code: 'ASC' } });
  return rows.map(({ code, name, unit, level }) => ({ code, name, unit, level }));
}

function documentFor(period: string, parts: Record<string, unknown>): Record<string, unknown> {
  return { formatVersion: 1, period, inputs: [], indicatorSets: [], staff: [], ...parts };
}

/**
 * Throws DocumentInvalidError with the problems (and unknown keys) found under `section` of the synthetic
 * document, their paths moved under `bodyPrefix`. Problems elsewhere belong to the scaffolding, not the body.
 */
function assertSection(doc: Record<string, unknown>, section: string, bodyPrefix: string): void {
  const report = validateDocument(doc);
  const found: Problem[] = [
    ...report.problems,
    ...report.warnings.map((w) => ({ path: w.path, message: 'unknown key: not accepted' })),
  ];
  const problems = found
    .filter((p) => p.path === section || p.path.startsWith(`${section}.`) || p.path.startsWith(`${section}[`))
    .map((p) => ({ ...p, path: at(bodyPrefix, p.path.slice(section.length).replace(/^\./, '')) }));
  if (problems.length) throw new DocumentInvalidError(problems);
}

export async function checkSetContent(
  em: EntityManager,
  set: Omit<IndicatorSetDef, 'code' | 'name'> & { code: string; name: string },
  period: string,
  bodyPrefix: string,
): Promise<void> {
  const doc = documentFor(period, { inputs: await dictionary(em), indicatorSets: [set] });
  assertSection(doc, 'indicatorSets[0]', bodyPrefix);
}

export function checkWorkload(workload: WorkloadDef, period: string): void {
  assertSection(documentFor(period, { workload }), 'workload', '');
}

/**
 * Pools may only name departments that have staff active in the period (a pool nobody can be paid from is an
 * error of the format), so the synthetic document carries one member of staff per such department.
 */
export async function checkIncentive(
  em: EntityManager,
  incentive: IncentiveDef,
  period: string,
): Promise<void> {
  const { first, last } = monthRange(period);
  // Each person in the department they are placed in that month (a transfer changes it from a month on).
  const deptIds = new Set(
    (await loadStaff(em, undefined, period))
      .filter((s) => s.activeFrom <= last && (s.activeTo === null || s.activeTo >= first))
      .map((s) => s.departmentId),
  );
  const active = deptIds.size ? await em.find(Department, { where: { id: In([...deptIds]) } }) : [];
  const staff = active.map(({ code }) => ({ id: code, department: code, indicatorSet: '-' }));
  const doc = documentFor(period, { inputs: await dictionary(em), staff, incentive });
  assertSection(doc, 'incentive', 'incentive');
}

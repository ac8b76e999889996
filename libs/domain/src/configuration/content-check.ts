// HR posts pieces of a scorecard document: a set version, a workload catalogue version (a period's incentive is
// checked the same way by periods/incentive-check.ts, a lower concept).
// Each piece is checked by the scoring library's own validateDocument inside a synthetic document built from
// what is stored, so the API accepts exactly what the format accepts (weights, formulas over declared inputs,
// scoring parameters, money as decimal strings...). Problem paths are rewritten to point into the posted body.
// Unknown keys, only warnings for a whole document, are refused here: nothing unchecked is stored.
import { EntityManager } from 'typeorm';
import { InputDefinition } from '@app/persistence';
import {
  at,
  DocumentInvalidError,
  IndicatorSetDef,
  InputDef,
  Problem,
  validateDocument,
  WorkloadDef,
} from '@app/scoring';

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

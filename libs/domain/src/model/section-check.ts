// HR posts pieces of a scorecard document (a set version, a workload catalogue version, a month's incentive plan).
// Each piece is checked by the scoring library's own validateDocument inside a synthetic document built from what
// is stored, so the API accepts exactly what the format accepts (weights, formulas over declared inputs, scoring
// parameters, money as decimal strings...). Problem paths are rewritten to point into the posted body. Unknown
// keys, only warnings for a whole document, are refused here: nothing unchecked is stored. Shared by the
// configuration and periods concepts, hence here, below both.
import { EntityManager } from 'typeorm';
import { InputDefinition } from '@app/persistence';
import { at, DocumentInvalidError, InputDef, problem, Problem, validateDocument } from '@app/scoring';

/** The stored input dictionary, as the document's `inputs`. */
export async function storedDictionary(em: EntityManager): Promise<InputDef[]> {
  const rows = await em.find(InputDefinition, { order: { code: 'ASC' } });
  return rows.map(({ code, name, unit, level }) => ({ code, name, unit, level }));
}

/** A scorecard document for `period` with nothing but `parts`. */
export function documentWith(period: string, parts: Record<string, unknown>): Record<string, unknown> {
  return { formatVersion: 1, period, inputs: [], indicatorSets: [], staff: [], ...parts };
}

/**
 * Throws DocumentInvalidError with the problems (and unknown keys) found under `section` of `doc`, their paths
 * moved under `bodyPrefix`. Problems elsewhere belong to the scaffolding, not the body.
 */
export function assertSection(doc: Record<string, unknown>, section: string, bodyPrefix: string): void {
  const report = validateDocument(doc);
  const found: Problem[] = [
    ...report.problems,
    ...report.warnings.map((w) => problem(w.path, 'UNKNOWN_KEY_REFUSED')),
  ];
  const problems = found
    .filter((p) => p.path === section || p.path.startsWith(`${section}.`) || p.path.startsWith(`${section}[`))
    .map((p) => ({ ...p, path: at(bodyPrefix, p.path.slice(section.length).replace(/^\./, '')) }));
  if (problems.length) throw new DocumentInvalidError(problems);
}

// The checks of HR's configuration pieces: a set version and a workload catalogue version, each validated by the
// format's own rules inside a synthetic document (model/section-check.ts; a month's incentive plan is checked the
// same way by periods/incentive-check.ts).
import { EntityManager } from 'typeorm';
import { namedInput, type IndicatorSetDef, type WorkloadDef } from '@app/scoring';
import { assertSection, documentWith, storedDictionary } from '../model';

export async function checkSetContent(
  em: EntityManager,
  set: Omit<IndicatorSetDef, 'code' | 'name'> & { code: string; name: string },
  period: string,
  bodyPrefix: string,
): Promise<void> {
  // A dimension or an indicator sent back as the API shows it (`name` beside `names`) is checked as it is stored.
  const named = (list: unknown) => (Array.isArray(list) ? list.map((x: object) => namedInput(x)) : list);
  const checked = {
    ...set,
    dimensions: named(set.dimensions),
    indicators: named(set.indicators),
  } as typeof set;
  const doc = documentWith(period, { inputs: await storedDictionary(em), indicatorSets: [checked] });
  assertSection(doc, 'indicatorSets[0]', bodyPrefix);
}

export function checkWorkload(workload: WorkloadDef, period: string): void {
  assertSection(documentWith(period, { workload }), 'workload', '');
}

// The checks of HR's configuration pieces: a set version and a workload catalogue version, each validated by the
// format's own rules inside a synthetic document (model/section-check.ts; a month's incentive plan is checked the
// same way by periods/incentive-check.ts).
import { EntityManager } from 'typeorm';
import type { IndicatorSetDef, WorkloadDef } from '@app/scoring';
import { assertSection, documentWith, storedDictionary } from '../model';

export async function checkSetContent(
  em: EntityManager,
  set: Omit<IndicatorSetDef, 'code' | 'name'> & { code: string; name: string },
  period: string,
  bodyPrefix: string,
): Promise<void> {
  const doc = documentWith(period, { inputs: await storedDictionary(em), indicatorSets: [set] });
  assertSection(doc, 'indicatorSets[0]', bodyPrefix);
}

export function checkWorkload(workload: WorkloadDef, period: string): void {
  assertSection(documentWith(period, { workload }), 'workload', '');
}

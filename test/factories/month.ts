// A large month for service tests: the shipped library's sample month, its staff cloned to `n` people with
// deterministically varied inputs (same sets, departments, workload and incentive pools).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocumentText, ScorecardDocument, StaffDef } from '@app/scoring';
import { REPO_ROOT } from '../support/scenarios';

export function libraryMonth(): ScorecardDocument {
  const text = readFileSync(join(REPO_ROOT, 'config/indicator-library/hospital-logistics.yaml'), 'utf8');
  return parseDocumentText(text) as ScorecardDocument;
}

/**
 * The library month as `period`; without its training hours (`training_hours`, the input training assignments
 * feed by default) when `withTrainingHours` is false, so that only a training's completion gives them.
 */
export function trainingMonth(period: string, withTrainingHours = true): ScorecardDocument {
  const doc = libraryMonth();
  doc.period = period;
  if (!withTrainingHours) for (const s of doc.staff) delete s.inputs?.training_hours;
  return doc;
}

export function largeMonth(n: number): ScorecardDocument {
  const doc = libraryMonth();
  const samples = doc.staff;
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const staff: StaffDef[] = Array.from({ length: n }, (_, i) => {
    const s = samples[i % samples.length];
    const inputs: Record<string, number | null> = {};
    // Counts stay whole and pairs stay consistent by scaling every input of a person by the same factor.
    const f = 0.8 + 0.4 * rand();
    for (const [k, v] of Object.entries(s.inputs ?? {})) inputs[k] = v === null ? null : Math.round(v * f);
    const id = `${s.id}-${String(i).padStart(6, '0')}`;
    return { ...s, id, inputs, employeeNo: id } as StaffDef;
  });
  return { ...doc, staff };
}

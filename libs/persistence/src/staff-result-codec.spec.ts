// The stored form of a staff result gives back exactly the engine's result, errors and explanations included.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocumentText, ScorecardDocument, scoreDocument, StaffResult } from '@app/scoring';
import { packStaffResult, unpackStaffResult } from './staff-result-codec';

const LIBRARY = join(__dirname, '../../../config/indicator-library/hospital-logistics.yaml');

const roundTrip = (r: StaffResult): StaffResult => {
  const stored = JSON.parse(JSON.stringify(packStaffResult(r))) as ReturnType<typeof packStaffResult>;
  return 'error' in r
    ? unpackStaffResult(stored, null, null)
    : unpackStaffResult(stored, r.incentive, r.explanation.incentive);
};

describe('staff result codec', () => {
  const doc = parseDocumentText(readFileSync(LIBRARY, 'utf8')) as ScorecardDocument;
  // Without the incident register (policy "fail") the first member of staff gets an error instead of a result.
  delete doc.staff[0].inputs!.safety_incidents;
  const result = scoreDocument(doc);

  it('round-trips every staff result of the shipped library month, errors included', () => {
    expect(result.staff.some((r) => 'error' in r)).toBe(true);
    expect(result.staff.some((r) => !('error' in r) && r.vetoed)).toBe(true);
    for (const r of result.staff) expect(roundTrip(r)).toEqual(r);
  });

  it('stores a third less than the result object as JSON', () => {
    const packed = result.staff.reduce((n, r) => n + JSON.stringify(packStaffResult(r)).length, 0);
    const plain = result.staff.reduce((n, r) => n + JSON.stringify(r).length, 0);
    expect(packed).toBeLessThan(plain * 0.8);
  });
});

// Closed months for the pay services' tests: a small document imported (staff A and B in department DEP,
// inputs x, y, z), a posted run that paid them the amounts given, and the month closed.
import type { DataSource } from 'typeorm';
import { Period, ScoringRun } from '@app/persistence';
import { importDocument } from '@app/domain/documents';
import { document, staffMember } from './document';
import { PaidStaff, run } from './periods';

export const PAID: PaidStaff[] = [
  { staffCode: 'A', incentive: '100.00', employeeNo: 'E-A' },
  { staffCode: 'B', incentive: '50.00', employeeNo: 'E-B' },
];

/** The month `name` imported, scored by a posted run that paid `paid`, and closed. */
export async function closedMonth(
  ds: DataSource,
  name = '2026-10',
  paid: PaidStaff[] = PAID,
): Promise<{ period: Period; posted: ScoringRun }> {
  const staff = paid.map((s) => staffMember(s.staffCode, { x: 50 }));
  await importDocument(ds, document({ period: name, staff }), 'test');
  const period = await ds.getRepository(Period).findOneByOrFail({ period: name });
  const posted = await run(ds, period, { paid });
  await ds.getRepository(Period).update({ id: period.id }, { status: 'closed' });
  period.status = 'closed';
  return { period, posted };
}

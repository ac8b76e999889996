// Staff who left. A scorecard document lists the month's staff but has no way to say someone left, and the
// importer keeps every imported member of staff active from their first month on; without an end date a
// leaver would be scored in every later month on department figures alone. The demo knows its roster, so it
// ends each leaver's activity with the last month they appear in.
import { In, type DataSource } from 'typeorm';
import type { DemoDocument } from '../index';
import { Staff } from '@app/persistence';

/** "YYYY-MM" → its last day, "YYYY-MM-DD". */
export function lastDayOf(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return `${period}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/**
 * Sets `activeTo` for every member of staff missing from the last document: the last day of the last month
 * they appear in. Documents in month order.
 * @returns how many staff were marked as left
 */
export async function endLeavers(ds: DataSource, docs: readonly DemoDocument[]): Promise<number> {
  const lastSeen = new Map<string, string>();
  for (const doc of docs) for (const s of doc.staff) lastSeen.set(s.id, doc.period);
  const final = docs.at(-1)?.period;
  const byMonth = new Map<string, string[]>();
  for (const [code, period] of lastSeen)
    if (period !== final) byMonth.set(period, [...(byMonth.get(period) ?? []), code]);
  let left = 0;
  for (const [period, codes] of byMonth) {
    const { affected } = await ds
      .getRepository(Staff)
      .update({ code: In(codes) }, { activeTo: lastDayOf(period) });
    left += affected ?? codes.length;
  }
  return left;
}

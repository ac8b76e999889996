// What every /me route starts from: the staff record the signed-in user is linked to, and the months with a
// result of theirs in the month's current run.
import { NotFoundException } from '@nestjs/common';
import { DataSource, IsNull, Not } from 'typeorm';
import { Period, Staff, StaffResultRow } from '@app/persistence';
import type { AuthedRequest } from '../access/access';

/** The signed-in user's staff record (404 when the user is not linked to one). */
export async function myStaff(ds: DataSource, req: AuthedRequest): Promise<Staff> {
  const staffId = req.user?.staffId;
  const staff = staffId ? await ds.getRepository(Staff).findOneBy({ id: staffId }) : null;
  if (!staff) throw new NotFoundException('your user is not linked to a staff record');
  return staff;
}

/** The months scored so far with a result of this member of staff in the current run, oldest first. */
export async function myMonths(
  ds: DataSource,
  staffCode: string,
): Promise<{ period: Period; row: StaffResultRow }[]> {
  const periods = await ds
    .getRepository(Period)
    .find({ where: { currentRunId: Not(IsNull()) }, order: { period: 'ASC' } });
  const rows = periods.length
    ? await ds.getRepository(StaffResultRow).find({
        where: periods.map((p) => ({ runId: p.currentRunId!, staffCode })),
      })
    : [];
  const byRun = new Map(rows.map((r) => [r.runId, r]));
  return periods.flatMap((period) => {
    const row = byRun.get(period.currentRunId!);
    return row ? [{ period, row }] : [];
  });
}

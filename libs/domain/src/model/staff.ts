// A member of staff as runs, imports and the closed-month rules read them: plain rows (hydrating 100,000
// entities costs more than the query), each placed as in a given month when one is asked for.
import { EntityManager } from 'typeorm';
import { Staff } from '@app/persistence';
import { loadEarlier, StaffTimeline } from './staff-timeline';

/** What scoring needs of a member of staff. */
export type StaffFields = Pick<
  Staff,
  | 'id'
  | 'code'
  | 'employeeNo'
  | 'departmentId'
  | 'siteId'
  | 'postTypeId'
  | 'employmentType'
  | 'activeFrom'
  | 'activeTo'
>;

/**
 * Staff rows (all, or those of `ids` in that order) as plain rows: a run plans over every member of staff, and
 * hydrating 100,000 entities costs more than the query. With `period`, each as placed in that month
 * (staff-timeline.ts); without, as placed now (their row).
 */
export async function loadStaff(
  em: EntityManager,
  ids?: readonly number[],
  period?: string,
): Promise<StaffFields[]> {
  const rows = await loadStaffRows(em, ids);
  if (period === undefined) return rows;
  const earlier = await loadEarlier(em, ids);
  if (!earlier.size) return rows;
  return rows.map((s) => {
    const e = earlier.get(s.id);
    return e ? new StaffTimeline(s, e).at(period) : s;
  });
}

async function loadStaffRows(em: EntityManager, ids?: readonly number[]): Promise<StaffFields[]> {
  const q = em
    .getRepository(Staff)
    .createQueryBuilder('s')
    .select([
      's.id AS id',
      's.code AS code',
      's.employee_no AS "employeeNo"',
      's.department_id AS "departmentId"',
    ])
    .addSelect([
      's.site_id AS "siteId"',
      's.post_type_id AS "postTypeId"',
      's.employment_type AS "employmentType"',
    ])
    .addSelect(['s.active_from AS "activeFrom"', 's.active_to AS "activeTo"']);
  if (!ids) return q.orderBy('s.id', 'ASC').getRawMany<StaffFields>();
  if (ids.length === 0) return [];
  const rows = await q.where('s.id IN (:...ids)', { ids }).getRawMany<StaffFields>();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((s): s is StaffFields => s !== undefined);
}

// Where a member of staff is placed — department, site, post type, employment type — month by month.
//
// The staff row holds the latest placement; staff_placements rows hold the earlier ones, each in force up to
// (not including) its `until` month. Scoring a month reads the placement in force in that month, so a transfer
// changes the months from its first month on and leaves the earlier ones — closed months above all — as they
// were scored. Someone who never moved has no rows, and a month before any `until` of theirs reads the row.
import { EntityManager, In } from 'typeorm';
import { StaffPlacement } from '@app/persistence';
import type { StaffFields } from './staff';

export const PLACEMENT_KEYS = ['departmentId', 'siteId', 'postTypeId', 'employmentType'] as const;
export type Placement = Pick<StaffFields, (typeof PLACEMENT_KEYS)[number]>;
/** A placement in force in the months before `until` ("YYYY-MM") and after the previous one's. */
export type EarlierPlacement = Placement & { until: string };

/** A run of months with one placement: from `from` (null: from the start) to the next segment's `from`. */
export interface Segment {
  from: string | null;
  placement: Placement;
}

const IN_CHUNK = 5000;

export function placementOf(s: Placement): Placement {
  const { departmentId, siteId, postTypeId, employmentType } = s;
  return { departmentId, siteId, postTypeId, employmentType };
}

export function samePlacement(a: Placement, b: Placement): boolean {
  return PLACEMENT_KEYS.every((k) => a[k] === b[k]);
}

export class StaffTimeline {
  /** @param earlier ordered by `until`, ascending. */
  constructor(
    readonly staff: StaffFields,
    readonly earlier: readonly EarlierPlacement[] = [],
  ) {}

  /** The member of staff as placed in `period` ("YYYY-MM"). */
  at(period: string): StaffFields {
    const e = this.earlier.find((x) => period < x.until);
    return e ? { ...this.staff, ...placementOf(e) } : this.staff;
  }

  segments(): Segment[] {
    const e = this.earlier;
    return [
      ...e.map((p, i) => ({ from: i === 0 ? null : e[i - 1].until, placement: placementOf(p) })),
      { from: e.length ? e[e.length - 1].until : null, placement: placementOf(this.staff) },
    ];
  }

  /**
   * The timeline with `changes` in force from month `from` (null: from the start): up to the next month the
   * placement changed at (`until: 'next'`: what a month's document says), or in every later month
   * (`'end'`: an HR edit "from this month on"). `staff` gives the other fields (dates, code) when they change
   * too. Equal neighbours merge, and placements of months before the person's first active month are dropped.
   */
  place(
    changes: Partial<Placement>,
    from: string | null,
    until: 'next' | 'end',
    staff: StaffFields = this.staff,
  ): StaffTimeline {
    const segs = this.segments();
    let start = 0;
    if (from !== null) {
      // The segment the month falls in; split it there unless it starts there.
      while (start + 1 < segs.length && segs[start + 1].from! <= from) start++;
      if (segs[start].from !== from) {
        segs.splice(start + 1, 0, { from, placement: segs[start].placement });
        start += 1;
      }
    }
    const end = until === 'next' ? start + 1 : segs.length;
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    for (let i = start; i < end; i++) segs[i] = { ...segs[i], placement: { ...segs[i].placement, ...set } };
    const firstMonth = staff.activeFrom.slice(0, 7);
    const kept: Segment[] = [];
    for (const s of segs) {
      const last = kept.at(-1);
      if (last && samePlacement(last.placement, s.placement)) continue;
      // Everything before this segment lies before the first active month: it says nothing.
      if (last && s.from !== null && s.from <= firstMonth) kept.pop();
      kept.push(kept.length ? s : { ...s, from: null });
    }
    return new StaffTimeline(
      { ...staff, ...kept[kept.length - 1].placement },
      kept.slice(0, -1).map((s, i) => ({ ...s.placement, until: kept[i + 1].from! })),
    );
  }
}

/** The earlier placements of `staffIds` (everyone's when omitted), by staff id, each list by `until`. */
export async function loadEarlier(
  em: EntityManager,
  staffIds?: readonly number[],
): Promise<Map<number, EarlierPlacement[]>> {
  const rows: StaffPlacement[] = [];
  const order = { staffId: 'ASC', until: 'ASC' } as const;
  if (!staffIds) rows.push(...(await em.find(StaffPlacement, { order })));
  else
    for (let i = 0; i < staffIds.length; i += IN_CHUNK)
      rows.push(
        ...(await em.find(StaffPlacement, {
          where: { staffId: In(staffIds.slice(i, i + IN_CHUNK)) },
          order,
        })),
      );
  const byStaff = new Map<number, EarlierPlacement[]>();
  for (const r of rows) {
    const list = byStaff.get(r.staffId) ?? [];
    list.push({ ...placementOf(r), until: r.until });
    byStaff.set(r.staffId, list);
  }
  return byStaff;
}

/** Each member of staff's timeline, in the order given. */
export async function loadTimelines(
  em: EntityManager,
  staff: readonly StaffFields[],
): Promise<StaffTimeline[]> {
  const earlier = await loadEarlier(
    em,
    staff.map((s) => s.id),
  );
  return staff.map((s) => new StaffTimeline(s, earlier.get(s.id)));
}

/** Replaces the stored earlier placements of the timelines' staff with theirs (the staff rows are the caller's). */
export async function saveEarlier(em: EntityManager, timelines: readonly StaffTimeline[]): Promise<void> {
  const ids = timelines.map((t) => t.staff.id);
  for (let i = 0; i < ids.length; i += IN_CHUNK)
    await em.delete(StaffPlacement, { staffId: In(ids.slice(i, i + IN_CHUNK)) });
  const rows = timelines.flatMap((t) => t.earlier.map((e) => ({ ...e, staffId: t.staff.id })));
  for (let i = 0; i < rows.length; i += IN_CHUNK)
    await em.insert(StaffPlacement, rows.slice(i, i + IN_CHUNK));
}

/** The month after `period` ("YYYY-MM"). */
export function nextPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

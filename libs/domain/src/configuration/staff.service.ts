// Staff by code, with their placements over time: a change of department, site, post type or employment type is
// a transfer from a month on (model/staff-timeline.ts), so the earlier months keep their placement. Views show
// department, site and post type codes, never numeric ids. A change that would alter a closed month is refused
// (periods/closed-months.ts), and so is a transfer taking effect in an approved month; every change is audited
// (`staff.create`, `staff.update`, `staff.delete`).
import { Injectable } from '@nestjs/common';
import {
  And,
  DataSource,
  EntityManager,
  FindOperator,
  FindOptionsWhere,
  In,
  IsNull,
  LessThanOrEqual,
  MoreThan,
  MoreThanOrEqual,
  Not,
  Raw,
} from 'typeorm';
import {
  Department,
  EmploymentType,
  Observation,
  PostType,
  Site,
  Staff,
  StaffPlacement,
} from '@app/persistence';
import { auditedWrite } from '../audit';
import {
  loadTimelines,
  nextPeriod,
  placementOf,
  saveEarlier,
  Placement,
  StaffFields,
  StaffTimeline,
} from '../model';
import { APPROVED_ADVICE, assertStaffChangeAllowed, signedOffPeriods, staffFields } from '../periods';
import { ConfigurationConflictError, ConfigurationInvalidError } from './configuration-errors';
import { findOrFail, given, monthRange, refId } from './lookup';

/** A member of staff as posted: department, site and post type by code (site and post type may be null). */
export interface StaffInput {
  code: string;
  name: string;
  employeeNo: string;
  department: string;
  site?: string | null;
  postType?: string | null;
  employmentType?: EmploymentType;
  activeFrom: string;
  activeTo?: string | null;
}

/** A change: any field; `effectiveFrom` is the first month a change of placement applies to (a transfer). */
export type StaffChange = Partial<StaffInput> & { effectiveFrom?: string };

export interface StaffQuery {
  department?: string;
  postType?: string;
  /** Only staff active in this month, each as placed in it. */
  active?: string;
  limit?: number;
  /** Staff codes after it. */
  cursor?: string;
  /** A search: staff whose code or employee number starts with it, or whose name contains it (any case). */
  q?: string;
}

/** `text` as a LIKE pattern's literal part: its wildcards and the escape character escaped (ESCAPE with a backslash). */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => '\\' + c);

/**
 * The search `q` as alternatives (a TypeORM where list ORs them), each added to `where`: code or employee number
 * starting with it, or name containing it. LOWER on both sides: the same in PostgreSQL and SQLite.
 */
function searchWhere(where: FindOptionsWhere<Staff>, q: string | undefined): FindOptionsWhere<Staff>[] {
  const text = q?.trim().toLowerCase();
  if (!text) return [where];
  const like = (param: string, pattern: string) =>
    Raw<string>((column) => `LOWER(${column}) LIKE :${param} ESCAPE '\\'`, { [param]: pattern });
  const prefix = likeLiteral(text) + '%';
  const code = like('staffSearchCode', prefix);
  return [
    { ...where, code: where.code ? And(where.code as FindOperator<string>, code) : code },
    { ...where, employeeNo: like('staffSearchNo', prefix) },
    { ...where, name: like('staffSearchName', '%' + likeLiteral(text) + '%') },
  ];
}

const RELATIONS = { department: true, site: true, postType: true };
const LIST_BATCH = 500;
const PLACEMENT_FIELDS = ['department', 'site', 'postType', 'employmentType'] as const;
const DEFAULT_PAGE = 100;
const ENTITY = 'staff';

function view(s: Staff) {
  return {
    code: s.code,
    employeeNo: s.employeeNo,
    name: s.name,
    department: s.department?.code ?? null,
    site: s.site?.code ?? null,
    postType: s.postType?.code ?? null,
    employmentType: s.employmentType,
    activeFrom: s.activeFrom,
    activeTo: s.activeTo,
  };
}

/** Placements by code: department, site and post type codes instead of ids. */
async function placementCodes(em: EntityManager, list: Placement[]) {
  const codes = async (target: typeof Department | typeof Site | typeof PostType, ids: (number | null)[]) => {
    const known = [...new Set(ids.filter((i): i is number => i !== null))];
    const rows = known.length ? await em.find(target, { where: { id: In(known) } }) : [];
    return new Map(rows.map((r) => [r.id, r.code]));
  };
  // One after the other: in a transaction the three share one connection, which runs one query at a time.
  const depts = await codes(
    Department,
    list.map((p) => p.departmentId),
  );
  const sites = await codes(
    Site,
    list.map((p) => p.siteId),
  );
  const posts = await codes(
    PostType,
    list.map((p) => p.postTypeId),
  );
  return list.map((p) => ({
    department: depts.get(p.departmentId)!,
    site: p.siteId === null ? null : sites.get(p.siteId)!,
    postType: p.postTypeId === null ? null : posts.get(p.postTypeId)!,
    employmentType: p.employmentType,
  }));
}

/** The placements of a timeline, oldest first, by code: `from` null = from the start. */
async function placements(em: EntityManager, t: StaffTimeline) {
  const segs = t.segments();
  const named = await placementCodes(
    em,
    segs.map((s) => s.placement),
  );
  return segs.map(({ from }, i) => ({ from, ...named[i] }));
}

async function viewWithPlacements(em: EntityManager, row: Staff) {
  const [t] = await loadTimelines(em, [staffFields(row)]);
  return { ...view(row), placements: await placements(em, t) };
}

function find(em: EntityManager, code: string): Promise<Staff> {
  return findOrFail(em, Staff, { code }, `staff "${code}"`, RELATIONS);
}

/** Copies the given fields onto `row`, resolving codes and checking what the database would refuse less clearly. */
async function apply(em: EntityManager, row: Staff, body: Partial<StaffInput>): Promise<void> {
  const { department, site, postType, ...plain } = body;
  Object.assign(row, given(plain));
  const ids = given({
    departmentId: await refId(em, Department, department, 'department'),
    siteId: await refId(em, Site, site, 'site'),
    postTypeId: await refId(em, PostType, postType, 'postType'),
  });
  Object.assign(row, ids);
  if (row.activeTo !== null && row.activeTo < row.activeFrom) {
    throw new ConfigurationInvalidError(
      `activeTo (${row.activeTo}) must not be before activeFrom (${row.activeFrom})`,
    );
  }
  const others = row.id ? { id: Not(row.id) } : {};
  if (await em.findOne(Staff, { where: { code: row.code, ...others } }))
    throw new ConfigurationConflictError(`staff "${row.code}" already exists`);
  const holder = await em.findOne(Staff, { where: { employeeNo: row.employeeNo, ...others } });
  if (holder)
    throw new ConfigurationConflictError(
      `employeeNo "${row.employeeNo}" already belongs to staff "${holder.code}"`,
    );
}

@Injectable()
export class StaffService {
  constructor(private readonly ds: DataSource) {}

  /** Staff by code, a page at a time: `nextCursor` gives the next page (null: no more). */
  async list(q: StaffQuery) {
    const em = this.ds.manager;
    const limit = q.limit ?? DEFAULT_PAGE;
    const departmentId = await refId(em, Department, q.department, 'department');
    const postTypeId = await refId(em, PostType, q.postType, 'postType');
    if (q.active !== undefined)
      return this.listInMonth(em, q.active, limit, q.cursor, departmentId, postTypeId, q.q);
    const where: FindOptionsWhere<Staff> = {};
    if (departmentId !== undefined) where.departmentId = departmentId!;
    if (postTypeId !== undefined) where.postTypeId = postTypeId!;
    if (q.cursor !== undefined) where.code = MoreThan(q.cursor);
    const rows = await em.find(Staff, {
      where: searchWhere(where, q.q),
      relations: RELATIONS,
      order: { code: 'ASC' },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    return { items: page.map(view), nextCursor: rows.length > limit ? page.at(-1)!.code : null };
  }

  /**
   * Staff active in a month, each as placed in that month (a transfer changes department, site, post type or
   * employment type from a month on): the department and post type filters match that placement.
   */
  private async listInMonth(
    em: EntityManager,
    period: string,
    limit: number,
    cursor: string | undefined,
    departmentId: number | null | undefined,
    postTypeId: number | null | undefined,
    search?: string,
  ) {
    const { first, last } = monthRange(period);
    const placedAt = (s: StaffFields) =>
      (departmentId === undefined || s.departmentId === departmentId) &&
      (postTypeId === undefined || s.postTypeId === postTypeId);
    // Only people placed there now or in an earlier placement can be placed there in the month.
    let candidates: number[] | undefined;
    for (const filter of [
      departmentId === undefined ? undefined : { departmentId: departmentId! },
      postTypeId === undefined ? undefined : { postTypeId: postTypeId ?? IsNull() },
    ]) {
      if (!filter) continue;
      const now = await em.find(Staff, { select: { id: true }, where: filter });
      const before = await em.find(StaffPlacement, { select: { staffId: true }, where: filter });
      const ids = new Set([...now.map((r) => r.id), ...before.map((r) => r.staffId)]);
      candidates = candidates ? candidates.filter((id) => ids.has(id)) : [...ids];
    }
    if (candidates?.length === 0) return { items: [], nextCursor: null };
    const items: ReturnType<typeof view>[] = [];
    let after = cursor;
    // Candidates in code order, a batch at a time, each resolved to its placement in the month.
    for (;;) {
      const base: FindOptionsWhere<Staff> = {
        activeFrom: LessThanOrEqual(last),
        ...(after !== undefined ? { code: MoreThan(after) } : {}),
        // (a very large set is filtered as it is read instead: a query takes only so many parameters)
        ...(candidates && candidates.length <= 10_000 ? { id: In(candidates) } : {}),
      };
      // Either still active (no end) or ending in the month or later: TypeORM ORs a list of conditions.
      const rows = await em.find(Staff, {
        where: searchWhere(base, search).flatMap((w) => [
          { ...w, activeTo: IsNull() },
          { ...w, activeTo: MoreThanOrEqual(first) },
        ]),
        order: { code: 'ASC' },
        take: LIST_BATCH,
      });
      const inMonth = (await loadTimelines(em, rows.map(staffFields))).map((t) => t.at(period));
      const names = await placementCodes(em, inMonth);
      for (const [i, s] of inMonth.entries()) {
        if (!placedAt(s)) continue;
        if (items.length === limit) return { items, nextCursor: items.at(-1)!.code };
        items.push({ ...view(rows[i]), ...names[i] });
      }
      if (rows.length < LIST_BATCH) return { items, nextCursor: null };
      after = rows.at(-1)!.code;
    }
  }

  /** A member of staff with their placements over time. */
  async get(code: string) {
    return viewWithPlacements(this.ds.manager, await find(this.ds.manager, code));
  }

  create(actor: string, body: StaffInput) {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: `${ENTITY}.create`, entity: ENTITY }, async () => {
        const row = em.create(Staff, {
          employmentType: 'in_house',
          siteId: null,
          postTypeId: null,
          activeTo: null,
        });
        await apply(em, row, body);
        await assertStaffChangeAllowed(em, null, new StaffTimeline(staffFields(row)));
        const after = view(await find(em, (await em.save(row)).code));
        return { result: after, entityKey: after.code, after };
      }),
    );
  }

  /**
   * Changes a member of staff; a change of placement is a transfer from `effectiveFrom` (default: the month
   * after the last closed one, or every month when none is closed), the earlier months keeping theirs.
   */
  update(actor: string, code: string, body: StaffChange) {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: `${ENTITY}.update`, entity: ENTITY }, async () => {
        const before = await viewWithPlacements(em, await find(em, code));
        // Without its relations: loaded ones would win over the changed ids on save.
        const row = await findOrFail(em, Staff, { code }, `staff "${code}"`);
        const [was] = await loadTimelines(em, [staffFields(row)]);
        const { effectiveFrom, ...fields } = body;
        await apply(em, row, fields);
        const moved = PLACEMENT_FIELDS.filter((f) => fields[f] !== undefined);
        if (effectiveFrom !== undefined && !moved.length)
          throw new ConfigurationInvalidError(
            'effectiveFrom applies to a change of department, site, postType or employmentType; none is given',
          );
        // The approved and closed months (assertStaffChangeAllowed guards them all).
        const closed = await signedOffPeriods(em);
        // An approved month is signed off: a transfer may take effect only after it (and after every closed one).
        const approved = closed.filter((p) => p.status === 'approved');
        const from = effectiveFrom ?? (closed.length ? nextPeriod(closed.at(-1)!.period) : null);
        const hit = moved.length ? approved.find((p) => from === null || p.period >= from) : undefined;
        if (hit)
          throw new ConfigurationConflictError(
            `period ${hit.period} is approved: a transfer of staff "${code}" from ${from ?? 'the start'} would ` +
              `change its placements; transfer from ${nextPeriod(approved.at(-1)!.period)} or later ` +
              `(${APPROVED_ADVICE})`,
          );
        const now = was.place(
          given({
            departmentId: fields.department !== undefined ? row.departmentId : undefined,
            siteId: fields.site !== undefined ? row.siteId : undefined,
            postTypeId: fields.postType !== undefined ? row.postTypeId : undefined,
            employmentType: fields.employmentType !== undefined ? row.employmentType : undefined,
          }),
          from,
          'end',
          staffFields(row),
        );
        Object.assign(row, placementOf(now.staff));
        await assertStaffChangeAllowed(em, was, now, { closed });
        await em.save(row);
        await saveEarlier(em, [now]);
        const after = await viewWithPlacements(em, await find(em, row.code));
        return { result: after, entityKey: after.code, before, after };
      }),
    );
  }

  /** Deletes a member of staff no observation refers to and no closed month saw active. */
  async remove(actor: string, code: string): Promise<void> {
    await this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: `${ENTITY}.delete`, entity: ENTITY }, async () => {
        const row = await find(em, code);
        const [was] = await loadTimelines(em, [staffFields(row)]);
        await assertStaffChangeAllowed(em, was, null);
        const used = await em.count(Observation, { where: { staffId: row.id } });
        if (used) throw new ConfigurationConflictError(`staff "${code}" has ${used} observation(s)`);
        // Explicit assignment rules go with the staff member (ON DELETE CASCADE).
        await em.delete(Staff, { id: row.id });
        return { result: undefined, entityKey: code, before: view(row) };
      }),
    );
  }
}

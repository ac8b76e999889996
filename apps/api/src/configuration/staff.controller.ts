// CRUD for staff, by staff code. Responses show department, site and post type codes, never numeric ids.
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import {
  DataSource,
  EntityManager,
  FindOptionsWhere,
  In,
  IsNull,
  LessThanOrEqual,
  MoreThan,
  MoreThanOrEqual,
  Not,
} from 'typeorm';
import { Department, Observation, PostType, Site, Staff } from '@app/persistence';
import {
  assertStaffChangeAllowed,
  closedPeriods,
  loadTimelines,
  nextPeriod,
  placementOf,
  saveEarlier,
  staffFields,
  StaffTimeline,
} from '@app/documents';
import { audit } from '@app/runs';
import { actorOf } from '../common/actor';
import { findOr404, given, monthRange, refId } from './lookup';
import { CreateStaffDto, StaffQueryDto, UpdateStaffDto } from './staff.dto';
import { HrRead, HrWrite } from '../auth/access';

const RELATIONS = { department: true, site: true, postType: true };
const PLACEMENT_FIELDS = ['department', 'site', 'postType', 'employmentType'] as const;
const DEFAULT_PAGE = 100;

function view(s: Staff) {
  return {
    code: s.code,
    employeeNo: s.employeeNo,
    name: s.name,
    department: s.department.code,
    site: s.site?.code ?? null,
    postType: s.postType?.code ?? null,
    employmentType: s.employmentType,
    activeFrom: s.activeFrom,
    activeTo: s.activeTo,
  };
}

/** The placements of a timeline, oldest first, by code: `from` null = from the start. */
async function placements(em: EntityManager, t: StaffTimeline) {
  const segs = t.segments();
  const codes = async (target: typeof Department | typeof Site | typeof PostType, ids: (number | null)[]) => {
    const known = [...new Set(ids.filter((i): i is number => i !== null))];
    const rows = known.length ? await em.find(target, { where: { id: In(known) } }) : [];
    return new Map(rows.map((r) => [r.id, r.code]));
  };
  const [depts, sites, posts] = await Promise.all([
    codes(
      Department,
      segs.map((s) => s.placement.departmentId),
    ),
    codes(
      Site,
      segs.map((s) => s.placement.siteId),
    ),
    codes(
      PostType,
      segs.map((s) => s.placement.postTypeId),
    ),
  ]);
  return segs.map(({ from, placement: p }) => ({
    from,
    department: depts.get(p.departmentId)!,
    site: p.siteId === null ? null : sites.get(p.siteId)!,
    postType: p.postTypeId === null ? null : posts.get(p.postTypeId)!,
    employmentType: p.employmentType,
  }));
}

@ApiTags('staff')
@HrWrite()
@Controller('api/v1/staff')
export class StaffController {
  constructor(private readonly ds: DataSource) {}

  @HrRead()
  @Get()
  @ApiOperation({ summary: 'List staff by code, a page at a time' })
  @ApiOkResponse({
    description: '{items, nextCursor}: pass nextCursor as cursor for the next page (null: no more)',
  })
  @ApiBadRequestResponse({ description: 'an unknown department or post type code, or a bad parameter' })
  async list(@Query() q: StaffQueryDto) {
    const em = this.ds.manager;
    const limit = q.limit ?? DEFAULT_PAGE;
    const where: FindOptionsWhere<Staff> = {};
    if (q.department !== undefined)
      where.departmentId = (await refId(em, Department, q.department, 'department'))!;
    if (q.postType !== undefined) where.postTypeId = (await refId(em, PostType, q.postType, 'postType'))!;
    if (q.cursor !== undefined) where.code = MoreThan(q.cursor);
    let filters = [where];
    if (q.active !== undefined) {
      const { first, last } = monthRange(q.active);
      const during = { ...where, activeFrom: LessThanOrEqual(last) };
      // Either still active (no end) or ending in the month or later: TypeORM ORs a list of conditions.
      filters = [
        { ...during, activeTo: IsNull() },
        { ...during, activeTo: MoreThanOrEqual(first) },
      ];
    }
    const rows = await em.find(Staff, {
      where: filters,
      relations: RELATIONS,
      order: { code: 'ASC' },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    return { items: page.map(view), nextCursor: rows.length > limit ? page.at(-1)!.code : null };
  }

  @HrRead()
  @Get(':code')
  @ApiNotFoundResponse({ description: 'no such staff code' })
  async get(@Param('code') code: string) {
    return this.viewWithPlacements(this.ds.manager, await this.find(this.ds.manager, code));
  }

  @Post()
  @ApiBadRequestResponse({
    description: 'a bad field, an unknown department/site/postType code, activeTo < activeFrom',
  })
  @ApiConflictResponse({
    description:
      'the code or employee number is taken, or the new member of staff would be active in a closed month',
  })
  async create(@Body() body: CreateStaffDto, @Req() req: Request) {
    return this.ds.transaction(async (em) => {
      const row = em.create(Staff, {
        employmentType: 'in_house',
        siteId: null,
        postTypeId: null,
        activeTo: null,
      });
      await this.apply(em, row, body);
      await assertStaffChangeAllowed(em, null, new StaffTimeline(staffFields(row)));
      const after = view(await this.find(em, (await em.save(row)).code));
      await audit(em, {
        actor: actorOf(req),
        action: 'staff.create',
        entity: 'staff',
        entityKey: after.code,
        after,
      });
      return after;
    });
  }

  @Patch(':code')
  @ApiNotFoundResponse({ description: 'no such staff code' })
  @ApiBadRequestResponse({ description: 'a bad field, an unknown code, activeTo < activeFrom' })
  @ApiConflictResponse({
    description:
      'the new code or employee number is taken, or the change would alter a closed month (see closed-months.ts)',
  })
  async update(@Param('code') code: string, @Body() body: UpdateStaffDto, @Req() req: Request) {
    return this.ds.transaction(async (em) => {
      const before = await this.viewWithPlacements(em, await this.find(em, code));
      // Without its relations: loaded ones would win over the changed ids on save.
      const row = await findOr404(em, Staff, { code }, `staff "${code}"`);
      const [was] = await loadTimelines(em, [staffFields(row)]);
      const { effectiveFrom, ...fields } = body;
      await this.apply(em, row, fields);
      // A change of placement is a transfer from a month on (staff-timeline.ts); the earlier months keep theirs.
      const moved = PLACEMENT_FIELDS.filter((f) => fields[f] !== undefined);
      if (effectiveFrom !== undefined && !moved.length)
        throw new BadRequestException(
          'effectiveFrom applies to a change of department, site, postType or employmentType; none is given',
        );
      const closed = await closedPeriods(em);
      const from = effectiveFrom ?? (closed.length ? nextPeriod(closed.at(-1)!.period) : null);
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
      const after = await this.viewWithPlacements(em, await this.find(em, row.code));
      await audit(em, {
        actor: actorOf(req),
        action: 'staff.update',
        entity: 'staff',
        entityKey: after.code,
        before,
        after,
      });
      return after;
    });
  }

  @Delete(':code')
  @HttpCode(204)
  @ApiNotFoundResponse({ description: 'no such staff code' })
  @ApiConflictResponse({
    description: 'observations still refer to this member of staff, or they were active in a closed month',
  })
  async remove(@Param('code') code: string, @Req() req: Request): Promise<void> {
    await this.ds.transaction(async (em) => {
      const row = await this.find(em, code);
      const [was] = await loadTimelines(em, [staffFields(row)]);
      await assertStaffChangeAllowed(em, was, null);
      const used = await em.count(Observation, { where: { staffId: row.id } });
      if (used) throw new ConflictException(`staff "${code}" has ${used} observation(s)`);
      // Explicit assignment rules go with the staff member (ON DELETE CASCADE).
      await em.delete(Staff, { id: row.id });
      await audit(em, {
        actor: actorOf(req),
        action: 'staff.delete',
        entity: 'staff',
        entityKey: code,
        before: view(row),
      });
    });
  }

  private async viewWithPlacements(em: EntityManager, row: Staff) {
    const [t] = await loadTimelines(em, [staffFields(row)]);
    return { ...view(row), placements: await placements(em, t) };
  }

  private find(em: EntityManager, code: string): Promise<Staff> {
    return findOr404(em, Staff, { code }, `staff "${code}"`, RELATIONS);
  }

  /** Copies the given fields onto `row`, resolving codes and checking what the database would refuse less clearly. */
  private async apply(em: EntityManager, row: Staff, body: UpdateStaffDto): Promise<void> {
    const { department, site, postType, ...plain } = body;
    Object.assign(row, given(plain));
    const ids = given({
      departmentId: await refId(em, Department, department, 'department'),
      siteId: await refId(em, Site, site, 'site'),
      postTypeId: await refId(em, PostType, postType, 'postType'),
    });
    Object.assign(row, ids);
    if (row.activeTo !== null && row.activeTo < row.activeFrom) {
      throw new BadRequestException(
        `activeTo (${row.activeTo}) must not be before activeFrom (${row.activeFrom})`,
      );
    }
    const others = row.id ? { id: Not(row.id) } : {};
    if (await em.findOne(Staff, { where: { code: row.code, ...others } }))
      throw new ConflictException(`staff "${row.code}" already exists`);
    const holder = await em.findOne(Staff, { where: { employeeNo: row.employeeNo, ...others } });
    if (holder)
      throw new ConflictException(`employeeNo "${row.employeeNo}" already belongs to staff "${holder.code}"`);
  }
}

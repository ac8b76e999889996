// Assignment rules (by id): which indicator set applies to whom, and `resolve`, which says which set a member
// of staff gets in a month and why. The choice itself is libs/documents' resolveSetId, as the export uses it.
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { DataSource, EntityManager, Not } from 'typeorm';
import {
  AssignmentRule,
  Department,
  IndicatorSet,
  IndicatorSetVersion,
  PostType,
  Staff,
} from '@app/persistence';
import { assertRuleChangeAllowed, staffFields } from '@app/domain/periods';
import { loadTimelines, resolveSetId, inForce } from '@app/domain/model';
import { audit } from '@app/domain/audit';
import { actorOf } from '../common/actor';
import { CreateAssignmentRuleDto, ResolveQueryDto, UpdateAssignmentRuleDto } from './assignment-rules.dto';
import { findOr404, given, monthRange, refId } from './lookup';
import { HrRead, HrWrite } from '../access/access';

const RELATIONS = { set: true, postType: true, department: true, staff: true };

function view(r: AssignmentRule) {
  return {
    id: r.id,
    set: r.set.code,
    postType: r.postType?.code ?? null,
    department: r.department?.code ?? null,
    employmentType: r.employmentType,
    staff: r.staff?.code ?? null,
    priority: r.priority,
  };
}

/** The criteria a rule sets, as "post type CLEAN, department LOG". */
function criteria(r: AssignmentRule): string {
  const v = view(r);
  return [
    v.postType && `post type ${v.postType}`,
    v.department && `department ${v.department}`,
    v.employmentType && `employment type ${v.employmentType}`,
  ]
    .filter(Boolean)
    .join(', ');
}

@ApiTags('assignment-rules')
@ApiNotFoundResponse({ description: 'no such rule id or staff code' })
@HrWrite()
@Controller('api/v1/assignment-rules')
export class AssignmentRulesController {
  constructor(private readonly ds: DataSource) {}

  @HrRead()
  @Get()
  async list() {
    return (await this.ds.manager.find(AssignmentRule, { relations: RELATIONS, order: { id: 'ASC' } })).map(
      view,
    );
  }

  // Declared before ':id', which would otherwise take "resolve" for an id.
  @HrRead()
  @Get('resolve')
  @ApiOperation({
    summary: 'Which set applies to a member of staff in a month, and why',
    description:
      'An explicit staff rule wins; otherwise the matching rule with the most criteria, then the highest priority, ' +
      'then the oldest. Answers the rule, the set version in force that month and every rule that matched.',
  })
  async resolve(@Query() q: ResolveQueryDto) {
    const em = this.ds.manager;
    const row = await findOr404(em, Staff, { code: q.staff }, `staff "${q.staff}"`);
    // Rules match on the person's placement in that month (a transfer changes it from a month on).
    const staff = (await loadTimelines(em, [staffFields(row)]))[0].at(q.period);
    const rules = await em.find(AssignmentRule, { relations: RELATIONS, order: { id: 'ASC' } });
    // resolveSetId alone answers each question: does this rule match, and which matching rule wins (asked with
    // each rule's id in place of its set id).
    const matching = rules.filter((r) => resolveSetId(staff, [r]) !== null);
    const winnerId = resolveSetId(
      staff,
      matching.map((r) => Object.assign(new AssignmentRule(), r, { setId: r.id })),
    );
    const rule = matching.find((r) => r.id === winnerId) ?? null;
    const { first, last } = monthRange(q.period);
    const active = staff.activeFrom <= last && (staff.activeTo === null || staff.activeTo >= first);
    const version = rule
      ? inForce(
          await em.find(IndicatorSetVersion, { where: { setId: rule.setId }, order: { version: 'ASC' } }),
          q.period,
        )
      : undefined;
    return {
      staff: staff.code,
      period: q.period,
      active,
      set: rule?.set.code ?? null,
      version: version ? { version: version.version, effectiveFrom: version.effectiveFrom } : null,
      rule: rule && view(rule),
      reason: this.reason(rule, matching.length, version !== undefined, q.period),
      matched: matching.map(view),
    };
  }

  @HrRead()
  @Get(':id')
  async get(@Param('id', ParseIntPipe) id: number) {
    return view(await this.find(this.ds.manager, id));
  }

  @Post()
  @ApiBadRequestResponse({
    description: 'a bad field, an unknown code, no criterion, a staff rule with other criteria',
  })
  @ApiConflictResponse({
    description:
      'the member of staff already has an explicit rule, or the rule would change the set of someone in a closed month',
  })
  async create(@Body() body: CreateAssignmentRuleDto, @Req() req: Request) {
    return this.ds.transaction(async (em) => {
      const row = em.create(AssignmentRule, {
        postTypeId: null,
        departmentId: null,
        employmentType: null,
        staffId: null,
        priority: 0,
      });
      await this.apply(em, row, body);
      // Not saved yet: an id after every stored one, as the saved rule will have (the oldest wins ties).
      await assertRuleChangeAllowed(em, null, { ...row, id: Number.MAX_SAFE_INTEGER });
      const after = view(await this.find(em, (await em.save(row)).id));
      await audit(em, {
        actor: actorOf(req),
        action: 'assignmentRule.create',
        entity: 'assignmentRule',
        entityKey: String(after.id),
        after,
      });
      return after;
    });
  }

  @Patch(':id')
  @ApiBadRequestResponse({ description: 'as for create, on the rule after the change' })
  @ApiConflictResponse({
    description:
      'the member of staff already has an explicit rule, or the change would move someone in a closed month to another set',
  })
  async update(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateAssignmentRuleDto,
    @Req() req: Request,
  ) {
    return this.ds.transaction(async (em) => {
      const before = view(await this.find(em, id));
      // Without its relations: loaded ones would win over the changed ids on save.
      const row = await findOr404(em, AssignmentRule, { id }, `assignment rule ${id}`);
      const was = { ...row };
      await this.apply(em, row, body);
      await assertRuleChangeAllowed(em, was, { ...row });
      await em.save(row);
      const after = view(await this.find(em, id));
      await audit(em, {
        actor: actorOf(req),
        action: 'assignmentRule.update',
        entity: 'assignmentRule',
        entityKey: String(id),
        before,
        after,
      });
      return after;
    });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiConflictResponse({ description: 'the rule gives someone their set in a closed month' })
  async remove(@Param('id', ParseIntPipe) id: number, @Req() req: Request): Promise<void> {
    await this.ds.transaction(async (em) => {
      const row = await this.find(em, id);
      await assertRuleChangeAllowed(em, row, null);
      await em.delete(AssignmentRule, { id });
      await audit(em, {
        actor: actorOf(req),
        action: 'assignmentRule.delete',
        entity: 'assignmentRule',
        entityKey: String(id),
        before: view(row),
      });
    });
  }

  private find(em: EntityManager, id: number): Promise<AssignmentRule> {
    return findOr404(em, AssignmentRule, { id }, `assignment rule ${id}`, RELATIONS);
  }

  private async apply(em: EntityManager, row: AssignmentRule, body: UpdateAssignmentRuleDto): Promise<void> {
    Object.assign(
      row,
      given({
        setId: await refId(em, IndicatorSet, body.set, 'set'),
        postTypeId: await refId(em, PostType, body.postType, 'postType'),
        departmentId: await refId(em, Department, body.department, 'department'),
        staffId: await refId(em, Staff, body.staff, 'staff'),
        employmentType: body.employmentType,
        priority: body.priority,
      }),
    );
    const others = [row.postTypeId, row.departmentId, row.employmentType].some((c) => c !== null);
    if (row.staffId === null && !others)
      throw new BadRequestException(
        'a rule needs at least one criterion: postType, department, employmentType or staff',
      );
    if (row.staffId !== null && others)
      throw new BadRequestException(
        'a staff rule names one member of staff and must not have other criteria',
      );
    if (row.staffId !== null) {
      const twin = await em.findOne(AssignmentRule, {
        where: { staffId: row.staffId, ...(row.id ? { id: Not(row.id) } : {}) },
      });
      if (twin)
        throw new ConflictException(`that member of staff already has an explicit rule: rule ${twin.id}`);
    }
  }

  private reason(rule: AssignmentRule | null, matched: number, hasVersion: boolean, period: string): string {
    if (!rule) return 'no rule matches this member of staff';
    const why =
      rule.staffId !== null
        ? `rule ${rule.id} names this member of staff, which overrides every other rule`
        : `rule ${rule.id} matches on ${criteria(rule)} (priority ${rule.priority}); of the ${matched} matching rule(s) ` +
          'the one with the most criteria wins, then the highest priority, then the oldest';
    return hasVersion ? why : `${why}; set ${rule.set.code} has no version in force for ${period}`;
  }
}

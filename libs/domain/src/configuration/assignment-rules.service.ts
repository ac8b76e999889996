// Assignment rules (by id): which indicator set applies to whom, and `resolve`, which says which set a member of
// staff gets in a month and why. The choice itself is the model's resolveSetId, as the export uses it. A rule
// change that would give someone another set in a closed month is refused; every change is audited
// (`assignmentRule.create`, `.update`, `.delete`).
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, Not } from 'typeorm';
import {
  AssignmentRule,
  Department,
  IndicatorSet,
  IndicatorSetVersion,
  PostType,
  Staff,
} from '@app/persistence';
import { auditedWrite } from '../audit';
import { inForce, loadTimelines, resolveSetId } from '../model';
import { assertRuleChangeAllowed, staffFields } from '../periods';
import { ConfigurationConflictError, ConfigurationInvalidError } from './configuration-errors';
import { findOrFail, given, monthRange, refId } from './lookup';

/** A rule's criteria by code; null clears one (in an update). */
export interface AssignmentRuleInput {
  set: string;
  postType?: string | null;
  department?: string | null;
  employmentType?: string | null;
  staff?: string | null;
  priority?: number;
}

const RELATIONS = { set: true, postType: true, department: true, staff: true };
const ENTITY = 'assignmentRule';

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

function reason(rule: AssignmentRule | null, matched: number, hasVersion: boolean, period: string): string {
  if (!rule) return 'no rule matches this member of staff';
  const why =
    rule.staffId !== null
      ? `rule ${rule.id} names this member of staff, which overrides every other rule`
      : `rule ${rule.id} matches on ${criteria(rule)} (priority ${rule.priority}); of the ${matched} matching rule(s) ` +
        'the one with the most criteria wins, then the highest priority, then the oldest';
  return hasVersion ? why : `${why}; set ${rule.set.code} has no version in force for ${period}`;
}

function find(em: EntityManager, id: number): Promise<AssignmentRule> {
  return findOrFail(em, AssignmentRule, { id }, `assignment rule ${id}`, RELATIONS);
}

/** Copies the given criteria onto `row` (codes resolved) and checks the rule they make. */
async function apply(
  em: EntityManager,
  row: AssignmentRule,
  body: Partial<AssignmentRuleInput>,
): Promise<void> {
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
    throw new ConfigurationInvalidError(
      'a rule needs at least one criterion: postType, department, employmentType or staff',
    );
  if (row.staffId !== null && others)
    throw new ConfigurationInvalidError(
      'a staff rule names one member of staff and must not have other criteria',
    );
  if (row.staffId !== null) {
    const twin = await em.findOne(AssignmentRule, {
      where: { staffId: row.staffId, ...(row.id ? { id: Not(row.id) } : {}) },
    });
    if (twin)
      throw new ConfigurationConflictError(
        `that member of staff already has an explicit rule: rule ${twin.id}`,
      );
  }
}

@Injectable()
export class AssignmentRulesService {
  constructor(private readonly ds: DataSource) {}

  async list() {
    return (await this.ds.manager.find(AssignmentRule, { relations: RELATIONS, order: { id: 'ASC' } })).map(
      view,
    );
  }

  async get(id: number) {
    return view(await find(this.ds.manager, id));
  }

  /** Which set applies to a member of staff in a month, and why: the rule, the version in force, every match. */
  async resolve(staffCode: string, period: string) {
    const em = this.ds.manager;
    const row = await findOrFail(em, Staff, { code: staffCode }, `staff "${staffCode}"`);
    // Rules match on the person's placement in that month (a transfer changes it from a month on).
    const staff = (await loadTimelines(em, [staffFields(row)]))[0].at(period);
    const rules = await em.find(AssignmentRule, { relations: RELATIONS, order: { id: 'ASC' } });
    // resolveSetId alone answers each question: does this rule match, and which matching rule wins (asked with
    // each rule's id in place of its set id).
    const matching = rules.filter((r) => resolveSetId(staff, [r]) !== null);
    const winnerId = resolveSetId(
      staff,
      matching.map((r) => Object.assign(new AssignmentRule(), r, { setId: r.id })),
    );
    const rule = matching.find((r) => r.id === winnerId) ?? null;
    const { first, last } = monthRange(period);
    const active = staff.activeFrom <= last && (staff.activeTo === null || staff.activeTo >= first);
    const version = rule
      ? inForce(
          await em.find(IndicatorSetVersion, { where: { setId: rule.setId }, order: { version: 'ASC' } }),
          period,
        )
      : undefined;
    return {
      staff: staff.code,
      period,
      active,
      set: rule?.set.code ?? null,
      version: version ? { version: version.version, effectiveFrom: version.effectiveFrom } : null,
      rule: rule && view(rule),
      reason: reason(rule, matching.length, version !== undefined, period),
      matched: matching.map(view),
    };
  }

  create(actor: string, body: AssignmentRuleInput) {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: `${ENTITY}.create`, entity: ENTITY }, async () => {
        const row = em.create(AssignmentRule, {
          postTypeId: null,
          departmentId: null,
          employmentType: null,
          staffId: null,
          priority: 0,
        });
        await apply(em, row, body);
        // Not saved yet: an id after every stored one, as the saved rule will have (the oldest wins ties).
        await assertRuleChangeAllowed(em, null, { ...row, id: Number.MAX_SAFE_INTEGER });
        const after = view(await find(em, (await em.save(row)).id));
        return { result: after, entityKey: String(after.id), after };
      }),
    );
  }

  update(actor: string, id: number, body: Partial<AssignmentRuleInput>) {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: `${ENTITY}.update`, entity: ENTITY }, async () => {
        const before = view(await find(em, id));
        // Without its relations: loaded ones would win over the changed ids on save.
        const row = await findOrFail(em, AssignmentRule, { id }, `assignment rule ${id}`);
        const was = { ...row };
        await apply(em, row, body);
        await assertRuleChangeAllowed(em, was, { ...row });
        await em.save(row);
        const after = view(await find(em, id));
        return { result: after, entityKey: String(id), before, after };
      }),
    );
  }

  async remove(actor: string, id: number): Promise<void> {
    await this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: `${ENTITY}.delete`, entity: ENTITY }, async () => {
        const row = await find(em, id);
        await assertRuleChangeAllowed(em, row, null);
        await em.delete(AssignmentRule, { id });
        return { result: undefined, entityKey: String(id), before: view(row) };
      }),
    );
  }
}

// Which indicator set applies to a member of staff: an explicit staff rule wins; otherwise the rule matching
// the most criteria (post type, department, employment type), then the highest priority, then the oldest.
import type { AssignmentRule, Staff } from '@app/persistence';

type StaffKeys = Pick<Staff, 'id' | 'postTypeId' | 'departmentId' | 'employmentType'>;

/** What choosing needs of a rule. */
export type RuleFields = Pick<
  AssignmentRule,
  'id' | 'setId' | 'staffId' | 'postTypeId' | 'departmentId' | 'employmentType' | 'priority'
>;

/** Rules prepared for many look-ups: explicit staff rules by staff id (an import makes one per person). */
export class AssignmentRules<R extends RuleFields = RuleFields> {
  private readonly byStaff = new Map<number, R>();
  private readonly general: R[] = [];

  constructor(rules: readonly R[]) {
    for (const rule of rules) {
      if (rule.staffId === null) this.general.push(rule);
      else if (!this.byStaff.has(rule.staffId)) this.byStaff.set(rule.staffId, rule);
    }
  }

  /** The rule that applies, or null when none does. */
  ruleFor(staff: StaffKeys): R | null {
    const own = this.byStaff.get(staff.id);
    if (own) return own;
    let best: { rule: R; specificity: number } | null = null;
    for (const rule of this.general) {
      if (rule.postTypeId !== null && rule.postTypeId !== staff.postTypeId) continue;
      if (rule.departmentId !== null && rule.departmentId !== staff.departmentId) continue;
      if (rule.employmentType !== null && rule.employmentType !== staff.employmentType) continue;
      const specificity = [rule.postTypeId, rule.departmentId, rule.employmentType].filter(
        (c) => c !== null,
      ).length;
      if (
        !best ||
        specificity > best.specificity ||
        (specificity === best.specificity &&
          (rule.priority > best.rule.priority ||
            (rule.priority === best.rule.priority && rule.id < best.rule.id)))
      ) {
        best = { rule, specificity };
      }
    }
    return best?.rule ?? null;
  }

  setIdFor(staff: StaffKeys): number | null {
    return this.ruleFor(staff)?.setId ?? null;
  }
}

export function resolveSetId(staff: StaffKeys, rules: readonly RuleFields[]): number | null {
  return new AssignmentRules(rules).setIdFor(staff);
}

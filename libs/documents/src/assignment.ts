// Which indicator set applies to a member of staff: an explicit staff rule wins; otherwise the rule matching
// the most criteria (post type, department, employment type), then the highest priority, then the oldest.
import type { AssignmentRule, Staff } from '@app/persistence';

export function resolveSetId(staff: Staff, rules: readonly AssignmentRule[]): number | null {
  let best: { rule: AssignmentRule; specificity: number } | null = null;
  for (const rule of rules) {
    if (rule.staffId !== null) {
      if (rule.staffId === staff.id) return rule.setId;
      continue;
    }
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
  return best?.rule.setId ?? null;
}

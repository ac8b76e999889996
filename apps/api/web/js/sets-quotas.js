// A set's grade quotas in words (docs/FORMAT.md, "Grade quotas and overrides"), for the version view and the
// diff: the group they count in and each rule ("A 最多占 20%", "D 及以下至少 1 人（组内 10 人及以上时）").
import { fill, t } from './i18n.js';

/** The group a set's quotas count in; null: the set has none. */
export function scopeText(scope) {
  if (scope === null) return t('sets.noQuotasShort');
  return t(`sets.scope.${scope ?? 'department'}`);
}

/** One rule: a cap on a grade's share, or a least number at the grade or below (from `minStaff` staff). */
export function quotaRuleText(rule) {
  if (rule.minCount === undefined)
    return fill(t('sets.quotaCap'), { grade: rule.grade, share: rule.maxShare });
  const from =
    rule.minStaff !== undefined && rule.minStaff > 1
      ? fill(t('sets.quotaFrom'), { staff: rule.minStaff })
      : '';
  return fill(t('sets.quotaMin'), { grade: rule.grade, count: rule.minCount }) + from;
}

/** A version's quotas: the group, then every rule; the set's grades alone when it has none. */
export function quotasText(quotas) {
  if (!quotas?.rules?.length) return t('sets.noQuotas');
  return [`${t('sets.quotaScope')}: ${scopeText(quotas.scope)}`, ...quotas.rules.map(quotaRuleText)].join(
    ' · ',
  );
}

// The difference between two versions of a set (GET /indicator-sets/{code}/diff?from=&to=): dimensions and
// indicators added, removed or changed field by field, every weight that moved, the grade table, the improvement
// plan rule, and the grade quotas rule by rule in words.
import { t } from './i18n.js';
import { dimLabel, el, localName, num, table } from './ui.js';
import { quotaRuleText, scopeText } from './sets-quotas.js';

const show = (v) =>
  v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);

function coded(titleKey, changes, label) {
  const { added, removed, changed } = changes;
  if (!added.length && !removed.length && !changed.length) return null;
  return el(
    'div',
    { class: 'diff-part' },
    el('h3', {}, t(titleKey)),
    added.map((x) => el('p', { class: 'diff-added', 'data-diff-added': x.code }, `+ ${label(x)}`)),
    removed.map((x) => el('p', { class: 'diff-removed', 'data-diff-removed': x.code }, `− ${label(x)}`)),
    changed.length
      ? table(
          [
            { label: t('sets.code'), get: (r) => el('code', {}, r.code) },
            { label: t('sets.field'), get: (r) => el('code', {}, r.field) },
            { label: t('sets.was'), get: (r) => show(r.before) },
            { label: t('sets.now'), get: (r) => show(r.after) },
          ],
          changed.flatMap((c) => c.changes.map((f) => ({ code: c.code, ...f }))),
          { rowAttrs: (r) => ({ 'data-diff-field': `${r.code}.${r.field}` }) },
        )
      : null,
  );
}

/** The quotas' changes: the group they count in, then rules added, removed and changed (matched by grade and kind). */
function quotasPart(q) {
  if (!q?.changed) return null;
  const key = (r) => `${r.grade}.${r.minCount !== undefined ? 'minCount' : 'maxShare'}`;
  return el(
    'div',
    { class: 'diff-part', 'data-diff-quotas': '' },
    el('h3', {}, t('sets.quotas')),
    q.scope
      ? el(
          'p',
          { 'data-diff-quota-scope': '' },
          `${t('sets.quotaScope')}: ${scopeText(q.scope.before)} → ${scopeText(q.scope.after)}`,
        )
      : null,
    q.rules.added.map((r) =>
      el('p', { class: 'diff-added', 'data-diff-quota-added': key(r) }, `+ ${quotaRuleText(r)}`),
    ),
    q.rules.removed.map((r) =>
      el('p', { class: 'diff-removed', 'data-diff-quota-removed': key(r) }, `− ${quotaRuleText(r)}`),
    ),
    q.rules.changed.length
      ? table(
          [
            { label: t('sets.was'), get: (c) => quotaRuleText(c.before) },
            { label: t('sets.now'), get: (c) => quotaRuleText(c.after) },
          ],
          q.rules.changed,
          { rowAttrs: (c) => ({ 'data-diff-quota': `${c.grade}.${c.kind}` }) },
        )
      : null,
  );
}

/** The diff's view; `diff` is the API's answer. */
export function diffView(diff) {
  if (diff.same) return el('p', { id: 'diff-result', class: 'empty' }, t('sets.same'));
  return el(
    'div',
    { id: 'diff-result' },
    el(
      'p',
      { class: 'hint' },
      `v${diff.from.version} (${diff.from.effectiveFrom}) → v${diff.to.version} (${diff.to.effectiveFrom})`,
    ),
    diff.weights.length
      ? el(
          'div',
          { class: 'diff-part' },
          el('h3', {}, t('sets.weightsChanged')),
          table(
            [
              {
                label: t('sets.what'),
                get: (w) =>
                  w.kind === 'dimension'
                    ? `${dimLabel(w.code)} (${w.code})`
                    : el('span', {}, el('code', {}, w.code), ` · ${dimLabel(w.dimension)}`),
              },
              { label: t('sets.was'), get: (w) => num(w.before), class: 'n' },
              { label: t('sets.now'), get: (w) => num(w.after), class: 'n' },
            ],
            diff.weights,
            { rowAttrs: (w) => ({ 'data-diff-weight': w.code }) },
          ),
        )
      : null,
    coded('sets.dimensions', diff.dimensions, (x) => `${dimLabel(x.code)} (${x.code})`),
    coded('indicators', diff.indicators, (x) => `${x.code} · ${localName(x)}`),
    diff.plans?.changed
      ? el(
          'div',
          { class: 'diff-part' },
          el('h3', {}, t('sets.plans')),
          table(
            [
              { label: t('sets.field'), get: (r) => el('code', {}, r.field) },
              { label: t('sets.was'), get: (r) => show(r.before) },
              { label: t('sets.now'), get: (r) => show(r.after) },
            ],
            diff.plans.changes,
          ),
        )
      : null,
    quotasPart(diff.quotas),
    diff.grades.changed
      ? el(
          'div',
          { class: 'diff-part' },
          el('h3', {}, t('sets.grades')),
          table(
            [
              { label: t('sets.field'), get: (r) => el('code', {}, r.field) },
              { label: t('sets.was'), get: (r) => show(r.before) },
              { label: t('sets.now'), get: (r) => show(r.after) },
            ],
            diff.grades.changes,
          ),
        )
      : null,
  );
}

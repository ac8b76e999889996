// The AHP weight helper on the sets page: the criteria are the draft's dimensions, or the indicators of one
// dimension; HR compares each pair on Saaty's 1–9 scale, the API computes the weights and the consistency ratio
// (POST /api/v1/ahp: weightsPercent has two decimals and adds up to exactly 100), and "apply" writes them into
// the draft's weights, which are then checked like any other change.
import { api } from './api.js';
import { t } from './i18n.js';
import { dimLabel, el, localName, num, table } from './ui.js';

const SAATY = [9, 7, 5, 3, 1, 1 / 3, 1 / 5, 1 / 7, 1 / 9];
const fraction = (x) => (x >= 1 ? String(x) : `1/${Math.round(1 / x)}`);

/** The criteria AHP weighs now: [{key, label, item}] where item.weight is what "apply" sets. */
function criteria(d, target) {
  if (target === '') return d.dimensions.map((x) => ({ key: x.code, label: dimLabel(x.code), item: x }));
  return d.indicators
    .filter((i) => i.dimension === target)
    .map((i) => ({
      key: i.code,
      label: `${i.code}`,
      title: localName({ name: i.name.orig, code: i.code }),
      item: i,
    }));
}

/** The AHP section for the draft of `ctx`; `onApplied()` after the weights were written into the draft. */
export function ahpSection(ctx, onApplied) {
  const d = ctx.draft;
  const a = (d.ahp ??= { target: '', upper: {}, result: null, error: null });
  const list = criteria(d, a.target);
  const n = list.length;
  const value = (i, j) =>
    i === j ? 1 : i < j ? (a.upper[`${i},${j}`] ?? 1) : 1 / (a.upper[`${j},${i}`] ?? 1);
  const reset = () => {
    a.upper = {};
    a.result = null;
    a.error = null;
  };
  const target = el(
    'select',
    {
      id: 'ahp-target',
      onchange: (e) => {
        a.target = e.target.value;
        reset();
        ctx.render();
      },
    },
    el('option', { value: '', selected: a.target === '' }, t('sets.ahpDimensions')),
    d.dimensions.map((x) =>
      el(
        'option',
        { value: x.code, selected: a.target === x.code },
        t('sets.ahpIndicatorsOf').replace('{d}', dimLabel(x.code)),
      ),
    ),
  );
  const grid = el(
    'table',
    { class: 'matrix' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', {}, ''),
        list.map((c) => el('th', { title: c.title }, c.label)),
      ),
    ),
    el(
      'tbody',
      {},
      list.map((row, i) =>
        el(
          'tr',
          {},
          el('th', { title: row.title }, row.label),
          list.map((_, j) =>
            el(
              'td',
              {},
              i < j
                ? el(
                    'select',
                    {
                      'data-cell': `${i},${j}`,
                      'aria-label': `${row.label} : ${list[j].label}`,
                      onchange: (e) => {
                        a.upper[`${i},${j}`] = Number(e.target.value);
                        a.result = null;
                        ctx.render();
                      },
                    },
                    SAATY.map((s) =>
                      el('option', { value: s, selected: Math.abs(value(i, j) - s) < 1e-9 }, fraction(s)),
                    ),
                  )
                : fraction(value(i, j)),
            ),
          ),
        ),
      ),
    ),
  );
  const compute = async () => {
    const matrix = list.map((_, i) => list.map((__, j) => value(i, j)));
    const r = await api('/api/v1/ahp', { method: 'POST', body: { matrix } });
    a.result = r.ok ? r.data : null;
    a.error = r.ok ? null : r.error;
    ctx.render();
  };
  const apply = () => {
    list.forEach((c, k) => (c.item.weight = String(a.result.weightsPercent[k])));
    a.applied = true;
    onApplied();
  };
  return el(
    'section',
    { class: 'card', id: 'ahp' },
    el('h2', {}, t('sets.ahp')),
    el('p', { class: 'hint' }, t('sets.ahpHint')),
    el('label', { class: 'inline-label' }, t('sets.ahpWeigh'), ' ', target),
    n < 2
      ? el('p', { class: 'empty' }, t('sets.ahpTooFew'))
      : [
          el('div', { class: 'table-wrap matrix-wrap' }, grid),
          el('button', { id: 'ahp-compute', onclick: compute }, t('sets.ahpCompute')),
        ],
    a.error ? el('p', { class: 'message error' }, a.error) : null,
    a.result && a.result.weightsPercent.length === n
      ? el(
          'div',
          { id: 'ahp-result' },
          table(
            [
              { label: t('sets.criteria'), get: (k) => list[k].label },
              { label: t('weight'), get: (k) => `${num(a.result.weightsPercent[k])} %`, class: 'n' },
              { label: t('sets.current'), get: (k) => list[k].item.weight, class: 'n' },
            ],
            [...Array(n).keys()],
          ),
          el(
            'p',
            { class: a.result.consistent ? 'message ok' : 'message error' },
            `CR = ${num(a.result.cr, 4)} · λmax = ${num(a.result.lambdaMax, 4)} · ${t(a.result.consistent ? 'sets.consistent' : 'sets.inconsistent')}`,
          ),
          el('button', { id: 'ahp-apply', onclick: apply }, t('sets.ahpApply')),
        )
      : null,
  );
}

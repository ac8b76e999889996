// The editor of a new indicator set version (HR): the month it takes effect from, dimensions with their weights
// and a sum-to-100 meter, each indicator (code, names in Chinese and English, dimension, weight, formula with the
// input dictionary at hand, scoring method with its parameters and a picture of its curve, missing policy, veto),
// grades and coefficients, the improvement plan rule and the grade quotas. Every change is checked by the API after a pause in typing
// (POST /indicator-sets/{code}/check) and each problem is shown under the field its path names.
import { api, problemText } from './api.js';
import { t } from './i18n.js';
import { clear, dimLabel, el, localName } from './ui.js';
import { curve } from './sets-curve.js';
import {
  contentOf,
  METHODS,
  MISSING,
  newIndicator,
  newQuotaRule,
  OPTIONAL,
  parentPath,
  scoringOut,
  sumsTo100,
  weightSum,
} from './sets-model.js';

const CHECK_DELAY_MS = 350;
/** The groups a set's quotas may count in (docs/FORMAT.md, "Grade quotas and overrides"). */
const SCOPES = ['department', 'hospital'];
let timer = null;
let asked = 0;

/** The editor's sections for `ctx` = {code, draft, inputs, render, root()}. */
export function editorSections(ctx) {
  return [head(ctx), dimensions(ctx), indicators(ctx), grades(ctx), plans(ctx), quotas(ctx)];
}

/** Schedules a check of the draft after a pause; `now` skips the pause. */
export function scheduleCheck(ctx, now = false) {
  clearTimeout(timer);
  const status = document.getElementById('check-status');
  if (status) {
    status.textContent = t('sets.checking');
    status.dataset.state = 'checking';
  }
  timer = setTimeout(() => void check(ctx), now ? 0 : CHECK_DELAY_MS);
}

async function check(ctx) {
  const d = ctx.draft;
  const mine = ++asked;
  const body = contentOf(d);
  if (/^\d{4}-\d{2}$/.test(d.effectiveFrom)) body.effectiveFrom = d.effectiveFrom;
  const r = await api(`/api/v1/indicator-sets/${encodeURIComponent(ctx.code)}/check`, {
    method: 'POST',
    body,
  });
  if (mine !== asked || ctx.draft !== d) return; // a later check (or another draft) answers instead
  d.problems = r.ok ? r.data.problems : [{ path: '', message: r.error }];
  // Saving needs the month; the check is asked without one while it is empty.
  if (r.ok && !body.effectiveFrom) d.problems.push({ path: 'effectiveFrom', message: t('sets.needMonth') });
  d.saves = r.ok ? r.data.saves : null;
  showProblems(d.problems);
  showStatus(d);
}

function showStatus(d) {
  const status = document.getElementById('check-status');
  if (!status) return;
  const n = d.problems?.length ?? 0;
  status.dataset.state = n ? 'problems' : 'ok';
  const saves = d.saves
    ? ' · ' +
      (d.saves.as === 'new' ? t('sets.savesNew') : t('sets.savesReplace')).replace(
        '{v}',
        String(d.saves.version),
      )
    : '';
  status.textContent = n ? t('sets.problemsCount').replace('{n}', String(n)) : t('sets.noProblems') + saves;
}

/**
 * Shows each problem under the field its path names (or the nearest enclosing part that has a place for it; the
 * rest in the general list). `prefix` is stripped first (`draft.` in a what-if's answer).
 */
export function showProblems(problems, prefix = '') {
  const root = document.getElementById('editor');
  if (!root) return;
  for (const ul of root.querySelectorAll('.problems')) clear(ul);
  for (const node of root.querySelectorAll('.invalid')) node.classList.remove('invalid');
  const general = document.getElementById('draft-problems');
  for (const p of problems ?? []) {
    let path = p.path.startsWith(prefix) ? p.path.slice(prefix.length) : p.path;
    let target = null;
    while (path && !target) {
      target = root.querySelector(`[data-path="${CSS.escape(path)}"]`);
      if (!target) path = parentPath(path);
    }
    const list = target?.querySelector(':scope > .problems') ?? general;
    target?.classList.add('invalid');
    const fold = target?.closest('details.indicator');
    if (fold && !fold.open) fold.open = true;
    list.append(
      el('li', { 'data-problem': p.path }, target ? problemText(p) : `${p.path}: ${problemText(p)}`),
    );
  }
}

/** A labelled field with its problem list; `path` is where the API's problems about it point. */
function field(labelKey, path, control, cls = '') {
  return el(
    'label',
    { class: `field ${cls}`, 'data-path': path },
    el('span', { class: 'label' }, t(labelKey)),
    control,
    el('ul', { class: 'problems' }),
  );
}

/** A text input bound to obj[key]; `after` runs after each change (meters, curves). */
function bound(ctx, obj, key, attrs = {}, after) {
  return el('input', {
    value: obj[key] ?? '',
    ...attrs,
    oninput: (e) => {
      obj[key] = e.target.value;
      after?.();
      scheduleCheck(ctx);
    },
  });
}

function nameInputs(ctx, item, path) {
  const set = (lang) => (e) => {
    item.name[lang] = e.target.value;
    item.name.touched = true;
    scheduleCheck(ctx);
  };
  return el(
    'div',
    { class: 'names', 'data-path': `${path}.name` },
    field(
      'sets.nameZh',
      `${path}.name.zh`,
      el('input', { value: item.name.zh, lang: 'zh', 'data-name': 'zh', oninput: set('zh') }),
    ),
    field(
      'sets.nameEn',
      `${path}.name.en`,
      el('input', { value: item.name.en, lang: 'en', 'data-name': 'en', oninput: set('en') }),
    ),
    el('ul', { class: 'problems' }),
  );
}

function head(ctx) {
  const d = ctx.draft;
  return el(
    'section',
    { class: 'card editor-head' },
    el('h2', {}, t('sets.newVersion').replace('{code}', ctx.code).replace('{v}', String(d.base))),
    el('p', { class: 'hint' }, t('sets.editorHint')),
    el(
      'div',
      { class: 'form inline' },
      field(
        'sets.effectiveFrom',
        'effectiveFrom',
        el('input', {
          id: 'effective-from',
          type: 'month',
          value: d.effectiveFrom,
          oninput: (e) => {
            d.effectiveFrom = e.target.value;
            scheduleCheck(ctx);
          },
        }),
      ),
      el('p', { id: 'check-status', class: 'check-status', 'aria-live': 'polite' }, ''),
    ),
    el('ul', { id: 'draft-problems', class: 'problems general' }),
  );
}

function dimensions(ctx) {
  const d = ctx.draft;
  const meter = el('meter', {
    id: 'weights-meter-bar',
    min: 0,
    max: 100,
    low: 99.999,
    high: 100.001,
    optimum: 100,
  });
  const sumText = el('span', { class: 'sum' });
  const update = () => updateMeters(ctx);
  const rows = d.dimensions.map((x, i) =>
    el(
      'div',
      { class: 'dimension', 'data-path': `dimensions[${i}]`, 'data-dimension': x.code },
      field('sets.code', `dimensions[${i}].code`, bound(ctx, x, 'code', { class: 'code' })),
      nameInputs(ctx, x, `dimensions[${i}]`),
      field(
        'weight',
        `dimensions[${i}].weight`,
        bound(ctx, x, 'weight', { inputmode: 'decimal', class: 'weight' }, update),
        'weight-field',
      ),
      el('p', { class: 'indicator-sum', 'data-indicator-sum': x.code }),
      el('ul', { class: 'problems' }),
    ),
  );
  const section = el(
    'section',
    { class: 'card', 'data-path': 'dimensions' },
    el('h2', {}, t('sets.dimensions')),
    el(
      'div',
      { id: 'weights-meter', class: 'meter' },
      el('span', {}, t('sets.dimensionSum')),
      meter,
      sumText,
    ),
    el('ul', { class: 'problems' }),
    rows,
  );
  queueMicrotask(update);
  return section;
}

/** The dimension sum meter and each dimension's indicator sum, from the typed weights. */
export function updateMeters(ctx) {
  const d = ctx.draft;
  const box = document.getElementById('weights-meter');
  if (!box) return;
  const sum = weightSum(d.dimensions);
  const bar = box.querySelector('meter');
  bar.value = Number.isFinite(sum) ? Math.min(sum, 100) : 0;
  const state = !Number.isFinite(sum) ? 'bad' : sumsTo100(sum) ? 'ok' : sum < 100 ? 'under' : 'over';
  box.dataset.state = state;
  box.querySelector('.sum').textContent = `Σ ${Number.isFinite(sum) ? round(sum) : '?'} / 100`;
  for (const x of d.dimensions) {
    const node = document.querySelector(`[data-indicator-sum="${CSS.escape(x.code)}"]`);
    if (!node) continue;
    const s = weightSum(d.indicators.filter((i) => i.dimension === x.code));
    node.dataset.state = Number.isFinite(s) && sumsTo100(s) ? 'ok' : 'bad';
    node.textContent = `${t('sets.indicatorSum')} Σ ${Number.isFinite(s) ? round(s) : '?'} / 100`;
  }
}

const round = (x) => Math.round(x * 1e6) / 1e6;

function indicators(ctx) {
  const d = ctx.draft;
  return el(
    'section',
    { class: 'card', 'data-path': 'indicators' },
    el('h2', {}, t('indicators')),
    el('ul', { class: 'problems' }),
    d.indicators.map((ind, i) => indicator(ctx, ind, i)),
    el(
      'button',
      {
        id: 'add-indicator',
        class: 'secondary',
        onclick: () => {
          d.indicators.push(newIndicator(d.dimensions[0]?.code ?? '', d.indicators.length + 1));
          ctx.render();
          scheduleCheck(ctx);
        },
      },
      t('sets.addIndicator'),
    ),
  );
}

function indicator(ctx, ind, i) {
  const d = ctx.draft;
  const path = `indicators[${i}]`;
  const curveBox = el('div', { class: 'curve-box', 'data-curve': String(i) });
  const redraw = () => {
    const c = curve(scoringOut(ind.scoring), t('sets.curve'));
    clear(curveBox, c ?? el('p', { class: 'hint' }, t('sets.noCurve')));
  };
  redraw();
  const formula = el('input', {
    class: 'formula',
    value: ind.formula,
    spellcheck: false,
    autocomplete: 'off',
    'data-formula': ind.code,
    oninput: (e) => {
      ind.formula = e.target.value;
      scheduleCheck(ctx);
    },
  });
  // One indicator per fold, so that a set of a dozen stays readable on a phone; a problem opens its fold.
  return el(
    'details',
    {
      class: 'indicator',
      open: ind.open,
      'data-path': path,
      'data-indicator': ind.code,
      ontoggle: (e) => (ind.open = e.target.open),
    },
    el(
      'summary',
      {},
      el('strong', {}, ind.code),
      ` · ${localName({ name: ind.name.orig, code: ind.code })} · ${dimLabel(ind.dimension)} · ${t('weight')} ${ind.weight} · ${t('method.' + ind.scoring.method)}`,
    ),
    el(
      'div',
      { class: 'grid' },
      field('sets.code', `${path}.code`, bound(ctx, ind, 'code', { class: 'code' })),
      nameInputs(ctx, ind, path),
      field(
        'dimension',
        `${path}.dimension`,
        el(
          'select',
          {
            onchange: (e) => {
              ind.dimension = e.target.value;
              updateMeters(ctx);
              scheduleCheck(ctx);
            },
          },
          d.dimensions.map((x) =>
            el(
              'option',
              { value: x.code, selected: x.code === ind.dimension },
              `${dimLabel(x.code)} (${x.code})`,
            ),
          ),
        ),
      ),
      field(
        'weight',
        `${path}.weight`,
        bound(ctx, ind, 'weight', { inputmode: 'decimal', class: 'weight' }, () => updateMeters(ctx)),
      ),
    ),
    el(
      'div',
      { class: 'formula-row' },
      el(
        'div',
        { class: 'field formula-field', 'data-path': `${path}.formula` },
        el('label', {}, el('span', { class: 'label' }, t('sets.formula')), formula),
        el('ul', { class: 'problems' }),
      ),
      dictionary(ctx, formula),
    ),
    el(
      'div',
      { class: 'scoring', 'data-path': `${path}.scoring` },
      el(
        'div',
        { class: 'params' },
        field(
          'sets.method',
          `${path}.scoring.method`,
          el(
            'select',
            {
              class: 'method',
              onchange: (e) => {
                ind.scoring.method = e.target.value;
                if (e.target.value === 'thresholds' && !ind.scoring.steps.length)
                  ind.scoring.steps = [{ atLeast: '', atMost: '', score: '100' }];
                ctx.render();
                scheduleCheck(ctx);
              },
            },
            Object.keys(METHODS).map((m) =>
              el('option', { value: m, selected: m === ind.scoring.method }, `${t('method.' + m)} (${m})`),
            ),
          ),
        ),
        params(ctx, ind, path, redraw),
      ),
      curveBox,
      el('ul', { class: 'problems' }),
    ),
    el(
      'div',
      { class: 'grid' },
      field(
        'sets.missing',
        `${path}.missing`,
        el(
          'select',
          {
            class: 'missing',
            onchange: (e) => {
              ind.missing = e.target.value;
              scheduleCheck(ctx);
            },
          },
          el('option', { value: '' }, t('sets.missingDefault')),
          MISSING.map((m) => el('option', { value: m, selected: m === ind.missing }, t('missing.' + m))),
        ),
      ),
      field(
        'sets.planBelow',
        `${path}.planBelow`,
        bound(ctx, ind, 'planBelow', { inputmode: 'decimal', placeholder: t('sets.planBelowDefault') }),
      ),
      veto(ctx, ind, path),
    ),
    el(
      'button',
      {
        class: 'link remove',
        onclick: () => {
          d.indicators.splice(i, 1);
          ctx.render();
          scheduleCheck(ctx);
        },
      },
      t('sets.removeIndicator'),
    ),
    el('ul', { class: 'problems' }),
  );
}

function params(ctx, ind, path, redraw) {
  const s = ind.scoring;
  const fields = (METHODS[s.method] ?? []).map((k) =>
    k === 'direction'
      ? field(
          'param.direction',
          `${path}.scoring.direction`,
          el(
            'select',
            {
              onchange: (e) => {
                s.params.direction = e.target.value;
                redraw();
                scheduleCheck(ctx);
              },
            },
            ['', 'higher', 'lower'].map((v) =>
              el(
                'option',
                { value: v, selected: (s.params.direction ?? '') === v },
                v ? t('direction.' + v) : '—',
              ),
            ),
          ),
        )
      : field(
          'param.' + k,
          `${path}.scoring.${k}`,
          bound(
            ctx,
            s.params,
            k,
            { inputmode: 'decimal', 'data-param': k, placeholder: OPTIONAL.has(k) ? t('sets.optional') : '' },
            redraw,
          ),
        ),
  );
  if (s.method !== 'thresholds') return fields;
  return [
    ...fields,
    el(
      'div',
      { class: 'steps', 'data-path': `${path}.scoring.steps` },
      el('span', { class: 'label' }, t('param.steps')),
      s.steps.map((st, k) =>
        el(
          'div',
          { class: 'step', 'data-path': `${path}.scoring.steps[${k}]` },
          ['atLeast', 'atMost', 'score'].map((p) =>
            field(
              'param.' + p,
              `${path}.scoring.steps[${k}].${p}`,
              bound(ctx, st, p, { inputmode: 'decimal' }, redraw),
            ),
          ),
          el(
            'button',
            {
              class: 'link',
              'aria-label': t('sets.removeStep'),
              onclick: () => {
                s.steps.splice(k, 1);
                ctx.render();
                scheduleCheck(ctx);
              },
            },
            '×',
          ),
          el('ul', { class: 'problems' }),
        ),
      ),
      el(
        'button',
        {
          class: 'link',
          onclick: () => {
            s.steps.push({ atLeast: '', atMost: '', score: '' });
            ctx.render();
          },
        },
        t('sets.addStep'),
      ),
      el('ul', { class: 'problems' }),
    ),
  ];
}

function veto(ctx, ind, path) {
  const v = ind.veto;
  return el(
    'div',
    { class: 'veto', 'data-path': `${path}.veto` },
    el(
      'label',
      { class: 'check' },
      el('input', {
        type: 'checkbox',
        checked: v.on,
        onchange: (e) => {
          v.on = e.target.checked;
          ctx.render();
          scheduleCheck(ctx);
        },
      }),
      t('sets.veto'),
    ),
    v.on
      ? ['atLeast', 'atMost', 'cap'].map((k) =>
          field('veto.' + k, `${path}.veto.${k}`, bound(ctx, v, k, { inputmode: 'decimal' })),
        )
      : null,
    el('ul', { class: 'problems' }),
  );
}

/** The input dictionary beside a formula: a filter and the codes; a click inserts the code at the cursor. */
function dictionary(ctx, formula) {
  const list = el('div', { class: 'codes' });
  const fill = (q) =>
    clear(
      list,
      ctx.inputs
        .filter((x) => !q || x.code.includes(q) || localName(x).toLowerCase().includes(q))
        .map((x) =>
          el(
            'button',
            {
              type: 'button',
              class: 'chip',
              title: `${localName(x)}${x.unit ? ' (' + x.unit + ')' : ''} · ${x.level === 'department' ? t('sets.deptLevel') : t('sets.staffLevel')}`,
              'data-input': x.code,
              onclick: () => {
                const [a, b] = [
                  formula.selectionStart ?? formula.value.length,
                  formula.selectionEnd ?? formula.value.length,
                ];
                formula.setRangeText(x.code, a, b, 'end');
                formula.focus();
                formula.dispatchEvent(new Event('input'));
              },
            },
            x.code,
          ),
        ),
    );
  fill('');
  return el(
    'details',
    { class: 'dictionary' },
    el('summary', {}, t('sets.dictionary')),
    el('input', {
      type: 'search',
      placeholder: t('sets.filter'),
      'aria-label': t('sets.filter'),
      oninput: (e) => fill(e.target.value.trim().toLowerCase()),
    }),
    list,
  );
}

function grades(ctx) {
  const d = ctx.draft;
  return el(
    'section',
    { class: 'card', 'data-path': 'grades' },
    el('h2', {}, t('sets.grades')),
    el('p', { class: 'hint' }, t('sets.gradesHint')),
    el('ul', { class: 'problems' }),
    d.grades.map((g, k) =>
      el(
        'div',
        { class: 'grade-row', 'data-path': `grades[${k}]` },
        field('sets.min', `grades[${k}].min`, bound(ctx, g, 'min', { inputmode: 'decimal' })),
        field('grade', `grades[${k}].grade`, bound(ctx, g, 'grade')),
        field(
          'sets.coefficient',
          `grades[${k}].coefficient`,
          bound(ctx, g, 'coefficient', { inputmode: 'decimal' }),
        ),
        el(
          'button',
          {
            class: 'link',
            'aria-label': t('sets.removeGrade'),
            onclick: () => {
              d.grades.splice(k, 1);
              ctx.render();
              scheduleCheck(ctx);
            },
          },
          '×',
        ),
        el('ul', { class: 'problems' }),
      ),
    ),
    el(
      'button',
      {
        class: 'secondary',
        onclick: () => {
          d.grades.push({ min: '', grade: '', coefficient: '' });
          ctx.render();
          scheduleCheck(ctx);
        },
      },
      t('sets.addGrade'),
    ),
  );
}

/** The set's improvement plan rule: the threshold and the most items; empty fields take the hospital's settings. */
function plans(ctx) {
  const p = (ctx.draft.plans ??= { threshold: '', items: '' });
  return el(
    'section',
    { class: 'card', 'data-path': 'plans' },
    el('h2', {}, t('sets.plans')),
    el('p', { class: 'hint' }, t('sets.plansHint')),
    el('ul', { class: 'problems' }),
    el(
      'div',
      { class: 'grid' },
      field(
        'sets.planThreshold',
        'plans.threshold',
        bound(ctx, p, 'threshold', { inputmode: 'decimal', placeholder: t('sets.planDefault') }),
      ),
      field(
        'sets.planItems',
        'plans.items',
        bound(ctx, p, 'items', { inputmode: 'numeric', placeholder: t('sets.planDefault') }),
      ),
    ),
  );
}

/**
 * The set's grade quotas (强制分布): the group they count in and one row per rule, a cap on a grade's share or a
 * least number at a grade or below; without a row the set has no quotas.
 */
function quotas(ctx) {
  const d = ctx.draft;
  const q = (d.quotas ??= { scope: '', rules: [] });
  return el(
    'section',
    { class: 'card', 'data-path': 'quotas' },
    el('h2', {}, t('sets.quotas')),
    el('p', { class: 'hint' }, t('sets.quotasHint')),
    el('ul', { class: 'problems' }),
    field(
      'sets.quotaScope',
      'quotas.scope',
      el(
        'select',
        {
          class: 'quota-scope',
          onchange: (e) => {
            q.scope = e.target.value;
            scheduleCheck(ctx);
          },
        },
        // A scope the editor does not know (a stored one the check refuses) stays as it was until changed.
        [...new Set([...SCOPES, q.scope || 'department'])].map((v) =>
          el(
            'option',
            { value: v, selected: v === (q.scope || 'department') },
            SCOPES.includes(v) ? t(`sets.scope.${v}`) : v,
          ),
        ),
      ),
    ),
    el(
      'div',
      { class: 'quota-rules', 'data-path': 'quotas.rules' },
      q.rules.map((r, k) => quotaRule(ctx, q, r, k)),
      el('ul', { class: 'problems' }),
    ),
    el(
      'button',
      {
        id: 'add-quota',
        class: 'secondary',
        onclick: () => {
          q.rules.push(newQuotaRule(d.grades.find((g) => g.grade.trim())?.grade.trim()));
          ctx.render();
          scheduleCheck(ctx);
        },
      },
      t('sets.addQuota'),
    ),
  );
}

function quotaRule(ctx, q, r, k) {
  const path = `quotas.rules[${k}]`;
  return el(
    'div',
    { class: 'quota-row', 'data-path': path, 'data-quota-rule': String(k) },
    field('grade', `${path}.grade`, gradeSelect(ctx, r)),
    field(
      'sets.quotaKind',
      `${path}.kind`,
      el(
        'select',
        {
          class: 'quota-kind',
          onchange: (e) => {
            r.kind = e.target.value;
            ctx.render();
            scheduleCheck(ctx);
          },
        },
        ['maxShare', 'minCount'].map((v) =>
          el('option', { value: v, selected: v === r.kind }, t(`sets.quotaKind.${v}`)),
        ),
      ),
    ),
    r.kind === 'minCount'
      ? [
          field(
            'sets.minCount',
            `${path}.minCount`,
            bound(ctx, r, 'minCount', { inputmode: 'numeric', 'data-quota': 'minCount' }),
          ),
          field(
            'sets.minStaff',
            `${path}.minStaff`,
            bound(ctx, r, 'minStaff', {
              inputmode: 'numeric',
              'data-quota': 'minStaff',
              placeholder: t('sets.minStaffDefault'),
            }),
          ),
        ]
      : field(
          'sets.maxShare',
          `${path}.maxShare`,
          bound(ctx, r, 'maxShare', { inputmode: 'decimal', 'data-quota': 'maxShare' }),
        ),
    el(
      'button',
      {
        class: 'link',
        'aria-label': t('sets.removeQuota'),
        onclick: () => {
          q.rules.splice(k, 1);
          ctx.render();
          scheduleCheck(ctx);
        },
      },
      '×',
    ),
    el('ul', { class: 'problems' }),
  );
}

/** The draft's grades to pick from, read again on focus (a grade may have been typed since the render). */
function gradeSelect(ctx, r) {
  const fill = (select) => {
    const names = [...new Set(ctx.draft.grades.map((g) => g.grade.trim()).filter(Boolean))];
    if (r.grade && !names.includes(r.grade)) names.push(r.grade);
    clear(
      select,
      r.grade ? null : el('option', { value: '', selected: true }, '—'),
      names.map((n) => el('option', { value: n, selected: n === r.grade }, n)),
    );
  };
  const select = el('select', {
    class: 'quota-grade',
    onfocus: (e) => fill(e.target),
    onchange: (e) => {
      r.grade = e.target.value;
      scheduleCheck(ctx);
    },
  });
  fill(select);
  return select;
}

/** Re-applies the last check's answer after a render (the DOM was rebuilt). */
export function restoreChecks(ctx) {
  updateMeters(ctx);
  if (ctx.draft.problems) {
    showProblems(ctx.draft.problems);
    showStatus(ctx.draft);
  }
}

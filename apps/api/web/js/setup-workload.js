// The workload catalogue (/api/v1/workload): its versions, each in force from a month, and an editor for a new
// version, started from the chosen one — RVU components, tasks with a relative value per component (or one value),
// site factors per component, and the money per point. Posting for a month whose version is not yet frozen replaces
// it; otherwise a new version number is made (docs/API.md). The API's problems come with paths ("tasks[2].rvu"),
// shown next to the cell they name.
import { api } from './api.js';
import { t } from './i18n.js';
import { clear, el, localName, num, table } from './ui.js';
import { field, form, notice, status, submit, tell, text } from './setup-form.js';

const state = { versions: [], chosen: null, content: null, draft: null, error: null, notice: null };
let root;
let ctx;

export async function render(node, c, first) {
  root = node;
  ctx = c;
  if (first) await load();
  draw();
}

async function load(choose) {
  const r = await api('/api/v1/workload/versions');
  state.versions = r.ok ? r.data : [];
  state.error = r.ok ? null : r.error;
  const pick = choose ?? state.chosen ?? state.versions.at(-1)?.version ?? null;
  await choose_(pick);
}

async function choose_(version) {
  state.chosen = version;
  state.content = null;
  if (version === null) return;
  const r = await api(`/api/v1/workload/versions/${version}`);
  state.content = r.ok ? r.data : null;
  if (!r.ok) state.error = r.error;
}

/** A draft from a version's content: plain values the editor's inputs change in place. */
function draftOf(v) {
  const components = v?.components ?? [];
  return {
    effectiveFrom: '',
    components,
    pointValue: v?.pointValue ?? '',
    tasks: (v?.tasks ?? []).map((task) => ({
      code: task.code,
      // A name is one text or {zh, en}: a plain text goes in the Chinese column (the office writes Chinese first).
      // The API answers `names: {zh, en}` beside the one text when a name was given in both languages.
      zh: task.names?.zh ?? (typeof task.name === 'string' ? task.name : (task.name?.zh ?? '')),
      en: task.names?.en ?? (typeof task.name === 'string' ? '' : (task.name?.en ?? '')),
      description: task.description ?? '',
      rvu: typeof task.rvu === 'object' && task.rvu ? { ...task.rvu } : { '': task.rvu },
    })),
    adjustments: (v?.adjustments ?? []).map((a) => ({ site: a.site, factors: { ...a.factors } })),
  };
}

function draw() {
  clear(
    root,
    el(
      'section',
      { class: 'card' },
      el('h2', {}, t('setup.workload')),
      el('p', { class: 'hint' }, t('setup.workloadHint')),
      notice(state, 'workload-notice'),
      state.error ? el('p', { class: 'message error' }, state.error) : null,
      state.versions.length
        ? table(
            [
              {
                label: t('setup.version'),
                get: (v) =>
                  el(
                    'button',
                    {
                      type: 'button',
                      class: v.version === state.chosen ? 'chip active' : 'chip',
                      onclick: async () => {
                        await choose_(v.version);
                        draw();
                      },
                    },
                    `v${v.version}`,
                  ),
              },
              { label: t('office.effectiveFrom'), get: (v) => v.effectiveFrom },
              { label: t('status'), get: (v) => (v.frozen ? t('office.frozen') : t('setup.editable')) },
            ],
            [...state.versions].reverse(),
            { rowAttrs: (v) => ({ 'data-workload-version': v.version }) },
          )
        : el('p', { class: 'empty' }, t('setup.noWorkload')),
      state.content ? view(state.content) : null,
    ),
    ctx.canWrite ? editor() : null,
  );
}

function rvuText(rvu, components) {
  if (typeof rvu !== 'object' || rvu === null) return num(rvu, 4);
  return components.map((c) => `${c} ${num(rvu[c] ?? 0, 4)}`).join(' · ');
}

function view(v) {
  const components = v.components ?? [];
  return el(
    'div',
    { class: 'version', id: 'workload-view' },
    el(
      'p',
      {},
      el('strong', {}, `v${v.version}`),
      ` · ${t('office.effectiveFrom')} ${v.effectiveFrom}`,
      components.length ? ` · ${t('setup.components')}: ${components.join(', ')}` : '',
      v.pointValue ? ` · ${t('setup.pointValue')}: ${v.pointValue}` : '',
    ),
    table(
      [
        { label: t('setup.code'), get: (x) => x.code },
        { label: t('setup.name'), get: (x) => localName(x) },
        { label: t('setup.rvu'), get: (x) => rvuText(x.rvu, components) },
      ],
      v.tasks ?? [],
    ),
    v.adjustments?.length
      ? [
          el('h4', {}, t('setup.siteFactors')),
          table(
            [
              { label: t('setup.site'), get: (a) => a.site },
              {
                label: t('setup.factors'),
                get: (a) =>
                  Object.entries(a.factors ?? {})
                    .map(([c, f]) => `${c} ${num(f, 4)}`)
                    .join(' · '),
              },
            ],
            v.adjustments,
          ),
        ]
      : null,
  );
}

/** An input inside a table cell, with its own error slot (the API's path names it). */
function cell(path, input) {
  return el(
    'div',
    { class: 'cell-field', 'data-field': path },
    input,
    el('small', { class: 'field-error', hidden: true }),
  );
}

function bound(value, onInput, attrs = {}) {
  return el('input', { type: 'text', value: value ?? '', oninput: (e) => onInput(e.target.value), ...attrs });
}

function editor() {
  if (!state.draft) state.draft = draftOf(state.content);
  const d = state.draft;
  const comps = d.components.length ? d.components : [''];
  const note = status('workload-status');
  const tasks = el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      { class: 'grid-editor' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', {}, t('setup.code')),
          el('th', {}, t('setup.nameZh')),
          el('th', {}, t('setup.nameEn')),
          comps.map((c) => el('th', { class: 'n' }, c ? `${t('setup.rvu')} · ${c}` : t('setup.rvu'))),
          el('th', {}),
        ),
      ),
      el(
        'tbody',
        {},
        d.tasks.map((task, i) =>
          el(
            'tr',
            { 'data-task-row': i },
            el(
              'td',
              { 'data-label': t('setup.code') },
              cell(
                `tasks.${i}.code`,
                bound(task.code, (v) => (task.code = v), {
                  size: 10,
                  'aria-label': t('setup.code'),
                  name: `task-${i}-code`,
                }),
              ),
            ),
            el(
              'td',
              { 'data-label': t('setup.nameZh') },
              cell(
                `tasks.${i}.name`,
                bound(task.zh, (v) => (task.zh = v), {
                  'aria-label': t('setup.nameZh'),
                  lang: 'zh',
                  name: `task-${i}-zh`,
                }),
              ),
            ),
            el(
              'td',
              { 'data-label': t('setup.nameEn') },
              bound(task.en, (v) => (task.en = v), {
                'aria-label': t('setup.nameEn'),
                lang: 'en',
                name: `task-${i}-en`,
              }),
            ),
            comps.map((c) =>
              el(
                'td',
                { class: 'n', 'data-label': c || t('setup.rvu') },
                cell(
                  c ? `tasks.${i}.rvu.${c}` : `tasks.${i}.rvu`,
                  bound(task.rvu[c] ?? '', (v) => (task.rvu[c] = v), {
                    name: `task-${i}-rvu-${c}`,
                    inputmode: 'decimal',
                    size: 6,
                    'aria-label': `${t('setup.rvu')} ${c}`,
                  }),
                ),
              ),
            ),
            el(
              'td',
              {},
              el(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  onclick: () => {
                    d.tasks.splice(i, 1);
                    draw();
                  },
                },
                t('setup.remove'),
              ),
              cell(`tasks.${i}`, el('span')),
            ),
          ),
        ),
      ),
    ),
  );
  const adjustments = el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      { class: 'grid-editor' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', {}, t('setup.site')),
          comps.map((c) => el('th', { class: 'n' }, c || t('setup.factor'))),
          el('th', {}),
        ),
      ),
      el(
        'tbody',
        {},
        d.adjustments.map((a, i) =>
          el(
            'tr',
            {},
            el(
              'td',
              { 'data-label': t('setup.site') },
              cell(
                `adjustments.${i}.site`,
                el(
                  'select',
                  { onchange: (e) => (a.site = e.target.value), 'aria-label': t('setup.site') },
                  [['', '—'], ...ctx.sites.map((s) => [s.code, `${localName(s)} (${s.code})`])].map(
                    ([v, l]) => el('option', { value: v, selected: v === a.site }, l),
                  ),
                ),
              ),
            ),
            comps.map((c) =>
              el(
                'td',
                { class: 'n', 'data-label': c || t('setup.factor') },
                cell(
                  `adjustments.${i}.factors.${c}`,
                  bound(a.factors[c] ?? '', (v) => (a.factors[c] = v), {
                    inputmode: 'decimal',
                    size: 6,
                    'aria-label': `${t('setup.factor')} ${c}`,
                  }),
                ),
              ),
            ),
            el(
              'td',
              {},
              el(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  onclick: () => {
                    d.adjustments.splice(i, 1);
                    draw();
                  },
                },
                t('setup.remove'),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  const f = form(
    'workload-editor',
    [
      field(
        'effectiveFrom',
        'office.effectiveFrom',
        el('input', {
          type: 'month',
          name: 'effectiveFrom',
          value: d.effectiveFrom,
          oninput: (e) => (d.effectiveFrom = e.target.value),
        }),
      ),
      field(
        'components',
        'setup.components',
        text('components', d.components.join(', '), {
          onchange: (e) => {
            d.components = e.target.value
              .split(/[,，\s]+/)
              .map((x) => x.trim())
              .filter(Boolean);
            draw();
          },
        }),
        { hint: t('setup.componentsHint') },
      ),
      field(
        'pointValue',
        'setup.pointValue',
        text('pointValue', d.pointValue, {
          inputmode: 'decimal',
          oninput: (e) => (d.pointValue = e.target.value),
        }),
        {
          hint: t('setup.pointValueHint'),
        },
      ),
      el(
        'div',
        { class: 'wide' },
        el('h4', {}, t('setup.tasks')),
        tasks,
        el(
          'button',
          {
            type: 'button',
            class: 'chip',
            id: 'workload-add-task',
            onclick: () => {
              d.tasks.push({ code: '', zh: '', en: '', description: '', rvu: {} });
              draw();
            },
          },
          t('setup.addTask'),
        ),
      ),
      el(
        'div',
        { class: 'wide' },
        el('h4', {}, t('setup.siteFactors')),
        el('p', { class: 'hint' }, t('setup.siteFactorsHint')),
        adjustments,
        el(
          'button',
          {
            type: 'button',
            class: 'chip',
            onclick: () => {
              d.adjustments.push({ site: '', factors: {} });
              draw();
            },
          },
          t('setup.addSiteFactor'),
        ),
      ),
    ],
    [
      el('button', { type: 'submit' }, t('setup.saveVersion')),
      el(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => {
            state.draft = draftOf(state.content);
            draw();
          },
        },
        t('setup.startFromChosen'),
      ),
    ],
    (f) =>
      submit(f, note, '/api/v1/workload/versions', 'POST', bodyOf(d), async (v) => {
        tell(state, `${t('setup.saved')}: v${v.version} (${v.effectiveFrom})`);
        state.draft = null;
        await load(v.version);
        draw();
      }),
  );
  return el(
    'section',
    { class: 'card' },
    el('h2', {}, t('setup.newWorkloadVersion')),
    el('p', { class: 'hint' }, t('setup.newWorkloadHint')),
    f,
    note,
  );
}

/** A number as typed ("1.5"), or the text itself when it is not one (the API then names the cell). */
const numeric = (v) => {
  const s = String(v ?? '').trim();
  return s !== '' && Number.isFinite(Number(s)) ? Number(s) : s;
};

/** A task's name: {zh, en} when both are given, else the one given. */
function nameOf(task) {
  const zh = task.zh.trim();
  const en = task.en.trim();
  return zh && en ? { zh, en } : zh || en;
}

function bodyOf(d) {
  const comps = d.components;
  const body = {
    effectiveFrom: d.effectiveFrom,
    tasks: d.tasks.map((task) => ({
      code: task.code.trim(),
      name: nameOf(task),
      ...(task.description ? { description: task.description } : {}),
      rvu: comps.length
        ? Object.fromEntries(comps.map((c) => [c, numeric(task.rvu[c] ?? 0)]))
        : numeric(task.rvu['']),
    })),
  };
  if (comps.length) body.components = comps;
  const adjustments = d.adjustments.filter((a) => a.site);
  if (adjustments.length)
    body.adjustments = adjustments.map((a) => ({
      site: a.site,
      factors: Object.fromEntries(
        comps.filter((c) => String(a.factors[c] ?? '').trim() !== '').map((c) => [c, numeric(a.factors[c])]),
      ),
    }));
  // Money per point stays a decimal string (never a binary float).
  if (String(d.pointValue).trim()) body.pointValue = String(d.pointValue).trim();
  return body;
}

// Months and their incentive plans (/api/v1/periods): open a month, and edit its plan as a form — an amount
// formula per person, or pools per department (an amount or a formula each) split by a weight formula — with the
// cap, the floor, the proration and deductions (docs/INCENTIVE.md). Every save is a new plan version; the
// versions are listed with who made them. Money stays a decimal string from the input to the API.
import { api } from './api.js';
import { t } from './i18n.js';
import { clear, el, localName, statusLabel, table, when } from './ui.js';
import { checkbox, field, fmt, form, notice, status, submit, tell, text, valueOf } from './setup-form.js';

const state = { periods: [], chosen: null, plans: [], draft: null, error: null, notice: null };
let root;
let ctx;

export async function render(node, c, first) {
  root = node;
  ctx = c;
  if (first) await load();
  draw();
}

async function load(choose) {
  const r = await api('/api/v1/periods');
  state.periods = r.ok ? r.data : [];
  state.error = r.ok ? null : r.error;
  await pick(choose ?? state.chosen ?? state.periods.at(-1)?.period ?? null);
}

async function pick(period) {
  state.chosen = period;
  state.plans = [];
  state.draft = null;
  if (!period) return;
  const r = await api(`/api/v1/periods/${period}/incentive-plans`);
  state.plans = r.ok ? r.data : [];
}

const chosen = () => state.periods.find((p) => p.period === state.chosen) ?? null;

function draw() {
  clear(
    root,
    el(
      'section',
      { class: 'card' },
      el('h2', {}, t('setup.periods')),
      notice(state, 'periods-notice'),
      state.error ? el('p', { class: 'message error' }, state.error) : null,
      state.periods.length
        ? table(
            [
              {
                label: t('month'),
                get: (p) =>
                  el(
                    'button',
                    {
                      type: 'button',
                      class: 'link',
                      onclick: async () => {
                        await pick(p.period);
                        draw();
                      },
                    },
                    p.period,
                  ),
              },
              {
                label: t('status'),
                get: (p) => el('span', { class: `badge ${p.status}` }, statusLabel(p.status)),
              },
              {
                label: t('office.planVersion'),
                get: (p) => (p.planVersion ? `v${p.planVersion}` : '—'),
                class: 'n',
              },
              { label: t('setup.plan'), get: (p) => planSummary(p.incentive) },
            ],
            [...state.periods].reverse(),
            {
              rowAttrs: (p) => ({
                'data-period': p.period,
                class: p.period === state.chosen ? 'selected' : '',
              }),
            },
          )
        : el('p', { class: 'empty' }, t('office.noPeriods')),
      ctx.canWrite ? openForm() : null,
    ),
    chosen() ? planSection(chosen()) : null,
  );
}

function planSummary(inc) {
  if (!inc) return t('setup.noPlan');
  if (inc.amount) return `${t('setup.mode.amount')}: ${inc.amount}`;
  return `${t('setup.mode.pools')}: ${(inc.pools ?? []).length} · ${t('setup.weight')} ${inc.weight ?? ''}`;
}

function openForm() {
  const note = status('period-open-status');
  // The latest month with a plan: a new month usually starts from it (HR then changes what differs).
  const previous = [...state.periods].reverse().find((p) => p.incentive);
  const f = form(
    'period-open',
    [
      field('period', 'month', el('input', { type: 'month', name: 'period' })),
      previous
        ? el(
            'label',
            { class: 'check wide' },
            el('input', { type: 'checkbox', name: 'copyPlan', checked: true }),
            fmt('setup.copyPlan', { period: previous.period }),
          )
        : null,
    ],
    [el('button', { type: 'submit', id: 'period-open-button' }, t('setup.openMonth'))],
    (f) => {
      const body = { period: valueOf(f, 'period') };
      if (previous && f.elements.copyPlan?.checked) body.incentive = previous.incentive;
      return submit(f, note, '/api/v1/periods', 'POST', body, async (p) => {
        tell(state, `${t('setup.opened')}: ${p.period}`);
        await load(p.period);
        draw();
      });
    },
  );
  return el('div', { class: 'inline-form' }, el('h4', {}, t('setup.openMonth')), f, note);
}

/** The plan as the editor holds it: every field a string, pools as rows with a kind (amount or formula). */
function draftOf(inc) {
  return {
    mode: !inc ? 'none' : inc.amount !== undefined ? 'amount' : 'pools',
    amount: inc?.amount ?? '',
    weight: inc?.weight ?? '',
    pools: (inc?.pools ?? []).map((p) => ({
      department: p.department,
      kind: p.formula !== undefined ? 'formula' : 'amount',
      value: p.formula ?? p.amount ?? '',
    })),
    maxPerPerson: inc?.maxPerPerson ?? '',
    minPerPerson: inc?.minPerPerson ?? '',
    proration: inc?.proration ?? '',
    deductions: Boolean(inc?.deductions),
  };
}

/** The `incentive` to send (null: no plan); blank optional fields are left out. */
function incentiveOf(d) {
  if (d.mode === 'none') return null;
  const out = {};
  if (d.mode === 'amount') {
    out.amount = d.amount.trim();
    if (d.deductions) out.deductions = true;
  } else {
    out.pools = d.pools.map((p) => ({ department: p.department, [p.kind]: String(p.value).trim() }));
    out.weight = d.weight.trim();
  }
  for (const k of ['maxPerPerson', 'minPerPerson', 'proration'])
    if (String(d[k]).trim()) out[k] = String(d[k]).trim();
  return out;
}

function cell(path, input) {
  return el(
    'div',
    { class: 'cell-field', 'data-field': path },
    input,
    el('small', { class: 'field-error', hidden: true }),
  );
}

function planSection(p) {
  if (!state.draft) state.draft = draftOf(p.incentive);
  const d = state.draft;
  const closed = p.status === 'closed';
  const editable = ctx.canWrite && !closed;
  const note = status('plan-status');
  const bind = (key) => (e) => (d[key] = e.target.type === 'checkbox' ? e.target.checked : e.target.value);
  const modes = ['none', 'amount', 'pools'].map((m) =>
    el(
      'label',
      { class: 'check' },
      el('input', {
        type: 'radio',
        name: 'mode',
        value: m,
        checked: d.mode === m,
        disabled: !editable,
        onchange: () => {
          d.mode = m;
          draw();
        },
      }),
      t('setup.mode.' + m),
    ),
  );
  const fields = [
    el('div', { class: 'checks wide', role: 'radiogroup', 'aria-label': t('setup.plan') }, modes),
  ];
  if (d.mode === 'amount') {
    fields.push(
      field(
        'incentive.amount',
        'setup.amountFormula',
        text('incentive.amount', d.amount, { oninput: bind('amount') }),
        {
          hint: t('setup.amountFormulaHint'),
          wide: true,
        },
      ),
      el(
        'label',
        { class: 'check wide' },
        checkbox('incentive.deductions', d.deductions),
        t('setup.deductions'),
      ),
    );
    fields.at(-1).querySelector('input').addEventListener('change', bind('deductions'));
  }
  if (d.mode === 'pools') {
    const departments = ctx.departments.map((x) => [x.code, `${localName(x)} (${x.code})`]);
    fields.push(
      el(
        'div',
        { class: 'wide', 'data-field': 'incentive.pools' },
        el('h4', {}, t('setup.pools')),
        el('small', { class: 'field-error', hidden: true }),
        el(
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
                el('th', {}, t('setup.department')),
                el('th', {}, t('setup.poolKind')),
                el('th', {}, t('setup.poolValue')),
                el('th', {}),
              ),
            ),
            el(
              'tbody',
              {},
              d.pools.map((pool, i) =>
                el(
                  'tr',
                  { 'data-pool': i },
                  el(
                    'td',
                    { 'data-label': t('setup.department') },
                    cell(
                      `incentive.pools.${i}.department`,
                      el(
                        'select',
                        {
                          'aria-label': t('setup.department'),
                          onchange: (e) => (pool.department = e.target.value),
                        },
                        [['', '—'], ...departments].map(([v, l]) =>
                          el('option', { value: v, selected: v === pool.department }, l),
                        ),
                      ),
                    ),
                  ),
                  el(
                    'td',
                    { 'data-label': t('setup.poolKind') },
                    el(
                      'select',
                      { 'aria-label': t('setup.poolKind'), onchange: (e) => (pool.kind = e.target.value) },
                      ['amount', 'formula'].map((k) =>
                        el('option', { value: k, selected: k === pool.kind }, t('setup.pool.' + k)),
                      ),
                    ),
                  ),
                  el(
                    'td',
                    { 'data-label': t('setup.poolValue') },
                    cell(
                      `incentive.pools.${i}`,
                      el('input', {
                        type: 'text',
                        value: pool.value,
                        'aria-label': t('setup.poolValue'),
                        oninput: (e) => (pool.value = e.target.value),
                      }),
                    ),
                  ),
                  el(
                    'td',
                    {},
                    editable
                      ? el(
                          'button',
                          {
                            type: 'button',
                            class: 'link',
                            onclick: () => {
                              d.pools.splice(i, 1);
                              draw();
                            },
                          },
                          t('setup.remove'),
                        )
                      : null,
                  ),
                ),
              ),
            ),
          ),
        ),
        editable
          ? el(
              'button',
              {
                type: 'button',
                class: 'chip',
                id: 'plan-add-pool',
                onclick: () => {
                  d.pools.push({ department: '', kind: 'amount', value: '' });
                  draw();
                },
              },
              t('setup.addPool'),
            )
          : null,
      ),
      field(
        'incentive.weight',
        'setup.weightFormula',
        text('incentive.weight', d.weight, { oninput: bind('weight') }),
        {
          hint: t('setup.weightFormulaHint'),
          wide: true,
        },
      ),
    );
  }
  if (d.mode !== 'none') {
    fields.push(
      field(
        'incentive.maxPerPerson',
        'setup.maxPerPerson',
        text('incentive.maxPerPerson', d.maxPerPerson, {
          inputmode: 'decimal',
          oninput: bind('maxPerPerson'),
        }),
      ),
      field(
        'incentive.minPerPerson',
        'setup.minPerPerson',
        text('incentive.minPerPerson', d.minPerPerson, {
          inputmode: 'decimal',
          oninput: bind('minPerPerson'),
        }),
      ),
      field(
        'incentive.proration',
        'setup.proration',
        text('incentive.proration', d.proration, { oninput: bind('proration') }),
        {
          hint: t('setup.prorationHint'),
          wide: true,
        },
      ),
    );
  }
  const f = form(
    'plan-editor',
    fields,
    editable ? [el('button', { type: 'submit', id: 'plan-save' }, t('setup.savePlan'))] : [],
    (f) =>
      submit(f, note, `/api/v1/periods/${p.period}`, 'PATCH', { incentive: incentiveOf(d) }, async (view) => {
        tell(state, `${t('setup.saved')}: ${view.period} v${view.planVersion ?? '—'}`);
        await load(view.period);
        draw();
      }),
  );
  if (!editable) for (const c of f.querySelectorAll('input, select')) c.disabled = true;
  return el(
    'section',
    { class: 'card', id: 'plan' },
    el('h2', {}, `${t('setup.plan')} · ${p.period}`),
    el('p', { class: 'hint' }, closed ? t('setup.closedPlan') : t('setup.planHint')),
    f,
    note,
    state.plans.length
      ? [
          el('h4', {}, t('setup.planVersions')),
          table(
            [
              { label: t('setup.version'), get: (v) => `v${v.version}`, class: 'n' },
              { label: t('setup.plan'), get: (v) => planSummary(v.incentive) },
              { label: t('setup.source'), get: (v) => v.source },
              { label: t('setup.by'), get: (v) => v.createdBy },
              { label: t('setup.at'), get: (v) => when(v.createdAt) },
            ],
            [...state.plans].reverse(),
          ),
        ]
      : null,
  );
}

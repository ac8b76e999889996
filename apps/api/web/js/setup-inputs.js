// The input dictionary editor (/api/v1/inputs): the list, searchable and paged on the page (the dictionary is
// small), a form to add an input and one to change an input's names, unit, level or aggregate (the code stays:
// formulas use it), and deletion — refused by the API while observations, set versions or formulas use it.
import { api } from './api.js';
import { t } from './i18n.js';
import { clear, el, localName, message, table } from './ui.js';
import {
  field,
  form,
  listPager,
  matches,
  nameFields,
  notice,
  tell,
  nameValue,
  pageOf,
  panel,
  searchBox,
  select,
  status,
  submit,
  text,
  valueOf,
} from './setup-form.js';

const AGGREGATES = ['sum', 'mean', 'min', 'max', 'last', 'count'];
const LEVELS = ['staff', 'department'];
const state = { items: [], q: '', page: 0, error: null, editing: null };
let root;
let ctx;

export async function render(node, c, first) {
  root = node;
  ctx = c;
  if (first) await load();
  draw();
}

async function load() {
  const r = await api('/api/v1/inputs');
  state.items = r.ok ? r.data : [];
  state.error = r.ok ? null : r.error;
}

const aggregateLabel = (a) => `${t('setup.aggregate.' + a)} (${a})`;
const levelLabel = (l) => t('setup.level.' + l);

function draw() {
  const list = state.items.filter((i) => matches(i, state.q));
  const paged = pageOf(list, state.page, 25);
  const slot = el('div', { id: 'input-panel' });
  clear(
    root,
    el(
      'section',
      { class: 'card' },
      el('h2', {}, t('setup.inputs')),
      el('p', { class: 'hint' }, t('setup.inputsHint')),
      notice(state, 'inputs-notice'),
      state.error ? el('p', { class: 'message error' }, state.error) : null,
      el(
        'div',
        { class: 'toolbar wrap' },
        searchBox('input-search', 'setup.searchCodeName', state.q, (q) => {
          state.q = q;
          state.page = 0;
          draw();
        }),
        el('span', { class: 'sub' }, `${list.length} / ${state.items.length}`),
      ),
      table(
        [
          {
            label: t('setup.code'),
            get: (i) => el('button', { type: 'button', class: 'link', onclick: () => edit(i, slot) }, i.code),
          },
          { label: t('setup.name'), get: (i) => localName(i) },
          { label: t('setup.unit'), get: (i) => i.unit },
          { label: t('setup.level'), get: (i) => levelLabel(i.level) },
          { label: t('setup.aggregate'), get: (i) => aggregateLabel(i.aggregate) },
        ],
        paged.items,
        { rowAttrs: (i) => ({ 'data-input': i.code }) },
      ),
      listPager(paged, 'inputs', (p) => {
        state.page = p;
        draw();
      }),
      slot,
    ),
    ctx.canWrite ? createForm() : null,
  );
}

function fieldsOf(i) {
  return [
    ...nameFields(i),
    field('unit', 'setup.unit', text('unit', i?.unit ?? '', { maxlength: 32 })),
    field(
      'level',
      'setup.level',
      select(
        'level',
        LEVELS.map((l) => [l, levelLabel(l)]),
        i?.level ?? 'staff',
      ),
    ),
    field(
      'aggregate',
      'setup.aggregate',
      select(
        'aggregate',
        AGGREGATES.map((a) => [a, aggregateLabel(a)]),
        i?.aggregate ?? 'sum',
      ),
      { hint: t('setup.aggregateHint') },
    ),
  ];
}

function bodyOf(f) {
  return {
    name: nameValue(f),
    unit: valueOf(f, 'unit'),
    level: valueOf(f, 'level'),
    aggregate: valueOf(f, 'aggregate'),
  };
}

function createForm() {
  const note = status('input-create-status');
  const f = form(
    'input-create',
    [
      field('code', 'setup.code', text('code', '', { maxlength: 64 }), { hint: t('setup.inputCodeHint') }),
      ...fieldsOf(null),
    ],
    [el('button', { type: 'submit' }, t('setup.addInput'))],
    (f) =>
      submit(f, note, '/api/v1/inputs', 'POST', { code: valueOf(f, 'code'), ...bodyOf(f) }, async (data) => {
        state.q = data.code;
        state.page = 0;
        tell(state, `${t('setup.saved')}: ${data.code}`);
        await load();
        draw();
      }),
  );
  return el('section', { class: 'card' }, el('h2', {}, t('setup.addInput')), f, note);
}

function edit(i, slot) {
  const note = status('input-edit-status');
  const children = [];
  if (ctx.canWrite) {
    children.push(
      form(
        'input-edit',
        fieldsOf(i),
        [
          el('button', { type: 'submit' }, t('setup.save')),
          el(
            'button',
            {
              type: 'button',
              class: 'danger',
              id: 'input-delete',
              onclick: async () => {
                if (!confirm(`${t('setup.confirmDelete')} ${i.code}?`)) return;
                const r = await api(`/api/v1/inputs/${encodeURIComponent(i.code)}`, { method: 'DELETE' });
                if (!r.ok) return message(note, r.error, 'error');
                tell(state, `${t('setup.deleted')}: ${i.code}`);
                await load();
                draw();
              },
            },
            t('setup.delete'),
          ),
        ],
        (f) =>
          submit(f, note, `/api/v1/inputs/${encodeURIComponent(i.code)}`, 'PATCH', bodyOf(f), async () => {
            tell(state, `${t('setup.saved')}: ${i.code}`);
            await load();
            draw();
          }),
      ),
    );
  } else {
    children.push(
      el(
        'dl',
        { class: 'facts-list' },
        [
          ['setup.name', localName(i)],
          ['setup.unit', i.unit],
          ['setup.level', levelLabel(i.level)],
          ['setup.aggregate', aggregateLabel(i.aggregate)],
        ].map(([k, v]) => [el('dt', {}, t(k)), el('dd', {}, v)]),
      ),
    );
  }
  panel(slot, `${t('setup.input')} ${i.code}`, ...children, note);
}

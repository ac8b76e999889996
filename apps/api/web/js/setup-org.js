// The organisation editors: sites, departments (with their site and parent) and post types, each a code with a
// name in Chinese and English (/api/v1/sites, /departments, /post-types). One generic editor per kind: a
// searchable, paged list, a form to add, and a panel to change or delete one (the API refuses deleting what is
// still in use, or changing what a closed month was scored with, and says why).
import { api } from './api.js';
import { t } from './i18n.js';
import { clear, el, localName, message, table } from './ui.js';
import {
  field,
  form,
  listPager,
  matches,
  nameFields,
  nameValue,
  notice,
  pageOf,
  panel,
  searchBox,
  select,
  status,
  submit,
  tell,
  text,
  valueOf,
} from './setup-form.js';

let root;
let ctx;

const KINDS = [
  { id: 'sites', path: '/api/v1/sites', title: 'setup.sites', one: 'setup.site', add: 'setup.addSite' },
  {
    id: 'departments',
    path: '/api/v1/departments',
    title: 'setup.departments',
    one: 'setup.department',
    add: 'setup.addDepartment',
    department: true,
  },
  {
    id: 'post-types',
    path: '/api/v1/post-types',
    title: 'setup.postTypes',
    one: 'setup.postType',
    add: 'setup.addPostType',
  },
];
const states = Object.fromEntries(KINDS.map((k) => [k.id, { q: '', page: 0, notice: null }]));

export async function render(node, c) {
  root = node;
  ctx = c;
  draw();
}

function itemsOf(kind) {
  return kind.id === 'sites' ? ctx.sites : kind.id === 'departments' ? ctx.departments : ctx.postTypes;
}

/** A department's site and parent by code: the API answers codes, or (older answers) ids. */
function siteOf(d) {
  if (typeof d.site === 'string' || d.site === null) return d.site;
  if (d.site && typeof d.site === 'object') return d.site.code ?? null;
  return ctx.sites.find((s) => s.id === d.siteId)?.code ?? null;
}

function parentOf(d) {
  if (typeof d.parent === 'string' || d.parent === null) return d.parent;
  if (d.parent && typeof d.parent === 'object') return d.parent.code ?? null;
  return ctx.departments.find((x) => x.id === d.parentId)?.code ?? null;
}

const labelled = (list, code) => {
  const row = list.find((x) => x.code === code);
  return code ? `${row ? localName(row) : ''} (${code})` : '—';
};

function draw() {
  clear(root, ...KINDS.map(section));
}

function section(kind) {
  const state = states[kind.id];
  const all = itemsOf(kind);
  const list = all.filter((x) => matches(x, state.q));
  const paged = pageOf(list, state.page, 20);
  const slot = el('div', { id: `${kind.id}-panel` });
  const columns = [
    {
      label: t('setup.code'),
      get: (x) => el('button', { type: 'button', class: 'link', onclick: () => edit(kind, x, slot) }, x.code),
    },
    { label: t('setup.name'), get: (x) => localName(x) },
  ];
  if (kind.department) {
    columns.push(
      { label: t('setup.site'), get: (d) => labelled(ctx.sites, siteOf(d)) },
      { label: t('setup.parent'), get: (d) => labelled(ctx.departments, parentOf(d)) },
    );
  }
  return el(
    'section',
    { class: 'card', id: `org-${kind.id}` },
    el('h2', {}, t(kind.title)),
    notice(state, `${kind.id}-notice`),
    el(
      'div',
      { class: 'toolbar wrap' },
      searchBox(`${kind.id}-search`, 'setup.searchCodeName', state.q, (q) => {
        state.q = q;
        state.page = 0;
        draw();
      }),
      el('span', { class: 'sub' }, `${list.length} / ${all.length}`),
    ),
    table(columns, paged.items, { rowAttrs: (x) => ({ [`data-${kind.id}`]: x.code }) }),
    listPager(paged, kind.id, (p) => {
      state.page = p;
      draw();
    }),
    slot,
    ctx.canWrite ? createForm(kind) : null,
  );
}

function departmentFields(d) {
  const sites = ctx.sites.map((s) => [s.code, `${localName(s)} (${s.code})`]);
  const parents = ctx.departments
    .filter((x) => !d || x.code !== d.code)
    .map((x) => [x.code, `${localName(x)} (${x.code})`]);
  return [
    field('site', 'setup.site', select('site', sites, d ? siteOf(d) : '', { empty: t('setup.none') })),
    field(
      'parent',
      'setup.parent',
      select('parent', parents, d ? parentOf(d) : '', { empty: t('setup.none') }),
    ),
  ];
}

function bodyOf(kind, f, creating) {
  const body = { name: nameValue(f) };
  if (kind.department) {
    // An empty choice clears the link on a change, and is simply left out on a creation.
    const site = valueOf(f, 'site');
    const parent = valueOf(f, 'parent');
    if (site !== undefined || !creating) body.site = site ?? null;
    if (parent !== undefined || !creating) body.parent = parent ?? null;
  }
  return body;
}

function createForm(kind) {
  const note = status(`${kind.id}-create-status`);
  const f = form(
    `${kind.id}-create`,
    [
      field('code', 'setup.code', text('code', '', { maxlength: 64 })),
      ...nameFields(null),
      ...(kind.department ? departmentFields(null) : []),
    ],
    [el('button', { type: 'submit' }, t(kind.add))],
    (f) =>
      submit(
        f,
        note,
        kind.path,
        'POST',
        { code: valueOf(f, 'code'), ...bodyOf(kind, f, true) },
        async (data) => {
          tell(states[kind.id], `${t('setup.saved')}: ${data.code}`);
          states[kind.id].q = data.code;
          await ctx.reload();
        },
      ),
  );
  return el('details', { class: 'add' }, el('summary', {}, t(kind.add)), f, note);
}

function edit(kind, x, slot) {
  const note = status(`${kind.id}-edit-status`);
  const url = `${kind.path}/${encodeURIComponent(x.code)}`;
  if (!ctx.canWrite) {
    return panel(
      slot,
      `${t(kind.one)} ${x.code}`,
      el(
        'dl',
        { class: 'facts-list' },
        el('dt', {}, t('setup.nameZh')),
        el('dd', {}, x.names?.zh ?? x.name),
        el('dt', {}, t('setup.nameEn')),
        el('dd', {}, x.names?.en ?? '—'),
        kind.department
          ? [el('dt', {}, t('setup.site')), el('dd', {}, labelled(ctx.sites, siteOf(x)))]
          : null,
        kind.department
          ? [el('dt', {}, t('setup.parent')), el('dd', {}, labelled(ctx.departments, parentOf(x)))]
          : null,
      ),
    );
  }
  const f = form(
    `${kind.id}-edit`,
    [...nameFields(x), ...(kind.department ? departmentFields(x) : [])],
    [
      el('button', { type: 'submit' }, t('setup.save')),
      el(
        'button',
        {
          type: 'button',
          class: 'danger',
          onclick: async () => {
            if (!confirm(`${t('setup.confirmDelete')} ${x.code}?`)) return;
            const r = await api(url, { method: 'DELETE' });
            if (!r.ok) return message(note, r.error, 'error');
            tell(states[kind.id], `${t('setup.deleted')}: ${x.code}`);
            await ctx.reload();
          },
        },
        t('setup.delete'),
      ),
    ],
    (f) =>
      submit(f, note, url, 'PATCH', bodyOf(kind, f, false), async () => {
        tell(states[kind.id], `${t('setup.saved')}: ${x.code}`);
        await ctx.reload();
      }),
  );
  panel(slot, `${t(kind.one)} ${x.code}`, f, note);
}

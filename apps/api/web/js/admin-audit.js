// The audit log (/api/v1/audit): filters by actor, action, entity, key and a range of days (the API's whitelisted
// filters; the choices from /audit/facets and the users), newest first, more entries by the API's cursor. Opening an
// entry shows its before and after side by side: both flattened to paths ("placements[1].department"), every
// path on one row, the changed, added and removed ones highlighted.
import { api } from './api.js';
import { t } from './i18n.js';
import { clear, el, table, when } from './ui.js';
import { fmt } from './setup-form.js';

const PAGE = 50;
const state = {
  filters: { actor: '', action: '', entity: '', entityKey: '', from: '', to: '' },
  items: [],
  nextCursor: null,
  error: null,
  facets: { actions: [], entities: [] },
  actors: [],
  open: null,
};
let root;

export async function render(node, _ctx, first) {
  root = node;
  if (first) {
    const [f, u] = await Promise.all([api('/api/v1/audit/facets'), api('/api/v1/users')]);
    if (f.ok) state.facets = f.data;
    state.actors = u.ok ? u.data.map((x) => `user:${x.username}`) : [];
    await search();
  }
  draw();
}

async function fetchPage(cursor) {
  const p = new URLSearchParams({ limit: String(PAGE) });
  for (const [k, v] of Object.entries(state.filters)) if (v.trim()) p.set(k, v.trim());
  if (cursor) p.set('cursor', cursor);
  return api(`/api/v1/audit?${p}`);
}

async function search() {
  const r = await fetchPage(null);
  state.error = r.ok ? null : r.error;
  state.items = r.ok ? r.data.items : [];
  state.nextCursor = r.ok ? r.data.nextCursor : null;
  state.open = null;
}

async function more() {
  const r = await fetchPage(state.nextCursor);
  if (!r.ok) {
    state.error = r.error;
    return;
  }
  state.items.push(...r.data.items);
  state.nextCursor = r.data.nextCursor;
}

function filterForm() {
  const f = state.filters;
  const input = (name, attrs = {}) =>
    el('input', {
      name,
      id: `audit-${name}`,
      value: f[name],
      autocomplete: 'off',
      oninput: (e) => (f[name] = e.target.value),
      ...attrs,
    });
  const labelled = (key, control) =>
    el('label', { class: 'field' }, el('span', { class: 'field-label' }, t(key)), control);
  const form = el(
    'form',
    { class: 'form editor filters', id: 'audit-filters' },
    el(
      'div',
      { class: 'fields' },
      labelled('admin.actor', input('actor', { type: 'text', list: 'audit-actors' })),
      el(
        'datalist',
        { id: 'audit-actors' },
        state.actors.map((a) => el('option', { value: a })),
      ),
      labelled('admin.action', input('action', { type: 'text', list: 'audit-actions' })),
      el(
        'datalist',
        { id: 'audit-actions' },
        state.facets.actions.map((a) => el('option', { value: a })),
      ),
      labelled(
        'admin.entity',
        el(
          'select',
          { name: 'entity', id: 'audit-entity', onchange: (e) => (f.entity = e.target.value) },
          [['', t('setup.all')], ...state.facets.entities.map((x) => [x, x])].map(([v, l]) =>
            el('option', { value: v, selected: v === f.entity }, l),
          ),
        ),
      ),
      labelled('admin.entityKey', input('entityKey', { type: 'text' })),
      labelled('admin.fromDay', input('from', { type: 'date' })),
      labelled('admin.toDay', input('to', { type: 'date' })),
    ),
    el(
      'div',
      { class: 'buttons' },
      el('button', { type: 'submit', id: 'audit-apply' }, t('admin.filter')),
      el(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: async () => {
            for (const k of Object.keys(f)) f[k] = '';
            await search();
            draw();
          },
        },
        t('admin.clearFilters'),
      ),
    ),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    await search();
    draw();
  });
  return form;
}

function draw() {
  const slot = el('div', { id: 'audit-change' });
  clear(
    root,
    el(
      'section',
      { class: 'card' },
      el('h2', {}, t('admin.audit')),
      el('p', { class: 'hint' }, t('admin.auditHint')),
      filterForm(),
      state.error ? el('p', { class: 'message error', id: 'audit-error' }, state.error) : null,
      state.items.length
        ? table(
            [
              { label: t('admin.at'), get: (e) => when(e.at) },
              { label: t('admin.actor'), get: (e) => e.actor },
              { label: t('admin.action'), get: (e) => el('code', {}, e.action) },
              { label: t('admin.entity'), get: (e) => `${e.entity} ${e.entityKey}` },
              {
                label: t('admin.change'),
                get: (e) =>
                  e.before === null && e.after === null
                    ? '—'
                    : el(
                        'button',
                        {
                          type: 'button',
                          class: 'link',
                          'data-open': e.id,
                          onclick: () => openEntry(e, slot),
                        },
                        t('admin.showChange'),
                      ),
              },
            ],
            state.items,
            { rowAttrs: (e) => ({ 'data-entry': e.id, class: e.id === state.open ? 'selected' : '' }) },
          )
        : el('p', { class: 'empty' }, t('admin.noEntries')),
      state.nextCursor
        ? el(
            'button',
            {
              type: 'button',
              class: 'chip',
              id: 'audit-more',
              onclick: async () => {
                await more();
                draw();
              },
            },
            t('admin.more'),
          )
        : null,
      slot,
    ),
  );
  const open = state.items.find((e) => e.id === state.open);
  if (open) openEntry(open, slot);
}

/** `value` flattened to [path, leaf] pairs: objects by key, arrays by index; an empty object or array is a leaf. */
export function flatten(value, path = '', out = new Map()) {
  if (value !== null && typeof value === 'object' && Object.keys(value).length) {
    for (const [k, v] of Object.entries(value)) {
      const next = Array.isArray(value) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
      flatten(v, next, out);
    }
  } else if (path || value !== null) {
    out.set(path, value);
  }
  return out;
}

const show = (v) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/** Rows of a before/after comparison: every path of either side, with its kind of change. */
export function diffRows(before, after) {
  const a = flatten(before ?? null);
  const b = flatten(after ?? null);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths.map((path) => {
    const was = a.get(path);
    const now = b.get(path);
    const kind = !a.has(path)
      ? 'added'
      : !b.has(path)
        ? 'removed'
        : show(was) === show(now)
          ? 'same'
          : 'changed';
    return { path, was, now, kind };
  });
}

function openEntry(entry, slot) {
  state.open = entry.id;
  for (const row of root.querySelectorAll('tr[data-entry]'))
    row.classList.toggle('selected', Number(row.dataset.entry) === entry.id);
  const rows = diffRows(entry.before, entry.after);
  const changed = rows.filter((r) => r.kind !== 'same').length;
  const onlyChanges = el('input', { type: 'checkbox', id: 'audit-only-changes' });
  const body = el('div', { class: 'diff-body' });
  const fill = () =>
    clear(
      body,
      el(
        'div',
        { class: 'table-wrap' },
        el(
          'table',
          { class: 'diff', id: 'audit-diff' },
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              el('th', {}, t('admin.field')),
              el('th', {}, t('admin.before')),
              el('th', {}, t('admin.after')),
            ),
          ),
          el(
            'tbody',
            {},
            rows
              .filter((r) => !onlyChanges.checked || r.kind !== 'same')
              .map((r) =>
                el(
                  'tr',
                  { class: r.kind, 'data-path': r.path, 'data-kind': r.kind },
                  el('td', { class: 'path', 'data-label': t('admin.field') }, el('code', {}, r.path || '·')),
                  el('td', { class: 'was', 'data-label': t('admin.before') }, show(r.was)),
                  el('td', { class: 'now', 'data-label': t('admin.after') }, show(r.now)),
                ),
              ),
          ),
        ),
      ),
    );
  onlyChanges.addEventListener('change', fill);
  fill();
  clear(
    slot,
    el(
      'div',
      { class: 'card editor-panel', id: 'audit-entry' },
      el(
        'div',
        { class: 'panel-head' },
        el('h3', {}, `${entry.action} · ${entry.entity} ${entry.entityKey}`),
        el(
          'button',
          {
            type: 'button',
            class: 'link',
            onclick: () => {
              state.open = null;
              clear(slot);
            },
          },
          t('setup.close'),
        ),
      ),
      el(
        'p',
        { class: 'sub' },
        `${when(entry.at)} · ${entry.actor} · ${fmt('admin.changedFields', { n: changed })}`,
      ),
      el('label', { class: 'check' }, onlyChanges, t('admin.onlyChanges')),
      el(
        'p',
        { class: 'legend diff-legend' },
        el('span', { class: 'changed' }, t('admin.kind.changed')),
        el('span', { class: 'added' }, t('admin.kind.added')),
        el('span', { class: 'removed' }, t('admin.kind.removed')),
      ),
      body,
    ),
  );
  slot.scrollIntoView?.({ block: 'nearest' });
}

// The staff editor (/api/v1/staff): a list for 100,000 people — searched and filtered by the API (`q`, department,
// active month) and paged by its cursor — a form to add someone, and a member of staff's panel: their details,
// their placements over time, a transfer from a month on (`effectiveFrom`, docs/API.md), the end of their activity
// (deactivation: `activeTo`), and deletion (refused while observations or a closed month refer to them).
import { api } from './api.js';
import { t } from './i18n.js';
import { clear, el, localName, message, table } from './ui.js';
import {
  cursorPager,
  field,
  form,
  notice,
  panel,
  searchBox,
  select,
  status,
  submit,
  tell,
  text,
  valueOf,
} from './setup-form.js';

export const EMPLOYMENT_TYPES = ['in_house', 'contract', 'outsourced'];
const PAGE = 50;
const state = { q: '', department: '', active: '', notice: null, open: null };
let root;
let ctx;

const pager = cursorPager((cursor) => {
  const p = new URLSearchParams({ limit: String(PAGE) });
  if (state.q.trim()) p.set('q', state.q.trim());
  if (state.department) p.set('department', state.department);
  if (state.active) p.set('active', state.active);
  if (cursor) p.set('cursor', cursor);
  return api(`/api/v1/staff?${p}`);
});

export async function render(node, c, first) {
  root = node;
  ctx = c;
  if (first || !pager.state.page) await pager.first();
  draw();
}

export const employmentLabel = (e) => (e ? t('setup.employment.' + e) : '—');
const codeName = (list, code) => {
  if (!code) return '—';
  const row = list.find((x) => x.code === code);
  return row ? `${localName(row)} (${code})` : code;
};
const options = (list) => list.map((x) => [x.code, `${localName(x)} (${x.code})`]);

async function refresh() {
  await pager.first();
  draw();
}

function draw() {
  const slot = el('div', { id: 'staff-panel' });
  const page = pager.state.page ?? { items: [] };
  clear(
    root,
    el(
      'section',
      { class: 'card' },
      el('h2', {}, t('setup.staff')),
      notice(state, 'staff-notice'),
      el(
        'div',
        { class: 'toolbar wrap' },
        searchBox('staff-search', 'setup.searchStaff', state.q, async (q) => {
          state.q = q;
          await refresh();
        }),
        el(
          'label',
          { class: 'inline' },
          t('setup.department'),
          ' ',
          el(
            'select',
            {
              id: 'staff-department',
              onchange: async (e) => {
                state.department = e.target.value;
                await refresh();
              },
            },
            [['', t('setup.all')], ...options(ctx.departments)].map(([v, l]) =>
              el('option', { value: v, selected: v === state.department }, l),
            ),
          ),
        ),
        el(
          'label',
          { class: 'inline' },
          t('setup.activeIn'),
          ' ',
          el('input', {
            type: 'month',
            id: 'staff-active',
            value: state.active,
            onchange: async (e) => {
              state.active = e.target.value;
              await refresh();
            },
          }),
        ),
      ),
      pager.state.error ? el('p', { class: 'message error' }, pager.state.error) : null,
      page.items.length
        ? table(
            [
              {
                label: t('setup.code'),
                get: (s) =>
                  el('button', { type: 'button', class: 'link', onclick: () => open(s.code) }, s.code),
              },
              { label: t('setup.personName'), get: (s) => s.name },
              { label: t('setup.employeeNo'), get: (s) => s.employeeNo },
              { label: t('setup.department'), get: (s) => codeName(ctx.departments, s.department) },
              { label: t('setup.postType'), get: (s) => codeName(ctx.postTypes, s.postType) },
              { label: t('setup.employmentType'), get: (s) => employmentLabel(s.employmentType) },
              { label: t('setup.active'), get: (s) => `${s.activeFrom} – ${s.activeTo ?? ''}` },
            ],
            page.items,
            { rowAttrs: (s) => ({ 'data-staff': s.code, class: s.code === state.open ? 'selected' : '' }) },
          )
        : el('p', { class: 'empty' }, t('setup.noStaff')),
      pager.controls(draw, 'staff'),
      slot,
    ),
    ctx.canWrite ? createForm() : null,
  );
  if (state.open) void open(state.open, slot);
}

function placementFields(s, { transfer } = {}) {
  const types = EMPLOYMENT_TYPES.map((e) => [e, employmentLabel(e)]);
  return [
    field(
      'department',
      'setup.department',
      select('department', options(ctx.departments), s?.department ?? '', {
        empty: transfer ? undefined : t('setup.choose'),
      }),
    ),
    field(
      'site',
      'setup.ownSite',
      select('site', options(ctx.sites), s?.site ?? '', { empty: t('setup.departmentSite') }),
    ),
    field(
      'postType',
      'setup.postType',
      select('postType', options(ctx.postTypes), s?.postType ?? '', { empty: t('setup.none') }),
    ),
    field(
      'employmentType',
      'setup.employmentType',
      select('employmentType', types, s?.employmentType ?? 'in_house'),
    ),
  ];
}

function createForm() {
  const note = status('staff-create-status');
  const f = form(
    'staff-create',
    [
      field('code', 'setup.code', text('code', '', { maxlength: 64 })),
      field('name', 'setup.personName', text('name', '', { maxlength: 200 })),
      field('employeeNo', 'setup.employeeNo', text('employeeNo', '', { maxlength: 64 })),
      ...placementFields(null),
      field('activeFrom', 'setup.activeFrom', el('input', { type: 'date', name: 'activeFrom' })),
      field('activeTo', 'setup.activeTo', el('input', { type: 'date', name: 'activeTo' }), {
        hint: t('setup.activeToHint'),
      }),
    ],
    [el('button', { type: 'submit' }, t('setup.addStaff'))],
    (f) => {
      const body = {
        code: valueOf(f, 'code'),
        name: valueOf(f, 'name'),
        employeeNo: valueOf(f, 'employeeNo'),
        department: valueOf(f, 'department'),
        site: valueOf(f, 'site'),
        postType: valueOf(f, 'postType'),
        employmentType: valueOf(f, 'employmentType'),
        activeFrom: valueOf(f, 'activeFrom'),
        activeTo: valueOf(f, 'activeTo'),
      };
      return submit(f, note, '/api/v1/staff', 'POST', body, async (data) => {
        tell(state, `${t('setup.saved')}: ${data.code}`);
        state.q = data.code;
        state.open = data.code;
        await refresh();
      });
    },
  );
  return el('section', { class: 'card' }, el('h2', {}, t('setup.addStaff')), f, note);
}

async function open(code, slot = document.getElementById('staff-panel')) {
  state.open = code;
  for (const row of root.querySelectorAll('tr[data-staff]'))
    row.classList.toggle('selected', row.dataset.staff === code);
  const r = await api(`/api/v1/staff/${encodeURIComponent(code)}`);
  if (!slot) return;
  if (!r.ok) return panel(slot, code, el('p', { class: 'message error' }, r.error));
  const s = r.data;
  const url = `/api/v1/staff/${encodeURIComponent(code)}`;
  const placements = table(
    [
      { label: t('setup.from'), get: (p) => p.from ?? t('setup.fromStart') },
      { label: t('setup.department'), get: (p) => codeName(ctx.departments, p.department) },
      { label: t('setup.site'), get: (p) => codeName(ctx.sites, p.site) },
      { label: t('setup.postType'), get: (p) => codeName(ctx.postTypes, p.postType) },
      { label: t('setup.employmentType'), get: (p) => employmentLabel(p.employmentType) },
    ],
    s.placements ?? [],
    { rowAttrs: (p) => ({ 'data-placement': p.from ?? 'start' }) },
  );
  const facts = el(
    'dl',
    { class: 'facts-list' },
    el('dt', {}, t('setup.personName')),
    el('dd', {}, s.name),
    el('dt', {}, t('setup.employeeNo')),
    el('dd', {}, s.employeeNo),
    el('dt', {}, t('setup.active')),
    el('dd', { id: 'staff-active-range' }, `${s.activeFrom} – ${s.activeTo ?? t('setup.stillActive')}`),
  );
  const children = [facts, el('h4', {}, t('setup.placements')), placements];
  const note = status('staff-edit-status');
  if (ctx.canWrite) children.push(...editForms(s, url, note));
  children.push(note);
  panel(slot, `${s.name} (${s.code})`, ...children);
}

function editForms(s, url, note) {
  const reopen = async (text) => {
    tell(state, text);
    await pager.fetch();
    draw();
  };
  const details = form(
    'staff-edit',
    [
      field('name', 'setup.personName', text('name', s.name, { maxlength: 200 })),
      field('employeeNo', 'setup.employeeNo', text('employeeNo', s.employeeNo, { maxlength: 64 })),
      field(
        'activeFrom',
        'setup.activeFrom',
        el('input', { type: 'date', name: 'activeFrom', value: s.activeFrom }),
      ),
    ],
    [el('button', { type: 'submit' }, t('setup.save'))],
    (f) =>
      submit(
        f,
        note,
        url,
        'PATCH',
        {
          name: valueOf(f, 'name'),
          employeeNo: valueOf(f, 'employeeNo'),
          activeFrom: valueOf(f, 'activeFrom'),
        },
        () => reopen(`${t('setup.saved')}: ${s.code}`),
      ),
  );
  const transfer = form(
    'staff-transfer',
    [
      ...placementFields(s, { transfer: true }),
      field('effectiveFrom', 'setup.effectiveFrom', el('input', { type: 'month', name: 'effectiveFrom' }), {
        hint: t('setup.effectiveFromHint'),
      }),
    ],
    [el('button', { type: 'submit' }, t('setup.transfer'))],
    (f) => {
      // Only what changes: a field sent unchanged would still count as a transfer of it.
      const body = {};
      for (const k of ['department', 'site', 'postType', 'employmentType']) {
        const v = valueOf(f, k) ?? null;
        if (v !== (s[k] ?? null)) body[k] = v;
      }
      if (!Object.keys(body).length) {
        message(note, t('setup.nothingChanged'), 'error');
        return;
      }
      const from = valueOf(f, 'effectiveFrom');
      if (from) body.effectiveFrom = from;
      return submit(f, note, url, 'PATCH', body, () => reopen(`${t('setup.transferred')}: ${s.code}`));
    },
  );
  const deactivate = form(
    'staff-deactivate',
    [
      field(
        'activeTo',
        'setup.activeTo',
        el('input', { type: 'date', name: 'activeTo', value: s.activeTo ?? '' }),
        {
          hint: t('setup.deactivateHint'),
        },
      ),
    ],
    [
      el('button', { type: 'submit' }, t('setup.deactivate')),
      s.activeTo
        ? el(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: (e) =>
                submit(e.target.form, note, url, 'PATCH', { activeTo: null }, () =>
                  reopen(`${t('setup.reactivated')}: ${s.code}`),
                ),
            },
            t('setup.reactivate'),
          )
        : null,
      el(
        'button',
        {
          type: 'button',
          class: 'danger',
          onclick: async () => {
            if (!confirm(`${t('setup.confirmDelete')} ${s.code}?`)) return;
            const r = await api(url, { method: 'DELETE' });
            if (!r.ok) return message(note, r.error, 'error');
            state.open = null;
            await reopen(`${t('setup.deleted')}: ${s.code}`);
          },
        },
        t('setup.delete'),
      ),
    ],
    (f) => {
      const activeTo = valueOf(f, 'activeTo');
      if (!activeTo) return message(note, t('setup.activeToNeeded'), 'error');
      return submit(f, note, url, 'PATCH', { activeTo }, () =>
        reopen(`${t('setup.deactivated')}: ${s.code}`),
      );
    },
  );
  return [
    el('h4', {}, t('setup.details')),
    details,
    el('h4', {}, t('setup.transferTitle')),
    el('p', { class: 'hint' }, t('setup.transferHint')),
    transfer,
    el('h4', {}, t('setup.deactivateTitle')),
    deactivate,
  ];
}

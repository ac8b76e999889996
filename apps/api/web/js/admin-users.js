// Users and roles (/api/v1/users): the list (disabled users too), a form to create a user — a staff user linked to
// their staff record, a manager to their departments — HR's password reset, which shows the one-time password once,
// and disabling a user (the API refuses to disable the last hr_admin, and says so here).
import { api } from './api.js';
import { t } from './i18n.js';
import { clear, el, localName, message, table, when } from './ui.js';
import { field, form, notice, panel, select, status, submit, tell, text, valueOf } from './setup-form.js';
import { copyable } from './admin-keys.js';

const state = { users: [], departments: [], error: null, notice: null, secret: null, q: '' };
let root;
let ctx;

/** The roles the dictionaries know (a role added to the API shows up once its label is added). */
export function roles() {
  return ['staff', 'dept_manager', 'hr_admin', 'auditor', 'finance'].filter(
    (r) => t('role.' + r) !== 'role.' + r,
  );
}

export async function render(node, c, first) {
  root = node;
  ctx = c;
  if (first) await load();
  draw();
}

async function load() {
  const [u, d] = await Promise.all([api('/api/v1/users'), api('/api/v1/departments')]);
  state.users = u.ok ? u.data : [];
  state.error = u.ok ? null : u.error;
  state.departments = d.ok ? d.data : [];
}

function draw() {
  const q = state.q.trim().toLowerCase();
  const users = state.users.filter(
    (u) => !q || u.username.toLowerCase().includes(q) || (u.staffId ?? '').toLowerCase().includes(q),
  );
  clear(
    root,
    el(
      'section',
      { class: 'card' },
      el('h2', {}, t('admin.users')),
      notice(state, 'users-notice'),
      state.secret ? secretBox() : null,
      state.error ? el('p', { class: 'message error' }, state.error) : null,
      el(
        'div',
        { class: 'toolbar wrap' },
        el('input', {
          type: 'search',
          id: 'user-search',
          value: state.q,
          placeholder: t('admin.searchUsers'),
          'aria-label': t('admin.searchUsers'),
          oninput: (e) => {
            state.q = e.target.value;
            draw();
            const box = document.getElementById('user-search');
            box.focus();
            box.setSelectionRange(box.value.length, box.value.length);
          },
        }),
      ),
      table(
        [
          { label: t('username'), get: (u) => u.username },
          { label: t('admin.role'), get: (u) => t('role.' + u.role) },
          { label: t('admin.linked'), get: linked },
          { label: t('admin.created'), get: (u) => `${when(u.createdAt)} · ${u.createdBy}` },
          {
            label: t('status'),
            get: (u) =>
              u.disabledAt
                ? el('span', { class: 'badge failed' }, `${t('admin.disabled')} ${when(u.disabledAt)}`)
                : u.mustChangePassword
                  ? el('span', { class: 'badge running' }, t('admin.mustChange'))
                  : el('span', { class: 'badge completed' }, t('admin.active')),
          },
          ctx.canWrite ? { label: t('actions'), get: actions } : null,
        ].filter(Boolean),
        users,
        { rowAttrs: (u) => ({ 'data-user': u.username, class: u.disabledAt ? 'disabled' : '' }) },
      ),
      el('div', { id: 'user-panel' }),
    ),
    ctx.canWrite ? createForm() : null,
  );
}

function linked(u) {
  if (u.staffId) return `${t('admin.staffRecord')} ${u.staffId}`;
  if (u.departments?.length)
    return u.departments
      .map((code) => {
        const d = state.departments.find((x) => x.code === code);
        return d ? `${localName(d)} (${code})` : code;
      })
      .join(', ');
  return '—';
}

function actions(u) {
  if (u.disabledAt) return '';
  const note = el('span', { class: 'row-error', role: 'alert', hidden: true });
  const links =
    u.role === 'staff' || u.role === 'dept_manager'
      ? el(
          'button',
          { type: 'button', class: 'chip', 'data-action': 'links', onclick: () => editLinks(u) },
          t('admin.editLinks'),
        )
      : null;
  return el(
    'div',
    { class: 'row-actions' },
    links,
    el(
      'button',
      {
        type: 'button',
        class: 'chip',
        'data-action': 'reset',
        onclick: async () => {
          if (!confirm(`${t('admin.confirmReset')} ${u.username}?`)) return;
          const r = await api(`/api/v1/users/${encodeURIComponent(u.username)}/password-reset`, {
            method: 'POST',
          });
          if (!r.ok) return message(note, r.error, 'error');
          state.secret = { kind: 'password', who: r.data.username, value: r.data.oneTimePassword };
          tell(state, null);
          await load();
          draw();
        },
      },
      t('admin.resetPassword'),
    ),
    el(
      'button',
      {
        type: 'button',
        class: 'chip danger',
        'data-action': 'disable',
        onclick: async () => {
          if (!confirm(`${t('admin.confirmDisable')} ${u.username}?`)) return;
          const r = await api(`/api/v1/users/${encodeURIComponent(u.username)}`, { method: 'DELETE' });
          if (!r.ok) return message(note, r.error, 'error');
          tell(state, `${t('admin.disabledDone')}: ${u.username}`);
          state.secret = null;
          await load();
          draw();
        },
      },
      t('admin.disable'),
    ),
    note,
  );
}

/** The departments as checkboxes named `departments`, the given ones ticked. */
function departmentChecks(checked = []) {
  return el(
    'div',
    { class: 'checks', 'data-field': 'departments' },
    state.departments.map((d) =>
      el(
        'label',
        { class: 'check' },
        el('input', {
          type: 'checkbox',
          name: 'departments',
          value: d.code,
          checked: checked.includes(d.code),
        }),
        `${localName(d)} (${d.code})`,
      ),
    ),
    el('small', { class: 'field-error', hidden: true }),
  );
}

/** A staff user's staff record or a manager's departments, changed (PATCH /users/{username}). */
function editLinks(u) {
  const slot = document.getElementById('user-panel');
  const note = status('user-links-status');
  const staff = u.role === 'staff';
  const f = form(
    'user-links',
    staff
      ? [field('staffId', 'admin.staffRecord', text('staffId', u.staffId ?? '', { maxlength: 64 }))]
      : [
          el(
            'div',
            { class: 'wide' },
            el('span', { class: 'field-label' }, t('admin.managedDepartments')),
            departmentChecks(u.departments),
          ),
        ],
    [el('button', { type: 'submit' }, t('setup.save'))],
    (f) => {
      const body = staff
        ? { staffId: valueOf(f, 'staffId') ?? '' }
        : { departments: [...f.querySelectorAll('input[name="departments"]:checked')].map((c) => c.value) };
      return submit(f, note, `/api/v1/users/${encodeURIComponent(u.username)}`, 'PATCH', body, async () => {
        tell(state, `${t('setup.saved')}: ${u.username}`);
        await load();
        draw();
      });
    },
  );
  panel(slot, `${t('admin.editLinks')} · ${u.username}`, f, note);
}

/** The one-time password, shown once: it is not kept anywhere the page could show it again. */
function secretBox() {
  const s = state.secret;
  return el(
    'div',
    { class: 'secret', id: 'one-time-password' },
    el('p', {}, `${t('admin.oneTimePassword')} ${s.who}:`),
    copyable(s.value, 'otp-value'),
    el('p', { class: 'hint' }, t('admin.oneTimePasswordHint')),
    el(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          state.secret = null;
          draw();
        },
      },
      t('admin.done'),
    ),
  );
}

function createForm() {
  const note = status('user-create-status');
  const departments = departmentChecks();
  const roleSelect = select(
    'role',
    roles().map((r) => [r, t('role.' + r)]),
    'staff',
  );
  const staffField = field('staffId', 'admin.staffRecord', text('staffId', '', { maxlength: 64 }), {
    hint: t('admin.staffRecordHint'),
  });
  const deptField = el(
    'div',
    { class: 'wide' },
    el('span', { class: 'field-label' }, t('admin.managedDepartments')),
    departments,
  );
  const sync = () => {
    staffField.hidden = roleSelect.value !== 'staff';
    deptField.hidden = roleSelect.value !== 'dept_manager';
  };
  roleSelect.addEventListener('change', sync);
  sync();
  const f = form(
    'user-create',
    [
      field('username', 'username', text('username', '', { maxlength: 64, autocomplete: 'off' })),
      field(
        'password',
        'admin.initialPassword',
        el('input', { type: 'password', name: 'password', autocomplete: 'new-password' }),
        {
          hint: t('password.rules'),
        },
      ),
      field('role', 'admin.role', roleSelect),
      staffField,
      deptField,
    ],
    [el('button', { type: 'submit' }, t('admin.createUser'))],
    (f) => {
      const role = valueOf(f, 'role');
      const body = { username: valueOf(f, 'username') ?? '', password: f.elements.password.value, role };
      if (role === 'staff') body.staffId = valueOf(f, 'staffId');
      if (role === 'dept_manager')
        body.departments = [...f.querySelectorAll('input[name="departments"]:checked')].map((c) => c.value);
      return submit(f, note, '/api/v1/users', 'POST', body, async (u) => {
        tell(state, `${t('admin.userCreated')}: ${u.username}`);
        state.secret = null;
        await load();
        draw();
      });
    },
  );
  return el('section', { class: 'card' }, el('h2', {}, t('admin.createUser')), f, note);
}

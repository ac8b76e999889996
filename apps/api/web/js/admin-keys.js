// API keys for systems (/api/v1/api-keys): the list (prefix, scopes, created, last used, revoked), a form to create
// a key — its secret is in the create answer only, shown once with a copy button — and revocation.
import { api } from './api.js';
import { t } from './i18n.js';
import { clear, el, message, table, when } from './ui.js';
import { field, form, notice, status, submit, tell, text, valueOf } from './setup-form.js';

const SCOPES = ['scores:read', 'payroll:read'];
const state = { keys: [], error: null, notice: null, secret: null };
let root;
let ctx;

export async function render(node, c, first) {
  root = node;
  ctx = c;
  if (first) await load();
  draw();
}

async function load() {
  const r = await api('/api/v1/api-keys');
  state.keys = r.ok ? r.data : [];
  state.error = r.ok ? null : r.error;
}

/** A secret in a read-only box with a copy button (the clipboard API, else the selection and execCommand). */
export function copyable(value, id) {
  const box = el('input', {
    type: 'text',
    readonly: true,
    value,
    id,
    class: 'secret-value',
    'aria-label': t('admin.secret'),
  });
  const done = el('span', { class: 'sub', role: 'status' });
  const copy = el(
    'button',
    {
      type: 'button',
      class: 'chip',
      id: `${id}-copy`,
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(value);
        } catch {
          box.select();
          document.execCommand?.('copy');
        }
        done.textContent = t('admin.copied');
      },
    },
    t('admin.copy'),
  );
  return el('div', { class: 'copyable' }, box, copy, done);
}

const scopeLabel = (s) => `${t('admin.scope.' + s)} (${s})`;

function draw() {
  clear(
    root,
    el(
      'section',
      { class: 'card' },
      el('h2', {}, t('admin.keys')),
      el('p', { class: 'hint' }, t('admin.keysHint')),
      notice(state, 'keys-notice'),
      state.secret
        ? el(
            'div',
            { class: 'secret', id: 'new-key' },
            el('p', {}, `${t('admin.newKey')} ${state.secret.name}:`),
            copyable(state.secret.key, 'key-value'),
            el('p', { class: 'hint' }, t('admin.keyOnce')),
            el(
              'button',
              {
                type: 'button',
                class: 'secondary',
                id: 'key-done',
                onclick: () => {
                  state.secret = null;
                  draw();
                },
              },
              t('admin.done'),
            ),
          )
        : null,
      state.error ? el('p', { class: 'message error' }, state.error) : null,
      state.keys.length
        ? table(
            [
              { label: t('admin.keyName'), get: (k) => k.name },
              { label: t('admin.prefix'), get: (k) => el('code', {}, `${k.prefix}…`) },
              { label: t('admin.scopes'), get: (k) => k.scopes.map(scopeLabel).join(', ') },
              { label: t('admin.created'), get: (k) => `${when(k.createdAt)} · ${k.createdBy}` },
              { label: t('admin.lastUsed'), get: (k) => when(k.lastUsedAt) },
              {
                label: t('status'),
                get: (k) =>
                  k.revokedAt
                    ? el('span', { class: 'badge failed' }, `${t('admin.revoked')} ${when(k.revokedAt)}`)
                    : el('span', { class: 'badge completed' }, t('admin.active')),
              },
              ctx.canWrite ? { label: t('actions'), get: (k) => (k.revokedAt ? '' : revokeButton(k)) } : null,
            ].filter(Boolean),
            state.keys,
            { rowAttrs: (k) => ({ 'data-key': k.id }) },
          )
        : el('p', { class: 'empty' }, t('admin.noKeys')),
    ),
    ctx.canWrite ? createForm() : null,
  );
}

function revokeButton(k) {
  const note = el('span', { class: 'row-error', role: 'alert', hidden: true });
  return el(
    'div',
    { class: 'row-actions' },
    el(
      'button',
      {
        type: 'button',
        class: 'chip danger',
        'data-action': 'revoke',
        onclick: async () => {
          if (!confirm(`${t('admin.confirmRevoke')} ${k.name}?`)) return;
          const r = await api(`/api/v1/api-keys/${k.id}`, { method: 'DELETE' });
          if (!r.ok) return message(note, r.error, 'error');
          tell(state, `${t('admin.revoked')}: ${k.name}`);
          await load();
          draw();
        },
      },
      t('admin.revoke'),
    ),
    note,
  );
}

function createForm() {
  const note = status('key-create-status');
  const scopes = el(
    'div',
    { class: 'checks', 'data-field': 'scopes' },
    SCOPES.map((s) =>
      el(
        'label',
        { class: 'check' },
        el('input', { type: 'checkbox', name: 'scopes', value: s }),
        scopeLabel(s),
      ),
    ),
    el('small', { class: 'field-error', hidden: true }),
  );
  const f = form(
    'key-create',
    [
      field('name', 'admin.keyName', text('name', '', { maxlength: 100 }), { hint: t('admin.keyNameHint') }),
      el('div', { class: 'wide' }, el('span', { class: 'field-label' }, t('admin.scopes')), scopes),
    ],
    [el('button', { type: 'submit' }, t('admin.createKey'))],
    (f) =>
      submit(
        f,
        note,
        '/api/v1/api-keys',
        'POST',
        {
          name: valueOf(f, 'name') ?? '',
          scopes: [...f.querySelectorAll('input[name="scopes"]:checked')].map((c) => c.value),
        },
        async (k) => {
          // The key itself is in this answer only: kept in memory until "done", never stored.
          state.secret = { name: k.name, key: k.key };
          tell(state, null);
          await load();
          draw();
        },
      ),
  );
  return el('section', { class: 'card' }, el('h2', {}, t('admin.createKey')), f, note);
}

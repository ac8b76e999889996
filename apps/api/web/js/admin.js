// Administration (HR; auditors read only): users and their roles, API keys for systems, and the audit log with its
// filters and each change's before and after side by side. One module per part (js/admin-*.js); this one draws the
// tabs and keeps the chosen one in the address (#users, #keys, #audit).
import { requireRole } from './api.js';
import { t } from './i18n.js';
import { clear, el, officeTop } from './ui.js';
import * as users from './admin-users.js';
import * as keys from './admin-keys.js';
import * as audit from './admin-audit.js';

const who = requireRole('hr_admin', 'auditor');
const main = document.getElementById('main');
const ctx = { canWrite: who?.role === 'hr_admin', me: who?.username };

const TABS = [
  ['users', 'admin.tab.users', users],
  ['keys', 'admin.tab.keys', keys],
  ['audit', 'admin.tab.audit', audit],
];

function current() {
  const id = location.hash.slice(1);
  return TABS.find(([tab]) => tab === id) ?? TABS[0];
}

let shown = null;

function render() {
  officeTop('page.admin', 'admin.html', render);
  const [id, , module] = current();
  const body = el('div', { id: `admin-${id}`, class: 'tab-body', role: 'tabpanel' });
  clear(
    main,
    el(
      'div',
      { class: 'tabs', role: 'tablist', 'aria-label': t('page.admin') },
      TABS.map(([tab, key]) =>
        el(
          'a',
          {
            href: `#${tab}`,
            role: 'tab',
            id: `tab-${tab}`,
            class: tab === id ? 'tab current' : 'tab',
            'aria-selected': tab === id ? 'true' : 'false',
          },
          t(key),
        ),
      ),
    ),
    ctx.canWrite ? null : el('p', { class: 'message info', id: 'read-only' }, t('setup.readOnly')),
    body,
  );
  const first = shown !== id;
  shown = id;
  void module.render(body, ctx, first);
}

window.addEventListener('hashchange', render);
if (who) render();

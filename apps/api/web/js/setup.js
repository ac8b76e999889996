// The performance office's setup (HR; auditors read only): one tab per editor — the input dictionary, the
// organisation (sites, departments, post types), staff, assignment rules with "who gets which set and why", the
// workload catalogue, and months with their incentive plans. Each editor is its own module (js/setup-*.js); this
// one loads what they share (sites, departments, post types, sets), draws the tabs and keeps the chosen one in
// the address (#inputs, #staff…), so a reload or a link opens it again.
import { api, requireRole } from './api.js';
import { t } from './i18n.js';
import { clear, el, officeTop } from './ui.js';
import * as inputs from './setup-inputs.js';
import * as org from './setup-org.js';
import * as staff from './setup-staff.js';
import * as rules from './setup-rules.js';
import * as workload from './setup-workload.js';
import * as periods from './setup-periods.js';

const who = requireRole('hr_admin', 'auditor');
const main = document.getElementById('main');

const TABS = [
  ['inputs', 'setup.tab.inputs', inputs],
  ['organisation', 'setup.tab.organisation', org],
  ['staff', 'setup.tab.staff', staff],
  ['rules', 'setup.tab.rules', rules],
  ['workload', 'setup.tab.workload', workload],
  ['periods', 'setup.tab.periods', periods],
];

/** What every editor may read: the reference data, reloaded after a change to it. */
const ctx = {
  canWrite: who?.role === 'hr_admin',
  sites: [],
  departments: [],
  postTypes: [],
  sets: [],
  /** Reloads the reference data (after an organisation change) and draws the page again. */
  async reload() {
    await loadShared();
    render();
  },
  render: () => render(),
};

async function loadShared() {
  const [s, d, p, sets] = await Promise.all([
    api('/api/v1/sites'),
    api('/api/v1/departments'),
    api('/api/v1/post-types'),
    api('/api/v1/indicator-sets'),
  ]);
  ctx.sites = s.ok ? s.data : [];
  ctx.departments = d.ok ? d.data : [];
  ctx.postTypes = p.ok ? p.data : [];
  ctx.sets = sets.ok ? sets.data : [];
}

function current() {
  const id = location.hash.slice(1);
  return TABS.find(([tab]) => tab === id) ?? TABS[0];
}

let shown = null;

function render() {
  officeTop('page.setup', 'setup.html', render);
  const [id, , module] = current();
  const tabs = el(
    'div',
    { class: 'tabs', role: 'tablist', 'aria-label': t('page.setup') },
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
  );
  const body = el('div', { id: `setup-${id}`, class: 'tab-body', role: 'tabpanel' });
  clear(
    main,
    tabs,
    ctx.canWrite ? null : el('p', { class: 'message info', id: 'read-only' }, t('setup.readOnly')),
    body,
  );
  // A tab keeps its state (search, page, open record) across language switches; a new tab starts afresh.
  const first = shown !== id;
  shown = id;
  void module.render(body, ctx, first);
}

window.addEventListener('hashchange', render);

async function init() {
  if (!who) return;
  await loadShared();
  render();
}

void init();

// HR's training against plans (培训完成情况; auditors read the same; managers see their departments'): a year and a
// department picked, the training assignments of that year's improvement plans per person — plan month, the
// plan's indicators, course, planned hours, due date, hours done, day, overdue — with each person's totals and the
// year's, and the table as CSV. The rules are the API's (docs/APPRAISAL.md, "Training assignments").
import { api, requireRole } from './api.js';
import { download } from './office-api.js';
import { t } from './i18n.js';
import { clear, el, message, officeTop, section } from './ui.js';
import { totalsText, trainingTable } from './training-ui.js';

const main = document.getElementById('main');
const params = new URLSearchParams(location.search);
const state = {
  year: params.get('year') ?? String(new Date().getFullYear()),
  department: params.get('department') ?? '',
  /** Every department seen in the year's list (the picker's choices). */
  departments: [],
  data: null,
  error: null,
};

function query(format) {
  const q = new URLSearchParams({ year: state.year });
  if (state.department) q.set('department', state.department);
  if (format) q.set('format', format);
  return `/api/v1/training?${q}`;
}

async function load() {
  const all = await api(`/api/v1/training?year=${encodeURIComponent(state.year)}`);
  state.departments = all.ok
    ? [...new Set(all.data.items.map((p) => p.department))].filter(Boolean).sort()
    : [];
  if (state.department && !state.departments.includes(state.department)) state.department = '';
  const r = state.department ? await api(query()) : all;
  state.data = r.ok ? r.data : null;
  state.error = r.ok ? null : r.error;
  history.replaceState(
    null,
    '',
    `?${new URLSearchParams({ year: state.year, department: state.department })}`,
  );
  render();
}

function render() {
  officeTop('page.training', 'training.html', render);
  const note = el('p', { class: 'message', id: 'training-status', role: 'status', hidden: true });
  if (state.error) message(note, state.error, 'error');
  clear(main, toolbar(), note, list());
}

function toolbar() {
  const year = el('input', {
    id: 'training-year',
    type: 'number',
    min: 2000,
    max: 2999,
    step: 1,
    value: state.year,
    'aria-label': t('training.year'),
  });
  const department = el(
    'select',
    { id: 'training-department', 'aria-label': t('training.department') },
    el('option', { value: '' }, t('training.allDepartments')),
    state.departments.map((d) => el('option', { value: d, selected: d === state.department }, d)),
  );
  return el(
    'form',
    {
      class: 'toolbar wrap',
      onsubmit: (e) => {
        e.preventDefault();
        state.year = String(year.value).padStart(4, '0');
        state.department = department.value;
        load().catch((err) =>
          message(document.getElementById('training-status'), String(err.message ?? err)),
        );
      },
    },
    el('label', {}, t('training.year'), ' ', year),
    el('label', {}, t('training.department'), ' ', department),
    el('button', { type: 'submit' }, t('training.show')),
    el(
      'button',
      {
        type: 'button',
        class: 'secondary',
        id: 'training-csv',
        onclick: async () => {
          const r = await download(query('csv'), `training-${state.year}.csv`);
          if (!r.ok) message(document.getElementById('training-status'), r.error, 'error');
        },
      },
      t('training.csv'),
    ),
  );
}

function list() {
  const y = state.data;
  if (!y) return null;
  if (!y.items.length) return section('page.training', el('p', { class: 'empty' }, t('training.none')));
  const people = new Map(y.items.map((p) => [p, `${p.name || p.staffId} (${p.staffId}) · ${p.department}`]));
  return section(
    'page.training',
    el('p', { class: 'totals', id: 'training-totals' }, `${t('training.totals')}: ${totalsText(y.totals)}`),
    y.items.map((p) =>
      el(
        'div',
        { class: 'training-person', 'data-staff': p.staffId },
        el('h3', {}, people.get(p)),
        trainingTable(p.trainings),
        el('p', { class: 'totals' }, totalsText(p.totals)),
      ),
    ),
  );
}

if (requireRole('hr_admin', 'auditor', 'dept_manager'))
  load().catch((e) => clear(main, String(e.message ?? e)));

// The month's grade calibration (等级校准; HR acts, auditors read the same without the form, managers see their
// departments): a month and a department picked, who the month's run gave another grade than their total gives
// and why (a grade quota: its rule, group and rank; HR's override with its reason), the overrides the run has not
// applied yet with a note that a new run is due, each quota group's grades before and after, the month's overrides
// with their removal, and HR's form (staff code, a grade of their set, a reason). The rules are the API's
// (docs/CALIBRATION.md). `?period=YYYY-MM` opens a month (the cockpit links each month so).
import { api as apiCall, requireRole, session } from './api.js';
import { t } from './i18n.js';
import { download } from './office-api.js';
import { tf } from './office-common.js';
import { oneLanguage } from './survey-common.js';
import { clear, el, message, monthInput, monthPicker, num, officeTop, section, table, when } from './ui.js';

const main = document.getElementById('main');
const params = new URLSearchParams(location.search);

/** api() with a refusal's "中文 / English" message in the reader's language. */
async function api(path, options) {
  const r = await apiCall(path, options);
  return r.ok ? r : { ...r, error: oneLanguage(r.error) };
}

const state = {
  period: params.get('period') ?? '',
  department: params.get('department') ?? '',
  /** The months HR and auditors may pick (null: a manager types one). */
  periods: null,
  /** Every department of the month's view (the filter's choices). */
  departments: [],
  data: null,
  overrides: [],
  error: null,
  notice: null,
  form: { staff: '', person: null, grade: '', reason: '' },
};

const isHr = () => session().role === 'hr_admin';
const readsOverrides = () => ['hr_admin', 'auditor'].includes(session().role);

function notify(text, kind = 'ok') {
  state.notice = text ? { text, kind } : null;
}

async function loadPeriods() {
  const r = await api('/api/v1/periods');
  if (!r.ok) return;
  state.periods = r.data.map((p) => p.period).reverse();
  if (!state.period) state.period = state.periods[0] ?? '';
}

async function load() {
  if (!state.period) return render();
  const q = new URLSearchParams();
  if (state.department) q.set('department', state.department);
  const [all, view, overrides] = await Promise.all([
    api(`/api/v1/periods/${state.period}/calibration`),
    state.department ? api(`/api/v1/periods/${state.period}/calibration?${q}`) : null,
    readsOverrides() ? api(`/api/v1/periods/${state.period}/overrides`) : null,
  ]);
  state.departments = all.ok
    ? [...new Set([...all.data.items, ...all.data.pending].map((i) => i.department))].filter(Boolean).sort()
    : [];
  const r = view ?? all;
  state.data = r.ok ? r.data : null;
  state.error = r.ok ? null : r.error;
  state.overrides = overrides?.ok ? overrides.data : [];
  history.replaceState(
    null,
    '',
    `?${new URLSearchParams({ period: state.period, ...(state.department ? { department: state.department } : {}) })}`,
  );
  render();
}

function render() {
  officeTop('page.calibration', 'calibration.html', render);
  const note = el('p', { class: 'message', id: 'calibration-status', role: 'status', hidden: true });
  if (state.error) message(note, state.error, 'error');
  else if (state.notice) message(note, state.notice.text, state.notice.kind);
  clear(main, toolbar(), note, runNote(), moved(), pending(), groups(), isHr() ? form() : null, overrides());
}

function toolbar() {
  const pick = (value) => {
    state.period = value;
    state.department = '';
    state.form = { staff: '', person: null, grade: '', reason: '' };
    notify(null);
    void load();
  };
  const month = state.periods
    ? monthPicker(
        state.periods.map((p) => [p, p]),
        state.period,
        pick,
      )
    : monthInput('calibration-month', state.period, pick);
  const department = el(
    'select',
    {
      id: 'calibration-department',
      'aria-label': t('calibration.department'),
      onchange: (e) => {
        state.department = e.target.value;
        void load();
      },
    },
    el('option', { value: '' }, t('calibration.allDepartments')),
    state.departments.map((d) => el('option', { value: d, selected: d === state.department }, d)),
  );
  return el(
    'div',
    { class: 'toolbar wrap' },
    month,
    el('label', {}, t('calibration.department'), ' ', department),
    el(
      'button',
      {
        type: 'button',
        class: 'secondary',
        id: 'calibration-csv',
        disabled: !state.data,
        onclick: async () => {
          const q = new URLSearchParams({ format: 'csv' });
          if (state.department) q.set('department', state.department);
          const r = await download(
            `/api/v1/periods/${state.period}/calibration?${q}`,
            `calibration-${state.period}.csv`,
          );
          if (!r.ok) message(document.getElementById('calibration-status'), r.error, 'error');
        },
      },
      t('calibration.csv'),
    ),
  );
}

/** Whether the month's run is older than its data: no run yet, overrides not applied, or other new data. */
function runNote() {
  const d = state.data;
  if (!d) return null;
  const lines = [];
  if (!d.runId) lines.push(t('calibration.noRun'));
  else if (d.pending.length) lines.push(tf('calibration.pendingNote', { n: d.pending.length }));
  else if (d.stale) lines.push(t('calibration.stale'));
  if (!lines.length) return null;
  return el('p', { class: 'message info', id: 'calibration-run-note' }, lines.join(' '));
}

function ruleText(rule) {
  return 'maxShare' in rule
    ? tf('calibration.rule.max', { grade: rule.grade, share: rule.maxShare })
    : tf('calibration.rule.min', { grade: rule.grade, count: rule.minCount });
}

function howText(i) {
  const parts = [];
  if (i.quota)
    parts.push(
      tf('calibration.how.quota', {
        rule: ruleText(i.quota.rule),
        group: i.quota.department ?? t('calibration.hospital'),
        rank: i.quota.rank,
        staff: i.quota.staff,
        allowed: i.quota.allowed,
      }),
    );
  if (i.override) parts.push(tf('calibration.how.override', { reason: i.override.reason }));
  return parts.join('; ');
}

function moved() {
  const d = state.data;
  if (!d || !d.runId) return null;
  if (!d.items.length)
    return section(
      'calibration.moved',
      el('p', { class: 'empty', id: 'calibration-none' }, t('calibration.none')),
    );
  return section(
    'calibration.moved',
    el(
      'div',
      { id: 'calibration-items' },
      table(
        [
          { label: t('calibration.staff'), get: (i) => i.staffCode },
          { label: t('calibration.name'), get: (i) => i.name },
          { label: t('calibration.department'), get: (i) => i.department },
          { label: t('calibration.set'), get: (i) => i.set },
          { label: t('calibration.total'), get: (i) => num(i.total), class: 'n' },
          { label: t('calibration.from'), get: (i) => i.from ?? '—' },
          { label: t('calibration.to'), get: (i) => el('strong', {}, i.to ?? '—') },
          { label: t('calibration.how'), get: (i) => howText(i) },
          { label: t('calibration.isOverride'), get: (i) => (i.overridden ? t('calibration.yes') : '') },
        ],
        d.items,
        { rowAttrs: (i) => ({ 'data-staff': i.staffCode }) },
      ),
    ),
  );
}

function pending() {
  const d = state.data;
  if (!d || !d.pending.length) return null;
  return section(
    'calibration.pending',
    el(
      'div',
      { id: 'calibration-pending' },
      table(
        [
          { label: t('calibration.staff'), get: (p) => p.staffCode },
          { label: t('calibration.name'), get: (p) => p.name },
          { label: t('calibration.department'), get: (p) => p.department ?? '' },
          { label: t('calibration.grade'), get: (p) => p.grade ?? t('calibration.removed') },
          { label: t('calibration.reason'), get: (p) => p.reason ?? '' },
          { label: t('calibration.savedAt'), get: (p) => (p.createdAt ? when(p.createdAt) : '') },
        ],
        d.pending,
        { rowAttrs: (p) => ({ 'data-staff': p.staffCode }) },
      ),
    ),
  );
}

function groups() {
  const d = state.data;
  if (!d || !d.groups.length) return null;
  return section(
    'calibration.groups',
    el(
      'div',
      { id: 'calibration-groups' },
      table(
        [
          {
            label: t('calibration.group'),
            get: (g) => `${g.set} · ${g.department ?? t('calibration.hospital')}`,
          },
          { label: t('calibration.groupStaff'), get: (g) => String(g.staff), class: 'n' },
          {
            label: t('calibration.grades'),
            get: (g) => g.grades.map((x) => `${x.grade ?? '—'} ${x.natural} → ${x.final}`).join(' · '),
          },
        ],
        d.groups,
      ),
    ),
  );
}

function overrides() {
  if (!readsOverrides() || !state.period) return null;
  if (!state.overrides.length)
    return section(
      'calibration.overrides',
      el('p', { class: 'empty', id: 'calibration-no-overrides' }, t('calibration.noOverrides')),
    );
  const columns = [
    { label: t('calibration.staff'), get: (o) => o.staffCode },
    { label: t('calibration.name'), get: (o) => o.name },
    { label: t('calibration.department'), get: (o) => o.department ?? '' },
    { label: t('calibration.grade'), get: (o) => o.grade },
    { label: t('calibration.reason'), get: (o) => o.reason },
    { label: t('calibration.author'), get: (o) => o.author },
    { label: t('calibration.savedAt'), get: (o) => when(o.createdAt) },
  ];
  if (isHr())
    columns.push({
      label: t('calibration.remove'),
      get: (o) =>
        el(
          'button',
          { type: 'button', class: 'secondary remove-override', onclick: () => void remove(o.staffCode) },
          t('calibration.remove'),
        ),
    });
  return section(
    'calibration.overrides',
    el(
      'div',
      { id: 'calibration-overrides' },
      table(columns, state.overrides, { rowAttrs: (o) => ({ 'data-staff': o.staffCode }) }),
    ),
  );
}

async function remove(staff) {
  if (!confirm(tf('calibration.removeConfirm', { staff }))) return;
  const r = await api(`/api/v1/periods/${state.period}/overrides/${encodeURIComponent(staff)}`, {
    method: 'DELETE',
  });
  notify(r.ok ? tf('calibration.removedOk', { staff }) : r.error, r.ok ? 'ok' : 'error');
  await load();
}

async function lookUp() {
  const code = state.form.staff.trim();
  if (!code) {
    notify(t('calibration.needStaff'), 'error');
    return render();
  }
  const r = await api(`/api/v1/periods/${state.period}/overrides/${encodeURIComponent(code)}`);
  state.form.person = r.ok ? r.data : null;
  state.form.grade = r.ok ? (r.data.override?.grade ?? r.data.grades[0] ?? '') : '';
  if (r.ok && r.data.override) state.form.reason = r.data.override.reason;
  notify(r.ok ? null : r.error, 'error');
  render();
}

async function save() {
  const person = state.form.person;
  const reason = state.form.reason.trim();
  if (!person || !reason || [...reason].length > 500) {
    notify(t(person ? 'calibration.needReason' : 'calibration.needStaff'), 'error');
    return render();
  }
  const r = await api(`/api/v1/periods/${state.period}/overrides/${encodeURIComponent(person.staffCode)}`, {
    method: 'PUT',
    body: { grade: state.form.grade, reason },
  });
  if (r.ok) {
    notify(tf('calibration.saved', { staff: r.data.staffCode, grade: r.data.grade }));
    state.form = { staff: '', person: null, grade: '', reason: '' };
  } else notify(r.error, 'error');
  await load();
}

function form() {
  if (!state.period) return null;
  const person = state.form.person;
  const staff = el('input', {
    id: 'override-staff',
    value: state.form.staff,
    maxlength: 64,
    autocomplete: 'off',
    oninput: (e) => {
      state.form.staff = e.target.value;
    },
  });
  return el(
    'section',
    { class: 'card', id: 'override-form' },
    el('h2', {}, t('calibration.form')),
    el('p', { class: 'hint' }, t('calibration.formHint')),
    el(
      'form',
      {
        class: 'toolbar wrap',
        onsubmit: (e) => {
          e.preventDefault();
          void lookUp();
        },
      },
      el('label', {}, t('calibration.staffCode'), ' ', staff),
      el('button', { type: 'submit', class: 'secondary', id: 'override-look-up' }, t('calibration.lookUp')),
    ),
    person
      ? el(
          'form',
          {
            class: 'override-edit',
            onsubmit: (e) => {
              e.preventDefault();
              void save();
            },
          },
          el(
            'p',
            { id: 'override-person' },
            tf('calibration.person', { name: person.name, staff: person.staffCode, set: person.set }),
          ),
          el(
            'label',
            {},
            t('calibration.grade'),
            ' ',
            el(
              'select',
              {
                id: 'override-grade',
                onchange: (e) => {
                  state.form.grade = e.target.value;
                },
              },
              person.grades.map((g) => el('option', { value: g, selected: g === state.form.grade }, g)),
            ),
          ),
          el(
            'label',
            { class: 'block' },
            t('calibration.reason'),
            el(
              'textarea',
              {
                id: 'override-reason',
                maxlength: 500,
                rows: 3,
                oninput: (e) => {
                  state.form.reason = e.target.value;
                },
              },
              state.form.reason,
            ),
          ),
          el(
            'div',
            {},
            el('button', { type: 'submit', id: 'override-save' }, t('calibration.save')),
            person.override
              ? el(
                  'button',
                  {
                    type: 'button',
                    class: 'secondary',
                    id: 'override-remove',
                    onclick: () => void remove(person.staffCode),
                  },
                  t('calibration.remove'),
                )
              : null,
          ),
        )
      : null,
  );
}

async function init() {
  if (readsOverrides()) await loadPeriods();
  await load();
}

if (requireRole('hr_admin', 'auditor', 'dept_manager'))
  init().catch((e) => clear(main, String(e.message ?? e)));

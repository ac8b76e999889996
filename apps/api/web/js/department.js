// My department (managers): a scored month's ranking of the staff by total, the dimension averages, the
// department's rank among its site and against the same kind of department at other sites; per member of
// staff their indicators, feedback and improvement plans; appeals waiting. The API limits a manager's results
// to their own departments.
import { api, requireRole } from './api.js';
import { barChart } from './chart.js';
import { t } from './i18n.js';
import {
  clear,
  dimLabel,
  el,
  header,
  message,
  monthPicker,
  num,
  section,
  statusLabel,
  table,
  when,
} from './ui.js';

const SCORED = ['scored', 'approved', 'closed'];
const state = {
  periods: [],
  period: null,
  results: [],
  departments: null,
  mine: [],
  staff: null,
  plans: null,
  appeals: null,
  notice: null,
};
const main = document.getElementById('main');

function recentMonths(n) {
  const out = [];
  const d = new Date();
  for (let i = 0; i < n; i++) {
    out.push(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`);
    d.setMonth(d.getMonth() - 1);
  }
  return out;
}

/** The months with results: GET /periods when the role may list them, otherwise the last 13 months that answer. */
async function loadPeriods() {
  const r = await api('/api/v1/periods');
  if (r.ok)
    return r.data
      .filter((p) => SCORED.includes(p.status))
      .map((p) => p.period)
      .reverse();
  const probes = await Promise.all(
    recentMonths(13).map(async (p) => [p, await api(`/api/v1/periods/${p}/departments`)]),
  );
  return probes.filter(([, x]) => x.ok).map(([p]) => p);
}

async function loadMonth(period) {
  state.period = period;
  state.staff = null;
  const items = [];
  let cursor = null;
  do {
    const r = await api(
      `/api/v1/periods/${period}/results?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (!r.ok) return render(r.error);
    items.push(...r.data.items);
    cursor = r.data.nextCursor;
  } while (cursor);
  state.results = items;
  const d = await api(`/api/v1/periods/${period}/departments`);
  state.departments = d.ok ? d.data : null;
  const a = await api('/api/v1/appeals?status=open');
  state.appeals =
    a.ok && Array.isArray(a.data) ? a.data : a.ok && Array.isArray(a.data?.items) ? a.data.items : null;
  render();
}

async function init() {
  const me = await api('/api/v1/auth/me');
  state.mine = me.ok ? (me.data.departments ?? []) : [];
  state.periods = await loadPeriods();
  if (!state.periods.length) return render();
  await loadMonth(state.periods[0]);
}

function render(error) {
  document.querySelector('header').replaceWith(header('page.department', () => render(error)));
  if (error) return clear(main, el('p', { class: 'message error' }, error));
  if (!state.periods.length)
    return clear(main, section('dept.ranking', el('p', { class: 'empty' }, t('dept.none'))));
  clear(
    main,
    monthPicker(
      state.periods.map((p) => [p, p]),
      state.period,
      loadMonth,
    ),
    ranking(),
    dimensions(),
    standing(),
    staffPanel(),
    appeals(),
  );
}

function ranked() {
  return [...state.results]
    .filter((r) => typeof r.total === 'number')
    .sort((a, b) => b.total - a.total || a.id.localeCompare(b.id));
}

function ranking() {
  const rows = ranked();
  const rankOf = new Map();
  rows.forEach((r, i) =>
    rankOf.set(r.id, i > 0 && rows[i - 1].total === r.total ? rankOf.get(rows[i - 1].id) : i + 1),
  );
  return section(
    'dept.ranking',
    el('p', { class: 'sub' }, `${state.period} · ${state.results.length} ${t('staffCount')}`),
    el(
      'div',
      { class: 'chart-box' },
      barChart(
        rows.map((r) => ({ label: r.id, value: r.total })),
        { title: t('dept.ranking') },
      ),
    ),
    table(
      [
        { label: '#', get: (r) => rankOf.get(r.id) ?? '—', class: 'n' },
        {
          label: t('staff'),
          get: (r) => el('button', { class: 'link', onclick: () => openStaff(r.id) }, r.id),
        },
        { label: t('department'), get: (r) => r.department },
        { label: t('total'), get: (r) => num(r.total), class: 'n' },
        { label: t('grade'), get: (r) => r.grade ?? '—' },
        { label: t('incentive'), get: (r) => r.incentive ?? '—', class: 'n' },
      ],
      [...rows, ...state.results.filter((r) => typeof r.total !== 'number')],
      { rowAttrs: (r) => ({ 'data-staff': r.id }) },
    ),
  );
}

function dimensions() {
  const sums = new Map();
  for (const r of state.results)
    for (const d of r.dimensions ?? []) {
      if (typeof d.score !== 'number') continue;
      const s = sums.get(d.code) ?? { n: 0, sum: 0 };
      s.n += 1;
      s.sum += d.score;
      sums.set(d.code, s);
    }
  const rows = [...sums].map(([code, s]) => ({
    label: dimLabel(code),
    value: Math.round((s.sum / s.n) * 100) / 100,
  }));
  return section(
    'dept.dimensions',
    el('div', { class: 'chart-box' }, barChart(rows, { title: t('dept.dimensions') })),
  );
}

function standing() {
  const v = state.departments;
  if (!v) return null;
  const mine = state.mine.length ? state.mine : [...new Set(state.results.map((r) => r.department))];
  const blocks = v.items
    .filter((d) => mine.includes(d.code))
    .map((d) => {
      const site = v.items
        .filter((x) => x.site === d.site && typeof x.score === 'number')
        .sort((a, b) => b.score - a.score);
      const siteRank = site.findIndex((x) => x.code === d.code) + 1;
      const cmp = (v.comparison ?? []).find((c) => c.kind === d.kind);
      return el(
        'div',
        { class: 'standing', 'data-department': d.code },
        el('h3', {}, `${d.code} · ${d.kind ?? ''}`),
        el(
          'div',
          { class: 'facts' },
          el(
            'div',
            { class: 'fact' },
            el('span', { class: 'label' }, t('score')),
            el('strong', { class: 'value' }, num(d.score)),
          ),
          el(
            'div',
            { class: 'fact' },
            el('span', { class: 'label' }, t('dept.siteRank')),
            el('strong', { class: 'value' }, siteRank ? `${siteRank} / ${site.length}` : '—'),
            el('small', { class: 'why' }, `${t('site')} ${d.site}`),
          ),
          el(
            'div',
            { class: 'fact' },
            el('span', { class: 'label' }, t('dept.overallRank')),
            el('strong', { class: 'value' }, `${d.rank ?? '—'} / ${v.items.length}`),
          ),
          el(
            'div',
            { class: 'fact' },
            el('span', { class: 'label' }, t('dept.pool')),
            el('strong', { class: 'value' }, d.pool ?? '—'),
          ),
        ),
        cmp
          ? el(
              'div',
              {},
              el(
                'p',
                { class: 'sub' },
                `${t('dept.sameKind')} (${cmp.kind}) · ${t('dept.spread')} ${num(cmp.spread)}`,
              ),
              el(
                'div',
                { class: 'chart-box' },
                barChart(
                  cmp.departments.map((x) => ({
                    label: `${x.code} (${x.site})`,
                    value: x.score,
                    code: x.code,
                  })),
                  { highlight: (r) => r.code === d.code },
                ),
              ),
            )
          : null,
      );
    });
  return section('dept.standing', blocks.length ? blocks : el('p', { class: 'empty' }, '—'));
}

async function openStaff(code) {
  state.staff = code;
  state.notice = null;
  const p = await api(`/api/v1/periods/${state.period}/staff/${encodeURIComponent(code)}/plans`);
  state.plans = p.ok ? (Array.isArray(p.data) ? p.data : (p.data?.items ?? [])) : null;
  render();
  document.getElementById('staff-panel')?.scrollIntoView();
}

function staffPanel() {
  const r = state.results.find((x) => x.id === state.staff);
  if (!r) return null;
  const base = `/api/v1/periods/${state.period}/staff/${encodeURIComponent(r.id)}`;
  const note = el('p', { class: 'message', hidden: true, id: 'staff-status' });
  if (state.notice) message(note, state.notice.text, state.notice.kind);
  const send = async (method, path, body, done) => {
    const res = await api(path, { method, body });
    if (!res.ok) return message(note, res.error, 'error');
    await openStaff(r.id);
    state.notice = { text: t(done), kind: 'ok' };
    render();
  };
  const indicatorSelect = (name, any) =>
    el(
      'select',
      { name, required: !any },
      any ? el('option', { value: '' }, t('dept.anyIndicator')) : null,
      (r.indicators ?? []).map((i) => el('option', { value: i.code }, i.code)),
    );
  const fbText = el('textarea', { rows: 2, required: true, id: 'feedback-text' });
  const fbInd = indicatorSelect('indicator', true);
  const plInd = indicatorSelect('indicator', false);
  const plWhat = el('input', { id: 'plan-what' });
  const plOwner = el('input', { id: 'plan-owner', value: r.id });
  const plDue = el('input', { type: 'date', id: 'plan-due' });
  return el(
    'section',
    { class: 'card', id: 'staff-panel' },
    el('h2', {}, `${t('staff')} ${r.id} · ${r.department}`),
    note,
    el(
      'p',
      { class: 'sub' },
      `${t('total')} ${num(r.total)} · ${t('grade')} ${r.grade ?? '—'} · ${r.explanation?.total ?? ''}`,
    ),
    table(
      [
        { label: t('indicator'), get: (i) => el('code', {}, i.code) },
        { label: t('score'), get: (i) => num(i.score), class: 'n' },
        { label: t('contribution'), get: (i) => num(i.contribution), class: 'n' },
        {
          label: t('explanation'),
          get: (i) => el('span', { class: 'why' }, i.explanation ?? '—'),
          class: 'explanation',
        },
      ],
      r.indicators ?? [],
    ),
    el('h3', {}, t('dept.feedback')),
    el(
      'form',
      {
        class: 'form',
        id: 'feedback-form',
        onsubmit: (e) => {
          e.preventDefault();
          send(
            'POST',
            `${base}/feedback`,
            { text: fbText.value.trim(), ...(fbInd.value ? { indicator: fbInd.value } : {}) },
            'dept.feedbackSent',
          );
        },
      },
      el('label', {}, t('indicator'), fbInd),
      el('label', {}, t('dept.feedbackText'), fbText),
      el('button', { type: 'submit', id: 'send-feedback' }, t('dept.sendFeedback')),
    ),
    state.plans === null
      ? null
      : el(
          'div',
          {},
          el('h3', {}, t('loop.plans')),
          state.plans.length
            ? table(
                [
                  { label: t('indicator'), get: (p) => p.indicator ?? '—' },
                  { label: t('reason'), get: (p) => statusLabel(p.reason) },
                  { label: t('status'), get: (p) => statusLabel(p.status) },
                  {
                    label: t('actions'),
                    get: (p) => (p.actions ?? []).map((a) => `${a.what} (${a.dueDate ?? ''})`).join('; '),
                  },
                  {
                    label: '',
                    get: (p) =>
                      p.status === 'agreed'
                        ? ''
                        : el(
                            'button',
                            {
                              onclick: () =>
                                send(
                                  'PATCH',
                                  `/api/v1/plans/${p.id}`,
                                  { status: 'agreed' },
                                  'dept.planAgreed',
                                ),
                            },
                            t('dept.agree'),
                          ),
                  },
                ],
                state.plans,
              )
            : el('p', { class: 'empty' }, t('loop.noPlans')),
          el(
            'form',
            {
              class: 'form',
              id: 'plan-form',
              onsubmit: (e) => {
                e.preventDefault();
                const body = { indicator: plInd.value };
                if (plWhat.value.trim()) {
                  if (!plDue.value) return message(note, t('dept.dueNeeded'), 'error');
                  body.actions = [
                    { what: plWhat.value.trim(), owner: plOwner.value.trim() || r.id, dueDate: plDue.value },
                  ];
                }
                send('POST', `${base}/plans`, body, 'dept.planCreated');
              },
            },
            el('label', {}, t('indicator'), plInd),
            el('label', {}, t('dept.action'), plWhat),
            el('label', {}, t('dept.owner'), plOwner),
            el('label', {}, t('dueDate'), plDue),
            el('button', { type: 'submit' }, t('dept.newPlan')),
          ),
        ),
  );
}

function appeals() {
  if (!state.appeals) return null;
  return section(
    'dept.appeals',
    state.appeals.length
      ? table(
          [
            { label: t('staff'), get: (a) => a.staffId ?? a.staff ?? '—' },
            { label: t('department'), get: (a) => a.department ?? '—' },
            { label: t('month'), get: (a) => a.period ?? '—' },
            { label: t('indicators'), get: (a) => (a.indicators ?? []).join(', ') },
            { label: t('reason'), get: (a) => a.reason },
            { label: t('deadline'), get: (a) => when(a.deadline) },
          ],
          state.appeals,
          { rowAttrs: (a) => ({ 'data-appeal': a.id }) },
        )
      : el('p', { class: 'empty' }, t('dept.noAppeals')),
  );
}

if (requireRole('dept_manager', 'hr_admin', 'auditor')) init().catch((e) => render(String(e.message ?? e)));

// My department (managers; HR and auditors too): a scored month's ranking of the staff by name and total — a
// chart of the top ten and a histogram of all totals, and a table filtered and paged, so a department of a
// thousand people stays one screen —, the dimension averages, the department's standing at its site and against
// the same kind of department elsewhere; per member of staff their indicators (names in the reader's language),
// the feedback history and their comments and acknowledgements, feedback to write, and their improvement plans —
// one a month, its items the indicators it holds (add one), its actions (add, tick off), agreed and closed as a
// whole; the open appeals. The API limits a manager to their own departments.
import { api, requireRole } from './api.js';
import { barChart, chartWidth, histogram, onWidthChange } from './chart.js';
import { t } from './i18n.js';
import { clear, dimLabel, el, message, monthPicker, num, officeTop, section, table, when } from './ui.js';
import {
  appealStatus,
  currencyLabel,
  indicatorLabel,
  indicatorName,
  money,
  personLabel,
} from './people-ui.js';
import { monthPlan, planActions, planBadge, planItems } from './plan-ui.js';
import { feedNotice, isTraining } from './training-ui.js';
import { workOrderLinks } from './work-order-link.js';

const SCORED = ['scored', 'approved', 'closed'];
/** The ranking's chart shows this many (the best); the table pages the rest. */
const TOP_N = 10;
const PAGE = 25;
const state = {
  periods: [],
  period: null,
  results: [],
  departments: null,
  mine: [],
  team: null,
  staff: null,
  history: null,
  appeals: null,
  notice: null,
  filter: '',
  page: 0,
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
  state.history = null;
  state.page = 0;
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
  const [d, team, a] = await Promise.all([
    api(`/api/v1/periods/${period}/departments`),
    api(`/api/v1/periods/${period}/team`),
    api('/api/v1/appeals?status=open'),
  ]);
  state.departments = d.ok ? d.data : null;
  state.team = team.ok ? { ...team.data, byCode: new Map(team.data.items.map((m) => [m.staffId, m])) } : null;
  state.appeals = a.ok && Array.isArray(a.data) ? a.data : null;
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
  officeTop('page.department', 'department.html', () => render(error));
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
    monthLinks(),
    ranking(),
    dimensions(),
    standing(),
    staffPanel(),
    appeals(),
  );
}

/** The month's other pages a manager reads for their departments: who the grade quotas moved, and training. */
function monthLinks() {
  const period = encodeURIComponent(state.period);
  return el(
    'p',
    { class: 'sub month-links' },
    el('a', { href: `calibration.html?period=${period}`, id: 'dept-calibration-link' }, t('nav.calibration')),
    ' · ',
    el('a', { href: 'training.html', id: 'dept-training-link' }, t('nav.training')),
  );
}

const member = (code) => state.team?.byCode.get(code) ?? null;
const nameOf = (code) => member(code)?.name || code;
const currency = () => state.team?.currency ?? null;

/** An indicator of the set `set`, by name in the reader's language (from GET /periods/{p}/team) and code. */
function indicatorOf(set, code) {
  const n = state.team?.indicatorNames?.[set]?.[code];
  return indicatorLabel(code, n?.name, n?.names);
}

/** An indicator as a choice in a list: "name (code)", or the code when it has no name. */
function indicatorOption(r, code) {
  const n = state.team?.indicatorNames?.[r.indicatorSet]?.[code];
  const label = indicatorName(code, n?.name, n?.names);
  return label ? `${label} (${code})` : code;
}

function ranked() {
  return [...state.results]
    .filter((r) => typeof r.total === 'number')
    .sort((a, b) => b.total - a.total || a.id.localeCompare(b.id));
}

function ranking() {
  const rows = ranked();
  const charts =
    rows.length > TOP_N
      ? [
          el('h3', {}, `${t('people.topN')} ${TOP_N}`),
          el(
            'div',
            { class: 'chart-box', id: 'ranking-top' },
            barChart(
              rows.slice(0, TOP_N).map((r) => ({ label: nameOf(r.id), value: r.total })),
              { title: `${t('people.topN')} ${TOP_N}` },
            ),
          ),
          el('h3', {}, t('people.distribution')),
          el(
            'div',
            { class: 'chart-box', id: 'ranking-histogram' },
            histogram(
              rows.map((r) => r.total),
              { title: t('people.distribution'), width: chartWidth() },
            ),
          ),
        ]
      : el(
          'div',
          { class: 'chart-box', id: 'ranking-top' },
          barChart(
            rows.map((r) => ({ label: nameOf(r.id), value: r.total })),
            { title: t('dept.ranking') },
          ),
        );
  const filter = el('input', {
    type: 'search',
    id: 'ranking-filter',
    value: state.filter,
    placeholder: t('people.filter'),
    'aria-label': t('people.filter'),
    oninput: (e) => {
      state.filter = e.target.value;
      state.page = 0;
      document.getElementById('ranking-table')?.replaceWith(rankingTable());
    },
  });
  return section(
    'dept.ranking',
    el('p', { class: 'sub' }, `${state.period} · ${state.results.length} ${t('staffCount')}`),
    charts,
    el('div', { class: 'toolbar wrap' }, filter),
    rankingTable(),
  );
}

/** The ranking as a table: everyone (ranked first, then those with an error), filtered, a page at a time. */
function rankingTable() {
  const rows = ranked();
  const rankOf = new Map();
  rows.forEach((r, i) =>
    rankOf.set(r.id, i > 0 && rows[i - 1].total === r.total ? rankOf.get(rows[i - 1].id) : i + 1),
  );
  const q = state.filter.trim().toLowerCase();
  const all = [...rows, ...state.results.filter((r) => typeof r.total !== 'number')].filter((r) => {
    if (!q) return true;
    const m = member(r.id);
    return [r.id, m?.name, m?.employeeNo, r.department].some((x) => x && x.toLowerCase().includes(q));
  });
  const pages = Math.max(1, Math.ceil(all.length / PAGE));
  state.page = Math.min(state.page, pages - 1);
  const shown = all.slice(state.page * PAGE, (state.page + 1) * PAGE);
  const go = (p) => {
    state.page = p;
    document.getElementById('ranking-table')?.replaceWith(rankingTable());
  };
  const loop = (r) => {
    const m = member(r.id);
    if (!m) return '—';
    return (
      [
        m.acknowledged ? t('people.acked') : null,
        m.comments ? `${t('people.comments')} ${m.comments}` : null,
        m.openAppeal ? t('people.appealOpen') : null,
      ]
        .filter(Boolean)
        .join(' · ') || '—'
    );
  };
  return el(
    'div',
    { id: 'ranking-table' },
    table(
      [
        { label: '#', get: (r) => rankOf.get(r.id) ?? '—', class: 'n' },
        {
          label: t('staff'),
          get: (r) =>
            el(
              'button',
              { class: 'link', onclick: () => openStaff(r.id) },
              personLabel(member(r.id)?.name, r.id, member(r.id)?.employeeNo),
            ),
        },
        { label: t('department'), get: (r) => r.department },
        { label: t('total'), get: (r) => (r.error ? r.error : num(r.total)), class: 'n' },
        { label: t('grade'), get: (r) => r.grade ?? '—' },
        { label: t('incentive'), get: (r) => money(r.incentive, currency()), class: 'n' },
        { label: t('people.loop'), get: loop },
      ],
      shown,
      { rowAttrs: (r) => ({ 'data-staff': r.id }) },
    ),
    pages > 1
      ? el(
          'div',
          { class: 'toolbar pager' },
          el(
            'button',
            { class: 'chip', disabled: state.page === 0, onclick: () => go(state.page - 1) },
            t('people.prev'),
          ),
          el(
            'span',
            { class: 'sub' },
            `${state.page * PAGE + 1}–${Math.min(all.length, (state.page + 1) * PAGE)} / ${all.length}`,
          ),
          el(
            'button',
            { class: 'chip', disabled: state.page >= pages - 1, onclick: () => go(state.page + 1) },
            t('people.next'),
          ),
        )
      : el('p', { class: 'sub' }, `${all.length} / ${state.results.length}`),
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
            el('strong', { class: 'value' }, money(d.pool, currency())),
            currency() ? el('small', { class: 'why' }, currencyLabel(currency())) : null,
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
  await loadHistory();
  render();
  document.getElementById('staff-panel')?.scrollIntoView();
}

async function loadHistory() {
  const h = await api(`/api/v1/periods/${state.period}/staff/${encodeURIComponent(state.staff)}/history`);
  state.history = h.ok ? h.data : null;
  if (!h.ok) state.notice = { text: h.error, kind: 'error' };
}

function staffPanel() {
  const r = state.results.find((x) => x.id === state.staff);
  if (!r) return null;
  const h = state.history;
  const base = `/api/v1/periods/${state.period}/staff/${encodeURIComponent(r.id)}`;
  const note = el('p', { class: 'message', hidden: true, id: 'staff-status' });
  if (state.notice) message(note, state.notice.text, state.notice.kind);
  const send = async (method, path, body, done) => {
    const res = await api(path, { method, body });
    if (!res.ok) return message(note, res.error, 'error');
    await loadHistory();
    // A training's completion also says whether its hours reached the month's data.
    state.notice = feedNotice(res.data) ?? { text: t(done), kind: 'ok' };
    // Counts in the ranking (comments, acknowledgements) may have moved.
    const team = await api(`/api/v1/periods/${state.period}/team`);
    if (team.ok) state.team = { ...team.data, byCode: new Map(team.data.items.map((m) => [m.staffId, m])) };
    render();
    document.getElementById('staff-panel')?.scrollIntoView();
  };
  const fbText = el('textarea', { rows: 2, required: true, id: 'feedback-text' });
  // Feedback on the whole month or one indicator.
  const fbInd = el(
    'select',
    { name: 'indicator' },
    el('option', { value: '' }, t('dept.anyIndicator')),
    (r.indicators ?? []).map((i) => el('option', { value: i.code }, indicatorOption(r, i.code))),
  );
  const name = h?.name || member(r.id)?.name || '';
  return el(
    'section',
    { class: 'card', id: 'staff-panel', 'data-staff-panel': r.id },
    el(
      'h2',
      {},
      personLabel(name, r.id, h?.employeeNo ?? member(r.id)?.employeeNo),
      el('small', { class: 'sub' }, ` · ${r.department}`),
    ),
    note,
    el(
      'p',
      { class: 'sub' },
      `${t('total')} ${num(r.total)} · ${t('grade')} ${r.grade ?? '—'} · ${r.explanation?.total ?? ''}`,
    ),
    table(
      [
        { label: t('indicator'), get: (i) => indicatorOf(r.indicatorSet, i.code) },
        { label: t('score'), get: (i) => num(i.score), class: 'n' },
        { label: t('contribution'), get: (i) => num(i.contribution), class: 'n' },
        {
          label: t('explanation'),
          // An input the month's work orders gave: the orders behind the person's (or team's) value.
          get: (i) => [
            el('span', { class: 'why' }, i.explanation ?? '—'),
            workOrderLinks(state.period, i.explanation, (per) =>
              per === 'team' ? { per, code: r.department } : { per, code: r.id },
            ),
          ],
          class: 'explanation',
        },
      ],
      r.indicators ?? [],
      { rowAttrs: (i) => ({ 'data-indicator': i.code }) },
    ),
    h ? conversation(h, r) : null,
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
    h ? plans(h, r, send) : null,
  );
}

/** Feedback, the person's comments and acknowledgements, month by month (newest first). */
function conversation(h, r) {
  const months = h.months.filter(
    (m) => m.feedback.length || m.comments.length || m.acknowledgement || m.period === state.period,
  );
  return el(
    'div',
    { class: 'conversation', id: 'conversation' },
    el('h3', {}, t('people.history')),
    months.map((m) =>
      el(
        'div',
        { class: 'month-talk', 'data-month': m.period },
        el('h4', {}, m.period),
        m.acknowledgement
          ? el(
              'p',
              { class: 'ack', 'data-ack': m.period },
              `${t('people.acknowledgedOn')} ${when(m.acknowledgement.at)}`,
              m.acknowledgement.comment ? ` — “${m.acknowledgement.comment}”` : '',
            )
          : el('p', { class: 'empty' }, t('people.notAcknowledged')),
        m.comments.length
          ? el(
              'div',
              {},
              el('strong', {}, t('people.theirComments')),
              el(
                'ul',
                { class: 'list comments' },
                m.comments.map((c) =>
                  el('li', { 'data-comment': c.id }, c.text, el('small', {}, ` — ${when(c.at)}`)),
                ),
              ),
            )
          : null,
        m.feedback.length
          ? el(
              'div',
              {},
              el('strong', {}, t('people.feedbackGiven')),
              el(
                'ul',
                { class: 'list feedback' },
                m.feedback.map((f) =>
                  el(
                    'li',
                    { 'data-feedback': f.id },
                    f.indicator ? [indicatorOf(r.indicatorSet, f.indicator), ' '] : null,
                    f.text,
                    el('small', {}, ` — ${f.author ?? ''} ${when(f.createdAt)}`),
                  ),
                ),
              ),
            )
          : null,
      ),
    ),
  );
}

/** An open training's completion: the hours done and the day (today unless changed). */
function trainingDone(a, send) {
  const hours = el('input', {
    type: 'number',
    name: 'doneHours',
    min: 0.1,
    max: 200,
    step: 0.1,
    value: a.plannedHours ?? '',
    'aria-label': t('training.doneHours'),
  });
  const day = el('input', {
    type: 'date',
    name: 'doneOn',
    value: new Date().toLocaleDateString('en-CA'),
    'aria-label': t('training.doneOn'),
  });
  return el(
    'form',
    {
      class: 'form inline training-done',
      'data-training-done': a.id,
      onsubmit: (e) => {
        e.preventDefault();
        const doneHours = Number(hours.value);
        if (!(doneHours > 0 && doneHours <= 200))
          return message(document.getElementById('staff-status'), t('training.hoursNeeded'), 'error');
        send(
          'PATCH',
          `/api/v1/plan-actions/${a.id}`,
          { status: 'done', doneHours, ...(day.value ? { doneOn: day.value } : {}) },
          'people.actionSaved',
        );
      },
    },
    hours,
    day,
    el('button', { type: 'submit', class: 'chip' }, t('training.markDone')),
  );
}

/**
 * The person's improvement plans, one a month (newest first): the plan's status with agree and close once, its
 * items (the indicators it holds, why, baseline, result), its actions (tick one off, mark a training done) and a
 * form to add one; on the month shown, a form to add an indicator to the month's plan (the first makes the plan).
 */
function plans(h, r, send) {
  const months = h.months.filter((m) => monthPlan(m) || m.period === state.period);
  return el(
    'div',
    { id: 'plans' },
    el('h3', {}, t('loop.plans')),
    months.length
      ? months.map((m) => {
          const p = monthPlan(m);
          const here = m.period === state.period;
          if (!p)
            return el(
              'div',
              { class: 'plan none', 'data-period': m.period },
              el('h4', {}, m.period),
              el('p', { class: 'empty' }, t('plan.noneThisMonth')),
              addItemForm(r, null, send),
            );
          const open = p.status !== 'closed';
          return el(
            'div',
            { class: 'plan', 'data-plan': p.id, 'data-period': p.period, 'data-status': p.status },
            el(
              'div',
              { class: 'plan-head toolbar wrap' },
              el('h4', {}, p.period),
              planBadge(p),
              p.status === 'proposed'
                ? el(
                    'button',
                    {
                      class: 'agree',
                      onclick: () =>
                        send('PATCH', `/api/v1/plans/${p.id}`, { status: 'agreed' }, 'dept.planAgreed'),
                    },
                    t('dept.agree'),
                  )
                : null,
              open
                ? el(
                    'button',
                    {
                      class: 'secondary close-plan',
                      onclick: () =>
                        send('PATCH', `/api/v1/plans/${p.id}`, { status: 'closed' }, 'people.planClosed'),
                    },
                    t('people.closePlan'),
                  )
                : null,
            ),
            planItems(p, (code) => indicatorOf(r.indicatorSet, code)),
            here && open ? addItemForm(r, p, send) : null,
            el('h4', {}, t('plan.actions')),
            planActions(p, open ? [{ label: '', get: (a) => actionControl(a, send) }] : []),
            open ? addActionForm(p, h, r, send) : null,
          );
        })
      : el('p', { class: 'empty' }, t('loop.noPlans')),
  );
}

/** Tick a task off (or open it again); an open training is marked done with its hours and day. */
function actionControl(a, send) {
  if (isTraining(a) && a.status !== 'done') return trainingDone(a, send);
  return el(
    'button',
    {
      class: 'chip',
      'data-toggle-action': a.id,
      onclick: () =>
        send(
          'PATCH',
          `/api/v1/plan-actions/${a.id}`,
          { status: a.status === 'done' ? 'open' : 'done' },
          'people.actionSaved',
        ),
    },
    a.status === 'done' ? t('people.reopen') : t('people.markDone'),
  );
}

/**
 * Add an indicator of the month shown to its plan (POST …/plans; the month's first makes the plan, as the
 * manager's item): the month's indicators not yet in the plan. Nothing when every one is.
 */
function addItemForm(r, p, send) {
  const taken = new Set((p?.items ?? []).map((i) => i.indicator));
  const left = (r.indicators ?? []).filter((i) => !taken.has(i.code));
  if (!left.length) return null;
  const indicator = el(
    'select',
    { name: 'indicator', required: true, 'aria-label': t('indicator') },
    left.map((i) => el('option', { value: i.code }, `${indicatorOption(r, i.code)} · ${num(i.score)}`)),
  );
  return el(
    'form',
    {
      class: 'form inline add-item',
      id: 'plan-form',
      onsubmit: (e) => {
        e.preventDefault();
        send(
          'POST',
          `/api/v1/periods/${state.period}/staff/${encodeURIComponent(r.id)}/plans`,
          { indicator: indicator.value },
          p ? 'plan.itemAdded' : 'dept.planCreated',
        );
      },
    },
    el('label', {}, t('plan.addItem'), ' ', indicator),
    el('button', { type: 'submit', class: 'secondary' }, t(p ? 'plan.addItemButton' : 'dept.newPlan')),
  );
}

/** Add an action to the plan: a task (its text) or a training (its course and planned hours), owner, due date. */
function addActionForm(p, h, r, send) {
  const what = el('input', { name: 'what', 'aria-label': t('dept.action'), placeholder: t('dept.action') });
  const owner = el('input', { name: 'owner', value: h.name || r.id, 'aria-label': t('dept.owner') });
  const due = el('input', { type: 'date', name: 'dueDate', 'aria-label': t('dueDate') });
  // A training assignment: its course and planned hours instead of the task's text.
  const course = el('input', {
    name: 'course',
    maxlength: 200,
    hidden: true,
    'aria-label': t('training.course'),
    placeholder: t('training.course'),
  });
  const hours = el('input', {
    type: 'number',
    name: 'plannedHours',
    min: 0.1,
    max: 200,
    step: 0.1,
    hidden: true,
    'aria-label': t('training.plannedHours'),
    placeholder: t('training.plannedHours'),
  });
  const kind = el(
    'select',
    {
      name: 'kind',
      'aria-label': t('training.kind'),
      onchange: () => {
        const training = kind.value === 'training';
        course.hidden = !training;
        hours.hidden = !training;
        what.hidden = training;
      },
    },
    el('option', { value: 'task' }, t('training.kind.task')),
    el('option', { value: 'training' }, t('training.kind.training')),
  );
  return el(
    'form',
    {
      class: 'form inline add-action',
      onsubmit: (e) => {
        e.preventDefault();
        const status = document.getElementById('staff-status');
        if (!due.value) return message(status, t('dept.dueNeeded'), 'error');
        const common = { owner: owner.value.trim() || r.id, dueDate: due.value };
        if (kind.value === 'training') {
          const planned = Number(hours.value);
          if (!course.value.trim() || !(planned > 0 && planned <= 200))
            return message(status, t('training.courseNeeded'), 'error');
          return send(
            'POST',
            `/api/v1/plans/${p.id}/actions`,
            { kind: 'training', course: course.value.trim(), plannedHours: planned, ...common },
            'people.actionAdded',
          );
        }
        if (!what.value.trim()) return message(status, t('dept.actionNeeded'), 'error');
        send(
          'POST',
          `/api/v1/plans/${p.id}/actions`,
          { what: what.value.trim(), ...common },
          'people.actionAdded',
        );
      },
    },
    kind,
    what,
    course,
    hours,
    owner,
    due,
    el('button', { type: 'submit', class: 'secondary' }, t('people.addAction')),
  );
}

function appeals() {
  if (!state.appeals) return null;
  return section(
    'dept.appeals',
    state.appeals.length
      ? table(
          [
            { label: t('staff'), get: (a) => personLabel(a.staffName, a.staffId, a.employeeNo) },
            { label: t('department'), get: (a) => a.department ?? '—' },
            { label: t('month'), get: (a) => a.period ?? '—' },
            { label: t('indicators'), get: (a) => (a.indicators ?? []).join(', ') },
            { label: t('reason'), get: (a) => a.reason },
            { label: t('status'), get: (a) => appealStatus(a.status) },
            { label: t('deadline'), get: (a) => when(a.deadline) },
          ],
          state.appeals,
          { rowAttrs: (a) => ({ 'data-appeal': a.id }) },
        )
      : el('p', { class: 'empty' }, t('dept.noAppeals')),
  );
}

if (requireRole('dept_manager', 'hr_admin', 'auditor')) {
  onWidthChange(() => render());
  init().catch((e) => render(String(e.message ?? e)));
}

// The appraisal periods above the month (年度 / 季度考核; HR acts, auditors read the same without forms and buttons):
// a period picked (the current year by default, with its quarters and halves one click away), where it stands
// (open, scored, approved, closed; the plan version; the run behind the results), the months it holds and why a
// month is not in, the results of its current run with each person's explanation in the reader's language, the plan
// in words with its JSON editor (the engine's problems at their paths), the period's own inputs (a pasted CSV,
// every bad row listed), HR's grade overrides, a run followed to its end, approval and close. The rules are the
// API's (docs/APPRAISAL-PERIODS.md). `?period=2026-Q3` opens a period.
import { api as apiCall, errorText, problemText, requireRole, session, signOut } from './api.js';
import { getLang, langTag, t, tf } from './i18n.js';
import { actionButton } from './office-common.js';
import { money } from './people-ui.js';
import { oneLanguage } from './survey-common.js';
import { clear, el, localName, num, officeTop, section, table, when } from './ui.js';

const main = document.getElementById('main');
const params = new URLSearchParams(location.search);
const PERIOD = /^\d{4}(-(Q[1-4]|H[12]))?$/;
/** Results shown at first, and added by each "show more". */
const PAGE = 50;

/** api() with a refusal's "中文 / English" message in the reader's language. */
async function api(path, options) {
  const r = await apiCall(path, options);
  return r.ok ? r : { ...r, error: oneLanguage(r.error) };
}

const blankForm = () => ({ staff: '', grade: '', reason: '' });

const state = {
  period: PERIOD.test(params.get('period') ?? '') ? params.get('period') : String(new Date().getFullYear()),
  /** GET …/plan: {version, definition, …}; null: no plan. */
  plan: null,
  /** The months of the period: {period, status, runId, included, staff}; `fromPeriods`: no plan, statuses only. */
  months: [],
  fromPeriods: false,
  inputs: [],
  overrides: [],
  runs: [],
  /** GET …/results: null before a run completed. */
  results: null,
  /** The run queued or running, followed until it ends. */
  active: null,
  /** GET …/state: where the period stands, before and after its runs. */
  periodState: null,
  notice: null,
  planProblems: [],
  csvProblems: [],
  editor: null,
  csv: '',
  form: blankForm(),
  filter: { department: '', q: '' },
  shown: PAGE,
};

const isHr = () => session().role === 'hr_admin';
const status = () => state.results?.status ?? state.periodState?.status ?? 'open';
const locked = () => ['approved', 'closed'].includes(status());
let poll = null;

function notify(text, kind = 'ok') {
  state.notice = text ? { text, kind } : null;
}

/** The months of a period: 2026 → 12, 2026-Q3 → July to September, 2026-H1 → January to June. */
function monthsOf(period) {
  const year = period.slice(0, 4);
  const m = /-(Q|H)(\d)$/.exec(period);
  const [from, count] = !m ? [1, 12] : m[1] === 'Q' ? [(m[2] - 1) * 3 + 1, 3] : [(m[2] - 1) * 6 + 1, 6];
  return Array.from({ length: count }, (_, i) => `${year}-${String(from + i).padStart(2, '0')}`);
}

async function load() {
  clearTimeout(poll);
  const p = state.period;
  history.replaceState(null, '', `?${new URLSearchParams({ period: p })}`);
  const [plan, runs, inputs, overrides, periodState] = await Promise.all([
    api(`/api/v1/appraisals/${p}/plan`),
    api(`/api/v1/appraisals/${p}/runs`),
    api(`/api/v1/appraisals/${p}/inputs`),
    api(`/api/v1/appraisals/${p}/overrides`),
    api(`/api/v1/appraisals/${p}/state`),
  ]);
  if (p !== state.period) return;
  state.plan = plan.ok ? plan.data : null;
  if (!plan.ok && plan.status !== 404) notify(plan.error, 'error');
  if (state.editor === null) state.editor = JSON.stringify(state.plan?.definition ?? TEMPLATE, null, 2);
  state.runs = runs.ok ? runs.data : [];
  state.inputs = inputs.ok ? inputs.data.rows : [];
  state.overrides = overrides.ok ? overrides.data : [];
  state.periodState = periodState.ok ? periodState.data : null;
  state.active = state.runs.find((r) => r.status === 'queued' || r.status === 'running') ?? null;
  await Promise.all([loadMonths(), loadResults()]);
  render();
  if (state.active) follow(state.active.id);
}

/** The months as the period's document reads them now (a plan is needed), else the months' statuses. */
async function loadMonths() {
  const p = state.period;
  if (state.plan) {
    // Their summary only: the document itself holds every person's months (megabytes in a large hospital's year).
    const r = await api(`/api/v1/appraisals/${p}/months`);
    if (r.ok) {
      state.months = r.data.months;
      state.fromPeriods = false;
      return;
    }
  }
  const r = await api('/api/v1/periods');
  const statuses = new Map((r.ok ? r.data : []).map((m) => [m.period, m.status]));
  state.months = monthsOf(p).map((month) => {
    const s = statuses.get(month) ?? null;
    return { period: month, status: s, runId: null, included: null, staff: null };
  });
  state.fromPeriods = true;
}

/** The current run's results in the reader's language (their explanations are rendered by the API). */
async function loadResults() {
  // Results exist once a run completed: without one, the page does not ask (and the browser logs no 404).
  if (!state.runs.some((r) => r.status === 'completed')) {
    state.results = null;
    return;
  }
  const r = await api(`/api/v1/appraisals/${state.period}/results?lang=${getLang()}`);
  state.results = r.ok ? r.data : null;
  if (!r.ok && r.status !== 404) notify(r.error, 'error');
}

/** A person's name in the reader's language (the results carry each person's name). */
const nameOf = (p) => (p.name ? localName({ name: p.name, code: p.id }) : '');

/** A plan to start from when the period has none (docs/APPRAISAL-PERIODS.md). */
const TEMPLATE = {
  appraisal: {
    minMonths: 1,
    grades: [
      { min: 90, grade: '优秀', coefficient: 1.5 },
      { min: 75, grade: '合格', coefficient: 1 },
      { min: 60, grade: '基本合格', coefficient: 0.6 },
      { min: 0, grade: '不合格', coefficient: 0 },
    ],
  },
};

// ---------------------------------------------------------------- the page

function render() {
  officeTop('page.appraisals', 'appraisal-periods.html', onLanguage);
  const note = state.notice
    ? el('p', { class: `message ${state.notice.kind}`, id: 'ap-notice', role: 'status' }, state.notice.text)
    : el('p', { class: 'message', id: 'ap-notice', role: 'status', hidden: true });
  clear(main, picker(), note, standing(), months(), results(), plan(), inputs(), overrides(), runs());
}

/** The language changed: the page at once, then the explanations again in the new language. */
function onLanguage() {
  render();
  void loadResults().then(render);
}

function pick(period) {
  state.period = period;
  state.editor = null;
  state.csv = '';
  state.planProblems = [];
  state.csvProblems = [];
  state.form = blankForm();
  state.filter = { department: '', q: '' };
  state.shown = PAGE;
  notify(null);
  void load();
}

/** The period field, and the year, its quarters and halves (with the years around it) as quick links. */
function picker() {
  const year = Number(state.period.slice(0, 4));
  const field = el('input', {
    id: 'ap-period',
    value: state.period,
    maxlength: 7,
    size: 9,
    autocomplete: 'off',
    'aria-label': t('ap.period'),
    placeholder: '2026-Q3',
  });
  const chip = (period, label) =>
    el(
      'button',
      {
        type: 'button',
        class: `chip${period === state.period ? ' active' : ''}`,
        'data-period': period,
        onclick: () => pick(period),
      },
      label,
    );
  return el(
    'section',
    { class: 'card ap-picker' },
    el(
      'form',
      {
        class: 'toolbar wrap',
        onsubmit: (e) => {
          e.preventDefault();
          const value = field.value.trim().toUpperCase();
          if (!PERIOD.test(value)) {
            notify(t('ap.badPeriod'), 'error');
            return render();
          }
          pick(value);
        },
      },
      el('label', {}, t('ap.period'), ' ', field),
      el('button', { type: 'submit', class: 'secondary', id: 'ap-open' }, t('ap.open')),
      el('small', { class: 'hint' }, t('ap.periodHint')),
    ),
    el(
      'div',
      { class: 'ap-chips', id: 'ap-quick' },
      chip(String(year - 1), tf('ap.prevYear', { year: year - 1 })),
      chip(String(year), tf('ap.year', { year })),
      [1, 2, 3, 4].map((n) => chip(`${year}-Q${n}`, tf('ap.quarter', { n }))),
      [1, 2].map((n) => chip(`${year}-H${n}`, t(`ap.half.${n}`))),
      chip(String(year + 1), tf('ap.nextYear', { year: year + 1 })),
    ),
  );
}

function statusBadge(s) {
  return el(
    'span',
    { class: `badge month-${s}`, id: 'ap-status-badge', 'data-status': s },
    t(`ap.status.${s}`),
  );
}

/** Where the period stands, the run button with its progress, approval and close. */
function standing() {
  const r = state.results;
  const s = status();
  const lines = [
    state.plan ? tf('ap.planVersion', { version: state.plan.version }) : t('ap.noPlan'),
    r ? tf('ap.currentRun', { run: r.runId.slice(0, 8), version: r.planVersion }) : t('ap.noResults'),
  ];
  if (r?.approvedAt) lines.push(tf('ap.approvedBy', { who: r.approvedBy, at: when(r.approvedAt) }));
  if (r?.closedAt) lines.push(tf('ap.closedBy', { who: r.closedBy, at: when(r.closedAt) }));
  const hint = state.active ? t('ap.hint.running') : t(`ap.hint.${s}`);
  return el(
    'section',
    { class: 'card cockpit', id: 'ap-standing' },
    el('h2', {}, `${state.period} · `, statusBadge(s)),
    el('p', { class: 'sub', id: 'ap-state-line' }, lines.join(' · ')),
    runControl(),
    el('p', { class: 'hint', id: 'ap-sign-off-hint' }, hint),
    isHr()
      ? el(
          'div',
          { class: 'toolbar wrap' },
          actionButton(
            { id: 'ap-approve', disabled: s !== 'scored' || !!state.active || !r },
            t('ap.approve'),
            () => signOff('approve'),
          ),
          actionButton(
            { id: 'ap-close', class: 'danger', disabled: s !== 'approved' || !!state.active },
            t('ap.close'),
            () => signOff('close'),
          ),
        )
      : null,
  );
}

function runControl() {
  const a = state.active;
  const last = state.runs[0];
  const parts = [];
  if (isHr())
    parts.push(
      actionButton(
        { id: 'ap-run', disabled: !state.plan || locked() || !!a },
        t(state.results ? 'ap.runAgain' : 'ap.runNow'),
        startRun,
      ),
    );
  if (a)
    parts.push(
      el(
        'div',
        { class: 'run-progress', id: 'ap-run-progress', 'data-run': a.id },
        el('progress', { id: 'ap-progress', max: a.progress.total || 1, value: a.progress.done }),
        ' ',
        el('span', { id: 'ap-progress-text' }, progressText(a)),
        // A run whose jobs were lost would hold the period for ever: HR cancels it, and may start another.
        isHr()
          ? actionButton({ id: 'ap-cancel-run', class: 'secondary' }, t('ap.cancelRun'), () => cancelRun(a))
          : null,
      ),
    );
  else if (last?.status === 'failed')
    parts.push(
      el(
        'p',
        { class: 'message error', id: 'ap-run-error' },
        tf('ap.runFailed', { error: last.error ?? '' }),
      ),
    );
  return parts.length ? el('div', { class: 'toolbar wrap', id: 'ap-run-row' }, parts) : null;
}

const progressText = (run) =>
  tf('ap.running', {
    done: run.progress.done,
    total: run.progress.total,
    chunks: run.progress.chunks,
    chunksDone: run.progress.chunksDone,
  });

async function startRun() {
  const r = await api(`/api/v1/appraisals/${state.period}/runs`, { method: 'POST' });
  if (!r.ok) {
    notify(r.error, 'error');
    return render();
  }
  notify(t(r.data.created ? 'ap.runStarted' : 'ap.runAlready'), 'info');
  state.active = r.data.run;
  state.runs = [r.data.run, ...state.runs.filter((x) => x.id !== r.data.run.id)];
  render();
  follow(r.data.run.id);
}

async function cancelRun(run) {
  if (!confirm(tf('ap.cancelConfirm', { run: run.id.slice(0, 8), period: state.period }))) return;
  const r = await api(`/api/v1/appraisals/${state.period}/runs/${run.id}/cancel`, { method: 'POST' });
  notify(r.ok ? t('ap.runCancelled') : r.error, r.ok ? 'ok' : 'error');
  clearTimeout(poll);
  state.active = null;
  await load();
}

/** Polls the run every second, its progress in place; when it ends, the period again (its results, its state). */
function follow(id) {
  clearTimeout(poll);
  const period = state.period;
  poll = setTimeout(async () => {
    const r = await api(`/api/v1/appraisals/${period}/runs/${id}`);
    if (period !== state.period) return;
    if (!r.ok) {
      notify(r.error, 'error');
      return render();
    }
    const run = r.data;
    if (run.status === 'queued' || run.status === 'running') {
      state.active = run;
      const bar = document.getElementById('ap-progress');
      const text = document.getElementById('ap-progress-text');
      if (bar && text) {
        bar.max = run.progress.total || 1;
        bar.value = run.progress.done;
        text.textContent = progressText(run);
      } else render();
      return follow(id);
    }
    state.active = null;
    if (run.status === 'completed') notify(t('ap.runDone'));
    else if (run.status === 'cancelled') notify(t('ap.runCancelled'), 'info');
    else notify(tf('ap.runFailed', { error: run.error ?? '' }), 'error');
    await load();
  }, 1000);
}

async function signOff(step) {
  if (!confirm(tf(step === 'approve' ? 'ap.approveConfirm' : 'ap.closeConfirm', { period: state.period })))
    return;
  const r = await api(`/api/v1/appraisals/${state.period}/${step}`, { method: 'POST' });
  notify(
    r.ok ? tf(step === 'approve' ? 'ap.approved' : 'ap.closed', { period: state.period }) : r.error,
    r.ok ? 'ok' : 'error',
  );
  await load();
}

// ---------------------------------------------------------------- months

function monthWhy(m) {
  if (m.included) return tf('ap.in', { n: m.staff });
  if (m.status === null) return t('ap.why.notOpened');
  if (m.status === 'open') return t('ap.why.open');
  if (m.included === false) return t('ap.why.noRun');
  return '';
}

function months() {
  return section(
    'ap.months',
    state.fromPeriods ? el('p', { class: 'hint' }, t('ap.monthsFromPeriods')) : null,
    el(
      'div',
      { id: 'ap-months' },
      table(
        [
          { label: t('ap.month'), get: (m) => m.period },
          { label: t('ap.monthStatus'), get: (m) => t(`ap.month.${m.status ?? 'none'}`) },
          {
            label: t('ap.included'),
            get: (m) => el('span', { class: m.included ? 'ap-in' : 'ap-out' }, monthWhy(m)),
          },
        ],
        state.months,
        { rowAttrs: (m) => ({ 'data-month': m.period, 'data-included': String(!!m.included) }) },
      ),
    ),
  );
}

// ---------------------------------------------------------------- results

/** The badges beside a grade: moved by a quota, set by HR, held down by a cap. */
function badges(p) {
  const c = p.calibration;
  const out = [];
  if (c?.quota && c.quota.grade !== c.from)
    out.push(el('span', { class: 'badge ap-moved', 'data-badge': 'quota' }, t('ap.badge.quota')));
  if (c?.override)
    out.push(el('span', { class: 'badge ap-moved', 'data-badge': 'override' }, t('ap.badge.override')));
  if (p.capped) out.push(el('span', { class: 'badge', 'data-badge': 'capped' }, t('ap.badge.capped')));
  return out;
}

function explanation(p) {
  if ('error' in p) return el('span', { class: 'message error' }, p.error);
  const x = p.explanation ?? {};
  const line = (key, text) => (text ? el('p', {}, el('strong', {}, t(key)), ' ', text) : null);
  return el(
    'details',
    { class: 'ap-why' },
    el('summary', {}, t('ap.show')),
    line('ap.explainTotal', x.total),
    line('ap.explainGrade', x.grade),
    line('ap.explainBonus', x.incentive),
    p.incentiveError ? el('p', { class: 'message error' }, p.incentiveError) : null,
  );
}

function filtered() {
  const q = state.filter.q.trim().toLowerCase();
  return state.results.staff.filter(
    (p) =>
      (!state.filter.department || p.department === state.filter.department) &&
      (!q || p.id.toLowerCase().includes(q) || nameOf(p).toLowerCase().includes(q)),
  );
}

function results() {
  const r = state.results;
  if (!r) return section('ap.results', el('p', { class: 'empty', id: 'ap-no-results' }, t('ap.noResults')));
  const rows = filtered();
  const shown = rows.slice(0, state.shown);
  const department = el(
    'select',
    {
      id: 'ap-department',
      'aria-label': t('ap.department'),
      onchange: (e) => {
        state.filter.department = e.target.value;
        state.shown = PAGE;
        render();
      },
    },
    el('option', { value: '' }, t('ap.allDepartments')),
    r.departments.map((d) =>
      el('option', { value: d.code, selected: d.code === state.filter.department }, d.code),
    ),
  );
  const search = el('input', {
    id: 'ap-search',
    type: 'search',
    value: state.filter.q,
    placeholder: t('ap.searchHint'),
    'aria-label': t('ap.search'),
    onchange: (e) => {
      state.filter.q = e.target.value;
      state.shown = PAGE;
      render();
    },
  });
  const scored = (p, f) => ('error' in p ? '—' : f(p));
  return el(
    'section',
    { class: 'card', id: 'ap-results-card' },
    el('h2', {}, t('ap.results')),
    el(
      'div',
      { class: 'toolbar wrap' },
      el('label', {}, t('ap.department'), ' ', department),
      el('label', {}, t('ap.search'), ' ', search),
    ),
    el(
      'div',
      { id: 'ap-results' },
      table(
        [
          { label: t('ap.staff'), get: (p) => p.id },
          { label: t('ap.name'), get: nameOf },
          { label: t('ap.department'), get: (p) => p.department },
          { label: t('ap.set'), get: (p) => p.indicatorSet },
          { label: t('ap.monthsCount'), get: (p) => scored(p, (x) => String(x.months)), class: 'n' },
          { label: t('ap.days'), get: (p) => scored(p, (x) => String(x.days)), class: 'n' },
          { label: t('ap.total'), get: (p) => scored(p, (x) => num(x.total)), class: 'n' },
          {
            label: t('ap.grade'),
            get: (p) =>
              scored(p, (x) =>
                el(
                  'span',
                  { class: 'ap-grade' },
                  el('strong', {}, x.grade ?? t('ap.ungraded')),
                  ' ',
                  badges(x),
                ),
              ),
          },
          { label: t('ap.bonusCol'), get: (p) => scored(p, (x) => money(x.incentive)), class: 'n' },
          { label: t('ap.why'), get: (p) => explanation(p), class: 'explanation' },
        ],
        shown,
        { rowAttrs: (p) => ({ 'data-staff': p.id }) },
      ),
    ),
    el('p', { class: 'hint', id: 'ap-shown' }, tf('ap.shown', { shown: shown.length, total: rows.length })),
    rows.length > shown.length
      ? el(
          'button',
          {
            type: 'button',
            class: 'secondary',
            id: 'ap-more',
            onclick: () => {
              state.shown += PAGE;
              render();
            },
          },
          tf('ap.more', { n: Math.min(PAGE, rows.length - shown.length) }),
        )
      : null,
    el(
      'details',
      { class: 'ap-ranking', id: 'ap-ranking' },
      el('summary', {}, t('ap.ranking')),
      table(
        [
          { label: t('ap.rank'), get: (d) => String(d.rank ?? '—'), class: 'n' },
          { label: t('ap.department'), get: (d) => d.code },
          { label: t('ap.staffCount'), get: (d) => String(d.staffCount), class: 'n' },
          { label: t('ap.score'), get: (d) => num(d.score), class: 'n' },
        ],
        r.departments,
      ),
    ),
  );
}

// ---------------------------------------------------------------- the plan

/** "：" in Chinese, ": " in English. */
const colon = () => (getLang() === 'zh' ? '：' : ': ');
/** The separator of a list in a line: "；" / "; ". */
const semi = () => (getLang() === 'zh' ? '；' : '; ');

/** A plan input by its name in the reader's language, with its code: "主管评价 (mgr_assessment)". */
function inputLabel(code) {
  const def = (state.plan?.definition?.inputs ?? []).find((i) => i.code === code);
  const name = def?.name ? localName({ name: def.name, code }) : '';
  return name && name !== code ? `${name} (${code})` : code;
}

/** The lines of a rule; the plan's own (`whole`) says its defaults too, a set's only what it changes. */
function ruleLines(rule, whole = false) {
  const items = [];
  const add = (key, value) => items.push(el('li', {}, el('strong', {}, t(key)), colon(), value));
  if (whole || rule.rollup || rule.formula)
    add(
      'ap.rollup',
      rule.rollup === 'formula'
        ? tf('ap.rollup.formula', { formula: rule.formula ?? '' })
        : t('ap.rollup.mean'),
    );
  if (whole || rule.minMonths !== undefined) add('ap.minMonths', String(rule.minMonths ?? 1));
  if (rule.grades) add('ap.scale', rule.grades.map((g) => tf('ap.scaleRow', g)).join(semi()));
  if (rule.caps?.length)
    add(
      'ap.caps',
      rule.caps
        .map((c) =>
          c.vetoes !== undefined
            ? tf('ap.cap.vetoes', c)
            : tf('ap.cap.grade', { months: c.months ?? 1, grade: c.grade, to: c.to }),
        )
        .join(semi()),
    );
  if (rule.assessments?.length)
    add(
      'ap.assessments',
      rule.assessments.map((a) => tf('ap.assessment', { ...a, input: inputLabel(a.input) })).join(semi()),
    );
  if (rule.quotas?.rules?.length)
    add(
      'ap.quotas',
      `${t(`ap.quotaScope.${rule.quotas.scope ?? 'department'}`)}${colon()}` +
        rule.quotas.rules
          .map((q) =>
            'maxShare' in q
              ? tf('ap.quota.max', { grade: q.grade, share: q.maxShare })
              : tf(q.minStaff ? 'ap.quota.min' : 'ap.quota.minAll', {
                  grade: q.grade,
                  count: q.minCount,
                  staff: q.minStaff,
                }),
          )
          .join(semi()),
    );
  return items;
}

function bonusLines(incentive) {
  if (!incentive) return [t('ap.none')];
  const lines = [];
  if (incentive.amount) lines.push(tf('ap.bonus.amount', { formula: incentive.amount }));
  for (const p of incentive.pools ?? [])
    lines.push(
      tf('ap.bonus.pool', { department: p.department, amount: p.amount ? money(p.amount) : p.formula }),
    );
  if (incentive.weight) lines.push(tf('ap.bonus.weight', { formula: incentive.weight }));
  if (incentive.maxPerPerson) lines.push(tf('ap.bonus.max', { amount: money(incentive.maxPerPerson) }));
  if (incentive.minPerPerson) lines.push(tf('ap.bonus.min', { amount: money(incentive.minPerPerson) }));
  if (incentive.proration) lines.push(tf('ap.bonus.proration', { formula: incentive.proration }));
  return lines;
}

function plan() {
  const def = state.plan?.definition;
  const readable = def
    ? el(
        'div',
        { id: 'ap-plan-readable' },
        el(
          'p',
          { class: 'sub' },
          tf('ap.planVersion', { version: state.plan.version }),
          ' · ',
          when(state.plan.createdAt),
        ),
        el('ul', { class: 'list' }, ruleLines(def.appraisal, true)),
        Object.entries(def.appraisal.sets ?? {}).length
          ? el(
              'div',
              {},
              el('h3', {}, t('ap.sets')),
              Object.entries(def.appraisal.sets).map(([set, rule]) =>
                el(
                  'div',
                  { class: 'ap-set', 'data-set': set },
                  el('p', {}, el('strong', {}, set)),
                  el('ul', { class: 'list' }, ruleLines(rule)),
                ),
              ),
            )
          : null,
        def.inputs?.length
          ? el(
              'p',
              {},
              el('strong', {}, t('ap.inputs')),
              colon(),
              def.inputs.map((i) => inputLabel(i.code)).join(', '),
            )
          : null,
        el('h3', {}, t('ap.bonus')),
        el(
          'ul',
          { class: 'list', id: 'ap-plan-bonus' },
          bonusLines(def.incentive).map((l) => el('li', {}, l)),
        ),
      )
    : el('p', { class: 'empty', id: 'ap-no-plan' }, t('ap.noPlanYet'));
  return el(
    'section',
    { class: 'card', id: 'ap-plan' },
    el('h2', {}, t('ap.plan')),
    readable,
    isHr() ? planEditor() : null,
  );
}

function planEditor() {
  return el(
    'details',
    { class: 'ap-editor', id: 'ap-plan-editor', open: !state.plan || state.planProblems.length > 0 },
    el('summary', {}, t('ap.editor')),
    el('p', { class: 'hint' }, t('ap.editorHint')),
    el(
      'textarea',
      {
        id: 'ap-plan-json',
        rows: 18,
        spellcheck: false,
        oninput: (e) => {
          state.editor = e.target.value;
        },
      },
      state.editor ?? '',
    ),
    el('div', { class: 'toolbar' }, actionButton({ id: 'ap-plan-save' }, t('ap.savePlan'), savePlan)),
    problemsTable('ap-plan-problems', state.planProblems, [
      { label: t('ap.path'), get: (p) => el('code', {}, p.path ?? '') },
      { label: t('ap.problem'), get: (p) => problemText(p) },
    ]),
  );
}

function problemsTable(id, problems, columns) {
  if (!problems.length) return null;
  return el('div', { id, class: 'ap-problems' }, el('h3', {}, t('ap.problems')), table(columns, problems));
}

async function savePlan() {
  let body;
  try {
    body = JSON.parse(state.editor ?? '');
  } catch (e) {
    state.planProblems = [];
    notify(tf('ap.badJson', { error: e.message }), 'error');
    return render();
  }
  const r = await api(`/api/v1/appraisals/${state.period}/plan`, { method: 'PUT', body });
  if (!r.ok) {
    state.planProblems = r.data?.problems ?? [];
    notify(
      state.planProblems.length ? tf('ap.planRefused', { n: state.planProblems.length }) : r.error,
      'error',
    );
    return render();
  }
  state.planProblems = [];
  state.editor = JSON.stringify(r.data.definition, null, 2);
  notify(tf(r.data.added ? 'ap.planSaved' : 'ap.planSame', { version: r.data.version }));
  await load();
}

// ---------------------------------------------------------------- the period's inputs

function inputs() {
  const canWrite = isHr() && !locked() && !state.active;
  return el(
    'section',
    { class: 'card', id: 'ap-inputs-card' },
    el('h2', {}, t('ap.periodInputs')),
    state.inputs.length
      ? el(
          'div',
          { id: 'ap-inputs' },
          table(
            [
              { label: t('ap.staff'), get: (r) => r.staff },
              { label: t('ap.name'), get: (r) => localName({ name: r.name, code: r.staff }) },
              { label: t('ap.input'), get: (r) => r.input },
              { label: t('ap.value'), get: (r) => num(r.value, 4), class: 'n' },
              { label: t('ap.by'), get: (r) => r.enteredBy ?? '' },
              { label: t('ap.at'), get: (r) => when(r.createdAt) },
            ],
            state.inputs,
            { rowAttrs: (r) => ({ 'data-staff': r.staff, 'data-input': r.input }) },
          ),
        )
      : el('p', { class: 'empty', id: 'ap-no-inputs' }, t('ap.noInputs')),
    canWrite
      ? el(
          'div',
          { class: 'ap-csv' },
          el(
            'label',
            { class: 'block' },
            t('ap.csv'),
            el(
              'textarea',
              {
                id: 'ap-csv',
                rows: 5,
                spellcheck: false,
                placeholder: 'staff,input,value\nE101,mgr_assessment,88',
                oninput: (e) => {
                  state.csv = e.target.value;
                },
              },
              state.csv,
            ),
          ),
          el('div', { class: 'toolbar' }, actionButton({ id: 'ap-csv-save' }, t('ap.sendCsv'), saveCsv)),
          problemsTable('ap-csv-problems', state.csvProblems, [
            { label: t('ap.row'), get: (p) => String(p.row ?? ''), class: 'n' },
            { label: t('ap.field'), get: (p) => el('code', {}, p.field ?? '') },
            { label: t('ap.problem'), get: (p) => problemText(p) },
          ]),
        )
      : isHr() && locked()
        ? el('p', { class: 'hint' }, t('ap.locked'))
        : null,
  );
}

/** PUTs the pasted CSV as text/csv (api() sends JSON only): its problems come back by line and column. */
async function putCsv(path, text) {
  const headers = { Accept: 'application/json', 'Accept-Language': langTag(), 'Content-Type': 'text/csv' };
  const { token } = session();
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(path, { method: 'PUT', headers, body: text });
  if (res.status === 401) {
    signOut();
    throw new Error('signed out');
  }
  const body = await res.text();
  let data = null;
  try {
    data = body ? JSON.parse(body) : null;
  } catch {
    data = body;
  }
  return {
    ok: res.ok,
    status: res.status,
    data,
    error: res.ok ? null : oneLanguage(errorText(data, res.status)),
  };
}

async function saveCsv() {
  const text = state.csv.trim();
  if (!text) {
    notify(t('ap.csvEmpty'), 'error');
    return render();
  }
  const r = await putCsv(`/api/v1/appraisals/${state.period}/inputs`, `${text}\n`);
  if (!r.ok) {
    state.csvProblems = r.data?.rows ?? [];
    notify(
      state.csvProblems.length ? tf('ap.csvRefused', { n: state.csvProblems.length }) : r.error,
      'error',
    );
    return render();
  }
  state.csvProblems = [];
  state.csv = '';
  notify(tf('ap.csvSaved', r.data));
  await load();
}

// ---------------------------------------------------------------- overrides

/** The grades a plan offers: its own scale and its sets' (the API checks the person's rule). */
function planGrades() {
  const a = state.plan?.definition?.appraisal;
  if (!a) return [];
  const grades = [...(a.grades ?? []), ...Object.values(a.sets ?? {}).flatMap((s) => s.grades ?? [])];
  return [...new Set(grades.map((g) => g.grade))];
}

function overrides() {
  const canWrite = isHr() && !locked() && !state.active;
  const columns = [
    { label: t('ap.staff'), get: (o) => o.staffCode },
    { label: t('ap.name'), get: (o) => localName({ name: o.name, code: o.staffCode }) },
    { label: t('ap.department'), get: (o) => o.department ?? '' },
    { label: t('ap.grade'), get: (o) => o.grade },
    { label: t('ap.reason'), get: (o) => o.reason },
    { label: t('ap.by'), get: (o) => o.author },
    { label: t('ap.at'), get: (o) => when(o.createdAt) },
  ];
  if (canWrite)
    columns.push({
      label: t('ap.remove'),
      get: (o) =>
        actionButton({ class: 'secondary ap-remove-override' }, t('ap.remove'), () =>
          removeOverride(o.staffCode),
        ),
    });
  return el(
    'section',
    { class: 'card', id: 'ap-overrides-card' },
    el('h2', {}, t('ap.overrides')),
    state.overrides.length
      ? el(
          'div',
          { id: 'ap-overrides' },
          table(columns, state.overrides, { rowAttrs: (o) => ({ 'data-staff': o.staffCode }) }),
        )
      : el('p', { class: 'empty', id: 'ap-no-overrides' }, t('ap.noOverrides')),
    canWrite && state.plan ? overrideForm() : null,
  );
}

function overrideForm() {
  const grades = planGrades();
  if (!state.form.grade) state.form.grade = grades[0] ?? '';
  return el(
    'form',
    {
      class: 'ap-override-form',
      id: 'ap-override-form',
      onsubmit: (e) => {
        e.preventDefault();
        void saveOverride();
      },
    },
    el('h3', {}, t('ap.addOverride')),
    el(
      'div',
      { class: 'toolbar wrap' },
      el(
        'label',
        {},
        t('ap.staffCode'),
        ' ',
        el('input', {
          id: 'ap-override-staff',
          value: state.form.staff,
          maxlength: 64,
          size: 10,
          autocomplete: 'off',
          oninput: (e) => {
            state.form.staff = e.target.value;
          },
        }),
      ),
      el(
        'label',
        {},
        t('ap.grade'),
        ' ',
        el(
          'select',
          {
            id: 'ap-override-grade',
            onchange: (e) => {
              state.form.grade = e.target.value;
            },
          },
          grades.map((g) => el('option', { value: g, selected: g === state.form.grade }, g)),
        ),
      ),
    ),
    el(
      'label',
      { class: 'block' },
      t('ap.reason'),
      el(
        'textarea',
        {
          id: 'ap-override-reason',
          maxlength: 500,
          rows: 2,
          oninput: (e) => {
            state.form.reason = e.target.value;
          },
        },
        state.form.reason,
      ),
    ),
    el('button', { type: 'submit', id: 'ap-override-save' }, t('ap.saveOverride')),
  );
}

async function saveOverride() {
  const staff = state.form.staff.trim();
  const reason = state.form.reason.trim();
  if (!staff || !state.form.grade || !reason || [...reason].length > 500) {
    notify(t('ap.needOverride'), 'error');
    return render();
  }
  const r = await api(`/api/v1/appraisals/${state.period}/overrides/${encodeURIComponent(staff)}`, {
    method: 'PUT',
    body: { grade: state.form.grade, reason },
  });
  if (!r.ok) {
    notify(r.error, 'error');
    return render();
  }
  notify(tf('ap.overrideSaved', { staff: r.data.staffCode, grade: r.data.grade }));
  state.form = blankForm();
  await load();
}

async function removeOverride(staff) {
  if (!confirm(tf('ap.removeConfirm', { staff }))) return;
  const r = await api(`/api/v1/appraisals/${state.period}/overrides/${encodeURIComponent(staff)}`, {
    method: 'DELETE',
  });
  notify(r.ok ? tf('ap.removed', { staff }) : r.error, r.ok ? 'ok' : 'error');
  await load();
}

// ---------------------------------------------------------------- runs

function runs() {
  return section(
    'ap.runs',
    state.runs.length
      ? el(
          'div',
          { id: 'ap-runs' },
          table(
            [
              { label: t('ap.runId'), get: (r) => el('code', { title: r.id }, r.id.slice(0, 8)) },
              {
                label: t('ap.runStatus'),
                get: (r) => el('span', { class: `badge ${r.status}` }, t(`status.${r.status}`)),
              },
              { label: t('ap.progress'), get: (r) => `${r.progress.done}/${r.progress.total}`, class: 'n' },
              { label: t('ap.planCol'), get: (r) => String(r.planVersion), class: 'n' },
              { label: t('ap.started'), get: (r) => when(r.startedAt ?? r.createdAt) },
              { label: t('ap.finished'), get: (r) => when(r.finishedAt) },
              { label: t('ap.error'), get: (r) => r.error ?? '' },
            ],
            state.runs,
            { rowAttrs: (r) => ({ 'data-run': r.id, 'data-status': r.status }) },
          ),
        )
      : el('p', { class: 'empty' }, t('ap.noRuns')),
  );
}

if (requireRole('hr_admin', 'auditor')) load().catch((e) => clear(main, String(e.message ?? e)));

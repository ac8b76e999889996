// The month cockpit of the performance office (office.html): one month at a time — where it stands and what its
// next step needs, its data completeness, intake (a CSV or .xlsx dropped on the page, every bad cell listed), the
// scoring run with its progress, the spread of totals and grades, the department ranking with its people, who
// moved since the previous run or month, approval with its gate, closing, and the downloads. HR acts; auditors
// read the same without the buttons; a finance reader gets the approved and closed months and their downloads.
// The sections are in office-status.js, office-intake.js and office-results.js; this file loads and renders.
import { api, requireRole } from './api.js';
import { t } from './i18n.js';
import { clear, el, officeTop } from './ui.js';
import { onCockpitResize } from './office-charts.js';
import { notice, tf, monthStatus } from './office-common.js';
import { intakeCard } from './office-intake.js';
import { distributionCard, moversCard, rankingCard } from './office-results.js';
import { approvalCard, completenessCard, downloadsCard, runsCard, statusCard } from './office-status.js';

const who = requireRole('hr_admin', 'auditor', 'finance');
const main = document.getElementById('main');

const state = {
  role: who?.role,
  canWrite: who?.role === 'hr_admin',
  finance: who?.role === 'finance',
  periods: [],
  period: null,
  overview: null,
  completeness: null,
  batches: null,
  runs: [],
  distribution: null,
  departments: null,
  movers: null,
  against: 'previous-run',
  bin: 10,
  ranking: { sort: 'rank', dir: 1, filter: '', page: 0, open: null, people: null, next: null },
  intake: { problems: null, file: null },
  approval: { accepted: new Set(), reason: '', closing: false },
  notice: null,
  error: null,
};

/** The months a reader may pick: a finance reader only approved and closed ones. */
const pickable = () =>
  state.finance
    ? state.periods.filter((p) => p.status === 'approved' || p.status === 'closed')
    : state.periods;

let poll = null;

async function loadPeriods() {
  const r = await api('/api/v1/periods');
  if (!r.ok) {
    state.error = r.error;
    return;
  }
  state.periods = r.data;
  const list = pickable();
  if (!list.some((p) => p.period === state.period)) state.period = list.at(-1)?.period ?? null;
}

/** Everything the chosen month shows, for this reader. */
async function loadMonth() {
  clearTimeout(poll);
  const p = state.period;
  Object.assign(state, {
    overview: null,
    completeness: null,
    batches: null,
    runs: [],
    distribution: null,
    departments: null,
    movers: null,
  });
  if (!p) return;
  const o = await api(`/api/v1/periods/${p}/overview`);
  if (!o.ok) {
    state.error = o.error;
    return;
  }
  state.overview = o.data;
  if (state.finance) return;
  const takesData = o.data.status === 'open' || o.data.status === 'scored';
  const scored = Boolean(o.data.currentRunId);
  const [completeness, batches, runs, distribution, departments, movers] = await Promise.all([
    takesData ? api(`/api/v1/periods/${p}/completeness`) : null,
    api(`/api/v1/periods/${p}/batches`),
    api(`/api/v1/periods/${p}/runs`),
    scored ? api(`/api/v1/periods/${p}/distribution?bin=${state.bin}`) : null,
    scored ? api(`/api/v1/periods/${p}/departments`) : null,
    scored ? api(`/api/v1/periods/${p}/movers?against=${state.against}&top=20`) : null,
  ]);
  state.completeness = completeness?.ok ? completeness.data : null;
  state.batches = batches?.ok ? batches.data : null;
  state.runs = runs?.ok ? runs.data : [];
  state.distribution = distribution?.ok ? distribution.data : null;
  state.departments = departments?.ok ? departments.data : null;
  state.movers = movers?.ok ? movers.data : null;
  if (o.data.activeRun) follow(o.data.activeRun.id);
}

/** Polls the active run every second, updating its progress in place; reloads the month when it is over. */
function follow(runId) {
  clearTimeout(poll);
  poll = setTimeout(async () => {
    const r = await api(`/api/v1/runs/${runId}`);
    if (!r.ok) return;
    const run = r.data;
    if (run.status === 'queued' || run.status === 'running') {
      showProgress(run);
      follow(runId);
      return;
    }
    notify(
      run.status === 'completed' ? t('cockpit.run.done') : tf('cockpit.run.over', { status: run.status }),
      run.status === 'completed' ? 'ok' : 'error',
    );
    await reload();
  }, 1000);
}

function showProgress(run) {
  const bar = document.getElementById('run-progress');
  const text = document.getElementById('run-progress-text');
  if (!bar || !text) return;
  bar.max = run.progress.total || 1;
  bar.value = run.progress.done;
  bar.dataset.done = String(run.progress.done);
  text.textContent = tf('cockpit.run.progress', { done: run.progress.done, total: run.progress.total });
}

function notify(text, kind = 'info') {
  state.notice = text ? { text, kind } : null;
}

/** Loads the periods and the month again, then renders (after any action). */
async function reload() {
  state.error = null;
  await loadPeriods();
  await loadMonth();
  render();
}

/** What the section modules get: the state, and the page's actions. */
const ctx = {
  state,
  reload,
  notify,
  render: () => render(),
  /** Reloads only what a section changed, then renders. */
  async refresh(what) {
    const p = state.period;
    if (what === 'distribution') {
      const r = await api(`/api/v1/periods/${p}/distribution?bin=${state.bin}`);
      state.distribution = r.ok ? r.data : null;
    } else if (what === 'movers') {
      const r = await api(`/api/v1/periods/${p}/movers?against=${state.against}&top=20`);
      state.movers = r.ok ? r.data : null;
    }
    render();
  },
};

function monthPicker() {
  const list = pickable();
  if (!list.length) return null;
  return el(
    'label',
    { class: 'month-pick' },
    t('month'),
    ' ',
    el(
      'select',
      {
        id: 'month',
        onchange: async (e) => {
          state.period = e.target.value;
          notify(null);
          state.intake = { problems: null, file: null };
          state.approval = { accepted: new Set(), reason: '', closing: false };
          state.ranking = { ...state.ranking, page: 0, open: null, people: null, next: null };
          await loadMonth();
          render();
        },
      },
      [...list]
        .reverse()
        .map((p) =>
          el(
            'option',
            { value: p.period, selected: p.period === state.period },
            `${p.period} · ${monthStatus(p.status)}`,
          ),
        ),
    ),
  );
}

/** HR opens a new month, with the incentive plan of the latest month when asked (a month pays only with a plan). */
function newMonth() {
  if (!state.canWrite) return null;
  const latest = state.periods.at(-1);
  const next = nextMonth(latest?.period);
  const input = el('input', { id: 'new-month', type: 'month', value: next, required: true });
  const copy = latest?.incentive
    ? el('input', { id: 'new-month-plan', type: 'checkbox', checked: true })
    : null;
  return el(
    'form',
    {
      class: 'new-month',
      onsubmit: async (e) => {
        e.preventDefault();
        const body = { period: input.value };
        if (copy?.checked) body.incentive = latest.incentive;
        const r = await api('/api/v1/periods', { method: 'POST', body });
        if (!r.ok) notify(r.error, 'error');
        else {
          notify(tf('cockpit.month.created', { period: input.value }), 'ok');
          state.period = input.value;
        }
        await reload();
      },
    },
    el('label', {}, t('cockpit.month.new'), ' ', input),
    copy
      ? el('label', { class: 'check' }, copy, ' ', tf('cockpit.month.copyPlan', { period: latest.period }))
      : null,
    el('button', { type: 'submit', id: 'create-month' }, t('cockpit.month.create')),
  );
}

function nextMonth(period) {
  if (!period) return new Date().toISOString().slice(0, 7);
  const [y, m] = period.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

function render() {
  officeTop('cockpit.title', 'office.html', render);
  const toolbar = el('div', { class: 'toolbar wrap cockpit-bar' }, monthPicker(), newMonth());
  if (state.error && !state.overview)
    return clear(main, toolbar, el('p', { class: 'message error', id: 'cockpit-error' }, state.error));
  if (!state.period)
    return clear(
      main,
      toolbar,
      notice(state),
      el(
        'p',
        { class: 'empty', id: 'no-month' },
        t(state.finance ? 'cockpit.finance.none' : 'cockpit.month.none'),
      ),
    );
  if (state.finance) return clear(main, toolbar, notice(state), statusCard(ctx), downloadsCard(ctx));
  clear(
    main,
    toolbar,
    notice(state),
    statusCard(ctx),
    completenessCard(ctx),
    intakeCard(ctx),
    distributionCard(ctx),
    rankingCard(ctx),
    moversCard(ctx),
    approvalCard(ctx),
    downloadsCard(ctx),
    runsCard(ctx),
  );
}

if (who) {
  onCockpitResize(() => render());
  reload().catch((e) => {
    state.error = String(e.message ?? e);
    render();
  });
}

// Performance office (HR; auditors read only): months and their status, scoring runs with progress (polled
// while one is running) and a "score this month" button, indicator sets with their versions and weights, the
// AHP weight helper, and appeals to decide.
import { api, requireRole } from './api.js';
import { t } from './i18n.js';
import { clear, dimLabel, el, header, message, num, section, statusLabel, table, when } from './ui.js';

const who = requireRole('hr_admin', 'auditor');
const canWrite = who?.role === 'hr_admin';
const state = {
  periods: [],
  period: null,
  runs: [],
  sets: [],
  set: null,
  versions: null,
  appeals: null,
  ahp: null,
  notice: null,
};
const main = document.getElementById('main');
let poll = null;

async function init() {
  const [p, s] = await Promise.all([api('/api/v1/periods'), api('/api/v1/indicator-sets')]);
  if (!p.ok) return render(p.error);
  state.periods = p.data;
  state.sets = s.ok ? s.data : [];
  state.period = state.period ?? state.periods.at(-1)?.period ?? null;
  await Promise.all([loadRuns(), loadAppeals()]);
  render();
}

async function loadRuns() {
  if (!state.period) return;
  const r = await api(`/api/v1/periods/${state.period}/runs`);
  state.runs = r.ok ? r.data : [];
  const busy = state.runs.some((x) => x.status === 'queued' || x.status === 'running');
  clearTimeout(poll);
  if (busy) poll = setTimeout(() => refreshRuns(), 1000);
}

async function refreshRuns() {
  const before = state.runs.some((x) => x.status === 'queued' || x.status === 'running');
  await loadRuns();
  const after = state.runs.some((x) => x.status === 'queued' || x.status === 'running');
  // A run finished: the month's status changed too.
  if (before && !after) {
    const p = await api('/api/v1/periods');
    if (p.ok) state.periods = p.data;
  }
  render();
}

async function loadAppeals() {
  const a = await api('/api/v1/appeals?status=open');
  state.appeals =
    a.ok && Array.isArray(a.data) ? a.data : a.ok && Array.isArray(a.data?.items) ? a.data.items : null;
}

function render(error) {
  document.querySelector('header').replaceWith(header('page.office', () => render(error)));
  if (error) return clear(main, el('p', { class: 'message error' }, error));
  const note = el('p', { class: 'message', id: 'office-status', hidden: true });
  if (state.notice) message(note, state.notice.text, state.notice.kind);
  clear(main, note, periods(), runs(), appeals(), sets(), ahp());
}

function notify(text, kind) {
  state.notice = text ? { text, kind } : null;
}

function periods() {
  return section(
    'office.periods',
    state.periods.length
      ? table(
          [
            {
              label: t('month'),
              get: (p) =>
                el(
                  'button',
                  {
                    class: 'link',
                    onclick: async () => {
                      state.period = p.period;
                      notify(null);
                      await loadRuns();
                      render();
                    },
                  },
                  p.period,
                ),
            },
            {
              label: t('status'),
              get: (p) => el('span', { class: `badge ${p.status}` }, statusLabel(p.status)),
            },
            { label: t('office.planVersion'), get: (p) => p.planVersion ?? '—', class: 'n' },
          ],
          [...state.periods].reverse(),
          {
            rowAttrs: (p) => ({
              'data-period': p.period,
              class: p.period === state.period ? 'selected' : '',
            }),
          },
        )
      : el('p', { class: 'empty' }, t('office.noPeriods')),
  );
}

async function scoreMonth() {
  const r = await api(`/api/v1/periods/${state.period}/runs`, { method: 'POST' });
  notify(
    r.ok ? t(r.data.created ? 'office.runStarted' : 'office.runAlready') : r.error,
    r.ok ? 'ok' : 'error',
  );
  await loadRuns();
  render();
}

function runs() {
  if (!state.period) return null;
  return section(
    'office.runs',
    el(
      'div',
      { class: 'toolbar' },
      el('span', { class: 'sub' }, state.period),
      canWrite ? el('button', { id: 'score-month', onclick: scoreMonth }, t('office.score')) : null,
    ),
    state.runs.length
      ? table(
          [
            { label: t('office.run'), get: (r) => el('code', { title: r.id }, r.id.slice(0, 8)) },
            {
              label: t('status'),
              get: (r) => el('span', { class: `badge ${r.status}` }, statusLabel(r.status)),
            },
            { label: t('office.kind'), get: (r) => `${statusLabel(r.kind)} · ${statusLabel(r.trigger)}` },
            {
              label: t('office.progress'),
              get: (r) =>
                el(
                  'span',
                  { class: 'progress' },
                  el('progress', { max: r.progress.total || 1, value: r.progress.done }),
                  ` ${r.progress.done}/${r.progress.total}`,
                ),
            },
            { label: t('office.created'), get: (r) => when(r.createdAt) },
            { label: t('office.finished'), get: (r) => when(r.finishedAt) },
            { label: t('office.error'), get: (r) => r.error ?? '' },
          ],
          state.runs,
          { rowAttrs: (r) => ({ 'data-run': r.id, 'data-status': r.status }) },
        )
      : el('p', { class: 'empty' }, t('office.noRuns')),
  );
}

function sets() {
  return section(
    'office.sets',
    el(
      'div',
      { class: 'toolbar wrap' },
      state.sets.map((s) =>
        el(
          'button',
          { class: s.code === state.set ? 'chip active' : 'chip', onclick: () => openSet(s.code) },
          `${s.code} · ${s.name ?? ''} (v${(s.versions ?? []).map((v) => v.version).join(', v')})`,
        ),
      ),
    ),
    state.versions
      ? state.versions.map((v) =>
          el(
            'div',
            { class: 'version', 'data-version': v.version },
            el(
              'h3',
              {},
              `${state.set} v${v.version} · ${t('office.effectiveFrom')} ${v.effectiveFrom}${v.frozen ? ' · ' + t('office.frozen') : ''}`,
            ),
            table(
              [
                { label: t('dimension'), get: (d) => `${dimLabel(d.code)} (${d.name ?? d.code})` },
                { label: t('weight'), get: (d) => num(d.weight), class: 'n' },
              ],
              v.dimensions ?? [],
            ),
            table(
              [
                {
                  label: t('indicator'),
                  get: (i) => el('span', {}, el('code', {}, i.code), ' ', i.name ?? ''),
                },
                { label: t('dimension'), get: (i) => dimLabel(i.dimension) },
                { label: t('weight'), get: (i) => num(i.weight), class: 'n' },
                { label: t('office.method'), get: (i) => i.scoring?.method ?? '—' },
                { label: t('office.formula'), get: (i) => el('code', {}, i.formula ?? '') },
              ],
              v.indicators ?? [],
            ),
          ),
        )
      : null,
  );
}

async function openSet(code) {
  state.set = code;
  const r = await api(`/api/v1/indicator-sets/${encodeURIComponent(code)}/versions`);
  state.versions = r.ok ? r.data : null;
  notify(r.ok ? null : r.error, 'error');
  render();
}

const SAATY = [9, 7, 5, 3, 1, 1 / 3, 1 / 5, 1 / 7, 1 / 9];
const fraction = (x) => (x >= 1 ? String(x) : `1/${Math.round(1 / x)}`);

function ahp() {
  const a = (state.ahp ??= {
    names: ['efficiency', 'service', 'internal', 'growth'].map(dimLabel),
    upper: {},
    result: null,
    error: null,
  });
  const n = a.names.length;
  const value = (i, j) =>
    i === j ? 1 : i < j ? (a.upper[`${i},${j}`] ?? 1) : 1 / (a.upper[`${j},${i}`] ?? 1);
  const names = el('input', {
    id: 'ahp-names',
    value: a.names.join(', '),
    onchange: (e) => {
      const list = e.target.value
        .split(/[,，]/)
        .map((s) => s.trim())
        .filter(Boolean)
        .slice(0, 10);
      if (list.length >= 2) {
        a.names = list;
        a.upper = {};
        a.result = null;
        render();
      }
    },
  });
  const grid = el(
    'table',
    { class: 'matrix' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', {}, ''),
        a.names.map((m) => el('th', {}, m)),
      ),
    ),
    el(
      'tbody',
      {},
      a.names.map((row, i) =>
        el(
          'tr',
          {},
          el('th', {}, row),
          a.names.map((_, j) =>
            el(
              'td',
              {},
              i < j
                ? el(
                    'select',
                    {
                      'data-cell': `${i},${j}`,
                      onchange: (e) => {
                        a.upper[`${i},${j}`] = Number(e.target.value);
                        a.result = null;
                        render();
                      },
                    },
                    SAATY.map((s) =>
                      el('option', { value: s, selected: Math.abs(value(i, j) - s) < 1e-9 }, fraction(s)),
                    ),
                  )
                : fraction(value(i, j)),
            ),
          ),
        ),
      ),
    ),
  );
  const compute = async () => {
    const matrix = a.names.map((_, i) => a.names.map((__, j) => value(i, j)));
    const r = await api('/api/v1/ahp', { method: 'POST', body: { matrix } });
    a.result = r.ok ? r.data : null;
    a.error = r.ok ? null : r.error;
    render();
  };
  return section(
    'office.ahp',
    el('p', { class: 'hint' }, t('office.ahpHint')),
    el('label', {}, t('office.criteria'), names),
    el('div', { class: 'table-wrap' }, grid),
    el('button', { id: 'ahp-compute', onclick: compute }, t('office.ahpCompute')),
    a.error ? el('p', { class: 'message error' }, a.error) : null,
    a.result
      ? el(
          'div',
          { id: 'ahp-result' },
          table(
            [
              { label: t('office.criteria'), get: (k) => a.names[k] },
              { label: t('weight'), get: (k) => `${num(a.result.weights[k] * 100)} %`, class: 'n' },
            ],
            [...Array(n).keys()],
          ),
          el(
            'p',
            { class: a.result.consistent ? 'message ok' : 'message error' },
            `CR = ${num(a.result.cr, 4)} · λmax = ${num(a.result.lambdaMax, 4)} · ${t(a.result.consistent ? 'office.consistent' : 'office.inconsistent')}`,
          ),
        )
      : null,
  );
}

function appeals() {
  if (!state.appeals) return null;
  return section(
    'office.appeals',
    state.appeals.length
      ? state.appeals.map((ap) => {
          const reason = el('input', { name: 'reason' });
          const decision = el(
            'select',
            { name: 'decision' },
            el('option', { value: 'accept' }, t('office.accept')),
            el('option', { value: 'reject' }, t('office.reject')),
          );
          const rows = el('textarea', {
            rows: 3,
            name: 'measurements',
            placeholder: '[{"input": "...", "staff": "...", "date": "YYYY-MM-DD", "value": 0}]',
          });
          const note = el('p', { class: 'message', hidden: true });
          return el(
            'div',
            { class: 'appeal', 'data-appeal': ap.id },
            el(
              'p',
              {},
              el(
                'strong',
                {},
                `${ap.staffId ?? ap.staff ?? ''} · ${ap.department ?? ''} · ${ap.period ?? ''}`,
              ),
              ` · ${(ap.indicators ?? []).join(', ')} · ${ap.reason} · ${t('deadline')} ${when(ap.deadline)}`,
            ),
            canWrite
              ? el(
                  'form',
                  {
                    class: 'form',
                    onsubmit: async (e) => {
                      e.preventDefault();
                      let measurements;
                      try {
                        measurements = rows.value.trim() ? JSON.parse(rows.value) : undefined;
                      } catch {
                        return message(note, t('office.badJson'), 'error');
                      }
                      const r = await api(`/api/v1/appeals/${ap.id}/decision`, {
                        method: 'POST',
                        body: {
                          decision: decision.value,
                          reason: reason.value.trim(),
                          ...(measurements ? { measurements } : {}),
                        },
                      });
                      if (!r.ok) return message(note, r.error, 'error');
                      notify(t('office.decided'), 'ok');
                      // An accepted appeal re-scores its month: show that month's runs (polled while the run goes).
                      if (ap.period && state.periods.some((p) => p.period === ap.period))
                        state.period = ap.period;
                      await Promise.all([loadAppeals(), loadRuns()]);
                      render();
                    },
                  },
                  el('label', {}, t('decision'), decision),
                  el('label', {}, t('reason'), reason),
                  el('label', {}, t('office.measurements'), rows),
                  el('button', { type: 'submit' }, t('office.decide')),
                  note,
                )
              : null,
          );
        })
      : el('p', { class: 'empty' }, t('dept.noAppeals')),
  );
}

if (who) init().catch((e) => render(String(e.message ?? e)));

// The performance office's analysis of a range of months (统计分析; HR and auditors read the same): a month, a
// quarter, a year or any from…to of at most 24 months, each month read from its current run by the API
// (GET /api/v1/analysis, docs/ANALYSIS.md). The page draws what the API computed and computes nothing of its own:
// the heat map of mean scores (indicators × departments, coloured by band with the number in each cell), the
// weakest indicators hospital-wide and per department with their trend, the distribution of totals per post type,
// site and set as box plots (the groups whose mean differs from the others' beyond the threshold flagged and said
// in words), the variance contribution as bars, the improvement plans, and the months left out for want of a
// completed run. The same figures download as an .xlsx (fetched with the token, never a token in a URL), and the
// print stylesheet (css/analysis.css) turns the page into the A4 report a director prints: 年度分析报告 with its
// range, one part a page, no navigation or buttons.
// When the range is an appraisal period (a quarter, a half-year Jan–Jun / Jul–Dec, a year), its stored results follow
// (考核期结果, GET /api/v1/analysis/appraisals/{period}): grades, calibration moves, bonus and training per department.
import { api, requireRole } from './api.js';
import { chartWidth, legend, lineChart, onWidthChange } from './chart.js';
import { fill, t } from './i18n.js';
import { download } from './office-api.js';
import { histogram } from './office-charts.js';
import { clear, dimLabel, el, localName, message, monthInput, num, officeTop, table, when } from './ui.js';

const main = document.getElementById('main');
const NS = 'http://www.w3.org/2000/svg';
/** The API's limit on a range, checked here first so the reader is told before a request. */
const MAX_MONTHS = 24;
/** How many of the hospital's weakest indicators show before "show all", and how many have their trend drawn. */
const WEAKEST_SHOWN = 10;
const WEAKEST_CHARTED = 5;

/** The current month, "YYYY-MM", in the reader's time zone. */
function thisMonth() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

const pad2 = (n) => String(n).padStart(2, '0');
const monthIndex = (m) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;

/** What a from…to range is: one month, a calendar quarter, a calendar year, or any other range. */
function kindOf(from, to) {
  if (from === to) return 'month';
  const [y, mf] = [from.slice(0, 4), Number(from.slice(5, 7))];
  if (to.slice(0, 4) !== y) return 'custom';
  const mt = Number(to.slice(5, 7));
  if (mf === 1 && mt === 12) return 'year';
  if (mf % 3 === 1 && mt === mf + 2) return 'quarter';
  return 'custom';
}

function initialState() {
  const q = new URLSearchParams(location.search);
  const month = /^\d{4}-\d{2}$/.test(q.get('from') ?? '') ? q.get('from') : thisMonth();
  const from = month;
  const to = /^\d{4}-\d{2}$/.test(q.get('to') ?? '') ? q.get('to') : null;
  const year = Number(month.slice(0, 4));
  // Opened without a range: the current year so far is what the office most often reads.
  const kind = to ? kindOf(from, to) : q.get('from') ? 'month' : 'year';
  return {
    kind,
    month,
    year,
    quarter: Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1,
    from,
    to: to ?? from,
    threshold: q.get('threshold') ?? '10',
    /** The API's answer for the range last asked, and the range it is for. */
    data: null,
    shown: null,
    error: null,
    loading: false,
    notice: null,
    allWeakest: false,
    /** The appraisal period the shown range is (a quarter, a half-year, a year): {period, data, error}, else null. */
    appraisal: null,
  };
}

const state = initialState();

/** The range the controls describe: {from, to}. */
function chosenRange() {
  switch (state.kind) {
    case 'month':
      return { from: state.month, to: state.month };
    case 'quarter': {
      const first = (state.quarter - 1) * 3 + 1;
      return { from: `${state.year}-${pad2(first)}`, to: `${state.year}-${pad2(first + 2)}` };
    }
    case 'year':
      return { from: `${state.year}-01`, to: `${state.year}-12` };
    default:
      return { from: state.from, to: state.to };
  }
}

/** The query of the API's two routes, or the reason the controls cannot be sent (said before any request). */
function query() {
  const { from, to } = chosenRange();
  if (!/^\d{4}-\d{2}$/.test(from) || !/^\d{4}-\d{2}$/.test(to))
    return { error: { key: 'analysis.badRange' } };
  if (monthIndex(to) < monthIndex(from)) return { error: { key: 'analysis.badRange' } };
  if (monthIndex(to) - monthIndex(from) + 1 > MAX_MONTHS) return { error: { key: 'analysis.tooLong' } };
  const threshold = Number(state.threshold);
  if (
    String(state.threshold).trim() === '' ||
    !Number.isFinite(threshold) ||
    threshold < 0 ||
    threshold > 100
  )
    return { error: { key: 'analysis.badThreshold' } };
  return { from, to, params: new URLSearchParams({ from, to, threshold: String(threshold) }) };
}

/** The range in the address (`?from=2026-07&to=2026-09&threshold=10`), so a reload or a shared link shows the same. */
function keepAddress(params) {
  const wanted = `${location.pathname}?${params}`;
  if (`${location.pathname}${location.search}` !== wanted) history.replaceState(null, '', wanted);
}

async function load() {
  const q = query();
  state.notice = null;
  if (q.error) {
    state.error = q.error;
    render();
    return;
  }
  state.loading = true;
  state.error = null;
  render();
  const r = await api(`/api/v1/analysis?${q.params}`);
  state.loading = false;
  state.data = r.ok ? r.data : null;
  state.shown = r.ok ? { from: q.from, to: q.to, threshold: Number(q.params.get('threshold')) } : null;
  state.error = r.ok ? null : { text: r.error };
  state.allWeakest = false;
  keepAddress(q.params);
  state.appraisal = r.ok ? await loadAppraisal(q.from, q.to) : null;
  render();
}

/**
 * The appraisal period a range of months is — a quarter "2026-Q3", a half-year "2026-H1", a year "2026" — or null:
 * its stored results (GET /api/v1/analysis/appraisals/{period}) are shown under the months' analysis.
 */
function appraisalPeriodOf(from, to) {
  const year = from.slice(0, 4);
  if (to.slice(0, 4) !== year) return null;
  const [a, b] = [Number(from.slice(5, 7)), Number(to.slice(5, 7))];
  if (a === 1 && b === 12) return year;
  if (b === a + 5 && (a === 1 || a === 7)) return `${year}-H${a === 1 ? 1 : 2}`;
  if (b === a + 2 && a % 3 === 1) return `${year}-Q${(a + 2) / 3}`;
  return null;
}

/**
 * The period's analysis, or why there is none. Whether a run of it has completed is asked first (its runs: 200
 * with none), so that a period without results is said in words instead of being a 404 in the browser's console.
 */
async function loadAppraisal(from, to) {
  const period = appraisalPeriodOf(from, to);
  if (!period) return null;
  const runs = await api(`/api/v1/appraisals/${period}/runs`);
  if (!runs.ok) return { period, data: null, error: runs.error };
  if (!runs.data.some((run) => run.status === 'completed')) return { period, data: null, error: null };
  const r = await api(`/api/v1/analysis/appraisals/${period}`);
  return r.ok ? { period, data: r.data, error: null } : { period, data: null, error: r.error };
}

async function downloadAppraisal() {
  const period = state.appraisal?.period;
  if (!period) return;
  const r = await download(
    `/api/v1/analysis/appraisals/${period}?format=xlsx`,
    `appraisal-analysis-${period}.xlsx`,
  );
  state.notice = r.ok
    ? { key: 'analysis.downloaded', params: { name: r.fileName }, kind: 'ok' }
    : { text: r.error, kind: 'error' };
  render();
}

async function downloadWorkbook() {
  const s = state.shown;
  if (!s) return;
  const params = new URLSearchParams({ from: s.from, to: s.to, threshold: String(s.threshold) });
  const r = await download(`/api/v1/analysis/workbook?${params}`, `analysis-${s.from}-${s.to}.xlsx`);
  state.notice = r.ok
    ? { key: 'analysis.downloaded', params: { name: r.fileName }, kind: 'ok' }
    : { text: r.error, kind: 'error' };
  render();
}

// --- Names ------------------------------------------------------------------------------------------------------

/** Lookups of the answer's indicators, departments and groups by code. */
function lookups(d) {
  const indicators = new Map((d.indicators ?? []).map((i) => [i.code, i]));
  const departments = new Map((d.departments ?? []).map((x) => [x.code, x]));
  return {
    indicator: (code) => localName(indicators.get(code) ?? { code }) || code,
    dimension: (code) => indicators.get(code)?.dimension ?? '',
    department: (code) => localName(departments.get(code) ?? { code }) || code,
    site: (code) => departments.get(code)?.site ?? '',
  };
}

function rangeText(s) {
  return s.from === s.to
    ? fill(t('analysis.oneMonth'), { from: s.from })
    : fill(t('analysis.range'), { from: s.from, to: s.to });
}

/** A mean score as shown everywhere on the page: one decimal. */
const score = (x) => num(x, 1);

// --- Rendering --------------------------------------------------------------------------------------------------

function render() {
  officeTop('page.analysis', 'analysis.html', render);
  // message() sets the class, so the notices are kept off paper by their box.
  const notice = el('p', { class: 'message', id: 'analysis-notice', role: 'status', hidden: true });
  // A notice of the page's own is kept as its key, so a language switch says it again in the other language.
  const n = state.notice;
  if (n) message(notice, n.key ? fill(t(n.key), n.params) : n.text, n.kind);
  const error = el('p', { class: 'message', id: 'analysis-error', role: 'alert', hidden: true });
  if (state.error) message(error, state.error.key ? t(state.error.key) : state.error.text, 'error');
  const d = state.data;
  clear(
    main,
    toolbar(),
    el('div', { class: 'no-print' }, notice, error),
    state.loading ? el('p', { class: 'loading no-print' }, t('analysis.loading')) : null,
    d && state.shown
      ? [
          reportHead(),
          summary(d),
          heatmap(d),
          weakest(d),
          distribution(d),
          variance(d),
          plans(d),
          appraisalPart(state.appraisal),
        ]
      : null,
  );
}

function toolbar() {
  const kinds = ['month', 'quarter', 'year', 'custom'];
  const kind = el(
    'label',
    {},
    t('analysis.kind'),
    ' ',
    el(
      'select',
      {
        id: 'analysis-kind',
        onchange: (e) => {
          // The new kind starts from the range chosen so far (a quarter turned into from…to keeps its months).
          const { from, to } = chosenRange();
          Object.assign(state, {
            kind: e.target.value,
            from,
            to,
            month: from,
            year: Number(from.slice(0, 4)),
            quarter: Math.floor((Number(from.slice(5, 7)) - 1) / 3) + 1,
          });
          render();
        },
      },
      kinds.map((k) => el('option', { value: k, selected: k === state.kind }, t(`analysis.kind.${k}`))),
    ),
  );
  const yearInput = () =>
    el(
      'label',
      {},
      t('analysis.year'),
      ' ',
      el('input', {
        type: 'number',
        id: 'analysis-year',
        class: 'year',
        min: 2000,
        max: 2100,
        step: 1,
        value: String(state.year),
        onchange: (e) => {
          if (/^\d{4}$/.test(e.target.value)) state.year = Number(e.target.value);
        },
      }),
    );
  /** A free month under its own label (起始月份 / 截止月份) instead of monthInput's 月份. */
  const labelled = (id, key, value, onPick) => {
    const field = monthInput(id, value, onPick);
    field.firstChild.textContent = t(key);
    return field;
  };
  let range;
  if (state.kind === 'month')
    range = monthInput('analysis-month', state.month, (m) => {
      state.month = m;
    });
  else if (state.kind === 'quarter')
    range = [
      yearInput(),
      el(
        'label',
        {},
        t('analysis.quarter'),
        ' ',
        el(
          'select',
          { id: 'analysis-quarter', onchange: (e) => (state.quarter = Number(e.target.value)) },
          [1, 2, 3, 4].map((n) =>
            el('option', { value: n, selected: n === state.quarter }, fill(t('analysis.q'), { n })),
          ),
        ),
      ),
    ];
  else if (state.kind === 'year') range = yearInput();
  else
    range = [
      labelled('analysis-from', 'analysis.from', state.from, (m) => (state.from = m)),
      labelled('analysis-to', 'analysis.to', state.to, (m) => (state.to = m)),
    ];
  return el(
    'div',
    { class: 'toolbar wrap analysis-bar no-print', id: 'analysis-toolbar' },
    kind,
    range,
    el(
      'label',
      {},
      t('analysis.threshold'),
      ' ',
      el('input', {
        type: 'number',
        id: 'analysis-threshold',
        class: 'threshold',
        min: 0,
        max: 100,
        step: 0.5,
        value: state.threshold,
        oninput: (e) => (state.threshold = e.target.value),
      }),
    ),
    el(
      'button',
      { id: 'analysis-show', onclick: () => void load(), disabled: state.loading },
      t('analysis.show'),
    ),
    el(
      'button',
      {
        id: 'analysis-download',
        class: 'secondary',
        disabled: !state.data,
        onclick: () => void downloadWorkbook(),
      },
      t('analysis.download'),
    ),
    el(
      'button',
      { id: 'analysis-print', class: 'secondary', disabled: !state.data, onclick: () => window.print() },
      t('analysis.print'),
    ),
  );
}

/** The report's title: on paper only (the screen has the page title in its header). */
function reportHead() {
  return el(
    'div',
    { class: 'report-head print-only', id: 'report-head' },
    el('h1', {}, t('analysis.report'), ' ', el('span', { class: 'report-range' }, rangeText(state.shown))),
    el('p', { class: 'sub' }, fill(t('analysis.printedOn'), { when: when(new Date().toISOString()) })),
  );
}

/** A part of the report: a card that starts a new page on paper. */
function part(id, titleKey, ...children) {
  return el('section', { class: 'card analysis-part', id }, el('h2', {}, t(titleKey)), ...children);
}

function summary(d) {
  const months = d.months ?? [];
  const missing = months.filter((m) => !m.runId).map((m) => m.period);
  const scored = months.length - missing.length;
  const fact = (label, value, id) =>
    el(
      'div',
      { class: 'fact', id },
      el('span', { class: 'label' }, label),
      el('span', { class: 'value' }, value),
    );
  return part(
    'analysis-summary',
    'analysis.summary',
    el('p', { class: 'range-line' }, el('strong', {}, rangeText(state.shown))),
    el(
      'div',
      { class: 'facts' },
      fact(t('analysis.staffCount'), num(d.staff, 0), 'fact-staff'),
      fact(t('analysis.monthsScored'), `${scored} / ${months.length}`, 'fact-months'),
      fact(t('analysis.indicatorCount'), num((d.indicators ?? []).length, 0), 'fact-indicators'),
      fact(t('analysis.departmentCount'), num((d.departments ?? []).length, 0), 'fact-departments'),
    ),
    el(
      'p',
      {
        id: 'missing-months',
        class: missing.length ? 'message info' : 'sub',
        'data-missing': missing.join(','),
      },
      missing.length
        ? fill(t('analysis.missingMonths'), { months: missing.join('、') })
        : t('analysis.noMissing'),
    ),
    table(
      [
        { label: t('analysis.months'), get: (m) => m.period },
        {
          label: t('analysis.run'),
          get: (m) =>
            m.runId
              ? el('code', { title: m.runId }, String(m.runId).slice(0, 8))
              : el('span', { class: 'badge missing' }, t('analysis.monthMissing')),
        },
        { label: t('staff'), class: 'n', get: (m) => (m.runId ? num(m.staff, 0) : '—') },
      ],
      months,
      { rowAttrs: (m) => ({ 'data-period': m.period, 'data-missing': m.runId ? 'false' : 'true' }) },
    ),
  );
}

// --- Heat map ---------------------------------------------------------------------------------------------------

/** The colour band of a mean score (the legend's six bands; 100 itself is in 90–100). */
function band(mean) {
  if (mean < 60) return 0;
  if (mean < 70) return 1;
  if (mean < 80) return 2;
  if (mean < 90) return 3;
  if (mean <= 100) return 4;
  return 5;
}

function heatmap(d) {
  const names = lookups(d);
  const cells = new Map((d.heatmap ?? []).map((c) => [`${c.indicator}\u0000${c.department}`, c]));
  // Only the rows and columns with a cell: a department appraised on nothing in the range would be a blank column.
  const rows = (d.indicators ?? []).filter((i) => (d.heatmap ?? []).some((c) => c.indicator === i.code));
  const cols = (d.departments ?? []).filter((x) => (d.heatmap ?? []).some((c) => c.department === x.code));
  if (!rows.length)
    return part('heatmap', 'analysis.heatmap', el('p', { class: 'empty' }, t('analysis.noHeat')));
  const head = el(
    'tr',
    {},
    el('th', { class: 'corner', scope: 'col' }, t('indicator')),
    cols.map((c) =>
      el(
        'th',
        { scope: 'col', 'data-department': c.code, title: c.code },
        el('span', { class: 'dept-name' }, names.department(c.code)),
        c.site ? el('small', {}, c.site) : null,
      ),
    ),
  );
  const body = rows.map((i) =>
    el(
      'tr',
      { 'data-indicator': i.code },
      el(
        'th',
        { scope: 'row', class: 'row-head', title: i.dimension ? dimLabel(i.dimension) : undefined },
        el('span', {}, names.indicator(i.code)),
        ' ',
        el('small', {}, i.code),
      ),
      cols.map((c) => {
        const cell = cells.get(`${i.code}\u0000${c.code}`);
        if (!cell || cell.mean === null || cell.mean === undefined)
          return el('td', { class: 'heat heat-none' }, '');
        return el(
          'td',
          {
            class: `heat heat-${band(Number(cell.mean))}`,
            'data-indicator': i.code,
            'data-department': c.code,
            'data-mean': cell.mean,
            'data-n': cell.n,
            title: fill(t('analysis.cellTitle'), {
              indicator: names.indicator(i.code),
              department: names.department(c.code),
              mean: score(cell.mean),
              n: cell.n,
            }),
          },
          score(cell.mean),
        );
      }),
    ),
  );
  return part(
    'heatmap',
    'analysis.heatmap',
    el('p', { class: 'sub' }, t('analysis.heatmapHint')),
    heatLegend(),
    el(
      'div',
      { class: 'table-wrap heatmap-box', tabindex: 0 },
      el(
        'table',
        { class: 'matrix heatmap', id: 'heatmap-table' },
        el('thead', {}, head),
        el('tbody', {}, body),
      ),
    ),
  );
}

function heatLegend() {
  return el(
    'ul',
    { class: 'heat-legend', 'aria-label': t('analysis.heatLegend') },
    [0, 1, 2, 3, 4, 5].map((k) =>
      el(
        'li',
        {},
        el('span', { class: `swatch heat heat-${k}`, 'aria-hidden': 'true' }),
        t(`analysis.heat.${k}`),
      ),
    ),
  );
}

// --- Weakest ----------------------------------------------------------------------------------------------------

function svg(tag, attrs = {}) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/**
 * A trend as a sparkline, 96 × 26 px, without text (the values are in its tooltip and the change beside it). The
 * scale spans at least 10 points so a wobble of a few tenths does not look like a collapse.
 */
function sparkline(trend, label) {
  const values = trend.map((p) => (p.mean === null || p.mean === undefined ? null : Number(p.mean)));
  const known = values.filter((v) => v !== null);
  const W = 96;
  const H = 26;
  const node = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: 'spark', role: 'img' });
  const title = svg('title');
  title.textContent = `${label}: ${trend.map((p) => `${p.period} ${score(p.mean)}`).join(' · ')}`;
  node.setAttribute('aria-label', title.textContent);
  node.append(title);
  if (!known.length) return node;
  const mid = (Math.max(...known) + Math.min(...known)) / 2;
  const span = Math.max(10, Math.max(...known) - Math.min(...known));
  const x = (i) => (values.length <= 1 ? W / 2 : 4 + (i * (W - 8)) / (values.length - 1));
  const y = (v) => H / 2 - ((v - mid) * (H - 8)) / span;
  let dPath = '';
  values.forEach((v, i) => {
    if (v === null) return;
    dPath += `${dPath && values[i - 1] !== null ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
  });
  node.append(svg('path', { d: dPath, class: 'line' }));
  const last = values
    .map((v, i) => [v, i])
    .filter(([v]) => v !== null)
    .at(-1);
  node.append(svg('circle', { cx: x(last[1]), cy: y(last[0]), r: 2.5, class: 'end' }));
  return node;
}

/** The trend's change from its first month with a mean to its last: "↑ 4.2", "↓ 1", or nothing. */
function change(trend) {
  const known = trend.filter((p) => p.mean !== null && p.mean !== undefined).map((p) => Number(p.mean));
  if (known.length < 2) return null;
  const delta = known.at(-1) - known[0];
  const cls = delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat';
  const sign = delta > 0 ? '↑' : delta < 0 ? '↓' : '→';
  return el('span', { class: `delta ${cls}` }, `${sign} ${score(Math.abs(delta))}`);
}

function trendCell(trend, label) {
  return el('span', { class: 'trend' }, sparkline(trend ?? [], label), change(trend ?? []));
}

/** A trend without the months left out (no completed run): they have no mean, only a gap. */
function scoredTrend(d, trend) {
  const scored = new Set((d.months ?? []).filter((m) => m.runId).map((m) => m.period));
  return (trend ?? []).filter((p) => scored.has(p.period));
}

function weakest(d) {
  const names = lookups(d);
  const trendOf = (w) => scoredTrend(d, w.trend);
  const hospital = d.weakest?.hospital ?? [];
  const shown = state.allWeakest ? hospital : hospital.slice(0, WEAKEST_SHOWN);
  const charted = hospital.slice(0, WEAKEST_CHARTED);
  const labels = charted.length ? trendOf(charted[0]).map((p) => p.period) : [];
  const chart =
    charted.length && labels.length > 1
      ? el(
          'div',
          { class: 'chart-box', id: 'weakest-trend' },
          lineChart(
            charted.map((w) => ({
              label: names.indicator(w.indicator),
              values: trendOf(w).map((p) =>
                p.mean === null || p.mean === undefined ? null : Number(p.mean),
              ),
            })),
            labels,
            { title: fill(t('analysis.weakestTrend'), { n: charted.length }) },
          ),
          legend(charted.map((w) => names.indicator(w.indicator))),
        )
      : null;
  const more =
    hospital.length > WEAKEST_SHOWN
      ? el(
          'button',
          {
            class: 'link no-print',
            id: 'weakest-all',
            onclick: () => {
              state.allWeakest = !state.allWeakest;
              render();
            },
          },
          state.allWeakest
            ? fill(t('analysis.showFewer'), { n: WEAKEST_SHOWN })
            : fill(t('analysis.showAll'), { n: hospital.length }),
        )
      : null;
  const byDepartment = d.weakest?.byDepartment ?? [];
  return part(
    'weakest',
    'analysis.weakest',
    el('p', { class: 'sub' }, t('analysis.weakestHint')),
    el('h3', {}, t('analysis.weakestHospital')),
    chart
      ? [el('p', { class: 'chart-title' }, fill(t('analysis.weakestTrend'), { n: charted.length })), chart]
      : null,
    table(
      [
        { label: '#', class: 'n', get: (w) => String(hospital.indexOf(w) + 1) },
        {
          label: t('indicator'),
          get: (w) => [names.indicator(w.indicator), ' ', el('small', {}, w.indicator)],
        },
        {
          label: t('dimension'),
          get: (w) => (names.dimension(w.indicator) ? dimLabel(names.dimension(w.indicator)) : ''),
        },
        { label: t('analysis.mean'), class: 'n', get: (w) => score(w.mean) },
        { label: t('analysis.n'), class: 'n', get: (w) => num(w.n, 0) },
        { label: t('analysis.trend'), get: (w) => trendCell(trendOf(w), names.indicator(w.indicator)) },
      ],
      shown,
      { rowAttrs: (w) => ({ 'data-indicator': w.indicator, 'data-mean': w.mean }) },
    ),
    more,
    el('h3', { class: 'keep-with-next' }, t('analysis.weakestByDepartment')),
    el(
      'div',
      { class: 'dept-weak-grid', id: 'weakest-departments' },
      byDepartment.map((x) =>
        el(
          'div',
          { class: 'dept-weak', 'data-department': x.department },
          el(
            'h4',
            {},
            names.department(x.department),
            names.site(x.department) ? el('small', {}, ` ${names.site(x.department)}`) : null,
          ),
          x.items?.length
            ? el(
                'ol',
                {},
                x.items.map((w) =>
                  el(
                    'li',
                    { 'data-indicator': w.indicator },
                    el('span', { class: 'name', title: w.indicator }, names.indicator(w.indicator)),
                    el('span', { class: 'mean' }, score(w.mean)),
                    trendCell(trendOf(w), names.indicator(w.indicator)),
                  ),
                ),
              )
            : el('p', { class: 'empty' }, t('analysis.none')),
        ),
      ),
    ),
  );
}

// --- Distribution -----------------------------------------------------------------------------------------------

const GROUPS = [
  ['postType', 'byPostType', 'analysis.byPostType'],
  ['site', 'bySite', 'analysis.bySite'],
  ['set', 'bySet', 'analysis.bySet'],
];

const groupName = (g) => localName(g) || g.code;

/** A label cut to `n` characters with an ellipsis (the whole name is in the row's tooltip). */
const cutTo = (label, n) => ([...label].length > n ? [...label].slice(0, n - 1).join('') + '…' : label);

/**
 * Box plots of totals, one row per group: the whisker from min to max, the box from Q1 to Q3, the median as a bar
 * and the mean as a dot; a flagged group in the highlight colour. Drawn at the width it is shown at, like chart.js.
 */
function boxPlot(groups, flagged, title) {
  const W = chartWidth();
  const narrow = W < 480;
  const labelW = Math.min(narrow ? 96 : 170, Math.round(W / 3));
  // About 13 px a Chinese character at 12 px (bold a little more).
  const chars = Math.max(5, Math.floor(labelW / 14));
  const row = 30;
  const axis = 24;
  const H = groups.length * row + axis + 6;
  const drawn = groups.filter((g) => g.n > 0 && g.min !== null && g.max !== null);
  const lowest = Math.min(...drawn.map((g) => Number(g.min)), 100);
  const highest = Math.max(...drawn.map((g) => Number(g.max)), 0);
  const lo = Math.max(0, Math.floor((lowest - 5) / 10) * 10);
  const hi = Math.max(100, Math.ceil(highest / 10) * 10);
  const x = (v) => labelW + ((Number(v) - lo) * (W - labelW - 14)) / (hi - lo || 1);
  const node = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    width: W,
    height: H,
    class: 'chart box-plot',
    role: 'img',
    'aria-label': title,
  });
  const text = (attrs, s) => {
    const n = svg('text', attrs);
    n.textContent = s;
    return n;
  };
  const span = hi - lo;
  const step = narrow ? (span > 50 ? 20 : 10) : span > 100 ? 20 : 10;
  for (let v = lo; v <= hi; v += step) {
    node.append(svg('line', { x1: x(v), x2: x(v), y1: 4, y2: H - axis, class: 'grid' }));
    node.append(text({ x: x(v), y: H - axis + 16, class: 'axis', 'text-anchor': 'middle' }, String(v)));
  }
  groups.forEach((g, i) => {
    const top = 6 + i * row;
    const mid = top + row / 2 - 3;
    const name = groupName(g);
    const flag = flagged.has(g.code);
    const gEl = svg('g', { class: `box-row${flag ? ' flagged' : ''}`, 'data-code': g.code });
    const label = text(
      { x: labelW - 8, y: mid + 4, class: `axis${flag ? ' flag-label' : ''}`, 'text-anchor': 'end' },
      // A flagged label is bold and carries its ⚑: two characters fewer of the name fit.
      cutTo(name, flag ? chars - 2 : chars) + (flag ? ' ⚑' : ''),
    );
    gEl.append(label);
    const tip = svg('title');
    tip.textContent = `${name}: n ${g.n} · ${t('analysis.mean')} ${score(g.mean)} · ${t('analysis.median')} ${score(
      g.median,
    )} · ${score(g.min)}–${score(g.max)}`;
    gEl.append(tip);
    if (g.n > 0 && g.min !== null && g.max !== null) {
      gEl.append(svg('line', { x1: x(g.min), x2: x(g.max), y1: mid, y2: mid, class: 'whisker' }));
      for (const end of [g.min, g.max])
        gEl.append(svg('line', { x1: x(end), x2: x(end), y1: mid - 5, y2: mid + 5, class: 'whisker' }));
      gEl.append(
        svg('rect', {
          x: x(g.q1),
          y: mid - 9,
          width: Math.max(2, x(g.q3) - x(g.q1)),
          height: 18,
          rx: 2,
          class: 'box',
        }),
      );
      gEl.append(
        svg('line', { x1: x(g.median), x2: x(g.median), y1: mid - 9, y2: mid + 9, class: 'median' }),
      );
      gEl.append(svg('circle', { cx: x(g.mean), cy: mid, r: 3.5, class: 'mean' }));
    }
    node.append(gEl);
  });
  return node;
}

/** A flag in words: which group, its mean against the others', by how much, and what it may mean. */
function flagText(f, groups, threshold) {
  const g = groups.find((x) => x.code === f.code);
  const difference = Number(f.difference ?? Number(f.mean) - Number(f.othersMean));
  return fill(t('analysis.flag'), {
    group: t(`analysis.group.${f.group}`),
    name: g ? groupName(g) : f.code,
    mean: score(f.mean),
    others: score(f.othersMean),
    difference: score(Math.abs(difference)),
    direction: t(difference >= 0 ? 'analysis.higher' : 'analysis.lower'),
    threshold: num(threshold, 1),
  });
}

/**
 * A group's statistics as a table that stays a table on a phone and scrolls sideways in its box (`matrix`): nine
 * figures a group read as a stacked card each would be a screen per group.
 */
function statsTable(columns, rows, options) {
  const wrap = table(columns, rows, options);
  wrap.querySelector('table').classList.add('matrix', 'stats');
  return wrap;
}

function distribution(d) {
  const dist = d.distribution ?? {};
  const flags = dist.flags ?? [];
  const threshold = d.threshold ?? state.shown.threshold;
  const blocks = GROUPS.map(([group, key, titleKey]) => {
    const groups = dist[key] ?? [];
    const flagged = new Set(flags.filter((f) => f.group === group).map((f) => f.code));
    if (!groups.length) return null;
    return el(
      'div',
      { class: 'dist-block', id: `dist-${group}`, 'data-group': group },
      el('h3', {}, t(titleKey)),
      el('div', { class: 'chart-box' }, boxPlot(groups, flagged, t(titleKey))),
      statsTable(
        [
          {
            label: t(`analysis.group.${group}`),
            // One level of children only: table() flattens once.
            get: (g) =>
              flagged.has(g.code)
                ? [groupName(g), ' ', el('span', { class: 'badge flag' }, `⚑ ${t('analysis.flagged')}`)]
                : groupName(g),
          },
          { label: t('analysis.n'), class: 'n', get: (g) => num(g.n, 0) },
          { label: t('analysis.mean'), class: 'n', get: (g) => score(g.mean) },
          { label: t('analysis.sd'), class: 'n', get: (g) => score(g.sd) },
          { label: t('analysis.min'), class: 'n', get: (g) => score(g.min) },
          { label: t('analysis.q1'), class: 'n', get: (g) => score(g.q1) },
          { label: t('analysis.median'), class: 'n', get: (g) => score(g.median) },
          { label: t('analysis.q3'), class: 'n', get: (g) => score(g.q3) },
          { label: t('analysis.max'), class: 'n', get: (g) => score(g.max) },
        ],
        groups,
        {
          rowAttrs: (g) => ({
            'data-code': g.code,
            class: flagged.has(g.code) ? 'flagged' : undefined,
          }),
        },
      ),
      // The histograms, folded: one per group, for the reader who wants the shape behind a box.
      el(
        'details',
        { class: 'histograms no-print' },
        el('summary', {}, t('analysis.histograms')),
        groups
          .filter((g) => (g.histogram ?? []).length)
          .map((g) =>
            el(
              'div',
              { class: 'chart-box', 'data-code': g.code },
              el('p', { class: 'chart-title' }, fill(t('analysis.histogramOf'), { name: groupName(g) })),
              histogram(g.histogram, {
                title: fill(t('analysis.histogramOf'), { name: groupName(g) }),
                countLabel: t('analysis.people'),
              }),
            ),
          ),
      ),
    );
  });
  const allGroups = { postType: dist.byPostType ?? [], site: dist.bySite ?? [], set: dist.bySet ?? [] };
  return part(
    'distribution',
    'analysis.distribution',
    el('p', { class: 'sub' }, t('analysis.distributionHint')),
    el(
      'div',
      { class: 'flags', id: 'flags' },
      el('h3', {}, t('analysis.flags')),
      flags.length
        ? el(
            'ul',
            {},
            flags.map((f) =>
              el(
                'li',
                { class: 'flag', 'data-flag-group': f.group, 'data-flag-code': f.code },
                flagText(f, allGroups[f.group] ?? [], threshold),
              ),
            ),
          )
        : el(
            'p',
            { class: 'sub', id: 'no-flags' },
            fill(t('analysis.noFlags'), { threshold: num(threshold, 1) }),
          ),
    ),
    blocks,
  );
}

// --- Variance ---------------------------------------------------------------------------------------------------

/**
 * The shares as horizontal bars from a zero line, scaled to the largest share (chart.js's barChart scales to 100
 * and has no negative side: shares of a few per cent each, some negative, would be slivers there). Positive shares
 * to the right, the largest highlighted; negative ones to the left in grey. Drawn at the width it is shown at.
 */
function shareBars(rows, title) {
  const W = chartWidth();
  const narrow = W < 480;
  const bar = narrow ? 15 : 16;
  const gap = 6;
  const labelW = Math.min(narrow ? 112 : 210, Math.round(W / 3));
  const chars = Math.max(6, Math.floor(labelW / 13));
  const valueW = 50;
  const H = rows.length * (bar + gap) + gap;
  const pos = Math.max(0, ...rows.map((r) => r.share));
  const neg = Math.max(0, ...rows.map((r) => -r.share));
  const area = W - labelW - 2 * valueW;
  const scale = area / (pos + neg || 1);
  const x0 = labelW + valueW + neg * scale;
  const node = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    width: W,
    height: H,
    class: 'chart share-bars',
    role: 'img',
    'aria-label': title,
  });
  const text = (attrs, s) => {
    const n = svg('text', attrs);
    n.textContent = s;
    return n;
  };
  node.append(svg('line', { x1: x0, x2: x0, y1: 0, y2: H, class: 'zero' }));
  rows.forEach((r, i) => {
    const top = gap + i * (bar + gap);
    const w = Math.abs(r.share) * scale;
    const label = text(
      { x: labelW - 6, y: top + bar * 0.8, class: 'axis', 'text-anchor': 'end' },
      cutTo(r.label, chars),
    );
    const tip = svg('title');
    tip.textContent = `${r.label} (${r.indicator}): ${num(r.share * 100, 1)}%`;
    label.append(tip);
    node.append(label);
    // One decimal of a per cent, as shown; −0.0 (a share rounding to nothing from below) is 0.
    const pct = Math.round(r.share * 1000) / 10 || 0;
    const negative = pct < 0;
    node.append(
      svg('rect', {
        x: negative ? x0 - w : x0,
        y: top,
        width: Math.max(w, 1),
        height: bar,
        rx: 2,
        class: `bar${i === 0 && !negative ? ' highlight' : ''}${negative ? ' negative' : ''}`,
        'data-indicator': r.indicator,
      }),
    );
    node.append(
      text(
        {
          x: negative ? x0 - w - 4 : x0 + w + 4,
          y: top + bar * 0.8,
          class: 'value',
          'text-anchor': negative ? 'end' : 'start',
        },
        `${num(pct, 1)}%`,
      ),
    );
  });
  return node;
}

function variance(d) {
  const names = lookups(d);
  // A null share: the totals do not vary (one person-month, or all equal), so there is nothing to share out.
  const rows = (d.variance ?? [])
    .filter((v) => v.share !== null && v.share !== undefined)
    .map((v) => ({ label: names.indicator(v.indicator), share: Number(v.share), indicator: v.indicator }))
    .sort((a, b) => b.share - a.share);
  const sum = rows.reduce((acc, r) => acc + r.share, 0);
  return part(
    'variance',
    'analysis.variance',
    el('p', { class: 'sub' }, t('analysis.varianceHint')),
    rows.length
      ? [
          el('p', { class: 'chart-title' }, t('analysis.varianceChart')),
          el(
            'div',
            { class: 'chart-box', id: 'variance-chart' },
            shareBars(rows, t('analysis.varianceChart')),
          ),
          el(
            'p',
            { class: 'sub', id: 'variance-sum' },
            fill(t('analysis.varianceSum'), { sum: num(sum * 100, 1) }),
          ),
        ]
      : el('p', { class: 'empty' }, t('analysis.noVariance')),
  );
}

// --- Plans ------------------------------------------------------------------------------------------------------

function plans(d) {
  const names = lookups(d);
  const rows = d.plans ?? [];
  return part(
    'plans',
    'analysis.plans',
    el('p', { class: 'sub' }, t('analysis.plansHint')),
    rows.length
      ? table(
          [
            {
              label: t('indicator'),
              get: (p) => [names.indicator(p.indicator), ' ', el('small', {}, p.indicator)],
            },
            { label: t('department'), get: (p) => names.department(p.department) },
            { label: t('analysis.proposed'), class: 'n', get: (p) => num(p.proposed, 0) },
            { label: t('analysis.agreed'), class: 'n', get: (p) => num(p.agreed, 0) },
            { label: t('analysis.closed'), class: 'n', get: (p) => num(p.closed, 0) },
            { label: t('analysis.improved'), class: 'n', get: (p) => num(p.improved, 0) },
          ],
          rows,
          { rowAttrs: (p) => ({ 'data-plan': `${p.indicator}|${p.department}` }) },
        )
      : el('p', { class: 'empty', id: 'no-plans' }, t('analysis.noPlans')),
  );
}

// --- Appraisal period -------------------------------------------------------------------------------------------

/** "2026-Q3" as the reader says it: 2026 年第 3 季度 / 2026 Q3. */
function periodName(period) {
  const [year, part] = period.split('-');
  if (!part) return fill(t('analysis.ap.year'), { year });
  return fill(t(part[0] === 'Q' ? 'analysis.ap.quarter' : `analysis.ap.h${part[1]}`), { year, n: part[1] });
}

/** A decimal string of money as it is (never through a float), its thousands grouped. */
function money(s) {
  if (s === null || s === undefined) return '—';
  const [int, dec] = String(s).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${dec === undefined ? '' : `.${dec}`}`;
}

/**
 * The appraisal period's results (考核期结果): the grades per department and per set (final, and before the quotas
 * and HR's overrides in brackets when they differ), the calibration moves, the bonus to the cent, and the training
 * done against plans, each with the hospital's row first; or a line saying the period has no results yet.
 */
function appraisalPart(a) {
  if (!a) return null;
  const title = el('p', { class: 'range-line' }, el('strong', {}, periodName(a.period)));
  if (a.error)
    return part('appraisal-period', 'analysis.ap', title, el('p', { class: 'message error' }, a.error));
  if (!a.data)
    return part(
      'appraisal-period',
      'analysis.ap',
      title,
      el(
        'p',
        { class: 'empty', id: 'appraisal-none' },
        fill(t('analysis.ap.none'), { period: periodName(a.period) }),
      ),
    );
  const d = a.data;
  const departments = new Map((d.departments ?? []).map((x) => [x.code, x]));
  const sets = new Map((d.sets ?? []).map((x) => [x.code, x]));
  const scope = (names) => (g) =>
    g.code === '*'
      ? el('strong', {}, t('analysis.ap.hospital'))
      : [localName(names.get(g.code) ?? { code: g.code }) || g.code, ' ', el('small', {}, g.code)];
  const withHospital = (list) => [list.hospital, ...list.byDepartment];
  const count = (x) => num(x, 0);
  const gradeTable = (id, label, names, rows) =>
    el(
      'div',
      { id },
      table(
        [
          { label, get: scope(names) },
          { label: t('staff'), class: 'n', get: (g) => count(g.staff) },
          ...(d.grades ?? []).map((grade) => ({
            label: grade,
            class: 'n',
            get: (g) => {
              const [final, before] = [g.final[grade] ?? 0, g.before[grade] ?? 0];
              return final === before
                ? count(final)
                : [count(final), ' ', el('small', {}, `(${count(before)})`)];
            },
          })),
          { label: t('analysis.ap.ungraded'), class: 'n', get: (g) => count(g.ungraded) },
          { label: t('analysis.ap.errors'), class: 'n', get: (g) => count(g.errors) },
        ],
        rows,
        { rowAttrs: (g) => ({ 'data-code': g.code }) },
      ),
    );
  const sub = (key) => el('h3', {}, t(key));
  return part(
    'appraisal-period',
    'analysis.ap',
    title,
    el(
      'p',
      { class: 'sub' },
      fill(t('analysis.ap.line'), { status: t(`analysis.ap.status.${d.status}`), staff: count(d.staff) }),
    ),
    el(
      'button',
      { id: 'appraisal-download', class: 'secondary no-print', onclick: () => void downloadAppraisal() },
      t('analysis.ap.download'),
    ),
    sub('analysis.ap.grades'),
    el('p', { class: 'sub' }, t('analysis.ap.gradesHint')),
    gradeTable('appraisal-grades', t('department'), departments, [
      d.distribution.hospital,
      ...d.distribution.byDepartment,
    ]),
    gradeTable('appraisal-sets', t('analysis.ap.set'), sets, d.distribution.bySet),
    sub('analysis.ap.calibration'),
    el(
      'div',
      { id: 'appraisal-calibration' },
      table(
        [
          { label: t('department'), get: scope(departments) },
          { label: t('staff'), class: 'n', get: (c) => count(c.staff) },
          { label: t('analysis.ap.quota'), class: 'n', get: (c) => count(c.quota) },
          { label: t('analysis.ap.override'), class: 'n', get: (c) => count(c.override) },
          { label: t('analysis.ap.moved'), class: 'n', get: (c) => count(c.moved) },
        ],
        withHospital(d.calibration),
        { rowAttrs: (c) => ({ 'data-code': c.code }) },
      ),
    ),
    sub('analysis.ap.bonus'),
    el(
      'div',
      { id: 'appraisal-bonus' },
      table(
        [
          { label: t('department'), get: scope(departments) },
          { label: t('analysis.ap.paid'), class: 'n', get: (b) => count(b.paid) },
          { label: t('analysis.ap.sum'), class: 'n', get: (b) => money(b.sum) },
          { label: t('analysis.ap.mean'), class: 'n', get: (b) => money(b.mean) },
          { label: t('analysis.ap.min'), class: 'n', get: (b) => money(b.min) },
          { label: t('analysis.ap.max'), class: 'n', get: (b) => money(b.max) },
          { label: t('analysis.ap.errors'), class: 'n', get: (b) => count(b.errors) },
        ],
        withHospital(d.bonus),
        { rowAttrs: (b) => ({ 'data-code': b.code }) },
      ),
    ),
    sub('analysis.ap.training'),
    el('p', { class: 'sub' }, t('analysis.ap.trainingHint')),
    el(
      'div',
      { id: 'appraisal-training' },
      table(
        [
          { label: t('department'), get: scope(departments) },
          { label: t('analysis.proposed'), class: 'n', get: (x) => count(x.plans.proposed) },
          { label: t('analysis.agreed'), class: 'n', get: (x) => count(x.plans.agreed) },
          { label: t('analysis.closed'), class: 'n', get: (x) => count(x.plans.closed) },
          { label: t('analysis.improved'), class: 'n', get: (x) => count(x.improved) },
          { label: t('analysis.ap.assigned'), class: 'n', get: (x) => count(x.assigned) },
          { label: t('analysis.ap.plannedHours'), class: 'n', get: (x) => num(x.plannedHours, 1) },
          { label: t('analysis.ap.doneHours'), class: 'n', get: (x) => num(x.doneHours, 1) },
          { label: t('analysis.ap.onTime'), class: 'n', get: (x) => count(x.onTime) },
          { label: t('analysis.ap.late'), class: 'n', get: (x) => count(x.late) },
          { label: t('analysis.ap.open'), class: 'n', get: (x) => count(x.open) },
        ],
        withHospital(d.training),
        { rowAttrs: (x) => ({ 'data-code': x.code }) },
      ),
    ),
  );
}

if (requireRole('hr_admin', 'auditor')) {
  onWidthChange(() => render());
  load().catch((e) => clear(main, String(e.message ?? e)));
}

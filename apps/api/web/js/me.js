// My performance (staff): the trend of the total and the dimensions, one month's indicators (names in the
// reader's language) with the explanation of every score and a note when a score is above 100, the incentive with
// its currency — and, when the loop backend answers, feedback, the month's one improvement plan (its items — the
// weakest indicators, each with why, its baseline and the result judged the month after — and its actions),
// acknowledgement, comments and appeals of the month; and my training of the month's year (the training
// assignments of my plans: course, hours, due, done) with its totals.
import { api, requireRole } from './api.js';
import { lineChart, legend, onWidthChange } from './chart.js';
import { t } from './i18n.js';
import {
  clear,
  dimLabel,
  el,
  header,
  localName,
  message,
  monthPicker,
  num,
  section,
  table,
  when,
} from './ui.js';
import {
  above100Note,
  appealStatus,
  currencyLabel,
  indicatorLabel,
  money,
  monthStatus,
} from './people-ui.js';
import { monthPlan, planActions, planBadge, planItems } from './plan-ui.js';
import { totalsText, trainingTable } from './training-ui.js';
import { workOrderLinks } from './work-order-link.js';
import { opinionCard } from './opinion-card.js';
import { calibrationLine } from './calibration-line.js';

const state = { history: [], timeline: null, selected: null, notice: null, training: null };
const main = document.getElementById('main');

async function load() {
  const [history, timeline] = await Promise.all([api('/api/v1/me/results'), api('/api/v1/me/timeline')]);
  if (!history.ok) {
    render(history.error);
    return;
  }
  state.history = history.data;
  state.timeline = timeline.ok && Array.isArray(timeline.data) ? timeline.data : null;
  if (!state.selected || !state.history.some((h) => h.period === state.selected))
    state.selected = state.history.at(-1)?.period ?? null;
  await loadTraining();
  render();
}

/** My training of the selected month's year (null when the API does not answer). */
async function loadTraining() {
  const year = state.selected?.slice(0, 4);
  if (!year || state.training?.year === year) return;
  const r = await api(`/api/v1/me/training?year=${year}`);
  state.training = r.ok ? r.data : null;
}

function render(error) {
  document.querySelector('header').replaceWith(header('page.me', () => render(error)));
  if (error) return clear(main, el('p', { class: 'message error' }, error));
  if (!state.history.length)
    return clear(main, section('me.trend', el('p', { class: 'empty' }, t('me.none'))));
  const entry = state.history.find((h) => h.period === state.selected);
  clear(
    main,
    opinionCard(() => render()),
    trend(),
    monthPicker(
      [...state.history].reverse().map((h) => [h.period, `${h.period} · ${monthStatus(h.status)}`]),
      state.selected,
      (period) => {
        state.selected = period;
        state.notice = null;
        loadTraining()
          .then(() => render())
          .catch((e) => render(String(e.message ?? e)));
      },
    ),
    entry ? month(entry) : null,
    entry ? loop(entry.period) : null,
    myTraining(),
  );
}

/** 我的培训: the trainings of my plans of the year, with what was done and the totals. */
function myTraining() {
  const y = state.training;
  if (!y) return null;
  const items = y.items.flatMap((p) => p.trainings);
  return el(
    'div',
    { id: 'my-training' },
    section(
      'training.mine',
      el('p', {}, `${t('training.year')} ${y.year}`),
      items.length ? trainingTable(items) : el('p', { class: 'empty' }, t('training.none')),
      items.length ? el('p', { class: 'totals', id: 'training-totals' }, totalsText(y.totals)) : null,
    ),
  );
}

function trend() {
  const labels = state.history.map((h) => h.period);
  const dims = [];
  for (const h of state.history)
    for (const d of h.result.dimensions ?? []) if (!dims.includes(d.code)) dims.push(d.code);
  const series = [
    { label: t('total'), values: state.history.map((h) => h.result.total ?? null) },
    ...dims.map((code) => ({
      label: dimLabel(code),
      values: state.history.map((h) => h.result.dimensions?.find((d) => d.code === code)?.score ?? null),
    })),
  ];
  return section(
    'me.trend',
    el('div', { class: 'chart-box', id: 'trend' }, lineChart(series, labels, { title: t('me.trend') })),
    legend(series.map((s) => s.label)),
  );
}

/** The name of one of the month's indicators in the reader's language, with its code. */
function nameOf(names, code) {
  return indicatorLabel(code, names?.indicators?.[code], names?.indicatorNames?.[code]);
}

function month({ period, status, result, names = {}, currency }) {
  const x = result.explanation ?? {};
  const facts = [
    [t('total'), num(result.total), x.total],
    [
      t('grade'),
      `${result.grade ?? '—'} × ${num(result.coefficient)}`,
      x.grade,
      calibrationLine(result.calibration),
    ],
    [t('points'), num(result.points), x.points],
    [
      currency ? `${t('incentive')} ${currencyLabel(currency)}` : t('incentive'),
      money(result.incentive, currency),
      x.incentive,
    ],
  ];
  return el(
    'div',
    { id: 'month-detail' },
    section(
      'me.month',
      el(
        'p',
        { class: 'sub' },
        `${period} · ${monthStatus(status)} · ${result.department} · ${localName({ code: result.indicatorSet, name: names.set, names: names.setNames })}`,
      ),
      result.error ? el('p', { class: 'message error' }, result.error) : null,
      result.vetoed
        ? el('p', { class: 'message error' }, `${t('vetoed')}: ${(result.vetoReasons ?? []).join('; ')}`)
        : null,
      el(
        'div',
        { class: 'facts' },
        facts.map(([label, value, why, calibrated]) =>
          el(
            'div',
            { class: 'fact' },
            el('span', { class: 'label' }, label),
            el('strong', { class: 'value' }, value),
            why ? el('small', { class: 'why' }, why) : null,
            calibrated ?? null,
          ),
        ),
      ),
      table(
        [
          { label: t('dimension'), get: (d) => dimLabel(d.code) },
          { label: t('score'), get: (d) => num(d.score), class: 'n' },
          { label: t('weight'), get: (d) => num(d.effectiveWeight ?? d.weight), class: 'n' },
        ],
        result.dimensions ?? [],
      ),
    ),
    section(
      'me.indicators',
      above100Note(result),
      table(
        [
          // The indicator's name as HR configured it (the set version in force for the month), and its code.
          { label: t('indicator'), get: (i) => nameOf(names, i.code) },
          { label: t('dimension'), get: (i) => dimLabel(i.dimension) },
          { label: t('value'), get: (i) => (i.missing ? t('missing') : num(i.value, 4)), class: 'n' },
          {
            label: t('score'),
            get: (i) =>
              i.score > 100 ? el('span', { class: 'over-100' }, num(i.score), ' *') : num(i.score),
            class: 'n',
          },
          { label: t('weight'), get: (i) => num(i.weight), class: 'n' },
          { label: t('contribution'), get: (i) => num(i.contribution), class: 'n' },
          {
            label: t('explanation'),
            // An input the month's work orders gave: the orders behind the person's (or team's) value.
            get: (i) => [
              el('span', { class: 'why' }, i.explanation ?? '—'),
              workOrderLinks(period, i.explanation, (per) =>
                per === 'team' ? { per, code: result.department } : { per, code: result.id },
              ),
            ],
            class: 'explanation',
          },
        ],
        result.indicators ?? [],
        { rowAttrs: (i) => ({ 'data-indicator': i.code }) },
      ),
    ),
  );
}

/** The loop (feedback, plans, acknowledgement, comments, appeals): only when GET /me/timeline answered 200. */
function loop(period) {
  if (!state.timeline) return null;
  const entry = state.timeline.find((e) => e.period === period) ?? {};
  const month = state.history.find((h) => h.period === period);
  const names = month?.names ?? {};
  const codes = month?.result.indicators?.map((i) => i.code) ?? [];
  const note = el('p', { class: 'message', id: 'loop-status', hidden: true });
  if (state.notice) message(note, state.notice.text, state.notice.kind);
  const post = async (path, body, done) => {
    const r = await api(path, { method: 'POST', body });
    state.notice = r.ok ? { text: t(done), kind: 'ok' } : { text: r.error, kind: 'error' };
    if (r.ok) await load();
    else message(note, r.error, 'error');
  };
  const base = `/api/v1/me/periods/${period}`;
  const ack = entry.acknowledgement;
  const ackComment = el('input', { name: 'comment', placeholder: t('optionalComment') });
  const commentText = el('textarea', { name: 'text', rows: 2, required: true });
  const appealReason = el('textarea', { name: 'reason', rows: 3, required: true });
  const checks = codes.map((c) =>
    el(
      'label',
      { class: 'check' },
      el('input', { type: 'checkbox', name: 'indicators', value: c }),
      nameOf(names, c),
    ),
  );
  return el(
    'div',
    { id: 'loop' },
    note,
    section(
      'loop.feedback',
      (entry.feedback ?? []).length
        ? el(
            'ul',
            { class: 'list' },
            entry.feedback.map((f) =>
              el(
                'li',
                {},
                f.indicator ? nameOf(names, f.indicator) : null,
                ' ',
                f.text,
                el('small', {}, ` — ${f.author ?? ''} ${when(f.createdAt)}`),
              ),
            ),
          )
        : el('p', { class: 'empty' }, t('loop.noFeedback')),
    ),
    section(
      'loop.plans',
      monthPlan(entry) ? plan(monthPlan(entry), names) : el('p', { class: 'empty' }, t('loop.noPlans')),
    ),
    section(
      'loop.acknowledge',
      ack
        ? el(
            'p',
            { id: 'acknowledged' },
            `${t('loop.acknowledgedAt')} ${when(ack.at)}${ack.comment ? ' — ' + ack.comment : ''}`,
          )
        : el(
            'form',
            {
              class: 'form inline',
              onsubmit: (e) => {
                e.preventDefault();
                post(
                  `${base}/acknowledge`,
                  ackComment.value.trim() ? { comment: ackComment.value.trim() } : {},
                  'loop.acknowledged',
                );
              },
            },
            ackComment,
            el('button', { type: 'submit', id: 'acknowledge' }, t('loop.acknowledgeButton')),
          ),
    ),
    section(
      'loop.comments',
      (entry.comments ?? []).length
        ? el(
            'ul',
            { class: 'list' },
            entry.comments.map((c) => el('li', {}, c.text, el('small', {}, ` — ${when(c.at)}`))),
          )
        : null,
      el(
        'form',
        {
          class: 'form',
          onsubmit: (e) => {
            e.preventDefault();
            post(`${base}/comments`, { text: commentText.value.trim() }, 'loop.commented');
          },
        },
        el('label', {}, t('loop.comment'), commentText),
        el('button', { type: 'submit', id: 'comment' }, t('loop.commentButton')),
      ),
    ),
    section(
      'loop.appeals',
      (entry.appeals ?? []).length
        ? table(
            [
              {
                label: t('indicators'),
                get: (a) => (a.indicators ?? []).map((c) => el('div', {}, nameOf(names, c))),
              },
              { label: t('reason'), get: (a) => a.reason },
              { label: t('status'), get: (a) => appealStatus(a.status) },
              { label: t('deadline'), get: (a) => when(a.deadline) },
              { label: t('decision'), get: (a) => a.decisionReason ?? '—' },
            ],
            entry.appeals,
            { rowAttrs: (a) => ({ 'data-appeal': a.id }) },
          )
        : null,
      el(
        'form',
        {
          class: 'form',
          id: 'appeal-form',
          onsubmit: (e) => {
            e.preventDefault();
            const indicators = checks
              .map((c) => c.querySelector('input'))
              .filter((i) => i.checked)
              .map((i) => i.value);
            post(`${base}/appeals`, { indicators, reason: appealReason.value.trim() }, 'loop.appealed');
          },
        },
        el('fieldset', { class: 'checks' }, el('legend', {}, t('loop.appealWhich')), checks),
        el('label', {}, t('reason'), appealReason),
        el('button', { type: 'submit', id: 'appeal' }, t('loop.appealButton')),
      ),
    ),
  );
}

/**
 * The month's improvement plan: its status once; its items (indicator, why, baseline, and once the month after was
 * scored the result judged then); its actions with owner, due date and status.
 */
function plan(p, names) {
  return el(
    'div',
    { class: 'plan', 'data-plan': p.id, 'data-status': p.status },
    el(
      'p',
      { class: 'plan-head' },
      planBadge(p),
      ` · ${t('plan.itemCount').replace('{n}', (p.items ?? []).length)}`,
    ),
    planItems(p, (code) => nameOf(names, code)),
    el('h3', {}, t('plan.actions')),
    planActions(p),
  );
}

if (requireRole('staff', 'dept_manager', 'hr_admin', 'auditor')) {
  onWidthChange(() => render());
  load().catch((e) => render(String(e.message ?? e)));
}

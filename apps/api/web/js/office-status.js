// The month cockpit's lifecycle sections: the status line (未评分 → 已评分 → 已审批 → 已结账) with what the next
// step needs and the one action that makes sense for it, the run's progress, the data completeness per set, input
// and department, the approval gate (each issue accepted, with a reason), closing, the downloads and the runs.
import { api } from './api.js';
import { t } from './i18n.js';
import { download } from './office-api.js';
import { actionButton, card, monthStatus, statusBadge, tf } from './office-common.js';
import { el, localName, num, statusLabel, table, when } from './ui.js';

const STEPS = ['open', 'scored', 'approved', 'closed'];

/** Inputs and departments with someone missing, and who would get no result (from GET …/completeness). */
export function gaps(completeness) {
  if (!completeness) return null;
  const inputs = new Set();
  const departments = new Set();
  let missing = 0;
  for (const set of completeness.sets ?? [])
    for (const input of set.inputs ?? []) {
      if (!input.missing) continue;
      inputs.add(input.input);
      missing += input.missing;
      for (const d of input.departments ?? []) if (d.missing?.length || d.more) departments.add(d.department);
    }
  return {
    inputs: inputs.size,
    departments: departments.size,
    missing,
    failing: completeness.failing ?? 0,
    complete: completeness.complete ?? 0,
    staff: completeness.staff ?? 0,
  };
}

/** The sentences under the status line: what the next step is and what it needs. */
function needsText(state) {
  const o = state.overview;
  const lines = [];
  const g = gaps(state.completeness);
  const incomplete = g && g.inputs > 0;
  const dataLine = () =>
    incomplete
      ? tf('cockpit.need.incomplete', { inputs: g.inputs, departments: g.departments, failing: g.failing })
      : g
        ? t('cockpit.need.complete')
        : null;
  switch (o.next) {
    case 'score':
      lines.push(t('cockpit.next.score'));
      if (o.needs.includes('runFailed'))
        lines.push(tf('cockpit.need.runFailed', { error: o.latestRun?.error ?? '' }));
      lines.push(dataLine());
      break;
    case 'wait':
      lines.push(t('cockpit.next.wait'));
      break;
    case 'rescore':
      lines.push(t('cockpit.next.rescore'));
      if (o.needs.includes('runStale'))
        lines.push(
          tf('cockpit.need.runStale', { run: o.latestRun?.dataVersion ?? '?', data: o.dataVersion }),
        );
      if (o.needs.includes('runFailed'))
        lines.push(tf('cockpit.need.runFailed', { error: o.latestRun?.error ?? '' }));
      if (o.needs.includes('emptyRun')) lines.push(t('cockpit.need.emptyRun'));
      lines.push(dataLine());
      break;
    case 'approve':
      lines.push(t('cockpit.next.approve'));
      if (o.needs.includes('issuesToAccept'))
        lines.push(tf('cockpit.need.issues', { errors: o.issues.errors, missing: o.issues.missingData }));
      break;
    case 'close':
      lines.push(t('cockpit.next.close'));
      break;
    default:
      lines.push(t('cockpit.next.done'));
  }
  return lines.filter(Boolean);
}

async function startRun(ctx) {
  const r = await api(`/api/v1/periods/${ctx.state.period}/runs`, { method: 'POST' });
  ctx.notify(r.ok ? t('cockpit.run.started') : r.error, r.ok ? 'ok' : 'error');
  await ctx.reload();
}

export function statusCard(ctx) {
  const { state } = ctx;
  const o = state.overview;
  if (!o) return null;
  const at = STEPS.indexOf(o.status);
  const stepper = el(
    'ol',
    { class: 'stepper', 'aria-label': t('cockpit.steps') },
    STEPS.map((s, i) =>
      el(
        'li',
        {
          class: i < at ? 'done' : i === at ? 'current' : 'todo',
          'aria-current': i === at ? 'step' : undefined,
        },
        monthStatus(s),
      ),
    ),
  );
  const actions = [];
  if (state.canWrite && (o.next === 'score' || o.next === 'rescore'))
    actions.push(
      actionButton(
        { id: 'score-month', class: 'primary' },
        t(o.next === 'score' ? 'cockpit.score' : 'cockpit.rescore'),
        () => startRun(ctx),
      ),
    );
  // A scored month whose run is current may still be scored again (a configuration change): offered quietly.
  if (state.canWrite && o.next === 'approve')
    actions.push(
      actionButton({ id: 'score-month', class: 'secondary' }, t('cockpit.rescore'), () => startRun(ctx)),
    );
  const active = o.activeRun;
  return el(
    'section',
    { class: 'card cockpit status-card', id: 'month-status', 'data-status': o.status, 'data-next': o.next },
    el('h2', {}, `${state.period} · `, statusBadge(o.status)),
    stepper,
    el(
      'ul',
      { class: 'needs', id: 'next-step' },
      needsText(state).map((line) => el('li', {}, line)),
    ),
    active
      ? el(
          'div',
          { class: 'run-progress', id: 'active-run', 'data-run': active.id },
          el('progress', { id: 'run-progress', max: active.total || 1, value: 0 }),
          el(
            'span',
            { id: 'run-progress-text' },
            tf('cockpit.run.progress', { done: 0, total: active.total }),
          ),
          state.canWrite
            ? actionButton({ id: 'cancel-run', class: 'secondary' }, t('cockpit.run.cancel'), async () => {
                const r = await api(`/api/v1/runs/${active.id}/cancel`, { method: 'POST' });
                ctx.notify(r.ok ? t('cockpit.run.cancelled') : r.error, r.ok ? 'ok' : 'error');
                await ctx.reload();
              })
            : null,
        )
      : null,
    actions.length ? el('div', { class: 'toolbar wrap' }, actions) : null,
    // The month's grade calibration (quotas and HR's overrides): HR and auditors, not finance readers.
    state.finance
      ? null
      : el(
          'p',
          { class: 'month-links' },
          el(
            'a',
            { href: `calibration.html?period=${encodeURIComponent(state.period)}`, id: 'calibration-link' },
            t('calibration.link'),
          ),
        ),
  );
}

export function completenessCard(ctx) {
  const c = ctx.state.completeness;
  if (!c) return null;
  const g = gaps(c);
  const sets = (c.sets ?? []).map((set) => {
    const short = (set.inputs ?? []).filter((i) => i.missing > 0);
    return el(
      'details',
      { class: 'set-gaps', 'data-set': set.set, open: short.length > 0 && short.length <= 6 },
      el(
        'summary',
        {},
        el('strong', {}, localName({ ...set, code: set.set })),
        ` (${set.set}) · `,
        tf('cockpit.data.setLine', { complete: set.complete, staff: set.staff, failing: set.failing }),
      ),
      short.length
        ? table(
            [
              {
                label: t('cockpit.data.input'),
                get: (i) => el('span', {}, localName({ ...i, code: i.input }), ' ', el('code', {}, i.input)),
              },
              { label: t('cockpit.data.missing'), get: (i) => `${i.missing} / ${i.staff}`, class: 'n' },
              {
                label: t('cockpit.data.where'),
                get: (i) =>
                  i.departments
                    .filter((d) => d.missing.length || d.more)
                    .map((d) =>
                      el(
                        'div',
                        { class: 'gap-dept' },
                        el('code', {}, d.department),
                        `: ${d.missing.join(', ')}${d.more ? ` +${d.more}` : ''}`,
                      ),
                    ),
              },
              { label: t('cockpit.data.effect'), get: (i) => el('span', { class: 'why' }, i.effect) },
            ],
            short,
            { rowAttrs: (i) => ({ 'data-input': i.input }) },
          )
        : el('p', { class: 'empty' }, t('cockpit.data.setComplete')),
    );
  });
  return card(
    'completeness',
    'cockpit.data.title',
    el(
      'div',
      { class: 'facts' },
      fact(t('cockpit.data.staff'), num(g.staff)),
      fact(t('cockpit.data.completeStaff'), num(g.complete), 'complete-count'),
      fact(t('cockpit.data.inputsMissing'), num(g.inputs), 'inputs-missing'),
      fact(t('cockpit.data.failing'), num(g.failing), 'failing-count'),
    ),
    sets,
  );
}

export function fact(label, value, id) {
  return el(
    'div',
    { class: 'fact', id },
    el('span', { class: 'label' }, label),
    el('span', { class: 'value' }, value),
  );
}

/** The approval gate (a scored month): the run's issues, each ticked as accepted, one reason, then approve. */
export function approvalCard(ctx) {
  const { state } = ctx;
  const o = state.overview;
  if (!o) return null;
  if (o.status === 'approved' && state.canWrite) return closeCard(ctx);
  if (o.status !== 'scored') return null;
  const issues = o.issues?.items ?? [];
  const errors = o.issues?.errors ?? 0;
  const a = state.approval;
  const ready = () =>
    o.next === 'approve' &&
    (errors === 0 || (issues.every((i) => a.accepted.has(i.staff)) && a.reason.trim()));
  const approve = actionButton({ id: 'approve', class: 'primary' }, t('cockpit.approve.button'), async () => {
    const body = errors ? { acceptIssues: true, reason: a.reason.trim() } : {};
    const r = await api(`/api/v1/periods/${state.period}/approve`, { method: 'POST', body });
    ctx.notify(r.ok ? t('cockpit.approve.done') : r.error, r.ok ? 'ok' : 'error');
    if (r.ok) state.approval = { accepted: new Set(), reason: '', closing: false };
    await ctx.reload();
  });
  const sync = () => {
    approve.disabled = !ready();
  };
  sync();
  const all = el('input', {
    type: 'checkbox',
    id: 'accept-all',
    checked: issues.length > 0 && issues.every((i) => a.accepted.has(i.staff)),
    onchange: (e) => {
      for (const i of issues) {
        if (e.target.checked) a.accepted.add(i.staff);
        else a.accepted.delete(i.staff);
      }
      for (const box of document.querySelectorAll('input[data-accept]')) box.checked = e.target.checked;
      sync();
    },
  });
  const list = errors
    ? [
        el('p', {}, tf('cockpit.approve.issues', { errors, missing: o.issues.missingData })),
        state.canWrite ? el('label', { class: 'check' }, all, ' ', t('cockpit.approve.acceptAll')) : null,
        table(
          [
            {
              label: t('cockpit.approve.accept'),
              get: (i) =>
                el('input', {
                  type: 'checkbox',
                  'data-accept': i.staff,
                  'aria-label': `${t('cockpit.approve.accept')} ${i.staff}`,
                  checked: a.accepted.has(i.staff),
                  disabled: !state.canWrite,
                  onchange: (e) => {
                    if (e.target.checked) a.accepted.add(i.staff);
                    else a.accepted.delete(i.staff);
                    all.checked = issues.every((x) => a.accepted.has(x.staff));
                    sync();
                  },
                }),
            },
            { label: t('staff'), get: (i) => el('code', {}, i.staff) },
            { label: t('department'), get: (i) => i.department },
            { label: t('cockpit.approve.error'), get: (i) => el('span', { class: 'why' }, i.error) },
          ],
          issues,
          { rowAttrs: (i) => ({ 'data-issue': i.staff }) },
        ),
        issues.length < errors
          ? el('p', { class: 'hint' }, tf('cockpit.approve.more', { n: errors - issues.length }))
          : null,
      ]
    : [el('p', { class: 'empty' }, t('cockpit.approve.noIssues'))];
  const reason = errors
    ? el(
        'label',
        { class: 'reason' },
        t('cockpit.approve.reason'),
        el('textarea', {
          id: 'approve-reason',
          rows: 2,
          text: a.reason,
          disabled: !state.canWrite,
          placeholder: t('cockpit.approve.reasonHint'),
          oninput: (e) => {
            a.reason = e.target.value;
            sync();
          },
        }),
      )
    : null;
  return card(
    'approval',
    'cockpit.approve.title',
    o.next !== 'approve' ? el('p', { class: 'message' }, t('cockpit.approve.notYet')) : null,
    ...list,
    state.canWrite ? reason : null,
    state.canWrite ? el('div', { class: 'toolbar' }, approve) : null,
  );
}

/** An approved month: closing posts it to payroll, for good (a second click confirms). */
function closeCard(ctx) {
  const { state } = ctx;
  const a = state.approval;
  return card(
    'closing',
    'cockpit.close.title',
    el('p', {}, t('cockpit.close.hint')),
    el(
      'div',
      { class: 'toolbar wrap' },
      a.closing
        ? [
            actionButton({ id: 'confirm-close', class: 'danger' }, t('cockpit.close.confirm'), async () => {
              const r = await api(`/api/v1/periods/${state.period}/close`, { method: 'POST' });
              ctx.notify(r.ok ? t('cockpit.close.done') : r.error, r.ok ? 'ok' : 'error');
              a.closing = false;
              await ctx.reload();
            }),
            el(
              'button',
              {
                class: 'secondary',
                onclick: () => {
                  a.closing = false;
                  ctx.render();
                },
              },
              t('cockpit.cancel'),
            ),
          ]
        : el(
            'button',
            {
              id: 'close-month',
              class: 'primary',
              onclick: () => {
                a.closing = true;
                ctx.render();
              },
            },
            t('cockpit.close.button'),
          ),
    ),
  );
}

/** Payroll (a closed month) and the scores (a scored month; finance: approved or closed), as CSV and .xlsx. */
export function downloadsCard(ctx) {
  const { state } = ctx;
  const o = state.overview;
  if (!o) return null;
  const p = state.period;
  const closed = o.status === 'closed';
  const posted = o.status === 'approved' || closed;
  const scores = state.finance ? posted : Boolean(o.currentRunId);
  const get = (id, label, path, name, enabled) =>
    actionButton({ id, class: 'secondary download', disabled: !enabled }, label, async () => {
      const r = await download(path, name);
      ctx.notify(r.ok ? tf('cockpit.download.saved', { file: r.fileName }) : r.error, r.ok ? 'ok' : 'error');
      ctx.render();
    });
  return card(
    'downloads',
    'cockpit.download.title',
    el(
      'div',
      { class: 'download-row' },
      el('span', { class: 'label' }, t('cockpit.download.payroll')),
      get('payroll-csv', 'CSV', `/api/v1/periods/${p}/payroll?format=csv`, `payroll-${p}.csv`, closed),
      get('payroll-xlsx', 'Excel', `/api/v1/periods/${p}/payroll?format=xlsx`, `payroll-${p}.xlsx`, closed),
      closed ? null : el('span', { class: 'hint' }, t('cockpit.download.payrollWhen')),
    ),
    el(
      'div',
      { class: 'download-row' },
      el('span', { class: 'label' }, t('cockpit.download.scores')),
      get('scores-csv', 'CSV', `/api/v1/periods/${p}/scores/download?format=csv`, `scores-${p}.csv`, scores),
      get(
        'scores-xlsx',
        'Excel',
        `/api/v1/periods/${p}/scores/download?format=xlsx`,
        `scores-${p}.xlsx`,
        scores,
      ),
      scores
        ? null
        : el(
            'span',
            { class: 'hint' },
            t(state.finance ? 'cockpit.download.scoresWhen' : 'cockpit.download.noRun'),
          ),
    ),
  );
}

/** The month's runs, newest first (HR and auditors). */
export function runsCard(ctx) {
  const runs = ctx.state.runs;
  if (!runs?.length) return null;
  return card(
    'runs',
    'cockpit.runs.title',
    table(
      [
        { label: t('cockpit.runs.run'), get: (r) => el('code', { title: r.id }, r.id.slice(0, 8)) },
        {
          label: t('status'),
          get: (r) => el('span', { class: `badge ${r.status}` }, statusLabel(r.status)),
        },
        { label: t('cockpit.runs.kind'), get: (r) => `${statusLabel(r.kind)} · ${statusLabel(r.trigger)}` },
        {
          label: t('cockpit.runs.progress'),
          get: (r) => `${r.progress.done}/${r.progress.total}`,
          class: 'n',
        },
        { label: t('cockpit.runs.dataVersion'), get: (r) => r.dataVersion ?? '—', class: 'n' },
        { label: t('cockpit.runs.started'), get: (r) => when(r.createdAt) },
        { label: t('cockpit.runs.error'), get: (r) => r.error ?? '' },
      ],
      runs.slice(0, 10),
      { rowAttrs: (r) => ({ 'data-run': r.id, 'data-status': r.status }) },
    ),
    runs.length > 10 ? el('p', { class: 'hint' }, tf('cockpit.runs.more', { n: runs.length - 10 })) : null,
  );
}

// A month's improvement plan on the pages (docs/APPRAISAL.md, "Improvement plans"): a person gets at most one plan
// a month, holding the few weakest indicators as items, so a manager can discuss it. Shown the same on my
// performance and in the manager's view of a person: the plan's status once, its items (the indicator, why — a
// veto, a low score, or the manager's —, the score it started from, the result judged the month after) and its
// actions (tasks and trainings). The manager's controls are department.js's.
import { t } from './i18n.js';
import { el, num, table } from './ui.js';
import { actionStatus, planOutcome, planReason, planStatus } from './people-ui.js';
import { actionDone, actionText } from './training-ui.js';

/** The month's one plan of a month entry (`plans` is a list of at most one), or null. */
export const monthPlan = (m) => m?.plans?.[0] ?? null;

/** The plan's status as a badge (待确认 / 已确认 / 已关闭). */
export function planBadge(p) {
  return el('span', { class: `badge plan-${p.status}`, 'data-plan-status': p.status }, planStatus(p.status));
}

/** An item's result: improved or not in the month that judged it, with its score; pending until then. */
function outcomeOf(i) {
  return el(
    'span',
    { class: `outcome ${i.outcome ?? 'pending'}` },
    i.outcome
      ? `${planOutcome(i.outcome)} · ${i.outcomePeriod ?? ''} ${t('score')} ${num(i.outcomeScore)}`
      : t('plan.pending'),
  );
}

/**
 * The plan's items: indicator (by `nameOf(code)`), why, the baseline score, the result; a note under them while
 * some are still to be judged.
 */
export function planItems(p, nameOf) {
  const items = p.items ?? [];
  if (!items.length) return el('p', { class: 'empty' }, t('plan.noItems'));
  return el(
    'div',
    { class: 'plan-items' },
    table(
      [
        { label: t('indicator'), get: (i) => nameOf(i.indicator) },
        {
          label: t('plan.why'),
          get: (i) => el('span', { class: `reason ${i.reason}` }, planReason(i.reason)),
        },
        { label: t('plan.baseline'), class: 'n', get: (i) => num(i.baselineScore) },
        { label: t('plan.outcome'), get: outcomeOf },
      ],
      items,
      {
        rowAttrs: (i) => ({
          'data-item': i.id,
          'data-indicator': i.indicator,
          'data-reason': i.reason,
          'data-outcome': i.outcome ?? 'pending',
        }),
      },
    ),
    items.some((i) => !i.outcome) ? el('p', { class: 'outcome pending' }, t('people.judgedLater')) : null,
  );
}

/** The plan's actions (tasks and trainings): what, owner, due date, status, done; `extra` columns after them. */
export function planActions(p, extra = []) {
  const actions = p.actions ?? [];
  if (!actions.length) return el('p', { class: 'empty' }, t('people.noActions'));
  return el(
    'div',
    { class: 'plan-actions' },
    table(
      [
        { label: t('dept.action'), get: actionText },
        { label: t('dept.owner'), get: (a) => a.owner ?? '' },
        { label: t('dueDate'), get: (a) => a.dueDate ?? '' },
        { label: t('status'), get: (a) => actionStatus(a.status) },
        { label: t('training.done'), get: actionDone },
        ...extra,
      ],
      actions,
      { rowAttrs: (a) => ({ 'data-action': a.id, 'data-status': a.status }) },
    ),
  );
}

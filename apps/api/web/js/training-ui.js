// Training assignments on the pages (docs/APPRAISAL.md, "Training assignments"): how a plan's action reads (a task's
// text; a training's course and planned hours, and once done its hours and day), what a completion's answer says
// (the hours fed into the month's data, or why not), and a person's trainings of a year as a table with totals.
import { t } from './i18n.js';
import { el, num, table } from './ui.js';

export const isTraining = (a) => a.kind === 'training';

/** A task's text; a training's course with its planned hours. */
export function actionText(a) {
  if (!isTraining(a)) return a.what;
  return el(
    'span',
    { class: 'training' },
    el('span', { class: 'badge kind-training' }, t('training.kind.training')),
    ' ',
    a.course ?? a.what,
    ` · ${num(a.plannedHours, 1)} ${t('training.hours')}`,
  );
}

/** A done training's hours and day ('' otherwise). */
export function actionDone(a) {
  return isTraining(a) && a.status === 'done'
    ? `${num(a.doneHours)} ${t('training.hours')} · ${a.doneOn ?? ''}`
    : '';
}

/** What a training's status change did to the month's data (null for a task). */
export function feedNotice(data) {
  if (!data || data.fed === undefined) return null;
  if (data.fed === false)
    return { text: t('training.notFed').replace('{reason}', data.reason ?? ''), kind: 'info' };
  const months = (data.batches ?? []).map((b) => b.period).join(', ');
  return { text: t('training.fed').replace('{months}', months), kind: 'ok' };
}

/** "Assigned 3 · Done 1 · Planned hours 10 · Hours done 4". */
export function totalsText(totals) {
  return [
    `${t('training.assigned')} ${totals.assigned}`,
    `${t('training.doneCount')} ${totals.done}`,
    `${t('training.plannedHours')} ${num(totals.plannedHours)}`,
    `${t('training.doneHours')} ${num(totals.doneHours)}`,
  ].join(' · ');
}

/** Trainings of a year: plan month, the plan's indicators, course, planned hours, due date, hours done, day, overdue. */
export function trainingTable(items, { person } = {}) {
  return table(
    [
      ...(person ? [{ label: t('training.person'), get: person }] : []),
      { label: t('training.planMonth'), get: (i) => i.period },
      // A training belongs to the month's plan, not to one indicator: the plan's indicators, one a line.
      {
        label: t('training.indicator'),
        get: (i) => (i.indicators ?? [i.indicator]).map((c) => el('div', {}, c)),
      },
      { label: t('training.course'), get: (i) => i.course },
      { label: t('training.plannedHours'), get: (i) => num(i.plannedHours) },
      { label: t('training.due'), get: (i) => i.dueDate },
      { label: t('training.doneHours'), get: (i) => (i.status === 'done' ? num(i.doneHours) : '—') },
      { label: t('training.doneOn'), get: (i) => i.doneOn ?? '—' },
      {
        label: t('training.overdue'),
        get: (i) => (i.overdue ? el('span', { class: 'badge overdue' }, t('training.late')) : ''),
      },
    ],
    items,
    { rowAttrs: (i) => ({ 'data-training': i.actionId, 'data-status': i.status }) },
  );
}

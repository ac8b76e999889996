// "The orders behind a value" beside an indicator's explanation: where the explanation's formula names an input
// that the month's work-order derivation wrote, a button 查看工单 (n) opens the orders that made the person's (or
// their team's) value — order, service type, requester, times, minutes, reworks, rating, and whether it counted.
// Used by the staff's own page (me.js), the manager's panel (department.js) and HR's work-order page. The API
// decides who may see what (a colleague's value answers 404): a refused or absent value simply shows no button.
import { api } from './api.js';
import { fill, t } from './i18n.js';
import { el, num, table, when } from './ui.js';

/** Per month, the promise of its derived inputs ([{input, per}]); one request per month and page. */
const derivedOf = new Map();
/** Per month, input and subject, the promise of the orders behind the value (null when not readable). */
const behindOf = new Map();

/** The inputs the month's latest derivation wrote (empty when none, or when the route refuses). */
export function derivedInputs(period) {
  if (!derivedOf.has(period))
    derivedOf.set(
      period,
      api(`/api/v1/periods/${encodeURIComponent(period)}/work-orders/inputs`).then((r) =>
        r.ok && Array.isArray(r.data?.inputs) ? r.data.inputs : [],
      ),
    );
  return derivedOf.get(period);
}

/** The derived inputs an explanation names: its formula is quoted as written, so each code is a whole word. */
export function inputsNamedIn(text, derived) {
  if (!text) return [];
  const words = new Set(String(text).match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  return derived.filter((d) => words.has(d.input));
}

/** The orders behind one value: GET …/work-orders/values/{code}?staff=|team=, or null when not readable. */
export function ordersBehind(period, code, subject) {
  const query =
    subject.per === 'team'
      ? `team=${encodeURIComponent(subject.code)}`
      : `staff=${encodeURIComponent(subject.code)}`;
  const key = `${period} ${code} ${query}`;
  if (!behindOf.has(key))
    behindOf.set(
      key,
      api(
        `/api/v1/periods/${encodeURIComponent(period)}/work-orders/values/${encodeURIComponent(code)}?${query}`,
      ).then((r) => (r.ok ? r.data : null)),
    );
  return behindOf.get(key);
}

/** The rule of a value in words: its measure and parameters. */
export function ruleText(rule) {
  if (!rule) return '';
  const parts = [t(`wo.measure.${rule.measure}`)];
  if (rule.percentile !== undefined) parts.push(fill(t('wo.percentile'), { p: rule.percentile }));
  if (rule.minutes !== undefined) parts.push(fill(t('wo.minutes'), { m: rule.minutes }));
  if (rule.serviceTypes?.length) parts.push(rule.serviceTypes.join(', '));
  return parts.join(' · ');
}

/** Whether an order was on time under the rule (its minutes), or null when the rule has no time limit. */
function onTime(order, rule) {
  if (rule?.minutes === undefined) return null;
  if (rule.measure === 'response_within')
    return order.responseMinutes !== null && order.responseMinutes <= rule.minutes;
  return (
    order.result === 'done' && order.completionMinutes !== null && order.completionMinutes <= rule.minutes
  );
}

const yesNo = (b) => (b === null ? '—' : b ? t('wo.yes') : t('wo.no'));

/** The table of the orders behind a value (the API's answer). */
export function behindTable(data) {
  return el(
    'div',
    { class: 'wo-behind', 'data-behind': data.input ?? data.task },
    el(
      'p',
      { class: 'sub' },
      fill(t('wo.behindTitle'), { input: data.input ?? data.task, value: num(data.value, 4) }),
      ' · ',
      fill(t('wo.ruleOf'), { rule: ruleText(data.rule) }),
    ),
    data.stored !== null && data.stored !== undefined && data.value !== null && data.stored !== data.value
      ? el('p', { class: 'message info' }, fill(t('wo.storedDiffers'), { stored: num(data.stored, 4) }))
      : null,
    table(
      [
        { label: t('wo.orderId'), get: (o) => o.orderId },
        { label: t('wo.serviceType'), get: (o) => o.serviceType ?? '—' },
        { label: t('wo.requester'), get: (o) => o.requester ?? '—' },
        { label: t('wo.createdAt'), get: (o) => when(o.createdAt) },
        { label: t('wo.response'), get: (o) => num(o.responseMinutes, 1), class: 'n' },
        { label: t('wo.completedAt'), get: (o) => when(o.completedAt) },
        { label: t('wo.onTime'), get: (o) => yesNo(onTime(o, data.rule)) },
        { label: t('wo.reworks'), get: (o) => String(o.reworks ?? 0), class: 'n' },
        { label: t('wo.rating'), get: (o) => num(o.rating, 1), class: 'n' },
        { label: t('wo.counts'), get: (o) => yesNo(o.counts) },
      ],
      data.orders ?? [],
      {
        rowAttrs: (o) => ({
          'data-order': o.orderId,
          'data-counts': o.counts ? 'true' : 'false',
          class: o.counts ? undefined : 'not-counted',
        }),
      },
    ),
  );
}

/**
 * A button per derived input an explanation names, "查看工单 (n)", that opens (and closes) the orders behind the
 * subject's value. Returned at once, empty; filled when the month's derived inputs and the values answer, so the
 * page's rendering stays synchronous. `subjectOf(per)` is the subject for an input per staff or per team.
 */
export function workOrderLinks(period, explanation, subjectOf) {
  const box = el('div', { class: 'wo-links' });
  derivedInputs(period).then((derived) => {
    for (const d of inputsNamedIn(explanation, derived)) {
      const subject = subjectOf(d.per);
      if (!subject?.code) continue;
      ordersBehind(period, d.input, subject).then((data) => {
        if (!data || !box.isConnected) return;
        const n = (data.orders ?? []).length;
        const panel = el('div', { class: 'wo-panel', hidden: true });
        const label = fill(t('wo.viewOrders'), { n });
        const button = el(
          'button',
          {
            type: 'button',
            class: 'link wo-link',
            'data-orders-of': d.input,
            'aria-expanded': 'false',
            onclick: () => {
              const open = panel.hidden;
              if (open && !panel.firstChild) panel.append(behindTable(data));
              panel.hidden = !open;
              button.setAttribute('aria-expanded', String(open));
              button.textContent = open ? t('wo.hideOrders') : label;
            },
          },
          label,
        );
        box.append(el('span', { class: 'wo-link-of', 'data-input': d.input }, `${d.input}: `, button), panel);
      });
    }
  });
  return box;
}

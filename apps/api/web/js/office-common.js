// Small helpers the month cockpit's modules share: strings with {placeholders}, the month's status words, signed
// changes, a section with an id, and buttons that show they are working.
import { t } from './i18n.js';

/** `t(key)` with `{name}` placeholders filled (i18n.js). */
export { tf } from './i18n.js';
import { el, num } from './ui.js';

/** The month's status in the office's words (未评分 / 已评分 / 已审批 / 已结账). */
export function monthStatus(status) {
  return t(`cockpit.status.${status}`);
}

export function statusBadge(status) {
  return el('span', { class: `badge month-${status}`, 'data-month-status': status }, monthStatus(status));
}

/** A change with its sign: +1.5, −2, 0. */
export function signed(x, digits = 2) {
  if (x === null || x === undefined) return '—';
  const n = Number(x);
  if (n === 0) return '0';
  return `${n > 0 ? '+' : '−'}${num(Math.abs(n), digits)}`;
}

/** A card section with an id (for tests and links) and a heading from the dictionary. */
export function card(id, titleKey, ...children) {
  return el('section', { class: 'card cockpit', id }, el('h2', {}, t(titleKey)), ...children);
}

/** A button that is disabled while its async action runs (so a double click does not send twice). */
export function actionButton(attrs, label, action) {
  const button = el(
    'button',
    {
      ...attrs,
      onclick: async (e) => {
        e.preventDefault();
        if (button.disabled) return;
        button.disabled = true;
        button.classList.add('busy');
        try {
          await action();
        } finally {
          button.disabled = false;
          button.classList.remove('busy');
        }
      },
    },
    label,
  );
  return button;
}

/** The page's notice area text and kind, or nothing. */
export function notice(state) {
  return state.notice
    ? el(
        'p',
        { class: `message ${state.notice.kind}`, id: 'cockpit-notice', role: 'status' },
        state.notice.text,
      )
    : el('p', { class: 'message', id: 'cockpit-notice', hidden: true });
}

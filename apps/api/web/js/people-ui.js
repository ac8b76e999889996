// Helpers of the people pages (my performance, my department, appeals): money with its currency, the statuses of
// appeals and plans in the performance office's words, an indicator's name in the reader's language, the note on
// scores above 100, and the download of an evidence file (it needs the token, so it is fetched, not linked).
import { session } from './api.js';
import { getLang, t } from './i18n.js';
import { el, localName } from './ui.js';

const SYMBOL = { CNY: '¥', RMB: '¥', USD: '$', EUR: '€', GBP: '£', HKD: 'HK$', JPY: '¥' };

/**
 * A decimal amount as sent by the API (a string such as "1234.50") with its currency: digits grouped, the
 * decimals kept as they are. No binary float touches the amount: it is formatted as text.
 */
export function money(amount, currency) {
  if (amount === null || amount === undefined || amount === '') return '—';
  const text = String(amount).trim();
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (!m) return text;
  const grouped = m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sym = currency ? (SYMBOL[currency] ?? `${currency} `) : '';
  return `${m[1]}${sym}${grouped}${m[3] ?? ''}`;
}

/** The currency as a reader sees it beside a heading: "¥ (CNY)". */
export function currencyLabel(currency) {
  if (!currency) return '';
  const sym = SYMBOL[currency];
  return sym ? `${sym} (${currency})` : currency;
}

/** A code's label under `prefix` in the dictionaries (`prefix.code`), else the code. */
export function statusText(prefix, status) {
  return label(prefix, status);
}

function label(prefix, status) {
  const key = `${prefix}.${status}`;
  const s = t(key);
  return s === key ? (status ?? '—') : s;
}

/** An appeal's status: open, accepted (申诉成立), rejected (驳回). */
export const appealStatus = (status) => label('appealStatus', status);
/** A plan's status: proposed, agreed, closed. */
export const planStatus = (status) => label('planStatus', status);
/** A plan action's status: open, done. */
export const actionStatus = (status) => label('actionStatus', status);
/** A month's status: open, scored, approved, closed (已结账). */
export const monthStatus = (status) => label('monthStatus', status);
/** Why an indicator is in a plan: a low score, a veto, added by the manager. */
export const planReason = (reason) => label('planReason', reason);
/** A plan item's outcome the month after: improved, not improved. */
export const planOutcome = (outcome) => label('planOutcome', outcome);

/** An indicator's name in the reader's language: `name` as written and, when given in both, `names: {zh, en}`. */
export function indicatorName(code, name, names) {
  const n = localName({ code, name: name ?? undefined, names: names ?? undefined });
  return n && n !== code ? n : '';
}

/** The name of an indicator with its code after it, as a node. */
export function indicatorLabel(code, name, names) {
  const n = indicatorName(code, name, names);
  return el('span', { class: 'indicator-name' }, n ? `${n} ` : '', el('code', {}, code));
}

/**
 * A short note when a result has scores above 100: the scoring method allows it (a cap above 100, a thresholds
 * step or a deduction base above 100), so the total may exceed 100 too (docs/FORMAT.md, "Scoring methods").
 */
export function above100Note(result) {
  const over = (result?.indicators ?? []).filter((i) => typeof i.score === 'number' && i.score > 100);
  if (!over.length && !(typeof result?.total === 'number' && result.total > 100)) return null;
  return el(
    'p',
    { class: 'message info above-100', id: 'above-100' },
    t('people.above100'),
    over.length ? ` (${over.map((i) => i.code).join(', ')})` : '',
  );
}

/** A person's name with their code and employee number as secondary text. */
export function personLabel(name, code, employeeNo) {
  const secondary = [code, employeeNo && employeeNo !== code ? employeeNo : null].filter(Boolean).join(' · ');
  return el(
    'span',
    { class: 'person' },
    el('span', { class: 'person-name' }, name || code),
    name ? el('small', { class: 'person-code' }, secondary) : null,
  );
}

/** Downloads one piece of evidence (GET /api/v1/evidence/{id} with the token) under its file name. */
export async function downloadEvidence(id, fileName) {
  const { token } = session();
  const res = await fetch(`/api/v1/evidence/${id}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  const a = el('a', { href: url, download: fileName || `evidence-${id}` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The language tag for Intl formats. */
export const locale = () => (getLang() === 'zh' ? 'zh-CN' : 'en-GB');

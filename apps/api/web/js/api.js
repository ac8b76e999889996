// Talking to the API: the token lives in sessionStorage and goes with every request as a Bearer header; a 401
// (expired or revoked token) sends the user back to the sign-in page.
import { DICTIONARIES, fill, getLang, langTag, t } from './i18n.js';

const TOKEN = 'scorecard.token';
const ROLE = 'scorecard.role';
const USER = 'scorecard.user';

export const PAGE_OF_ROLE = {
  staff: 'me.html',
  dept_manager: 'department.html',
  hr_admin: 'office.html',
  auditor: 'office.html',
  finance: 'office.html',
};

export function session() {
  return {
    token: sessionStorage.getItem(TOKEN),
    role: sessionStorage.getItem(ROLE),
    username: sessionStorage.getItem(USER),
  };
}

let leaving = false;

export function signOut() {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(ROLE);
  sessionStorage.removeItem(USER);
  // The dashboard's cookie is HttpOnly: only the API can forget it.
  void fetch('/api/v1/auth/logout', { method: 'POST', keepalive: true }).catch(() => undefined);
  // Several requests refused at once each sign out: go to sign-in once (a second navigation would abort the first).
  if (leaving) return;
  leaving = true;
  location.href = './';
}

/**
 * The error text of an API answer. In Chinese, the words of its `code` (./i18n/errors.js) come first, since the
 * API's messages are English; then the details of the body — its problems with their paths, its bad rows with
 * their fields, each in the reader's language (problemText) — and, when there are none, the message itself (it
 * names the month, the run, the field). In English, the message as the API wrote it, with the same details.
 */
export function errorText(data, status) {
  if (!data || typeof data !== 'object') return `HTTP ${status}${data ? ': ' + data : ''}`;
  const parts = [];
  const message = Array.isArray(data.message)
    ? data.message.join('; ')
    : data.message
      ? String(data.message)
      : '';
  const key = typeof data.code === 'string' ? `error.${data.code}` : null;
  const words = key && getLang() === 'zh' && DICTIONARIES.zh[key] ? DICTIONARIES.zh[key] : null;
  const details = [];
  for (const p of data.problems ?? []) {
    const text = problemText(p);
    // A DTO's problems say their field already ("name must be…", "name 不能…").
    details.push(p.path && !text.startsWith(p.path) ? `${p.path} ${text}` : text);
  }
  for (const r of data.rows ?? [])
    details.push(`${rowLabel(r.row)}: ${r.field ?? ''} ${problemText(r)}`.trim());
  // A DTO's 400 says each failure twice, in `message` (a list) and in `problems` (coded): in English, once.
  const restated = Array.isArray(data.message) && (data.problems ?? []).length > 0;
  if (words) {
    parts.push(words);
    if (!details.length && message) parts.push(message);
    parts.push(...details);
  } else {
    if (message) parts.push(message);
    if (!restated) parts.push(...details);
  }
  return parts.length ? parts.join(' — ') : `HTTP ${status}`;
}

/**
 * A problem of a document (`{path, message, code, params}`) or a bad row (`{row, field, message, code, params}`)
 * in the reader's language: the template `problem.<code>` of ./i18n/errors.js filled with the problem's params
 * (and `{path}`, `{field}`), or the API's English message when the language is English or the code has no words
 * yet. Without its path or row: the caller places it.
 */
export function problemText(p) {
  if (!p || typeof p !== 'object') return p === undefined || p === null ? '' : String(p);
  const message = p.message === undefined || p.message === null ? '' : String(p.message);
  const lang = getLang();
  if (lang === 'en' || typeof p.code !== 'string') return message;
  const template = DICTIONARIES[lang]?.[`problem.${p.code}`];
  if (!template) return message;
  const params = { path: p.path ?? '', field: p.field ?? '', ...(p.params ?? {}) };
  return fill(template, params);
}

/** "row 3" / "第 3 行". */
function rowLabel(n) {
  const label = t('error.row');
  return label.includes('{n}') ? label.replace('{n}', n) : `${label} ${n}`;
}

/** fetch with the token; resolves to {ok, status, data, error} and never throws for an HTTP status. */
export async function api(path, { method = 'GET', body } = {}) {
  // The reader's language: the API renders explanations, names and error messages in it where it can.
  const headers = { Accept: 'application/json', 'Accept-Language': langTag() };
  const { token } = session();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  if (res.status === 401 && !path.endsWith('/auth/login')) {
    signOut();
    throw new Error('signed out');
  }
  return { ok: res.ok, status: res.status, data, error: res.ok ? null : errorText(data, res.status) };
}

export async function signIn(username, password) {
  const r = await api('/api/v1/auth/login', { method: 'POST', body: { username, password } });
  if (!r.ok) return r;
  sessionStorage.setItem(TOKEN, r.data.accessToken);
  sessionStorage.setItem(ROLE, r.data.role);
  sessionStorage.setItem(USER, username);
  // The queue dashboard (/admin/queues) reads HR's token from an HttpOnly cookie the sign-in answer sets.
  return r;
}

/** On a page for some roles: back to sign-in without a token, to the right page for another role. */
export function requireRole(...roles) {
  const { token, role } = session();
  if (!token) {
    location.href = './';
    return null;
  }
  if (!roles.includes(role)) {
    location.href = PAGE_OF_ROLE[role] ?? './';
    return null;
  }
  return session();
}

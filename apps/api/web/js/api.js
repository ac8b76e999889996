// Talking to the API: the token lives in sessionStorage and goes with every request as a Bearer header; a 401
// (expired or revoked token) sends the user back to the sign-in page.
import { langTag } from './i18n.js';

const TOKEN = 'scorecard.token';
const ROLE = 'scorecard.role';
const USER = 'scorecard.user';

export const PAGE_OF_ROLE = {
  staff: 'me.html',
  dept_manager: 'department.html',
  hr_admin: 'office.html',
  auditor: 'office.html',
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

/** The error text of an API answer: its message (or list of messages), with rows or problems when present. */
export function errorText(data, status) {
  if (!data || typeof data !== 'object') return `HTTP ${status}${data ? ': ' + data : ''}`;
  const parts = [];
  if (Array.isArray(data.message)) parts.push(data.message.join('; '));
  else if (data.message) parts.push(String(data.message));
  for (const p of data.problems ?? []) parts.push(`${p.path ?? ''} ${p.message ?? ''}`.trim());
  for (const r of data.rows ?? []) parts.push(`row ${r.row}: ${r.field ?? ''} ${r.message ?? ''}`.trim());
  return parts.length ? parts.join(' — ') : `HTTP ${status}`;
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

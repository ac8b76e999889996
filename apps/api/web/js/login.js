// The sign-in page: POST /api/v1/auth/login, keep the token for this tab, go to the page of the role. Signed in
// with a one-time password from HR, the user first chooses their own (POST /api/v1/auth/password).
import { api, PAGE_OF_ROLE, session, signIn } from './api.js';
import { applyI18n, t } from './i18n.js';
import { header, message } from './ui.js';

function render() {
  document.querySelector('header')?.replaceWith(header('page.signIn', render));
  applyI18n(document);
}

const { token, role } = session();
if (token && PAGE_OF_ROLE[role]) location.href = PAGE_OF_ROLE[role];
render();

const form = document.getElementById('login');
const status = document.getElementById('login-status');
form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const data = new FormData(form);
  message(status, t('signingIn'));
  const r = await signIn(String(data.get('username')).trim(), String(data.get('password')));
  if (!r.ok) {
    message(status, r.status === 401 ? t('login.wrong') : r.error, 'error');
    return;
  }
  if (r.data.mustChangePassword) {
    // Nothing else answers until the one-time password is replaced: ask for the new one here.
    oneTime = String(data.get('password'));
    form.hidden = true;
    change.hidden = false;
    change.querySelector('input')?.focus();
    return;
  }
  location.href = PAGE_OF_ROLE[r.data.role] ?? './';
});

let oneTime = '';
const change = document.getElementById('change-password');
const changeStatus = document.getElementById('change-status');
change.addEventListener('submit', async (e) => {
  e.preventDefault();
  const newPassword = String(new FormData(change).get('newPassword'));
  const r = await api('/api/v1/auth/password', {
    method: 'POST',
    body: { currentPassword: oneTime, newPassword },
  });
  if (!r.ok) {
    message(changeStatus, r.error, 'error');
    return;
  }
  location.href = PAGE_OF_ROLE[session().role] ?? './';
});

// Appeals (HR decides, auditors read): the appeals by status, each with the person's name, month, indicators,
// text and evidence; the chosen appeal's decision form — per appealed indicator its name, value and score and the
// inputs of its formula with their aggregate and current value, a corrected value per input (numbers, checked
// here and by the API), evidence to attach, the reason, and accept (申诉成立) or reject (驳回). After accepting:
// the re-run's status, polled until it ends, or on a closed month the adjustment that was created. No JSON is
// typed: the form builds the API's measurement or correction rows itself (decisionBody in appeals-form.js).
import { api, requireRole, session } from './api.js';
import { t } from './i18n.js';
import { clear, el, message, officeTop, section, table, when } from './ui.js';
import { appealStatus, monthStatus, personLabel } from './people-ui.js';
import { decisionForm, detailView } from './appeals-form.js';

const STATUSES = ['open', 'accepted', 'rejected', 'all'];
const state = { status: 'open', list: [], selected: null, detail: null, notice: null, error: null };
const main = document.getElementById('main');
let poll = null;

async function loadList() {
  const q = state.status === 'all' ? '' : `?status=${state.status}`;
  const r = await api(`/api/v1/appeals${q}`);
  state.error = r.ok ? null : r.error;
  // Newest first: the oldest open appeal is the one whose deadline passes first, but the list reads best from the top.
  state.list = r.ok ? [...r.data].reverse() : [];
}

async function loadDetail(id) {
  clearTimeout(poll);
  const r = await api(`/api/v1/appeals/${id}`);
  if (!r.ok) {
    state.notice = { text: r.error, kind: 'error' };
    state.detail = null;
    return;
  }
  state.selected = id;
  state.detail = r.data;
  // While the re-run is queued or running, ask again every second.
  if (r.data.run && ['queued', 'running'].includes(r.data.run.status))
    poll = setTimeout(async () => {
      await loadDetail(id);
      render();
    }, 1000);
}

async function init() {
  await loadList();
  const first = state.list[0];
  if (first) await loadDetail(first.id);
  render();
}

function render() {
  officeTop('page.appeals', 'appeals.html', render);
  if (state.error) return clear(main, el('p', { class: 'message error' }, state.error));
  clear(main, filter(), list(), state.detail ? detail() : null);
}

function filter() {
  return el(
    'div',
    { class: 'toolbar wrap', role: 'group', 'aria-label': t('appeals.filter') },
    el('span', { class: 'sub' }, t('appeals.filter')),
    STATUSES.map((s) =>
      el(
        'button',
        {
          class: `chip${state.status === s ? ' active' : ''}`,
          'data-filter': s,
          'aria-pressed': state.status === s ? 'true' : 'false',
          onclick: async () => {
            clearTimeout(poll);
            state.status = s;
            state.detail = null;
            state.notice = null;
            await loadList();
            if (state.list[0]) await loadDetail(state.list[0].id);
            render();
          },
        },
        s === 'all' ? t('appeals.all') : appealStatus(s),
      ),
    ),
  );
}

function list() {
  return section(
    'appeals.list',
    state.list.length
      ? table(
          [
            {
              label: t('staff'),
              get: (a) =>
                el(
                  'button',
                  { class: 'link', onclick: () => open(a.id) },
                  personLabel(a.staffName, a.staffId, a.employeeNo),
                ),
            },
            { label: t('department'), get: (a) => a.department },
            { label: t('month'), get: (a) => a.period },
            { label: t('indicators'), get: (a) => (a.indicators ?? []).join(', ') },
            { label: t('appeals.text'), get: (a) => el('span', { class: 'clamp' }, a.reason) },
            { label: t('appeals.evidence'), get: (a) => String((a.evidence ?? []).length), class: 'n' },
            {
              label: t('status'),
              get: (a) => el('span', { class: `badge appeal-${a.status}` }, appealStatus(a.status)),
            },
            { label: t('deadline'), get: (a) => when(a.deadline) },
          ],
          state.list,
          {
            rowAttrs: (a) => ({
              'data-appeal': a.id,
              'data-status': a.status,
              class: a.id === state.selected ? 'selected' : undefined,
            }),
          },
        )
      : el('p', { class: 'empty' }, t('appeals.none')),
  );
}

async function open(id) {
  state.notice = null;
  await loadDetail(id);
  render();
  document.getElementById('appeal-detail')?.scrollIntoView();
}

function detail() {
  const d = state.detail;
  const note = el('p', { class: 'message', id: 'appeal-status', hidden: true });
  if (state.notice) message(note, state.notice.text, state.notice.kind);
  const hr = session().role === 'hr_admin';
  const after = async (text, kind = 'ok') => {
    state.notice = { text, kind };
    await Promise.all([loadList(), loadDetail(d.id)]);
    render();
  };
  return el(
    'section',
    { class: 'card', id: 'appeal-detail', 'data-appeal-detail': d.id },
    el('h2', {}, `${t('appeals.appeal')} #${d.id}`),
    el(
      'p',
      { class: 'sub' },
      personLabel(d.staffName, d.staffId, d.employeeNo),
      ` · ${d.department} · ${d.period} (${monthStatus(d.periodStatus)}) · `,
      el('span', { class: `badge appeal-${d.status}` }, appealStatus(d.status)),
    ),
    note,
    detailView(d, { onError: (text) => message(note, text, 'error') }),
    d.status === 'open' && hr
      ? decisionForm(d, {
          onDone: (text) => after(text),
          onError: (text) => message(note, text, 'error'),
          onEvidence: (text) => after(text),
        })
      : null,
  );
}

if (requireRole('hr_admin', 'auditor')) init().catch((e) => clear(main, String(e.message ?? e)));

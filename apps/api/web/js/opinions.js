// HR's staff opinion rounds on the appraisal (考核意见征集; auditors read the same without buttons): open a round
// (title in Chinese and English, the month — by default the latest scored), the rounds with their answers, eligible
// staff and response rate, close the open one after a confirmation, and a round's summary per set: per indicator a
// bar of its mean (1–5), the 1–5 distribution, the share judging it unfair with a flag from 30 %, its comments,
// and the set's suggestions — a set with too few answers shows its counts only — and the summary as CSV.
// `#<id>` in the address opens a round's summary (sets.html links a set's latest one as `#<id>:<set>`).
import { api as apiCall, requireRole, session } from './api.js';
import { t } from './i18n.js';
import { download } from './office-api.js';
import { oneLanguage } from './survey-common.js';
import { clear, el, localName, message, num, officeTop, section, table } from './ui.js';

const main = document.getElementById('main');

/** api() with the refusal's text in one language ("中文 / English" parts, several joined by "; "). */
async function api(path, options) {
  const r = await apiCall(path, options);
  if (r.ok) return r;
  const error = String(r.error ?? '')
    .split('; ')
    .map((p) => oneLanguage(p))
    .join('; ');
  return { ...r, error };
}

const state = {
  rounds: [],
  listError: null,
  /** The opened summary: {round, summary}, or null. */
  opened: null,
  /** The set to scroll to, from the address. */
  focusSet: null,
  notice: null,
  confirming: false,
  form: { zh: '', en: '', period: '' },
};

const canWrite = () => session().role === 'hr_admin';

function fill(template, params) {
  return template.replace(/\{(\w+)\}/g, (slot, name) => (name in params ? String(params[name]) : slot));
}

const roundTitle = (r) => localName({ name: r.title, names: r.names });
const named = (names, code) => localName({ names, code });

async function loadList() {
  const r = await api('/api/v1/opinions/rounds');
  state.listError = r.ok ? null : r.error;
  state.rounds = r.ok ? r.data : [];
}

async function loadSummary(id) {
  const r = await api(`/api/v1/opinions/rounds/${id}/summary`);
  if (!r.ok) {
    state.notice = { text: r.error, kind: 'error' };
    state.opened = null;
    return;
  }
  state.opened = r.data;
  const wanted = `#${id}`;
  if (!location.hash.startsWith(wanted)) history.replaceState(null, '', `${location.pathname}${wanted}`);
}

async function init() {
  await loadList();
  const [id, set] = location.hash.slice(1).split(':');
  if (Number(id)) {
    state.focusSet = set || null;
    await loadSummary(Number(id));
  }
  render();
  if (state.focusSet) document.querySelector(`[data-set="${CSS.escape(state.focusSet)}"]`)?.scrollIntoView();
}

function render() {
  officeTop('page.opinions', 'opinions.html', render);
  const notice = el('p', { class: 'message', id: 'opinions-notice', role: 'status', hidden: true });
  if (state.notice) message(notice, state.notice.text, state.notice.kind);
  clear(main, notice, canWrite() ? openForm() : null, rounds(), state.opened ? summary() : null);
}

function openForm() {
  if (state.rounds.some((r) => r.status === 'open')) return null;
  const field = (id, key, label, attrs = {}) =>
    el(
      'label',
      {},
      label,
      el('input', {
        id,
        value: state.form[key],
        oninput: (e) => {
          state.form[key] = e.target.value;
        },
        ...attrs,
      }),
    );
  return el(
    'section',
    { class: 'card', id: 'opinion-open' },
    el('h2', {}, t('opinions.new')),
    el(
      'form',
      {
        class: 'opinion-form',
        onsubmit: (e) => {
          e.preventDefault();
          void openRound();
        },
      },
      field('opinion-title-zh', 'zh', t('opinions.titleZh'), { maxlength: 200 }),
      field('opinion-title-en', 'en', t('opinions.titleEn'), { maxlength: 200 }),
      field('opinion-period', 'period', t('opinions.period'), { placeholder: 'YYYY-MM', maxlength: 7 }),
      el('div', {}, el('button', { type: 'submit', id: 'opinion-open-submit' }, t('opinions.openIt'))),
    ),
  );
}

async function openRound() {
  const zh = state.form.zh.trim();
  const en = state.form.en.trim();
  const names = zh || en ? { ...(zh ? { zh } : {}), ...(en ? { en } : {}) } : undefined;
  const body = { title: zh || en, ...(names ? { names } : {}) };
  if (state.form.period.trim()) body.period = state.form.period.trim();
  const r = await api('/api/v1/opinions/rounds', { method: 'POST', body });
  if (!r.ok) {
    state.notice = { text: r.error, kind: 'error' };
    return render();
  }
  state.notice = { text: t('opinions.opened'), kind: 'ok' };
  state.form = { zh: '', en: '', period: '' };
  await loadList();
  render();
}

async function closeRound(id) {
  const r = await api(`/api/v1/opinions/rounds/${id}/close`, { method: 'POST' });
  state.confirming = false;
  state.notice = r.ok ? { text: t('opinions.closed'), kind: 'ok' } : { text: r.error, kind: 'error' };
  await loadList();
  if (state.opened?.round.id === id) await loadSummary(id);
  render();
}

function rounds() {
  if (state.listError)
    return section('opinions.rounds', el('p', { class: 'message error' }, state.listError));
  return el(
    'section',
    { class: 'card', id: 'opinion-rounds' },
    el('h2', {}, t('opinions.rounds')),
    state.rounds.length
      ? table(
          [
            { label: t('opinions.title'), get: (r) => roundTitle(r) },
            { label: t('opinions.month'), get: (r) => r.period },
            {
              label: t('opinions.status'),
              get: (r) => el('span', { class: `badge state-${r.status}` }, t(`opinions.state.${r.status}`)),
            },
            { label: t('opinions.answers'), get: (r) => String(r.answers) },
            { label: t('opinions.eligible'), get: (r) => String(r.eligible) },
            {
              label: t('opinions.rate'),
              get: (r) => (r.eligible ? `${num((r.answers / r.eligible) * 100, 1)}%` : '—'),
            },
            { label: '', get: (r) => actions(r) },
          ],
          state.rounds,
          { rowAttrs: (r) => ({ 'data-round': r.id }) },
        )
      : el('p', { class: 'empty' }, t('opinions.none')),
  );
}

function actions(r) {
  const show = el(
    'button',
    {
      class: 'secondary',
      'data-action': 'summary',
      onclick: async () => {
        state.focusSet = null;
        await loadSummary(r.id);
        render();
        document.getElementById('opinion-summary')?.scrollIntoView();
      },
    },
    t('opinions.show'),
  );
  if (!canWrite() || r.status !== 'open') return show;
  if (!state.confirming)
    return el(
      'span',
      {},
      show,
      ' ',
      el(
        'button',
        {
          'data-action': 'close',
          onclick: () => {
            state.confirming = true;
            render();
          },
        },
        t('opinions.close'),
      ),
    );
  return el(
    'span',
    { class: 'confirm' },
    el('span', {}, t('opinions.confirmClose')),
    ' ',
    el(
      'button',
      { class: 'danger', id: 'opinion-close-confirm', onclick: () => closeRound(r.id) },
      t('opinions.close'),
    ),
    ' ',
    el(
      'button',
      {
        class: 'secondary',
        onclick: () => {
          state.confirming = false;
          render();
        },
      },
      '✕',
    ),
  );
}

function summary() {
  const { round, summary: s } = state.opened;
  return el(
    'section',
    { class: 'card', id: 'opinion-summary', 'data-round': round.id },
    el('h2', {}, `${t('opinions.summary')} · ${roundTitle(round)} · ${round.period}`),
    el('p', { class: 'hint' }, fill(t('opinions.anonymity'), { n: s.minAnswers })),
    el(
      'div',
      { class: 'toolbar' },
      el(
        'button',
        {
          id: 'opinion-csv',
          class: 'secondary',
          onclick: async () => {
            const r = await download(
              `/api/v1/opinions/rounds/${round.id}/summary?format=csv`,
              `opinions-${round.id}-summary.csv`,
            );
            if (!r.ok) {
              state.notice = { text: r.error, kind: 'error' };
              render();
            }
          },
        },
        t('opinions.csv'),
      ),
    ),
    s.sets.map((set) => setSummary(set, s)),
  );
}

function setSummary(set, s) {
  const counts = `${t('opinions.answers')} ${set.answers} / ${t('opinions.eligible')} ${set.eligible} · ${t('opinions.rate')} ${set.responseRate === null ? '—' : `${num(set.responseRate, 1)}%`}`;
  return el(
    'div',
    { class: 'opinion-set', 'data-set': set.set, 'data-shown': String(set.shown) },
    el('h3', {}, `${named(set.name, set.set)} (${set.set})`),
    el('p', { class: 'sub' }, counts),
    set.shown
      ? [
          ...set.indicators.map((i) => indicatorSummary(i, s)),
          el('h4', {}, t('opinions.suggestions')),
          set.suggestions.length
            ? el(
                'ul',
                { class: 'suggestions' },
                set.suggestions.map((x) => el('li', {}, x)),
              )
            : el('p', { class: 'empty' }, t('opinions.noText')),
        ]
      : el(
          'p',
          { class: 'opinion-too-few' },
          fill(t('opinions.tooFew'), { n: set.answers, min: s.minAnswers }),
        ),
  );
}

function indicatorSummary(i, s) {
  const name = named(i.name, i.code);
  return el(
    'div',
    { class: 'opinion-indicator', 'data-indicator': i.code, 'data-flagged': String(i.flagged) },
    el('strong', {}, name),
    ' ',
    el('span', { class: 'sub' }, i.code),
    el(
      'div',
      { class: 'bar-row' },
      el('meter', {
        min: 1,
        max: 5,
        low: 2.5,
        high: 3.5,
        optimum: 5,
        value: i.mean ?? 1,
        'aria-label': `${name} ${t('opinions.mean')}`,
      }),
      el('span', { class: 'mean' }, `${t('opinions.mean')} ${num(i.mean, 2)}`),
      el('span', { class: 'sub' }, `${t('opinions.ratings')} ${i.ratings}`),
      i.flagged
        ? el(
            'span',
            { class: 'flag', title: t('opinions.unfairShare') },
            fill(t('opinions.flag'), { p: s.unfairFlagPercent }),
          )
        : null,
    ),
    el(
      'div',
      { class: 'sub' },
      `${t('opinions.distribution')}: `,
      el('span', { class: 'dist' }, i.distribution.join(' · ')),
      ` · ${t('opinions.unfairShare')} ${i.unfairPercent === null ? '—' : `${num(i.unfairPercent, 1)}%`}`,
    ),
    i.comments.length
      ? el(
          'details',
          { open: true },
          el('summary', {}, `${t('opinions.comments')} (${i.comments.length})`),
          el(
            'ul',
            {},
            i.comments.map((c) => el('li', {}, c)),
          ),
        )
      : null,
  );
}

if (requireRole('hr_admin', 'auditor'))
  init().catch((e) => clear(main, el('p', { class: 'message error' }, String(e.message ?? e))));

// The respondent's survey page (survey.html#<token>), opened from a link or a QR code on a phone, without signing
// in: the token in the address's fragment is the only key (it never reaches a server log or a Referer). It shows the
// campaign, each rated service with each question as a row of large 1–5 (or 1–10) choices, the optional comment and
// a submit button; the answer stays editable until HR closes the campaign, then it is shown read only. Chinese
// first, English through the same language switch as the other pages. No session is used or needed: the requests
// carry no token and no cookie, and a refusal never signs anyone out.
import { errorText } from './api.js';
import { fill, getLang, langTag, t } from './i18n.js';
import { clear, el, header, localName, message, when } from './ui.js';
import { oneLanguage } from './survey-common.js';

const main = document.getElementById('main');
/** One status line for the page's life: a screen reader announces what changes in it (a new node it might not). */
const status = el('p', { class: 'message', id: 'survey-status', role: 'status', 'aria-live': 'polite' });
const token = decodeURIComponent(location.hash.replace(/^#/, '')).trim();

const state = {
  /** The API's view of the link: {campaign, questions, comment, targets, answer, editable}, or null. */
  view: null,
  /** A fatal problem (unknown link, no token…): the page shows only this. */
  fatal: null,
  /** The HTTP status of the fatal problem (its words follow the language). */
  fatalStatus: 0,
  /** Scores chosen on the page, by target then question (kept across a language switch or a failed submit). */
  picked: {},
  comment: '',
  notice: null,
  saving: false,
};

/** The public answer route; resolves to {ok, status, data, error} and never throws for an HTTP status. */
async function call(method, body) {
  let res;
  try {
    res = await fetch(`/api/v1/survey-answers/${encodeURIComponent(token)}`, {
      method,
      credentials: 'omit',
      headers: {
        Accept: 'application/json',
        'Accept-Language': langTag(),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, data: null, error: t('survey.offline') };
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  return { ok: res.ok, status: res.status, data, error: res.ok ? null : refusal(res.status, data) };
}

/** A refusal in the respondent's words: the link's problems said plainly, anything else as the API said it. */
function refusal(status, data) {
  if (status === 404) return t('survey.unknown');
  if (status === 429) return t('survey.busy');
  return oneLanguage(errorText(data, status));
}

/** Loads the link's campaign and answer; the choices on the page start from the stored answer. */
async function load() {
  if (!token) {
    state.fatal = t('survey.noToken');
    return;
  }
  const r = await call('GET');
  if (!r.ok) {
    state.fatal = r.error;
    state.fatalStatus = r.status;
    return;
  }
  state.fatal = null;
  state.view = r.data;
  const answer = r.data.answer;
  state.picked = structuredClone(answer?.answers ?? {});
  state.comment = answer?.comment ?? '';
}

/** The text in the reader's language of a {zh, en} value (either may be missing), or `fallback`. */
function local(names, fallback = '') {
  if (!names) return fallback;
  if (typeof names === 'string') return names;
  const lang = getLang();
  return names[lang] || names[lang === 'zh' ? 'en' : 'zh'] || fallback;
}

function render() {
  document.querySelector('header').replaceWith(header('page.survey', render));
  // The words of a fatal problem follow the language too (they were chosen by their key's meaning).
  if (state.fatal !== null) {
    if (!token) state.fatal = t('survey.noToken');
    else if (state.fatalStatus === 404) state.fatal = t('survey.unknown');
    else if (state.fatalStatus === 429) state.fatal = t('survey.busy');
    return clear(
      main,
      el('section', { class: 'card' }, el('p', { class: 'message error', id: 'survey-error' }, state.fatal)),
    );
  }
  const v = state.view;
  const c = v.campaign;
  const editable = v.editable === true;
  const notice = state.notice ? noticeText(state.notice) : standing(v);
  if (notice) message(status, notice.text, notice.kind);
  else message(status, '');
  clear(
    main,
    el(
      'section',
      { class: 'card survey-head', 'data-state': c.state },
      el('h1', { id: 'survey-title' }, localName(c)),
      el('p', { class: 'sub' }, `${t('survey.period')} ${c.period}`),
      editable ? el('p', { class: 'survey-intro' }, t('survey.intro')) : null,
    ),
    status,
    el(
      'form',
      {
        id: 'survey-form',
        novalidate: true,
        'data-editable': editable ? 'true' : 'false',
        onsubmit: (e) => {
          e.preventDefault();
          void submit();
        },
      },
      (v.targets ?? []).map((target) => targetCard(target, v.questions ?? [], editable)),
      v.comment ? commentCard(editable) : null,
      editable
        ? el(
            'div',
            { class: 'survey-actions' },
            el(
              'button',
              { type: 'submit', id: 'survey-submit', disabled: state.saving },
              state.saving ? t('survey.saving') : v.answer ? t('survey.update') : t('survey.submit'),
            ),
          )
        : null,
    ),
  );
}

/** A notice kept by its key (so a language switch says it again in the other language) or as the API's text. */
function noticeText(n) {
  return { text: n.key ? fill(t(n.key), n.params ?? {}) : n.text, kind: n.kind };
}

/** What the page says before any action: answered (editable), ended, or not started. */
function standing(v) {
  const a = v.answer;
  const times = a
    ? [
        fill(t('survey.submittedAt'), { at: when(a.submittedAt) }),
        a.updatedAt && a.updatedAt !== a.submittedAt
          ? fill(t('survey.updatedAt'), { at: when(a.updatedAt) })
          : null,
      ]
        .filter(Boolean)
        .join(', ')
    : '';
  if (v.campaign.state === 'closed')
    return { text: a ? `${t('survey.closed')} ${times}` : t('survey.closedNoAnswer'), kind: 'info' };
  if (!v.editable) return { text: t('survey.notOpen'), kind: 'info' };
  if (a)
    return {
      text: getLang() === 'zh' ? `${t('survey.answered')}（${times}）` : `${t('survey.answered')} (${times})`,
      kind: 'ok',
    };
  return null;
}

/** One rated service: a card with one radio group per question. */
function targetCard(target, questions, editable) {
  const label = local(target.label, target.code);
  return el(
    'section',
    { class: 'card survey-target', 'data-target': target.code },
    el('h2', {}, label),
    questions.map((q) => question(target, q, editable)),
  );
}

/** A question as a fieldset: its text as the legend, the scale as large radio choices, the scale's ends in words. */
function question(target, q, editable) {
  const scale = Number(q.scale) === 10 ? 10 : 5;
  const name = `score:${target.code}:${q.code}`;
  const chosen = state.picked[target.code]?.[q.code];
  const id = (n) => `${name}:${n}`.replace(/[^A-Za-z0-9_-]/g, '_');
  return el(
    'fieldset',
    { class: `survey-question scale-${scale}`, 'data-question': q.code, disabled: !editable },
    el(
      'legend',
      {},
      local(q.text, q.code),
      ' ',
      el('span', { class: 'scale-note' }, fill(t('survey.scaleOf'), { n: scale })),
    ),
    el(
      'div',
      { class: 'choices' },
      Array.from({ length: scale }, (_, i) => i + 1).map((n) =>
        el(
          'label',
          { class: 'choice', for: id(n) },
          el('input', {
            type: 'radio',
            id: id(n),
            name,
            value: String(n),
            checked: chosen === n,
            // The number alone says little to a screen reader: "1 of 5, very dissatisfied".
            'aria-label':
              n === 1
                ? `${n} / ${scale} ${t('survey.low')}`
                : n === scale
                  ? `${n} / ${scale} ${t('survey.high')}`
                  : `${n} / ${scale}`,
            onchange: () => {
              state.picked[target.code] = { ...(state.picked[target.code] ?? {}), [q.code]: n };
            },
          }),
          el('span', { 'aria-hidden': 'true' }, String(n)),
        ),
      ),
    ),
    el(
      'div',
      { class: 'scale-ends', 'aria-hidden': 'true' },
      el('span', {}, `1 ${t('survey.low')}`),
      el('span', {}, `${scale} ${t('survey.high')}`),
    ),
  );
}

function commentCard(editable) {
  return el(
    'section',
    { class: 'card survey-comment' },
    el('label', { for: 'survey-comment' }, t('survey.comment')),
    el('p', { class: 'hint', id: 'survey-comment-hint' }, t('survey.commentHint')),
    el('textarea', {
      id: 'survey-comment',
      rows: 4,
      maxlength: 2000,
      'aria-describedby': 'survey-comment-hint',
      readonly: !editable,
      text: state.comment,
      oninput: (e) => {
        state.comment = e.target.value;
      },
    }),
  );
}

/**
 * The answer as the API takes it: per target the questions answered (a question left out does not count, so a
 * respondent may skip what they cannot judge), targets without any score left out. Null with a notice when
 * nothing is rated.
 */
function answerBody() {
  const v = state.view;
  const answers = {};
  for (const target of v.targets ?? []) {
    const picked = state.picked[target.code] ?? {};
    const scores = Object.fromEntries(
      (v.questions ?? []).filter((q) => picked[q.code] !== undefined).map((q) => [q.code, picked[q.code]]),
    );
    if (Object.keys(scores).length) answers[target.code] = scores;
  }
  if (!Object.keys(answers).length) {
    state.notice = { key: 'survey.rateOne', kind: 'error' };
    return null;
  }
  const body = { answers };
  if (v.comment && state.comment.trim()) body.comment = state.comment.trim();
  return body;
}

async function submit() {
  if (state.saving) return;
  const body = answerBody();
  if (!body) return render();
  state.saving = true;
  state.notice = null;
  render();
  const r = await call('PUT', body);
  state.saving = false;
  if (r.ok) {
    state.view.answer = r.data;
    state.notice = { key: 'survey.saved', kind: 'ok' };
  } else if (r.status === 409 || r.status === 404) {
    // The campaign ended (or the link went) while the page was open: show it as it is now, with the refusal.
    // The page's own words then say which (测评已结束 / 测评未开始).
    await load();
    state.notice = null;
  } else {
    state.notice = { text: r.error, kind: 'error' };
  }
  render();
  document.getElementById('survey-status')?.scrollIntoView({ block: 'nearest' });
}

// Another token pasted into the address (the fragment changes, the page does not reload).
window.addEventListener('hashchange', () => location.reload());

load()
  .then(render)
  .catch((e) => {
    state.fatal = String(e?.message ?? e);
    render();
  });

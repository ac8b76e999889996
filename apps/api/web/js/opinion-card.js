// The opinion card on a member of staff's page (me.html): when HR has an opinion round open and it is for me (my
// result's set in its month), each indicator of my set rated 1–5 for fairness with its name, an optional comment
// per indicator and a suggestion, under a clear note that the answer is anonymous; once sent, 已提交，谢谢. The card
// keeps what was entered across the page's re-renders (a language switch). Nothing shows when no round is for me.
import { api } from './api.js';
import { fill, t } from './i18n.js';
import { oneLanguage } from './survey-common.js';
import { el, localName, message } from './ui.js';

const state = {
  /** GET /me/opinions, once loaded: {round, set, answered, minAnswers}. */
  mine: null,
  loading: false,
  ratings: {},
  comments: {},
  suggestion: '',
  sending: false,
  error: null,
  /** Answered in this visit: the thanks are shown where the form was. */
  justSent: false,
};

/** The API's "中文 / English" messages (several joined by "; ") in the reader's language. */
function readable(text) {
  return String(text ?? '')
    .split('; ')
    .map((part) => oneLanguage(part))
    .join('; ');
}

/** The name of a `{zh, en}` name in the reader's language. */
const nameOf = (names, code) => localName({ names, code });

/**
 * The card, or null when there is nothing to ask. The first call loads the open round and calls `rerender` once
 * it is known.
 */
export function opinionCard(rerender) {
  if (!state.mine) {
    if (!state.loading) {
      state.loading = true;
      api('/api/v1/me/opinions')
        .then((r) => {
          state.mine = r.ok ? r.data : { round: null };
          if (state.mine?.round) rerender();
        })
        .catch(() => {
          state.mine = { round: null };
        });
    }
    return null;
  }
  const { round, set, answered } = state.mine;
  if (!round || !set) return null;
  const title = el('h2', {}, t('opinion.card'));
  if (answered || state.justSent)
    return el(
      'section',
      { class: 'card opinion-card', id: 'opinion-card', 'data-round': round.id },
      title,
      el('p', { class: 'opinion-thanks', id: 'opinion-thanks', role: 'status' }, t('opinion.thanks')),
    );
  const note = el('p', { class: 'message', id: 'opinion-message', role: 'status', hidden: true });
  if (state.error) message(note, state.error, 'error');
  const form = el(
    'form',
    {
      id: 'opinion-form',
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        void send(rerender);
      },
    },
    set.indicators.map((i) => question(i)),
    el(
      'div',
      { class: 'opinion-suggestion' },
      el('label', { for: 'opinion-suggestion' }, t('opinion.suggestion')),
      el('textarea', {
        id: 'opinion-suggestion',
        maxlength: 2000,
        text: state.suggestion,
        oninput: (e) => {
          state.suggestion = e.target.value;
        },
      }),
    ),
    note,
    el(
      'button',
      { type: 'submit', id: 'opinion-submit', disabled: state.sending },
      state.sending ? t('opinion.saving') : t('opinion.submit'),
    ),
  );
  return el(
    'section',
    { class: 'card opinion-card', id: 'opinion-card', 'data-round': round.id },
    title,
    el('p', { class: 'sub' }, localName({ name: round.title, names: round.names })),
    el('p', {}, fill(t('opinion.intro'), { set: nameOf(set.name, set.set) })),
    el(
      'p',
      { class: 'opinion-anon', id: 'opinion-anonymous' },
      fill(t('opinion.anonymous'), { n: state.mine.minAnswers ?? 5 }),
    ),
    form,
  );
}

/** One indicator: its name, five choices 1–5 (the label is what a finger taps), an optional comment. */
function question(indicator) {
  const name = nameOf(indicator.name, indicator.code);
  const group = `opinion-${indicator.code}`;
  return el(
    'fieldset',
    { class: 'opinion-question', 'data-indicator': indicator.code },
    el('legend', {}, name),
    el(
      'div',
      { class: 'opinion-choices', role: 'radiogroup', 'aria-label': fill(t('opinion.ratingOf'), { name }) },
      [1, 2, 3, 4, 5].map((n) =>
        el(
          'label',
          { class: 'opinion-choice' },
          el('input', {
            type: 'radio',
            name: group,
            value: String(n),
            checked: state.ratings[indicator.code] === n,
            onchange: () => {
              state.ratings[indicator.code] = n;
            },
          }),
          el('span', {}, String(n)),
        ),
      ),
    ),
    el(
      'div',
      { class: 'opinion-ends' },
      el('span', {}, `1 ${t('opinion.unfair')}`),
      el('span', {}, `5 ${t('opinion.fair')}`),
    ),
    el(
      'details',
      { open: Boolean(state.comments[indicator.code]) },
      el('summary', {}, t('opinion.comment')),
      el('textarea', {
        name: `comment-${indicator.code}`,
        maxlength: 500,
        'aria-label': `${name} — ${t('opinion.comment')}`,
        text: state.comments[indicator.code] ?? '',
        oninput: (e) => {
          state.comments[indicator.code] = e.target.value;
        },
      }),
    ),
  );
}

async function send(rerender) {
  const { round } = state.mine;
  if (!Object.keys(state.ratings).length) {
    state.error = t('opinion.rateOne');
    rerender();
    return;
  }
  const comments = Object.fromEntries(
    Object.entries(state.comments)
      .map(([code, text]) => [code, text.trim()])
      .filter(([, text]) => text),
  );
  state.sending = true;
  state.error = null;
  rerender();
  const r = await api(`/api/v1/me/opinions/${round.id}`, {
    method: 'POST',
    body: { ratings: state.ratings, comments, suggestion: state.suggestion.trim() || null },
  });
  state.sending = false;
  if (r.ok || r.data?.code === 'OPINION_ALREADY_ANSWERED') {
    state.justSent = true;
    state.ratings = {};
    state.comments = {};
    state.suggestion = '';
  } else state.error = readable(r.error);
  rerender();
}

// The card 年度 / 季度考核 on a member of staff's page (me.html): their appraisal periods above the month (a year, a
// quarter, a half-year) once HR approved them (GET /me/appraisals), each with its total, grade, the line saying
// a quota or HR moved the grade, the bonus, and the explanations (rendered by the API in the reader's language)
// to unfold. Nothing shows when there is none. me.js draws the page's main column; this card lives beside it and
// draws itself again, in the new language, when the header's language switch changes.
import { api, session } from './api.js';
import { getLang, t, tf } from './i18n.js';
import { calibrationLine } from './calibration-line.js';
import { money } from './people-ui.js';
import { clear, el, num } from './ui.js';

const root = document.getElementById('my-appraisals');

/** "2026 年度", "2026 年第 3 季度", "2026 年上半年" / "year 2026", "Q3 2026", "first half of 2026". */
function periodName(period) {
  const year = period.slice(0, 4);
  const m = /-(Q|H)(\d)$/.exec(period);
  if (!m) return tf('my.kind.year', { year });
  return m[1] === 'Q' ? tf('my.kind.quarter', { year, n: m[2] }) : tf(`my.kind.half.${m[2]}`, { year });
}

function item({ period, status, currency, result: r }) {
  const head = el(
    'h3',
    {},
    `${periodName(period)} `,
    el('span', { class: 'status' }, t(`my.status.${status}`)),
  );
  if ('error' in r)
    return el(
      'div',
      { class: 'my-appraisal', 'data-period': period },
      head,
      el('p', { class: 'message error' }, r.error),
    );
  const x = r.explanation ?? {};
  const line = (key, text) => (text ? el('p', {}, el('strong', {}, t(key)), ' ', text) : null);
  return el(
    'div',
    { class: 'my-appraisal', 'data-period': period },
    head,
    el(
      'div',
      { class: 'facts' },
      el(
        'div',
        { class: 'fact' },
        el('span', { class: 'label' }, t('my.total')),
        el('strong', { class: 'value' }, num(r.total)),
        el('small', { class: 'why' }, tf('my.months', { months: r.months, days: r.days })),
      ),
      el(
        'div',
        { class: 'fact' },
        el('span', { class: 'label' }, t('my.grade')),
        el('strong', { class: 'value' }, r.grade ?? '—'),
        calibrationLine(r.calibration),
      ),
      el(
        'div',
        { class: 'fact' },
        el('span', { class: 'label' }, t('my.bonus')),
        el('strong', { class: 'value' }, money(r.incentive, currency)),
      ),
    ),
    el(
      'details',
      { class: 'my-appraisal-why' },
      el('summary', {}, t('my.why')),
      line('ap.explainTotal', x.total),
      line('ap.explainGrade', x.grade),
      line('ap.explainBonus', x.incentive),
    ),
  );
}

let loaded = null;

async function draw() {
  if (!root) return;
  const r = await api(`/api/v1/me/appraisals?lang=${getLang()}`);
  // A user not linked to a staff record (404), or none approved yet: nothing to show.
  loaded = r.ok && Array.isArray(r.data) ? r.data : [];
  if (!loaded.length) {
    root.hidden = true;
    return clear(root);
  }
  root.hidden = false;
  clear(
    root,
    el(
      'section',
      { class: 'card', id: 'my-appraisals-card' },
      el('h2', {}, t('my.appraisals')),
      // Newest first: the year just closed is what the reader looks for.
      [...loaded].reverse().map(item),
    ),
  );
}

// The header's language switch (me.js draws the header): the explanations again, in the new language.
document.addEventListener('change', (e) => {
  if (e.target instanceof HTMLSelectElement && e.target.id === 'lang') void draw();
});

if (root && session().token) void draw().catch(() => undefined);

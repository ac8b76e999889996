// The what-if preview of a draft before it is saved: the month's people of this set scored with the version in
// force and with the draft, from the month's stored values (POST /indicator-sets/{code}/what-if, nothing stored):
// how many moved, the distribution of totals and grades before and after, and the people who moved most.
import { api } from './api.js';
import { t } from './i18n.js';
import { el, num, statusLabel, table } from './ui.js';
import { histogram } from './sets-curve.js';
import { contentOf } from './sets-model.js';
import { showProblems } from './sets-editor.js';

const PAGE = 20;

const sideText = (s) =>
  s.error
    ? `${t('sets.error')}: ${s.error}`
    : `${num(s.total)}${s.grade ? ' · ' + s.grade : ''}${s.vetoed ? ' · ' + t('status.veto') : ''}`;

/** The what-if section for the draft of `ctx` (periods: the months, newest last). */
export function whatIfSection(ctx) {
  const d = ctx.draft;
  const w = (d.whatIf ??= {
    period:
      [...ctx.periods].reverse().find((p) => p.status !== 'open')?.period ?? ctx.periods.at(-1)?.period ?? '',
    result: null,
    error: null,
    busy: false,
  });
  const run = async (offset = 0) => {
    w.busy = true;
    ctx.render();
    const r = await api(`/api/v1/indicator-sets/${encodeURIComponent(ctx.code)}/what-if`, {
      method: 'POST',
      body: { draft: contentOf(d), period: w.period, offset, limit: PAGE },
    });
    w.busy = false;
    if (r.ok && offset > 0 && w.result) {
      w.result.movers.items.push(...r.data.movers.items);
      w.result.movers.offset = 0;
    } else w.result = r.ok ? r.data : null;
    w.error = r.ok ? null : r.error;
    ctx.render();
    if (!r.ok && r.data?.problems) showProblems(r.data.problems, 'draft.');
  };
  const res = w.result;
  return el(
    'section',
    { class: 'card', id: 'what-if' },
    el('h2', {}, t('sets.whatIf')),
    el('p', { class: 'hint' }, t('sets.whatIfHint')),
    el(
      'div',
      { class: 'toolbar wrap' },
      el(
        'label',
        {},
        t('month'),
        ' ',
        el(
          'select',
          { id: 'whatif-period', onchange: (e) => (w.period = e.target.value) },
          ctx.periods.map((p) =>
            el(
              'option',
              { value: p.period, selected: p.period === w.period },
              `${p.period} · ${statusLabel(p.status)}`,
            ),
          ),
        ),
      ),
      el(
        'button',
        { id: 'whatif-run', disabled: w.busy || !w.period, onclick: () => run(0) },
        w.busy ? '…' : t('sets.whatIfRun'),
      ),
    ),
    w.error ? el('p', { class: 'message error' }, w.error) : null,
    res
      ? el(
          'div',
          { id: 'whatif-result' },
          el(
            'div',
            { class: 'facts' },
            fact(t('sets.people'), num(res.staff, 0)),
            fact(t('sets.changed'), `${num(res.changed, 0)} (↑${num(res.up, 0)} ↓${num(res.down, 0)})`),
            fact(
              t('sets.mean'),
              `${num(res.distribution.mean.before)} → ${num(res.distribution.mean.after)}`,
            ),
            fact(
              t('sets.errors'),
              `${num(res.distribution.errors.before, 0)} → ${num(res.distribution.errors.after, 0)}`,
            ),
          ),
          el(
            'div',
            { class: 'whatif-charts' },
            el(
              'div',
              { class: 'chart-box histogram-box' },
              histogram(res.distribution.bins, {
                before: t('sets.before').replace('{v}', String(res.version.version)),
                after: t('sets.after'),
                title: t('sets.histogram'),
              }),
            ),
            table(
              [
                { label: t('grade'), get: (g) => g.grade ?? t('sets.noGrade') },
                {
                  label: t('sets.before').replace('{v}', String(res.version.version)),
                  get: (g) => num(g.before, 0),
                  class: 'n',
                },
                { label: t('sets.after'), get: (g) => num(g.after, 0), class: 'n' },
              ],
              res.distribution.grades,
            ),
          ),
          el('h3', {}, t('sets.movers')),
          table(
            [
              {
                label: t('staff'),
                get: (m) => el('span', {}, m.name ? `${m.name} ` : '', el('code', {}, m.id)),
              },
              { label: t('department'), get: (m) => m.department },
              {
                label: t('sets.before').replace('{v}', String(res.version.version)),
                get: (m) => sideText(m.before),
              },
              { label: t('sets.after'), get: (m) => sideText(m.after) },
              {
                label: t('sets.delta'),
                get: (m) => (m.delta === null ? '—' : `${m.delta > 0 ? '+' : ''}${num(m.delta)}`),
                class: 'n',
              },
            ],
            res.movers.items,
            {
              rowAttrs: (m) => ({
                'data-mover': m.id,
                class: m.delta > 0 ? 'up' : m.delta < 0 ? 'down' : undefined,
              }),
            },
          ),
          res.movers.items.length < res.movers.total
            ? el(
                'button',
                { class: 'secondary', id: 'whatif-more', onclick: () => run(res.movers.items.length) },
                t('sets.more').replace('{n}', String(res.movers.total - res.movers.items.length)),
              )
            : null,
        )
      : null,
  );
}

function fact(label, value) {
  return el(
    'div',
    { class: 'fact' },
    el('span', { class: 'label' }, label),
    el('span', { class: 'value' }, value),
  );
}

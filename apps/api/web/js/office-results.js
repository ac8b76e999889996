// The month cockpit's results: the spread of totals (a histogram) and grades, the department ranking as one
// compact table (sortable, filtered, a page at a time, with a department's people on demand), and who moved since
// the month's previous run or the previous month, with the indicator whose contribution moved most. The numbers
// are counted by the API (GET …/distribution, …/movers); the page never loads every result.
import { api } from './api.js';
import { t } from './i18n.js';
import { gradeBars, gradeStack, histogram } from './office-charts.js';
import { card, signed, tf } from './office-common.js';
import { fact } from './office-status.js';
import { el, num, table } from './ui.js';

const PAGE = 15;

export function distributionCard(ctx) {
  const { state } = ctx;
  const d = state.distribution;
  if (!d) return null;
  const chips = el(
    'div',
    { class: 'toolbar wrap', role: 'group', 'aria-label': t('cockpit.dist.bin') },
    el('span', { class: 'hint' }, t('cockpit.dist.bin')),
    [5, 10, 20].map((bin) =>
      el(
        'button',
        {
          class: bin === state.bin ? 'chip active' : 'chip',
          'data-bin': bin,
          onclick: async () => {
            state.bin = bin;
            await ctx.refresh('distribution');
          },
        },
        String(bin),
      ),
    ),
  );
  return card(
    'distribution',
    'cockpit.dist.title',
    el(
      'div',
      { class: 'facts' },
      fact(t('cockpit.dist.staff'), num(d.staff)),
      fact(t('cockpit.dist.scored'), num(d.scored), 'scored-count'),
      fact(t('cockpit.dist.errors'), num(d.errors)),
      fact(t('cockpit.dist.mean'), num(d.mean)),
    ),
    el('h3', {}, t('cockpit.dist.histogram')),
    chips,
    d.histogram.length
      ? el(
          'div',
          { class: 'chart-box', id: 'histogram' },
          histogram(d.histogram, { title: t('cockpit.dist.histogram'), countLabel: t('staffCount') }),
        )
      : el('p', { class: 'empty' }, t('cockpit.dist.none')),
    el('h3', {}, t('cockpit.dist.grades')),
    d.grades.length
      ? el(
          'div',
          { class: 'chart-box', id: 'grades' },
          gradeBars(d.grades, { title: t('cockpit.dist.grades'), noGrade: t('cockpit.dist.noGrade') }),
        )
      : el('p', { class: 'empty' }, t('cockpit.dist.none')),
  );
}

/** The ranking's rows: GET …/departments (rank, score, pool) joined with the distribution (grades, spread). */
function rankingRows(state) {
  const spread = new Map((state.distribution?.departments ?? []).map((d) => [d.code, d]));
  return (state.departments?.items ?? []).map((d) => {
    const s = spread.get(d.code);
    return {
      ...d,
      mean: s?.mean ?? d.score,
      min: s?.min ?? null,
      max: s?.max ?? null,
      errors: s?.errors ?? 0,
      grades: s?.grades ?? [],
    };
  });
}

const SORTS = {
  rank: (r) => r.rank ?? Infinity,
  code: (r) => r.code,
  site: (r) => r.site ?? '',
  staffCount: (r) => r.staffCount,
  score: (r) => r.score ?? -Infinity,
  min: (r) => r.min ?? -Infinity,
  max: (r) => r.max ?? -Infinity,
  errors: (r) => r.errors,
};

async function openDepartment(ctx, code, more = false) {
  const { state } = ctx;
  const r = state.ranking;
  if (!more && r.open === code) {
    r.open = null;
    r.people = null;
    return ctx.render();
  }
  const cursor = more && r.next ? `&cursor=${encodeURIComponent(r.next)}` : '';
  const res = await api(
    `/api/v1/periods/${state.period}/results?department=${encodeURIComponent(code)}&limit=100${cursor}`,
  );
  if (!res.ok) {
    ctx.notify(res.error, 'error');
    return ctx.render();
  }
  r.open = code;
  r.people = more ? [...(r.people ?? []), ...res.data.items] : res.data.items;
  r.next = res.data.nextCursor;
  ctx.render();
}

function peopleTable(ctx) {
  const r = ctx.state.ranking;
  if (!r.open || !r.people) return null;
  return el(
    'div',
    { class: 'people', id: 'department-people', 'data-department': r.open },
    el('h3', {}, tf('cockpit.rank.people', { department: r.open, n: r.people.length })),
    table(
      [
        { label: t('staff'), get: (p) => el('code', {}, p.id) },
        { label: t('total'), get: (p) => ('error' in p ? '—' : num(p.total)), class: 'n' },
        { label: t('grade'), get: (p) => ('error' in p ? '—' : (p.grade ?? '—')) },
        {
          label: t('cockpit.rank.coefficient'),
          get: (p) => ('error' in p ? '—' : num(p.coefficient)),
          class: 'n',
        },
        { label: t('incentive'), get: (p) => ('error' in p ? '—' : num(p.incentive)), class: 'n' },
        { label: t('cockpit.approve.error'), get: (p) => el('span', { class: 'why' }, p.error ?? '') },
      ],
      [...r.people].sort((a, b) => (b.total ?? -Infinity) - (a.total ?? -Infinity)),
      { rowAttrs: (p) => ({ 'data-staff': p.id }) },
    ),
    r.next
      ? el(
          'button',
          { class: 'secondary', onclick: () => openDepartment(ctx, r.open, true) },
          t('cockpit.more'),
        )
      : null,
  );
}

export function rankingCard(ctx) {
  const { state } = ctx;
  if (!state.departments) return null;
  const r = state.ranking;
  const all = rankingRows(state);
  const needle = r.filter.trim().toLowerCase();
  const rows = all
    .filter((d) => !needle || `${d.code} ${d.site ?? ''} ${d.kind ?? ''}`.toLowerCase().includes(needle))
    .sort((a, b) => {
      const f = SORTS[r.sort] ?? SORTS.rank;
      const x = f(a);
      const y = f(b);
      return (x < y ? -1 : x > y ? 1 : 0) * r.dir || (a.code < b.code ? -1 : 1);
    });
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  r.page = Math.min(r.page, pages - 1);
  const shown = rows.slice(r.page * PAGE, (r.page + 1) * PAGE);
  const sortable = (key, label, cls) => ({
    label: el(
      'button',
      {
        class: `sort${r.sort === key ? ' active' : ''}`,
        'data-sort': key,
        'aria-sort': r.sort === key ? (r.dir > 0 ? 'ascending' : 'descending') : undefined,
        onclick: () => {
          r.dir = r.sort === key ? -r.dir : key === 'score' || key === 'min' || key === 'max' ? -1 : 1;
          r.sort = key;
          ctx.render();
        },
      },
      label,
      r.sort === key ? (r.dir > 0 ? ' ▲' : ' ▼') : '',
    ),
    key,
    class: cls,
  });
  const columns = [
    { ...sortable('rank', t('cockpit.rank.rank'), 'n'), get: (d) => d.rank ?? '—' },
    {
      ...sortable('code', t('department')),
      get: (d) =>
        el(
          'button',
          { class: 'link', 'data-open': d.code, onclick: () => openDepartment(ctx, d.code) },
          d.code,
        ),
    },
    { ...sortable('site', t('site')), get: (d) => d.site ?? '—' },
    { ...sortable('staffCount', t('cockpit.rank.staff'), 'n'), get: (d) => num(d.staffCount) },
    { ...sortable('score', t('cockpit.rank.mean'), 'n'), get: (d) => num(d.score) },
    {
      ...sortable('min', t('cockpit.rank.range'), 'n'),
      get: (d) => (d.min === null ? '—' : `${num(d.min)}–${num(d.max)}`),
    },
    {
      label: t('cockpit.rank.grades'),
      get: (d) =>
        el(
          'span',
          { class: 'grades' },
          gradeStack(d.grades, d.code),
          el(
            'span',
            { class: 'grade-text' },
            d.grades.map((g) => `${g.grade ?? '—'} ${g.count}`).join(' · '),
          ),
        ),
    },
    { ...sortable('errors', t('cockpit.rank.errors'), 'n'), get: (d) => (d.errors ? num(d.errors) : '') },
  ];
  // Table headers are elements here (sort buttons): the table helper takes labels as text or nodes; the phone
  // cards label each cell with the column's text.
  const view = table(columns, shown, {
    rowAttrs: (d) => ({ 'data-department': d.code, class: d.code === r.open ? 'selected' : '' }),
  });
  for (const [i, c] of columns.entries())
    for (const td of view.querySelectorAll(`tbody tr td:nth-child(${i + 1})`))
      td.dataset.label = typeof c.label === 'string' ? c.label : c.label.textContent;
  // On a phone the table's header (and its sort buttons) is hidden: the same choice as a list.
  const sortSelect = el(
    'label',
    { class: 'sort-select' },
    t('cockpit.rank.sort'),
    ' ',
    el(
      'select',
      {
        id: 'ranking-sort',
        onchange: (e) => {
          const [key, dir] = e.target.value.split(':');
          r.sort = key;
          r.dir = Number(dir);
          r.page = 0;
          ctx.render();
        },
      },
      [
        ['rank', 1, 'cockpit.rank.rank'],
        ['score', -1, 'cockpit.rank.highest'],
        ['score', 1, 'cockpit.rank.lowest'],
        ['code', 1, 'department'],
        ['errors', -1, 'cockpit.rank.errors'],
      ].map(([key, dir, label]) =>
        el('option', { value: `${key}:${dir}`, selected: r.sort === key && r.dir === dir }, t(label)),
      ),
    ),
  );
  const filter = el('input', {
    id: 'ranking-filter',
    type: 'search',
    value: r.filter,
    placeholder: t('cockpit.rank.filter'),
    oninput: (e) => {
      r.filter = e.target.value;
      r.page = 0;
      ctx.render();
      const again = document.getElementById('ranking-filter');
      again?.focus();
      again?.setSelectionRange(again.value.length, again.value.length);
    },
  });
  const pager = el(
    'div',
    { class: 'toolbar pager' },
    el(
      'button',
      {
        class: 'secondary',
        id: 'ranking-prev',
        disabled: r.page === 0,
        onclick: () => {
          r.page -= 1;
          ctx.render();
        },
      },
      '‹',
    ),
    el('span', { id: 'ranking-page' }, tf('cockpit.rank.page', { page: r.page + 1, pages, n: rows.length })),
    el(
      'button',
      {
        class: 'secondary',
        id: 'ranking-next',
        disabled: r.page >= pages - 1,
        onclick: () => {
          r.page += 1;
          ctx.render();
        },
      },
      '›',
    ),
  );
  return card(
    'ranking',
    'cockpit.rank.title',
    el(
      'div',
      { class: 'toolbar wrap' },
      filter,
      sortSelect,
      el('span', { class: 'hint' }, t('cockpit.rank.hint')),
    ),
    view,
    pager,
    peopleTable(ctx),
  );
}

export function moversCard(ctx) {
  const { state } = ctx;
  const m = state.movers;
  if (!m) return null;
  const chips = el(
    'div',
    { class: 'toolbar wrap', role: 'group' },
    ['previous-run', 'previous-month'].map((against) =>
      el(
        'button',
        {
          class: against === state.against ? 'chip active' : 'chip',
          'data-against': against,
          onclick: async () => {
            state.against = against;
            await ctx.refresh('movers');
          },
        },
        t(`cockpit.movers.${against}`),
      ),
    ),
  );
  if (!m.base)
    return card(
      'movers',
      'cockpit.movers.title',
      chips,
      el('p', { class: 'empty' }, t('cockpit.movers.noBase')),
    );
  const c = m.counts;
  return card(
    'movers',
    'cockpit.movers.title',
    chips,
    el(
      'p',
      { class: 'hint' },
      m.against === 'previous-run'
        ? tf('cockpit.movers.baseRun', { run: m.base.runId.slice(0, 8) })
        : tf('cockpit.movers.baseMonth', { period: m.base.period }),
    ),
    el(
      'div',
      { class: 'facts' },
      fact(t('cockpit.movers.up'), num(c.up), 'movers-up'),
      fact(t('cockpit.movers.down'), num(c.down), 'movers-down'),
      fact(t('cockpit.movers.same'), num(c.same), 'movers-same'),
      fact(t('cockpit.movers.onlyNow'), num(c.onlyNow)),
      fact(t('cockpit.movers.onlyBefore'), num(c.onlyBefore)),
    ),
    m.movers.some((x) => x.delta !== 0)
      ? table(
          [
            { label: t('staff'), get: (x) => el('code', {}, x.staff) },
            {
              label: t('department'),
              get: (x) => (x.departmentBefore ? `${x.departmentBefore} → ${x.department}` : x.department),
            },
            { label: t('cockpit.movers.before'), get: (x) => num(x.before), class: 'n' },
            { label: t('cockpit.movers.after'), get: (x) => num(x.after), class: 'n' },
            {
              label: t('cockpit.movers.delta'),
              get: (x) =>
                el('span', { class: x.delta > 0 ? 'up' : x.delta < 0 ? 'down' : '' }, signed(x.delta)),
              class: 'n',
            },
            {
              label: t('cockpit.movers.why'),
              get: (x) =>
                x.why
                  ? el(
                      'span',
                      {},
                      el('code', {}, x.why.indicator),
                      ' ',
                      tf('cockpit.movers.contribution', {
                        before: num(x.why.before),
                        after: num(x.why.after),
                        delta: signed(x.why.delta),
                      }),
                    )
                  : '—',
            },
          ],
          m.movers.filter((x) => x.delta !== 0),
          { rowAttrs: (x) => ({ 'data-mover': x.staff }) },
        )
      : el('p', { class: 'empty' }, t('cockpit.movers.nobody')),
  );
}

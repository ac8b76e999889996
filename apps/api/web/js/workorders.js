// HR's work orders of a month (工单数据; auditors read the same without buttons): the feeds the hospital's systems
// send through (create one — its secret shown once, with a copy button and a warning —, rotate its secret, disable
// it, each change confirmed first); the mapping in force for the month (its inputs, measures and tasks, and its
// JSON to edit, the API's problems listed by field); the derivation (派生本月数据 → what it read and wrote: orders,
// events, orphans by order id, unknown codes skipped, rows, and its intake batch); the values it wrote per person
// or team, each opening the orders behind it; and the month's orders rebuilt from their events, a page at a time,
// filtered by person or team, orphans marked. The rules are the API's (docs/WORK-ORDERS.md).
import { api, problemText, requireRole, session } from './api.js';
import { fill, t } from './i18n.js';
import { clear, el, localName, message, monthInput, num, officeTop, table, when } from './ui.js';
import { behindTable, ordersBehind } from './work-order-link.js';

const main = document.getElementById('main');

/** The current month, "YYYY-MM", in the reader's time zone. */
function thisMonth() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

const state = {
  period: new URLSearchParams(location.search).get('period') ?? thisMonth(),
  feeds: [],
  feedsError: null,
  /** The mapping version in force for the month ({version, effectiveFrom, content}), or null. */
  mapping: null,
  mappingError: null,
  /** GET /periods/{p}/work-orders: {derivation, batch, values}, or null when the month does not answer. */
  latest: null,
  latestError: null,
  /** One page of the month's orders ({page, pageSize, total, items}). */
  orders: null,
  ordersError: null,
  filter: { per: '', code: '', page: 1 },
  /** A notice over the page: {text, kind}. */
  notice: null,
  /** A secret just shown: {code, secret}; gone on the next change or month (never kept anywhere else). */
  secret: null,
  /** {kind: 'rotate' | 'disable', code} while a change waits for its confirmation. */
  confirming: null,
  /** The mapping editor's text and the problems of the last save. */
  draft: null,
  draftFrom: '',
  problems: null,
  deriving: false,
  /** The value whose orders are open: "code staff|team subject", and its answer. */
  openValue: null,
  openData: null,
};

const canWrite = () => session().role === 'hr_admin';
const base = () => `/api/v1/periods/${encodeURIComponent(state.period)}/work-orders`;

// --- Loading ---------------------------------------------------------------------------------------------------

/** The month in the address (`?period=2026-10`), so a reload shows the same. */
function keepAddress() {
  const wanted = `${location.pathname}?period=${state.period}`;
  if (`${location.pathname}${location.search}` !== wanted) history.replaceState(null, '', wanted);
}

async function loadFeeds() {
  const r = await api('/api/v1/feeds/work-orders/feeds');
  state.feedsError = r.ok ? null : r.error;
  state.feeds = r.ok ? r.data : [];
}

async function loadMapping() {
  const r = await api(`/api/v1/work-orders/mapping/effective?period=${encodeURIComponent(state.period)}`);
  state.mapping = r.ok ? r.data : null;
  // None in force answers 404: the section says so in its own words.
  state.mappingError = r.ok || r.status === 404 ? null : r.error;
}

async function loadLatest() {
  const r = await api(base());
  state.latest = r.ok ? r.data : null;
  state.latestError = r.ok ? null : r.error;
}

async function loadOrders() {
  const f = state.filter;
  const query = new URLSearchParams({ page: String(f.page) });
  if (f.per && f.code.trim()) query.set(f.per, f.code.trim());
  const r = await api(`${base()}/orders?${query}`);
  state.orders = r.ok ? r.data : null;
  state.ordersError = r.ok ? null : r.error;
}

async function loadMonth() {
  state.openValue = null;
  state.openData = null;
  await Promise.all([loadMapping(), loadLatest(), loadOrders()]);
}

async function init() {
  await Promise.all([loadFeeds(), loadMonth()]);
  keepAddress();
  render();
}

// --- Rendering -------------------------------------------------------------------------------------------------

function render() {
  officeTop('page.workorders', 'workorders.html', render);
  const notice = el('p', { class: 'message', id: 'wo-notice', role: 'status', hidden: true });
  if (state.notice) message(notice, state.notice.text, state.notice.kind);
  clear(
    main,
    toolbar(),
    notice,
    canWrite() ? null : el('p', { class: 'sub', id: 'wo-read-only' }, t('wo.readOnly')),
    feeds(),
    mapping(),
    derivation(),
    values(),
    orders(),
  );
}

function toolbar() {
  return el(
    'div',
    { class: 'toolbar wrap' },
    monthInput('wo-period', state.period, async (period) => {
      state.period = period;
      state.notice = null;
      state.secret = null;
      state.draft = null;
      state.problems = null;
      state.filter = { per: '', code: '', page: 1 };
      await loadMonth();
      keepAddress();
      render();
    }),
  );
}

/** Reloads after a change, with `notice`. */
async function after(notice, ...loads) {
  state.notice = notice;
  state.confirming = null;
  await Promise.all(loads.map((load) => load()));
  render();
}

// --- Feeds -----------------------------------------------------------------------------------------------------

function feeds() {
  return el(
    'section',
    { class: 'card', id: 'wo-feeds' },
    el('h2', {}, t('wo.feeds')),
    state.secret ? secretBox() : null,
    state.feedsError
      ? el('p', { class: 'message error' }, state.feedsError)
      : state.feeds.length
        ? table(
            [
              { label: t('wo.feedCode'), get: (f) => f.code },
              { label: t('wo.feedName'), get: (f) => localName(f) },
              { label: t('wo.feedEvents'), get: (f) => num(f.events, 0), class: 'n' },
              { label: t('wo.feedCreated'), get: (f) => when(f.createdAt) },
              {
                label: t('wo.feedState'),
                get: (f) =>
                  f.disabledAt
                    ? el('span', { class: 'badge wo-disabled' }, `${t('wo.disabled')} ${when(f.disabledAt)}`)
                    : el('span', { class: 'badge wo-active' }, t('wo.active')),
              },
              ...(canWrite() ? [{ label: '', get: (f) => feedActions(f) }] : []),
            ],
            state.feeds,
            { rowAttrs: (f) => ({ 'data-feed': f.code, 'data-disabled': f.disabledAt ? 'true' : 'false' }) },
          )
        : el('p', { class: 'empty' }, t('wo.feedsNone')),
    canWrite() ? newFeed() : null,
  );
}

/** Rotate and disable, each asking for a second click. */
function feedActions(f) {
  if (f.disabledAt) return '';
  const c = state.confirming;
  if (c && c.code === f.code) {
    const rotate = c.kind === 'rotate';
    return el(
      'div',
      { class: 'wo-confirm', role: 'alertdialog' },
      el('span', {}, fill(t(rotate ? 'wo.rotateHint' : 'wo.disableHint'), { code: f.code })),
      el(
        'button',
        {
          id: `confirm-${c.kind}`,
          class: rotate ? undefined : 'danger',
          onclick: rotate ? () => rotateSecret(f.code) : () => disableFeed(f.code),
        },
        t(rotate ? 'wo.confirmRotate' : 'wo.confirmDisable'),
      ),
      el(
        'button',
        { class: 'secondary', onclick: () => ((state.confirming = null), render()) },
        t('wo.cancel'),
      ),
    );
  }
  const ask = (kind) => () => {
    state.confirming = { kind, code: f.code };
    render();
  };
  return el(
    'div',
    { class: 'toolbar wrap' },
    el('button', { class: 'secondary', 'data-rotate': f.code, onclick: ask('rotate') }, t('wo.rotate')),
    el('button', { class: 'danger', 'data-disable': f.code, onclick: ask('disable') }, t('wo.disable')),
  );
}

async function rotateSecret(code) {
  const r = await api(`/api/v1/feeds/work-orders/feeds/${encodeURIComponent(code)}/secret`, {
    method: 'POST',
  });
  state.secret = r.ok ? { code, secret: r.data.secret } : null;
  await after(
    r.ok ? { text: fill(t('wo.rotated'), { code }), kind: 'ok' } : { text: r.error, kind: 'error' },
    loadFeeds,
  );
}

async function disableFeed(code) {
  const r = await api(`/api/v1/feeds/work-orders/feeds/${encodeURIComponent(code)}`, { method: 'DELETE' });
  state.secret = null;
  await after(
    r.ok ? { text: fill(t('wo.disabledDone'), { code }), kind: 'ok' } : { text: r.error, kind: 'error' },
    loadFeeds,
  );
}

/** The secret of a feed just created or rotated: shown once, with a copy button and the warning. */
function secretBox() {
  const s = state.secret;
  return el(
    'div',
    { class: 'wo-secret', id: 'wo-secret', role: 'alert', 'data-feed': s.code },
    el('p', {}, el('strong', {}, fill(t('wo.secretOf'), { code: s.code }))),
    el(
      'div',
      { class: 'copyable' },
      el('code', { id: 'wo-secret-value' }, s.secret),
      el(
        'button',
        {
          type: 'button',
          id: 'wo-copy-secret',
          class: 'secondary',
          onclick: async (e) => {
            try {
              await navigator.clipboard.writeText(s.secret);
              e.target.textContent = t('wo.copied');
            } catch {
              // No clipboard (plain http on another computer): the secret stays selectable on the page.
            }
          },
        },
        t('wo.copy'),
      ),
    ),
    el('p', { class: 'message error' }, t('wo.secretWarning')),
    el(
      'button',
      {
        type: 'button',
        id: 'wo-hide-secret',
        class: 'link',
        onclick: () => ((state.secret = null), render()),
      },
      t('wo.hideSecret'),
    ),
  );
}

function newFeed() {
  const code = el('input', { id: 'feed-code', required: true, maxlength: 64, autocomplete: 'off' });
  const zh = el('input', { id: 'feed-name-zh', required: true, maxlength: 200 });
  const en = el('input', { id: 'feed-name-en', maxlength: 200 });
  return el(
    'details',
    { id: 'wo-new-feed', open: !state.feeds.length },
    el('summary', {}, t('wo.newFeed')),
    el(
      'form',
      {
        class: 'form',
        onsubmit: async (e) => {
          e.preventDefault();
          const c = code.value.trim();
          const names = { zh: zh.value.trim(), en: en.value.trim() };
          if (!c || !names.zh) {
            state.notice = { text: t('wo.needCode'), kind: 'error' };
            return render();
          }
          const body = { code: c, name: names.en ? names : names.zh };
          const r = await api('/api/v1/feeds/work-orders/feeds', { method: 'POST', body });
          state.secret = r.ok ? { code: r.data.feed.code, secret: r.data.secret } : null;
          await after(
            r.ok
              ? { text: fill(t('wo.created'), { code: c }), kind: 'ok' }
              : { text: r.error, kind: 'error' },
            loadFeeds,
          );
          if (r.ok) document.getElementById('wo-secret')?.scrollIntoView();
        },
      },
      el('label', {}, t('wo.feedCode'), code),
      el('label', {}, t('wo.nameZh'), zh),
      el('label', {}, t('wo.nameEn'), en),
      el('button', { type: 'submit', id: 'feed-create' }, t('wo.create')),
    ),
  );
}

// --- Mapping ---------------------------------------------------------------------------------------------------

/** A mapping entry's parameters in words: percentile, time limit, service types (all when none named). */
function paramsOf(entry) {
  const parts = [];
  if (entry.percentile !== undefined) parts.push(fill(t('wo.percentile'), { p: entry.percentile }));
  if (entry.minutes !== undefined) parts.push(fill(t('wo.minutes'), { m: entry.minutes }));
  parts.push(entry.serviceTypes?.length ? entry.serviceTypes.join(', ') : t('wo.allTypes'));
  return parts.join(' · ');
}

function mapping() {
  const m = state.mapping;
  const content = m?.content ?? { inputs: [], tasks: [] };
  return el(
    'section',
    { class: 'card', id: 'wo-mapping', 'data-version': m?.version ?? '' },
    el('h2', {}, `${t('wo.mapping')} · ${state.period}`),
    state.mappingError ? el('p', { class: 'message error' }, state.mappingError) : null,
    m
      ? [
          el(
            'p',
            { class: 'sub', id: 'wo-mapping-version' },
            fill(t('wo.mappingOf'), { version: m.version, from: m.effectiveFrom }),
            m.frozen ? ` · ${t('wo.frozen')}` : '',
          ),
          table(
            [
              { label: t('wo.input'), get: (i) => i.input },
              { label: t('wo.per'), get: (i) => t(`wo.per.${i.per}`) },
              { label: t('wo.measure'), get: (i) => t(`wo.measure.${i.measure}`) },
              { label: t('wo.rule'), get: (i) => paramsOf(i) },
            ],
            content.inputs ?? [],
            { rowAttrs: (i) => ({ 'data-input': i.input }) },
          ),
          el('h3', {}, t('wo.tasks')),
          (content.tasks ?? []).length
            ? table(
                [
                  { label: t('wo.serviceType'), get: (x) => x.serviceType },
                  { label: t('wo.task'), get: (x) => x.task },
                  { label: t('wo.per'), get: (x) => t(`wo.per.${x.per ?? 'staff'}`) },
                ],
                content.tasks,
                { rowAttrs: (x) => ({ 'data-service-type': x.serviceType }) },
              )
            : el('p', { class: 'empty' }, t('wo.noTasks')),
        ]
      : el('p', { class: 'empty', id: 'wo-no-mapping' }, t('wo.mappingNone')),
    canWrite() ? mappingEditor() : null,
  );
}

/** The mapping as JSON: saved with PUT /work-orders/mapping; the API's problems are listed by their path. */
function mappingEditor() {
  if (state.draft === null)
    state.draft = JSON.stringify(state.mapping?.content ?? { inputs: [], tasks: [] }, null, 2);
  if (!state.draftFrom) state.draftFrom = state.period;
  const text = el('textarea', {
    id: 'wo-mapping-json',
    class: 'wo-mapping-json',
    spellcheck: 'false',
    oninput: (e) => (state.draft = e.target.value),
  });
  text.value = state.draft;
  const from = el('input', {
    type: 'month',
    id: 'wo-mapping-from',
    value: state.draftFrom,
    oninput: (e) => (state.draftFrom = e.target.value),
  });
  return el(
    'details',
    { id: 'wo-mapping-editor', open: !!state.problems || !state.mapping },
    el('summary', {}, t('wo.editMapping')),
    el('label', {}, t('wo.effectiveFrom'), ' ', from),
    el('label', {}, t('wo.content'), text),
    state.problems ? problemList(state.problems) : null,
    el(
      'div',
      { class: 'toolbar' },
      el('button', { id: 'wo-mapping-save', onclick: saveMapping }, t('wo.saveMapping')),
    ),
  );
}

function problemList(problems) {
  return el(
    'div',
    { class: 'message error', id: 'wo-mapping-problems' },
    el('p', {}, t('wo.problems')),
    el(
      'ul',
      { class: 'wo-problems' },
      problems.map((p) =>
        el('li', { 'data-path': p.path ?? '' }, p.path ? el('code', {}, p.path) : null, ' ', p.text),
      ),
    ),
  );
}

async function saveMapping() {
  let content;
  try {
    content = JSON.parse(state.draft);
  } catch (e) {
    state.problems = [{ path: '', text: fill(t('wo.badJson'), { error: e.message }) }];
    return render();
  }
  const r = await api('/api/v1/work-orders/mapping', {
    method: 'PUT',
    body: { effectiveFrom: state.draftFrom || state.period, content },
  });
  if (!r.ok) {
    const listed = (r.data?.problems ?? []).map((p) => ({ path: p.path ?? '', text: problemText(p) }));
    state.problems = listed.length ? listed : [{ path: '', text: r.error }];
    state.notice = null;
    return render();
  }
  state.problems = null;
  state.draft = null;
  await after(
    { text: fill(t('wo.mappingSaved'), { version: r.data.version, from: r.data.effectiveFrom }), kind: 'ok' },
    loadMapping,
  );
}

// --- Derivation ------------------------------------------------------------------------------------------------

function derivation() {
  const d = state.latest?.derivation;
  return el(
    'section',
    { class: 'card', id: 'wo-derivation' },
    el('h2', {}, `${t('wo.derivation')} · ${state.period}`),
    state.latestError ? el('p', { class: 'message error' }, state.latestError) : null,
    canWrite()
      ? el(
          'div',
          { class: 'toolbar' },
          el(
            'button',
            { id: 'wo-derive', disabled: state.deriving, onclick: derive },
            t(state.deriving ? 'wo.deriving' : 'wo.derive'),
          ),
        )
      : null,
    d ? summary(d, state.latest.batch) : el('p', { class: 'empty', id: 'wo-never' }, t('wo.neverDerived')),
  );
}

async function derive() {
  state.deriving = true;
  render();
  const r = await api(`${base()}/derive`, { method: 'POST' });
  state.deriving = false;
  await after(
    r.ok
      ? { text: t(r.data.summary?.unchanged ? 'wo.derivedUnchanged' : 'wo.derived'), kind: 'ok' }
      : { text: r.error, kind: 'error' },
    loadLatest,
    loadOrders,
    // The feeds' event counts move while the systems send.
    loadFeeds,
  );
}

function fact(label, value, id) {
  return el(
    'div',
    { class: 'fact', id },
    el('span', { class: 'label' }, label),
    el('strong', { class: 'value' }, value),
  );
}

/** What the latest derivation read and wrote, and its batch. */
function summary(d, batch) {
  const s = d.summary ?? {};
  const codes = (list) =>
    el(
      'ul',
      { class: 'wo-list' },
      list.map((x) =>
        el('li', { 'data-code': x.code }, fill(t('wo.ordersOf'), { code: x.code, n: x.orders })),
      ),
    );
  return el(
    'div',
    { id: 'wo-summary', 'data-derivation': d.id },
    el(
      'p',
      { class: 'sub' },
      fill(t('wo.derivedAt'), { at: when(d.createdAt), by: d.createdBy, version: d.mappingVersion }),
    ),
    el(
      'div',
      { class: 'facts' },
      fact(t('wo.orders'), num(s.orders, 0), 'wo-fact-orders'),
      fact(t('wo.events'), num(s.events, 0), 'wo-fact-events'),
      fact(t('wo.orphans'), num(s.orphans, 0), 'wo-fact-orphans'),
      fact(t('wo.otherMonths'), num(s.otherMonths, 0), 'wo-fact-other'),
      fact(t('wo.withoutAssignee'), num(s.withoutAssignee, 0), 'wo-fact-no-assignee'),
      fact(t('wo.rows'), num(s.rows, 0), 'wo-fact-rows'),
    ),
    (s.orphanOrders ?? []).length
      ? el(
          'div',
          { id: 'wo-orphans' },
          el('p', {}, t('wo.orphanList')),
          el(
            'ul',
            { class: 'wo-list' },
            s.orphanOrders.map((o) => el('li', { 'data-orphan': o }, el('code', {}, o))),
          ),
        )
      : null,
    (s.unknownStaff ?? []).length
      ? el('div', { id: 'wo-unknown-staff' }, el('p', {}, t('wo.unknownStaff')), codes(s.unknownStaff))
      : null,
    (s.unknownTeams ?? []).length
      ? el('div', { id: 'wo-unknown-teams' }, el('p', {}, t('wo.unknownTeams')), codes(s.unknownTeams))
      : null,
    el(
      'p',
      { id: 'wo-batch' },
      batch
        ? [
            el(
              'a',
              { href: 'office.html', 'data-batch': batch.id },
              fill(t(batch.withdrawnAt ? 'wo.batchWithdrawn' : 'wo.batch'), { id: batch.id }),
            ),
            ` · ${t('wo.batchHint')}`,
          ]
        : t('wo.noBatch'),
    ),
  );
}

// --- Values ----------------------------------------------------------------------------------------------------

function values() {
  const list = state.latest?.values ?? [];
  const keyOf = (v) => `${v.input ?? v.task} ${v.staff ? 'staff' : 'team'} ${v.staff ?? v.team}`;
  return el(
    'section',
    { class: 'card', id: 'wo-values' },
    el('h2', {}, `${t('wo.values')} · ${state.period}`),
    list.length
      ? table(
          [
            { label: t('wo.code'), get: (v) => v.input ?? v.task },
            {
              label: t('wo.subject'),
              get: (v) => (v.staff ? v.staff : `${v.team} (${t('wo.per.team')})`),
            },
            { label: t('wo.value'), get: (v) => num(v.value, 4), class: 'n' },
            {
              label: t('wo.orders'),
              get: (v) =>
                el(
                  'button',
                  {
                    class: 'link',
                    'data-open-value': keyOf(v),
                    onclick: () => openValue(v, keyOf(v)),
                  },
                  state.openValue === keyOf(v) ? t('wo.hideOrders') : t('wo.orders'),
                ),
            },
          ],
          list,
          { rowAttrs: (v) => ({ 'data-value': keyOf(v) }) },
        )
      : el('p', { class: 'empty' }, t('wo.valuesNone')),
    state.openData ? behindTable(state.openData) : null,
  );
}

async function openValue(v, key) {
  if (state.openValue === key) {
    state.openValue = null;
    state.openData = null;
    return render();
  }
  const subject = v.staff ? { per: 'staff', code: v.staff } : { per: 'team', code: v.team };
  const data = await ordersBehind(state.period, v.input ?? v.task, subject);
  state.openValue = data ? key : null;
  state.openData = data;
  render();
}

// --- Orders ----------------------------------------------------------------------------------------------------

function orders() {
  const o = state.orders;
  const f = state.filter;
  const per = el(
    'select',
    { id: 'wo-filter-per', onchange: (e) => (f.per = e.target.value) },
    [
      ['', 'wo.filterAll'],
      ['staff', 'wo.filterStaff'],
      ['team', 'wo.filterTeam'],
    ].map(([value, key]) => el('option', { value, selected: value === f.per }, t(key))),
  );
  const code = el('input', {
    id: 'wo-filter-code',
    value: f.code,
    size: 12,
    oninput: (e) => (f.code = e.target.value),
  });
  const go = async (page) => {
    f.page = page;
    await loadOrders();
    render();
  };
  const pages = o ? Math.max(1, Math.ceil(o.total / o.pageSize)) : 1;
  return el(
    'section',
    { class: 'card', id: 'wo-orders' },
    el('h2', {}, `${t('wo.monthOrders')} · ${state.period}`),
    el(
      'form',
      {
        class: 'toolbar wrap',
        onsubmit: (e) => {
          e.preventDefault();
          go(1);
        },
      },
      per,
      el('label', {}, t('wo.filterCode'), ' ', code),
      el('button', { type: 'submit', id: 'wo-filter' }, t('wo.filter')),
    ),
    state.ordersError ? el('p', { class: 'message error' }, state.ordersError) : null,
    o && o.items.length
      ? [
          table(
            [
              { label: t('wo.feed'), get: (x) => x.feed },
              { label: t('wo.orderId'), get: (x) => x.orderId },
              {
                label: t('wo.state'),
                get: (x) =>
                  x.orphan
                    ? el('span', { class: 'badge wo-orphan' }, t('wo.orphan'))
                    : t(`wo.state.${x.state}`),
              },
              { label: t('wo.serviceType'), get: (x) => x.serviceType ?? '—' },
              { label: t('wo.requester'), get: (x) => x.requester ?? '—' },
              { label: t('wo.assignee'), get: (x) => x.assignee ?? '—' },
              { label: t('wo.team'), get: (x) => x.team ?? '—' },
              { label: t('wo.createdAt'), get: (x) => when(x.createdAt) },
              { label: t('wo.response'), get: (x) => num(x.responseMinutes, 1), class: 'n' },
              { label: t('wo.completion'), get: (x) => num(x.completionMinutes, 1), class: 'n' },
              { label: t('wo.result'), get: (x) => x.result ?? '—' },
              { label: t('wo.reworks'), get: (x) => String(x.reworks ?? 0), class: 'n' },
              { label: t('wo.rating'), get: (x) => num(x.rating, 1), class: 'n' },
            ],
            o.items,
            {
              rowAttrs: (x) => ({
                'data-order': x.orderId,
                'data-orphan': x.orphan ? 'true' : 'false',
                class: x.orphan ? 'wo-orphan' : undefined,
              }),
            },
          ),
          el(
            'div',
            { class: 'toolbar' },
            el(
              'button',
              { class: 'secondary', id: 'wo-prev', disabled: o.page <= 1, onclick: () => go(o.page - 1) },
              t('wo.prev'),
            ),
            el('span', { id: 'wo-page' }, fill(t('wo.page'), { page: `${o.page}/${pages}`, total: o.total })),
            el(
              'button',
              { class: 'secondary', id: 'wo-next', disabled: o.page >= pages, onclick: () => go(o.page + 1) },
              t('wo.next'),
            ),
          ),
        ]
      : el('p', { class: 'empty' }, t('wo.ordersNone')),
  );
}

if (requireRole('hr_admin', 'auditor')) init().catch((e) => clear(main, String(e.message ?? e)));

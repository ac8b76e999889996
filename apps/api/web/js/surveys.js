// HR's satisfaction survey campaigns (满意度测评; auditors read the same without buttons): the campaigns of a month
// with their response rates; a campaign's respondents (answered or not, reminders) with open / remind / close, each
// change confirmed first; the statistics table once answers come in (and as CSV); a form to create a campaign or
// change a draft (questions, what is rated, the inputs closing writes, who answers); and the QR sheet printed per
// ward on A4 — every QR code fetched with HR's token and inlined as SVG, so no token is ever in a URL and the
// content security policy (images from this origin or data: only) needs no exception.
import { api as apiCall, requireRole, session } from './api.js';
import { fill, getLang, t } from './i18n.js';
import { download } from './office-api.js';
import { oneLanguage } from './survey-common.js';
import { clear, el, localName, message, monthInput, num, officeTop, section, table, when } from './ui.js';

const main = document.getElementById('main');

/** api() with the refusal's text in one language. */
async function api(path, options) {
  const r = await apiCall(path, options);
  return r.ok ? r : { ...r, error: oneLanguage(r.error) };
}

/** The current month, "YYYY-MM", in the reader's time zone. */
function thisMonth() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

const state = {
  period: new URLSearchParams(location.search).get('period') ?? thisMonth(),
  list: [],
  listError: null,
  /** The opened campaign (GET /surveys/:id) and its statistics, or null. */
  detail: null,
  stats: null,
  /** A notice over the page: {text, kind}. */
  notice: null,
  /** 'open' | 'close' while a change waits for its confirmation. */
  confirming: null,
  /** The links the last reminder returned, to be sent by HR. */
  reminders: null,
  /** The create or edit form's draft (see blankForm), or null. */
  form: null,
  formError: null,
  /** The respondents form of the opened campaign. */
  adding: { departments: [], filter: '', patients: '', patientLabel: '' },
  /** The QR sheet: {group, slips: [{respondent, svg}]} once fetched, or null. */
  sheet: null,
  sheetGroup: '',
  departments: [],
  inputs: [],
};

const canWrite = () => session().role === 'hr_admin';

/** A {zh, en} value in the reader's language, or `fallback`. */
function local(names, fallback = '') {
  if (!names) return fallback;
  if (typeof names === 'string') return names;
  const lang = getLang();
  return names[lang] || names[lang === 'zh' ? 'en' : 'zh'] || fallback;
}

/** The response rate as a percentage: answered of respondents (the API's, else counted; null without any). */
function ratePercent(respondents, responded, given) {
  if (given !== null && given !== undefined) return Number(given);
  return respondents > 0 ? (responded / respondents) * 100 : null;
}

function rateView(percent) {
  if (percent === null) return el('span', { class: 'rate' }, '—');
  return el(
    'span',
    { class: 'rate' },
    el('progress', { max: 100, value: percent, 'aria-hidden': 'true' }),
    `${num(percent, 1)}%`,
  );
}

function stateBadge(s) {
  return el('span', { class: `badge state-${s}`, 'data-state': s }, t(`surveys.state.${s}`));
}

// --- Loading ---------------------------------------------------------------------------------------------------

/** The month and the opened campaign in the address (`?period=2026-10#12`), so a reload shows the same. */
function keepAddress() {
  const id = state.detail ? `#${state.detail.id}` : '';
  const wanted = `${location.pathname}?period=${state.period}${id}`;
  if (`${location.pathname}${location.search}${location.hash}` !== wanted)
    history.replaceState(null, '', wanted);
}

async function loadList() {
  const r = await api(`/api/v1/surveys?period=${encodeURIComponent(state.period)}`);
  state.listError = r.ok ? null : r.error;
  state.list = r.ok ? r.data : [];
}

async function loadDetail(id) {
  const r = await api(`/api/v1/surveys/${id}`);
  if (!r.ok) {
    state.notice = { text: r.error, kind: 'error' };
    state.detail = null;
    state.stats = null;
    return;
  }
  state.detail = r.data;
  state.stats = null;
  if (r.data.state !== 'draft' && (r.data.respondents ?? []).some((x) => x.responded)) {
    const s = await api(`/api/v1/surveys/${id}/statistics`);
    state.stats = s.ok ? s.data : null;
  }
  keepAddress();
}

/** The departments and inputs the forms offer (HR only; a refusal leaves the lists empty, typing still works). */
async function loadChoices() {
  if (!canWrite() || state.departments.length) return;
  const [d, i] = await Promise.all([api('/api/v1/departments'), api('/api/v1/inputs')]);
  state.departments = d.ok ? d.data : [];
  state.inputs = i.ok ? i.data : [];
}

async function init() {
  await Promise.all([loadList(), loadChoices()]);
  const id = Number(location.hash.slice(1));
  if (id) await loadDetail(id);
  // A campaign opened from the address lists the campaigns of its own month.
  if (state.detail && state.detail.period !== state.period) {
    state.period = state.detail.period;
    await loadList();
  }
  render();
}

// --- Rendering -------------------------------------------------------------------------------------------------

function render() {
  officeTop('page.surveys', 'surveys.html', render);
  const notice = el('p', { class: 'message', id: 'surveys-notice', role: 'status', hidden: true });
  if (state.notice) message(notice, state.notice.text, state.notice.kind);
  clear(
    main,
    toolbar(),
    notice,
    state.form ? surveyForm() : null,
    campaigns(),
    state.detail ? detail() : null,
    state.detail && state.sheet ? sheet() : null,
    datalists(),
  );
}

function toolbar() {
  return el(
    'div',
    { class: 'toolbar wrap no-print' },
    monthInput('survey-period', state.period, async (period) => {
      state.period = period;
      state.detail = null;
      state.sheet = null;
      await loadList();
      keepAddress();
      render();
    }),
    canWrite()
      ? el(
          'button',
          {
            id: 'new-survey',
            onclick: () => {
              state.form = blankForm();
              state.formError = null;
              render();
              document.getElementById('survey-form')?.scrollIntoView();
            },
          },
          t('surveys.new'),
        )
      : null,
  );
}

function campaigns() {
  if (state.listError)
    return section('surveys.campaigns', el('p', { class: 'message error' }, state.listError));
  return el(
    'section',
    { class: 'card no-print', id: 'campaigns' },
    el('h2', {}, `${t('surveys.campaigns')} · ${state.period}`),
    state.list.length
      ? table(
          [
            { label: t('surveys.code'), get: (c) => c.code },
            {
              label: t('surveys.name'),
              get: (c) =>
                el(
                  'button',
                  { class: 'link', 'data-open': c.id, onclick: () => openCampaign(c.id) },
                  localName(c),
                ),
            },
            { label: t('surveys.state'), get: (c) => stateBadge(c.state) },
            { label: t('surveys.respondents'), get: (c) => String(c.respondents ?? 0), class: 'n' },
            { label: t('surveys.responded'), get: (c) => String(c.responded ?? 0), class: 'n' },
            {
              label: t('surveys.rate'),
              get: (c) => rateView(ratePercent(c.respondents ?? 0, c.responded ?? 0, c.responseRate)),
            },
          ],
          state.list,
          {
            rowAttrs: (c) => ({
              'data-campaign': c.id,
              'data-responded': c.responded ?? 0,
              class: c.id === state.detail?.id ? 'selected' : undefined,
            }),
          },
        )
      : el('p', { class: 'empty' }, t('surveys.none')),
  );
}

async function openCampaign(id) {
  state.notice = null;
  state.confirming = null;
  state.reminders = null;
  state.sheet = null;
  state.sheetGroup = '';
  await loadDetail(id);
  render();
  document.getElementById('campaign')?.scrollIntoView();
}

/** Reloads the list and the opened campaign after a change, with `notice`. */
async function after(notice) {
  state.notice = notice;
  state.confirming = null;
  await Promise.all([loadList(), state.detail ? loadDetail(state.detail.id) : null]);
  render();
}

function detail() {
  const d = state.detail;
  const respondents = d.respondents ?? [];
  const responded = respondents.filter((r) => r.responded).length;
  return el(
    'section',
    { class: 'card', id: 'campaign', 'data-campaign': d.id, 'data-state': d.state },
    el('h2', {}, `${localName(d)} (${d.code})`),
    el(
      'p',
      { class: 'sub' },
      `${d.period} · `,
      stateBadge(d.state),
      ` · ${fill(t('surveys.questionsOf'), { n: d.content?.questions?.length ?? 0 })} · ${t('surveys.target')}: `,
      (d.content?.targets ?? []).map((x) => local(x.label, x.code)).join('、'),
    ),
    el(
      'div',
      { class: 'facts' },
      fact(t('surveys.respondents'), String(respondents.length), 'fact-respondents'),
      fact(t('surveys.responded'), String(responded), 'fact-responded'),
      fact(
        t('surveys.rate'),
        rateView(ratePercent(respondents.length, responded, d.responseRate)),
        'fact-rate',
      ),
    ),
    canWrite() ? actions(d) : null,
    state.reminders ? reminderList() : null,
    respondentTable(d),
    canWrite() && d.state !== 'closed' ? addRespondents(d) : null,
    respondents.length ? sheetControls(d) : null,
    statistics(d),
  );
}

function fact(label, value, id) {
  return el(
    'div',
    { class: 'fact', id },
    el('span', { class: 'label' }, label),
    el('span', { class: 'value' }, value),
  );
}

/** Open (a draft), remind and close (an open campaign); open and close ask for a second click. */
function actions(d) {
  const bar = el('div', { class: 'toolbar wrap no-print' });
  const confirm = (kind, hintKey, confirmKey, run) =>
    el(
      'div',
      { class: 'confirm-bar', role: 'alertdialog', 'aria-label': t(hintKey) },
      el('span', {}, t(hintKey)),
      el(
        'button',
        { id: `confirm-${kind}`, class: kind === 'close' ? 'danger' : undefined, onclick: run },
        t(confirmKey),
      ),
      el(
        'button',
        {
          class: 'secondary',
          onclick: () => {
            state.confirming = null;
            render();
          },
        },
        t('surveys.cancel'),
      ),
    );
  if (d.state === 'draft') {
    if (state.confirming === 'open')
      bar.append(
        confirm('open', 'surveys.openHint', 'surveys.confirmOpen', async () => {
          const r = await api(`/api/v1/surveys/${d.id}/open`, { method: 'POST' });
          state.reminders = null;
          await after(r.ok ? { text: t('surveys.opened'), kind: 'ok' } : { text: r.error, kind: 'error' });
        }),
      );
    else
      bar.append(
        el(
          'button',
          { id: 'open-survey', onclick: () => ((state.confirming = 'open'), render()) },
          t('surveys.open'),
        ),
        el(
          'button',
          { id: 'edit-survey', class: 'secondary', onclick: () => editDraft(d) },
          t('surveys.edit'),
        ),
      );
  }
  if (d.state === 'open') {
    bar.append(
      el(
        'button',
        {
          id: 'remind-survey',
          class: 'secondary',
          onclick: async () => {
            const r = await api(`/api/v1/surveys/${d.id}/remind`, { method: 'POST', body: {} });
            state.reminders = r.ok ? r.data : null;
            await after(
              r.ok
                ? r.data.length
                  ? null
                  : { text: t('surveys.nobodyToRemind'), kind: 'info' }
                : { text: r.error, kind: 'error' },
            );
          },
        },
        t('surveys.remind'),
      ),
    );
    if (state.confirming === 'close')
      bar.append(
        confirm('close', 'surveys.closeHint', 'surveys.confirmClose', async () => {
          const r = await api(`/api/v1/surveys/${d.id}/close`, { method: 'POST' });
          state.reminders = null;
          const batch = r.ok ? (r.data?.batch ?? null) : null;
          await after(
            r.ok
              ? {
                  text: `${t('surveys.closed')}${getLang() === 'zh' ? '' : ' '}${
                    batch
                      ? fill(t('surveys.batch'), { id: batch.id, period: batch.periods?.[0] ?? d.period })
                      : t('surveys.noBatch')
                  }`,
                  kind: 'ok',
                }
              : { text: r.error, kind: 'error' },
          );
        }),
      );
    else
      bar.append(
        el(
          'button',
          { id: 'close-survey', class: 'danger', onclick: () => ((state.confirming = 'close'), render()) },
          t('surveys.close'),
        ),
      );
  }
  return bar.childNodes.length ? bar : null;
}

function reminderList() {
  if (!state.reminders.length) return null;
  return el(
    'div',
    { class: 'message info', id: 'reminders' },
    el('p', {}, t('surveys.reminded')),
    el(
      'ol',
      { class: 'reminder-list' },
      state.reminders.map((r) =>
        el(
          'li',
          { 'data-respondent': r.id },
          el('strong', {}, r.label),
          ' ',
          el('span', { class: 'link-text' }, r.link),
        ),
      ),
    ),
  );
}

function copyButton(text) {
  return el(
    'button',
    {
      class: 'link no-print',
      type: 'button',
      onclick: async (e) => {
        try {
          await navigator.clipboard.writeText(text);
          e.target.textContent = t('surveys.copied');
        } catch {
          // No clipboard (plain http on another computer): the link stays selectable on the page.
        }
      },
    },
    t('surveys.copy'),
  );
}

function respondentTable(d) {
  const rows = d.respondents ?? [];
  return el(
    'div',
    { id: 'respondents' },
    el('h3', {}, t('surveys.respondents')),
    rows.length
      ? table(
          [
            { label: t('surveys.respondents'), get: (r) => r.label },
            { label: t('surveys.kind'), get: (r) => t(`surveys.kind.${r.kind}`) },
            { label: t('department'), get: (r) => r.departmentCode ?? '—' },
            {
              label: t('surveys.responded'),
              get: (r) =>
                el(
                  'span',
                  { class: `badge ${r.responded ? 'answered' : 'waiting'}` },
                  r.responded ? t('surveys.yes') : t('surveys.no'),
                ),
            },
            { label: t('surveys.respondedAt'), get: (r) => when(r.updatedAt ?? r.respondedAt) },
            { label: t('surveys.reminders'), get: (r) => String(r.reminders ?? 0), class: 'n' },
            { label: t('surveys.remindedAt'), get: (r) => when(r.remindedAt) },
            {
              label: t('surveys.link'),
              get: (r) =>
                r.link
                  ? [el('span', { class: 'link-text', 'data-link': r.id }, r.link), ' ', copyButton(r.link)]
                  : '—',
            },
          ],
          rows,
          {
            rowAttrs: (r) => ({ 'data-respondent': r.id, 'data-responded': r.responded ? 'true' : 'false' }),
          },
        )
      : el('p', { class: 'empty' }, t('surveys.nothingToAdd')),
  );
}

/** Departments (one link each) and a number of anonymous patient slips with their ward. */
function addRespondents(d) {
  const a = state.adding;
  const send = async () => {
    const body = {};
    if (a.departments.length) body.departments = a.departments;
    const count = Number(a.patients);
    if (a.patients !== '' && Number.isInteger(count) && count > 0)
      body.patients = a.patientLabel.trim() ? { count, label: a.patientLabel.trim() } : { count };
    if (!body.departments && !body.patients) {
      state.notice = { text: t('surveys.nothingToAdd'), kind: 'error' };
      return render();
    }
    const r = await api(`/api/v1/surveys/${d.id}/respondents`, { method: 'POST', body });
    if (r.ok) state.adding = { departments: [], filter: '', patients: '', patientLabel: '' };
    await after(
      r.ok
        ? { text: fill(t('surveys.added'), { n: Array.isArray(r.data) ? r.data.length : 0 }), kind: 'ok' }
        : { text: r.error, kind: 'error' },
    );
  };
  return el(
    'details',
    { class: 'no-print', id: 'add-respondents', open: !(d.respondents ?? []).length },
    el('summary', {}, t('surveys.addRespondents')),
    el(
      'div',
      { class: 'form' },
      respondentFields(a, 'add'),
      el(
        'div',
        { class: 'toolbar' },
        el('button', { id: 'add-respondents-send', onclick: send }, t('surveys.add')),
      ),
    ),
  );
}

/** The respondents' fields (shared by the create form and the add form): departments to tick, patient slips. */
function respondentFields(a, prefix) {
  const filter = a.filter.trim().toLowerCase();
  const shown = state.departments.filter(
    (dep) =>
      !filter || dep.code.toLowerCase().includes(filter) || localName(dep).toLowerCase().includes(filter),
  );
  const list = el(
    'div',
    { class: 'checks department-choice', id: `${prefix}-departments` },
    shown.map((dep) =>
      el(
        'label',
        { class: 'check' },
        el('input', {
          type: 'checkbox',
          value: dep.code,
          checked: a.departments.includes(dep.code),
          onchange: (e) => {
            a.departments = e.target.checked
              ? [...a.departments, dep.code]
              : a.departments.filter((c) => c !== dep.code);
          },
        }),
        `${localName(dep)} (${dep.code})`,
      ),
    ),
  );
  return el(
    'fieldset',
    {},
    el('legend', {}, t('surveys.respondents')),
    el('p', { class: 'hint' }, t('surveys.departmentsHint')),
    el(
      'label',
      {},
      t('surveys.filterDepartments'),
      el('input', {
        type: 'search',
        id: `${prefix}-department-filter`,
        value: a.filter,
        oninput: (e) => {
          a.filter = e.target.value;
          const focus = e.target.selectionStart;
          render();
          const again = document.getElementById(`${prefix}-department-filter`);
          again?.focus();
          again?.setSelectionRange(focus, focus);
        },
      }),
    ),
    el('div', { role: 'group', 'aria-label': t('surveys.departments') }, list),
    el('p', { class: 'hint' }, t('surveys.patientsHint')),
    el(
      'div',
      { class: 'survey-row' },
      el(
        'label',
        {},
        t('surveys.patients'),
        el('input', {
          type: 'number',
          min: 0,
          max: 500,
          step: 1,
          id: `${prefix}-patients`,
          value: a.patients,
          oninput: (e) => (a.patients = e.target.value),
        }),
      ),
      el(
        'label',
        {},
        t('surveys.patientLabel'),
        el('input', {
          id: `${prefix}-patient-label`,
          class: 'wide',
          value: a.patientLabel,
          oninput: (e) => (a.patientLabel = e.target.value),
        }),
      ),
    ),
  );
}

function statistics(d) {
  const s = state.stats;
  const targets = s?.targets ?? [];
  const questions = d.content?.questions ?? [];
  return el(
    'div',
    { id: 'statistics' },
    el('h3', {}, t('surveys.statistics')),
    targets.some((x) => x.responses > 0)
      ? [
          table(
            [
              {
                label: t('surveys.target'),
                get: (x) => {
                  const label = local(x.label, x.code);
                  return label === x.code ? x.code : `${label} (${x.code})`;
                },
              },
              { label: t('surveys.responses'), get: (x) => String(x.responses), class: 'n' },
              ...questions.map((q) => ({
                label: `${local(q.text, q.code)} (1–${q.scale})`,
                get: (x) => num(x.questionMeans?.[q.code], 2),
                class: 'n',
              })),
              { label: t('surveys.mean'), get: (x) => num(x.mean, 2), class: 'n' },
              { label: t('surveys.satisfied'), get: (x) => String(x.satisfied), class: 'n' },
              {
                label: t('surveys.satisfaction'),
                get: (x) => (x.satisfactionRate === null ? '—' : `${num(x.satisfactionRate, 2)}%`),
                class: 'n',
              },
            ],
            targets,
            { rowAttrs: (x) => ({ 'data-target': x.code }) },
          ),
          el(
            'div',
            { class: 'toolbar no-print' },
            el(
              'button',
              {
                id: 'statistics-csv',
                class: 'secondary',
                onclick: async () => {
                  const r = await download(
                    `/api/v1/surveys/${d.id}/statistics?format=csv`,
                    `survey-${d.code}-statistics.csv`,
                  );
                  if (!r.ok) {
                    state.notice = { text: r.error, kind: 'error' };
                    render();
                  }
                },
              },
              t('surveys.csv'),
            ),
          ),
        ]
      : el('p', { class: 'empty' }, t('surveys.noStatistics')),
  );
}

// --- The QR sheet ----------------------------------------------------------------------------------------------

/**
 * The ward a respondent's slip is printed with: a department answers as itself; patient slips go with the ward
 * their label names ("心内科病区 · 患者 3" → "心内科病区"), the number at its end taken off.
 */
function groupOf(r) {
  if (r.kind === 'department') return r.label || r.departmentCode || '';
  return r.label.replace(/[\s·#\-–—:：,，]*\d+\s*$/u, '').trim() || r.label;
}

function sheetControls(d) {
  const groups = [...new Set((d.respondents ?? []).map(groupOf))];
  return el(
    'div',
    { class: 'toolbar wrap no-print', id: 'sheet-controls' },
    el(
      'label',
      {},
      t('surveys.printGroup'),
      ' ',
      el(
        'select',
        {
          id: 'sheet-group',
          onchange: (e) => {
            state.sheetGroup = e.target.value;
            if (state.sheet) render();
          },
        },
        el('option', { value: '', selected: state.sheetGroup === '' }, t('surveys.allGroups')),
        groups.map((g) => el('option', { value: g, selected: g === state.sheetGroup }, g)),
      ),
    ),
    el('button', { id: 'print-sheet', onclick: () => printSheet(d) }, t('surveys.print')),
  );
}

/** An SVG document's root element, made safe to inline: only <svg> with drawing elements, no script or handler. */
function inlineSvg(text, label) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName.toLowerCase() !== 'svg' || doc.querySelector('parsererror')) return null;
  for (const bad of svg.querySelectorAll('script, foreignObject')) bad.remove();
  for (const node of [svg, ...svg.querySelectorAll('*')])
    for (const attr of [...node.attributes])
      if (/^on/i.test(attr.name) || /^(href|xlink:href|style)$/i.test(attr.name))
        node.removeAttribute(attr.name);
  const node = document.importNode(svg, true);
  node.setAttribute('role', 'img');
  node.setAttribute('aria-label', label);
  return node;
}

/** Fetches every respondent's QR code with the token (the slips of a ward, or all), then prints the sheet. */
async function printSheet(d) {
  const respondents = d.respondents ?? [];
  state.notice = { text: t('surveys.loadingQr'), kind: 'info' };
  render();
  const headers = { Accept: 'image/svg+xml', Authorization: `Bearer ${session().token}` };
  const slips = await Promise.all(
    respondents.map(async (r) => {
      const res = await fetch(`/api/v1/surveys/${d.id}/respondents/${r.id}/qr.svg`, { headers });
      return { respondent: r, svg: res.ok ? await res.text() : null, status: res.status };
    }),
  );
  const failed = slips.find((s) => s.svg === null);
  state.sheet = { campaignId: d.id, slips };
  state.notice = failed ? { text: `HTTP ${failed.status}: ${failed.respondent.label}`, kind: 'error' } : null;
  render();
  document.getElementById('qr-sheet')?.scrollIntoView();
  if (!failed) window.print();
}

function sheet() {
  const d = state.detail;
  if (state.sheet.campaignId !== d.id) return null;
  const groups = new Map();
  for (const slip of state.sheet.slips) {
    const g = groupOf(slip.respondent);
    if (state.sheetGroup && g !== state.sheetGroup) continue;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(slip);
  }
  return el(
    'section',
    { class: 'card', id: 'qr-sheet' },
    el(
      'div',
      { class: 'sheet-head' },
      el('h2', {}, t('surveys.sheet')),
      el('p', { class: 'hint' }, t('surveys.sheetHint')),
      el('button', { class: 'secondary no-print', onclick: () => window.print() }, t('surveys.print')),
    ),
    [...groups].map(([group, slips]) =>
      el(
        'div',
        { class: 'qr-group', 'data-group': group },
        el('h3', {}, `${localName(d)} · ${group}`),
        el(
          'div',
          { class: 'qr-slips' },
          slips.map(({ respondent: r, svg }) =>
            el(
              'div',
              { class: 'qr-slip', 'data-respondent': r.id },
              el('div', { class: 'slip-campaign' }, `${localName(d)} · ${d.period}`),
              el('div', { class: 'slip-label' }, r.label),
              el('div', { class: 'qr' }, svg ? inlineSvg(svg, r.label) : null),
              el('div', { class: 'slip-scan' }, t('surveys.scan')),
              el('div', { class: 'link-text' }, r.link ?? ''),
            ),
          ),
        ),
      ),
    ),
  );
}

// --- The create / edit form ------------------------------------------------------------------------------------

function blankForm() {
  return {
    id: null,
    code: '',
    nameZh: '',
    nameEn: '',
    period: state.period,
    questions: [{ code: 'q1', zh: '', en: '', scale: 5 }],
    comment: true,
    targets: [{ kind: 'department', code: '', zh: '', en: '' }],
    outputs: { answers: 'survey_answers', satisfied: 'survey_satisfied', mean: '' },
    satisfiedAtLeast: '',
    respondents: { departments: [], filter: '', patients: '', patientLabel: '' },
  };
}

/** The opened draft as the form (its respondents stay as they are: more are added below the campaign). */
function editDraft(d) {
  const c = d.content ?? {};
  state.form = {
    id: d.id,
    code: d.code,
    nameZh: d.names?.zh ?? (typeof d.name === 'string' ? d.name : ''),
    nameEn: d.names?.en ?? '',
    period: d.period,
    questions: (c.questions ?? []).map((q) => ({
      code: q.code,
      zh: q.text?.zh ?? '',
      en: q.text?.en ?? '',
      scale: q.scale,
    })),
    comment: c.comment !== false,
    targets: (c.targets ?? []).map((x) => ({
      kind: x.kind,
      code: x.code,
      zh: x.label?.zh ?? '',
      en: x.label?.en ?? '',
    })),
    outputs: { answers: '', satisfied: '', mean: '', ...(c.outputs ?? {}) },
    satisfiedAtLeast: c.satisfiedAtLeast === undefined ? '' : String(c.satisfiedAtLeast),
    respondents: null,
  };
  state.formError = null;
  render();
  document.getElementById('survey-form')?.scrollIntoView();
}

/** `{zh, en}` with the filled ones, or undefined. */
function names(zh, en) {
  const n = {};
  if (zh.trim()) n.zh = zh.trim();
  if (en.trim()) n.en = en.trim();
  return Object.keys(n).length ? n : undefined;
}

/** The API's body from the form, or a problem (the field named) for what the page can check itself. */
function formBody(f) {
  const missing = (key) => ({ problem: fill(t('surveys.required'), { field: t(key) }) });
  if (!f.code.trim()) return missing('surveys.code');
  if (!f.nameZh.trim() && !f.nameEn.trim()) return missing('surveys.name');
  if (!/^\d{4}-\d{2}$/.test(f.period)) return missing('month');
  const questions = f.questions.filter((q) => q.code.trim() || q.zh.trim() || q.en.trim());
  if (!questions.length || questions.some((q) => !q.code.trim() || (!q.zh.trim() && !q.en.trim())))
    return missing('surveys.questions');
  const targets = f.targets.filter((x) => x.code.trim());
  if (!targets.length) return missing('surveys.targets');
  const outputs = {};
  for (const k of ['answers', 'satisfied', 'mean'])
    if (f.outputs[k]?.trim()) outputs[k] = f.outputs[k].trim();
  const content = {
    questions: questions.map((q) => ({
      code: q.code.trim(),
      text: names(q.zh, q.en),
      scale: Number(q.scale) === 10 ? 10 : 5,
    })),
    comment: f.comment,
    targets: targets.map((x) => {
      const label = names(x.zh, x.en);
      return label ? { kind: x.kind, code: x.code.trim(), label } : { kind: x.kind, code: x.code.trim() };
    }),
    outputs,
  };
  if (String(f.satisfiedAtLeast).trim()) content.satisfiedAtLeast = Number(f.satisfiedAtLeast);
  const body = {
    code: f.code.trim(),
    name: f.nameZh.trim() || f.nameEn.trim(),
    period: f.period,
    content,
  };
  const n = names(f.nameZh, f.nameEn);
  if (n) body.names = n;
  return { body };
}

async function saveForm() {
  const f = state.form;
  const { body, problem } = formBody(f);
  if (problem) {
    state.formError = problem;
    return render();
  }
  const r = f.id
    ? await api(`/api/v1/surveys/${f.id}`, { method: 'PUT', body })
    : await api('/api/v1/surveys', { method: 'POST', body });
  if (!r.ok) {
    state.formError = r.error;
    return render();
  }
  const id = r.data.id;
  let text = f.id ? t('surveys.savedDraft') : t('surveys.created');
  let kind = 'ok';
  const a = f.respondents;
  if (a) {
    const more = {};
    if (a.departments.length) more.departments = a.departments;
    const count = Number(a.patients);
    if (a.patients !== '' && Number.isInteger(count) && count > 0)
      more.patients = a.patientLabel.trim() ? { count, label: a.patientLabel.trim() } : { count };
    if (Object.keys(more).length) {
      const added = await api(`/api/v1/surveys/${id}/respondents`, { method: 'POST', body: more });
      if (added.ok) text += ` ${fill(t('surveys.added'), { n: added.data.length })}`;
      else [text, kind] = [`${text} ${added.error}`, 'error'];
    }
  }
  state.form = null;
  state.formError = null;
  if (body.period !== state.period) state.period = body.period;
  state.notice = { text, kind };
  state.sheet = null;
  await Promise.all([loadList(), loadDetail(id)]);
  render();
  document.getElementById('campaign')?.scrollIntoView();
}

/** A text field bound to `obj[key]` (kept in the draft as typed, so a redraw loses nothing). */
function bound(labelText, obj, key, attrs = {}) {
  return el(
    'label',
    {},
    labelText,
    el('input', {
      ...attrs,
      value: obj[key] ?? '',
      oninput: (e) => (obj[key] = e.target.value),
    }),
  );
}

function removeButton(list, i) {
  return el(
    'button',
    {
      type: 'button',
      class: 'secondary small',
      disabled: list.length < 2,
      onclick: () => {
        list.splice(i, 1);
        render();
      },
    },
    t('surveys.remove'),
  );
}

function surveyForm() {
  const f = state.form;
  const error = el('p', {
    class: 'message error',
    id: 'survey-form-error',
    role: 'alert',
    hidden: !state.formError,
  });
  if (state.formError) error.textContent = state.formError;
  return el(
    'section',
    { class: 'card no-print' },
    el('h2', {}, f.id ? t('surveys.edit') : t('surveys.new')),
    error,
    el(
      'form',
      {
        id: 'survey-form',
        class: 'form',
        novalidate: true,
        onsubmit: (e) => {
          e.preventDefault();
          void saveForm();
        },
      },
      el(
        'div',
        { class: 'survey-row' },
        bound(t('surveys.code'), f, 'code', {
          id: 'survey-code',
          name: 'code',
          disabled: Boolean(f.id),
          required: true,
        }),
        bound(t('surveys.nameZh'), f, 'nameZh', { id: 'survey-name-zh', class: 'wide' }),
        bound(t('surveys.nameEn'), f, 'nameEn', { id: 'survey-name-en', class: 'wide' }),
        bound(t('month'), f, 'period', { id: 'survey-form-period', type: 'month' }),
      ),
      el(
        'fieldset',
        { id: 'survey-questions' },
        el('legend', {}, t('surveys.questions')),
        el(
          'div',
          { class: 'survey-rows' },
          f.questions.map((q, i) =>
            el(
              'div',
              { class: 'survey-row', 'data-question-row': i },
              bound(t('surveys.questionCode'), q, 'code', { name: 'code' }),
              bound(t('surveys.textZh'), q, 'zh', { name: 'zh', class: 'wide' }),
              bound(t('surveys.textEn'), q, 'en', { name: 'en', class: 'wide' }),
              el(
                'label',
                {},
                t('surveys.scale'),
                el(
                  'select',
                  { name: 'scale', onchange: (e) => (q.scale = Number(e.target.value)) },
                  [5, 10].map((n) => el('option', { value: n, selected: Number(q.scale) === n }, `1–${n}`)),
                ),
              ),
              removeButton(f.questions, i),
            ),
          ),
        ),
        el(
          'button',
          {
            type: 'button',
            id: 'add-question',
            class: 'secondary small',
            onclick: () => {
              f.questions.push({ code: `q${f.questions.length + 1}`, zh: '', en: '', scale: 5 });
              render();
            },
          },
          t('surveys.addQuestion'),
        ),
        el(
          'label',
          { class: 'check' },
          el('input', {
            type: 'checkbox',
            id: 'survey-comment-allowed',
            checked: f.comment,
            onchange: (e) => (f.comment = e.target.checked),
          }),
          t('surveys.allowComment'),
        ),
      ),
      el(
        'fieldset',
        { id: 'survey-targets' },
        el('legend', {}, t('surveys.targets')),
        el('p', { class: 'hint' }, t('surveys.targetsHint')),
        el(
          'div',
          { class: 'survey-rows' },
          f.targets.map((x, i) =>
            el(
              'div',
              { class: 'survey-row', 'data-target-row': i },
              el(
                'label',
                {},
                t('surveys.targetKind'),
                el(
                  'select',
                  { name: 'kind', onchange: (e) => (x.kind = e.target.value) },
                  ['department', 'staff'].map((k) =>
                    el('option', { value: k, selected: x.kind === k }, t(`surveys.targetKind.${k}`)),
                  ),
                ),
              ),
              bound(t('surveys.targetCode'), x, 'code', { name: 'code', list: 'survey-department-codes' }),
              bound(t('surveys.labelZh'), x, 'zh', { name: 'zh', class: 'wide' }),
              bound(t('surveys.labelEn'), x, 'en', { name: 'en', class: 'wide' }),
              removeButton(f.targets, i),
            ),
          ),
        ),
        el(
          'button',
          {
            type: 'button',
            id: 'add-target',
            class: 'secondary small',
            onclick: () => {
              f.targets.push({ kind: 'department', code: '', zh: '', en: '' });
              render();
            },
          },
          t('surveys.addTarget'),
        ),
      ),
      el(
        'fieldset',
        { id: 'survey-outputs' },
        el('legend', {}, t('surveys.outputs')),
        el('p', { class: 'hint' }, t('surveys.outputsHint')),
        el(
          'div',
          { class: 'survey-row' },
          ['answers', 'satisfied', 'mean'].map((k) =>
            bound(t(`surveys.output.${k}`), f.outputs, k, {
              id: `survey-output-${k}`,
              list: 'survey-input-codes',
            }),
          ),
          bound(t('surveys.satisfiedAtLeast'), f, 'satisfiedAtLeast', {
            id: 'survey-satisfied-at-least',
            type: 'number',
            min: 1,
            max: 5,
            step: 0.5,
          }),
        ),
      ),
      f.respondents ? respondentFields(f.respondents, 'form') : null,
      el(
        'div',
        { class: 'toolbar' },
        el('button', { type: 'submit', id: 'save-survey' }, f.id ? t('surveys.save') : t('surveys.create')),
        el(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: () => {
              state.form = null;
              render();
            },
          },
          t('surveys.cancel'),
        ),
      ),
    ),
  );
}

function datalists() {
  return el(
    'div',
    { hidden: true },
    el(
      'datalist',
      { id: 'survey-department-codes' },
      state.departments.map((d) => el('option', { value: d.code }, localName(d))),
    ),
    el(
      'datalist',
      { id: 'survey-input-codes' },
      state.inputs.map((i) => el('option', { value: i.code }, localName(i))),
    ),
  );
}

if (requireRole('hr_admin', 'auditor')) init().catch((e) => clear(main, String(e.message ?? e)));

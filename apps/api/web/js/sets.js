// Indicator sets (HR edits; auditors read): the sets and their versions, a version's dimensions, indicators,
// grades, improvement plan rule and grade quotas; for HR a new version from any version, effective from a month (sets-editor.js: every field checked
// while typing), the AHP helper applying its weights (sets-ahp.js), a what-if preview on a month's data before
// saving (sets-whatif.js); and the difference between two versions (sets-diff.js).
import { api, requireRole } from './api.js';
import { t } from './i18n.js';
import { clear, dimLabel, el, localName, message, num, officeTop, section, table } from './ui.js';
import { editorSections, restoreChecks, scheduleCheck, showProblems } from './sets-editor.js';
import { ahpSection } from './sets-ahp.js';
import { whatIfSection } from './sets-whatif.js';
import { diffView } from './sets-diff.js';
import { contentOf, draftOf } from './sets-model.js';
import { quotasText } from './sets-quotas.js';

const who = requireRole('hr_admin', 'auditor');
const canWrite = who?.role === 'hr_admin';
const state = {
  sets: [],
  periods: [],
  inputs: [],
  code: null,
  versions: null,
  open: null,
  draft: null,
  diff: null,
  diffPick: { from: null, to: null },
  notice: null,
  /** Set code → the id of its latest opinion round, once known (a link to its summary). */
  opinions: null,
};
const main = document.getElementById('main');

/** What the editor's modules need: the set, its draft, the dictionary and months, and a way to redraw. */
const ctx = {
  get code() {
    return state.code;
  },
  get draft() {
    return state.draft;
  },
  get inputs() {
    return state.inputs;
  },
  get periods() {
    return state.periods;
  },
  render: () => render(),
};

async function init() {
  const [s, p, i] = await Promise.all([
    api('/api/v1/indicator-sets'),
    api('/api/v1/periods'),
    api('/api/v1/inputs'),
  ]);
  if (!s.ok) return render(s.error);
  state.sets = s.data;
  state.periods = p.ok ? p.data : [];
  state.inputs = i.ok ? i.data : [];
  render();
  // Each set's latest opinion round (docs/OPINIONS.md), for a link to its summary; none shown when refused.
  const o = await api('/api/v1/opinions/rounds');
  if (!o.ok || !o.data.length) return;
  state.opinions = new Map();
  for (const r of [...o.data].reverse()) for (const code of r.sets ?? []) state.opinions.set(code, r.id);
  render();
}

function notify(text, kind = 'info') {
  state.notice = text ? { text, kind } : null;
}

function render(error) {
  officeTop('nav.sets', 'sets.html', () => render(error));
  if (error) return clear(main, el('p', { class: 'message error' }, error));
  const note = el('p', { class: 'message', id: 'sets-status', hidden: true });
  if (state.notice) message(note, state.notice.text, state.notice.kind);
  clear(
    main,
    note,
    setList(),
    // While a draft is open the editor shows the version it was made from: the read-only card would repeat it.
    state.versions && !state.draft ? versionCard() : null,
    state.versions && state.versions.length > 1 ? diffCard() : null,
    state.draft ? el('div', { id: 'editor' }, editorSections(ctx)) : null,
    state.draft ? ahpSection(ctx, () => afterApply()) : null,
    state.draft ? whatIfSection(ctx) : null,
    state.draft ? saveCard() : null,
  );
  if (state.draft) restoreChecks(ctx);
}

function afterApply() {
  notify(t('sets.applied'), 'ok');
  render();
  scheduleCheck(ctx, true);
}

function setList() {
  return section(
    'sets.list',
    table(
      [
        { label: t('sets.code'), get: (s) => el('code', {}, s.code) },
        { label: t('sets.name'), get: (s) => localName(s) },
        {
          label: t('sets.versions'),
          get: (s) =>
            el(
              'div',
              { class: 'chips' },
              (s.versions ?? []).map((v) =>
                el(
                  'button',
                  {
                    class: s.code === state.code && v.version === state.open ? 'chip active' : 'chip',
                    'data-set': s.code,
                    'data-version': v.version,
                    onclick: () => openVersion(s.code, v.version),
                  },
                  `v${v.version} · ${v.effectiveFrom}${v.frozen ? ' · ' + t('sets.frozen') : ''}`,
                ),
              ),
            ),
        },
        ...(state.opinions
          ? [
              {
                label: t('nav.opinions'),
                get: (s) =>
                  state.opinions.has(s.code)
                    ? el(
                        'a',
                        {
                          href: `opinions.html#${state.opinions.get(s.code)}:${s.code}`,
                          class: 'opinion-link',
                        },
                        t('opinions.latest'),
                      )
                    : '—',
              },
            ]
          : []),
      ],
      state.sets,
      { rowAttrs: (s) => ({ 'data-set-row': s.code }) },
    ),
  );
}

async function openVersion(code, version) {
  if (state.draft && !confirm(t('sets.dropDraft'))) return;
  const r = await api(`/api/v1/indicator-sets/${encodeURIComponent(code)}/versions`);
  if (!r.ok) {
    notify(r.error, 'error');
    return render();
  }
  state.code = code;
  state.versions = r.data;
  state.open = version;
  state.draft = null;
  if (state.diff?.code !== code) {
    state.diff = null;
    state.diffPick = { from: r.data.at(-2)?.version ?? null, to: r.data.at(-1)?.version ?? null };
  }
  notify(null);
  render();
}

const paramsText = (s) =>
  s
    ? Object.entries(s)
        .filter(([k]) => k !== 'method')
        .map(([k, v]) =>
          k === 'steps'
            ? `${t('param.steps')}: ${v.length}`
            : k === 'direction'
              ? t('direction.' + v)
              : `${t('param.' + k)} ${v}`,
        )
        .join(', ')
    : '';

/** A veto in words: "一票否决：实际值 ≥ 1 时总分封顶为 59". */
const vetoText = (v) =>
  `${t('sets.veto')}: ${[
    v.atLeast !== undefined ? `${t('veto.atLeast')} ${v.atLeast}` : '',
    v.atMost !== undefined ? `${t('veto.atMost')} ${v.atMost}` : '',
  ]
    .filter(Boolean)
    .join(', ')} → ${t('veto.cap')} ${v.cap}`;

function versionCard() {
  const v = state.versions.find((x) => x.version === state.open);
  if (!v) return null;
  return el(
    'section',
    { class: 'card', id: 'version', 'data-version': v.version },
    el(
      'h2',
      {},
      `${state.code} v${v.version} · ${t('sets.effectiveFrom')} ${v.effectiveFrom}${v.frozen ? ' · ' + t('sets.frozen') : ''}`,
    ),
    canWrite
      ? el('button', { id: 'new-version', onclick: () => startDraft(v) }, t('sets.newFromThis'))
      : el('p', { class: 'hint' }, t('sets.readOnly')),
    el('h3', {}, t('sets.dimensions')),
    table(
      [
        { label: t('dimension'), get: (d) => `${dimLabel(d.code)} (${d.code})` },
        { label: t('sets.name'), get: (d) => localName(d) },
        { label: t('weight'), get: (d) => num(d.weight), class: 'n' },
      ],
      v.dimensions ?? [],
    ),
    el('h3', {}, t('indicators')),
    table(
      [
        { label: t('indicator'), get: (i) => el('span', {}, el('code', {}, i.code), ' ', localName(i)) },
        { label: t('dimension'), get: (i) => dimLabel(i.dimension) },
        { label: t('weight'), get: (i) => num(i.weight), class: 'n' },
        {
          label: t('sets.method'),
          get: (i) => `${t('method.' + i.scoring?.method)} ${paramsText(i.scoring)}`,
        },
        { label: t('sets.formula'), get: (i) => el('code', {}, i.formula ?? '') },
        {
          label: t('sets.missing'),
          get: (i) =>
            [t('missing.' + (i.missing ?? 'renormalize')), i.veto ? vetoText(i.veto) : '']
              .filter(Boolean)
              .join(' · '),
        },
      ],
      v.indicators ?? [],
      { rowAttrs: (i) => ({ 'data-indicator-row': i.code }) },
    ),
    el('h3', {}, t('sets.grades')),
    v.grades?.length
      ? table(
          [
            { label: t('sets.min'), get: (g) => num(g.min), class: 'n' },
            { label: t('grade'), get: (g) => g.grade },
            { label: t('sets.coefficient'), get: (g) => num(g.coefficient, 4), class: 'n' },
          ],
          v.grades,
        )
      : el('p', { class: 'empty' }, t('sets.noGrades')),
    el('h3', {}, t('sets.plans')),
    el('p', { 'data-plans': '' }, plansText(v)),
    el('h3', {}, t('sets.quotas')),
    el('p', { 'data-quotas': '' }, quotasText(v.quotas)),
  );
}

/** The set's improvement plan rule in words; what it leaves out is the hospital's setting. */
function plansText(v) {
  const below = (v.indicators ?? []).filter((i) => i.planBelow !== undefined);
  return [
    t('sets.planThreshold') + ': ' + (v.plans?.threshold ?? t('sets.planDefault')),
    t('sets.planItems') + ': ' + (v.plans?.items ?? t('sets.planDefault')),
    ...below.map((i) => `${i.code} ${t('sets.planBelow')}: ${i.planBelow}`),
  ].join(' · ');
}

function startDraft(v) {
  state.draft = draftOf(v);
  const next = nextMonth(state.versions.at(-1)?.effectiveFrom);
  state.draft.effectiveFrom = next;
  notify(null);
  render();
  scheduleCheck(ctx, true);
  document.getElementById('editor')?.scrollIntoView({ block: 'start' });
}

/** The month after `period` ("YYYY-MM"), or the current month. */
function nextMonth(period) {
  const [y, m] = (period ?? new Date().toISOString().slice(0, 7)).split('-').map(Number);
  const d = new Date(Date.UTC(y, m, 1));
  return d.toISOString().slice(0, 7);
}

function saveCard() {
  return el(
    'section',
    { class: 'card save' },
    el('button', { id: 'save-version', onclick: save }, t('sets.save')),
    el(
      'button',
      {
        class: 'secondary',
        id: 'cancel-draft',
        onclick: () => {
          state.draft = null;
          render();
        },
      },
      t('sets.cancel'),
    ),
  );
}

async function save() {
  const d = state.draft;
  const r = await api(`/api/v1/indicator-sets/${encodeURIComponent(state.code)}/versions`, {
    method: 'POST',
    body: { ...contentOf(d), effectiveFrom: d.effectiveFrom },
  });
  if (!r.ok) {
    if (r.data?.problems) {
      d.problems = r.data.problems;
      showProblems(d.problems);
    }
    notify(t('sets.notSaved') + ' ' + r.error, 'error');
    const note = document.getElementById('sets-status');
    if (note) message(note, state.notice.text, 'error');
    note?.scrollIntoView({ block: 'nearest' });
    return;
  }
  const saved = r.data.version;
  state.draft = null;
  const [s, v] = await Promise.all([
    api('/api/v1/indicator-sets'),
    api(`/api/v1/indicator-sets/${encodeURIComponent(state.code)}/versions`),
  ]);
  if (s.ok) state.sets = s.data;
  if (v.ok) state.versions = v.data;
  state.open = saved;
  notify(t(r.status === 201 ? 'sets.savedNew' : 'sets.savedReplaced').replace('{v}', String(saved)), 'ok');
  // Show what the new version changed against the one it was made from.
  state.diffPick = {
    from: d.base === saved ? (state.versions.at(-2)?.version ?? d.base) : d.base,
    to: saved,
  };
  await loadDiff();
}

function diffCard() {
  const pick = state.diffPick;
  const select = (id, key) =>
    el(
      'select',
      { id, onchange: (e) => (pick[key] = Number(e.target.value)) },
      state.versions.map((v) =>
        el(
          'option',
          { value: v.version, selected: v.version === pick[key] },
          `v${v.version} · ${v.effectiveFrom}`,
        ),
      ),
    );
  return el(
    'section',
    { class: 'card', id: 'diff' },
    el('h2', {}, t('sets.diff')),
    el(
      'div',
      { class: 'toolbar wrap' },
      el('label', {}, t('sets.from'), ' ', select('diff-from', 'from')),
      el('label', {}, t('sets.to'), ' ', select('diff-to', 'to')),
      el('button', { id: 'diff-show', onclick: () => loadDiff() }, t('sets.compare')),
    ),
    state.diff?.code === state.code ? diffView(state.diff) : null,
  );
}

async function loadDiff() {
  const { from, to } = state.diffPick;
  const r = await api(`/api/v1/indicator-sets/${encodeURIComponent(state.code)}/diff?from=${from}&to=${to}`);
  state.diff = r.ok ? r.data : null;
  if (!r.ok) notify(r.error, 'error');
  render();
  document.getElementById('diff')?.scrollIntoView({ block: 'start' });
}

if (who) void init();

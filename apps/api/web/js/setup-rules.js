// Assignment rules (/api/v1/assignment-rules): which indicator set a person gets, by post type, department,
// employment type or one named member of staff, with a priority for ties. The list, a form to add a rule, a panel
// to change or delete one, and "who gets which set, and why" for any person and month (`resolve`): the winning
// rule, the set version in force that month, the API's reason and every rule that matched.
import { api } from './api.js';
import { t } from './i18n.js';
import { clear, el, localName, message, table } from './ui.js';
import {
  field,
  fmt,
  form,
  listPager,
  notice,
  number,
  pageOf,
  panel,
  searchBox,
  select,
  status,
  submit,
  tell,
  text,
  valueOf,
} from './setup-form.js';
import { EMPLOYMENT_TYPES, employmentLabel } from './setup-staff.js';

const state = {
  rules: [],
  q: '',
  page: 0,
  error: null,
  notice: null,
  resolve: { staff: '', period: '' },
  answer: null,
};
let root;
let ctx;

export async function render(node, c, first) {
  root = node;
  ctx = c;
  if (first) await load();
  draw();
}

async function load() {
  const r = await api('/api/v1/assignment-rules');
  state.rules = r.ok ? r.data : [];
  state.error = r.ok ? null : r.error;
}

const codeName = (list, code) => {
  if (!code) return '';
  const row = list.find((x) => x.code === code);
  return row ? `${localName(row)} (${code})` : code;
};
const options = (list) => list.map((x) => [x.code, `${localName(x)} (${x.code})`]);

/** A rule's criteria as words: "post type 保洁 (CLEAN), department …". */
function criteria(r) {
  return (
    [
      r.staff && `${t('setup.staffMember')} ${r.staff}`,
      r.postType && `${t('setup.postType')} ${codeName(ctx.postTypes, r.postType)}`,
      r.department && `${t('setup.department')} ${codeName(ctx.departments, r.department)}`,
      r.employmentType && `${t('setup.employmentType')} ${employmentLabel(r.employmentType)}`,
    ]
      .filter(Boolean)
      .join(' · ') || '—'
  );
}

function rulesTable(rules, slot, { winner } = {}) {
  return table(
    [
      {
        label: t('setup.rule'),
        get: (r) =>
          slot
            ? el('button', { type: 'button', class: 'link', onclick: () => edit(r, slot) }, `#${r.id}`)
            : `#${r.id}`,
      },
      { label: t('setup.set'), get: (r) => codeName(ctx.sets, r.set) },
      { label: t('setup.criteria'), get: criteria },
      { label: t('setup.priority'), get: (r) => String(r.priority), class: 'n' },
    ],
    rules,
    { rowAttrs: (r) => ({ 'data-rule': r.id, class: winner === r.id ? 'selected' : '' }) },
  );
}

/** A rule matches a search when its set, a criterion's code or name, or its id contains the text. */
function ruleMatches(r, q) {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [`#${r.id}`, codeName(ctx.sets, r.set), criteria(r)].some((x) => x.toLowerCase().includes(needle));
}

function draw() {
  const slot = el('div', { id: 'rule-panel' });
  const list = state.rules.filter((r) => ruleMatches(r, state.q));
  const paged = pageOf(list, state.page, 25);
  clear(
    root,
    resolver(),
    el(
      'section',
      { class: 'card' },
      el('h2', {}, t('setup.rules')),
      el('p', { class: 'hint' }, t('setup.rulesHint')),
      notice(state, 'rules-notice'),
      state.error ? el('p', { class: 'message error' }, state.error) : null,
      el(
        'div',
        { class: 'toolbar wrap' },
        searchBox('rule-search', 'setup.searchRules', state.q, (q) => {
          state.q = q;
          state.page = 0;
          draw();
        }),
        el('span', { class: 'sub' }, `${list.length} / ${state.rules.length}`),
      ),
      paged.items.length ? rulesTable(paged.items, slot) : el('p', { class: 'empty' }, t('setup.noRules')),
      listPager(paged, 'rules', (p) => {
        state.page = p;
        draw();
      }),
      slot,
    ),
    ctx.canWrite ? createForm() : null,
  );
}

function ruleFields(r) {
  const types = EMPLOYMENT_TYPES.map((e) => [e, employmentLabel(e)]);
  return [
    field('set', 'setup.set', select('set', options(ctx.sets), r?.set ?? '', { empty: t('setup.choose') })),
    field(
      'postType',
      'setup.postType',
      select('postType', options(ctx.postTypes), r?.postType ?? '', { empty: t('setup.any') }),
    ),
    field(
      'department',
      'setup.department',
      select('department', options(ctx.departments), r?.department ?? '', { empty: t('setup.any') }),
    ),
    field(
      'employmentType',
      'setup.employmentType',
      select('employmentType', types, r?.employmentType ?? '', { empty: t('setup.any') }),
    ),
    field('staff', 'setup.staffMember', text('staff', r?.staff ?? '', { maxlength: 64 }), {
      hint: t('setup.staffRuleHint'),
    }),
    field('priority', 'setup.priority', number('priority', r?.priority ?? 0, { step: 1 }), {
      hint: t('setup.priorityHint'),
    }),
  ];
}

/** The rule's body: an empty criterion is null (cleared); the priority an integer. */
function bodyOf(f) {
  const priority = valueOf(f, 'priority');
  return {
    set: valueOf(f, 'set'),
    postType: valueOf(f, 'postType') ?? null,
    department: valueOf(f, 'department') ?? null,
    employmentType: valueOf(f, 'employmentType') ?? null,
    staff: valueOf(f, 'staff') ?? null,
    priority: priority === undefined ? 0 : Number(priority),
  };
}

function createForm() {
  const note = status('rule-create-status');
  const f = form(
    'rule-create',
    ruleFields(null),
    [el('button', { type: 'submit' }, t('setup.addRule'))],
    (f) =>
      submit(f, note, '/api/v1/assignment-rules', 'POST', bodyOf(f), async (data) => {
        tell(state, `${t('setup.saved')}: #${data.id}`);
        // The new rule is the last: show the last page, where it is.
        state.q = '';
        state.page = Number.MAX_SAFE_INTEGER;
        await load();
        draw();
      }),
  );
  return el('section', { class: 'card' }, el('h2', {}, t('setup.addRule')), f, note);
}

function edit(r, slot) {
  if (!ctx.canWrite) return;
  const note = status('rule-edit-status');
  const url = `/api/v1/assignment-rules/${r.id}`;
  const f = form(
    'rule-edit',
    ruleFields(r),
    [
      el('button', { type: 'submit' }, t('setup.save')),
      el(
        'button',
        {
          type: 'button',
          class: 'danger',
          onclick: async () => {
            if (!confirm(`${t('setup.confirmDelete')} #${r.id}?`)) return;
            const res = await api(url, { method: 'DELETE' });
            if (!res.ok) return message(note, res.error, 'error');
            tell(state, `${t('setup.deleted')}: #${r.id}`);
            await load();
            draw();
          },
        },
        t('setup.delete'),
      ),
    ],
    (f) =>
      submit(f, note, url, 'PATCH', bodyOf(f), async () => {
        tell(state, `${t('setup.saved')}: #${r.id}`);
        await load();
        draw();
      }),
  );
  panel(slot, `${t('setup.rule')} #${r.id}`, f, note);
}

/** The API's reason in the reader's language, from the same facts (the rule, the matches, the version). */
function why(a) {
  const r = a.rule;
  let text;
  if (!r) text = t('setup.why.none');
  else if (r.staff) text = fmt('setup.why.staff', { id: r.id });
  else
    text = fmt('setup.why.match', {
      id: r.id,
      criteria: criteria(r),
      priority: r.priority,
      n: a.matched.length,
    });
  if (r && !a.version) text += ' ' + fmt('setup.why.noVersion', { set: a.set, period: a.period });
  return text;
}

/** "Who gets which set, and why": a person and a month in, the API's answer out. */
function resolver() {
  const note = status('resolve-status');
  const out = el('div', { id: 'resolve-result' });
  const f = form(
    'resolve',
    [
      field('staff', 'setup.staffMember', text('staff', state.resolve.staff, { maxlength: 64 })),
      field('period', 'month', el('input', { type: 'month', name: 'period', value: state.resolve.period })),
    ],
    [el('button', { type: 'submit', id: 'resolve-button' }, t('setup.resolve'))],
    async (f) => {
      state.resolve = { staff: valueOf(f, 'staff') ?? '', period: valueOf(f, 'period') ?? '' };
      if (!state.resolve.staff || !state.resolve.period)
        return message(note, t('setup.resolveNeeds'), 'error');
      const p = new URLSearchParams(state.resolve);
      const r = await api(`/api/v1/assignment-rules/resolve?${p}`);
      if (!r.ok) {
        state.answer = null;
        clear(out);
        return message(note, r.error, 'error');
      }
      message(note, null);
      state.answer = r.data;
      showAnswer(out);
    },
  );
  if (state.answer) showAnswer(out);
  return el(
    'section',
    { class: 'card', id: 'resolver' },
    el('h2', {}, t('setup.whoGetsWhich')),
    el('p', { class: 'hint' }, t('setup.whoGetsWhichHint')),
    f,
    note,
    out,
  );
}

function showAnswer(out) {
  const a = state.answer;
  const set = a.set ? codeName(ctx.sets, a.set) : t('setup.noSet');
  clear(
    out,
    el(
      'div',
      { class: 'answer' },
      el(
        'p',
        { class: 'verdict' },
        el('strong', {}, `${a.staff} · ${a.period}: `),
        el('span', { id: 'resolve-set' }, set),
        a.version
          ? el(
              'span',
              { class: 'sub' },
              ` · v${a.version.version} (${t('office.effectiveFrom')} ${a.version.effectiveFrom})`,
            )
          : null,
        a.active ? null : el('span', { class: 'badge failed' }, t('setup.notActive')),
      ),
      el('p', { class: 'why', id: 'resolve-reason', title: a.reason }, why(a)),
      a.matched?.length
        ? [el('h4', {}, t('setup.matchedRules')), rulesTable(a.matched, null, { winner: a.rule?.id })]
        : null,
    ),
  );
}

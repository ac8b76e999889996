// The editor's draft of an indicator set version: built from a stored version, edited as text (so that typing
// "1." or a half-written number is kept as typed), and turned back into the document's shape for the API —
// numbers where they parse, the text itself where they do not (the check then names the field). Names are kept
// as they were stored unless edited; an edited name is sent as {zh, en} (docs/FORMAT.md, "Names").

export const METHODS = {
  linear: ['worst', 'target', 'floor', 'cap'],
  ratio: ['target', 'direction', 'floor', 'cap'],
  band: ['low', 'high', 'tolerance'],
  thresholds: [],
  efficacy: ['satisfactory', 'unacceptable', 'floor', 'cap'],
  deduction: ['perUnit', 'base', 'floor'],
  direct: ['floor', 'cap'],
};
export const OPTIONAL = new Set(['floor', 'cap', 'base', 'direction']);
export const MISSING = ['renormalize', 'zero', 'fail'];

const CJK = /[\u3400-\u9fff]/;
const text = (v) => (v === undefined || v === null ? '' : String(v));

/** A stored name (text or {zh, en}) as the editor's two fields. */
export function nameFields(name) {
  if (name && typeof name === 'object')
    return { zh: text(name.zh), en: text(name.en), orig: name, touched: false };
  const s = text(name);
  return CJK.test(s)
    ? { zh: s, en: '', orig: name, touched: false }
    : { zh: '', en: s, orig: name, touched: false };
}

function nameOut(n, code) {
  if (!n.touched) return n.orig ?? code;
  const out = {};
  if (n.zh.trim()) out.zh = n.zh.trim();
  if (n.en.trim()) out.en = n.en.trim();
  return Object.keys(out).length ? out : '';
}

/** A number typed as text: a number when it is one, undefined when empty, else the text (for the check). */
export function numberOut(s) {
  const v = text(s).trim();
  if (v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
}

function scoringFields(scoring = {}) {
  const { method = 'linear', steps, ...params } = scoring;
  return {
    method,
    params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, text(v)])),
    steps: (steps ?? []).map((st) => ({
      atLeast: text(st.atLeast),
      atMost: text(st.atMost),
      score: text(st.score),
    })),
  };
}

export function scoringOut(s) {
  const out = { method: s.method };
  for (const k of METHODS[s.method] ?? []) {
    const v = k === 'direction' ? s.params[k] || undefined : numberOut(s.params[k]);
    if (v !== undefined) out[k] = v;
  }
  if (s.method === 'thresholds')
    out.steps = s.steps.map((st) => {
      const step = {};
      for (const k of ['atLeast', 'atMost', 'score']) {
        const v = numberOut(st[k]);
        if (v !== undefined) step[k] = v;
      }
      return step;
    });
  return out;
}

/**
 * A stored version (the API's view) as a draft. Where the API shows a bilingual name it answers `name` in the
 * reader's language and `names: {zh, en}`, the name as stored.
 */
export function draftOf(version) {
  return {
    base: version.version,
    effectiveFrom: '',
    dimensions: (version.dimensions ?? []).map((d) => ({
      code: d.code,
      name: nameFields(d.names ?? d.name),
      weight: text(d.weight),
    })),
    indicators: (version.indicators ?? []).map((i) => {
      // `names` is the API's view of a bilingual name (`name` then is the reader's language): the stored name.
      const { code, name, names, dimension, weight, formula, scoring, missing, veto, planBelow, ...rest } = i;
      return {
        code,
        name: nameFields(names ?? name),
        dimension,
        weight: text(weight),
        formula: text(formula),
        scoring: scoringFields(scoring),
        missing: missing ?? '',
        planBelow: text(planBelow),
        veto: veto
          ? { on: true, atLeast: text(veto.atLeast), atMost: text(veto.atMost), cap: text(veto.cap) }
          : { on: false, atLeast: '', atMost: '', cap: '' },
        rest,
      };
    }),
    grades: (version.grades ?? []).map((g) => ({
      min: text(g.min),
      grade: text(g.grade),
      coefficient: text(g.coefficient),
    })),
    hadGrades: Array.isArray(version.grades),
    plans: { threshold: text(version.plans?.threshold), items: text(version.plans?.items) },
    quotas: {
      scope: text(version.quotas?.scope),
      rules: (version.quotas?.rules ?? []).map((r) => ({
        grade: text(r.grade),
        kind: r.minCount !== undefined ? 'minCount' : 'maxShare',
        maxShare: text(r.maxShare),
        minCount: text(r.minCount),
        minStaff: text(r.minStaff),
      })),
    },
  };
}

/** A new quota rule on `grade`: a cap on its share, the commonest kind. */
export function newQuotaRule(grade) {
  return { grade: grade ?? '', kind: 'maxShare', maxShare: '', minCount: '', minStaff: '' };
}

/** A quota rule of the draft in the document's shape: only the numbers of its kind (a missing one is checked). */
function quotaRuleOut(r) {
  const out = { grade: r.grade };
  const keys = r.kind === 'minCount' ? ['minCount', 'minStaff'] : ['maxShare'];
  for (const k of keys) {
    const v = numberOut(r[k]);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** A new, empty indicator in `dimension`. */
export function newIndicator(dimension, n) {
  return {
    code: `NEW_${n}`,
    name: { zh: '', en: '', orig: '', touched: true },
    dimension,
    weight: '0',
    formula: '',
    scoring: { method: 'direct', params: {}, steps: [] },
    missing: '',
    planBelow: '',
    veto: { on: false, atLeast: '', atMost: '', cap: '' },
    rest: {},
  };
}

/** The draft as a set version's content, in the document's shape. */
export function contentOf(d) {
  const content = {
    dimensions: d.dimensions.map((x) => ({
      code: x.code,
      name: nameOut(x.name, x.code),
      weight: numberOut(x.weight),
    })),
    indicators: d.indicators.map((i) => {
      const out = { ...i.rest, code: i.code, name: nameOut(i.name, i.code), dimension: i.dimension };
      out.weight = numberOut(i.weight);
      out.formula = i.formula;
      out.scoring = scoringOut(i.scoring);
      if (i.missing) out.missing = i.missing;
      const below = numberOut(i.planBelow);
      if (below !== undefined) out.planBelow = below;
      if (i.veto.on) {
        const veto = {};
        for (const k of ['atLeast', 'atMost', 'cap']) {
          const v = numberOut(i.veto[k]);
          if (v !== undefined) veto[k] = v;
        }
        out.veto = veto;
      }
      return out;
    }),
  };
  const plans = {};
  for (const k of ['threshold', 'items']) {
    const v = numberOut(d.plans?.[k]);
    if (v !== undefined) plans[k] = v;
  }
  if (Object.keys(plans).length) content.plans = plans;
  // No rule, no quotas (the scope alone means nothing); a scope left as stored is sent as stored.
  const rules = (d.quotas?.rules ?? []).map(quotaRuleOut);
  if (rules.length) content.quotas = { ...(d.quotas.scope ? { scope: d.quotas.scope } : {}), rules };
  if (d.grades.length || d.hadGrades)
    content.grades = d.grades.map((g) => ({
      min: numberOut(g.min),
      grade: g.grade,
      coefficient: numberOut(g.coefficient),
    }));
  return content;
}

/** The sum of weights typed as text (NaN when one is not a number). */
export function weightSum(items) {
  return items.reduce((s, x) => s + (x.weight.trim() === '' ? 0 : Number(x.weight)), 0);
}

/** Whether a weight sum is 100 within the format's tolerance. */
export const sumsTo100 = (s) => Math.abs(s - 100) <= 1e-9;

/** The path one level up: `indicators[3].scoring.target` → `indicators[3].scoring` → `indicators[3]` → … → ''. */
export function parentPath(path) {
  const m = /^(.*?)(\.[^.[\]]+|\[\d+\])$/.exec(path);
  return m ? m[1] : '';
}

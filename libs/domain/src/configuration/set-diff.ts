// The difference between two contents of an indicator set (two versions, or a version and a draft), as HR reads it
// on the sets page: dimensions and indicators matched by code — added, removed, or changed field by field (a
// field is a path such as `scoring.target` or `name.zh`) — every weight that moved, the grade table and the
// improvement plan rule. Pure: the service reads the versions. The grade quotas are compared by what they mean: the scope each side counts in,
// and rules matched by grade and kind (their order in the list changes nothing).

/** One field that differs: its path inside the dimension, indicator or grade table, the value before and after. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface CodedChanges<T> {
  added: T[];
  removed: T[];
  changed: { code: string; changes: FieldChange[] }[];
}

export interface WeightChange {
  kind: 'dimension' | 'indicator';
  code: string;
  /** The indicator's dimension (after the change, or before when it was removed). */
  dimension?: string;
  before: number | null;
  after: number | null;
}

/** A quota rule's kind: a cap on a grade's share of the group, or a least number at the grade or below. */
export type QuotaKind = 'maxShare' | 'minCount';

/** A rule of the same grade and kind on both sides whose numbers differ. */
export interface QuotaRuleChange {
  grade: string;
  kind: QuotaKind;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  changes: FieldChange[];
}

/** The grade quotas (`quotas`, docs/FORMAT.md "Grade quotas and overrides"). */
export interface QuotasDiff {
  changed: boolean;
  /**
   * The group a quota counts in on each side (`department` when left out; null for a side without quotas), or
   * null when it stays.
   */
  scope: { before: string | null; after: string | null } | null;
  rules: { added: Record<string, unknown>[]; removed: Record<string, unknown>[]; changed: QuotaRuleChange[] };
}

export interface SetContentDiff {
  dimensions: CodedChanges<Record<string, unknown>>;
  indicators: CodedChanges<Record<string, unknown>>;
  weights: WeightChange[];
  grades: { changed: boolean; changes: FieldChange[]; before: unknown[]; after: unknown[] };
  /** The improvement plan rule (`plans`), field by field. */
  plans: { changed: boolean; changes: FieldChange[] };
  quotas: QuotasDiff;
  /** True when nothing differs. */
  same: boolean;
}

interface ContentLike {
  dimensions?: unknown;
  indicators?: unknown;
  grades?: unknown;
  plans?: unknown;
  quotas?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Leaf values by path (`scoring.steps[0].score`); an empty object or list is a leaf of its own. */
function flatten(value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (Array.isArray(value) && value.length) value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  else if (isObject(value) && Object.keys(value).length)
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  else if (prefix) out.set(prefix, value);
  return out;
}

/** The fields of `a` and `b` that differ, in the order they first appear (a's, then b's new ones). */
export function fieldChanges(a: unknown, b: unknown): FieldChange[] {
  const before = flatten(a, '', new Map());
  const after = flatten(b, '', new Map());
  const fields = [...new Set([...before.keys(), ...after.keys()])];
  return fields
    .filter((f) => JSON.stringify(before.get(f)) !== JSON.stringify(after.get(f)))
    .map((field) => ({ field, before: before.get(field) ?? null, after: after.get(field) ?? null }));
}

function coded(list: unknown): Record<string, unknown>[] {
  return Array.isArray(list) ? list.filter(isObject) : [];
}

function byCode(
  a: Record<string, unknown>[],
  b: Record<string, unknown>[],
): CodedChanges<Record<string, unknown>> {
  const codeOf = (x: Record<string, unknown>) => String(x.code);
  const before = new Map(a.map((x) => [codeOf(x), x]));
  const after = new Map(b.map((x) => [codeOf(x), x]));
  return {
    added: b.filter((x) => !before.has(codeOf(x))),
    removed: a.filter((x) => !after.has(codeOf(x))),
    changed: b
      .filter((x) => before.has(codeOf(x)))
      .map((x) => ({ code: codeOf(x), changes: fieldChanges(before.get(codeOf(x)), x) }))
      .filter((c) => c.changes.length > 0),
  };
}

const weightOf = (x: Record<string, unknown> | undefined): number | null =>
  x && typeof x.weight === 'number' ? x.weight : null;

function weightChanges(
  kind: WeightChange['kind'],
  a: Record<string, unknown>[],
  b: Record<string, unknown>[],
): WeightChange[] {
  const before = new Map(a.map((x) => [String(x.code), x]));
  const after = new Map(b.map((x) => [String(x.code), x]));
  const codes = [...new Set([...before.keys(), ...after.keys()])];
  return codes
    .map((code) => {
      const x = after.get(code) ?? before.get(code)!;
      const change: WeightChange = {
        kind,
        code,
        before: weightOf(before.get(code)),
        after: weightOf(after.get(code)),
      };
      if (kind === 'indicator') change.dimension = String(x.dimension);
      return change;
    })
    .filter((w) => w.before !== w.after);
}

const quotaKind = (r: Record<string, unknown>): QuotaKind => ('minCount' in r ? 'minCount' : 'maxShare');
const quotaKey = (r: Record<string, unknown>) => JSON.stringify([String(r.grade), quotaKind(r)]);

/** The scope a set's quotas count in: the format's default when left out, null without quotas. */
function quotaScope(q: unknown): string | null {
  if (!isObject(q)) return null;
  return typeof q.scope === 'string' ? q.scope : 'department';
}

function quotaRules(q: unknown): Record<string, unknown>[] {
  return isObject(q) && Array.isArray(q.rules) ? q.rules.filter(isObject) : [];
}

/**
 * The quotas of `a` against those of `b`: rules paired by grade and kind (a grade has at most one of each; were
 * there more, they pair in their order), added, removed, or changed field by field.
 */
export function diffQuotas(a: unknown, b: unknown): QuotasDiff {
  const [scopeA, scopeB] = [quotaScope(a), quotaScope(b)];
  const [rulesA, rulesB] = [quotaRules(a), quotaRules(b)];
  const unpaired = new Map<string, Record<string, unknown>[]>();
  for (const r of rulesA) unpaired.set(quotaKey(r), [...(unpaired.get(quotaKey(r)) ?? []), r]);
  const added: Record<string, unknown>[] = [];
  const changed: QuotaRuleChange[] = [];
  const paired = new Set<Record<string, unknown>>();
  for (const r of rulesB) {
    const before = unpaired.get(quotaKey(r))?.shift();
    if (!before) {
      added.push(r);
      continue;
    }
    paired.add(before);
    const changes = fieldChanges(before, r);
    if (changes.length)
      changed.push({ grade: String(r.grade), kind: quotaKind(r), before, after: r, changes });
  }
  const removed = rulesA.filter((r) => !paired.has(r));
  const scope = scopeA === scopeB ? null : { before: scopeA, after: scopeB };
  return {
    changed: scope !== null || added.length + removed.length + changed.length > 0,
    scope,
    rules: { added, removed, changed },
  };
}

/** What changed from `a` to `b` (two set contents in the document's shape). */
export function diffSetContent(a: ContentLike, b: ContentLike): SetContentDiff {
  const [dimsA, dimsB] = [coded(a.dimensions), coded(b.dimensions)];
  const [indsA, indsB] = [coded(a.indicators), coded(b.indicators)];
  const gradesA = Array.isArray(a.grades) ? a.grades : [];
  const gradesB = Array.isArray(b.grades) ? b.grades : [];
  const gradeChanges = fieldChanges(gradesA, gradesB);
  const planChanges = fieldChanges(isObject(a.plans) ? a.plans : {}, isObject(b.plans) ? b.plans : {});
  const quotas = diffQuotas(a.quotas, b.quotas);
  const dimensions = byCode(dimsA, dimsB);
  const indicators = byCode(indsA, indsB);
  const weights = [...weightChanges('dimension', dimsA, dimsB), ...weightChanges('indicator', indsA, indsB)];
  const count = (c: CodedChanges<unknown>) => c.added.length + c.removed.length + c.changed.length;
  return {
    dimensions,
    indicators,
    weights,
    grades: { changed: gradeChanges.length > 0, changes: gradeChanges, before: gradesA, after: gradesB },
    plans: { changed: planChanges.length > 0, changes: planChanges },
    quotas,
    same:
      count(dimensions) + count(indicators) + gradeChanges.length + planChanges.length === 0 &&
      !quotas.changed,
  };
}

// Validates a raw (parsed JSON/YAML) scorecard document against docs/FORMAT.md and reports every problem,
// each with its path. Formulas are parsed and checked against the whitelist here, so nothing unchecked can
// reach the scorer. Keys the format does not know are reported as warnings (usually typos), not problems.
import { ScorecardDocument } from './document';
import { Expr, FormulaError, parseFormula } from './formula/expr';
import { nameIssue } from './local-name';
import { Dec, isDecimalString, MAX_EXPONENT, MONEY_MAX } from './money';
import { at, problem, Problem, ProblemCode, ProblemParams } from './problems';

export interface ValidationReport {
  problems: Problem[];
  warnings: Problem[];
}

export const INPUT_CODE_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const PERIOD_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
export const SCORING_METHODS = [
  'linear',
  'ratio',
  'band',
  'thresholds',
  'efficacy',
  'deduction',
  'direct',
] as const;
export const MISSING_POLICIES = ['renormalize', 'zero', 'fail'] as const;
/** Variables a money formula may use besides the inputs. */
export const MONEY_VARIABLES = ['total', 'coefficient', 'points', 'workloadValue'] as const;
/** Known in every money formula unless an input of the same name shadows it (so no clash is reported). */
export const PERIOD_VARIABLES = ['days_in_period'] as const;
/** Department facts a pool formula may use, besides the department's inputs and the period's variables. */
export const POOL_VARIABLES = ['headcount', 'score'] as const;
const WEIGHT_TOLERANCE = 1e-9;

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/** The most low-score items a plan holds (a set's `plans.items`; PLAN_MAX_ITEMS). */
export const MAX_PLAN_ITEMS = 30;
/** The longest reason of a grade override, in characters after trimming. */
export const MAX_OVERRIDE_REASON = 500;

export const KNOWN_KEYS: Record<string, readonly string[]> = {
  document: [
    'formatVersion',
    'period',
    'inputs',
    'indicatorSets',
    'workload',
    'departments',
    'staff',
    'incentive',
  ],
  input: ['code', 'name', 'unit', 'level', 'description', 'aggregate'],
  set: ['code', 'name', 'dimensions', 'indicators', 'grades', 'plans', 'quotas', 'description'],
  plans: ['threshold', 'items'],
  quotas: ['scope', 'rules'],
  quotaRule: ['grade', 'maxShare', 'minCount', 'minStaff'],
  gradeOverride: ['grade', 'reason'],
  dimension: ['code', 'name', 'weight'],
  indicator: [
    'code',
    'name',
    'dimension',
    'weight',
    'formula',
    'unit',
    'scoring',
    'missing',
    'veto',
    'source',
    'planBelow',
    'description',
  ],
  grade: ['min', 'grade', 'coefficient'],
  veto: ['atLeast', 'atMost', 'cap'],
  workload: ['components', 'tasks', 'adjustments', 'pointValue'],
  task: ['code', 'name', 'rvu', 'description'],
  adjustment: ['site', 'factors'],
  department: ['code', 'name', 'site', 'parent', 'inputs'],
  staff: [
    'id',
    'name',
    'employeeNo',
    'department',
    'site',
    'postType',
    'employmentType',
    'indicatorSet',
    'inputs',
    'tasks',
    'gradeOverride',
  ],
  incentive: ['amount', 'pools', 'weight', 'maxPerPerson', 'minPerPerson', 'proration', 'deductions'],
  pool: ['department', 'amount', 'formula'],
};

const SCORING_KEYS: Record<string, readonly string[]> = {
  linear: ['worst', 'target', 'floor', 'cap'],
  ratio: ['target', 'direction', 'floor', 'cap'],
  band: ['low', 'high', 'tolerance'],
  thresholds: ['steps'],
  efficacy: ['satisfactory', 'unacceptable', 'floor', 'cap'],
  deduction: ['perUnit', 'base', 'floor'],
  direct: ['floor', 'cap'],
};

/** Collects problems and warnings with their paths; shared with the appraisal document's validation. */
export class Checker {
  readonly problems: Problem[] = [];
  readonly warnings: Problem[] = [];
  /** Where each unknown key was met, to drop it (`withoutUnknownKeys`). */
  readonly unknown: [Obj, string][] = [];

  /** A problem at `path`: its code, the values it quotes, and (`around`) the words before or after them. */
  problem(
    path: string,
    code: ProblemCode,
    params?: ProblemParams,
    around?: { before?: string; after?: string },
  ): void {
    this.problems.push(problem(path, code, params, around));
  }

  /** Reports keys outside `known` as warnings. */
  keys(o: Obj, known: readonly string[], path: string): void {
    for (const k of Object.keys(o)) {
      if (!known.includes(k)) {
        this.warnings.push(problem(at(path, k), 'UNKNOWN_KEY'));
        this.unknown.push([o, k]);
      }
    }
  }

  obj(v: unknown, path: string): v is Obj {
    if (isObj(v)) return true;
    this.problem(path, 'NOT_AN_OBJECT', { got: show(v) });
    return false;
  }

  list(v: unknown, path: string, { nonEmpty = false } = {}): v is unknown[] {
    if (!Array.isArray(v)) {
      if (v === undefined) this.problem(path, 'REQUIRED_LIST');
      else this.problem(path, 'NOT_A_LIST', { got: show(v) });
      return false;
    }
    if (nonEmpty && v.length === 0) {
      this.problem(path, 'EMPTY_LIST');
      return false;
    }
    return true;
  }

  str(o: Obj, key: string, path: string, { optional = false } = {}): string | undefined {
    const v = o[key];
    if (v === undefined && optional) return undefined;
    if (typeof v === 'string' && v.trim() !== '') return v;
    if (v === undefined) this.problem(at(path, key), 'REQUIRED');
    else this.problem(at(path, key), 'NOT_A_STRING', { got: show(v) });
    return undefined;
  }

  /** A name: a text, or `{zh, en}` with at least one (docs/FORMAT.md, "Names"). */
  name(o: Obj, path: string, { optional = false } = {}): void {
    const v = o.name;
    if (v === undefined && optional) return;
    if (v === undefined) return this.problem(at(path, 'name'), 'REQUIRED');
    const why = nameIssue(v);
    if (why)
      this.problem(
        at(path, 'name'),
        why.code,
        { ...why.params, got: show(v) },
        { after: `, got ${show(v)}` },
      );
  }

  num(
    o: Obj,
    key: string,
    path: string,
    { optional = false, min }: { optional?: boolean; min?: number } = {},
  ): number | undefined {
    const v = o[key];
    if (v === undefined && optional) return undefined;
    if (!isNum(v)) {
      if (v === undefined) this.problem(at(path, key), 'REQUIRED');
      else this.problem(at(path, key), 'NOT_A_NUMBER', { got: show(v) });
      return undefined;
    }
    if (min !== undefined && v < min) {
      this.problem(at(path, key), 'BELOW_MIN', { min, got: v });
      return undefined;
    }
    return v;
  }

  /** A decimal string such as "30000.00" (money must never be a binary float). */
  decimal(
    o: Obj,
    key: string,
    path: string,
    { optional = false, maxDecimals = Infinity } = {},
  ): string | undefined {
    const v = o[key];
    if (v === undefined && optional) return undefined;
    if (isDecimalString(v, maxDecimals) && !v.startsWith('-')) {
      if (v.split('.')[0].replace(/^0+(?=\d)/, '').length <= MONEY_MAX.indexOf('.')) return v;
      this.problem(at(path, key), 'MONEY_TOO_LARGE', { max: MONEY_MAX, got: show(v) });
      return undefined;
    }
    if (v === undefined) this.problem(at(path, key), 'REQUIRED');
    else if (typeof v === 'number') this.problem(at(path, key), 'MONEY_IS_NUMBER', { example: v.toFixed(2) });
    else if (maxDecimals < Infinity)
      this.problem(at(path, key), 'NOT_A_DECIMAL_PLACES', { decimals: maxDecimals, got: show(v) });
    else this.problem(at(path, key), 'NOT_A_DECIMAL', { got: show(v) });
    return undefined;
  }

  oneOf<T extends string>(
    o: Obj,
    key: string,
    values: readonly T[],
    path: string,
    { optional = false } = {},
  ): T | undefined {
    const v = o[key];
    if (v === undefined && optional) return undefined;
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
    if (v === undefined) this.problem(at(path, key), 'REQUIRED_ONE_OF', { values: values.join(', ') });
    else this.problem(at(path, key), 'NOT_ONE_OF', { got: show(v), values: values.join(', ') });
    return undefined;
  }

  /** Reports a duplicate code; returns false when `code` was already seen. */
  unique(seen: Set<string>, code: string | undefined, path: string, what: string): boolean {
    if (code === undefined) return false;
    if (seen.has(code)) {
      this.problem(path, 'DUPLICATE', { what, code });
      return false;
    }
    seen.add(code);
    return true;
  }

  formula(
    text: unknown,
    path: string,
    isSymbol: (name: string) => boolean,
    label: string,
    { money = false } = {},
  ): void {
    try {
      const expr = parseFormula(text, isSymbol);
      // Decimal arithmetic has no cheap overflow: a money formula's powers are bounded where they are written.
      const big = money ? hugeExponent(expr) : undefined;
      if (big !== undefined) this.problem(path, 'MONEY_EXPONENT', { label, power: big, max: MAX_EXPONENT });
    } catch (e) {
      if (e instanceof FormulaError)
        this.problem(path, e.code, { label, ...e.params }, { before: `${label} ` });
      else throw e;
    }
  }

  inputValues(v: unknown, path: string, inputCodes: Set<string>): void {
    if (v === undefined) return;
    if (!this.obj(v, path)) return;
    // for…in, not Object.entries: a run's chunk checks tens of thousands of values, and the pairs were garbage.
    for (const k in v) {
      if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
      const x = v[k];
      if (!inputCodes.has(k)) this.problem(at(path, k), 'NOT_DECLARED_INPUT', { input: k });
      else if (x !== null && !isNum(x)) this.problem(at(path, k), 'NOT_A_NUMBER_OR_NULL', { got: show(x) });
    }
  }
}

/** The first literal exponent beyond ±MAX_EXPONENT in `e` (`x ^ 1000000`, `x ^ -(500)`), if any. */
function hugeExponent(e: Expr): number | undefined {
  const literal = (x: Expr): number | undefined =>
    x.k === 'num'
      ? x.v
      : x.k === 'neg'
        ? literal(x.a) === undefined
          ? undefined
          : -literal(x.a)!
        : undefined;
  switch (e.k) {
    case 'bin': {
      const b = e.op === '^' ? literal(e.b) : undefined;
      if (b !== undefined && Math.abs(b) > MAX_EXPONENT) return b;
      return hugeExponent(e.a) ?? hugeExponent(e.b);
    }
    case 'neg':
      return hugeExponent(e.a);
    case 'cond':
      return hugeExponent(e.c) ?? hugeExponent(e.t) ?? hugeExponent(e.f);
    case 'call':
      for (const a of e.args) {
        const h = hugeExponent(a);
        if (h !== undefined) return h;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Checks everything the format requires. A document with no problems is a `ScorecardDocument`. */
export function validateDocument(raw: unknown): ValidationReport {
  return check(raw, new Checker()).report;
}

/**
 * What checking a document's configuration (its inputs, sets and workload catalogue) learnt, which its
 * departments, staff and incentive are checked against.
 */
export interface CheckedConfiguration {
  inputCodes: Set<string>;
  setCodes: Set<string>;
  /** Each set's grade names (for staff's grade overrides). */
  gradesOf: Map<string, string[]>;
  taskCodes: Set<string>;
  hasWorkload: boolean;
}

/**
 * validateDocument, also giving what it learnt of the configuration: `validateWithConfiguration` checks another
 * document of the same configuration without checking that again (null when the document is not a month's).
 */
export function validateConfigured(raw: unknown): {
  report: ValidationReport;
  configuration: CheckedConfiguration | null;
} {
  return check(raw, new Checker());
}

/**
 * Checks a document whose configuration (inputs, sets, workload catalogue) is the same as one that passed
 * `validateConfigured` with no problem: everything else as validateDocument checks it (the document's keys,
 * format version and period, its departments, staff and incentive).
 */
export function validateWithConfiguration(
  raw: unknown,
  configuration: CheckedConfiguration,
): ValidationReport {
  return check(raw, new Checker(), configuration).report;
}

function check(
  raw: unknown,
  c: Checker,
  known?: CheckedConfiguration,
): { report: ValidationReport; configuration: CheckedConfiguration | null } {
  const report = () => ({ problems: c.problems, warnings: c.warnings });
  if (!isObj(raw)) {
    c.problem('', 'DOCUMENT_NOT_OBJECT', { got: show(raw) });
    return { report: report(), configuration: null };
  }
  // An appraisal document (a period above the month) has its own validation (appraisal-validate.ts): a month's
  // reader (the import, the set checks) refuses it here in one problem rather than in a dozen about its shape.
  if (raw.appraisal !== undefined) {
    c.problem('appraisal', 'APPRAISAL_NOT_A_MONTH', { period: show(raw.period) });
    return { report: report(), configuration: null };
  }
  c.keys(raw, KNOWN_KEYS.document, '');
  if (raw.formatVersion !== 1) c.problem('formatVersion', 'FORMAT_VERSION', { got: show(raw.formatVersion) });
  if (typeof raw.period !== 'string' || !PERIOD_RE.test(raw.period)) {
    c.problem('period', 'BAD_PERIOD', { got: show(raw.period) });
  }
  const configuration = known ?? checkConfiguration(c, raw);
  checkDepartments(c, raw.departments, configuration.inputCodes);
  const staffDepts = checkStaff(c, raw.staff, configuration);
  if (raw.incentive !== undefined) checkIncentive(c, raw.incentive, configuration.inputCodes, staffDepts);
  return { report: report(), configuration };
}

/** A document's inputs, sets and workload catalogue checked: what the rest of it is checked against. */
function checkConfiguration(c: Checker, raw: Obj): CheckedConfiguration {
  const inputCodes = checkInputs(c, raw.inputs);
  const gradesOf = new Map<string, string[]>();
  const setCodes = checkSets(c, raw.indicatorSets, inputCodes, gradesOf);
  const taskCodes = checkWorkload(c, raw.workload);
  return { inputCodes, setCodes, gradesOf, taskCodes, hasWorkload: raw.workload !== undefined };
}

/**
 * A copy of `raw` without the keys the format does not know (the ones `validateDocument` warns about): what is
 * stored of an imported document, so that an unknown key — a typo, or a YAML alias bomb hung under one — is
 * reported and never kept.
 */
export function withoutUnknownKeys(raw: unknown): unknown {
  const copy = structuredClone(raw);
  const c = new Checker();
  check(copy, c);
  for (const [o, k] of c.unknown) delete o[k];
  return copy;
}

/** Narrows after validation; throws nothing, the caller checks `problems`. */
export function asDocument(raw: unknown): ScorecardDocument {
  return raw as ScorecardDocument;
}

export function checkInputs(c: Checker, inputs: unknown): Set<string> {
  const codes = new Set<string>();
  if (!c.list(inputs, 'inputs')) return codes;
  inputs.forEach((inp, i) => {
    const p = at('inputs', i);
    if (!c.obj(inp, p)) return;
    c.keys(inp, KNOWN_KEYS.input, p);
    const code = c.str(inp, 'code', p);
    if (code !== undefined && !INPUT_CODE_RE.test(code)) {
      c.problem(at(p, 'code'), 'BAD_INPUT_CODE', { code, pattern: INPUT_CODE_RE.source });
    } else c.unique(codes, code, at(p, 'code'), 'input code');
    c.name(inp, p);
    c.str(inp, 'unit', p);
    c.oneOf(inp, 'level', ['staff', 'department'], p);
  });
  return codes;
}

/** @param gradesOf filled with each set's grade names (for staff's grade overrides) */
function checkSets(
  c: Checker,
  sets: unknown,
  inputCodes: Set<string>,
  gradesOf: Map<string, string[]>,
): Set<string> {
  const codes = new Set<string>();
  if (!c.list(sets, 'indicatorSets', { nonEmpty: true })) return codes;
  sets.forEach((set, si) => {
    const p = at('indicatorSets', si);
    if (!c.obj(set, p)) return;
    c.keys(set, KNOWN_KEYS.set, p);
    const code = c.str(set, 'code', p);
    c.unique(codes, code, at(p, 'code'), 'indicator set code');
    c.name(set, p);
    const setName = code ?? `#${si}`;
    const label = `set ${setName}`;

    // Dimensions: unique codes, weights ≥ 0 summing to 100.
    const dimWeights = new Map<string, number>();
    const dims = set.dimensions;
    if (c.list(dims, at(p, 'dimensions'), { nonEmpty: true })) {
      let sum = 0;
      let complete = true;
      dims.forEach((d, di) => {
        const dp = at(p, 'dimensions', di);
        if (!c.obj(d, dp)) return void (complete = false);
        c.keys(d, KNOWN_KEYS.dimension, dp);
        const dcode = c.str(d, 'code', dp);
        c.name(d, dp);
        const w = c.num(d, 'weight', dp, { min: 0 });
        if (w === undefined) complete = false;
        else sum += w;
        if (
          c.unique(new Set(dimWeights.keys()), dcode, at(dp, 'code'), 'dimension code') &&
          dcode !== undefined
        ) {
          dimWeights.set(dcode, 0);
        }
      });
      if (complete && Math.abs(sum - 100) > WEIGHT_TOLERANCE) {
        c.problem(at(p, 'dimensions'), 'DIMENSION_WEIGHTS', { set: setName, sum });
      }
    }

    // Indicators.
    const indCodes = new Set<string>();
    const inds = set.indicators;
    if (c.list(inds, at(p, 'indicators'), { nonEmpty: true })) {
      const weightComplete = new Map<string, boolean>();
      inds.forEach((ind, ii) => {
        const ip = at(p, 'indicators', ii);
        if (!c.obj(ind, ip)) return;
        c.keys(ind, KNOWN_KEYS.indicator, ip);
        const icode = c.str(ind, 'code', ip);
        c.unique(indCodes, icode, at(ip, 'code'), `indicator code in ${label}`);
        c.name(ind, ip);
        c.str(ind, 'unit', ip, { optional: true });
        c.str(ind, 'source', ip, { optional: true });
        const dim = c.str(ind, 'dimension', ip);
        const w = c.num(ind, 'weight', ip, { min: 0 });
        if (dim !== undefined) {
          if (!dimWeights.has(dim))
            c.problem(at(ip, 'dimension'), 'NOT_A_DIMENSION', { dimension: dim, set: setName });
          else if (w === undefined) weightComplete.set(dim, false);
          else dimWeights.set(dim, dimWeights.get(dim)! + w);
        }
        c.formula(
          ind.formula,
          at(ip, 'formula'),
          (s) => inputCodes.has(s),
          `indicator ${icode ?? `#${ii}`}: formula`,
        );
        checkScoring(c, ind.scoring, at(ip, 'scoring'));
        c.oneOf(ind, 'missing', MISSING_POLICIES, ip, { optional: true });
        if (ind.veto !== undefined) checkVeto(c, ind.veto, at(ip, 'veto'));
        c.num(ind, 'planBelow', ip, { optional: true, min: 0 });
      });
      for (const [dim, sum] of dimWeights) {
        if (weightComplete.get(dim) === false) continue;
        if (Math.abs(sum - 100) > WEIGHT_TOLERANCE) {
          c.problem(at(p, 'indicators'), 'INDICATOR_WEIGHTS', { set: setName, dimension: dim, sum });
        }
      }
    }

    if (set.grades !== undefined && c.list(set.grades, at(p, 'grades'))) {
      set.grades.forEach((g, gi) => {
        const gp = at(p, 'grades', gi);
        if (!c.obj(g, gp)) return;
        c.keys(g, KNOWN_KEYS.grade, gp);
        c.num(g, 'min', gp);
        c.str(g, 'grade', gp);
        c.num(g, 'coefficient', gp, { min: 0 });
      });
    }
    const grades = Array.isArray(set.grades)
      ? set.grades.flatMap((g) => (isObj(g) && typeof g.grade === 'string' ? [g.grade] : []))
      : [];
    if (code !== undefined && !gradesOf.has(code)) gradesOf.set(code, grades);
    if (set.quotas !== undefined) checkQuotas(c, set.quotas, at(p, 'quotas'), setName, set.grades, grades);

    const plans = set.plans;
    if (plans !== undefined && c.obj(plans, at(p, 'plans'))) {
      c.keys(plans, KNOWN_KEYS.plans, at(p, 'plans'));
      c.num(plans, 'threshold', at(p, 'plans'), { optional: true, min: 0 });
      const items = c.num(plans, 'items', at(p, 'plans'), { optional: true, min: 0 });
      if (items !== undefined && (!Number.isInteger(items) || items > MAX_PLAN_ITEMS))
        c.problem(at(p, 'plans', 'items'), 'PLAN_ITEMS', { got: items, max: MAX_PLAN_ITEMS });
    }
  });
  return codes;
}

/** A set's grade quotas (docs/FORMAT.md, "Grade quotas and overrides"). */
export function checkQuotas(
  c: Checker,
  q: unknown,
  p: string,
  set: string,
  gradesDef: unknown,
  grades: string[],
): void {
  if (!c.obj(q, p)) return;
  c.keys(q, KNOWN_KEYS.quotas, p);
  if (gradesDef === undefined || (Array.isArray(gradesDef) && gradesDef.length === 0))
    c.problem(p, 'QUOTA_WITHOUT_GRADES', { set });
  if (q.scope !== undefined && q.scope !== 'department' && q.scope !== 'hospital')
    c.problem(at(p, 'scope'), 'QUOTA_SCOPE', { got: show(q.scope) });
  if (!c.list(q.rules, at(p, 'rules'), { nonEmpty: true })) return;
  const seen = new Set<string>();
  const whole = (v: unknown) => isNum(v) && Number.isInteger(v) && v >= 1;
  q.rules.forEach((rule, i) => {
    const rp = at(p, 'rules', i);
    const bad = () => c.problem(rp, 'QUOTA_RULE', { set, grades: grades.join(', ') || '-', got: show(rule) });
    if (!isObj(rule)) return bad();
    c.keys(rule, KNOWN_KEYS.quotaRule, rp);
    const cap = rule.maxShare !== undefined;
    const min = rule.minCount !== undefined;
    const kind = cap ? 'maxShare' : 'minCount';
    const ok =
      typeof rule.grade === 'string' &&
      grades.includes(rule.grade) &&
      cap !== min &&
      (cap
        ? isNum(rule.maxShare) &&
          rule.maxShare >= 0 &&
          rule.maxShare <= 100 &&
          rule.minStaff === undefined &&
          // The last grade has no grade below it to move anyone down to.
          rule.grade !== grades[grades.length - 1]
        : whole(rule.minCount) && (rule.minStaff === undefined || whole(rule.minStaff))) &&
      !seen.has(`${kind}\u0000${rule.grade}`);
    if (!ok) return bad();
    seen.add(`${kind}\u0000${rule.grade as string}`);
  });
}

/** HR's override of a member of staff's grade: one of their set's grades, with a reason. */
export function checkGradeOverride(c: Checker, o: unknown, p: string, set: string, grades: string[]): void {
  if (!c.obj(o, p)) return;
  c.keys(o, KNOWN_KEYS.gradeOverride, p);
  const params = { set, grades: grades.join(', ') || '-', max: MAX_OVERRIDE_REASON };
  if (typeof o.grade !== 'string' || !grades.includes(o.grade))
    c.problem(at(p, 'grade'), 'GRADE_OVERRIDE', { ...params, got: show(o.grade) });
  const reason = typeof o.reason === 'string' ? [...o.reason.trim()].length : 0;
  if (reason < 1 || reason > MAX_OVERRIDE_REASON)
    c.problem(at(p, 'reason'), 'GRADE_OVERRIDE', { ...params, got: show(o.reason) });
}

function checkScoring(c: Checker, s: unknown, p: string): void {
  if (!c.obj(s, p)) return;
  const method = c.oneOf(s, 'method', SCORING_METHODS, p);
  if (!method) return;
  c.keys(s, ['method', ...SCORING_KEYS[method]], p);
  const floorCap = () => {
    const lo = c.num(s, 'floor', p, { optional: true });
    const hi = c.num(s, 'cap', p, { optional: true });
    if ((lo ?? 0) > (hi ?? 100))
      c.problem(at(p, 'floor'), 'FLOOR_ABOVE_CAP', { floor: lo ?? 0, cap: hi ?? 100 });
  };
  switch (method) {
    case 'linear': {
      const worst = c.num(s, 'worst', p);
      const target = c.num(s, 'target', p);
      if (worst !== undefined && worst === target)
        c.problem(at(p, 'target'), 'TARGET_EQUALS_WORST', { worst });
      floorCap();
      break;
    }
    case 'ratio': {
      const target = c.num(s, 'target', p);
      if (target === 0) c.problem(at(p, 'target'), 'TARGET_ZERO');
      c.oneOf(s, 'direction', ['higher', 'lower'], p, { optional: true });
      floorCap();
      break;
    }
    case 'band': {
      const low = c.num(s, 'low', p);
      const high = c.num(s, 'high', p);
      const tol = c.num(s, 'tolerance', p);
      if (low !== undefined && high !== undefined && low > high)
        c.problem(at(p, 'low'), 'LOW_ABOVE_HIGH', { low, high });
      if (tol !== undefined && tol <= 0) c.problem(at(p, 'tolerance'), 'NOT_POSITIVE', { got: tol });
      break;
    }
    case 'thresholds': {
      if (!c.list(s.steps, at(p, 'steps'), { nonEmpty: true })) break;
      s.steps.forEach((st, i) => {
        const sp = at(p, 'steps', i);
        if (!c.obj(st, sp)) return;
        c.keys(st, ['atLeast', 'atMost', 'score'], sp);
        c.num(st, 'atLeast', sp, { optional: true });
        c.num(st, 'atMost', sp, { optional: true });
        c.num(st, 'score', sp);
      });
      break;
    }
    case 'efficacy': {
      const sat = c.num(s, 'satisfactory', p);
      const un = c.num(s, 'unacceptable', p);
      if (sat !== undefined && sat === un)
        c.problem(at(p, 'satisfactory'), 'SATISFACTORY_EQUALS_UNACCEPTABLE', { satisfactory: sat });
      floorCap();
      break;
    }
    case 'deduction':
      c.num(s, 'perUnit', p);
      c.num(s, 'base', p, { optional: true });
      c.num(s, 'floor', p, { optional: true });
      break;
    case 'direct':
      floorCap();
      break;
  }
}

function checkVeto(c: Checker, v: unknown, p: string): void {
  if (!c.obj(v, p)) return;
  c.keys(v, KNOWN_KEYS.veto, p);
  const lo = c.num(v, 'atLeast', p, { optional: true });
  const hi = c.num(v, 'atMost', p, { optional: true });
  if (lo === undefined && hi === undefined && v.atLeast === undefined && v.atMost === undefined) {
    c.problem(p, 'VETO_NO_CONDITION');
  }
  c.num(v, 'cap', p);
}

function checkWorkload(c: Checker, w: unknown): Set<string> {
  const codes = new Set<string>();
  if (w === undefined || !c.obj(w, 'workload')) return codes;
  c.keys(w, KNOWN_KEYS.workload, 'workload');
  let components: Set<string> | undefined;
  if (w.components !== undefined && c.list(w.components, 'workload.components')) {
    components = new Set();
    w.components.forEach((comp, i) => {
      if (typeof comp !== 'string' || comp === '')
        c.problem(at('workload.components', i), 'NOT_A_STRING', { got: show(comp) });
      else c.unique(components!, comp, at('workload.components', i), 'component');
    });
  }
  const checkComponent = (comp: string, path: string) => {
    if (components && !components.has(comp)) c.problem(path, 'NOT_A_COMPONENT', { component: comp });
  };
  if (c.list(w.tasks, 'workload.tasks')) {
    w.tasks.forEach((t, i) => {
      const p = at('workload.tasks', i);
      if (!c.obj(t, p)) return;
      c.keys(t, KNOWN_KEYS.task, p);
      c.unique(codes, c.str(t, 'code', p), at(p, 'code'), 'task code');
      c.name(t, p);
      if (isObj(t.rvu)) {
        for (const [comp, v] of Object.entries(t.rvu)) {
          checkComponent(comp, at(p, 'rvu', comp));
          if (!isNum(v) || v < 0) c.problem(at(p, 'rvu', comp), 'NEGATIVE', { got: show(v) });
        }
      } else c.num(t, 'rvu', p, { min: 0 });
    });
  }
  if (w.adjustments !== undefined && c.list(w.adjustments, 'workload.adjustments')) {
    const sites = new Set<string>();
    w.adjustments.forEach((a, i) => {
      const p = at('workload.adjustments', i);
      if (!c.obj(a, p)) return;
      c.keys(a, KNOWN_KEYS.adjustment, p);
      c.unique(sites, c.str(a, 'site', p), at(p, 'site'), 'site');
      if (!c.obj(a.factors, at(p, 'factors'))) return;
      for (const [comp, v] of Object.entries(a.factors)) {
        checkComponent(comp, at(p, 'factors', comp));
        if (!isNum(v) || v < 0) c.problem(at(p, 'factors', comp), 'NEGATIVE', { got: show(v) });
      }
    });
  }
  c.decimal(w, 'pointValue', 'workload', { optional: true });
  return codes;
}

export function checkDepartments(c: Checker, depts: unknown, inputCodes: Set<string>): void {
  const codes = new Set<string>();
  if (depts === undefined || !c.list(depts, 'departments')) return;
  depts.forEach((d, i) => {
    const p = at('departments', i);
    if (!c.obj(d, p)) return;
    c.keys(d, KNOWN_KEYS.department, p);
    c.unique(codes, c.str(d, 'code', p), at(p, 'code'), 'department code');
    c.name(d, p, { optional: true });
    c.str(d, 'site', p, { optional: true });
    c.inputValues(d.inputs, at(p, 'inputs'), inputCodes);
  });
}

function checkStaff(c: Checker, staff: unknown, ctx: CheckedConfiguration): Set<string> {
  const depts = new Set<string>();
  if (!c.list(staff, 'staff')) return depts;
  const ids = new Set<string>();
  const seen = { ids, depts };
  // One context for everyone (a run's chunk checks 500 staff: an object and two closures each were garbage).
  const head = {
    inputCodes: ctx.inputCodes,
    gradesOf: (set: string) => ctx.gradesOf.get(set) ?? [],
    isSet: (set: string) => ctx.setCodes.has(set),
  };
  staff.forEach((s, i) => {
    const p = at('staff', i);
    if (!checkStaffHead(c, s, p, KNOWN_KEYS.staff, seen, head)) return;
    if (s.tasks !== undefined && c.obj(s.tasks, at(p, 'tasks'))) {
      for (const [task, n] of Object.entries(s.tasks)) {
        const tp = at(p, 'tasks', task);
        if (!ctx.taskCodes.has(task)) {
          c.problem(tp, ctx.hasWorkload ? 'UNKNOWN_TASK' : 'TASK_WITHOUT_CATALOGUE', { task });
        } else if (!isNum(n) || n < 0) c.problem(tp, 'BAD_COUNT', { got: show(n) });
      }
    }
  });
  return depts;
}

/**
 * What every kind of document checks alike on a member of staff, in this order: an object of known keys, a unique
 * `id`, `department`, `site`, `indicatorSet` (one of the sets, when `isSet` says), `gradeOverride` and `inputs`.
 * @returns false when `s` is not an object (nothing else can be checked)
 */
export function checkStaffHead(
  c: Checker,
  s: unknown,
  p: string,
  keys: readonly string[],
  seen: { ids: Set<string>; depts: Set<string> },
  ctx: { inputCodes: Set<string>; gradesOf: (set: string) => string[]; isSet?: (set: string) => boolean },
): s is Obj {
  if (!c.obj(s, p)) return false;
  c.keys(s, keys, p);
  c.unique(seen.ids, c.str(s, 'id', p), at(p, 'id'), 'staff id');
  const dept = c.str(s, 'department', p);
  if (dept !== undefined) seen.depts.add(dept);
  c.str(s, 'site', p, { optional: true });
  const set = c.str(s, 'indicatorSet', p);
  if (set !== undefined && ctx.isSet && !ctx.isSet(set))
    c.problem(at(p, 'indicatorSet'), 'NOT_A_SET', { set });
  if (s.gradeOverride !== undefined)
    checkGradeOverride(c, s.gradeOverride, at(p, 'gradeOverride'), set ?? '', ctx.gradesOf(set ?? ''));
  c.inputValues(s.inputs, at(p, 'inputs'), ctx.inputCodes);
  return true;
}

/** @param variables the money variables besides the inputs (an appraisal period has its own). */
export function checkIncentive(
  c: Checker,
  inc: unknown,
  inputCodes: Set<string>,
  staffDepartments: Set<string>,
  variables: readonly string[] = MONEY_VARIABLES,
): void {
  if (!c.obj(inc, 'incentive')) return;
  c.keys(inc, KNOWN_KEYS.incentive, 'incentive');
  for (const v of variables) {
    if (inputCodes.has(v)) c.problem('inputs', 'MONEY_VARIABLE_CLASH', { input: v });
  }
  const known = (list: readonly string[]) => (s: string) => inputCodes.has(s) || list.includes(s);
  const isMoneySymbol = known([...variables, ...PERIOD_VARIABLES]);
  const hasAmount = inc.amount !== undefined;
  const hasPools = inc.pools !== undefined;
  if (hasAmount === hasPools) {
    c.problem('incentive', 'AMOUNT_OR_POOLS');
    return;
  }
  // Cap, floor and proration apply to both modes.
  const max = c.decimal(inc, 'maxPerPerson', 'incentive', { optional: true, maxDecimals: 2 });
  const min = c.decimal(inc, 'minPerPerson', 'incentive', { optional: true, maxDecimals: 2 });
  if (max !== undefined && min !== undefined && new Dec(min).greaterThan(max))
    c.problem('incentive.minPerPerson', 'FLOOR_ABOVE_MAX', { min, max });
  if (inc.proration !== undefined)
    c.formula(inc.proration, 'incentive.proration', isMoneySymbol, 'proration formula', { money: true });
  // `deductions: true` (this project's extension) lets an amount formula give a negative amount, paid as a
  // PERF_DEDUCTION line; pools never give negatives (weights below 0 are refused), so it belongs to amounts.
  if (inc.deductions !== undefined && typeof inc.deductions !== 'boolean')
    c.problem('incentive.deductions', 'NOT_BOOLEAN', { got: show(inc.deductions) });
  if (hasAmount) {
    c.formula(inc.amount, 'incentive.amount', isMoneySymbol, 'amount formula', { money: true });
    if (inc.weight !== undefined) c.problem('incentive.weight', 'ONLY_WITH_POOLS');
    return;
  }
  if (inc.deductions !== undefined) c.problem('incentive.deductions', 'ONLY_WITH_AMOUNT');
  if (inc.weight === undefined) c.problem('incentive.weight', 'REQUIRED_WITH_POOLS');
  else c.formula(inc.weight, 'incentive.weight', isMoneySymbol, 'weight formula', { money: true });
  if (!c.list(inc.pools, 'incentive.pools')) return;
  const isPoolSymbol = known([...POOL_VARIABLES, ...PERIOD_VARIABLES]);
  const seen = new Set<string>();
  let formulas = false;
  inc.pools.forEach((pool, i) => {
    const p = at('incentive.pools', i);
    if (!c.obj(pool, p)) return;
    c.keys(pool, KNOWN_KEYS.pool, p);
    const dept = c.str(pool, 'department', p);
    if (
      c.unique(seen, dept, at(p, 'department'), 'pool for department') &&
      dept !== undefined &&
      !staffDepartments.has(dept)
    ) {
      c.problem(at(p, 'department'), 'POOL_WITHOUT_STAFF', { department: dept });
    }
    if (pool.formula !== undefined) {
      formulas = true;
      if (pool.amount !== undefined) c.problem(p, 'AMOUNT_OR_FORMULA');
      else c.formula(pool.formula, at(p, 'formula'), isPoolSymbol, 'pool formula', { money: true });
    } else c.decimal(pool, 'amount', p, { maxDecimals: 2 });
  });
  if (formulas) {
    for (const v of POOL_VARIABLES) {
      if (inputCodes.has(v)) c.problem('inputs', 'POOL_VARIABLE_CLASH', { input: v });
    }
  }
}

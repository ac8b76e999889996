// Validates an appraisal document, a period above the month (docs/FORMAT.md, "Appraisal periods above the
// month"), with the month validator's checker, so that inputs, departments, grade quotas, overrides and the
// incentive are checked by the very same code and report the same problem codes at their paths.
import type { AppraisalDef, AppraisalRuleDef } from './appraisal-document';
import { at } from './problems';
import {
  Checker,
  checkDepartments,
  checkStaffHead,
  checkIncentive,
  checkInputs,
  checkQuotas,
  isNum,
  isObj,
  KNOWN_KEYS,
  Obj,
  PERIOD_RE,
  show,
  validateDocument,
  ValidationReport,
} from './validate';

export const APPRAISAL_PERIOD_RE = /^\d{4}(-Q[1-4]|-H[12])?$/;
/** Variables of a roll-up formula besides the inputs and `months_<G>` (months graded G). */
export const ROLLUP_VARIABLES = ['mean', 'min', 'max', 'months', 'days', 'vetoes'] as const;
/** `months_<G>`: the months graded G, for a grade code G that is a formula name. */
export const MONTHS_GRADED_RE = /^months_([A-Za-z0-9_]+)$/;
/** Variables of the period's money formulas besides the inputs (and `days_in_period`, the days of the period). */
export const APPRAISAL_MONEY_VARIABLES = ['total', 'coefficient', 'months', 'days'] as const;
const ROLLUPS = ['mean', 'formula'] as const;
const RULE_KEYS = ['rollup', 'formula', 'minMonths', 'assessments', 'caps', 'grades', 'quotas'];

const KEYS = {
  document: ['formatVersion', 'period', 'appraisal', 'inputs', 'departments', 'staff', 'incentive'],
  appraisal: [...RULE_KEYS, 'sets'],
  rule: RULE_KEYS,
  assessment: ['input', 'weight'],
  cap: ['grade', 'months', 'vetoes', 'to'],
  // A month's staff keys, with their months instead of task counts.
  staff: [...KNOWN_KEYS.staff.filter((k) => k !== 'tasks'), 'months'],
  month: ['period', 'total', 'grade', 'vetoed', 'days', 'daysInPeriod', 'error'],
};

/** A document with an `appraisal` key is an appraisal document (a month document has none). */
export function isAppraisalDocument(raw: unknown): boolean {
  return isObj(raw) && raw.appraisal !== undefined;
}

/** The months ("YYYY-MM") of a period "YYYY", "YYYY-Qn" or "YYYY-Hn", in order. */
export function periodMonths(period: string): string[] {
  const [year, part] = period.split('-');
  const [first, count] =
    part === undefined
      ? [1, 12]
      : part[0] === 'Q'
        ? [3 * Number(part[1]) - 2, 3]
        : [6 * Number(part[1]) - 5, 6];
  return Array.from({ length: count }, (_, i) => `${year}-${String(first + i).padStart(2, '0')}`);
}

/** The days of a period (a year, a quarter, a half-year): 365 or 366 for a year. */
export function appraisalPeriodDays(period: string): number {
  return periodMonths(period).reduce((n, m) => n + monthDays(m), 0);
}

/** Days in a "YYYY-MM" month. */
export function monthDays(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The rule of a person of `set`: the document's, with the keys the set overrides. */
export function ruleFor(
  def: AppraisalDef,
  set: string,
): AppraisalRuleDef & { grades: AppraisalDef['grades'] } {
  const own = def.sets && Object.prototype.hasOwnProperty.call(def.sets, set) ? def.sets[set] : undefined;
  const rule = { ...def, grades: def.grades };
  delete rule.sets;
  if (!own) return rule;
  for (const [k, v] of Object.entries(own)) if (v !== undefined) (rule as Obj)[k] = v;
  return rule;
}

/** Validates a month's document or an appraisal document, whichever `raw` is. */
export function validateAnyDocument(raw: unknown): ValidationReport {
  return isAppraisalDocument(raw) ? validateAppraisal(raw) : validateDocument(raw);
}

/** Checks everything docs/FORMAT.md requires of an appraisal document; with no problems it is one. */
export function validateAppraisal(raw: unknown): ValidationReport {
  const c = new Checker();
  const report = () => ({ problems: c.problems, warnings: c.warnings });
  if (!isObj(raw)) {
    c.problem('', 'DOCUMENT_NOT_OBJECT', { got: show(raw) });
    return report();
  }
  c.keys(raw, KEYS.document, '');
  if (raw.formatVersion !== 1) c.problem('formatVersion', 'FORMAT_VERSION', { got: show(raw.formatVersion) });
  const period =
    typeof raw.period === 'string' && APPRAISAL_PERIOD_RE.test(raw.period) ? raw.period : undefined;
  if (period === undefined) c.problem('period', 'BAD_APPRAISAL_PERIOD', { got: show(raw.period) });
  const months = period === undefined ? null : new Set(periodMonths(period));

  const inputCodes = checkInputs(c, raw.inputs);
  const staffInputs = new Set<string>();
  if (Array.isArray(raw.inputs))
    for (const inp of raw.inputs)
      if (isObj(inp) && inp.level === 'staff' && typeof inp.code === 'string') staffInputs.add(inp.code);
  const clashes = new Set<string>();
  for (const code of inputCodes) {
    if ((ROLLUP_VARIABLES as readonly string[]).includes(code) || MONTHS_GRADED_RE.test(code)) {
      clashes.add(code);
      c.problem('inputs', 'APPRAISAL_VARIABLE_CLASH', {
        input: code,
        variables: [...ROLLUP_VARIABLES, 'months_<grade>'].join(', '),
      });
    }
  }
  const gradesOf = checkAppraisal(c, raw.appraisal, {
    inputCodes,
    staffInputs,
    monthsInPeriod: months?.size ?? 12,
  });
  checkDepartments(c, raw.departments, inputCodes);
  const staffDepartments = checkStaff(c, raw.staff, { inputCodes, months, period, gradesOf });
  if (raw.incentive !== undefined)
    // An input already reported as a roll-up variable's clash (`months`, `days`) is not reported again as money's.
    checkIncentive(
      c,
      raw.incentive,
      new Set([...inputCodes].filter((code) => !clashes.has(code))),
      staffDepartments,
      APPRAISAL_MONEY_VARIABLES,
    );
  return report();
}

interface RuleContext {
  inputCodes: Set<string>;
  staffInputs: Set<string>;
  monthsInPeriod: number;
}

/** @returns the grades of a person of a set (the set's own when `sets` overrides them, else the document's). */
function checkAppraisal(c: Checker, a: unknown, ctx: RuleContext): (set: string) => string[] {
  const none = () => [];
  if (a === undefined) {
    c.problem('appraisal', 'REQUIRED');
    return none;
  }
  if (!c.obj(a, 'appraisal')) return none;
  c.keys(a, KEYS.appraisal, 'appraisal');
  if (a.grades === undefined) c.problem('appraisal.grades', 'REQUIRED_LIST');
  const top = checkRule(c, a, 'appraisal', 'appraisal', ctx, null);
  const sets = new Map<string, string[]>();
  if (a.sets !== undefined && c.obj(a.sets, 'appraisal.sets')) {
    for (const [code, rule] of Object.entries(a.sets)) {
      const p = at('appraisal.sets', code);
      if (!c.obj(rule, p)) continue;
      c.keys(rule, KEYS.rule, p);
      sets.set(code, checkRule(c, rule, p, `appraisal.sets.${code}`, ctx, { rule: a, grades: top }));
    }
  }
  return (set) => sets.get(set) ?? top;
}

/**
 * One rule: the document's (`inherited` null) or a set's, whose absent keys are the document's.
 * @returns the grade names the rule grades with.
 */
function checkRule(
  c: Checker,
  r: Obj,
  p: string,
  label: string,
  ctx: RuleContext,
  inherited: { rule: Obj; grades: string[] } | null,
): string[] {
  const rollup = c.oneOf(r, 'rollup', ROLLUPS, p, { optional: true });
  const effective = r.rollup !== undefined ? rollup : (inherited?.rule.rollup ?? 'mean');
  const formula = r.formula ?? (r.rollup === undefined ? inherited?.rule.formula : undefined);
  if (effective === 'formula' && formula === undefined) c.problem(p, 'ROLLUP_NEEDS_FORMULA');
  if (r.formula !== undefined) {
    if (effective !== 'formula') c.problem(at(p, 'formula'), 'FORMULA_WITHOUT_ROLLUP');
    else
      c.formula(
        r.formula,
        at(p, 'formula'),
        (s) =>
          ctx.inputCodes.has(s) ||
          (ROLLUP_VARIABLES as readonly string[]).includes(s) ||
          MONTHS_GRADED_RE.test(s),
        'rollup formula',
      );
  }
  const min = r.minMonths;
  if (min !== undefined && (!isNum(min) || !Number.isInteger(min) || min < 1 || min > ctx.monthsInPeriod))
    c.problem(at(p, 'minMonths'), 'MIN_MONTHS', { max: ctx.monthsInPeriod, got: show(min) });

  if (r.assessments !== undefined && c.list(r.assessments, at(p, 'assessments'))) {
    let sum = 0;
    const seen = new Set<string>();
    r.assessments.forEach((x, i) => {
      const ap = at(p, 'assessments', i);
      if (!c.obj(x, ap)) return;
      c.keys(x, KEYS.assessment, ap);
      const input = c.str(x, 'input', ap);
      if (input !== undefined && !ctx.staffInputs.has(input))
        c.problem(at(ap, 'input'), 'ASSESSMENT_INPUT', { input });
      else c.unique(seen, input, at(ap, 'input'), 'assessment input');
      sum += c.num(x, 'weight', ap, { min: 0 }) ?? 0;
    });
    if (sum > 100) c.problem(at(p, 'assessments'), 'ASSESSMENT_WEIGHTS', { sum });
  }

  let grades = inherited?.grades ?? [];
  if (r.grades !== undefined && c.list(r.grades, at(p, 'grades'), { nonEmpty: true })) {
    r.grades.forEach((g, gi) => {
      const gp = at(p, 'grades', gi);
      if (!c.obj(g, gp)) return;
      c.keys(g, KNOWN_KEYS.grade, gp);
      c.num(g, 'min', gp);
      c.str(g, 'grade', gp);
      c.num(g, 'coefficient', gp, { min: 0 });
    });
    grades = r.grades.flatMap((g) => (isObj(g) && typeof g.grade === 'string' ? [g.grade] : []));
  }
  const gradesDef = r.grades ?? inherited?.rule.grades;
  if (r.quotas !== undefined) checkQuotas(c, r.quotas, at(p, 'quotas'), label, gradesDef, grades);

  if (r.caps !== undefined && c.list(r.caps, at(p, 'caps'))) {
    const whole = (v: unknown) => isNum(v) && Number.isInteger(v) && v >= 1;
    r.caps.forEach((cap, i) => {
      const cp = at(p, 'caps', i);
      const bad = () => c.problem(cp, 'APPRAISAL_CAP', { grades: grades.join(', ') || '-', got: show(cap) });
      if (!isObj(cap)) return bad();
      c.keys(cap, KEYS.cap, cp);
      const byGrade = cap.grade !== undefined;
      const ok =
        (byGrade || cap.vetoes !== undefined) &&
        (!byGrade || (typeof cap.grade === 'string' && cap.grade.trim() !== '')) &&
        (cap.months === undefined || (byGrade && whole(cap.months))) &&
        (cap.vetoes === undefined || whole(cap.vetoes)) &&
        typeof cap.to === 'string' &&
        grades.includes(cap.to);
      if (!ok) bad();
    });
  }
  return grades;
}

function checkStaff(
  c: Checker,
  staff: unknown,
  ctx: {
    inputCodes: Set<string>;
    months: Set<string> | null;
    period: string | undefined;
    gradesOf: (set: string) => string[];
  },
): Set<string> {
  const depts = new Set<string>();
  if (!c.list(staff, 'staff')) return depts;
  const ids = new Set<string>();
  staff.forEach((s, i) => {
    const p = at('staff', i);
    if (!checkStaffHead(c, s, p, KEYS.staff, { ids, depts }, ctx)) return;
    if (!c.list(s.months, at(p, 'months'))) return;
    const seen = new Set<string>();
    s.months.forEach((m, mi) => {
      const mp = at(p, 'months', mi);
      if (!c.obj(m, mp)) return;
      c.keys(m, KEYS.month, mp);
      const month = m.period;
      if (typeof month !== 'string' || !PERIOD_RE.test(month))
        c.problem(at(mp, 'period'), 'BAD_PERIOD', { got: show(month) });
      else if (ctx.months && !ctx.months.has(month))
        c.problem(at(mp, 'period'), 'MONTH_OUTSIDE_PERIOD', { month, period: ctx.period! });
      else c.unique(seen, month, at(mp, 'period'), 'month');
      if (m.total === undefined) c.problem(at(mp, 'total'), 'REQUIRED');
      else if (m.total !== null && !isNum(m.total))
        c.problem(at(mp, 'total'), 'NOT_A_NUMBER_OR_NULL', { got: show(m.total) });
      if (m.grade !== undefined && m.grade !== null) c.str(m, 'grade', mp);
      if (m.vetoed !== undefined && typeof m.vetoed !== 'boolean')
        c.problem(at(mp, 'vetoed'), 'NOT_BOOLEAN', { got: show(m.vetoed) });
      const days = c.num(m, 'days', mp, { optional: true, min: 0 });
      const inMonth = c.num(m, 'daysInPeriod', mp, { optional: true, min: 1 });
      const monthLength =
        inMonth ?? (typeof month === 'string' && PERIOD_RE.test(month) ? monthDays(month) : undefined);
      if (days !== undefined && monthLength !== undefined && days > monthLength)
        c.problem(at(mp, 'days'), 'DAYS_ABOVE_MONTH', { days, daysInPeriod: monthLength });
      c.str(m, 'error', mp, { optional: true });
    });
  });
  return depts;
}

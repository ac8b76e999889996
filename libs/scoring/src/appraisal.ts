// Scores an appraisal document: a year, a quarter or a half-year rolled up from the monthly results as they were
// closed (docs/FORMAT.md, "Appraisal periods above the month"). Pure: a function over already-loaded months.
//
// The steps are the month's, so that a batch can run them apart as it does for months: `scoreStaff` needs one
// person (roll-up, assessments, grade by total, caps, an amount incentive or a pool weight); `calibration` needs
// the quota groups (the grade quotas and overrides of calibration.ts, reused as they are, starting from the grade
// after the caps); `rollUp` (rollup.ts, the month's) gives department means, ranks and the pool splits to the
// cent. `score()` runs them all over the document.
import { Arena } from './arena';
import type {
  AppraisalCapDef,
  AppraisalCapped,
  AppraisalDocument,
  AppraisalFacts,
  AppraisalResult,
  AppraisalRuleDef,
  AppraisalStaffDef,
  AppraisalStaffResult,
  AppraisalStaffScore,
  MonthResultDef,
} from './appraisal-document';
import {
  appraisalPeriodDays,
  monthDays,
  MONTHS_GRADED_RE,
  periodMonths,
  ruleFor,
  validateAppraisal,
} from './appraisal-validate';
import { calibrate, CalibrationReach, GradeEntry, GradeScale } from './calibration';
import { inputSlots } from './compile';
import type { Calibration, DepartmentDef, GradeDef, QuotasDef, StaffDef } from './document';
import type { IncentiveParts } from './explain-render';
import { ColumnFn, ColumnsSource, compileColumns } from './formula/columns';
import { parseFormula, symbolsOf } from './formula/expr';
import { compileIncentive, CompiledIncentive, ExplainMode } from './incentive';
import type { Lang } from './lang';
import { Dec } from './money';
import { DocumentInvalidError } from './problems';
import { round2 } from './rounding';
import { RollupEntry, rollUpDocument } from './rollup';

/** A rule compiled once per set that has one (key: the set's code) and once for everyone else (key ''). */
interface CompiledRule {
  key: string;
  def: AppraisalRuleDef;
  formula: { text: string; fn: ColumnFn; symbols: string[] } | null;
  minMonths: number;
  grades: GradeDef[];
  quotas?: QuotasDef;
  caps: AppraisalCapDef[];
}

/** What `scoreStaff` gives for a list of people: results in their order, and the roll-up's entries. */
export interface AppraisalScoring {
  results: AppraisalStaffResult[];
  entries: RollupEntry[];
  /** Per result, the parts of its amount incentive (null without one), for rendering in another language. */
  incentiveParts: (IncentiveParts | null)[];
}

/** An appraisal document compiled once; each step may be called on any slice of its staff. */
export class CompiledAppraisal {
  /** Days of the period (`days_in_period` of money formulas). */
  readonly periodDays: number;
  readonly monthsInPeriod: number;
  readonly incentive: CompiledIncentive | null;
  private readonly rules = new Map<string, CompiledRule>();
  private readonly departments: Map<string, DepartmentDef>;
  private readonly arena = new Arena(1);

  constructor(readonly doc: AppraisalDocument) {
    this.periodDays = appraisalPeriodDays(doc.period);
    this.monthsInPeriod = periodMonths(doc.period).length;
    this.departments = new Map((doc.departments ?? []).map((d) => [d.code, d]));
    // `months` and `days` are the person's, read through `inputValue` like an input.
    const slots = inputSlots([
      ...doc.inputs,
      ...['months', 'days'].map((code) => ({ code, name: code, unit: '', level: 'staff' as const })),
    ]);
    this.incentive = doc.incentive
      ? compileIncentive(doc.incentive, slots, doc.period, this.periodDays)
      : null;
  }

  /** The rule of a person of `set`: a set's own rule when `appraisal.sets` has one, else the document's. */
  ruleOf(set: string): CompiledRule {
    const key = ownRule(this.doc, set) !== undefined ? set : '';
    let rule = this.rules.get(key);
    if (!rule) {
      const def = ruleFor(this.doc.appraisal, key);
      const formula =
        def.rollup === 'formula' && def.formula !== undefined
          ? (() => {
              const expr = parseFormula(def.formula, () => true);
              const symbols = symbolsOf(expr);
              return { text: def.formula, fn: compileColumns(expr, (s) => symbols.indexOf(s)), symbols };
            })()
          : null;
      rule = {
        key,
        def,
        formula,
        minMonths: def.minMonths ?? 1,
        grades: def.grades,
        quotas: def.quotas,
        caps: def.caps ?? [],
      };
      this.rules.set(key, rule);
    }
    return rule;
  }

  /**
   * The quota group key of a set's staff: staff under the same grades and quotas are calibrated together, so
   * a set overriding neither shares the document's groups (key '').
   */
  quotaKey(set: string): string {
    const own = ownRule(this.doc, set);
    return own && (own.grades !== undefined || own.quotas !== undefined) ? set : '';
  }

  /** What calibration reads of a quota group (`quotaKey`): its grades and quotas. */
  gradeScale(key: string): GradeScale {
    const rule = this.ruleOf(key);
    return { grades: rule.grades, quotas: rule.quotas };
  }

  siteOf(s: AppraisalStaffDef): string | null {
    return s.site ?? this.departments.get(s.department)?.site ?? null;
  }

  /** The person's own input, else their department's (null means no value), as in a month. */
  inputValue(s: AppraisalStaffDef | StaffDef, code: string): number | undefined {
    const own = s.inputs?.[code];
    if (own !== undefined && own !== null) return own;
    const dep = this.departments.get(s.department)?.inputs?.[code];
    return dep !== undefined && dep !== null ? dep : undefined;
  }

  /**
   * Scores people (in their order) with everything that needs nobody else: roll-up, assessments, grade by total,
   * caps, and an amount incentive or a pool weight. A person in `calibrated` holds the calibration's grade (and
   * its coefficient), as months do; without it, the grade after the caps.
   */
  scoreStaff(
    staff: readonly AppraisalStaffDef[],
    explain: ExplainMode = true,
    calibrated?: ReadonlyMap<string, Calibration>,
  ): AppraisalScoring {
    const results: AppraisalStaffResult[] = [];
    const entries: RollupEntry[] = [];
    const incentiveParts: (IncentiveParts | null)[] = [];
    for (const s of staff) {
      const r = this.scorePerson(s, calibrated?.get(s.id));
      const entry: RollupEntry = {
        id: s.id,
        department: s.department,
        site: r.site,
        total: 'error' in r ? null : r.total,
        weight: null,
        factor: null,
        error: null,
      };
      let parts: IncentiveParts | null = null;
      if (!('error' in r)) {
        if (explain === true) Object.assign(r.explanation, renderAppraisal(r, 'en'));
        if (this.incentive) parts = this.money(s, r, entry, explain);
      }
      results.push(r);
      entries.push(entry);
      incentiveParts.push(parts);
    }
    return { results, entries, incentiveParts };
  }

  /**
   * The calibrations of `results` (scored from `staff`, in the same order) under the period's grade quotas and
   * the staff's overrides, each person starting from the grade after the caps. People without a grade for the
   * period (an error, too few months) take no part, and their override is ignored.
   */
  calibration(
    staff: readonly AppraisalStaffDef[],
    results: readonly AppraisalStaffResult[],
    reach: CalibrationReach = 'all',
  ): Map<string, Calibration> {
    const entries: GradeEntry[] = [];
    results.forEach((r, i) => {
      const key = this.quotaKey(r.indicatorSet);
      // A slice holding whole departments (a run's chunk) leaves hospital-wide groups to the whole period.
      if (reach !== 'all' && this.gradeScale(key).quotas?.scope === 'hospital') return;
      if (reach === 'person' && this.gradeScale(key).quotas) return;
      const graded = !('error' in r) && r.ungraded === null;
      entries.push({
        id: r.id,
        department: r.department,
        set: key,
        total: graded ? r.total : null,
        override: graded ? staff[i].gradeOverride : undefined,
        start: graded ? (r.capped?.to ?? r.facts.band?.grade ?? null) : undefined,
      });
    });
    return calibrate(entries, (key) => this.gradeScale(key));
  }

  /** Calibrates a scoring of `staff` in place: the people the quotas or an override move are scored again. */
  calibrated(
    staff: readonly AppraisalStaffDef[],
    scoring: AppraisalScoring,
    explain: ExplainMode = true,
    reach: CalibrationReach = 'all',
  ): AppraisalScoring {
    const map = this.calibration(staff, scoring.results, reach);
    if (map.size === 0) return scoring;
    const at = staff.flatMap((s, i) => (map.has(s.id) ? [i] : []));
    const again = this.scoreStaff(
      at.map((i) => staff[i]),
      explain,
      map,
    );
    at.forEach((i, k) => {
      scoring.results[i] = again.results[k];
      scoring.entries[i] = again.entries[k];
      scoring.incentiveParts[i] = again.incentiveParts[k];
    });
    return scoring;
  }

  score(options: { explain?: boolean } = {}): AppraisalResult {
    const explain = options.explain ?? true;
    const doc = this.doc;
    const { results, entries } = this.calibrated(doc.staff, this.scoreStaff(doc.staff, explain), explain);
    const { departments, errors } = rollUpDocument(
      doc.staff,
      results,
      entries,
      this.departments,
      this.incentive,
      explain,
    );
    return { period: doc.period, staff: results, departments, errors };
  }

  /** One person before the pool split: the error met, or the numbers, grade and facts of their period. */
  private scorePerson(s: AppraisalStaffDef, calibration: Calibration | undefined): AppraisalStaffResult {
    const head = { id: s.id, department: s.department, site: this.siteOf(s), indicatorSet: s.indicatorSet };
    const rule = this.ruleOf(s.indicatorSet);
    const counted = s.months.filter((m) => m.total !== null && m.error === undefined && daysOf(m) > 0);
    if (counted.length === 0)
      return {
        ...head,
        error: `no month of ${this.doc.period} has a total for ${s.id}: nothing to roll up`,
      };
    const days = counted.reduce((n, m) => n + daysOf(m), 0);
    // Σ total·days / Σ days in decimals (totals have 2 decimals), then rounded as shown: the mean that is used.
    const mean = round2(
      counted
        .reduce((acc, m) => acc.plus(new Dec(String(m.total)).times(daysOf(m))), new Dec(0))
        .div(days)
        .toNumber(),
    );
    let rolled = mean;
    if (rule.formula) {
      const v = this.rollupFormula(rule.formula, s, counted, mean, days);
      if (typeof v === 'string') return { ...head, error: v };
      rolled = round2(v);
    }
    // Assessments: the roll-up keeps (100 − Σw) %, each assessment its w %; a missing one's weight is dropped and
    // the rest re-normalised to 100.
    const assessments = (rule.def.assessments ?? []).map((a) => ({
      input: a.input,
      weight: a.weight,
      value: this.inputValue(s, a.input) ?? null,
    }));
    const rolledShare = 100 - assessments.reduce((n, a) => n + a.weight, 0);
    const present = rolledShare + assessments.reduce((n, a) => n + (a.value === null ? 0 : a.weight), 0);
    let total = rolled;
    if (present > 0 && assessments.some((a) => a.value !== null))
      total = round2(
        (rolledShare * rolled +
          assessments.reduce((n, a) => n + (a.value === null ? 0 : a.weight * a.value), 0)) /
          present,
      );
    const band = rule.grades.find((g) => total >= g.min) ?? null;
    const ungraded =
      counted.length < rule.minMonths
        ? `worked ${counted.length} of ${this.monthsInPeriod} months, fewer than ${rule.minMonths}`
        : null;
    const capped = ungraded === null ? this.capOf(rule, counted, band) : null;
    const heldName =
      ungraded !== null ? null : calibration ? calibration.to : (capped?.to ?? band?.grade ?? null);
    const held = heldName === null ? undefined : rule.grades.find((g) => g.grade === heldName);
    const facts: AppraisalFacts = {
      rollup: rule.formula ? 'formula' : 'mean',
      formula: rule.formula?.text ?? null,
      mean,
      monthsInPeriod: this.monthsInPeriod,
      errors: s.months.filter((m) => m.error !== undefined).length,
      assessments: assessments.map((a) => ({
        input: a.input,
        weight: a.weight,
        share: a.value === null || present <= 0 ? 0 : round2((100 * a.weight) / present),
        value: a.value,
      })),
      minMonths: rule.minMonths,
      band: band && { min: band.min, grade: band.grade, coefficient: band.coefficient },
    };
    const result: AppraisalStaffScore = {
      ...head,
      total,
      rolled,
      grade: held?.grade ?? null,
      coefficient: held?.coefficient ?? 0,
      months: counted.length,
      days,
      ungraded,
      capped,
      calibration: ungraded === null ? (calibration ?? null) : null,
      incentive: null,
      explanation: { total: '', grade: '', incentive: null },
      facts,
    };
    return result;
  }

  /** The tightest cap that holds the grade of the total down, if any (a cap never raises a grade). */
  private capOf(
    rule: CompiledRule,
    counted: readonly MonthResultDef[],
    band: GradeDef | null,
  ): AppraisalCapped | null {
    if (!band) return null;
    const index = (g: string) => rule.grades.findIndex((x) => x.grade === g);
    const vetoes = counted.filter((m) => m.vetoed === true).length;
    let best: AppraisalCapped | null = null;
    for (const cap of rule.caps) {
      const byGrade =
        cap.grade !== undefined && counted.filter((m) => m.grade === cap.grade).length >= (cap.months ?? 1);
      const byVeto = cap.vetoes !== undefined && vetoes >= cap.vetoes;
      if (!byGrade && !byVeto) continue;
      if (index(cap.to) <= index(band.grade)) continue;
      if (!best || index(cap.to) > index(best.to)) best = { grade: band.grade, to: cap.to, rule: { ...cap } };
    }
    return best;
  }

  /** The roll-up formula's value for a person, or why there is none. */
  private rollupFormula(
    f: NonNullable<CompiledRule['formula']>,
    s: AppraisalStaffDef,
    counted: readonly MonthResultDef[],
    mean: number,
    days: number,
  ): number | string {
    const totals = counted.map((m) => m.total!);
    const known = new Map<string, number>([
      ['mean', mean],
      ['min', Math.min(...totals)],
      ['max', Math.max(...totals)],
      ['months', counted.length],
      ['days', days],
      ['vetoes', counted.filter((m) => m.vetoed === true).length],
    ]);
    const cols: Float64Array[] = [];
    for (const name of f.symbols) {
      const graded = MONTHS_GRADED_RE.exec(name);
      const v = known.has(name)
        ? known.get(name)
        : graded
          ? counted.filter((m) => m.grade === graded[1]).length
          : this.inputValue(s, name);
      if (v === undefined) return `the rollup formula needs "${name}", which has no value for ${s.id}`;
      cols.push(Float64Array.of(v));
    }
    this.arena.reset();
    const v = f.fn(new ColumnsSource(cols), 1, this.arena)[0];
    return Number.isFinite(v) ? v : `the rollup formula gives no finite number for ${s.id}`;
  }

  /** The person's amount, or their pool weight on the roll-up entry. @returns the amount's parts, if any. */
  private money(
    s: AppraisalStaffDef,
    r: AppraisalStaffScore,
    entry: RollupEntry,
    explain: ExplainMode,
  ): IncentiveParts | null {
    const inc = this.incentive!;
    if (r.ungraded !== null) {
      // No grade for the period: no weight in a pool, nothing in amount mode.
      if (inc.mode === 'pools') entry.weight = '0';
      else {
        r.incentive = '0.00';
        if (explain === true) r.explanation.incentive = `no grade for ${this.doc.period}: no incentive`;
      }
      return null;
    }
    const source = {
      inputValue: (_: StaffDef, code: string) =>
        code === 'months' ? r.months : code === 'days' ? r.days : this.inputValue(s, code),
    };
    const subject = {
      department: r.department,
      total: r.total,
      coefficient: r.coefficient,
      points: 0,
      workloadValue: null,
    };
    const part = inc.perStaff(s, subject, source, explain);
    if (part.kind === 'amount') {
      r.incentive = part.incentive;
      if (explain === true) r.explanation.incentive = part.explanation;
      return part.parts;
    }
    if (part.kind === 'weight') {
      entry.weight = part.weight;
      entry.factor = part.factor;
    } else if (part.kind === 'error') entry.error = part.message;
    return null;
  }
}

/** A set's own rule (an own key of `sets` only: a set called `constructor` has none unless written). */
function ownRule(doc: AppraisalDocument, set: string): AppraisalRuleDef | undefined {
  const sets = doc.appraisal.sets;
  return sets && Object.prototype.hasOwnProperty.call(sets, set) ? sets[set] : undefined;
}

/** Days worked in a month: as given, else the days of the month. */
function daysOf(m: MonthResultDef): number {
  return m.days ?? m.daysInPeriod ?? monthDays(m.period);
}

/**
 * The texts of a scored person's total and grade, from the result's numbers and facts alone (so a stored result
 * can be rendered in the reader's language, as month explanations are: explain-render.ts).
 */
export function renderAppraisal(r: AppraisalStaffScore, lang: Lang): { total: string; grade: string } {
  const zh = lang === 'zh';
  const f = r.facts;
  const parts: string[] = [];
  parts.push(
    zh
      ? `按出勤天数加权的 ${r.months} 个月平均分（${r.days} 天）：${f.mean}`
      : `day-weighted mean of ${r.months} months (${r.days} days): ${f.mean}`,
  );
  if (f.errors)
    parts.push(zh ? `${f.errors} 个月有错误，未计入` : `${f.errors} month(s) with an error not counted`);
  if (f.formula !== null)
    parts.push(zh ? `汇总公式 ${f.formula} = ${r.rolled}` : `roll-up formula ${f.formula} = ${r.rolled}`);
  const joined = f.assessments.filter((a) => a.value !== null);
  for (const a of f.assessments.filter((x) => x.value === null))
    parts.push(
      zh
        ? `考评 ${a.input} 无分值：其权重 ${a.weight}% 按比例分摊`
        : `assessment ${a.input} has no value: its ${a.weight} % weight is re-normalised away`,
    );
  if (joined.length) {
    const rolledShare = round2(100 - joined.reduce((n, a) => n + a.share, 0));
    const terms = [
      `${rolledShare}% × ${r.rolled}`,
      ...joined.map((a) => `${a.share}% × ${a.value} (${a.input})`),
    ];
    parts.push(
      zh
        ? `加入考评：${terms.join(' + ')} = ${r.total}`
        : `with assessments: ${terms.join(' + ')} = ${r.total}`,
    );
  }
  const total = parts.join(zh ? '；' : '; ');
  if (r.ungraded !== null) {
    const grade = zh
      ? `${f.monthsInPeriod} 个月中有总分的月份 ${r.months} 个，少于 ${f.minMonths}：本期不评等级，系数 0`
      : `${r.ungraded}: no grade for the period, coefficient 0`;
    return { total, grade };
  }
  const s: string[] = [];
  s.push(
    f.band
      ? zh
        ? `${r.total} ≥ ${f.band.min} → 等级 ${f.band.grade}。`
        : `${r.total} ≥ ${f.band.min} → grade ${f.band.grade}.`
      : zh
        ? `没有适用于 ${r.total} 的等级。`
        : `no grade applies to ${r.total}.`,
  );
  if (r.capped) {
    const rule = r.capped.rule;
    const why =
      rule.grade !== undefined
        ? zh
          ? `${rule.months ?? 1} 个月及以上为 ${rule.grade}`
          : `${rule.months ?? 1} or more months graded ${rule.grade}`
        : zh
          ? `${rule.vetoes} 个月及以上被否决`
          : `${rule.vetoes} or more vetoed months`;
    s.push(
      zh ? `封顶为 ${r.capped.to}：${why}。` : `Capped from ${r.capped.grade} to ${r.capped.to}: ${why}.`,
    );
  }
  const c = r.calibration;
  if (c?.quota) {
    const q = c.quota;
    const group =
      q.department === null
        ? zh
          ? '全院'
          : 'hospital-wide'
        : zh
          ? `科室 ${q.department} `
          : `in department ${q.department}`;
    const from = c.from ?? (zh ? '无等级' : 'no grade');
    const to = q.grade ?? (zh ? '无等级' : 'no grade');
    const rule = q.rule;
    s.push(
      'maxShare' in rule
        ? zh
          ? `按${group}的等级配额，由 ${from} 调为 ${to}：${rule.grade} 不超过 ${q.staff} 人的 ${rule.maxShare}%（${q.allowed} 人），排名第 ${q.rank}。`
          : `Moved from ${from} to ${to} by the grade quota ${group}: ${rule.grade} at most ${q.allowed} of ${q.staff} staff (${rule.maxShare} %), ranked ${q.rank}.`
        : zh
          ? `按${group}的等级配额，由 ${from} 调为 ${to}：${q.staff} 人中 ${rule.grade} 及以下至少 ${q.allowed} 人，排名第 ${q.rank}。`
          : `Moved from ${from} to ${to} by the grade quota ${group}: ${rule.grade} or lower at least ${q.allowed} of ${q.staff} staff, ranked ${q.rank}.`,
    );
  }
  if (c?.override)
    s.push(
      zh
        ? `人力资源部调整为 ${c.override.grade}：${c.override.reason}。`
        : `Set to ${c.override.grade} by HR: ${c.override.reason}.`,
    );
  s.push(
    r.grade === null
      ? zh
        ? '无等级，系数 0'
        : 'No grade, coefficient 0'
      : zh
        ? `等级 ${r.grade}，系数 ${r.coefficient}`
        : `Grade ${r.grade}, coefficient ${r.coefficient}`,
  );
  return { total, grade: s.join(' ') };
}

/** Validates and compiles an appraisal document. @throws DocumentInvalidError with every problem. */
export function compileAppraisal(raw: unknown): CompiledAppraisal {
  const report = validateAppraisal(raw);
  if (report.problems.length) throw new DocumentInvalidError(report.problems);
  return new CompiledAppraisal(raw as AppraisalDocument);
}

/** Validates, compiles and scores an appraisal document. @throws DocumentInvalidError with every problem. */
export function scoreAppraisal(raw: unknown, options?: { explain?: boolean }): AppraisalResult {
  return compileAppraisal(raw).score(options);
}

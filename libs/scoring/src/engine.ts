// Scores a whole scorecard document: validation, compilation, column scoring per indicator set, results
// with explanations, workload points, money, and department roll-ups (SCENARIO_FORMAT.md).
import { compileSet, CompiledSet, InputSlots, inputSlots } from './compile';
import {
  DepartmentDef,
  DepartmentResult,
  ScorecardDocument,
  ScorecardResult,
  StaffDef,
  StaffResult,
  StaffScore,
} from './document';
import { explainIndicator, explainTotal } from './explain';
import { compileIncentive, CompiledIncentive } from './incentive';
import { Dec } from './money';
import { DocumentInvalidError } from './problems';
import { round2, round4 } from './rounding';
import { scoreSetColumns, SetScores } from './score-columns';
import { validateDocument } from './validate';
import { compileWorkload, CompiledWorkload, workloadValue } from './workload';

export interface ScoreOptions {
  /** Build the explanation strings (default true). */
  explain?: boolean;
}

/** A document compiled once; `score()` may be called repeatedly (e.g. per chunk in the service). */
export class CompiledScorecard {
  readonly slots: InputSlots;
  readonly sets: Map<string, CompiledSet>;
  readonly workload: CompiledWorkload;
  readonly incentive: CompiledIncentive | null;
  private readonly departments: Map<string, DepartmentDef>;

  constructor(readonly doc: ScorecardDocument) {
    this.slots = inputSlots(doc.inputs);
    this.sets = new Map(doc.indicatorSets.map((s) => [s.code, compileSet(s, this.slots)]));
    this.workload = compileWorkload(doc.workload);
    this.incentive = doc.incentive ? compileIncentive(doc.incentive, this.slots) : null;
    this.departments = new Map((doc.departments ?? []).map((d) => [d.code, d]));
  }

  siteOf(s: StaffDef): string | null {
    return s.site ?? this.departments.get(s.department)?.site ?? null;
  }

  /** The scope of SCENARIO_FORMAT.md: department inputs, overridden by the staff member's own. */
  inputValue(s: StaffDef, code: string): number | undefined {
    const own = s.inputs?.[code];
    if (own !== undefined && own !== null) return own;
    const dep = this.departments.get(s.department)?.inputs?.[code];
    return dep !== undefined && dep !== null ? dep : undefined;
  }

  /** Builds the input columns for a block of staff sharing one set (NaN = no value). */
  columns(set: CompiledSet, staff: readonly StaffDef[]): Float64Array[] {
    const n = staff.length;
    const cols: Float64Array[] = new Array<Float64Array>(this.slots.codes.length);
    for (const slot of set.slots) {
      const code = this.slots.codes[slot];
      const col = new Float64Array(n);
      for (let i = 0; i < n; i++) col[i] = this.inputValue(staff[i], code) ?? NaN;
      cols[slot] = col;
    }
    return cols;
  }

  score(options: ScoreOptions = {}): ScorecardResult {
    const explain = options.explain ?? true;
    const doc = this.doc;
    const results: StaffResult[] = new Array<StaffResult>(doc.staff.length);
    // Group staff by set, keeping each member's position in the document.
    const groups = new Map<string, number[]>();
    doc.staff.forEach((s, i) => {
      const g = groups.get(s.indicatorSet) ?? [];
      g.push(i);
      groups.set(s.indicatorSet, g);
    });
    for (const [code, idx] of groups) {
      const set = this.sets.get(code)!;
      const block = idx.map((i) => doc.staff[i]);
      const scores = scoreSetColumns(set, this.columns(set, block), block.length);
      block.forEach((s, row) => {
        results[idx[row]] = this.staffResult(set, s, scores, row, explain);
      });
    }
    const errors: { staff: string; message: string }[] = [];
    const deptResults = this.departmentResults(results);
    if (this.incentive) {
      const byDept = new Map(deptResults.map((d) => [d.code, d]));
      errors.push(...this.incentive.apply(doc, results, byDept, this, explain));
    }
    for (const r of results) if ('error' in r) errors.unshift({ staff: r.id, message: r.error });
    errors.sort((a, b) => indexOf(doc, a.staff) - indexOf(doc, b.staff));
    return { period: doc.period, staff: results, departments: deptResults, errors };
  }

  private staffResult(set: CompiledSet, s: StaffDef, sc: SetScores, row: number, explain: boolean): StaffResult {
    const head = { id: s.id, department: s.department, site: this.siteOf(s), indicatorSet: set.code };
    const failed = sc.failedAt[row];
    if (failed >= 0) {
      const ind = set.indicators[failed];
      return { ...head, error: `indicator ${ind.code} is missing (${this.missingReason(s, ind.symbols)}) and its policy is "fail"` };
    }
    if (!(sc.presentWeight[row] > 0)) {
      return { ...head, error: `no indicator of set ${set.code} could be scored: every input it needs is missing` };
    }
    const presentW = sc.presentWeight[row];
    const dimensions = set.dimensions.map((d, k) => {
      const sd = sc.dimScores[k][row];
      const present = sd === sd;
      return {
        code: d.code,
        score: present ? round2(sd) : null,
        weight: d.weight,
        effectiveWeight: present ? round4((100 * d.weight) / presentW) : 0,
      };
    });
    const vetoReasons: string[] = [];
    const indicators = set.indicators.map((ind, k) => {
      const miss = sc.missing[k][row] === 1;
      const x = sc.values[k][row];
      const sRaw = sc.scores[k][row];
      const scored = sRaw === sRaw;
      const dimW = set.dimensions[ind.dimIndex].weight;
      const contribution = scored ? (dimW / presentW) * (ind.weight / sc.dimWeightSums[ind.dimIndex][row]) * sRaw : NaN;
      if (ind.veto && !miss && x >= (ind.veto.atLeast ?? -Infinity) && x <= (ind.veto.atMost ?? Infinity)) {
        vetoReasons.push(ind.code);
      }
      return {
        code: ind.code,
        dimension: ind.dimension,
        value: miss ? null : round4(x),
        score: scored ? round2(sRaw) : null,
        weight: ind.weight,
        missing: miss,
        contribution: scored ? round2(contribution) : null,
        explanation: explain ? explainIndicator(ind, miss, x, sRaw, contribution, this.missingReason(s, ind.symbols, miss)) : '',
      };
    });
    const total = round2(sc.totals[row]);
    const grade = gradeOf(set, total);
    const points = this.workload.points(s.tasks, head.site);
    const result: StaffScore = {
      ...head,
      total,
      grade: grade?.grade ?? null,
      coefficient: grade?.coefficient ?? 0,
      vetoed: sc.vetoed[row] === 1,
      vetoReasons,
      dimensions,
      indicators,
      points: points.toNumber(),
      workloadValue: workloadValue(points, this.workload.pointValue),
      incentive: null,
      explanation: {
        total: explain ? explainTotal(set, sc, row, total, vetoReasons) : '',
        grade: explain ? explainGrade(set, total, grade) : '',
        points: explain ? this.workload.explain(s.tasks, head.site, points) : '',
        incentive: null,
      },
    };
    return result;
  }

  private missingReason(s: StaffDef, symbols: string[], miss = true): string {
    if (!miss) return '';
    const absent = symbols.filter((c) => this.inputValue(s, c) === undefined);
    return absent.length
      ? `no value for ${absent.join(', ')}`
      : 'the formula gives no finite number (for example a division by zero)';
  }

  private departmentResults(results: StaffResult[]): DepartmentResult[] {
    const byCode = new Map<string, { site: string | null; totals: number[] }>();
    for (const r of results) {
      const d = byCode.get(r.department) ?? { site: this.departments.get(r.department)?.site ?? r.site, totals: [] };
      if (!('error' in r)) d.totals.push(r.total);
      byCode.set(r.department, d);
    }
    const list: DepartmentResult[] = [...byCode.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([code, d]) => ({
        code,
        site: d.site,
        // Mean of the rounded totals, in decimals so that the mean of 2-decimal numbers is exact before rounding.
        score: d.totals.length
          ? round2(
              d.totals
                .reduce((acc, t) => acc.plus(new Dec(String(t))), new Dec(0))
                .div(d.totals.length)
                .toNumber(),
            )
          : null,
        staffCount: d.totals.length,
        rank: null,
      }));
    // Competition ranking (1, 2, 2, 4) by score, descending; departments without a score have no rank.
    for (const d of list) {
      if (d.score === null) continue;
      const s = d.score;
      d.rank = 1 + list.filter((o) => o.score !== null && o.score > s).length;
    }
    return list;
  }
}

function gradeOf(set: CompiledSet, total: number) {
  return set.grades?.find((g) => total >= g.min);
}

function explainGrade(set: CompiledSet, total: number, g: { min: number; grade: string; coefficient: number } | undefined): string {
  if (!set.grades) return `set ${set.code} defines no grades: grade none, coefficient 0`;
  if (!g) return `no grade of set ${set.code} applies to ${total}: coefficient 0`;
  return `${total} ≥ ${g.min} → grade ${g.grade}, coefficient ${g.coefficient}`;
}

const docIndex = new WeakMap<ScorecardDocument, Map<string, number>>();
function indexOf(doc: ScorecardDocument, id: string): number {
  let m = docIndex.get(doc);
  if (!m) {
    m = new Map(doc.staff.map((s, i) => [s.id, i]));
    docIndex.set(doc, m);
  }
  return m.get(id) ?? -1;
}

/** Validates, compiles and scores. @throws DocumentInvalidError with every problem. */
export function scoreDocument(raw: unknown, options?: ScoreOptions): ScorecardResult {
  return compileDocument(raw).score(options);
}

/** Validates and compiles. @throws DocumentInvalidError with every problem. */
export function compileDocument(raw: unknown): CompiledScorecard {
  const report = validateDocument(raw);
  if (report.problems.length) throw new DocumentInvalidError(report.problems);
  return new CompiledScorecard(raw as ScorecardDocument);
}

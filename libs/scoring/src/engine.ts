// Scores a whole scorecard document: validation, compilation, column scoring per indicator set, results
// with explanations, workload points, money, and department roll-ups (docs/FORMAT.md).
import { Arena } from './arena';
import { scoreAppraisal } from './appraisal';
import type { AppraisalDocument, AppraisalResult } from './appraisal-document';
import { isAppraisalDocument } from './appraisal-validate';
import { calibrate, CalibrationReach, GradeEntry, GradeScale } from './calibration';
import { CompiledIndicator, compileSet, CompiledSet, InputSlots, inputSlots } from './compile';
import { ColumnsSource, RowsSource } from './formula/columns';
import {
  Calibration,
  DepartmentDef,
  INPUT_ROW,
  ownInput,
  ScorecardDocument,
  ScorecardResult,
  StaffDef,
  StaffResult,
  StaffScore,
} from './document';
import { explainInEnglish, explanationFacts } from './explain';
import { ExplanationFacts, IncentiveParts } from './explain-render';
import { compileIncentive, CompiledIncentive, ExplainMode } from './incentive';
import { RollupEntry, rollUpDocument } from './rollup';
import { DocumentInvalidError } from './problems';
import { round2, round4 } from './rounding';
import { scoreSetColumns, SetScores } from './score-columns';
import {
  CheckedConfiguration,
  validateConfigured,
  validateDocument,
  validateWithConfiguration,
} from './validate';
import {
  headText,
  IndicatorNotes,
  jsonNumber,
  packedError,
  quoted,
  setTexts,
  StoredHead,
  StoredResult,
  StoredScore,
  TextBytes,
  writeScore,
} from './stored-result';
import { compileWorkload, CompiledWorkload, workloadValue } from './workload';

/** Staff scored together in one pass of column loops (a 4096-row column of doubles is 32 KiB). */
export const CHUNK_ROWS = 4096;

/**
 * The working columns of every scorecard in this process: a run compiles a scorecard per chunk, and an arena of
 * its own each time allocated (and first-touched) some megabytes of fresh columns per chunk, never reused. One
 * process scores one block at a time (scoring is synchronous), so the columns a block returns stay valid until
 * the next block is scored, by whichever scorecard.
 */
const WORKSPACE = new Arena(CHUNK_ROWS);

/** The two texts of a stored result, written by one scorecard at a time (scoring is synchronous). */
const PACKED = new TextBytes();
const SCORES = new TextBytes();

export interface ScoreOptions {
  /** Build the explanation strings (default true). */
  explain?: boolean;
}

/** What `scoreStaff` gives: results in the staff's order, the roll-up's entries, and what explains them. */
export interface StaffScoring {
  results: StaffResult[];
  entries: RollupEntry[];
  /**
   * With explain 'parts' (the texts left empty): per result, the facts its texts are rendered from (null for an
   * error) and the parts of its amount incentive (null without one). Empty arrays otherwise.
   */
  facts: (ExplanationFacts | null)[];
  incentiveParts: (IncentiveParts | null)[];
}

/** What `scoreStored` gives: a run's results as it stores them, the roll-up's entries, the amount incentives' parts. */
export interface StoredScoring {
  results: StoredResult[];
  entries: RollupEntry[];
  incentiveParts: (IncentiveParts | null)[];
}

/** A document compiled once; `score()` may be called repeatedly (e.g. per chunk in the service). */
export class CompiledScorecard {
  readonly slots: InputSlots;
  readonly sets: Map<string, CompiledSet>;
  readonly workload: CompiledWorkload;
  readonly incentive: CompiledIncentive | null;
  private readonly departments: Map<string, DepartmentDef>;
  private readonly deptInputCache = new Map<string, Float64Array>();
  /** The process's working columns (see WORKSPACE). */
  private readonly arena = WORKSPACE;
  /** Some set has grade quotas (then every document scored with it is calibrated). */
  private readonly quotas: boolean;

  /** @param compiled what `doc`'s configuration compiles to (ScorecardCompiler: compiled once for many documents) */
  constructor(
    readonly doc: ScorecardDocument,
    compiled: CompiledConfiguration = compileConfiguration(doc),
  ) {
    this.slots = compiled.slots;
    this.sets = compiled.sets;
    this.workload = compiled.workload;
    this.incentive = compiled.incentive;
    this.departments = new Map((doc.departments ?? []).map((d) => [d.code, d]));
    this.quotas = [...this.sets.values()].some((s) => s.quotas !== undefined && !!s.grades?.length);
  }

  /** What calibration reads of a set: its grades and quotas (the compiled set itself). */
  gradeScale(set: string): GradeScale | undefined {
    return this.sets.get(set);
  }

  siteOf(s: StaffDef): string | null {
    return s.site ?? this.departments.get(s.department)?.site ?? null;
  }

  /** The scope of docs/FORMAT.md: department inputs, overridden by the staff member's own. */
  inputValue(s: StaffDef, code: string): number | undefined {
    const own = ownInput(s, code, this.slots.index);
    if (own !== undefined) return own;
    const dep = this.departments.get(s.department)?.inputs?.[code];
    return dep !== undefined && dep !== null ? dep : undefined;
  }

  /**
   * Builds the input columns for a block of staff sharing one set (NaN = no value). A staff member's row of
   * numbers (INPUT_ROW) is copied; their inputs object is read once, in key order (objects of one shape share
   * their key order, so the slot of the key at each position is remembered instead of looked up), its numbers
   * over the row's; department values fill what is left.
   */
  columns(set: CompiledSet, staff: readonly StaffDef[], ws = new Arena(staff.length)): Float64Array[] {
    const n = staff.length;
    const cols: Float64Array[] = new Array<Float64Array>(this.slots.codes.length);
    for (const slot of set.slots) cols[slot] = ws.f64(n).fill(NaN);
    const wanted = (key: string): number => {
      const slot = this.slots.index.get(key);
      return slot !== undefined && cols[slot] !== undefined ? slot : -1;
    };
    // The key order of the first inputs object; objects of the same shape enumerate keys in the same order,
    // so a pointer comparison per key replaces a map lookup. Any other order still works, just slower.
    const keyAt = Object.keys(staff.find((s) => s.inputs)?.inputs ?? {});
    const slotAt = Int32Array.from(keyAt, wanted);
    const m = keyAt.length;
    for (let i = 0; i < n; i++) {
      // A row of numbers first (a run's chunk), then the numbers of `inputs` over it.
      const row = staff[i][INPUT_ROW];
      if (row !== undefined) for (const slot of set.slots) cols[slot][i] = row[slot];
      const inputs = staff[i].inputs;
      if (inputs === undefined) continue;
      let p = 0;
      for (const key in inputs) {
        const slot = p < m && keyAt[p] === key ? slotAt[p] : wanted(key);
        p++;
        if (slot < 0) continue;
        const v = inputs[key];
        if (typeof v === 'number') cols[slot][i] = v;
      }
    }
    // Department inputs, only where the staff member gave no value.
    if (this.departments.size) {
      for (let i = 0; i < n; i++) {
        const dept = this.departmentInputs(staff[i].department);
        for (const slot of set.slots) {
          const col = cols[slot];
          if (col[i] !== col[i]) col[i] = dept[slot];
        }
      }
    }
    return cols;
  }

  /**
   * Scores a block of staff sharing one set. Blocks of up to CHUNK_ROWS reuse the process's working memory
   * (WORKSPACE): the returned columns stay valid only until the next call of any scorecard.
   */
  scoreBlock(set: CompiledSet, staff: readonly StaffDef[]): SetScores {
    const ws = this.workspace(staff.length);
    return scoreSetColumns(set, new ColumnsSource(this.columns(set, staff, ws)), staff.length, ws);
  }

  /**
   * Scores rows [start, end) of a row-major input matrix: one row per staff member of `set`, one column per
   * declared input in document order, NaN for no value, department values already merged in. This is the
   * path for callers that hold numbers rather than documents (the batch worker, the benchmark). The returned
   * columns stay valid only until the next call of any scorecard.
   */
  scoreRows(set: CompiledSet, matrix: Float64Array, start: number, end: number): SetScores {
    const n = end - start;
    const width = this.slots.codes.length;
    if (matrix.length < end * width)
      throw new RangeError(`matrix holds ${matrix.length / width} rows, asked for ${end}`);
    const ws = this.workspace(n);
    return scoreSetColumns(set, new RowsSource(matrix, start * width, width, n, set.slots, ws), n, ws);
  }

  private workspace(n: number): Arena {
    const ws = n <= CHUNK_ROWS ? this.arena : new Arena(n);
    ws.reset();
    return ws;
  }

  /** A department's inputs by slot (NaN = none), computed once per department. */
  private departmentInputs(code: string): Float64Array {
    let row = this.deptInputCache.get(code);
    if (!row) {
      row = new Float64Array(this.slots.codes.length).fill(NaN);
      for (const [k, v] of Object.entries(this.departments.get(code)?.inputs ?? {})) {
        const slot = this.slots.index.get(k);
        if (slot !== undefined && typeof v === 'number') row[slot] = v;
      }
      this.deptInputCache.set(code, row);
    }
    return row;
  }

  score(options: ScoreOptions = {}): ScorecardResult {
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

  /**
   * The calibrations of `results` (scored from `staff`, in the same order) under the sets' grade quotas and the
   * staff's overrides (docs/FORMAT.md, "Grade quotas and overrides"): empty when neither is in the document.
   * `reach` says what `staff` holds when it is a slice of the document (CalibrationReach): the staff whose groups
   * reach beyond it are left out.
   */
  calibration(
    staff: readonly StaffDef[],
    results: readonly (StaffResult | StoredResult)[],
    reach: CalibrationReach = 'all',
  ): Map<string, Calibration> {
    if (!this.quotas && !staff.some((s) => s.gradeOverride !== undefined)) return new Map();
    const entries: GradeEntry[] = [];
    results.forEach((r, i) => {
      if (!this.reaches(r.indicatorSet, reach)) return;
      entries.push({
        id: r.id,
        department: r.department,
        set: r.indicatorSet,
        total: 'error' in r ? null : r.total,
        override: staff[i].gradeOverride,
      });
    });
    return calibrate(entries, (set) => this.gradeScale(set));
  }

  /** Whether the staff of `set` can be calibrated from a slice of the document of that reach. */
  private reaches(set: string, reach: CalibrationReach): boolean {
    if (reach === 'all') return true;
    const quotas = this.sets.get(set)?.grades?.length ? this.sets.get(set)?.quotas : undefined;
    if (quotas === undefined) return true; // an override needs nobody else
    return reach === 'department' && quotas.scope !== 'hospital';
  }

  /**
   * Calibrates a scoring of the whole document's `staff` in place: the staff whose grade the quotas or an
   * override change are scored again with it (so their coefficient and incentive follow), and their results,
   * roll-up entries and explanation parts replace the first ones. Nothing happens without quotas or overrides.
   */
  calibrated(
    staff: readonly StaffDef[],
    scoring: StaffScoring,
    explain: ExplainMode = true,
    reach: CalibrationReach = 'all',
  ): StaffScoring {
    return this.recalibrated(staff, scoring, reach, (again, map, at) => {
      const rescored = this.scoreStaff(again, explain, map);
      at.forEach((i, k) => {
        scoring.results[i] = rescored.results[k];
        scoring.entries[i] = rescored.entries[k];
        if (explain === 'parts') {
          scoring.facts[i] = rescored.facts[k];
          scoring.incentiveParts[i] = rescored.incentiveParts[k];
        }
      });
    });
  }

  /** `calibrated` for a run's stored results (scoreStored). */
  calibratedStored(
    staff: readonly StaffDef[],
    scoring: StoredScoring,
    reach: CalibrationReach = 'all',
    notes?: IndicatorNotes,
  ): StoredScoring {
    return this.recalibrated(staff, scoring, reach, (again, map, at) => {
      const rescored = this.scoreStored(again, notes, map);
      at.forEach((i, k) => {
        scoring.results[i] = rescored.results[k];
        scoring.entries[i] = rescored.entries[k];
        scoring.incentiveParts[i] = rescored.incentiveParts[k];
      });
    });
  }

  /** Scores again, with their calibration, the staff (at their positions `at`) whom the calibration moves. */
  private recalibrated<S extends { results: readonly (StaffResult | StoredResult)[] }>(
    staff: readonly StaffDef[],
    scoring: S,
    reach: CalibrationReach,
    rescore: (again: StaffDef[], map: Map<string, Calibration>, at: number[]) => void,
  ): S {
    const map = this.calibration(staff, scoring.results, reach);
    if (map.size === 0) return scoring;
    const at: number[] = [];
    staff.forEach((s, i) => {
      if (map.has(s.id) && !('error' in scoring.results[i])) at.push(i);
    });
    rescore(
      at.map((i) => staff[i]),
      map,
      at,
    );
    return scoring;
  }

  /**
   * Scores staff members (in their order) with everything that needs nobody else: totals, grades, points and
   * an amount-formula incentive. The roll-up entries carry what the department step needs (total, pool weight
   * or the error met computing it). The batch service calls this per chunk and `rollUp` once per month.
   * A member of staff in `calibrated` holds the calibration's grade instead of the one their total gives, and
   * its coefficient (0 without a grade) is the one their incentive sees.
   */
  scoreStaff(
    staff: readonly StaffDef[],
    explain: ExplainMode = true,
    calibrated?: ReadonlyMap<string, Calibration>,
  ): StaffScoring {
    const results: StaffResult[] = new Array<StaffResult>(staff.length);
    const parts = explain === 'parts';
    const facts: (ExplanationFacts | null)[] = parts
      ? new Array<ExplanationFacts | null>(staff.length).fill(null)
      : [];
    this.eachScored(staff, (set, s, scores, row, i) => {
      const { result, facts: f } = this.staffResult(set, s, scores, row, explain, calibrated);
      results[i] = result;
      if (parts) facts[i] = f;
    });
    const incentiveParts: (IncentiveParts | null)[] = parts
      ? new Array<IncentiveParts | null>(staff.length).fill(null)
      : [];
    const entries = this.entriesOf(staff, results, explain, parts ? incentiveParts : null);
    return { results, entries, facts, incentiveParts };
  }

  /**
   * scoreStaff as a run stores it: each person's result as StoredResult, its packed text (v3) and indicator
   * scores written straight from the columns, `notes` appended to the indicators they concern; the roll-up's
   * entries and the parts of the amount incentives. The same numbers as scoreStaff(staff, 'parts'), and the same
   * bytes as its results packed (staff-result-codec.ts) with the notes in their explanations.
   */
  scoreStored(
    staff: readonly StaffDef[],
    notes?: IndicatorNotes,
    calibrated?: ReadonlyMap<string, Calibration>,
  ): StoredScoring {
    const results: StoredResult[] = new Array<StoredResult>(staff.length);
    this.eachScored(staff, (set, s, scores, row, i) => {
      results[i] = this.storedResult(set, s, scores, row, calibrated, notes);
    });
    const incentiveParts = new Array<IncentiveParts | null>(staff.length).fill(null);
    const entries = this.entriesOf(staff, results, 'parts', incentiveParts);
    return { results, entries, incentiveParts };
  }

  /**
   * Scores `staff` set by set, in blocks of up to CHUNK_ROWS (every working column small enough to stay in the
   * CPU cache), and calls `each` for every member with their block's scores, their row in it and their position.
   */
  private eachScored(
    staff: readonly StaffDef[],
    each: (set: CompiledSet, s: StaffDef, scores: SetScores, row: number, i: number) => void,
  ): void {
    const groups = new Map<string, number[]>();
    staff.forEach((s, i) => {
      const g = groups.get(s.indicatorSet) ?? [];
      g.push(i);
      groups.set(s.indicatorSet, g);
    });
    for (const [code, idx] of groups) {
      const set = this.sets.get(code)!;
      for (let start = 0; start < idx.length; start += CHUNK_ROWS) {
        const rows = idx.slice(start, start + CHUNK_ROWS);
        const block = rows.map((i) => staff[i]);
        const scores = this.scoreBlock(set, block);
        for (let row = 0; row < block.length; row++) each(set, block[row], scores, row, rows[row]);
      }
    }
  }

  /**
   * The roll-up's entries of `results` (scored from `staff`, in the same order), each amount incentive filled in
   * (its parts in `incentiveParts` when given, its English text with explain true).
   */
  private entriesOf(
    staff: readonly StaffDef[],
    results: readonly (StaffResult | StoredResult)[],
    explain: ExplainMode,
    incentiveParts: (IncentiveParts | null)[] | null,
  ): RollupEntry[] {
    return results.map((r, i): RollupEntry => {
      const entry: RollupEntry = {
        id: r.id,
        department: r.department,
        site: r.site,
        total: null,
        weight: null,
        factor: null,
        error: null,
      };
      entry.total = 'error' in r ? null : r.total;
      if ('error' in r || !this.incentive) return entry;
      const part = this.incentive.perStaff(staff[i], r, this, explain);
      if (part.kind === 'amount') {
        r.incentive = part.incentive;
        // Only a result of scoreStaff is explained in English.
        if (explain === true) (r as StaffScore).explanation.incentive = part.explanation;
        if (incentiveParts) incentiveParts[i] = part.parts;
      } else if (part.kind === 'weight') {
        entry.weight = part.weight;
        entry.factor = part.factor;
      } else if (part.kind === 'error') entry.error = part.message;
      return entry;
    });
  }

  /** Why `s` has no score (an indicator missing under policy "fail", nothing scorable), or null. */
  private failure(set: CompiledSet, s: StaffDef, sc: SetScores, row: number): string | null {
    const failed = sc.failedAt[row];
    if (failed >= 0) {
      const ind = set.indicators[failed];
      return `indicator ${ind.code} is missing (${this.missingReason(s, ind.symbols)}) and its policy is "fail"`;
    }
    if (!(sc.presentWeight[row] > 0))
      return `no indicator of set ${set.code} could be scored: every input it needs is missing`;
    return null;
  }

  private staffResult(
    set: CompiledSet,
    s: StaffDef,
    sc: SetScores,
    row: number,
    explain: ExplainMode,
    calibrated: ReadonlyMap<string, Calibration> | undefined,
  ): { result: StaffResult; facts: ExplanationFacts | null } {
    const head = { id: s.id, department: s.department, site: this.siteOf(s), indicatorSet: set.code };
    const error = this.failure(set, s, sc, row);
    if (error !== null) return { result: { ...head, error }, facts: null };
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
      const x = miss ? NaN : sc.values[k][row];
      const sRaw = sc.scores[k][row];
      const scored = sRaw === sRaw;
      if (vetoes(ind, miss, x)) vetoReasons.push(ind.code);
      return {
        code: ind.code,
        dimension: ind.dimension,
        value: miss ? null : round4(x),
        score: scored ? round2(sRaw) : null,
        weight: ind.weight,
        missing: miss,
        contribution: scored ? round2(contributionOf(set, sc, k, row)) : null,
        explanation: '',
      };
    });
    const total = round2(sc.totals[row]);
    const { grade, calibration } = gradeFor(set, s, total, calibrated);
    const points = this.workload.points(s.tasks, head.site);
    const result: StaffScore = {
      id: head.id,
      department: head.department,
      site: head.site,
      indicatorSet: head.indicatorSet,
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
      explanation: { total: '', grade: '', points: '', incentive: null },
      calibration: calibration ?? null,
    };
    if (explain === false) return { result, facts: null };
    const facts = explanationFacts(
      set,
      sc,
      row,
      (ind) => this.absentInputs(s, ind.symbols),
      this.workload.terms(s.tasks, head.site),
    );
    if (explain === true) explainInEnglish(result, facts, set);
    return { result, facts };
  }

  /**
   * staffResult as a run stores it (StoredResult), its texts written as the columns are read: the same numbers,
   * rounded the same way, and the same facts (the values at full precision, the inputs behind a missing
   * indicator, the raw total of a veto, the workload's terms).
   */
  private storedResult(
    set: CompiledSet,
    s: StaffDef,
    sc: SetScores,
    row: number,
    calibrated: ReadonlyMap<string, Calibration> | undefined,
    notes: IndicatorNotes | undefined,
  ): StoredResult {
    const head: StoredHead = {
      id: s.id,
      department: s.department,
      site: this.siteOf(s),
      indicatorSet: set.code,
    };
    const error = this.failure(set, s, sc, row);
    if (error !== null) return { ...head, error, packed: packedError(head, error) };
    const t = setTexts(set);
    const presentW = sc.presentWeight[row];
    let vetoReasons = '';
    for (let k = 0; k < set.indicators.length; k++) {
      const ind = set.indicators[k];
      if (ind.veto && vetoes(ind, sc.missing[k][row] === 1, sc.values[k][row]))
        vetoReasons += `${vetoReasons ? ',' : ''}${quoted(ind.code)}`;
    }
    const total = round2(sc.totals[row]);
    const { grade, calibration } = gradeFor(set, s, total, calibrated);
    const points = this.workload.points(s.tasks, head.site);
    const vetoed = sc.vetoed[row] === 1;
    const { terms, siteAdjusted } = this.workload.terms(s.tasks, head.site);
    const r: StoredScore = {
      id: head.id,
      department: head.department,
      site: head.site,
      indicatorSet: head.indicatorSet,
      total,
      grade: grade?.grade ?? null,
      coefficient: grade?.coefficient ?? 0,
      points: points.toNumber(),
      workloadValue: workloadValue(points, this.workload.pointValue),
      incentive: null,
      calibration: calibration ?? null,
      packed: '',
      scores: '',
    };
    const rawTotal = vetoed ? round2(sc.rawTotals[row]) : null;
    // The packed result and the indicator scores, written side by side (stored-result.ts).
    const p = PACKED;
    const q = SCORES;
    p.start();
    p.add('{"v":3,"s":');
    p.add(headText(head));
    writeScore(p, r, vetoed, vetoReasons, rawTotal, terms, siteAdjusted);
    p.add(',"d":[');
    for (let k = 0; k < set.dimensions.length; k++) {
      const sd = sc.dimScores[k][row];
      const present = sd === sd;
      if (k) p.add(',');
      p.add(t.dimensionHead[k]);
      p.add(present ? jsonNumber(round2(sd)) : 'null');
      p.add(t.dimensionWeight[k]);
      p.add(present ? jsonNumber(round4((100 * set.dimensions[k].weight) / presentW)) : '0');
      p.add(']');
    }
    p.add('],"i":[');
    q.start();
    q.add('{"s":{');
    for (let k = 0; k < set.indicators.length; k++) {
      const ind = set.indicators[k];
      const miss = sc.missing[k][row] === 1;
      const x = sc.values[k][row];
      const sRaw = sc.scores[k][row];
      const score = sRaw === sRaw ? jsonNumber(round2(sRaw)) : 'null';
      const c = contributionOf(set, sc, k, row);
      if (k) p.add(',');
      p.add(t.indicatorHead[k]);
      if (miss) p.add('null');
      else p.addValue(x);
      p.add(',');
      p.add(score);
      p.add(t.indicatorWeight[k]);
      p.add(miss ? '1,' : '0,');
      p.add(c === c ? jsonNumber(round2(c)) : 'null');
      // A missing indicator keeps the inputs without a value; a note follows them (null when none are kept).
      const absent = miss ? JSON.stringify(this.absentInputs(s, ind.symbols)) : null;
      const note = notes ? notes(s, ind.code) : '';
      if (note) {
        p.add(',');
        p.add(absent ?? 'null');
        p.add(',');
        p.add(JSON.stringify(note));
      } else if (absent !== null) {
        p.add(',');
        p.add(absent);
      }
      p.add(']');
      if (k) q.add(',');
      q.add(t.scoreKey[k]);
      q.add(score);
    }
    p.add(']}');
    q.add('},"v":[');
    q.add(vetoReasons);
    q.add(']}');
    r.packed = p.text();
    r.scores = q.text();
    return r;
  }

  /** The inputs of `symbols` without a value for the staff member. */
  private absentInputs(s: StaffDef, symbols: string[]): string[] {
    return symbols.filter((c) => this.inputValue(s, c) === undefined);
  }

  private missingReason(s: StaffDef, symbols: string[]): string {
    const absent = this.absentInputs(s, symbols);
    return absent.length
      ? `no value for ${absent.join(', ')}`
      : 'the formula gives no finite number (for example a division by zero)';
  }
}

/** An indicator's contribution to the total before rounding; NaN when it is not scored. */
function contributionOf(set: CompiledSet, sc: SetScores, k: number, row: number): number {
  const sRaw = sc.scores[k][row];
  if (sRaw !== sRaw) return NaN;
  const ind = set.indicators[k];
  // An indicator scored in a dimension whose weights are all 0 carries no weight: it contributes 0.
  const dimSum = sc.dimWeightSums[ind.dimIndex][row];
  return dimSum > 0
    ? (set.dimensions[ind.dimIndex].weight / sc.presentWeight[row]) * (ind.weight / dimSum) * sRaw
    : 0;
}

/** Whether an indicator's veto applies to its value `x`. */
function vetoes(ind: CompiledIndicator, miss: boolean, x: number): boolean {
  return !!ind.veto && !miss && x >= (ind.veto.atLeast ?? -Infinity) && x <= (ind.veto.atMost ?? Infinity);
}

/** The grade `s` holds: the calibration's (in `calibrated`), else the one their total gives. */
function gradeFor(
  set: CompiledSet,
  s: StaffDef,
  total: number,
  calibrated: ReadonlyMap<string, Calibration> | undefined,
) {
  const calibration = calibrated === undefined ? undefined : calibrated.get(s.id);
  return {
    grade: calibration === undefined ? gradeOf(set, total) : gradeNamed(set, calibration.to),
    calibration,
  };
}

function gradeOf(set: CompiledSet, total: number) {
  return set.grades?.find((g) => total >= g.min);
}

function gradeNamed(set: CompiledSet, grade: string | null) {
  return grade === null ? undefined : set.grades?.find((g) => g.grade === grade);
}

/**
 * Validates, compiles and scores a month's document, or an appraisal document (a period above the month, with an
 * `appraisal` key: docs/FORMAT.md), whichever `raw` is. The month is the declared type, which every caller that
 * builds its own month gets; a caller reading a document of either kind uses `scoreAnyDocument`.
 * @throws DocumentInvalidError with every problem.
 */
export function scoreDocument(raw: AppraisalDocument, options?: ScoreOptions): AppraisalResult;
export function scoreDocument(raw: unknown, options?: ScoreOptions): ScorecardResult;
export function scoreDocument(raw: unknown, options?: ScoreOptions): ScorecardResult | AppraisalResult {
  return scoreAnyDocument(raw, options);
}

/** Scores a month's document or an appraisal document. @throws DocumentInvalidError with every problem. */
export function scoreAnyDocument(raw: unknown, options?: ScoreOptions): ScorecardResult | AppraisalResult {
  if (isAppraisalDocument(raw)) return scoreAppraisal(raw, options);
  return compileDocument(raw).score(options);
}

/** Validates and compiles. @throws DocumentInvalidError with every problem. */
export function compileDocument(raw: unknown): CompiledScorecard {
  const report = validateDocument(raw);
  if (report.problems.length) throw new DocumentInvalidError(report.problems);
  return new CompiledScorecard(raw as ScorecardDocument);
}

/** What a document's configuration (inputs, sets, workload catalogue, incentive, period) compiles to. */
export interface CompiledConfiguration {
  slots: InputSlots;
  sets: Map<string, CompiledSet>;
  workload: CompiledWorkload;
  incentive: CompiledIncentive | null;
}

function compileConfiguration(doc: ScorecardDocument): CompiledConfiguration {
  const slots = inputSlots(doc.inputs);
  return {
    slots,
    sets: new Map(doc.indicatorSets.map((s) => [s.code, compileSet(s, slots)])),
    workload: compileWorkload(doc.workload),
    incentive: doc.incentive ? compileIncentive(doc.incentive, slots, doc.period) : null,
  };
}

/**
 * compileDocument for documents that share their configuration and differ in their departments and staff (a
 * run's chunks): the configuration is checked and compiled once while it stays the same (compared as JSON
 * text), each document's departments, staff and incentive are checked as compileDocument checks them. The same
 * problems, the same scorecard; a run's chunk spent a seventh of its scoring checking and compiling the same
 * sets again (docs/BENCHMARKS.md).
 */
export class ScorecardCompiler {
  private last: { key: string; checked: CheckedConfiguration; compiled: CompiledConfiguration } | null = null;

  /** @throws DocumentInvalidError with every problem. */
  compile(raw: ScorecardDocument): CompiledScorecard {
    const key = JSON.stringify([
      raw.formatVersion,
      raw.period,
      raw.inputs,
      raw.indicatorSets,
      raw.workload,
      raw.incentive,
    ]);
    const last = this.last?.key === key ? this.last : null;
    const { report, configuration } = last
      ? { report: validateWithConfiguration(raw, last.checked), configuration: last.checked }
      : validateConfigured(raw);
    if (report.problems.length) throw new DocumentInvalidError(report.problems);
    const compiled = last?.compiled ?? compileConfiguration(raw);
    // Only a configuration that passed with no problem is kept.
    this.last = { key, checked: configuration!, compiled };
    return new CompiledScorecard(raw, compiled);
  }
}

// The scorecard document, version 1 (see docs/FORMAT.md), and the result shape.
// Types describe a document that has passed `validateDocument`; raw input is `unknown` until then.
import type { LocalName } from './local-name';

export type InputLevel = 'staff' | 'department';

export interface InputDef {
  code: string;
  /** A text, or `{zh, en}` (docs/FORMAT.md, "Names"). */
  name: LocalName;
  unit: string;
  level: InputLevel;
}

export interface DimensionDef {
  code: string;
  /** A text, or `{zh, en}` (docs/FORMAT.md, "Names"). */
  name: LocalName;
  weight: number;
}

export type LinearScoring = { method: 'linear'; worst: number; target: number; floor?: number; cap?: number };
export type RatioScoring = {
  method: 'ratio';
  target: number;
  direction?: 'higher' | 'lower';
  floor?: number;
  cap?: number;
};
export type BandScoring = { method: 'band'; low: number; high: number; tolerance: number };
export type ThresholdStep = { atLeast?: number; atMost?: number; score: number };
export type ThresholdsScoring = { method: 'thresholds'; steps: ThresholdStep[] };
export type EfficacyScoring = {
  method: 'efficacy';
  satisfactory: number;
  unacceptable: number;
  floor?: number;
  cap?: number;
};
export type DeductionScoring = { method: 'deduction'; perUnit: number; base?: number; floor?: number };
export type DirectScoring = { method: 'direct'; floor?: number; cap?: number };

export type Scoring =
  | LinearScoring
  | RatioScoring
  | BandScoring
  | ThresholdsScoring
  | EfficacyScoring
  | DeductionScoring
  | DirectScoring;

export type ScoringMethod = Scoring['method'];
export type MissingPolicy = 'renormalize' | 'zero' | 'fail';

export interface VetoDef {
  atLeast?: number;
  atMost?: number;
  cap: number;
}

export interface IndicatorDef {
  code: string;
  /** A text, or `{zh, en}` (docs/FORMAT.md, "Names"). */
  name: LocalName;
  dimension: string;
  weight: number;
  formula: string;
  unit?: string;
  scoring: Scoring;
  missing?: MissingPolicy;
  veto?: VetoDef;
  /** Where the indicator comes from (free text; the shipped library uses it). */
  source?: string;
  /** A score below this proposes an improvement plan item for it (else the set's `plans.threshold`). */
  planBelow?: number;
}

export interface GradeDef {
  min: number;
  grade: string;
  coefficient: number;
}

export interface IndicatorSetDef {
  code: string;
  /** A text, or `{zh, en}` (docs/FORMAT.md, "Names"). */
  name: LocalName;
  dimensions: DimensionDef[];
  indicators: IndicatorDef[];
  grades?: GradeDef[];
  /** How the month's improvement plan is made for the set's staff (absent keys: the hospital's settings). */
  plans?: PlanRuleDef;
  /** Grade quotas (forced distribution) over the set's staff (docs/FORMAT.md, "Grade quotas and overrides"). */
  quotas?: QuotasDef;
}

export type QuotaScope = 'department' | 'hospital';

/** One quota rule: a cap on a grade's share of the group, or a least number at a grade or below. */
export type QuotaRuleDef =
  { grade: string; maxShare: number } | { grade: string; minCount: number; minStaff?: number };

export interface QuotasDef {
  /** The group a quota counts in: one department's staff of the set (default), or all of the set's staff. */
  scope?: QuotaScope;
  rules: QuotaRuleDef[];
}

/** HR's decision on one person's grade of the month, with its reason (applied after the quotas). */
export interface GradeOverrideDef {
  grade: string;
  reason: string;
}

/**
 * A set's improvement plan rule (docs/FORMAT.md, "Improvement plans"): a person's plan for the month holds every
 * veto and their weakest indicators scoring below the threshold (an indicator's own `planBelow` first), at most
 * `items` of them. Scoring never reads it: the appraisal loop does.
 */
export interface PlanRuleDef {
  threshold?: number;
  items?: number;
}

export interface TaskDef {
  code: string;
  /** A text, or `{zh, en}` (docs/FORMAT.md, "Names"). */
  name: LocalName;
  rvu: number | Record<string, number>;
}

export interface SiteAdjustment {
  site: string;
  factors: Record<string, number>;
}

export interface WorkloadDef {
  components?: string[];
  tasks: TaskDef[];
  adjustments?: SiteAdjustment[];
  /** Money per point, a decimal string. */
  pointValue?: string;
}

export type InputValues = Record<string, number | null>;

export interface DepartmentDef {
  code: string;
  name?: LocalName;
  site?: string;
  inputs?: InputValues;
}

/**
 * A member of staff's own input values as numbers, in the order of the document's `inputs` (NaN: no value), held
 * under this key beside or instead of `inputs`: what a run's chunk gives the engine. Building an object of forty
 * keys a person, checking it and reading it back into columns took a fifth of a chunk's scoring CPU
 * (docs/BENCHMARKS.md). A number in `inputs` comes before the row's (a correction applied to a built document).
 * Not part of the format: a symbol, which no document text holds and validation does not see.
 */
export const INPUT_ROW: unique symbol = Symbol('inputRow');

export interface StaffDef {
  id: string;
  department: string;
  site?: string;
  indicatorSet: string;
  inputs?: InputValues;
  [INPUT_ROW]?: Float64Array;
  tasks?: Record<string, number>;
  /** HR's override of the person's grade (docs/FORMAT.md, "Grade quotas and overrides"). */
  gradeOverride?: GradeOverrideDef;
}

/**
 * The member's own value of input `code` (their `inputs`, else their INPUT_ROW), undefined when they have none;
 * `slot` gives an input's place in the document's `inputs`.
 */
export function ownInput(s: StaffDef, code: string, slot: ReadonlyMap<string, number>): number | undefined {
  const own = s.inputs?.[code];
  if (own !== undefined && own !== null) return own;
  const row = s[INPUT_ROW];
  if (row === undefined) return undefined;
  const k = slot.get(code);
  const v = k === undefined ? NaN : row[k];
  return v === v ? v : undefined;
}

export interface PoolDef {
  department: string;
  /** A fixed pool: a decimal string. */
  amount?: string;
  /**
   * Or a formula over the department's facts (added key): `headcount`, `score`, `days_in_period` and the
   * department's inputs. Decimal arithmetic, rounded half-up to cents.
   */
  formula?: string;
}

export interface IncentiveDef {
  /** Per-person amount formula (decimal arithmetic). */
  amount?: string;
  pools?: PoolDef[];
  /** Per-person weight formula for pool splits (decimal arithmetic). */
  weight?: string;
  /** Decimal string: the most one person gets (prorated with the person's factor). */
  maxPerPerson?: string;
  /**
   * Decimal string (added key): the least one person with a positive weight or amount gets, prorated like the
   * cap. In a pool the floors are funded from the pool; a pool too small for every floor is an error.
   */
  minPerPerson?: string;
  /**
   * A formula for the share of the month a person is paid for (added key), e.g. `days_worked / days_in_period`;
   * between 0 and 1. It scales the amount (or the pool weight), the cap and the floor.
   */
  proration?: string;
  /**
   * (added key) With true, an amount formula may give a negative amount: it is kept and booked in the payroll as
   * its own PERF_DEDUCTION line. Without it, a negative amount is a per-person error.
   */
  deductions?: boolean;
}

export interface ScorecardDocument {
  formatVersion: 1;
  period: string;
  inputs: InputDef[];
  indicatorSets: IndicatorSetDef[];
  workload?: WorkloadDef;
  departments?: DepartmentDef[];
  staff: StaffDef[];
  incentive?: IncentiveDef;
}

// ---------------------------------------------------------------- result

export interface DimensionResult {
  code: string;
  score: number | null;
  weight: number;
  effectiveWeight: number;
}

export interface IndicatorResult {
  code: string;
  dimension: string;
  value: number | null;
  score: number | null;
  weight: number;
  missing: boolean;
  contribution: number | null;
  /** Human-readable reason for the score (added key; see docs/FORMAT.md "keys may be added"). */
  explanation: string;
}

export interface StaffScore {
  id: string;
  department: string;
  site: string | null;
  indicatorSet: string;
  total: number;
  grade: string | null;
  coefficient: number;
  vetoed: boolean;
  vetoReasons: string[];
  dimensions: DimensionResult[];
  indicators: IndicatorResult[];
  points: number;
  workloadValue: string | null;
  incentive: string | null;
  /** How total, points and incentive were obtained (added key). */
  explanation: StaffExplanation;
  /** Why the grade is not the one the total gives (added key): a quota, an override; null when it is. */
  calibration: Calibration | null;
}

/** How quotas and an override changed a person's grade (docs/FORMAT.md, "Grade quotas and overrides"). */
export interface Calibration {
  /** The grade the rounded total gives. */
  from: string | null;
  /** The grade held (the result's grade). */
  to: string | null;
  quota: QuotaMove | null;
  override: GradeOverrideDef | null;
}

/** The last quota rule that moved a person, and the group it counted in. */
export interface QuotaMove {
  /** The grade after the quotas (before an override). */
  grade: string | null;
  rule: QuotaRuleDef;
  /** floor(maxShare × staff / 100) for a cap; minCount for a minimum. */
  allowed: number;
  scope: QuotaScope;
  /** The group's department; null for a hospital-wide group. */
  department: string | null;
  /** The group's size. */
  staff: number;
  /** The person's competition rank in the group by rounded total. */
  rank: number;
}

export interface StaffExplanation {
  total: string;
  grade: string;
  points: string;
  incentive: string | null;
}

export interface StaffError {
  id: string;
  department: string;
  site: string | null;
  indicatorSet: string;
  error: string;
}

export type StaffResult = StaffScore | StaffError;

export interface DepartmentResult {
  code: string;
  site: string | null;
  score: number | null;
  staffCount: number;
  rank: number | null;
  pool?: string;
  allocated?: string;
  unallocated?: string;
}

export interface ScorecardResult {
  period: string;
  staff: StaffResult[];
  departments: DepartmentResult[];
  errors: { staff: string; message: string }[];
}

export function isStaffError(r: StaffResult): r is StaffError {
  return 'error' in r;
}

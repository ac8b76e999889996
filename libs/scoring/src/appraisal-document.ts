// The appraisal document: a period above the month (a year, a quarter, a half-year) rolled up from the monthly
// results as the months were closed (docs/FORMAT.md, "Appraisal periods above the month"), and its result.
// Types describe a document that has passed `validateAppraisal`; raw input is `unknown` until then.
import type {
  Calibration,
  DepartmentDef,
  DepartmentResult,
  GradeDef,
  GradeOverrideDef,
  IncentiveDef,
  InputDef,
  InputValues,
  QuotasDef,
} from './document';
import type { IncentiveParts } from './explain-render';

/** How the months become one number: their day-weighted mean, or a formula over the months' facts. */
export type AppraisalRollup = 'mean' | 'formula';

/** A period-level score (a manager's assessment, a democratic evaluation) joining the roll-up with a weight. */
export interface AssessmentDef {
  /** A staff-level input of the document, 0..100. */
  input: string;
  /** Percent of the period total; the weights of a rule add up to at most 100. */
  weight: number;
}

/**
 * A cap on the period's grade: at least `months` months graded `grade` (1 by default), or at least `vetoes`
 * vetoed months, hold the person at grade `to` at best.
 */
export interface AppraisalCapDef {
  grade?: string;
  months?: number;
  vetoes?: number;
  to: string;
}

/** The rule of the period, for everyone or (in `sets`) for the staff of one indicator set. */
export interface AppraisalRuleDef {
  rollup?: AppraisalRollup;
  formula?: string;
  minMonths?: number;
  assessments?: AssessmentDef[];
  caps?: AppraisalCapDef[];
  grades?: GradeDef[];
  quotas?: QuotasDef;
}

export interface AppraisalDef extends AppraisalRuleDef {
  grades: GradeDef[];
  /** Keys overriding the rule for the staff whose last month is of that set. */
  sets?: Record<string, AppraisalRuleDef>;
}

/** One month of a person as it was closed. */
export interface MonthResultDef {
  period: string;
  /** The month's rounded total; null for a month with an error or not scored. */
  total: number | null;
  grade: string | null;
  vetoed?: boolean;
  /** Days worked in the month (default: the days of the month). */
  days?: number;
  /** Days of the month (default: the calendar's). */
  daysInPeriod?: number;
  error?: string;
}

export interface AppraisalStaffDef {
  id: string;
  department: string;
  site?: string;
  /** The set of the person's last month in the period. */
  indicatorSet: string;
  inputs?: InputValues;
  gradeOverride?: GradeOverrideDef;
  months: MonthResultDef[];
}

export interface AppraisalDocument {
  formatVersion: 1;
  /** `YYYY`, `YYYY-Qn` or `YYYY-Hn`. */
  period: string;
  appraisal: AppraisalDef;
  inputs: InputDef[];
  departments?: DepartmentDef[];
  staff: AppraisalStaffDef[];
  incentive?: IncentiveDef;
}

// ---------------------------------------------------------------- result

/** The cap that held a person's grade down: the grade their total gave, the grade held, the rule. */
export interface AppraisalCapped {
  grade: string | null;
  to: string;
  rule: AppraisalCapDef;
}

/**
 * The facts an appraisal result's texts are rendered from (`renderAppraisal`), beside its numbers: the months
 * that counted, what the roll-up made of them, the assessments joined, the grade band reached.
 */
export interface AppraisalFacts {
  rollup: AppraisalRollup;
  formula: string | null;
  /** The day-weighted mean of the months with a total (null without any). */
  mean: number | null;
  monthsInPeriod: number;
  /** Months with an error (not counted). */
  errors: number;
  /** Assessments joined: input, weight as written, the weight it counted with (re-normalised), value. */
  assessments: { input: string; weight: number; share: number; value: number | null }[];
  minMonths: number;
  /** The grade band the total reached (null: none). */
  band: { min: number; grade: string; coefficient: number } | null;
}

export interface AppraisalStaffScore {
  id: string;
  department: string;
  site: string | null;
  indicatorSet: string;
  /** The period total, rounded to 2 decimals: what grades, ranks and pays. */
  total: number;
  /** The roll-up of the months alone (before assessments), rounded to 2 decimals. */
  rolled: number;
  grade: string | null;
  coefficient: number;
  /** Months with a total. */
  months: number;
  /** Days worked over those months. */
  days: number;
  /** Why the person has no grade for the period (too few months), else null. */
  ungraded: string | null;
  capped: AppraisalCapped | null;
  calibration: Calibration | null;
  incentive: string | null;
  explanation: { total: string; grade: string; incentive: string | null };
  facts: AppraisalFacts;
}

export interface AppraisalStaffError {
  id: string;
  department: string;
  site: string | null;
  indicatorSet: string;
  error: string;
}

export type AppraisalStaffResult = AppraisalStaffScore | AppraisalStaffError;

export interface AppraisalResult {
  period: string;
  staff: AppraisalStaffResult[];
  departments: DepartmentResult[];
  errors: { staff: string; message: string }[];
}

/** One person scored alone (`CompiledAppraisal.scoreStaff`): before quotas and pool splits. */
export interface AppraisalStaffScoring {
  result: AppraisalStaffResult;
  /** The incentive parts of an amount incentive (null otherwise), for rendering in another language. */
  incentiveParts: IncentiveParts | null;
}

export function isAppraisalError(r: AppraisalStaffResult): r is AppraisalStaffError {
  return 'error' in r;
}

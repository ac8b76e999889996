// Public surface of the scoring engine: pure TypeScript, no Nest, no TypeORM, no I/O.
export * from './document';
export * from './problems';
export {
  validateDocument,
  withoutUnknownKeys,
  PERIOD_RE,
  INPUT_CODE_RE,
  SCORING_METHODS,
  MISSING_POLICIES,
  MONEY_VARIABLES,
  PERIOD_VARIABLES,
  POOL_VARIABLES,
} from './validate';
export type { ValidationReport } from './validate';
export {
  compileDocument,
  scoreDocument,
  scoreAnyDocument,
  CompiledScorecard,
  CHUNK_ROWS,
  ScorecardCompiler,
} from './engine';
export type { ScoreOptions, StaffScoring, StoredScoring } from './engine';
export type { IndicatorNotes, StoredError, StoredHead, StoredResult, StoredScore } from './stored-result';
export { storedValue, valueFromStored } from './stored-result';
export type { CalibrationReach } from './calibration';
export { calibrate, capCount, sameCalibration } from './calibration';
export * from './appraisal-document';
export { CompiledAppraisal, compileAppraisal, scoreAppraisal, renderAppraisal } from './appraisal';
export type { AppraisalScoring } from './appraisal';
export {
  validateAppraisal,
  validateAnyDocument,
  isAppraisalDocument,
  periodMonths,
  appraisalPeriodDays,
  APPRAISAL_PERIOD_RE,
  ROLLUP_VARIABLES,
  APPRAISAL_MONEY_VARIABLES,
} from './appraisal-validate';
export type { GradeEntry, GradeScale } from './calibration';
export {
  renderExplanation,
  renderIncentive,
  renderScore,
  renderMissing,
  parseIncentiveParts,
} from './explain-render';
export type {
  ExplainSet,
  ExplanationFacts,
  ExplainedNumbers,
  IncentiveParts,
  RenderedExplanation,
  TaskTerm,
} from './explain-render';
export { scoreSetColumns } from './score-columns';
export type { SetScores } from './score-columns';
export { compileSet, inputSlots } from './compile';
export type { CompiledSet, CompiledIndicator, InputSlots } from './compile';
export { parseFormula, symbolsOf, FormulaError, MAX_FORMULA_LENGTH } from './formula/expr';
export type { Expr } from './formula/expr';
export { compileColumns, ColumnsSource } from './formula/columns';
export { compileDecimal } from './formula/decimal';
export { Dec, splitPool, toMoney, isDecimalString, decFromNumber, PoolFloorError } from './money';
export type { PoolMember, PoolLine, PoolSplit } from './money';
export { compileWorkload, workloadValue } from './workload';
export { roundHalfAwayFromZero, round2, round4 } from './rounding';
export { scoreColumn, explainScore } from './methods';
export { weightsFromPairwise, RANDOM_INDEX, AhpInputError } from './ahp';
export type { AhpResult } from './ahp';
export { parseDocumentText } from './parse-text';
export { rollUp, rollUpByDefinitions, rankByScore } from './rollup';
export type { RollupEntry, Rollup } from './rollup';
export { compileIncentive, daysInPeriod } from './incentive';
export type {
  CompiledIncentive,
  ExplainMode,
  StaffIncentive,
  PoolEntry,
  PoolOutcome,
  DepartmentInputs,
} from './incentive';
export { DOCUMENT_BUDGET, overBudget } from './parse-budget';
export type { ParseBudget } from './parse-budget';
export { LANGUAGES, DEFAULT_LANG, isLang } from './lang';
export type { Lang } from './lang';
export {
  nameText,
  nameLangs,
  nameIn,
  nameProblem,
  storedName,
  namedView,
  namedInput,
  NAME_MAX_LENGTH,
} from './local-name';
export type { LocalName, LocalNames } from './local-name';

// The stable codes of problems (a document's, a set draft's) and of bad intake rows, with the English text of
// each. A problem or row carries its `code` and the `params` quoted in it besides the English `message`, so a
// client (the web pages, js/i18n/errors.js `problem.<CODE>`) can say it in the reader's language. The English
// message is built from this one table (`problemMessage`), so the text and its code cannot drift apart; the
// texts are the messages the validators always gave (CLI output and scenario outputs compare them).
// `{name}` is replaced by `params.name`; a brace group that is not a param (`{zh, en}`) stays as it is.
// Codes are UPPER_SNAKE and never change meaning; a new kind of problem gets a new code (docs/API.md, "Errors").

export type ProblemParams = Record<string, string | number>;

export const PROBLEM_TEMPLATES = {
  // --- Reading a document (JSON/YAML text, its size) ---
  NOT_JSON: 'not valid JSON: {detail}',
  NOT_YAML: 'not valid YAML: {detail}',
  DOCUMENT_TOO_MANY_VALUES:
    'the document is too large: more than {max} values (aliases counted each time they are used)',
  DOCUMENT_TOO_DEEP: 'the document is too large: nested deeper than {max} levels',

  // --- Any value of a document ---
  UNKNOWN_KEY: 'unknown key, ignored',
  UNKNOWN_KEY_REFUSED: 'unknown key: not accepted',
  DOCUMENT_NOT_OBJECT: 'the document must be an object, got {got}',
  NOT_AN_OBJECT: 'must be an object, got {got}',
  REQUIRED: 'is required',
  REQUIRED_LIST: 'is required (a list)',
  NOT_A_LIST: 'must be a list, got {got}',
  EMPTY_LIST: 'must not be empty',
  NOT_A_STRING: 'must be a non-empty string, got {got}',
  NOT_A_NUMBER: 'must be a finite number, got {got}',
  NOT_A_NUMBER_OR_NULL: 'must be a finite number or null, got {got}',
  BELOW_MIN: 'must be ≥ {min}, got {got}',
  NOT_POSITIVE: 'must be > 0, got {got}',
  NEGATIVE: 'must be a number ≥ 0, got {got}',
  BAD_COUNT: 'must be a count ≥ 0, got {got}',
  NOT_BOOLEAN: 'must be true or false, got {got}',
  REQUIRED_ONE_OF: 'is required: must be one of {values}',
  NOT_ONE_OF: 'is {got}: must be one of {values}',
  ONE_OF_GOT: 'must be one of {values}, got {got}',
  ONE_OF: 'must be one of {values}',
  DUPLICATE: 'duplicate {what} "{code}"',
  FORMAT_VERSION: 'must be 1, got {got}',
  BAD_PERIOD: 'must be a month "YYYY-MM", got {got}',
  BAD_MONTH: 'must be a month "YYYY-MM"',
  BAD_CODE: 'must {rule}, got {got}',
  BAD_EMPLOYEE_NO: 'must {rule}, got {got}',
  OUTSIDE_INTAKE_WINDOW:
    'month {period} is outside the intake window {first} to {last} ({monthsBack} months before {current} to ' +
    '{monthsAhead} after: INTAKE_MONTHS_BACK, INTAKE_MONTHS_AHEAD)',

  // --- Names (`name: "…"` or `{zh, en}`); in a document problem followed by ", got <value>" ---
  NAME_TEXT: 'must be a non-empty text of at most {max} characters',
  NAME_SHAPE: 'must be a text or {zh, en} (the name in Chinese and in English)',
  NAME_KEYS: 'may only hold zh and en, not {keys}',
  NAME_EMPTY: 'needs zh or en (the name in Chinese, in English, or both)',
  NAME_LANG_TEXT: '{lang} must be a non-empty text of at most {max} characters',

  // --- Money (decimal strings, never binary floats) ---
  MONEY_TOO_LARGE: 'must be at most {max}, got {got}',
  MONEY_IS_NUMBER:
    'must be a decimal string such as "{example}", not a number (money is never a binary float)',
  NOT_A_DECIMAL: 'must be a non-negative decimal string, got {got}',
  NOT_A_DECIMAL_PLACES: 'must be a non-negative decimal string with at most {decimals} decimals, got {got}',

  // --- Inputs, indicator sets, scoring rules ---
  BAD_INPUT_CODE: '"{code}" must match {pattern} (letters, digits, underscore)',
  NOT_DECLARED_INPUT: '"{input}" is not a declared input',
  DIMENSION_WEIGHTS: 'set {set}: dimension weights sum to {sum}, not 100',
  NOT_A_DIMENSION: '"{dimension}" is not a dimension of set {set}',
  INDICATOR_WEIGHTS: 'set {set}, dimension {dimension}: indicator weights sum to {sum}, not 100',
  FLOOR_ABOVE_CAP: 'floor {floor} is above cap {cap}',
  PLAN_ITEMS: 'must be a whole number from 0 to {max}, got {got}',
  TARGET_EQUALS_WORST: 'target equals worst ({worst}): would divide by zero',
  TARGET_ZERO: 'target is 0: would divide by zero',
  LOW_ABOVE_HIGH: 'low {low} is above high {high}',
  SATISFACTORY_EQUALS_UNACCEPTABLE: 'satisfactory equals unacceptable ({satisfactory}): would divide by zero',
  VETO_NO_CONDITION: 'needs a condition: atLeast or atMost',
  QUOTA_WITHOUT_GRADES: 'set {set} has quotas but no grades: a quota counts staff by grade',
  QUOTA_SCOPE: 'is {got}: must be department or hospital',
  QUOTA_RULE:
    'is not a quota rule of set {set}, got {got}: a rule is {grade, maxShare} (maxShare from 0 to 100) or ' +
    '{grade, minCount, minStaff?} (whole numbers ≥ 1) for one of the grades {grades}; the last grade takes no ' +
    'maxShare, and a grade has at most one rule of each kind',
  GRADE_OVERRIDE:
    'must be {grade, reason}: grade one of the grades of set {set} ({grades}), reason a text of 1 to {max} ' +
    'characters; got {got}',
  // --- Appraisal documents: a period above the month (docs/FORMAT.md, "Appraisal periods above the month") ---
  APPRAISAL_NOT_A_MONTH:
    "an appraisal document (period {period}) is not a month's document: only a month is accepted here (`scorecard score` scores an appraisal)",
  BAD_APPRAISAL_PERIOD: 'must be a year "YYYY", a quarter "YYYY-Qn" or a half-year "YYYY-Hn", got {got}',
  MONTH_OUTSIDE_PERIOD: 'month {month} is not in the period {period}',
  ROLLUP_NEEDS_FORMULA: 'rollup formula needs a formula',
  FORMULA_WITHOUT_ROLLUP: 'a formula is only read with rollup formula',
  ASSESSMENT_INPUT: 'input {input} is not a staff-level input of the document',
  ASSESSMENT_WEIGHTS: 'the assessment weights add up to {sum}, more than 100',
  APPRAISAL_CAP:
    'is not a cap, got {got}: a cap is {grade, months?, to} (months a whole number ≥ 1, default 1) or {vetoes, to} (a whole number ≥ 1), to one of the grades {grades}',
  MIN_MONTHS: 'must be a whole number from 1 to {max} (the months of the period), got {got}',
  APPRAISAL_VARIABLE_CLASH:
    'input code "{input}" clashes with a variable of the appraisal roll-up ({variables})',
  DAYS_ABOVE_MONTH: 'days worked {days} exceed the {daysInPeriod} days of the month',
  VERSION_AFTER_SIGNED_OFF: 'period {period} is {status}: a version may take effect only after {period}',
  VERSION_ORDER:
    'version {version} takes effect from {from}, after {period}: versions are added in period order',

  // --- Formulas; in a document problem preceded by which formula (`indicator X: formula`, `amount formula`) ---
  FORMULA_NOT_STRING: 'must be a string',
  FORMULA_EMPTY: 'is empty',
  FORMULA_TOO_LONG: 'is longer than {max} characters',
  FORMULA_SYNTAX: 'does not parse: {detail}',
  FORMULA_TOO_DEEP: 'is nested deeper than {max} levels',
  FORMULA_STRING: 'uses the string {value}: only numbers are allowed',
  FORMULA_CONSTANT: 'uses the constant {value}: only numbers are allowed',
  FORMULA_NOT_FINITE: 'uses a number that is not finite',
  FORMULA_UNKNOWN_NAME: 'uses "{name}", which is not a declared input',
  FORMULA_OPERATOR: 'uses the operator "{operator}", which is not allowed',
  FORMULA_COMPUTED_CALL: 'calls a computed function, which is not allowed',
  FORMULA_FUNCTION: 'calls "{function}", which is not an allowed function',
  FORMULA_ARITY: 'calls "{function}" with {count} argument(s)',
  FORMULA_ASSIGNMENT: 'contains an assignment, which is not allowed',
  FORMULA_DEFINITION: 'defines a function "{function}", which is not allowed',
  FORMULA_ACCESS: 'uses property or index access, which is not allowed',
  FORMULA_OBJECT: 'uses object syntax, which is not allowed',
  FORMULA_MATRIX: 'uses matrix or range syntax, which is not allowed',
  FORMULA_SEVERAL: 'contains several expressions, which is not allowed',
  FORMULA_SYNTAX_NODE: 'uses {node}, which is not allowed',
  MONEY_EXPONENT: '{label} raises to the power {power}: money formulas take exponents from -{max} to {max}',

  // --- Workload, staff, incentive ---
  NOT_A_COMPONENT: '"{component}" is not one of workload.components',
  NOT_A_SET: '"{set}" is not an indicator set of this document',
  UNKNOWN_TASK: 'unknown task code "{task}"',
  TASK_WITHOUT_CATALOGUE: 'task "{task}" given but the document has no workload catalogue',
  MONEY_VARIABLE_CLASH: 'input code "{input}" clashes with the money-formula variable of the same name',
  POOL_VARIABLE_CLASH: 'input code "{input}" clashes with the pool-formula variable of the same name',
  AMOUNT_OR_POOLS: 'needs exactly one of "amount" (a formula) or "pools" with "weight"',
  FLOOR_ABOVE_MAX: 'the floor {min} is above the cap maxPerPerson {max}',
  ONLY_WITH_POOLS: 'only used with pools',
  ONLY_WITH_AMOUNT: 'only used with "amount": pools never give negative amounts',
  REQUIRED_WITH_POOLS: 'is required with pools',
  POOL_WITHOUT_STAFF: '"{department}" has no staff in this document, so its pool could never be paid',
  AMOUNT_OR_FORMULA: 'needs exactly one of "amount" or "formula"',

  // --- Rows of intake: measurements (JSON), CSV, the Excel workbook, corrections ---
  BODY_NOT_LIST: 'the body must be a list of measurements',
  EMPTY_BATCH: 'the list is empty',
  TOO_MANY_ROWS: 'at most {max} rows per request, got {count}',
  ROW_NOT_OBJECT: 'must be an object',
  UNKNOWN_FIELD: 'unknown field',
  BAD_DATE: 'must be a date YYYY-MM-DD, got {got}',
  ROW_PERIOD_CLOSED: 'period {period} is closed: corrections go through adjustments',
  STAFF_OR_DEPARTMENT: 'give exactly one of staff or department',
  UNKNOWN_STAFF: 'unknown staff {got}',
  UNKNOWN_STAFF_CODE: 'unknown staff code {got}',
  UNKNOWN_DEPARTMENT: 'unknown department {got}',
  INPUT_OR_TASK: 'give exactly one of input or task',
  INPUT_REQUIRED: 'required: an input code of the dictionary',
  NOT_IN_DICTIONARY: '{got} is not in the input dictionary',
  STAFF_LEVEL_INPUT: '"{input}" is a staff-level input, measured for staff',
  STAFF_LEVEL_CORRECTION: '"{input}" is a staff-level input: correct it for a member of staff',
  TASK_FOR_STAFF: 'task counts are measured for staff',
  BAD_TASK_COUNT: 'a task count is a whole number ≥ 0',
  NOT_A_TASK: '{got} is not a task of the workload catalogue in force for {period}',
  REASON_REQUIRED: 'required: why the value is corrected',
  TOO_LONG: 'at most {max} characters, got {length}',
  NOT_TEXT: 'must be a text',
  CSV_INVALID: 'not valid CSV: {detail}',
  CSV_TOO_SHORT: 'a header row and at least one data row are needed',
  CSV_SUBJECT_COLUMN: 'the header needs exactly one of the columns staff or department',
  CSV_NO_DATE_COLUMN: 'the header needs a date column',
  CSV_NO_VALUE_COLUMN: 'the header names no input code or task:CODE column',
  CSV_BAD_COLUMN: '{got} is not an input code or task:CODE',
  CSV_COLUMN_TWICE: 'column given twice',
  CSV_NOT_DECIMAL: '{got} is not a decimal number (digits, an optional - and . decimals)',
  CSV_NO_VALUES: 'no values below the header',
  SHEET_BAD_CODE: '"{code}" is not an input code (or task:CODE)',
  SHEET_COLUMN_TWICE: 'input "{code}" has a column already ({cell})',
  SHEET_COLUMN_WITHOUT_CODE: 'the column has no input code in row {row}',
  SHEET_NOT_NUMBER: '{got} is not a number',
  SHEET_NO_STAFF: 'a row with values needs a staff code in column A',
  SHEET_NO_CODE_ROW: 'no sheet has a code row (a row whose column A says "staff", followed by input codes)',

  // --- Work-order events (the signed feed, its CSV and Excel import) ---
  EVENTS_NOT_LIST: 'the body must be {"events": [...]}: a list of work-order events',
  TOO_MANY_EVENTS: 'at most {max} events per request, got {count}',
  BAD_EVENT_TIME:
    'must be a date and time with its offset (ISO 8601, e.g. 2026-03-05T08:30:00+08:00), got {got}',
  BAD_RATING: 'must be a number from {min} to {max}, got {got}',
  ASSIGNEE_OR_TEAM: 'an assigned event names the assignee, the team or both',
  FILE_MISSING_COLUMN: 'the header needs the column {column}',
  SHEET_NO_HEADER: 'no sheet has a header row naming the columns {columns}',

  // --- Corrections of a closed month (an adjustment) ---
  NOT_A_CORRECTION_FIELD: 'is not a correction field',
  NAME_STAFF_OR_DEPARTMENT: 'name exactly one of "staff" or "department"',
  NOT_SCORED: '{got} was not scored in {period}',
  NAME_INPUT_OR_TASK: 'name exactly one of "input" or "task"',
  UNKNOWN_INPUT: 'unknown input {got}',
  TASK_FOR_STAFF_NOT_DEPARTMENT: 'task counts belong to staff, not departments',
  NOT_A_TASK_OF_MONTH: '{got} is not a task of the {period} workload catalogue',
  NOT_FINITE: 'must be a finite number',
  NEGATIVE_TASK_COUNT: 'a task count must be ≥ 0',
} as const;

export type ProblemCode = keyof typeof PROBLEM_TEMPLATES;

/** Every problem code, for checks and documentation. */
export const PROBLEM_CODES = Object.keys(PROBLEM_TEMPLATES) as ProblemCode[];

/** Fills a template's `{name}` slots from `params` in one pass (a value that looks like a slot stays as it is). */
export function fillTemplate(template: string, params: ProblemParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (slot, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : slot,
  );
}

/** The English message of `code` with `params`. */
export function problemMessage(code: ProblemCode, params: ProblemParams = {}): string {
  return fillTemplate(PROBLEM_TEMPLATES[code], params);
}

/** A problem's code, its params (left out when there are none) and its English message, built together. */
export function coded(
  code: ProblemCode,
  params: ProblemParams = {},
  around: { before?: string; after?: string } = {},
): { code: ProblemCode; params?: ProblemParams; message: string } {
  const message = `${around.before ?? ''}${problemMessage(code, params)}${around.after ?? ''}`;
  return Object.keys(params).length ? { code, params, message } : { code, message };
}

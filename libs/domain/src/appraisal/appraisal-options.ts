// The appraisal's settings from the application's configuration (APPEAL_WINDOW_DAYS, PAYROLL_CURRENCY), injected under a token so
// that the domain does not read the configuration itself and tests can give their own.
export const APPRAISAL_OPTIONS = Symbol('APPRAISAL_OPTIONS');

export interface AppraisalOptions {
  /** Days after the month's current run finished during which staff may appeal. */
  appealWindowDays: number;
  /** The currency of the incentive amounts (PAYROLL_CURRENCY), which the pages show beside them; default CNY. */
  currency?: string;
}

export const DEFAULT_CURRENCY = 'CNY';

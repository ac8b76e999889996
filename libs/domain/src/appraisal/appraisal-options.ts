// The appraisal's settings from the application's configuration (APPEAL_WINDOW_DAYS, PAYROLL_CURRENCY,
// TRAINING_HOURS_INPUT, FEEDS_TZ), injected under a token so
// that the domain does not read the configuration itself and tests can give their own.
export const APPRAISAL_OPTIONS = Symbol('APPRAISAL_OPTIONS');

export interface AppraisalOptions {
  /** Days after the month's current run finished during which staff may appeal. */
  appealWindowDays: number;
  /** The currency of the incentive amounts (PAYROLL_CURRENCY), which the pages show beside them; default CNY. */
  currency?: string;
  /** The input training hours feed (TRAINING_HOURS_INPUT); null: none; absent: DEFAULT_TRAINING_HOURS_INPUT. */
  trainingHoursInput?: string | null;
  /** The hospital's time zone (FEEDS_TZ): "today" of a training done without a day; absent: Asia/Shanghai. */
  timeZone?: string;
}

export const DEFAULT_TRAINING_HOURS_INPUT = 'training_hours';
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export const DEFAULT_CURRENCY = 'CNY';

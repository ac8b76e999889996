// The intake window: the months a month may be opened in, or take data for (opening a month, measurement dates,
// CSV and Excel rows, a document's period), counted around the current month: INTAKE_MONTHS_BACK before it
// (default 24) and INTAKE_MONTHS_AHEAD after it (default 1). It keeps a mistyped year (0001-01, 9999-12) from
// opening a month nobody will ever close. Months that exist already (older closed months, their adjustments,
// exports) are not concerned: only new intake is.
//
// "Today" comes from one function, intakeToday(). The test support pins it with SCORECARD_TODAY (a test-only
// variable, libs/config/src/dev-env.ts; test/support/today.ts), so the suites' fixed months (2026-01 … 2027-01)
// stay inside the window whenever they run. The window is read from the environment here rather than passed in because the checks are
// free functions that several services and the demo share (importDocument, checkMeasurements); the API validated
// both variables at start-up with the rest of the schema (a bad value stops it there).
import { loadEnv, pinnedToday } from '@app/config';
import { InvalidError } from '../model';

export interface IntakeWindow {
  monthsBack: number;
  monthsAhead: number;
}

let cached: IntakeWindow | null = null;

/** INTAKE_MONTHS_BACK and INTAKE_MONTHS_AHEAD, read once per process. */
export function intakeWindow(): IntakeWindow {
  if (!cached) {
    const env = loadEnv(['INTAKE_MONTHS_BACK', 'INTAKE_MONTHS_AHEAD']);
    cached = { monthsBack: env.INTAKE_MONTHS_BACK, monthsAhead: env.INTAKE_MONTHS_AHEAD };
  }
  return cached;
}

/** Today (UTC) as "YYYY-MM-DD": the clock of the window; SCORECARD_TODAY pins it (tests only). */
export function intakeToday(): string {
  return pinnedToday() ?? new Date().toISOString().slice(0, 10);
}

/** A month "YYYY-MM" moved by `by` months. */
function addMonths(period: string, by: number): string {
  const [y, m] = period.split('-').map(Number);
  const n = y * 12 + (m - 1) + by;
  return `${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`;
}

/** The first and last month of the window. */
export function intakeMonths(
  today = intakeToday(),
  window = intakeWindow(),
): { first: string; last: string; current: string } {
  const current = today.slice(0, 7);
  return {
    first: addMonths(current, -window.monthsBack),
    last: addMonths(current, window.monthsAhead),
    current,
  };
}

/** Why `period` ("YYYY-MM") may not be opened or take data now; null when it is inside the window. */
export function outsideIntakeWindow(period: string): string | null {
  const { first, last, current } = intakeMonths();
  if (period >= first && period <= last) return null;
  const { monthsBack, monthsAhead } = intakeWindow();
  return (
    `month ${period} is outside the intake window ${first} to ${last} (${monthsBack} months before ` +
    `${current} to ${monthsAhead} after: INTAKE_MONTHS_BACK, INTAKE_MONTHS_AHEAD)`
  );
}

/** A month outside the window (400). */
export class MonthOutsideWindowError extends InvalidError {
  static override readonly defaultCode = 'OUTSIDE_INTAKE_WINDOW';

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** @throws MonthOutsideWindowError naming `field` when `period` is outside the window */
export function assertInIntakeWindow(period: string, field = 'period'): void {
  const problem = outsideIntakeWindow(period);
  if (problem) throw new MonthOutsideWindowError(field, problem);
}

// The refusals about a period (a month), in one place: every concept above periods (documents, runs, pay,
// finance) throws these, and the API's error filter maps each to its HTTP status.
import { ConflictError, NotFoundError } from '../model';

/** No period with this name (404). */
export class PeriodNotFoundError extends NotFoundError {
  static override readonly defaultCode = 'PERIOD_NOT_FOUND';

  constructor(readonly period: string) {
    super(`period ${period} does not exist`);
  }
}

/** Opening a period that exists already (409). */
export class PeriodExistsError extends ConflictError {
  constructor(readonly period: string) {
    super(`period ${period} already exists`);
  }
}

/** An approved month is scored no more, a closed month never changes (409). */
export class PeriodClosedError extends ConflictError {
  static override readonly defaultCode = 'PERIOD_CLOSED';

  constructor(
    readonly period: string,
    readonly state: 'approved' | 'closed' = 'closed',
  ) {
    super(
      state === 'approved'
        ? `period ${period} is approved: its results no longer change; close it; corrections after closing go through adjustments`
        : `period ${period} is closed: its results never change; corrections go through adjustments`,
    );
  }
}

/** A lifecycle step asked of a period in the wrong status (approve, close, payroll of an unclosed month): 409. */
export class PeriodStatusError extends ConflictError {
  static override readonly defaultCode = 'PERIOD_STATUS';

  constructor(message: string, code?: string) {
    super(message, code);
  }
}

/** A new incentive plan version for an approved or closed month (409): its pay is the plan it was scored with. */
export class PlanClosedError extends ConflictError {
  static override readonly defaultCode = 'PERIOD_CLOSED';

  constructor(
    readonly period: string,
    readonly state: 'approved' | 'closed' = 'closed',
  ) {
    super(
      state === 'approved'
        ? `period ${period} is approved: its incentive plan can no longer change; approved months change no ` +
            'more; corrections after closing are adjustments'
        : `period ${period} is closed: its incentive plan can no longer change (corrections go through adjustments)`,
    );
  }
}

/** A change that would alter a closed month (409): the message names the period and the thing. */
export class ClosedMonthError extends ConflictError {
  static override readonly defaultCode = 'PERIOD_CLOSED';

  constructor(message: string) {
    super(message);
  }
}

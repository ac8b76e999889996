// The refusals about a period (a month), in one place: every concept above periods (documents, runs, pay,
// finance) throws these, and the API's error filter maps each to its HTTP status.

/** No period with this name (404). */
export class PeriodNotFoundError extends Error {
  constructor(readonly period: string) {
    super(`period ${period} does not exist`);
    this.name = 'PeriodNotFoundError';
  }
}

/** Opening a period that exists already (409). */
export class PeriodExistsError extends Error {
  constructor(readonly period: string) {
    super(`period ${period} already exists`);
    this.name = 'PeriodExistsError';
  }
}

/** An approved month is scored no more, a closed month never changes (409). */
export class PeriodClosedError extends Error {
  constructor(
    readonly period: string,
    readonly status: 'approved' | 'closed' = 'closed',
  ) {
    super(
      status === 'approved'
        ? `period ${period} is approved: its results no longer change; close it; corrections after closing go through adjustments`
        : `period ${period} is closed: its results never change; corrections go through adjustments`,
    );
    this.name = 'PeriodClosedError';
  }
}

/** A lifecycle step asked of a period in the wrong status (approve, close, payroll of an unclosed month): 409. */
export class PeriodStatusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PeriodStatusError';
  }
}

/** A new incentive plan version for a closed month (409). */
export class PlanClosedError extends Error {
  constructor(readonly period: string) {
    super(
      `period ${period} is closed: its incentive plan can no longer change (corrections go through adjustments)`,
    );
    this.name = 'PlanClosedError';
  }
}

/** A change that would alter a closed month (409): the message names the period and the thing. */
export class ClosedMonthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClosedMonthError';
  }
}

// Errors of scoring runs, each mapped to an HTTP status by the API's error filter.

/** The month's configuration cannot be scored (a bad formula, a set that does not validate): retrying is useless. */
export class RunConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunConfigurationError';
  }
}

export class RunNotFoundError extends Error {
  constructor(readonly runId: string) {
    super(`run ${runId} does not exist`);
    this.name = 'RunNotFoundError';
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

/** No run has completed for the period yet (404 on results). */
export class NoResultsError extends Error {
  constructor(readonly period: string) {
    super(`period ${period} has no completed scoring run yet`);
    this.name = 'NoResultsError';
  }
}

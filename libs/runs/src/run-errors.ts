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

/** A closed month never changes (409). */
export class PeriodClosedError extends Error {
  constructor(readonly period: string) {
    super(`period ${period} is closed: its results never change`);
    this.name = 'PeriodClosedError';
  }
}

/** No run has completed for the period yet (404 on results). */
export class NoResultsError extends Error {
  constructor(readonly period: string) {
    super(`period ${period} has no completed scoring run yet`);
    this.name = 'NoResultsError';
  }
}

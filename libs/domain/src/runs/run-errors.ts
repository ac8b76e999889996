// Errors of scoring runs, each mapped to an HTTP status by the API's error filter. The period's own refusals
// (not found, closed, wrong status) are the periods concept's (periods/period-errors.ts).
import { ConflictError, NotFoundError } from '../model';

/** The month's configuration cannot be scored (a bad formula, a set that does not validate): retrying is useless. */
export class RunConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunConfigurationError';
  }
}

export class RunNotFoundError extends NotFoundError {
  constructor(readonly runId: string) {
    super(`run ${runId} does not exist`);
  }
}

/** No run has completed for the period yet (404 on results). */
export class NoResultsError extends NotFoundError {
  static override readonly defaultCode = 'NO_RESULTS';

  constructor(readonly period: string) {
    super(`period ${period} has no completed scoring run yet`);
  }
}

/** Only a queued or running run can be cancelled (409). */
export class RunNotActiveError extends ConflictError {
  static override readonly defaultCode = 'RUN_NOT_ACTIVE';

  constructor(
    readonly runId: string,
    readonly runStatus: string,
  ) {
    super(`run ${runId} is ${runStatus}: only a queued or running run can be cancelled`);
  }
}

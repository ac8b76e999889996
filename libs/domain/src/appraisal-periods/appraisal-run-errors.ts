// The refusals of an appraisal period's runs, results and sign-off, each with its code; the API answers them through
// the one error filter. Messages are Chinese / English. (A period approved or closed refuses a new run with
// APPRAISAL_PERIOD_LOCKED: appraisal-period-lock.ts.)
import { ConflictError, NotFoundError } from '../model';

/** No run of that id in that period (404). */
export class AppraisalRunNotFoundError extends NotFoundError {
  static override readonly defaultCode = 'APPRAISAL_RUN_NOT_FOUND';
  constructor(period: string, runId: string) {
    super(`考核周期 ${period} 没有核算 ${runId} / appraisal period ${period} has no run ${runId}`);
  }
}

/** The period has no results yet: no run of it has completed (404). */
export class AppraisalNoResultsError extends NotFoundError {
  static override readonly defaultCode = 'APPRAISAL_NO_RESULTS';
  constructor(period: string) {
    super(
      `考核周期 ${period} 尚无核算完成的结果 / appraisal period ${period} has no completed run yet: start one first`,
    );
  }
}

/** Approve or close asked of a period whose state does not allow it (409); the message says what is missing. */
export class AppraisalPeriodStateError extends ConflictError {
  static override readonly defaultCode = 'APPRAISAL_PERIOD_STATE';
  constructor(zh: string, en: string) {
    super(`${zh} / ${en}`);
  }
}

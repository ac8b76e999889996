// The refusals of appraisal periods above the month, each with its code; the API answers them through the one
// error filter. Messages are Chinese / English.
import { InvalidError, NotFoundError, quoteValue } from '../model';

/** A period that is not "YYYY", "YYYY-Qn" or "YYYY-Hn" (400). */
export class AppraisalPeriodInvalidError extends InvalidError {
  static override readonly defaultCode = 'APPRAISAL_PERIOD_INVALID';

  constructor(period: unknown) {
    super(
      `考核周期须为 YYYY、YYYY-Qn 或 YYYY-Hn / an appraisal period is "YYYY", "YYYY-Qn" (n 1–4) or "YYYY-Hn" ` +
        `(n 1–2), got ${quoteValue(period)}`,
    );
  }
}

/** A period without a plan, or a plan version that does not exist (404). */
export class AppraisalPlanNotFoundError extends NotFoundError {
  static override readonly defaultCode = 'APPRAISAL_PLAN_NOT_FOUND';

  constructor(period: string, version?: number) {
    super(
      version === undefined
        ? `考核周期 ${period} 尚无考核方案 / appraisal period ${period} has no plan: put one first`
        : `考核周期 ${period} 没有第 ${version} 版方案 / appraisal period ${period} has no plan version ${version}`,
    );
  }
}

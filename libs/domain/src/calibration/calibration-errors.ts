// The refusals of grade calibration (等级校准): HR's overrides of a person's grade. Each has its code; the API
// answers them through the one error filter. Messages are Chinese / English.
import { InvalidError, NotFoundError } from '../model';

/** An override whose grade is not one of the person's set's grades (400); the message names the set's grades. */
export class GradeNotInSetError extends InvalidError {
  static override readonly defaultCode = 'GRADE_NOT_IN_SET';

  constructor(
    readonly grade: string,
    readonly set: string,
    readonly grades: readonly string[],
  ) {
    super(
      grades.length
        ? `等级 ${grade} 不在考核组 ${set} 的等级中（${grades.join(', ')}）/ grade ${grade} is not a grade of set ` +
            `${set} (${grades.join(', ')})`
        : `考核组 ${set} 未设置等级 / set ${set} has no grades`,
    );
  }
}

/** A person the month does not score: not active in it, or no indicator set in force for them (400). */
export class StaffNotInMonthError extends InvalidError {
  static override readonly defaultCode = 'STAFF_NOT_IN_MONTH';

  constructor(code: string, period: string) {
    super(
      `${code} 不在 ${period} 的考核范围内（未在职或无生效的考核组）/ ${code} is not scored in ${period} ` +
        '(not active, or no indicator set in force for them)',
    );
  }
}

/** A reason that is empty or longer than 500 characters once trimmed (400). */
export class OverrideReasonError extends InvalidError {
  static override readonly defaultCode = 'OVERRIDE_REASON';

  constructor() {
    super('reason: 须为 1 到 500 字 / must be 1 to 500 characters');
  }
}

/** No such member of staff, or no override of theirs in the month (404). */
export class OverrideNotFoundError extends NotFoundError {}

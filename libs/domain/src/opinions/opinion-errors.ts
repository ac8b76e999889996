// The refusals of opinion rounds (考核意见征集), each with its code; the API answers them through the one error
// filter. Messages are Chinese / English, every problem of an answer named by its field.
import { ConflictError, InvalidError, NotFoundError } from '../model';

export class OpinionRoundNotFoundError extends NotFoundError {
  constructor(id: number) {
    super(`意见征集 ${id} 不存在 / opinion round ${id} does not exist`);
  }
}

/** An answer, or a round's title, that is not valid: every problem named, `field: 中文 / English` (400). */
export class OpinionInvalidError extends InvalidError {
  static override readonly defaultCode = 'OPINION_INVALID';

  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/** A second round while one is open (409). */
export class OpinionRoundOpenError extends ConflictError {
  static override readonly defaultCode = 'OPINION_ROUND_OPEN';
}

/** Answering or closing a round that is closed (409). */
export class OpinionRoundClosedError extends ConflictError {
  static override readonly defaultCode = 'OPINION_ROUND_CLOSED';
}

/** A second answer of the same person to a round (409). */
export class OpinionAlreadyAnsweredError extends ConflictError {
  static override readonly defaultCode = 'OPINION_ALREADY_ANSWERED';

  constructor() {
    super('你已提交过本轮意见 / you have answered this round already');
  }
}

/** A problem of a field, `field: 中文 / English`. */
export function opinionProblem(field: string, zh: string, en: string): string {
  return `${field}: ${zh} / ${en}`;
}

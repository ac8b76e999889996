// The appraisal's refusals, as plain errors (apps/api/src/common/http-errors.filter.ts answers them 404, 409 and
// 400). Not found also stands for "not yours to see": nothing tells whether a person, plan or appeal exists.
import { ConflictError, InvalidError, NotFoundError } from '../model';
export class AppraisalNotFoundError extends NotFoundError {
  constructor(message: string) {
    super(message);
  }
}

/** Refused because of the state of things: decided already, one open already, the window closed, … */
export class AppraisalConflictError extends ConflictError {
  constructor(message: string) {
    super(message);
  }
}

/** Refused because of what was asked: an indicator not in the result, a rejection without a reason, … */
export class AppraisalInvalidError extends InvalidError {
  constructor(message: string) {
    super(message);
  }
}

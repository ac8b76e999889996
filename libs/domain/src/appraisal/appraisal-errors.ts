// The appraisal's refusals, as plain errors (apps/api/src/common/http-errors.filter.ts answers them 404, 409 and
// 400). Not found also stands for "not yours to see": nothing tells whether a person, plan or appeal exists.
export class AppraisalNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppraisalNotFoundError';
  }
}

/** Refused because of the state of things: decided already, one open already, the window closed, … */
export class AppraisalConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppraisalConflictError';
  }
}

/** Refused because of what was asked: an indicator not in the result, a rejection without a reason, … */
export class AppraisalInvalidError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppraisalInvalidError';
  }
}

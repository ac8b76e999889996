// The refusals of the domain, as plain errors that carry the HTTP status they are answered with, so the libraries
// stay free of HTTP exceptions and the API maps every one of them in one line (apps/api/src/common/
// http-errors.filter.ts). Each concept names its own errors (PeriodNotFoundError, AppealConflict…) by extending
// one of these, so a reader sees both what went wrong and how the API answers it.

export type RefusedStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422;

/** A refusal with its status. `rows`, when given, lists the bad rows of a batch (measurements, corrections). */
export class RefusedError extends Error {
  constructor(
    readonly status: RefusedStatus,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** What was asked cannot be done as given: an unknown code in a field, a bad row, inconsistent fields (400). */
export class InvalidError extends RefusedError {
  constructor(message: string) {
    super(400, message);
  }
}

/** A code, id, month or version named in the request that does not exist, or is not the caller's to see (404). */
export class NotFoundError extends RefusedError {
  constructor(message: string) {
    super(404, message);
  }
}

/** Refused because of the state of things: a closed month, a code taken, a later version, decided already (409). */
export class ConflictError extends RefusedError {
  constructor(message: string) {
    super(409, message);
  }
}

// The refusals of the domain, as plain errors that carry the HTTP status they are answered with, so the libraries
// stay free of HTTP exceptions and the API maps every one of them in one line (apps/api/src/common/
// http-errors.filter.ts). Each concept names its own errors (PeriodNotFoundError, AppealConflict…) by extending
// one of these, so a reader sees both what went wrong and how the API answers it.
//
// Each refusal also carries a stable `code` (`NOT_FOUND`, `PERIOD_CLOSED`…) that clients act on and the pages
// translate, whatever the words of the message: the class's `defaultCode` (a subclass declares its own as a
// static field), else the status's, unless a throw names another. The list is in docs/API.md, "Errors".

export type RefusedStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422;

/** The code of a refusal that names none, by status. */
export const STATUS_ERROR_CODES: Readonly<Record<RefusedStatus, string>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'UNPROCESSABLE',
};

/** Codes are upper-case words joined by `_`: stable identifiers, never translated. */
export const ERROR_CODE_RE = /^[A-Z][A-Z0-9_]*$/;

/** A refusal with its status. `rows`, when given, lists the bad rows of a batch (measurements, corrections). */
export class RefusedError extends Error {
  /** The code of every refusal of this class, unless a throw names another (subclasses set their own). */
  static readonly defaultCode: string | undefined = undefined;

  /** What a client acts on: stable across releases and languages. */
  readonly code: string;

  constructor(
    readonly status: RefusedStatus,
    message: string,
    code?: string,
  ) {
    super(message);
    this.name = new.target.name;
    this.code = code ?? new.target.defaultCode ?? STATUS_ERROR_CODES[status];
  }
}

/** What was asked cannot be done as given: an unknown code in a field, a bad row, inconsistent fields (400). */
export class InvalidError extends RefusedError {
  constructor(message: string, code?: string) {
    super(400, message, code);
  }
}

/** A code, id, month or version named in the request that does not exist, or is not the caller's to see (404). */
export class NotFoundError extends RefusedError {
  constructor(message: string, code?: string) {
    super(404, message, code);
  }
}

/** Refused because of the state of things: a closed month, a code taken, a later version, decided already (409). */
export class ConflictError extends RefusedError {
  constructor(message: string, code?: string) {
    super(409, message, code);
  }
}

// The refusals of HR's configuration changes, as plain errors: the API maps each to its status
// (apps/api/src/common/http-errors.filter.ts). Changes that would alter a closed month throw the periods
// concept's ClosedMonthError instead.
import { ConflictError, InvalidError, NotFoundError } from '../model';

/** A code, id or version named in the path that does not exist (404). */
export class ConfigurationNotFoundError extends NotFoundError {
  constructor(message: string) {
    super(message);
  }
}

/** A request that cannot be carried out as given: an unknown code in a field, inconsistent fields (400). */
export class ConfigurationInvalidError extends InvalidError {
  constructor(message: string) {
    super(message);
  }
}

/** A change that conflicts with what is stored: a code taken, a row still in use, versions out of order (409). */
export class ConfigurationConflictError extends ConflictError {
  constructor(message: string, code?: string) {
    super(message, code);
  }
}

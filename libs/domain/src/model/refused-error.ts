// A request refused by a rule of access or pay (sign-in, users, API keys, export batches), carrying the HTTP status
// it is answered with (the API's error filter uses it), so the library stays free of HTTP exceptions.
export type RefusedStatus = 400 | 401 | 403 | 404 | 409 | 422;

export class RefusedError extends Error {
  constructor(
    readonly status: RefusedStatus,
    message: string,
  ) {
    super(message);
    this.name = 'RefusedError';
  }
}

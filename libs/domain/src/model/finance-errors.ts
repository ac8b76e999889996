// Refusals of the finance feed and API keys, each carrying its HTTP status (the API's error filter answers with
// it), so the library stays free of HTTP exceptions.
export type FinanceStatus = 400 | 401 | 403 | 404 | 409 | 422;

export class FinanceError extends Error {
  constructor(
    readonly status: FinanceStatus,
    message: string,
  ) {
    super(message);
    this.name = 'FinanceError';
  }
}

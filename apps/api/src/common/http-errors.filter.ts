// One JSON error shape for the whole API: {statusCode, error, code, message, problems?, rows?}. `code` is stable
// (docs/API.md, "Errors"): clients and the pages act on it and translate it, whatever the words of `message`.
// Document problems keep their paths (as docs/FORMAT.md says); body-parser failures (too large, malformed JSON)
// keep their status instead of becoming 500s; anything unexpected is logged and answered without internals.
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import type { RowProblem } from '@app/domain/documents';
import { ERROR_CODE_RE, RefusedError } from '@app/domain/model';
import { DocumentInvalidError, Problem } from '@app/scoring';

interface ErrorBody {
  statusCode: number;
  error: string;
  /** Stable, for clients to act on (docs/API.md, "Errors"). */
  code: string;
  message: string;
  problems?: Problem[];
  rows?: RowProblem[];
}

@Catch()
export class HttpErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode === 503) res.setHeader('Retry-After', String(RETRY_AFTER_S));
    res.status(body.statusCode).json(body);
  }

  private toBody(e: unknown): ErrorBody {
    if (e instanceof DocumentInvalidError) {
      return {
        ...base(HttpStatus.BAD_REQUEST, 'DOCUMENT_INVALID'),
        message: `the document has ${e.problems.length} problem(s)`,
        problems: e.problems,
      };
    }
    // Every refusal of the domain carries its status (libs/domain/src/model/domain-errors.ts); a batch's refusal
    // lists its bad rows.
    if (e instanceof RefusedError) {
      const rows = (e as { rows?: RowProblem[] }).rows;
      return { ...base(e.status, e.code), message: e.message, ...(rows ? { rows } : {}) };
    }
    if (e instanceof HttpException) {
      const r = e.getResponse();
      // A failed health check answers with the health report itself (what is up, what is down and why).
      if (typeof r === 'object' && r !== null && 'details' in r)
        return { ...base(e.getStatus()), message: 'unhealthy', ...r };
      const m = typeof r === 'string' ? r : (r as { message?: unknown }).message;
      const message = Array.isArray(m) ? m.map(String).join('; ') : typeof m === 'string' ? m : e.message;
      // An exception may name its own code (`new ConflictException({message, code: 'X'})`).
      const own = typeof r === 'object' && r !== null ? (r as { code?: unknown }).code : undefined;
      const code = typeof own === 'string' && ERROR_CODE_RE.test(own) ? own : undefined;
      // The ValidationPipe's 400 codes each failing field (common/coded-validation.pipe.ts).
      const problems =
        typeof r === 'object' && r !== null ? (r as { problems?: unknown }).problems : undefined;
      return { ...base(e.getStatus(), code), message, ...(Array.isArray(problems) ? { problems } : {}) };
    }
    // Errors from the body parser carry their HTTP status (413 too large, 400 malformed JSON, 415 charset).
    const status = (e as { status?: unknown; type?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const type = (e as { type?: unknown }).type;
      const message =
        type === 'entity.too.large'
          ? `the request body is larger than the limit of ${(e as { limit?: number }).limit ?? '?'} bytes (BODY_LIMIT_BYTES)`
          : type === 'entity.parse.failed'
            ? `the body is not valid JSON: ${(e as Error).message}`
            : (e as Error).message;
      return { ...base(status, type === 'entity.parse.failed' ? 'MALFORMED_JSON' : undefined), message };
    }
    if (isStoreAway(e)) {
      // The database or Redis is away (restarting, unreachable): the request may succeed again shortly.
      this.logger.warn(`${(e as Error).name}: ${(e as Error).message}`);
      return {
        ...base(HttpStatus.SERVICE_UNAVAILABLE),
        message: 'the database or the queue is unavailable: try again',
      };
    }
    this.logger.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return { ...base(HttpStatus.INTERNAL_SERVER_ERROR), message: 'unexpected error' };
  }
}

/** Seconds a client is asked to wait when the database or Redis is away. */
const RETRY_AFTER_S = 5;

/** Network errors, PostgreSQL's "cannot connect now" / "admin shutdown" states, and ioredis giving up. */
const AWAY_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);

/** Whether `e` says a store the request needs is away, rather than that the request was wrong. */
export function isStoreAway(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code =
    (e as { code?: unknown }).code ?? (e as { driverError?: { code?: unknown } }).driverError?.code;
  if (typeof code === 'string' && AWAY_CODES.has(code)) return true;
  return (
    e.name === 'MaxRetriesPerRequestError' ||
    /Connection terminated|connection is closed|Connection is closed|terminating connection|timeout exceeded when trying to connect/i.test(
      e.message,
    )
  );
}

/** The code of an error that names none, by status. */
export const STATUS_CODE_NAMES: Readonly<Record<number, string>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

function base(statusCode: number, code?: string): { statusCode: number; error: string; code: string } {
  return {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    code: code ?? STATUS_CODE_NAMES[statusCode] ?? (statusCode >= 500 ? 'INTERNAL_ERROR' : 'REQUEST_REFUSED'),
  };
}

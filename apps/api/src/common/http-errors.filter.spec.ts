// The error filter answers a store that is away with 503 and Retry-After, not 500, and gives every error a
// stable code.
import {
  ArgumentsHost,
  ConflictException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { ConflictError, InvalidError, NotFoundError, RefusedError } from '@app/domain/model';
import { MonthDataLockedError, PeriodClosedError, PeriodNotFoundError } from '@app/domain/periods';
import { DocumentInvalidError } from '@app/scoring';
import { QueryFailedError } from 'typeorm';
import { HttpErrorsFilter, isStoreAway } from './http-errors.filter';

interface Body {
  message: string;
  code: string;
  problems?: unknown;
}

function answer(e: unknown): { status: number; headers: Record<string, string>; body: Body } {
  const out = { status: 0, headers: {} as Record<string, string>, body: { message: '', code: '' } as Body };
  const res = {
    setHeader: (k: string, v: string) => (out.headers[k] = v),
    status: (s: number) => ({ json: (b: Body) => ((out.status = s), (out.body = b)) }),
  };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  new HttpErrorsFilter().catch(e, host);
  return out;
}

describe('HttpErrorsFilter', () => {
  it('answers 503 with Retry-After when the database is away', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const shutdown = new QueryFailedError(
      'SELECT 1',
      [],
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    );
    for (const e of [refused, shutdown, new Error('Connection terminated unexpectedly')]) {
      expect(isStoreAway(e)).toBe(true);
      const a = answer(e);
      expect(a.status).toBe(503);
      expect(a.headers['Retry-After']).toBe('5');
    }
  });

  it('still answers an unexpected error with 500, without internals', () => {
    const a = answer(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(a.status).toBe(500);
    expect(a.body.message).toBe('unexpected error');
    expect(isStoreAway(new Error('duplicate key value violates unique constraint'))).toBe(false);
  });

  it("gives every error a stable code: the status's, the class's, or the one a throw names", () => {
    const cases: [unknown, number, string][] = [
      [new InvalidError('bad'), 400, 'VALIDATION_FAILED'],
      [new InvalidError('bad', 'SPECIFIC_THING'), 400, 'SPECIFIC_THING'],
      [new NotFoundError('nope'), 404, 'NOT_FOUND'],
      [new ConflictError('taken'), 409, 'CONFLICT'],
      [new RefusedError(413, 'big'), 413, 'PAYLOAD_TOO_LARGE'],
      [new PeriodNotFoundError('2026-10'), 404, 'PERIOD_NOT_FOUND'],
      [new PeriodClosedError('2026-10'), 409, 'PERIOD_CLOSED'],
      [new MonthDataLockedError('closed', '2026-10'), 409, 'PERIOD_CLOSED'],
      [new MonthDataLockedError('run', '2026-10', 'RUN_IN_PROGRESS'), 409, 'RUN_IN_PROGRESS'],
      [new DocumentInvalidError([{ path: 'period', message: 'bad' }]), 400, 'DOCUMENT_INVALID'],
      [new UnauthorizedException(), 401, 'UNAUTHENTICATED'],
      [new ForbiddenException(), 403, 'FORBIDDEN'],
      [new NotFoundException('Cannot GET /x'), 404, 'NOT_FOUND'],
      [new HttpException('slow down', 429), 429, 'RATE_LIMITED'],
      [new ConflictException({ message: 'x', code: 'OWN_CODE' }), 409, 'OWN_CODE'],
      [new ConflictException({ message: 'x', code: 'not a code' }), 409, 'CONFLICT'],
      [
        Object.assign(new Error('too big'), { status: 413, type: 'entity.too.large', limit: 10 }),
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [
        Object.assign(new Error('Unexpected token'), { status: 400, type: 'entity.parse.failed' }),
        400,
        'MALFORMED_JSON',
      ],
      [
        Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
        503,
        'SERVICE_UNAVAILABLE',
      ],
      [new TypeError('x'), 500, 'INTERNAL_ERROR'],
    ];
    for (const [e, status, code] of cases) {
      const a = answer(e);
      expect([String(e), a.status, a.body.code]).toEqual([String(e), status, code]);
    }
    expect(answer(new DocumentInvalidError([{ path: 'period', message: 'bad' }])).body.problems).toEqual([
      { path: 'period', message: 'bad' },
    ]);
  });
});

// The error filter answers a store that is away with 503 and Retry-After, not 500.
import { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { HttpErrorsFilter, isStoreAway } from './http-errors.filter';

function answer(e: unknown): { status: number; headers: Record<string, string>; body: { message: string } } {
  const out = { status: 0, headers: {} as Record<string, string>, body: { message: '' } };
  const res = {
    setHeader: (k: string, v: string) => (out.headers[k] = v),
    status: (s: number) => ({ json: (b: { message: string }) => ((out.status = s), (out.body = b)) }),
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
});

// The OpenAPI description (/api/docs-json) declares the bearer and API-key schemes and marks every route with the
// one its access rule takes, so "Try it out" sends the right credentials: people's routes a bearer token, systems'
// feeds an X-API-Key, the payroll both ways, sign-in and health nothing.
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { startTestApp } from './support/app';

type Operation = { security?: Record<string, string[]>[] };

describe('the OpenAPI description and its security', () => {
  let app: NestExpressApplication;
  let doc: {
    components: { securitySchemes: Record<string, Record<string, string>> };
    paths: Record<string, Record<string, Operation>>;
  };
  const op = (path: string, method: string) => doc.paths[path]?.[method];

  beforeAll(async () => {
    app = await startTestApp({}, { signedIn: false });
    doc = (await request(app.getHttpServer()).get('/api/docs-json').expect(200)).body;
  });
  afterAll(() => app.close());

  it('declares a bearer scheme and an X-API-Key scheme', () => {
    expect(doc.components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
      'api-key': expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }),
    });
  });

  it('marks each route with the scheme its guard takes', () => {
    expect(op('/api/v1/auth/login', 'post')?.security).toEqual([]);
    expect(op('/health', 'get')?.security).toEqual([]);
    expect(op('/api/v1/sites', 'post')?.security).toEqual([{ bearer: [] }]);
    expect(op('/api/v1/periods/{period}/runs', 'post')?.security).toEqual([{ bearer: [] }]);
    expect(op('/api/v1/periods/{period}/scores', 'get')?.security).toEqual([{ 'api-key': [] }]);
    expect(op('/api/v1/periods/{period}/payroll', 'get')?.security).toEqual([
      { 'api-key': [] },
      { bearer: [] },
    ]);
  });

  it('leaves no operation without a security requirement', () => {
    const missing = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, o]) => o.security === undefined)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('holds: a bearer route answers 401 without a token, a keyed one without a key', async () => {
    const anonymous = () => request(app.getHttpServer());
    const bearer = await anonymous().get('/api/v1/sites').expect(401);
    expect(bearer.body.code).toBe('UNAUTHENTICATED');
    const keyed = await anonymous().get('/api/v1/periods/2026-10/scores').expect(401);
    expect(keyed.body.message).toMatch(/X-API-Key/);
  });
});

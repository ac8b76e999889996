// The request limits are configuration (BODY_LIMIT_BYTES, BODY_MAX_DEPTH, BODY_MAX_VALUES, DOCUMENT_MAX_DEPTH,
// DOCUMENT_MAX_VALUES), with today's limits as defaults: lowered, each is enforced, with its code; the environment
// is read and checked like every other variable.
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { ConfigError, DEFAULT_HTTP_OPTIONS, loadConfig, loadHttpOptions } from '@app/config';
import { startTestApp } from './support/app';
import { libraryMonth } from './factories/month';

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('configurable request limits', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startTestApp({
      http: {
        ...DEFAULT_HTTP_OPTIONS,
        bodyLimitBytes: 4096,
        bodyMaxDepth: 6,
        bodyMaxValues: 200,
        documentMaxDepth: 5,
        documentMaxValues: 300,
      },
    });
  });
  afterAll(() => app.close());

  it('refuses a body over BODY_LIMIT_BYTES with 413, and takes one under it', async () => {
    const big = await http()
      .post('/api/v1/sites')
      .send({ code: 'CC', name: 'x'.repeat(5000) })
      .expect(413);
    expect(big.body).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringMatching(/4096 bytes/),
    });
    await http().post('/api/v1/sites').send({ code: 'CC', name: 'Changchun' }).expect(201);
  });

  it('refuses JSON nested deeper than BODY_MAX_DEPTH or holding more than BODY_MAX_VALUES', async () => {
    const deep = await http()
      .post('/api/v1/sites')
      .set('Content-Type', 'application/json')
      .send(`{"code": "SY", "name": ${nested(6)}}`)
      .expect(400);
    expect(deep.body).toMatchObject({
      code: 'BODY_TOO_COMPLEX',
      message: expect.stringMatching(/deeper than 6/),
    });
    const many = await http()
      .post('/api/v1/sites')
      .send({ code: 'SY', name: 'x', list: Array.from({ length: 300 }, (_, i) => i) })
      .expect(400);
    expect(many.body).toMatchObject({
      code: 'BODY_TOO_COMPLEX',
      message: expect.stringMatching(/more than 200/),
    });
  });

  it('refuses a YAML document over DOCUMENT_MAX_VALUES', async () => {
    const items = Array.from({ length: 100 }, (_, i) => i).join(', ');
    const yaml = `formatVersion: 1\nperiod: "2026-10"\nextra: &x [${items}]\nmore: [*x, *x, *x]\n`;
    const res = await http()
      .post('/api/v1/preview')
      .set('Content-Type', 'application/yaml')
      .send(yaml)
      .expect(400);
    expect(res.body.code).toBe('DOCUMENT_INVALID');
    expect(JSON.stringify(res.body.problems)).toMatch(/the document is too large: more than 300 values/);
  });

  it('keeps today’s limits by default: a month of the library passes them', async () => {
    const defaults = await startTestApp({ http: { ...DEFAULT_HTTP_OPTIONS } });
    try {
      await request(defaults.getHttpServer()).post('/api/v1/preview').send(libraryMonth()).expect(200);
    } finally {
      await defaults.close();
    }
    expect(DEFAULT_HTTP_OPTIONS).toMatchObject({
      bodyLimitBytes: 8 * 1024 * 1024,
      bodyMaxDepth: 32,
      bodyMaxValues: 10_000_000,
      documentMaxDepth: 32,
      documentMaxValues: 10_000_000,
      requestTimeoutMs: 30000,
      publicUrl: null,
      trustProxy: false,
    });
  });

  it('reads the limits, PUBLIC_URL and TRUST_PROXY from the environment, naming a bad one', () => {
    expect(
      loadHttpOptions({
        BODY_LIMIT_BYTES: '1048576',
        BODY_MAX_DEPTH: '16',
        DOCUMENT_MAX_VALUES: '5000000',
        PUBLIC_URL: 'https://scorecard.example.cn',
        TRUST_PROXY: 'loopback, 10.0.0.0/8',
      }),
    ).toMatchObject({
      bodyLimitBytes: 1048576,
      bodyMaxDepth: 16,
      documentMaxValues: 5000000,
      publicUrl: 'https://scorecard.example.cn',
      trustProxy: 'loopback,10.0.0.0/8',
    });
    expect(loadHttpOptions({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }).http?.trustProxy).toBe(true);
    const bad = () => loadConfig({ BODY_MAX_DEPTH: '2', PUBLIC_URL: 'ftp://x', TRUST_PROXY: 'everyone' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/BODY_MAX_DEPTH must be a whole number from 4 to 1000, got "2"/);
    expect(bad).toThrow(/PUBLIC_URL must start with http:\/\/ or https:\/\//);
    expect(bad).toThrow(/TRUST_PROXY must be false, true, a number of proxy hops/);
  });
});

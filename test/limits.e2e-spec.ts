// What a user's text may cost the service: bodies nested too deep are refused with 400 before validation walks
// them, YAML whose aliases expand past the document budget is refused, and money formulas with huge exponents are
// refused by validation; none of them stalls the API (each answers within a second or two).
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { startTestApp } from './support/app';
import { libraryMonth } from './factories/month';

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('limits on what a request may cost', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('answers 400 to JSON nested 3,000 deep on the sign-in route, without signing in', async () => {
    const body = `{"username": ${nested(3000)}, "password": "x"}`;
    const res = await http()
      .post('/api/v1/auth/login')
      .set('X-Test-Anonymous', '1')
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/nested deeper than 32 levels/);
  });

  it('answers 400 to a document nested 100,000 deep', async () => {
    const res = await http()
      .post('/api/v1/documents')
      .set('Content-Type', 'application/json')
      .send(`{"formatVersion": 1, "x": ${nested(100000)}}`);
    expect(res.status).toBe(400);
  });

  it('refuses a YAML document whose aliases expand past the budget, quickly', async () => {
    const items = Array.from({ length: 100000 }, (_, i) => i).join(', ');
    const yaml =
      `formatVersion: 1\nperiod: "2026-10"\nextra: &x [${items}]\n` +
      `more: [${Array.from({ length: 999 }, () => '*x').join(', ')}]\n`;
    const started = Date.now();
    const res = await http().post('/api/v1/preview').set('Content-Type', 'application/yaml').send(yaml);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/the document is too large: more than 10,000,000 values/);
    expect(Date.now() - started).toBeLessThan(10000);
    await http().get('/health').expect(200);
  });

  it('stores nothing of the keys a document does not know', async () => {
    const doc = libraryMonth();
    const set = doc.indicatorSets[0] as unknown as Record<string, unknown> & { indicators: object[] };
    set.indicators[0] = { ...set.indicators[0], extra: Array.from({ length: 1000 }, (_, i) => i) };
    set.notes = 'an unknown key on the set';
    await http().post('/api/v1/documents').send(doc).expect(200);
    const version = (
      await http().get(`/api/v1/indicator-sets/${doc.indicatorSets[0].code}/versions/1`).expect(200)
    ).body as Record<string, unknown> & { indicators: Record<string, unknown>[] };
    expect(version).not.toHaveProperty('notes');
    expect(version.indicators[0]).not.toHaveProperty('extra');
    expect(version.indicators[0]).toHaveProperty('formula');
  });

  it('answers 404 to ids past 2^31 and 400 to ids that are not whole numbers', async () => {
    await http().get('/api/v1/assignment-rules/2147483648').expect(404);
    await http().get('/api/v1/assignment-rules/2147483647').expect(404);
    await http().get('/api/v1/workload/versions/99999999999999999999').expect(404);
    await http().patch('/api/v1/plan-actions/2147483648').send({ status: 'done' }).expect(404);
    await http().get('/api/v1/assignment-rules/abc').expect(400);
  });

  it('refuses a money formula raising to the power 1000000 at validation', async () => {
    const doc = libraryMonth();
    doc.incentive = { ...doc.incentive, weight: 'points ^ 1000000' };
    const started = Date.now();
    const res = await http().post('/api/v1/preview').send(doc);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.problems)).toMatch(/raises to the power 1000000/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('a connection that sends nothing', () => {
  it('is closed after REQUEST_TIMEOUT_MS', async () => {
    process.env.REQUEST_TIMEOUT_MS = '1000';
    const app = await startTestApp();
    try {
      await app.listen(0, '127.0.0.1');
      const { port } = app.getHttpServer().address() as AddressInfo;
      const started = Date.now();
      await new Promise<void>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        socket.on('error', reject);
        socket.on('close', () => resolve());
      });
      const closedAfter = Date.now() - started;
      expect(closedAfter).toBeGreaterThanOrEqual(900);
      expect(closedAfter).toBeLessThan(5000);
    } finally {
      delete process.env.REQUEST_TIMEOUT_MS;
      await app.close();
    }
  });
});

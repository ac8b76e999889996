// POST /api/v1/preview in-process (supertest): the service scores exactly as the engine and the CLI do, and
// refuses bad input with clear JSON errors.
import { readFileSync } from 'node:fs';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { parseDocumentText, scoreAppraisal, scoreDocument } from '@app/scoring';
import { startTestApp } from './support/app';
import { compareWithExpected, scenario as fixture } from './support/scenarios';

describe('POST /api/v1/preview', () => {
  let app: NestExpressApplication;
  const scenario = fixture('logistics-basic');
  const yamlText = readFileSync(scenario.document, 'utf8');
  const doc = parseDocumentText(yamlText);

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('scores a JSON document exactly as the engine does, matching the expected result', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/preview')
      .send(doc as object)
      .expect(200);
    expect(res.body).toEqual(scoreDocument(doc));
    expect(compareWithExpected(scenario.expected, res.body)).toBe('');
  });

  it('accepts the same document as YAML with Content-Type application/yaml', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/preview')
      .set('Content-Type', 'application/yaml')
      .send(yamlText)
      .expect(200);
    expect(res.body).toEqual(scoreDocument(doc));
  });

  it('scores an appraisal document (a period above the month) as the engine does', async () => {
    const annual = fixture('annual-rollup');
    const body = parseDocumentText(readFileSync(annual.document, 'utf8'));
    const res = await request(app.getHttpServer())
      .post('/api/v1/preview')
      .send(body as object)
      .expect(200);
    expect(res.body).toEqual(scoreAppraisal(body));
    expect(compareWithExpected(annual.expected, res.body)).toBe('');
  });

  it('answers 400 with every problem and its path for an invalid document', async () => {
    const bad = { ...(doc as object), formatVersion: 2, period: 'October' };
    const res = await request(app.getHttpServer()).post('/api/v1/preview').send(bad).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'formatVersion', message: 'must be 1, got 2' }),
        expect.objectContaining({ path: 'period', message: expect.stringContaining('YYYY-MM') }),
      ]),
    );
  });

  it('answers 400 for malformed JSON or YAML, and 415 for other content types', async () => {
    const server = app.getHttpServer();
    const badJson = await request(server)
      .post('/api/v1/preview')
      .set('Content-Type', 'application/json')
      .send('{"a": ')
      .expect(400);
    expect(badJson.body.message).toMatch(/JSON/);
    const badYaml = await request(server)
      .post('/api/v1/preview')
      .set('Content-Type', 'application/yaml')
      .send('a: [1, 2\n')
      .expect(400);
    expect(badYaml.body.problems[0].message).toContain('not valid YAML');
    await request(server).post('/api/v1/preview').set('Content-Type', 'text/plain').send('hello').expect(415);
  });

  it('refuses a body over the limit with 413, not a crash', async () => {
    const huge = JSON.stringify({ padding: 'x'.repeat(9 * 1024 * 1024) });
    const res = await request(app.getHttpServer())
      .post('/api/v1/preview')
      .set('Content-Type', 'application/json')
      .send(huge)
      .expect(413);
    expect(res.body.message).toContain('larger than the limit');
  });

  it('sends security headers and serves the OpenAPI description', async () => {
    const res = await request(app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(Object.keys(res.body.paths)).toContain('/api/v1/preview');
  });
});

// Problems and bad rows over HTTP carry a stable code and the values they quote besides the English message
// (docs/API.md, "Errors"): a refused CSV file's rows, a set draft's problems (the check's 200 and the save's
// 400), and a DTO's failing fields (the ValidationPipe's 400, its message list unchanged).
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { PROBLEM_CODES } from '@app/scoring';
import { libraryMonth } from './factories/month';
import { startTestApp } from './support/app';

const SET = 'MAINT';

describe('problem and row codes', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startTestApp();
    await http().post('/api/v1/documents').send(libraryMonth()).expect(200);
  });
  afterAll(() => app?.close());

  it('codes every bad row of a CSV file', async () => {
    const csv = ['staff,date,complaints', 'C101,2026-11-03,many', 'C101,2026-13-03,1'].join('\n');
    const first = await http()
      .post('/api/v1/measurements/csv')
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(400);
    expect(first.body.rows).toEqual([
      {
        row: 2,
        field: 'complaints',
        code: 'CSV_NOT_DECIMAL',
        params: { got: '"many"' },
        message: '"many" is not a decimal number (digits, an optional - and . decimals)',
      },
    ]);
    const second = await http()
      .post('/api/v1/measurements/csv')
      .set('Content-Type', 'text/csv')
      .send(['staff,date,complaints,nonsense', 'C999,2026-13-03,1,2'].join('\n'))
      .expect(400);
    expect(second.body.rows.length).toBeGreaterThan(0);
    for (const r of second.body.rows) expect(PROBLEM_CODES).toContain(r.code);
    expect(second.body.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'date', code: 'BAD_DATE', params: { got: '"2026-13-03"' } }),
        expect.objectContaining({ field: 'input', code: 'NOT_IN_DICTIONARY', params: { got: '"nonsense"' } }),
      ]),
    );
  });

  it('codes every problem of a set draft, checked (200) or saved (400)', async () => {
    const { dimensions, indicators, grades } = JSON.parse(
      JSON.stringify(libraryMonth().indicatorSets.find((s) => s.code === SET)!),
    ) as { dimensions: { weight: number }[]; indicators: { formula: string }[]; grades: unknown[] };
    indicators[0].formula = 'effective_hours / hours_nobody_declared';
    dimensions[0].weight = 30;
    const draft = { dimensions, indicators, grades };
    const checked = await http()
      .post(`/api/v1/indicator-sets/${SET}/check`)
      .send({ ...draft, effectiveFrom: '2026-11' })
      .expect(200);
    expect(checked.body.valid).toBe(false);
    const codes = checked.body.problems.map((p: { code: string }) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['FORMULA_UNKNOWN_NAME', 'DIMENSION_WEIGHTS']));
    for (const c of codes) expect(PROBLEM_CODES).toContain(c);
    expect(checked.body.problems).toContainEqual(
      expect.objectContaining({
        path: 'indicators[0].formula',
        code: 'FORMULA_UNKNOWN_NAME',
        params: expect.objectContaining({ name: 'hours_nobody_declared' }),
      }),
    );
    const saved = await http()
      .post(`/api/v1/indicator-sets/${SET}/versions`)
      .send({ ...draft, effectiveFrom: '2026-11' })
      .expect(400);
    expect(saved.body.code).toBe('DOCUMENT_INVALID');
    for (const p of saved.body.problems) expect(PROBLEM_CODES).toContain(p.code);
  });

  it('codes every failing field of a DTO, its message list as before', async () => {
    const res = await http()
      .post('/api/v1/indicator-sets')
      .send({ code: 'S2', name: 'x'.repeat(201), colour: 'red' })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toContain('property colour should not exist');
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        { path: 'colour', code: 'whitelistValidation', message: 'property colour should not exist' },
        expect.objectContaining({ path: 'name', code: expect.any(String) }),
      ]),
    );
    expect(res.body.message.split('; ')).toEqual(
      res.body.problems.map((p: { message: string }) => p.message),
    );
  });
});

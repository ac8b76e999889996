// POST /api/v1/measurements: rows become observations that the month's export aggregates; one bad row
// refuses the batch with every bad row's number and reason, and nothing is stored.
import { readFileSync } from 'node:fs';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { parseDocumentText, ScorecardDocument } from '@app/scoring';
import { startTestApp } from './support/app';
import { scenario as fixture } from './support/scenarios';

describe('POST /api/v1/measurements', () => {
  let app: NestExpressApplication;
  const scenario = fixture('logistics-basic');
  const doc = parseDocumentText(readFileSync(scenario.document, 'utf8')) as ScorecardDocument;
  const observations = async () => {
    const rows: { n: number }[] = await app.get(DataSource).query('SELECT COUNT(*) AS n FROM observations');
    return Number(rows[0].n);
  };

  beforeEach(async () => {
    app = await startTestApp();
    await request(app.getHttpServer()).post('/api/v1/documents').send(doc).expect(200);
  });
  afterEach(() => app.close());

  it('records daily observations that the next month’s export aggregates per input', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/measurements')
      .send([
        { input: 'complaints', staff: 'C101', date: '2026-11-03', value: 1, mode: 'immediate' },
        { input: 'complaints', staff: 'C101', date: '2026-11-17', value: 2, mode: 'immediate' },
        { input: 'kwh', department: 'ENG-CC', date: '2026-11-30', value: 150000, mode: 'monthly' },
        { task: 'CLEAN_WARD', staff: 'C101', date: '2026-11-05', value: 40 },
        { task: 'CLEAN_WARD', staff: 'C101', date: '2026-11-06', value: 2 },
      ])
      .expect(200);
    expect(res.body).toEqual({
      batch: expect.objectContaining({ source: 'json', rowCount: 5, periods: ['2026-11'] }),
      duplicate: false,
      stored: 5,
      periods: ['2026-11'],
    });
    const november = (await request(app.getHttpServer()).get('/api/v1/periods/2026-11/document').expect(200))
      .body as ScorecardDocument;
    const c101 = november.staff.find((s) => s.id === 'C101')!;
    expect(c101.inputs).toEqual({ complaints: 3 }); // the dictionary's default aggregate is sum
    expect(c101.tasks).toEqual({ CLEAN_WARD: 42 });
    expect(november.departments?.find((d) => d.code === 'ENG-CC')?.inputs).toEqual({ kwh: 150000 });
  });

  it('refuses the whole batch listing every bad row, and stores nothing', async () => {
    const before = await observations();
    const res = await request(app.getHttpServer())
      .post('/api/v1/measurements')
      .send([
        { input: 'complaints', staff: 'C101', date: '2026-11-03', value: 1 },
        { input: 'nope', staff: 'C101', date: '2026-11-03', value: 1 },
        { input: 'complaints', staff: 'ZZZ', department: 'ENG-CC', date: '2026-11-31', value: 'x' },
        { task: 'FLY', staff: 'C101', date: '2026-11-03', value: 1.5 },
        { input: 'kwh', department: 'ENG-CC', date: '2026-11-03', value: 1, extra: true },
      ])
      .expect(400);
    expect(res.body.message).toBe('4 row(s) refused; nothing was stored');
    expect(res.body.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 2, field: 'input', message: '"nope" is not in the input dictionary' }),
        expect.objectContaining({ row: 3, field: 'date', message: expect.stringContaining('YYYY-MM-DD') }),
        expect.objectContaining({
          row: 3,
          field: 'value',
          message: expect.stringContaining('finite number'),
        }),
        expect.objectContaining({
          row: 3,
          field: 'staff',
          message: 'give exactly one of staff or department',
        }),
        expect.objectContaining({ row: 4, field: 'value', message: 'a task count is a whole number ≥ 0' }),
        expect.objectContaining({
          row: 4,
          field: 'task',
          message: expect.stringContaining('"FLY" is not a task'),
        }),
        expect.objectContaining({ row: 5, field: 'extra', message: 'unknown field' }),
      ]),
    );
    expect(res.body.rows.some((r: { row: number }) => r.row === 1)).toBe(false);
    expect(await observations()).toBe(before);
  });

  it('refuses a body that is not a non-empty list', async () => {
    await request(app.getHttpServer()).post('/api/v1/measurements').send({ input: 'x' }).expect(400);
    await request(app.getHttpServer()).post('/api/v1/measurements').send([]).expect(400);
  });

  describe('CSV', () => {
    const csv = [
      'staff,date,mode,complaints,task:CLEAN_WARD',
      'C101,2026-11-03,daily,1,40',
      'C102,2026-11-03,daily,,12',
      'C101,2026-11-04,daily,2,',
    ].join('\n');

    it('stores one measurement per non-empty cell from a text/csv body', async () => {
      const res = await request(app.getHttpServer())
        .post('/api/v1/measurements/csv')
        .set('Content-Type', 'text/csv')
        .send(csv)
        .expect(200);
      expect(res.body).toEqual({
        batch: expect.objectContaining({ source: 'csv', fileName: null, rowCount: 4 }),
        duplicate: false,
        stored: 4,
        periods: ['2026-11'],
      });
      const november = (await request(app.getHttpServer()).get('/api/v1/periods/2026-11/document'))
        .body as ScorecardDocument;
      expect(november.staff.find((s) => s.id === 'C101')).toMatchObject({
        inputs: { complaints: 3 },
        tasks: { CLEAN_WARD: 40 },
      });
    });

    it('accepts the same file as a multipart upload', async () => {
      const res = await request(app.getHttpServer())
        .post('/api/v1/measurements/csv')
        .attach('file', Buffer.from(csv), 'november.csv')
        .expect(200);
      expect(res.body.stored).toBe(4);
      expect(res.body.batch).toMatchObject({ source: 'csv', fileName: 'november.csv' });
    });

    it('names the file line of every bad cell and stores nothing', async () => {
      const before = await observations();
      const bad = [
        'staff,date,complaints,nonsense',
        'C101,2026-11-03,1,',
        'C102,2026-11-03,many,',
        'C999,2026-11-03,1,',
        'C101,2026-11-03,,5',
      ].join('\n');
      const first = await request(app.getHttpServer())
        .post('/api/v1/measurements/csv')
        .set('Content-Type', 'text/csv')
        .send(bad)
        .expect(400);
      expect(first.body.rows).toMatchObject([
        {
          row: 3,
          field: 'complaints',
          message: '"many" is not a decimal number (digits, an optional - and . decimals)',
        },
      ]);
      const fixed = bad.replace('many', '2');
      const second = await request(app.getHttpServer())
        .post('/api/v1/measurements/csv')
        .set('Content-Type', 'text/csv')
        .send(fixed)
        .expect(400);
      expect(second.body.rows).toMatchObject([
        { row: 4, field: 'staff', message: 'unknown staff "C999"' },
        { row: 5, field: 'input', message: '"nonsense" is not in the input dictionary' },
      ]);
      expect(await observations()).toBe(before);
    });

    it('refuses a header without a subject or date column', async () => {
      const res = await request(app.getHttpServer())
        .post('/api/v1/measurements/csv')
        .set('Content-Type', 'text/csv')
        .send('who,complaints\nC101,1')
        .expect(400);
      expect(res.body.rows.map((r: { message: string }) => r.message)).toEqual(
        expect.arrayContaining([
          'the header needs exactly one of the columns staff or department',
          'the header needs a date column',
        ]),
      );
    });
  });
});

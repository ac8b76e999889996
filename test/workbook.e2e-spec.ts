// The month in Excel over HTTP (issue 12, item 4), in-process on SQLite in memory: the template downloads as an
// .xlsx attachment, a filled copy uploads as the raw body (or a multipart file) and is one xlsx batch, bad cells
// answer 400 naming each cell; results, department rankings and a closed month's payroll download as .xlsx with
// the rows their JSON gives.
import ExcelJS from 'exceljs';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { libraryMonth } from './factories/month';
import { startTestApp } from './support/app';
import { waitForRun } from './support/runs';

const OCT = '2026-10';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const bytes = (res: unknown, cb: (err: Error | null, body: Buffer) => void) => {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function load(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}

/** The sheet's rows below the header as arrays of cell values. */
const rowsOf = (ws: ExcelJS.Worksheet): unknown[][] =>
  Array.from({ length: ws.rowCount - 1 }, (_, i) => (ws.getRow(i + 2).values as unknown[]).slice(1));

describe('the month in Excel over HTTP', () => {
  let app: NestExpressApplication;
  const server = () => app.getHttpServer();
  const download = (path: string, query: Record<string, string> = {}) =>
    request(server()).get(path).query(query).buffer(true).parse(bytes);

  beforeEach(async () => {
    app = await startTestApp();
    await request(server()).post('/api/v1/documents').send(libraryMonth()).expect(200);
  });
  afterEach(() => app.close());

  it('downloads the template, and takes it back filled in as one xlsx batch', async () => {
    const res = await download(`/api/v1/periods/${OCT}/workbook`).expect(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toBe('attachment; filename="2026-10-workbook.xlsx"');
    const wb = await load(res.body as Buffer);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A2').value).toBe('staff');
    ws.getCell('F3').value = 1234.5;
    ws.getCell('F4').value = 2345.5;
    const filled = Buffer.from(await wb.xlsx.writeBuffer());

    const stored = await request(server())
      .post(`/api/v1/periods/${OCT}/workbook`)
      .set('Content-Type', XLSX)
      .send(filled)
      .expect(200);
    expect(stored.body).toMatchObject({
      duplicate: false,
      stored: 2,
      batch: { source: 'xlsx', rowCount: 2 },
    });
    // Again as a multipart file: the same bytes, the same batch.
    const again = await request(server())
      .post(`/api/v1/periods/${OCT}/workbook`)
      .attach('file', filled, 'october.xlsx')
      .expect(200);
    expect(again.body).toMatchObject({ duplicate: true, stored: 0, batch: { id: stored.body.batch.id } });
  });

  it('answers 400 naming every bad cell, and refuses other content types', async () => {
    const wb = await load((await download(`/api/v1/periods/${OCT}/workbook`).expect(200)).body as Buffer);
    const ws = wb.worksheets[0];
    ws.getCell('F3').value = 'six';
    ws.getCell('A4').value = 'NOBODY';
    ws.getCell('F4').value = 5.5;
    const res = await request(server())
      .post(`/api/v1/periods/${OCT}/workbook`)
      .set('Content-Type', XLSX)
      .send(Buffer.from(await wb.xlsx.writeBuffer()))
      .expect(400);
    const name = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(ws.name) ? ws.name : `'${ws.name}'`;
    expect(
      (res.body.rows as { cell: string; message: string }[]).map((r) => `${r.cell}: ${r.message}`),
    ).toEqual([`${name}!F3: "six" is not a number`, `${name}!A4: unknown staff "NOBODY"`]);
    expect(res.body.message).toContain(`${name}!F3: "six" is not a number`);
    await request(server())
      .post(`/api/v1/periods/${OCT}/workbook`)
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from('x'))
      .expect(400);
    await download(`/api/v1/periods/${OCT}/workbook`, { department: 'NOPE' }).expect(404);
  });

  it('downloads results, department rankings and a closed month’s payroll as .xlsx', async () => {
    // Before a run: 404 in the JSON error shape, not half a file.
    const none = await request(server())
      .get(`/api/v1/periods/${OCT}/results`)
      .query({ format: 'xlsx' })
      .expect(404);
    expect(none.body.statusCode).toBe(404);
    const started = await request(server()).post(`/api/v1/periods/${OCT}/runs`).expect(202);
    expect((await waitForRun(server(), started.body.runId as string)).status).toBe('completed');

    const json = (
      await request(server()).get(`/api/v1/periods/${OCT}/results`).query({ limit: 1000 }).expect(200)
    ).body as { items: { id: string; department: string; total?: number; grade?: string }[] };
    const res = await download(`/api/v1/periods/${OCT}/results`, { format: 'xlsx' }).expect(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toBe('attachment; filename="results-2026-10.xlsx"');
    const results = rowsOf((await load(res.body as Buffer)).worksheets[0]);
    expect(results.map((r) => [r[0], r[2], r[5] ?? null, r[6] ?? null])).toEqual(
      json.items.map((i) => [i.id, i.department, i.total ?? null, i.grade ?? null]),
    );
    // The department filter applies as in JSON.
    const dept = json.items[0].department;
    const one = await download(`/api/v1/periods/${OCT}/results`, { format: 'xlsx', department: dept }).expect(
      200,
    );
    expect(rowsOf((await load(one.body as Buffer)).worksheets[0]).map((r) => r[0])).toEqual(
      json.items.filter((i) => i.department === dept).map((i) => i.id),
    );

    // A manager's file holds their department only; a member of staff gets none.
    const signIn = async (user: Record<string, unknown>) => {
      const password = `${String(user.username)}-password`;
      await request(server())
        .post('/api/v1/users')
        .send({ ...user, password })
        .expect(201);
      const login = await request(server())
        .post('/api/v1/auth/login')
        .set('X-Test-Anonymous', '1')
        .send({ username: user.username, password })
        .expect(200);
      return `Bearer ${login.body.accessToken as string}`;
    };
    const manager = await signIn({ username: 'boss', role: 'dept_manager', departments: [dept] });
    const mine = await download(`/api/v1/periods/${OCT}/results`, { format: 'xlsx' })
      .set('Authorization', manager)
      .expect(200);
    expect(rowsOf((await load(mine.body as Buffer)).worksheets[0]).map((r) => r[0])).toEqual(
      json.items.filter((i) => i.department === dept).map((i) => i.id),
    );
    const staffUser = await signIn({ username: 'someone', role: 'staff', staffId: json.items[0].id });
    await request(server())
      .get(`/api/v1/periods/${OCT}/results`)
      .query({ format: 'xlsx' })
      .set('Authorization', staffUser)
      .expect(403);
    await request(server()).get(`/api/v1/periods/${OCT}/workbook`).set('Authorization', manager).expect(403);

    const departments = (await request(server()).get(`/api/v1/periods/${OCT}/departments`).expect(200))
      .body as {
      items: { code: string; rank: number | null; score: number | null }[];
    };
    const ranking = await download(`/api/v1/periods/${OCT}/departments`, { format: 'xlsx' }).expect(200);
    const rwb = await load(ranking.body as Buffer);
    expect(rwb.worksheets.map((w) => w.name)).toEqual([`departments ${OCT}`, 'comparison']);
    const ranked = rowsOf(rwb.worksheets[0]);
    expect(ranked.map((r) => r[1]).sort()).toEqual(departments.items.map((d) => d.code).sort());
    const byCode = new Map(departments.items.map((d) => [d.code, d]));
    for (const r of ranked) expect(r[0] ?? null).toBe(byCode.get(r[1] as string)!.rank);

    // Payroll: closed months only, for API keys with payroll:read.
    await request(server())
      .post(`/api/v1/periods/${OCT}/approve`)
      .send({ acceptIssues: true, reason: 'test' });
    await request(server()).post(`/api/v1/periods/${OCT}/close`).expect(200);
    const key = (
      await request(server())
        .post('/api/v1/api-keys')
        .send({ name: 'payroll', scopes: ['payroll:read'] })
        .expect(201)
    ).body.key as string;
    const lines = (
      await request(server()).get(`/api/v1/periods/${OCT}/payroll`).set('X-API-Key', key).expect(200)
    ).body as { lines: { lineId: string; amount: string }[] };
    const payroll = await request(server())
      .get(`/api/v1/periods/${OCT}/payroll`)
      .query({ format: 'xlsx' })
      .set('X-API-Key', key)
      .buffer(true)
      .parse(bytes)
      .expect(200);
    expect(payroll.headers['content-disposition']).toBe('attachment; filename="payroll-2026-10.xlsx"');
    const paid = rowsOf((await load(payroll.body as Buffer)).worksheets[0]);
    expect(paid.map((r) => [r[0], (r[5] as number).toFixed(2)])).toEqual(
      lines.lines.map((l) => [l.lineId, l.amount]),
    );
  });
});

// Department results over HTTP (issue 13, item 11): a department manager reads the hospital ranking of every
// department but the money (pool, allocated, unallocated) of their own departments only, in JSON and in the .xlsx
// download; HR and auditors read every figure. The sample month imported and scored, on SQLite and PostgreSQL.
import ExcelJS from 'exceljs';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { libraryMonth } from './factories/month';
import { startTestApp } from './support/app';
import { databaseSuites } from './support/postgres';
import { waitForRun } from './support/runs';

const PERIOD = '2026-10';
const PASSWORD = 'department-privacy-pw-1';

interface Department {
  code: string;
  site: string | null;
  score: number | null;
  rank: number | null;
  staffCount: number;
  pool: string | null;
  allocated: string | null;
  unallocated: string | null;
}

const SUITES = databaseSuites('scorecard_department_privacy', 'department privacy on PostgreSQL');

describe.each(SUITES)('department results for managers on %s', (_, database) => {
  let app: NestExpressApplication;
  let drop: () => Promise<void>;
  const http = () => request(app.getHttpServer());
  const signIn = async (user: Record<string, unknown>): Promise<string> => {
    await http()
      .post('/api/v1/users')
      .send({ ...user, password: PASSWORD })
      .expect(201);
    const login = await http()
      .post('/api/v1/auth/login')
      .set('X-Test-Anonymous', '1')
      .send({ username: user.username, password: PASSWORD })
      .expect(200);
    return `Bearer ${login.body.accessToken as string}`;
  };

  beforeAll(async () => {
    const db = await database();
    drop = db.drop;
    app = await startTestApp(db.config);
    await http().post('/api/v1/documents').send(libraryMonth()).expect(200);
    const res = await http().post(`/api/v1/periods/${PERIOD}/runs`).expect(202);
    expect((await waitForRun(app.getHttpServer(), res.body.runId as string)).status).toBe('completed');
  }, 60000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('gives a manager the ranking of all, the money of their own departments only; HR and auditors all', async () => {
    const all = (await http().get(`/api/v1/periods/${PERIOD}/departments`).expect(200)).body
      .items as Department[];
    expect(all.find((d) => d.code === 'CLEAN-CC')!.pool).toBe('9000.00');
    const manager = await signIn({ username: 'eng.boss', role: 'dept_manager', departments: ['ENG-CC'] });
    const auditor = await signIn({ username: 'audit.two', role: 'auditor' });

    const seen = (
      await http().get(`/api/v1/periods/${PERIOD}/departments`).set('Authorization', manager).expect(200)
    ).body as { items: Department[]; comparison: unknown[] };

    expect(
      seen.items.map(({ code, site, score, rank, staffCount }) => ({ code, site, score, rank, staffCount })),
    ).toEqual(
      all.map(({ code, site, score, rank, staffCount }) => ({ code, site, score, rank, staffCount })),
    );
    for (const d of seen.items) {
      const money = [d.pool, d.allocated, d.unallocated];
      const full = all.find((a) => a.code === d.code)!;
      if (d.code === 'ENG-CC') expect(money).toEqual([full.pool, full.allocated, full.unallocated]);
      else expect(money).toEqual([null, null, null]);
    }
    expect(seen.items.find((d) => d.code === 'ENG-CC')!.pool).toBe('22000.00');
    const audited = await http()
      .get(`/api/v1/periods/${PERIOD}/departments`)
      .set('Authorization', auditor)
      .expect(200);
    expect(audited.body.items).toEqual(all);

    const xlsx = await http()
      .get(`/api/v1/periods/${PERIOD}/departments`)
      .query({ format: 'xlsx' })
      .set('Authorization', manager)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    const ws = wb.worksheets[0];
    const rows = Array.from({ length: ws.rowCount - 1 }, (_r, i) =>
      (ws.getRow(i + 2).values as unknown[]).slice(1),
    );
    expect(rows).toHaveLength(all.length);
    for (const r of rows) {
      // Rank, department, site, kind, score, staff, pool, allocated, unallocated.
      const money = r.slice(6).filter((v) => v !== undefined && v !== null);
      if (r[1] === 'ENG-CC')
        expect(money).toEqual([
          22000,
          Number(all.find((a) => a.code === 'ENG-CC')!.allocated),
          Number(all.find((a) => a.code === 'ENG-CC')!.unallocated),
        ]);
      else expect(money).toEqual([]);
    }
  });
});

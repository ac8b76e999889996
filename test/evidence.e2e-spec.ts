// Evidence over HTTP (SQLite, and PostgreSQL when configured): a file's type is what its bytes show (a PNG named
// .pdf is a PNG, a text file is refused naming what it is), the size limit answers 413, the file is served only
// to those who may read the person's result (HR, an auditor, the person, their manager: 200; another member of
// staff, another department's manager: 404), the next run's deduction explanation cites it while others stay as
// they were, an appeal may cite the person's own evidence only, withdrawing the batch it hangs on takes it back,
// and with EVIDENCE_DIR the file round-trips through
// `<period>/<id>-<sha256>` on disk.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Observation } from '@app/persistence';
import { libraryMonth } from './factories/month';
import { startTestApp } from './support/app';
import { databaseSuites } from './support/postgres';
import { waitForRun } from './support/runs';

const PERIOD = '2026-10';
const PERSON = 'E101'; // ENG-CC, MAINT: COMPLAINTS (deduction) reads complaints (0 in the sample)
const COLLEAGUE = 'E102'; // ENG-CC too
const MAX_BYTES = 4096;
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(40, 7),
]);

interface Indicator {
  code: string;
  explanation: string;
}

const SUITES = databaseSuites('scorecard_evidence', 'evidence on PostgreSQL');

describe.each(SUITES)('evidence on %s', (_, database) => {
  let app: NestExpressApplication;
  let drop: () => Promise<void>;
  const tokens = new Map<string, string>();
  const http = () => request(app.getHttpServer());
  const as = (who: string) => ({
    get: (url: string) =>
      http()
        .get(url)
        .set('Authorization', `Bearer ${tokens.get(who)}`),
    post: (url: string) =>
      http()
        .post(url)
        .set('Authorization', `Bearer ${tokens.get(who)}`),
  });
  let batchId: number;
  let observationId: number;

  beforeAll(async () => {
    const db = await database();
    drop = db.drop;
    app = await startTestApp({ ...db.config, evidence: { maxBytes: MAX_BYTES, dir: null } });
    await http().post('/api/v1/documents').send(libraryMonth()).expect(200);
    const recorded = await http()
      .post('/api/v1/measurements')
      .send([{ input: 'complaints', staff: PERSON, date: `${PERIOD}-14`, value: 1 }])
      .expect(200);
    batchId = recorded.body.batch.id as number;
    const obs = await app.get(DataSource).getRepository(Observation).findOneByOrFail({ batchId });
    observationId = obs.id;
    const users = [
      { username: 'manager.eng', role: 'dept_manager', departments: ['ENG-CC'] },
      { username: 'manager.clean', role: 'dept_manager', departments: ['CLEAN-CC'] },
      { username: 'staff.person', role: 'staff', staffId: PERSON },
      { username: 'staff.colleague', role: 'staff', staffId: COLLEAGUE },
      { username: 'audit.one', role: 'auditor' },
    ];
    for (const u of users) {
      await http()
        .post('/api/v1/users')
        .send({ ...u, password: `${u.username}-password` })
        .expect(201);
      const login = await http()
        .post('/api/v1/auth/login')
        .set('X-Test-Anonymous', '1')
        .send({ username: u.username, password: `${u.username}-password` })
        .expect(200);
      tokens.set(u.username, login.body.accessToken as string);
    }
  }, 120000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const attach = (file: Buffer | null, name: string, fields: Record<string, string>) => {
    let req = http().post(`/api/v1/periods/${PERIOD}/evidence`);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    if (file) req = req.attach('file', file, { filename: name, contentType: 'application/pdf' });
    return req;
  };

  let evidenceId: number;

  it('decides the type by the bytes: a PNG named .pdf is a PNG, a text file is refused', async () => {
    const png = await attach(PNG, 'scan.pdf', {
      observation: String(observationId),
      note: 'spot check 2026-10-14',
    }).expect(201);
    expect(png.body).toMatchObject({
      period: PERIOD,
      staff: PERSON,
      input: 'complaints',
      observation: observationId,
      contentType: 'image/png',
      size: PNG.length,
      sha256: createHash('sha256').update(PNG).digest('hex'),
    });
    expect(png.body).not.toHaveProperty('content');
    evidenceId = png.body.id as number;

    const text = await attach(Buffer.from('just some words\n'), 'photo.jpg', {
      observation: String(observationId),
      note: 'x',
    }).expect(400);
    expect(text.body.message).toContain('a text file is not accepted');
    await attach(null, '', { note: 'no subject' }).expect(400);
  });

  it(`refuses a file over EVIDENCE_MAX_BYTES with 413`, async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_BYTES)]);
    const res = await attach(big, 'big.png', { staff: PERSON, input: 'complaints' }).expect(413);
    expect(res.body.message).toContain(`${MAX_BYTES} bytes`);
  });

  it('serves the file only to those who may read the person’s result; anyone else gets 404', async () => {
    for (const who of ['audit.one', 'staff.person', 'manager.eng']) {
      const res = await as(who).get(`/api/v1/evidence/${evidenceId}`).buffer(true).expect(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="evidence-${evidenceId}.png"`);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(Buffer.compare(res.body as Buffer, PNG)).toBe(0);
    }
    await http().get(`/api/v1/evidence/${evidenceId}`).expect(200);
    for (const who of ['staff.colleague', 'manager.clean']) {
      await as(who).get(`/api/v1/evidence/${evidenceId}`).expect(404);
      await as(who).get(`/api/v1/periods/${PERIOD}/staff/${PERSON}/evidence`).expect(404);
    }
    const listed = await as('manager.eng')
      .get(`/api/v1/periods/${PERIOD}/staff/${PERSON}/evidence`)
      .expect(200);
    expect(listed.body.map((e: { id: number }) => e.id)).toEqual([evidenceId]);
    const mine = await as('staff.person').get(`/api/v1/me/evidence?period=${PERIOD}`).expect(200);
    expect(mine.body).toEqual([expect.objectContaining({ id: evidenceId, note: 'spot check 2026-10-14' })]);
    expect(
      (await as('staff.colleague').get(`/api/v1/me/evidence?period=${PERIOD}`).expect(200)).body,
    ).toEqual([]);
    // A manager attaches only to the staff of their departments.
    await as('manager.clean')
      .post(`/api/v1/periods/${PERIOD}/evidence`)
      .send({ staff: PERSON, input: 'complaints', note: 'not mine' })
      .expect(404);
    await as('staff.person')
      .post(`/api/v1/periods/${PERIOD}/evidence`)
      .send({ staff: PERSON, input: 'complaints', note: 'mine' })
      .expect(403);
  });

  it('the next run cites the evidence in the deduction’s explanation; others stay as they were', async () => {
    const run = await http().post(`/api/v1/periods/${PERIOD}/runs`).expect(202);
    expect((await waitForRun(app.getHttpServer(), run.body.runId as string)).status).toBe('completed');
    const items = (await http().get(`/api/v1/periods/${PERIOD}/results`).query({ limit: 100 }).expect(200))
      .body.items as { id: string; indicators: Indicator[] }[];
    const complaints = (id: string) =>
      items.find((r) => r.id === id)!.indicators.find((i) => i.code === 'COMPLAINTS')!.explanation;
    expect(complaints(PERSON)).toMatch(
      new RegExp(`; evidence: #${evidenceId} \\(spot check 2026-10-14, photo\\)$`),
    );
    expect(complaints(COLLEAGUE)).not.toContain('evidence');
    const others = items
      .find((r) => r.id === PERSON)!
      .indicators.filter((i) => i.code !== 'COMPLAINTS')
      .map((i) => i.explanation);
    expect(others.join(' ')).not.toContain('evidence:');
  });

  it('an appeal cites the person’s own evidence (shown to HR); someone else’s is refused with 400', async () => {
    const theirs = await http()
      .post(`/api/v1/periods/${PERIOD}/evidence`)
      .send({ staff: COLLEAGUE, input: 'complaints', note: 'ward 5 complaint' })
      .expect(201);
    const refused = await as('staff.person')
      .post(`/api/v1/me/periods/${PERIOD}/appeals`)
      .send({ indicators: ['COMPLAINTS'], reason: 'not my ward', evidence: [evidenceId, theirs.body.id] })
      .expect(400);
    expect(refused.body.message).toContain(
      `#${theirs.body.id} is not evidence of ${PERSON}'s month ${PERIOD}`,
    );
    await as('staff.person')
      .post(`/api/v1/me/periods/${PERIOD}/appeals`)
      .send({ indicators: ['COMPLAINTS'], reason: 'not my ward', evidence: [evidenceId] })
      .expect(201);
    const appeals = (await http().get('/api/v1/appeals').query({ period: PERIOD }).expect(200)).body as {
      staffId: string;
      reason: string;
      evidence: number[];
    }[];
    const appeal = appeals.find((a) => a.staffId === PERSON)!;
    expect(appeal.reason).toBe('not my ward');
    expect(appeal.evidence).toEqual([evidenceId]);
  });

  it('withdrawing the batch takes back the evidence hanging on its observation', async () => {
    await http().delete(`/api/v1/batches/${batchId}`).expect(200);
    await http().get(`/api/v1/evidence/${evidenceId}`).expect(404);
    expect((await http().get(`/api/v1/periods/${PERIOD}/staff/${PERSON}/evidence`).expect(200)).body).toEqual(
      [],
    );
  });
});

describe('evidence kept in EVIDENCE_DIR', () => {
  let app: NestExpressApplication;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-'));
    app = await startTestApp({ evidence: { maxBytes: MAX_BYTES, dir } });
    await request(app.getHttpServer()).post('/api/v1/documents').send(libraryMonth()).expect(200);
  }, 60000);
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes <period>/<id>-<sha256>, never the client’s name, and serves the same bytes', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% a scan\n');
    const res = await request(app.getHttpServer())
      .post(`/api/v1/periods/${PERIOD}/evidence`)
      .field('staff', PERSON)
      .field('input', 'complaints')
      .field('note', 'complaint form')
      .attach('file', pdf, { filename: '../../etc/passwd', contentType: 'text/plain' })
      .expect(201);
    const sha = createHash('sha256').update(pdf).digest('hex');
    expect(res.body).toMatchObject({ contentType: 'application/pdf', sha256: sha, fileName: 'passwd' });
    const onDisk = join(dir, PERIOD, `${res.body.id}-${sha}`);
    expect(existsSync(onDisk)).toBe(true);
    expect(readFileSync(onDisk).equals(pdf)).toBe(true);
    const got = await request(app.getHttpServer())
      .get(`/api/v1/evidence/${res.body.id}`)
      .buffer(true)
      .expect(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(got.body as Buffer, pdf)).toBe(0);
  });
});

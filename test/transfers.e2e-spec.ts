// Transfers after a closed month: a member of staff of the closed month moves department (HR route or the next
// month's document); the closed month keeps what it was scored with — its document, its results — while the
// next month is scored in the new department. A transfer into the closed month is still refused.
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { ScorecardDocument } from '@app/scoring';
import { document, staffMember } from './factories/document';
import { libraryMonth } from './factories/month';
import { databaseSuites } from './support/postgres';
import { startTestApp } from './support/app';
import { waitForRun } from './support/runs';

const OCT = '2026-10';
const NOV = '2026-11';

const SUITES = databaseSuites('scorecard_transfers', 'transfers on PostgreSQL');

interface DocStaff {
  id: string;
  department: string;
  site?: string;
}

describe.each(SUITES)('transfers after a closed month on %s', (_, database) => {
  let app: NestExpressApplication;
  let drop: () => Promise<void>;
  const http = () => request(app.getHttpServer());

  const score = async (period: string) => {
    const res = await http().post(`/api/v1/periods/${period}/runs`).expect(202);
    expect((await waitForRun(app.getHttpServer(), res.body.runId as string)).status).toBe('completed');
  };
  const documentOf = async (period: string) =>
    (await http().get(`/api/v1/periods/${period}/document`).expect(200)).body as ScorecardDocument;
  const placedIn = async (period: string, id: string) =>
    ((await documentOf(period)).staff as DocStaff[]).find((s) => s.id === id)?.department;
  const resultDept = async (period: string, id: string) => {
    const page = (await http().get(`/api/v1/periods/${period}/results`).query({ limit: 1000 }).expect(200))
      .body as { items: { id: string; department: string }[] };
    return page.items.find((r) => r.id === id)?.department;
  };
  /** The library month moved to November, with `moved` (if any) in ENG-SY at SY. */
  const november = (moved?: string): ScorecardDocument => {
    const doc = { ...libraryMonth(), period: NOV };
    doc.staff = doc.staff.map((s) => (s.id === moved ? { ...s, department: 'ENG-SY', site: 'SY' } : s));
    return doc;
  };

  beforeEach(async () => {
    const db = await database();
    drop = db.drop;
    app = await startTestApp(db.config);
    await http().post('/api/v1/documents').send(libraryMonth()).expect(200);
    await score(OCT);
    await http().post(`/api/v1/periods/${OCT}/approve`).expect(200);
    await http().post(`/api/v1/periods/${OCT}/close`).expect(200);
  });
  afterEach(async () => {
    await app.close();
    await drop();
  });

  it('HR moves someone of the closed month: from the next month on by default, the closed month unchanged', async () => {
    const octDoc = await documentOf(OCT);
    const res = await http()
      .patch('/api/v1/staff/E101')
      .send({ department: 'ENG-SY', site: 'SY' })
      .expect(200);
    expect(res.body).toMatchObject({ department: 'ENG-SY', site: 'SY' });
    expect(res.body.placements).toEqual([
      {
        from: null,
        department: 'ENG-CC',
        site: null,
        postType: null,
        employmentType: 'in_house',
      },
      {
        from: NOV,
        department: 'ENG-SY',
        site: 'SY',
        postType: null,
        employmentType: 'in_house',
      },
    ]);
    expect((await http().get('/api/v1/staff/E101').expect(200)).body.placements).toEqual(res.body.placements);

    // October: the same document, the same posted results.
    expect(await documentOf(OCT)).toEqual(octDoc);
    expect(await resultDept(OCT, 'E101')).toBe('ENG-CC');

    // November is scored in the new department, from its measurements.
    await http().post('/api/v1/documents').send(november('E101')).expect(200);
    expect(await placedIn(NOV, 'E101')).toBe('ENG-SY');
    await score(NOV);
    expect(await resultDept(NOV, 'E101')).toBe('ENG-SY');
    expect(await resultDept(OCT, 'E101')).toBe('ENG-CC');

    // A correction of October re-scores it with October's placements.
    const input = Object.keys(libraryMonth().staff.find((s) => s.id === 'E101')!.inputs ?? {})[0];
    const adjustment = await http()
      .post(`/api/v1/periods/${OCT}/adjustments`)
      .send({ reason: 'recount', corrections: [{ staff: 'E101', input, value: 1 }] })
      .expect(202);
    const adjRun = await waitForRun(app.getHttpServer(), adjustment.body.run.id as string);
    expect(adjRun).toMatchObject({ status: 'completed', kind: 'adjustment' });
    const corrected = (
      await http()
        .get(`/api/v1/periods/${OCT}/results`)
        .query({ limit: 1000, version: 'corrected' })
        .expect(200)
    ).body as { runId: string; items: { id: string; department: string }[] };
    expect(corrected.runId).toBe(adjRun.id);
    expect(corrected.items.find((r) => r.id === 'E101')?.department).toBe('ENG-CC');

    // The staff list of a month shows each person as placed in it, and filters on that placement.
    const listed = async (query: Record<string, string>) =>
      (await http().get('/api/v1/staff').query(query).expect(200)).body as {
        items: { code: string; department: string; site: string | null }[];
        nextCursor: string | null;
      };
    const codesIn = async (period: string, department: string) =>
      (await listed({ active: period, department })).items.map((s) => s.code);
    expect(await codesIn(OCT, 'ENG-CC')).toEqual(['E101', 'E102']);
    expect(await codesIn(NOV, 'ENG-CC')).toEqual(['E102']);
    expect(await codesIn(NOV, 'ENG-SY')).toEqual(['E101', 'E201', 'E202']);
    expect((await listed({ active: OCT })).items.find((s) => s.code === 'E101')).toMatchObject({
      department: 'ENG-CC',
      site: null,
    });
    expect((await listed({ active: NOV })).items.find((s) => s.code === 'E101')).toMatchObject({
      department: 'ENG-SY',
    });
    // Paged in code order: two at a time through November's ENG-SY.
    const first = await listed({ active: NOV, department: 'ENG-SY', limit: '2' });
    expect([first.items.map((s) => s.code), first.nextCursor]).toEqual([['E101', 'E201'], 'E201']);
    const second = await listed({ active: NOV, department: 'ENG-SY', limit: '2', cursor: 'E201' });
    expect([second.items.map((s) => s.code), second.nextCursor]).toEqual([['E202'], null]);

    // The audit entry shows both placements.
    const audit = (await http().get('/api/v1/audit').query({ limit: 100 }).expect(200)).body as {
      items?: { action: string; after?: { placements?: unknown[] } }[];
    };
    const entries =
      audit.items ?? (audit as unknown as { action: string; after?: { placements?: unknown[] } }[]);
    expect(entries.find((e) => e.action === 'staff.update')?.after?.placements).toHaveLength(2);
  });

  it('a transfer from a later month, a transfer into the closed month refused, and effectiveFrom alone refused', async () => {
    await http()
      .patch('/api/v1/staff/E102')
      .send({ department: 'ENG-SY', effectiveFrom: '2027-01' })
      .expect(200);
    await http().post('/api/v1/periods').send({ period: NOV }).expect(201);
    expect(await placedIn(NOV, 'E102')).toBe('ENG-CC');
    expect(await placedIn(OCT, 'E102')).toBe('ENG-CC');
    await http().post('/api/v1/periods').send({ period: '2027-01' }).expect(201);
    expect(await placedIn('2027-01', 'E102')).toBe('ENG-SY');

    const refused = await http()
      .patch('/api/v1/staff/E102')
      .send({ department: 'ENG-SY', effectiveFrom: OCT })
      .expect(409);
    expect(refused.body.message).toMatch(/period 2026-10 is closed: .*department cannot change in it/);
    expect(await placedIn(OCT, 'E102')).toBe('ENG-CC');

    const bad = await http().patch('/api/v1/staff/E102').send({ name: 'X', effectiveFrom: NOV }).expect(400);
    expect(bad.body.message).toMatch(/effectiveFrom applies to a change of department/);
    await http()
      .patch('/api/v1/staff/E102')
      .send({ effectiveFrom: '2026-13', department: 'ENG-SY' })
      .expect(400);

    // A department someone was placed in earlier cannot be deleted (their history names it).
    await http().post('/api/v1/departments').send({ code: 'D-TMP', name: 'Temp', site: 'CC' }).expect(201);
    await http()
      .patch('/api/v1/staff/E201')
      .send({ department: 'D-TMP', effectiveFrom: '2027-01' })
      .expect(200);
    await http()
      .patch('/api/v1/staff/E201')
      .send({ department: 'ENG-CC', effectiveFrom: '2027-03' })
      .expect(200);
    const del = await http().delete('/api/v1/departments/D-TMP').expect(409);
    expect(del.body.message).toMatch(/earlier placements of 1 member\(s\) of staff/);
  });

  it('a department someone was transferred out of still belongs to the closed month they worked in it', async () => {
    // A month of two one-person departments, no pools, no department values: only the staff tie them to it.
    const small = document({
      period: '2026-12',
      departments: [
        { code: 'D1', name: 'One' },
        { code: 'D2', name: 'Two' },
      ],
      staff: [
        staffMember('T1', { x: 50 }, { department: 'D1' }),
        staffMember('T2', { x: 60 }, { department: 'D2' }),
      ],
    });
    await http().post('/api/v1/documents').send(small).expect(200);
    await score('2026-12');
    // The library's staff have no December data (errors): accepted, as this test is about T1 and T2.
    await http()
      .post('/api/v1/periods/2026-12/approve')
      .send({ acceptIssues: true, reason: 'only T1 and T2 have December data' })
      .expect(200);
    await http().post('/api/v1/periods/2026-12/close').expect(200);
    await http().patch('/api/v1/staff/T1').send({ department: 'D2' }).expect(200);
    expect(await placedIn('2026-12', 'T1')).toBe('D1');
    const res = await http().patch('/api/v1/departments/D1').send({ code: 'D1-NEW' }).expect(409);
    expect(res.body.message).toMatch(
      /period 2026-12 is closed and department "D1" is part of it \(staff "T1" of it/,
    );
  });

  it("the next month's document moves someone of the closed month from that month on", async () => {
    const octDoc = await documentOf(OCT);
    await http().post('/api/v1/documents').send(november('E102')).expect(200);
    expect(await placedIn(NOV, 'E102')).toBe('ENG-SY');
    expect(await documentOf(OCT)).toEqual(octDoc);
    const e102 = (await http().get('/api/v1/staff/E102').expect(200)).body as {
      placements: { from: string | null; department: string }[];
    };
    expect(e102.placements.map((p) => [p.from, p.department])).toEqual([
      [null, 'ENG-CC'],
      [NOV, 'ENG-SY'],
    ]);
    // A document without post types leaves each person's post type (and its later changes) alone.
    await http().post('/api/v1/post-types').send({ code: 'PT1', name: 'Fitter' }).expect(201);
    await http().patch('/api/v1/staff/E102').send({ postType: 'PT1', effectiveFrom: '2027-01' }).expect(200);
    await http().post('/api/v1/documents').send(november('E102')).expect(200);
    const posts = (await http().get('/api/v1/staff/E102').expect(200)).body as {
      placements: { from: string | null; department: string; postType: string | null }[];
    };
    expect(posts.placements.map((p) => [p.from, p.department, p.postType])).toEqual([
      [null, 'ENG-CC', null],
      [NOV, 'ENG-SY', null],
      ['2027-01', 'ENG-SY', 'PT1'],
    ]);

    // Importing November again changes nothing.
    await http().post('/api/v1/documents').send(november('E102')).expect(200);
    expect((await http().get('/api/v1/staff/E102').expect(200)).body.placements).toHaveLength(3);
  });
});

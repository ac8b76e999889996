// Grade calibration over HTTP (docs/CALIBRATION.md), on SQLite and PostgreSQL: HR's overrides of a person's grade
// (set, replaced, removed; audited; the month's data version raised; a grade not of the person's set, an empty
// reason, a person the month does not score refused; staff, managers and auditors may not write; an approved
// month refuses), and the month's calibration view from a real run of a month whose MAINT set has a grade quota:
// who the quota moved (the lowest-ranked of the set's staff, to D) and whom HR overrode, an override saved after
// the run listed as pending, a manager seeing their department only, the CSV, and the person's own month.
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { AuditEntry, Period } from '@app/persistence';
import { roundHalfAwayFromZero } from '@app/scoring';
import { libraryMonth } from './factories/month';
import { startTestApp } from './support/app';
import { databaseSuites } from './support/postgres';
import { waitForRun } from './support/runs';

const SUITES = databaseSuites('scorecard_calibration', 'grade calibration on PostgreSQL');
const MONTH = '2026-10';
const MAINT = ['E101', 'E102', 'E201', 'E202'];

describe.each(SUITES)('grade calibration on %s', (_name, database) => {
  let app: NestExpressApplication;
  let drop: () => Promise<void>;
  const http = () => request(app.getHttpServer());
  const tokens = new Map<string, string>();
  const as = (who: string) => {
    const auth = { Authorization: `Bearer ${tokens.get(who)}` };
    return {
      get: (url: string) => http().get(url).set(auth),
      put: (url: string, body: object = {}) => http().put(url).set(auth).send(body),
      delete: (url: string) => http().delete(url).set(auth),
    };
  };
  const user = async (username: string, body: Record<string, unknown>) => {
    const password = `${username}-password`;
    await http()
      .post('/api/v1/users')
      .send({ username, password, ...body })
      .expect(201);
    const login = await http()
      .post('/api/v1/auth/login')
      .set('X-Test-Anonymous', '1')
      .send({ username, password })
      .expect(200);
    tokens.set(username, login.body.accessToken as string);
  };
  const ds = () => app.get(DataSource);
  const dataVersion = async () =>
    (await ds().getRepository(Period).findOneByOrFail({ period: MONTH })).dataVersion;
  const audits = (action: string) =>
    ds()
      .getRepository(AuditEntry)
      .find({ where: { action, entity: 'grade_override' }, order: { id: 'ASC' } });
  const run = async () => {
    const r = await http().post(`/api/v1/periods/${MONTH}/runs`).expect(202);
    expect((await waitForRun(app.getHttpServer(), r.body.runId as string)).status).toBe('completed');
    return r.body.runId as string;
  };
  const url = (code = '') => `/api/v1/periods/${MONTH}/overrides${code ? `/${code}` : ''}`;

  beforeAll(async () => {
    const db = await database();
    drop = db.drop;
    app = await startTestApp(db.config);
    // The library month; the MAINT set lets at most 20 % of its staff (hospital-wide) hold A: of four, none.
    const doc = libraryMonth();
    const maint = doc.indicatorSets.find((s) => s.code === 'MAINT')!;
    maint.quotas = { scope: 'hospital', rules: [{ grade: 'A', maxShare: 20 }] };
    await http().post('/api/v1/documents').send(doc).expect(200);
    // A member of staff who joined after the month: the month does not score them.
    await http()
      .post('/api/v1/staff')
      .send({
        code: 'N901',
        name: '新员工',
        employeeNo: 'N901',
        department: 'ENG-CC',
        activeFrom: '2026-11-01',
      })
      .expect(201);
    await user('staff.e101', { role: 'staff', staffId: 'E101' });
    await user('manager.eng', { role: 'dept_manager', departments: ['ENG-CC'] });
    await user('audit.one', { role: 'auditor' });
  }, 120000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('sets, replaces and removes an override: audited, the data version raised, bad ones refused', async () => {
    expect((await http().get(url()).expect(200)).body).toEqual([]);
    const body = { grade: 'B', reason: '承担额外保障任务' };
    // Only HR writes.
    for (const who of ['staff.e101', 'manager.eng', 'audit.one']) {
      const r = await as(who).put(url('E101'), body).expect(403);
      expect(r.body.code).toBe('FORBIDDEN');
      await as(who).delete(url('E101')).expect(403);
    }
    await as('staff.e101').get(url()).expect(403);
    await as('manager.eng').get(url()).expect(403);
    expect((await as('audit.one').get(url()).expect(200)).body).toEqual([]);

    const v0 = await dataVersion();
    // A grade not of the set, names the set's grades.
    const notInSet = await http().put(url('E101')).send({ grade: 'S', reason: 'x' }).expect(400);
    expect(notInSet.body.code).toBe('GRADE_NOT_IN_SET');
    expect(notInSet.body.message).toContain('MAINT (A, B, C, D)');
    // A reason of spaces only, one too long, no reason.
    expect((await http().put(url('E101')).send({ grade: 'B', reason: '   ' }).expect(400)).body.code).toBe(
      'OVERRIDE_REASON',
    );
    await http()
      .put(url('E101'))
      .send({ grade: 'B', reason: 'x'.repeat(501) })
      .expect(400);
    await http().put(url('E101')).send({ grade: 'B' }).expect(400);
    // Nobody of that code; someone the month does not score; a month that does not exist.
    await http().put(url('Z999')).send(body).expect(404);
    expect((await http().put(url('N901')).send(body).expect(400)).body.code).toBe('STAFF_NOT_IN_MONTH');
    expect(
      (await http().put('/api/v1/periods/2031-01/overrides/E101').send(body).expect(404)).body.code,
    ).toBe('PERIOD_NOT_FOUND');
    // Nothing refused changed anything.
    expect(await dataVersion()).toBe(v0);
    expect(await audits('grade.override')).toEqual([]);

    const saved = await http().put(url('E101')).send(body).expect(200);
    expect(saved.body).toMatchObject({
      staffCode: 'E101',
      department: 'ENG-CC',
      period: MONTH,
      grade: 'B',
      reason: '承担额外保障任务',
      author: 'user:hr.admin',
    });
    expect(await dataVersion()).toBe(v0 + 1);
    // A second one replaces the first (one per person and month); the reason is trimmed.
    await http().put(url('E101')).send({ grade: 'C', reason: '  复核后调整  ' }).expect(200);
    expect(await dataVersion()).toBe(v0 + 2);
    const list = (await as('audit.one').get(url()).expect(200)).body as {
      staffCode: string;
      grade: string;
    }[];
    expect(list.map((o) => [o.staffCode, o.grade])).toEqual([['E101', 'C']]);
    const person = await http().get(url('E101')).expect(200);
    expect(person.body).toMatchObject({ staffCode: 'E101', set: 'MAINT', grades: ['A', 'B', 'C', 'D'] });
    expect(person.body.override).toMatchObject({ grade: 'C', reason: '复核后调整' });

    const entries = await audits('grade.override');
    expect(entries.map((e) => [e.entityKey, e.actor])).toEqual([
      [`${MONTH}/E101`, 'user:hr.admin'],
      [`${MONTH}/E101`, 'user:hr.admin'],
    ]);
    expect(entries[0].before).toBeNull();
    expect(entries[0].after).toMatchObject({ grade: 'B', reason: '承担额外保障任务' });
    expect(entries[1].before).toMatchObject({ grade: 'B' });
    expect(entries[1].after).toMatchObject({ grade: 'C', reason: '复核后调整' });

    // Removal: none for E102 (404); E101's goes, audited with what it was.
    await http().delete(url('E102')).expect(404);
    const removed = await http().delete(url('E101')).expect(200);
    expect(removed.body).toMatchObject({ staffCode: 'E101', grade: 'C' });
    expect(await dataVersion()).toBe(v0 + 3);
    expect((await http().get(url()).expect(200)).body).toEqual([]);
    const gone = await audits('grade.override.remove');
    expect(gone.map((e) => [e.entityKey, e.after])).toEqual([[`${MONTH}/E101`, null]]);
    expect(gone[0].before).toMatchObject({ grade: 'C' });
  });

  it('lists who the quota moved and whom HR overrode in the run; a later override is pending', async () => {
    await http().put(url('E102')).send({ grade: 'A', reason: '年度突出贡献' }).expect(200);
    const runId = await run();

    // The MAINT staff whose rounded total gives A (90 or more): the quota moves every one of them to B.
    const results = (await http().get(`/api/v1/periods/${MONTH}/results?limit=1000`).expect(200)).body
      .items as { id: string; total: number; grade: string }[];
    const maint = results.filter((r) => MAINT.includes(r.id));
    const moved = maint.filter((r) => roundHalfAwayFromZero(r.total, 2) >= 90).map((r) => r.id);
    expect(moved.length).toBeGreaterThan(0);

    const view = (await http().get(`/api/v1/periods/${MONTH}/calibration`).expect(200)).body;
    expect(view).toMatchObject({ period: MONTH, runId, stale: false, pending: [] });
    const items = view.items as {
      staffCode: string;
      from: string;
      to: string;
      quota: { rule: object; allowed: number; scope: string; staff: number; rank: number } | null;
      override: { grade: string; reason: string } | null;
      overridden: boolean;
      set: string;
      name: string;
    }[];
    for (const code of moved.filter((c) => c !== 'E102')) {
      const item = items.find((i) => i.staffCode === code)!;
      expect(item).toMatchObject({ set: 'MAINT', from: 'A', to: 'B', overridden: false, override: null });
      expect(item.quota).toMatchObject({
        grade: 'B',
        rule: { grade: 'A', maxShare: 20 },
        allowed: 0,
        scope: 'hospital',
        department: null,
        staff: 4,
      });
      expect(results.find((r) => r.id === code)!.grade).toBe('B');
    }
    const e102 = items.find((i) => i.staffCode === 'E102')!;
    expect(e102).toMatchObject({
      to: 'A',
      overridden: true,
      override: { grade: 'A', reason: '年度突出贡献' },
    });
    expect(results.find((r) => r.id === 'E102')!.grade).toBe('A');
    // Only the calibrated: everyone listed is MAINT (the other sets have no quotas, and no override).
    expect(items.every((i) => i.set === 'MAINT')).toBe(true);
    expect(items.map((i) => i.staffCode).sort()).toEqual([...new Set([...moved, 'E102'])].sort());
    // The group's counts: four MAINT staff, none at A after the quota but E102, whom HR gave A.
    expect(view.groups).toHaveLength(1);
    expect(view.groups[0]).toMatchObject({ set: 'MAINT', scope: 'hospital', department: null, staff: 4 });
    const a = (view.groups[0].grades as { grade: string; natural: number; final: number }[]).find(
      (g) => g.grade === 'A',
    )!;
    // E102 holds A by HR's override: held, not by total.
    expect(a).toEqual({ grade: 'A', natural: moved.length, final: 1 });

    // The person sees it with their own month.
    await user('staff.e102', { role: 'staff', staffId: 'E102' });
    const mine = await as('staff.e102').get(`/api/v1/me/results/${MONTH}`).expect(200);
    expect(mine.body.result.calibration).toMatchObject({ to: 'A', override: { grade: 'A' } });

    // An override after the run: pending, and the month's data is newer than its run.
    await http().put(url('E201')).send({ grade: 'B', reason: '补充材料后复核' }).expect(200);
    const after = (await http().get(`/api/v1/periods/${MONTH}/calibration`).expect(200)).body;
    expect(after.stale).toBe(true);
    expect(after.pending).toEqual([
      expect.objectContaining({
        staffCode: 'E201',
        department: 'ENG-SY',
        grade: 'B',
        reason: '补充材料后复核',
      }),
    ]);

    // A manager sees their department's people only; staff may not read it; auditors read everything.
    const eng = (await as('manager.eng').get(`/api/v1/periods/${MONTH}/calibration`).expect(200)).body;
    expect((eng.items as { department: string }[]).every((i) => i.department === 'ENG-CC')).toBe(true);
    expect(eng.pending).toEqual([]);
    expect(eng.groups).toEqual([]);
    await as('staff.e101').get(`/api/v1/periods/${MONTH}/calibration`).expect(403);
    expect(
      (await as('audit.one').get(`/api/v1/periods/${MONTH}/calibration`).expect(200)).body.items,
    ).toEqual(after.items);

    // The CSV: a BOM, both languages' headers, a line per person, the pending override last.
    const csv = await http().get(`/api/v1/periods/${MONTH}/calibration?format=csv`).buffer(true).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const text = csv.text;
    expect(text.startsWith('\ufeff工号 Staff,')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(1 + items.length + 1);
    expect(lines.find((l) => l.startsWith('E102,'))).toContain('年度突出贡献');
    expect(lines[lines.length - 1]).toMatch(/^E201,.*pending: a new run is due$/);

    // A new run applies it: nothing pending, the data as new as the run.
    await run();
    const rerun = (await http().get(`/api/v1/periods/${MONTH}/calibration`).expect(200)).body;
    expect(rerun.stale).toBe(false);
    expect(rerun.pending).toEqual([]);
    expect((rerun.items as { staffCode: string }[]).map((i) => i.staffCode)).toContain('E201');
  });

  it('refuses overrides of an approved month (409)', async () => {
    // Scored with the month's data as it is, then approved.
    await run();
    await http().post(`/api/v1/periods/${MONTH}/approve`).expect(200);
    const v = await dataVersion();
    const before = (await http().get(url()).expect(200)).body as unknown[];
    const r = await http().put(url('E202')).send({ grade: 'B', reason: '审批后' }).expect(409);
    expect(r.body.code).toBe('PERIOD_CLOSED');
    expect((await http().delete(url('E102')).expect(409)).body.code).toBe('PERIOD_CLOSED');
    expect(await dataVersion()).toBe(v);
    expect((await http().get(url()).expect(200)).body).toEqual(before);
    expect(before.length).toBeGreaterThan(0);
  });
});

// The routes the setup and administration pages use beyond plain CRUD, over HTTP: the audit log's whitelisted
// filters (actor, action, entity, key, a range of days) with its cursor, refusing any other parameter or a bad
// day, and its facets (auditors may read them, managers may not); the staff list's search `q`; a user's links
// changed (HR only).
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startTestApp, TEST_ADMIN } from './support/app';

describe('audit log filters and the staff search over HTTP', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    app = await startTestApp();
    await http().post('/api/v1/sites').send({ code: 'CC', name: '长春院区' }).expect(201);
    await http().post('/api/v1/departments').send({ code: 'ENG', name: '维修班组', site: 'CC' }).expect(201);
    await http().post('/api/v1/departments').send({ code: 'CLN', name: '保洁部', site: 'CC' }).expect(201);
    await http().patch('/api/v1/departments/CLN').send({ name: '保洁中心' }).expect(200);
    for (const [code, name, department] of [
      ['E1', '王小明', 'ENG'],
      ['E2', 'Li Wei', 'ENG'],
      ['C1', 'Zhang Wei', 'CLN'],
    ])
      await http()
        .post('/api/v1/staff')
        .send({ code, name, employeeNo: `N-${code}`, department, activeFrom: '2026-01-01' })
        .expect(201);
    await http()
      .post('/api/v1/users')
      .send({
        username: 'mgr.audit',
        password: 'mgr.audit-password-1',
        role: 'dept_manager',
        departments: ['ENG'],
      })
      .expect(201);
    await http()
      .post('/api/v1/users')
      .send({ username: 'aud.audit', password: 'aud.audit-password-1', role: 'auditor' })
      .expect(201);
  });
  afterAll(() => app.close());

  it('filters the log by actor, action, entity and key, and pages it by cursor', async () => {
    const actor = `user:${TEST_ADMIN.username}`;
    const all = (await http().get('/api/v1/audit').query({ actor }).expect(200)).body;
    expect(all.items.map((e: { action: string }) => e.action)).toEqual([
      'user.create',
      'user.create',
      'staff.create',
      'staff.create',
      'staff.create',
      'department.update',
      'department.create',
      'department.create',
      'site.create',
    ]);
    expect(
      (await http().get('/api/v1/audit').query({ actor: 'user:nobody' }).expect(200)).body.items,
    ).toEqual([]);
    const update = (await http().get('/api/v1/audit').query({ action: 'department.update' }).expect(200))
      .body;
    expect(update.items).toHaveLength(1);
    expect(update.items[0]).toMatchObject({ entity: 'department', entityKey: 'CLN' });
    expect(update.items[0].before).toMatchObject({ name: '保洁部' });
    expect(update.items[0].after).toMatchObject({ name: '保洁中心' });
    const dept = await http()
      .get('/api/v1/audit')
      .query({ entity: 'department', entityKey: 'ENG' })
      .expect(200);
    expect(dept.body.items.map((e: { action: string }) => e.action)).toEqual(['department.create']);
    const first = (await http().get('/api/v1/audit').query({ entity: 'staff', limit: 2 }).expect(200)).body;
    expect(first.items.map((e: { entityKey: string }) => e.entityKey)).toEqual(['C1', 'E2']);
    const next = await http()
      .get('/api/v1/audit')
      .query({ entity: 'staff', limit: 2, cursor: first.nextCursor })
      .expect(200);
    expect(next.body).toMatchObject({ items: [{ entityKey: 'E1' }], nextCursor: null });
  });

  it('filters by a range of days and refuses a bad day or an unknown parameter', async () => {
    expect(
      (await http().get('/api/v1/audit').query({ from: today, to: today }).expect(200)).body.items,
    ).toHaveLength(10); // the users' too, the first hr_admin's by system
    expect((await http().get('/api/v1/audit').query({ to: '2000-01-01' }).expect(200)).body.items).toEqual(
      [],
    );
    expect((await http().get('/api/v1/audit').query({ from: '2999-01-01' }).expect(200)).body.items).toEqual(
      [],
    );
    const bad = await http().get('/api/v1/audit').query({ from: '2026-13-01' }).expect(400);
    expect(bad.body.message).toMatch(/from must be a date/);
    await http().get('/api/v1/audit').query({ from: '2026-12-02', to: '2026-12-01' }).expect(400);
    const unknown = await http().get('/api/v1/audit').query({ before: 'x' }).expect(400);
    expect(unknown.body.message).toMatch(/before/);
  });

  it('lists the actions and entities for the filters, to HR and auditors only', async () => {
    const facets = (await http().get('/api/v1/audit/facets').expect(200)).body;
    expect(facets).toEqual({
      actions: ['department.create', 'department.update', 'site.create', 'staff.create', 'user.create'],
      entities: ['department', 'site', 'staff', 'user'],
    });
    const token = async (username: string, password: string) =>
      `Bearer ${(await http().post('/api/v1/auth/login').send({ username, password }).expect(200)).body.accessToken}`;
    await http()
      .get('/api/v1/audit/facets')
      .set('Authorization', await token('mgr.audit', 'mgr.audit-password-1'))
      .expect(403);
    await http()
      .get('/api/v1/audit/facets')
      .set('Authorization', await token('aud.audit', 'aud.audit-password-1'))
      .expect(200);
  });

  it('searches staff by code or employee number prefix and by name, with the other filters', async () => {
    const codes = async (query: Record<string, string>) =>
      ((await http().get('/api/v1/staff').query(query).expect(200)).body.items as { code: string }[]).map(
        (s) => s.code,
      );
    expect(await codes({ q: 'wei' })).toEqual(['C1', 'E2']);
    expect(await codes({ q: 'n-e' })).toEqual(['E1', 'E2']);
    expect(await codes({ q: '小明' })).toEqual(['E1']);
    expect(await codes({ q: 'wei', department: 'ENG' })).toEqual(['E2']);
    expect(await codes({ q: 'wei', active: '2026-03' })).toEqual(['C1', 'E2']);
    const long = await http()
      .get('/api/v1/staff')
      .query({ q: 'x'.repeat(101) })
      .expect(400);
    expect(long.body.message).toMatch(/q must be shorter/);
  });

  it("changes a manager's departments (HR only), refusing an unknown field or department", async () => {
    const changed = await http()
      .patch('/api/v1/users/mgr.audit')
      .send({ departments: ['CLN', 'ENG'] })
      .expect(200);
    expect(changed.body).toMatchObject({ username: 'mgr.audit', departments: ['CLN', 'ENG'] });
    const unknown = await http().patch('/api/v1/users/mgr.audit').send({ role: 'hr_admin' }).expect(400);
    expect(unknown.body.message).toMatch(/role/);
    const bad = await http()
      .patch('/api/v1/users/mgr.audit')
      .send({ departments: ['NOPE'] })
      .expect(400);
    expect(bad.body.message).toBe('departments: unknown NOPE');
    await http()
      .patch('/api/v1/users/nobody')
      .send({ departments: ['ENG'] })
      .expect(404);
    const auditor = (
      await http()
        .post('/api/v1/auth/login')
        .send({ username: 'aud.audit', password: 'aud.audit-password-1' })
    ).body.accessToken as string;
    await http()
      .patch('/api/v1/users/mgr.audit')
      .set('Authorization', `Bearer ${auditor}`)
      .send({ departments: ['ENG'] })
      .expect(403);
    const entry = (await http().get('/api/v1/audit').query({ action: 'user.update' }).expect(200)).body.items;
    expect(entry).toHaveLength(1);
    expect(entry[0]).toMatchObject({
      before: { departments: ['ENG'] },
      after: { departments: ['CLN', 'ENG'] },
    });
  });
});

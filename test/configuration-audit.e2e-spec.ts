// Every HR configuration write leaves one audit entry, written in the change's own transaction: action
// `<entity>.<verb>`, the entity and its key, and the row as plain JSON before and after (null on the create or
// delete side). A refused write leaves none. Measurements leave one entry per batch, with counts.
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startTestApp } from './support/app';

interface Entry {
  actor: string;
  action: string;
  entity: string;
  entityKey: string;
  before: unknown;
  after: unknown;
}

const dimensions = [{ code: 'EFF', name: 'Efficiency', weight: 100 }];
const indicators = [
  {
    code: 'I1',
    name: 'Rooms',
    dimension: 'EFF',
    weight: 100,
    formula: 'rooms',
    scoring: { method: 'direct' },
  },
];
const tasks = [{ code: 'WARD', name: 'Clean a ward', rvu: 1 }];

describe('audit of HR configuration changes', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());

  /** Entries matching the query, oldest first. */
  const entries = async (query: Record<string, string>): Promise<Entry[]> =>
    ((await http().get('/api/v1/audit').query(query).expect(200)).body.items as Entry[]).reverse();

  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(() => app.close());

  it('sites, post types and departments: create, update, delete with the row before and after', async () => {
    await http().post('/api/v1/sites').send({ code: 'SY', name: 'Shenyang' }).expect(201);
    await http().patch('/api/v1/sites/SY').send({ name: 'Shenyang campus' }).expect(200);
    await http().post('/api/v1/post-types').send({ code: 'CLEAN', name: 'Cleaning' }).expect(201);
    await http().delete('/api/v1/post-types/CLEAN').expect(204);
    await http().post('/api/v1/departments').send({ code: 'LOG', name: 'Logistics', site: 'SY' }).expect(201);
    await http().patch('/api/v1/departments/LOG').send({ code: 'LOG2', site: null }).expect(200);
    await http().delete('/api/v1/departments/LOG2').expect(204);

    expect(await entries({ entity: 'site' })).toEqual([
      expect.objectContaining({
        actor: 'user:hr.admin',
        action: 'site.create',
        entityKey: 'SY',
        before: null,
        after: { id: expect.any(Number), code: 'SY', name: 'Shenyang', names: null },
      }),
      expect.objectContaining({
        action: 'site.update',
        entityKey: 'SY',
        before: expect.objectContaining({ name: 'Shenyang' }),
        after: expect.objectContaining({ name: 'Shenyang campus' }),
      }),
    ]);
    expect((await entries({ entity: 'postType' })).map((e) => [e.action, e.entityKey])).toEqual([
      ['postType.create', 'CLEAN'],
      ['postType.delete', 'CLEAN'],
    ]);
    const dept = await entries({ entity: 'department' });
    expect(dept.map((e) => [e.action, e.entityKey])).toEqual([
      ['department.create', 'LOG'],
      ['department.update', 'LOG2'],
      ['department.delete', 'LOG2'],
    ]);
    expect(dept[1].before).toMatchObject({ code: 'LOG', siteId: expect.any(Number), parentId: null });
    expect(dept[1].after).toMatchObject({ code: 'LOG2', siteId: null });
    expect(dept[2]).toMatchObject({ before: { code: 'LOG2', name: 'Logistics' }, after: null });
  });

  it('staff, inputs and assignment rules: codes, not ids, in the state', async () => {
    await http().post('/api/v1/departments').send({ code: 'LOG', name: 'Logistics' }).expect(201);
    await http().post('/api/v1/departments').send({ code: 'ENG', name: 'Engineering' }).expect(201);
    await http()
      .post('/api/v1/staff')
      .send({ code: 'A1', employeeNo: 'E-A1', name: 'Ann', department: 'LOG', activeFrom: '2026-01-01' })
      .expect(201);
    await http().patch('/api/v1/staff/A1').send({ department: 'ENG', activeTo: '2026-06-30' }).expect(200);
    const staff = await entries({ entity: 'staff', entityKey: 'A1' });
    expect(staff).toEqual([
      expect.objectContaining({
        action: 'staff.create',
        before: null,
        after: expect.objectContaining({ code: 'A1', department: 'LOG', activeTo: null }),
      }),
      expect.objectContaining({
        action: 'staff.update',
        before: expect.objectContaining({ department: 'LOG', activeTo: null }),
        after: expect.objectContaining({ department: 'ENG', activeTo: '2026-06-30' }),
      }),
    ]);

    await http()
      .post('/api/v1/inputs')
      .send({ code: 'rooms', name: 'Rooms', unit: 'n', level: 'staff' })
      .expect(201);
    await http().patch('/api/v1/inputs/rooms').send({ aggregate: 'max' }).expect(200);
    await http().delete('/api/v1/inputs/rooms').expect(204);
    expect(await entries({ entity: 'input', entityKey: 'rooms' })).toEqual([
      expect.objectContaining({
        action: 'input.create',
        before: null,
        after: { code: 'rooms', name: 'Rooms', unit: 'n', level: 'staff', aggregate: 'sum' },
      }),
      expect.objectContaining({
        action: 'input.update',
        before: expect.objectContaining({ aggregate: 'sum' }),
        after: expect.objectContaining({ aggregate: 'max' }),
      }),
      expect.objectContaining({
        action: 'input.delete',
        before: expect.objectContaining({ code: 'rooms', aggregate: 'max' }),
        after: null,
      }),
    ]);

    await http()
      .post('/api/v1/inputs')
      .send({ code: 'rooms', name: 'Rooms', unit: 'n', level: 'staff' })
      .expect(201);
    await http()
      .post('/api/v1/indicator-sets')
      .send({ code: 'S', name: 'Set', effectiveFrom: '2026-01', content: { dimensions, indicators } })
      .expect(201);
    const rule = await http()
      .post('/api/v1/assignment-rules')
      .send({ set: 'S', department: 'LOG' })
      .expect(201);
    const id = String(rule.body.id);
    await http().patch(`/api/v1/assignment-rules/${id}`).send({ priority: 3 }).expect(200);
    await http().delete(`/api/v1/assignment-rules/${id}`).expect(204);
    expect(await entries({ entity: 'assignmentRule', entityKey: id })).toEqual([
      expect.objectContaining({
        action: 'assignmentRule.create',
        before: null,
        after: expect.objectContaining({ set: 'S', department: 'LOG', priority: 0 }),
      }),
      expect.objectContaining({
        action: 'assignmentRule.update',
        before: expect.objectContaining({ priority: 0 }),
        after: expect.objectContaining({ priority: 3 }),
      }),
      expect.objectContaining({
        action: 'assignmentRule.delete',
        before: expect.objectContaining({ set: 'S', priority: 3 }),
        after: null,
      }),
    ]);

    await http().delete('/api/v1/staff/A1').expect(204);
    expect((await entries({ action: 'staff.delete' }))[0]).toMatchObject({
      entityKey: 'A1',
      before: { code: 'A1', department: 'ENG' },
      after: null,
    });
  });

  it('indicator sets and workload versions: created, replaced in place, renamed, deleted', async () => {
    await http()
      .post('/api/v1/inputs')
      .send({ code: 'rooms', name: 'Rooms', unit: 'n', level: 'staff' })
      .expect(201);
    await http()
      .post('/api/v1/indicator-sets')
      .send({ code: 'S', name: 'Set', effectiveFrom: '2026-01', content: { dimensions, indicators } })
      .expect(201);
    const grades = [{ min: 0, grade: 'C', coefficient: 1 }];
    await http()
      .post('/api/v1/indicator-sets/S/versions')
      .send({ effectiveFrom: '2026-01', dimensions, indicators, grades })
      .expect(200);
    await http()
      .post('/api/v1/indicator-sets/S/versions')
      .send({ effectiveFrom: '2026-03', dimensions, indicators })
      .expect(201);
    await http().patch('/api/v1/indicator-sets/S').send({ name: 'Renamed' }).expect(200);
    await http().delete('/api/v1/indicator-sets/S').expect(204);
    const set = await entries({ entity: 'indicatorSet', entityKey: 'S' });
    expect(set.map((e) => e.action)).toEqual([
      'indicatorSet.create',
      'indicatorSet.version.create',
      'indicatorSet.version.update',
      'indicatorSet.version.create',
      'indicatorSet.update',
      'indicatorSet.delete',
    ]);
    expect(set[0]).toMatchObject({ before: null, after: { code: 'S', name: 'Set' } });
    expect(set[1]).toMatchObject({
      before: null,
      after: { version: 1, effectiveFrom: '2026-01', indicators },
    });
    expect(set[2].before).not.toHaveProperty('grades');
    expect(set[2]).toMatchObject({ before: { version: 1 }, after: { version: 1, grades } });
    expect(set[3]).toMatchObject({ before: null, after: { version: 2, effectiveFrom: '2026-03' } });
    expect(set[4]).toMatchObject({ before: { name: 'Set' }, after: { name: 'Renamed' } });
    expect(set[5]).toMatchObject({
      before: { code: 'S', name: 'Renamed', versions: [{ version: 1 }, { version: 2 }] },
    });

    await http().post('/api/v1/workload/versions').send({ effectiveFrom: '2026-01', tasks }).expect(201);
    await http()
      .post('/api/v1/workload/versions')
      .send({ effectiveFrom: '2026-01', tasks, pointValue: '2.50' })
      .expect(200);
    expect(await entries({ entity: 'workload' })).toEqual([
      expect.objectContaining({
        action: 'workload.version.create',
        entityKey: '1',
        before: null,
        after: { version: 1, effectiveFrom: '2026-01', frozen: false, tasks },
      }),
      expect.objectContaining({
        action: 'workload.version.update',
        entityKey: '1',
        before: { version: 1, effectiveFrom: '2026-01', frozen: false, tasks },
        after: { version: 1, effectiveFrom: '2026-01', frozen: false, tasks, pointValue: '2.50' },
      }),
    ]);
  });

  it('periods: opening a month is audited', async () => {
    await http().post('/api/v1/periods').send({ period: '2026-03' }).expect(201);
    expect(await entries({ entity: 'period', entityKey: '2026-03' })).toEqual([
      expect.objectContaining({
        action: 'period.create',
        before: null,
        after: expect.objectContaining({ period: '2026-03', status: 'open' }),
      }),
    ]);
  });

  it('measurements: one entry per batch with its counts; a refused batch or change leaves none', async () => {
    await http().post('/api/v1/departments').send({ code: 'LOG', name: 'Logistics' }).expect(201);
    await http()
      .post('/api/v1/staff')
      .send({ code: 'A1', employeeNo: 'E-A1', department: 'LOG', name: 'Ann', activeFrom: '2026-01-01' })
      .expect(201);
    await http()
      .post('/api/v1/inputs')
      .send({ code: 'rooms', name: 'Rooms', unit: 'n', level: 'staff' })
      .expect(201);
    await http()
      .post('/api/v1/measurements')
      .send([
        { input: 'rooms', staff: 'A1', date: '2026-03-02', value: 4 },
        { input: 'rooms', staff: 'A1', date: '2026-04-02', value: 5 },
        { input: 'rooms', staff: 'A1', date: '2026-04-03', value: 6 },
      ])
      .expect(200);
    await http()
      .post('/api/v1/measurements/csv')
      .set('Content-Type', 'text/csv')
      .send('staff,date,rooms\nA1,2026-04-09,3\n')
      .expect(200);
    expect(await entries({ action: 'measurements.record' })).toEqual([
      expect.objectContaining({
        actor: 'user:hr.admin',
        entity: 'measurements',
        entityKey: '2026-03,2026-04',
        before: null,
        after: { source: 'api', stored: 3, periods: ['2026-03', '2026-04'] },
      }),
      expect.objectContaining({
        entityKey: '2026-04',
        after: { source: 'import', stored: 1, periods: ['2026-04'] },
      }),
    ]);

    // Refused: a bad row, a taken code, a level change of an input with observations. No entries.
    const count = async (): Promise<number> =>
      ((await http().get('/api/v1/audit').query({ limit: 1000 }).expect(200)).body.items as Entry[]).length;
    const before = await count();
    await http()
      .post('/api/v1/measurements')
      .send([
        { input: 'rooms', staff: 'A1', date: '2026-05-02', value: 4 },
        { input: 'nope', staff: 'A1', date: '2026-05-02', value: 4 },
      ])
      .expect(400);
    await http()
      .post('/api/v1/staff')
      .send({ code: 'A1', employeeNo: 'E-X', department: 'LOG', name: 'X', activeFrom: '2026-01-01' })
      .expect(409);
    await http().patch('/api/v1/inputs/rooms').send({ level: 'department' }).expect(409);
    expect(await count()).toBe(before);
    await http().get('/api/v1/periods/2026-05').expect(404); // the refused batch opened no month
  });
});

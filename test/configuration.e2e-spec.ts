// HR configuration over REST: staff, the input dictionary, indicator sets and the workload catalogue with their
// versions, assignment rules (and how they resolve) and periods. Whitelisted bodies, 400s naming the field or
// the path in the body, 404 for unknown codes, 409 for conflicts, frozen versions never changed.
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { IndicatorSetVersion, Period, WorkloadCatalogueVersion } from '@app/persistence';
import { startTestApp } from './support/app';

const dimensions = [
  { code: 'EFF', name: 'Efficiency', weight: 60 },
  { code: 'SVC', name: 'Service', weight: 40 },
];
const indicators = [
  {
    code: 'I1',
    name: 'Rooms',
    dimension: 'EFF',
    weight: 100,
    formula: 'rooms',
    scoring: { method: 'direct' },
  },
  {
    code: 'I2',
    name: 'Complaints',
    dimension: 'SVC',
    weight: 100,
    formula: 'complaints',
    scoring: { method: 'deduction', perUnit: 10 },
  },
];
const staffBody = (code: string, overrides: Record<string, unknown> = {}) => ({
  code,
  employeeNo: `E-${code}`,
  name: `Staff ${code}`,
  department: 'LOG',
  activeFrom: '2026-01-01',
  ...overrides,
});

describe('HR configuration', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());
  const ds = () => app.get(DataSource);

  beforeEach(async () => {
    app = await startTestApp();
    await http().post('/api/v1/sites').send({ code: 'SY', name: 'Shenyang' }).expect(201);
    await http().post('/api/v1/departments').send({ code: 'LOG', name: 'Logistics', site: 'SY' }).expect(201);
    await http().post('/api/v1/departments').send({ code: 'ENG', name: 'Engineering' }).expect(201);
    await http().post('/api/v1/post-types').send({ code: 'CLEAN', name: 'Cleaning' }).expect(201);
    await http().post('/api/v1/post-types').send({ code: 'GUARD', name: 'Security' }).expect(201);
    for (const code of ['rooms', 'complaints'])
      await http().post('/api/v1/inputs').send({ code, name: code, unit: 'n', level: 'staff' }).expect(201);
  });
  afterEach(() => app.close());

  describe('staff', () => {
    it('creates, reads, updates and deletes, showing codes rather than ids', async () => {
      const created = await http()
        .post('/api/v1/staff')
        .send(staffBody('A1', { postType: 'CLEAN', site: 'SY', employmentType: 'contract' }))
        .expect(201);
      expect(created.body).toEqual({
        code: 'A1',
        employeeNo: 'E-A1',
        name: 'Staff A1',
        department: 'LOG',
        site: 'SY',
        postType: 'CLEAN',
        employmentType: 'contract',
        activeFrom: '2026-01-01',
        activeTo: null,
      });
      const patched = await http()
        .patch('/api/v1/staff/A1')
        .send({ department: 'ENG', postType: null, activeTo: '2026-06-30' })
        .expect(200);
      expect(patched.body).toMatchObject({
        department: 'ENG',
        postType: null,
        site: 'SY',
        activeTo: '2026-06-30',
      });
      expect((await http().get('/api/v1/staff/A1').expect(200)).body).toEqual(patched.body);
      await http().delete('/api/v1/staff/A1').expect(204);
      await http().get('/api/v1/staff/A1').expect(404);
      await http().delete('/api/v1/staff/A1').expect(404);
    });

    it('answers 400 naming the field: unknown codes, bad values, unknown fields, inverted dates', async () => {
      const unknownDept = await http()
        .post('/api/v1/staff')
        .send(staffBody('A1', { department: 'NOPE' }))
        .expect(400);
      expect(unknownDept.body.message).toBe('department "NOPE" does not exist');
      const unknownPost = await http()
        .post('/api/v1/staff')
        .send(staffBody('A1', { postType: 'PILOT' }))
        .expect(400);
      expect(unknownPost.body.message).toBe('postType "PILOT" does not exist');
      const unknownSite = await http()
        .post('/api/v1/staff')
        .send(staffBody('A1', { site: 'XX' }))
        .expect(400);
      expect(unknownSite.body.message).toBe('site "XX" does not exist');
      const bad = await http()
        .post('/api/v1/staff')
        .send(staffBody('A1', { employmentType: 'temp', activeFrom: '2026-02-30', salary: 1 }))
        .expect(400);
      expect(bad.body.message).toContain('property salary should not exist');
      expect(bad.body.message).toContain('employmentType must be one of the following values');
      expect(bad.body.message).toContain('activeFrom must be a real calendar date');
      const inverted = await http()
        .post('/api/v1/staff')
        .send(staffBody('A1', { activeTo: '2025-12-31' }))
        .expect(400);
      expect(inverted.body.message).toBe('activeTo (2025-12-31) must not be before activeFrom (2026-01-01)');
      await http().post('/api/v1/staff').send(staffBody('A1')).expect(201);
      const nullDept = await http().patch('/api/v1/staff/A1').send({ department: null }).expect(400);
      expect(nullDept.body.message).toContain('department must be a string');
      await http()
        .patch('/api/v1/staff/A1')
        .send({ activeFrom: '2027-01-01', activeTo: '2026-12-31' })
        .expect(400);
    });

    it('refuses a taken code or employee number with 409', async () => {
      await http().post('/api/v1/staff').send(staffBody('A1')).expect(201);
      await http().post('/api/v1/staff').send(staffBody('A2')).expect(201);
      const code = await http()
        .post('/api/v1/staff')
        .send(staffBody('A1', { employeeNo: 'other' }))
        .expect(409);
      expect(code.body.message).toBe('staff "A1" already exists');
      const number = await http().patch('/api/v1/staff/A2').send({ employeeNo: 'E-A1' }).expect(409);
      expect(number.body.message).toBe('employeeNo "E-A1" already belongs to staff "A1"');
      await http().patch('/api/v1/staff/A2').send({ code: 'A3', employeeNo: 'E-A2' }).expect(200);
      await http().get('/api/v1/staff/A3').expect(200);
    });

    it('keeps staff with observations (409) and deletes the others with their explicit rules', async () => {
      await http().post('/api/v1/indicator-sets').send({ code: 'S', name: 'Set' }).expect(201);
      await http().post('/api/v1/staff').send(staffBody('A1')).expect(201);
      await http().post('/api/v1/staff').send(staffBody('A2')).expect(201);
      await http().post('/api/v1/assignment-rules').send({ set: 'S', staff: 'A2' }).expect(201);
      await http()
        .post('/api/v1/measurements')
        .send([{ input: 'rooms', staff: 'A1', date: '2026-03-02', value: 4 }])
        .expect(200);
      const used = await http().delete('/api/v1/staff/A1').expect(409);
      expect(used.body.message).toBe('staff "A1" has 1 observation(s)');
      await http().delete('/api/v1/staff/A2').expect(204);
      expect((await http().get('/api/v1/assignment-rules').expect(200)).body).toEqual([]);
    });

    it('pages by code and filters by department, post type and active month', async () => {
      await http()
        .post('/api/v1/staff')
        .send(staffBody('B2', { postType: 'GUARD' }))
        .expect(201);
      await http()
        .post('/api/v1/staff')
        .send(staffBody('A1', { postType: 'CLEAN' }))
        .expect(201);
      await http()
        .post('/api/v1/staff')
        .send(staffBody('C3', { department: 'ENG', activeTo: '2026-02-28' }))
        .expect(201);
      await http()
        .post('/api/v1/staff')
        .send(staffBody('D4', { activeFrom: '2026-04-01' }))
        .expect(201);
      await http()
        .post('/api/v1/staff')
        .send(staffBody('E5', { postType: 'CLEAN' }))
        .expect(201);

      const codes = (body: { items: { code: string }[] }) => body.items.map((s) => s.code);
      const first = (await http().get('/api/v1/staff?limit=2').expect(200)).body;
      expect(codes(first)).toEqual(['A1', 'B2']);
      expect(first.nextCursor).toBe('B2');
      const second = (await http().get(`/api/v1/staff?limit=2&cursor=${first.nextCursor}`).expect(200)).body;
      expect(codes(second)).toEqual(['C3', 'D4']);
      const last = (await http().get(`/api/v1/staff?limit=2&cursor=${second.nextCursor}`).expect(200)).body;
      expect(last).toEqual({ items: [expect.objectContaining({ code: 'E5' })], nextCursor: null });

      expect(codes((await http().get('/api/v1/staff?department=ENG').expect(200)).body)).toEqual(['C3']);
      expect(codes((await http().get('/api/v1/staff?postType=CLEAN').expect(200)).body)).toEqual([
        'A1',
        'E5',
      ]);
      expect(codes((await http().get('/api/v1/staff?active=2026-03').expect(200)).body)).toEqual([
        'A1',
        'B2',
        'E5',
      ]);
      expect(
        codes((await http().get('/api/v1/staff?active=2026-02&department=LOG').expect(200)).body),
      ).toEqual(['A1', 'B2', 'E5']);
      expect(codes((await http().get('/api/v1/staff?active=2026-02').expect(200)).body)).toContain('C3');

      const unknown = await http().get('/api/v1/staff?department=NOPE').expect(400);
      expect(unknown.body.message).toBe('department "NOPE" does not exist');
      const badQuery = await http().get('/api/v1/staff?limit=0&active=2026-13&sort=name').expect(400);
      expect(badQuery.body.message).toContain('limit must not be less than 1');
      expect(badQuery.body.message).toContain('active must be a month "YYYY-MM"');
      expect(badQuery.body.message).toContain('property sort should not exist');
    });
  });

  describe('inputs', () => {
    it('creates, updates and lists the dictionary; codes follow the format', async () => {
      const created = await http()
        .post('/api/v1/inputs')
        .send({ code: 'kwh', name: 'Energy', unit: 'kWh', level: 'department', aggregate: 'last' })
        .expect(201);
      expect(created.body).toEqual({
        code: 'kwh',
        name: 'Energy',
        unit: 'kWh',
        level: 'department',
        aggregate: 'last',
      });
      await http().patch('/api/v1/inputs/kwh').send({ name: 'Electricity', aggregate: 'max' }).expect(200);
      expect((await http().get('/api/v1/inputs/kwh').expect(200)).body).toMatchObject({
        name: 'Electricity',
        aggregate: 'max',
      });
      expect(
        (await http().get('/api/v1/inputs').expect(200)).body.map((i: { code: string }) => i.code),
      ).toEqual(['complaints', 'kwh', 'rooms']);
      const bad = await http()
        .post('/api/v1/inputs')
        .send({ code: '2x-y', name: 'x', unit: 'n', level: 'team', aggregate: 'median' })
        .expect(400);
      expect(bad.body.message).toContain('code must match ^[A-Za-z_][A-Za-z0-9_]*$');
      expect(bad.body.message).toContain('level must be one of the following values: staff, department');
      expect(bad.body.message).toContain('aggregate must be one of the following values');
      const rename = await http().patch('/api/v1/inputs/kwh').send({ code: 'energy' }).expect(400);
      expect(rename.body.message).toBe('property code should not exist');
      await http()
        .post('/api/v1/inputs')
        .send({ code: 'kwh', name: 'x', unit: 'n', level: 'staff' })
        .expect(409);
      await http().get('/api/v1/inputs/nope').expect(404);
    });

    it('keeps inputs that observations or formulas use (409)', async () => {
      await http()
        .post('/api/v1/indicator-sets')
        .send({ code: 'S', name: 'Set', effectiveFrom: '2026-01', content: { dimensions, indicators } })
        .expect(201);
      const used = await http().delete('/api/v1/inputs/complaints').expect(409);
      expect(used.body.message).toBe('input "complaints" is used by indicator I2 of set S version 1');
      await http()
        .post('/api/v1/inputs')
        .send({ code: 'spare', name: 'x', unit: 'n', level: 'staff' })
        .expect(201);
      await http().post('/api/v1/staff').send(staffBody('A1')).expect(201);
      await http()
        .post('/api/v1/measurements')
        .send([{ input: 'spare', staff: 'A1', date: '2026-03-02', value: 4 }])
        .expect(200);
      expect((await http().delete('/api/v1/inputs/spare').expect(409)).body.message).toBe(
        'input "spare" is used by 1 observation(s)',
      );
      await http().patch('/api/v1/inputs/spare').send({ level: 'department' }).expect(409);
      await http()
        .post('/api/v1/inputs')
        .send({ code: 'unused', name: 'x', unit: 'n', level: 'staff' })
        .expect(201);
      await http().delete('/api/v1/inputs/unused').expect(204);
    });
  });

  describe('indicator sets', () => {
    it('creates a set with its first version and reads it back', async () => {
      const created = await http()
        .post('/api/v1/indicator-sets')
        .send({
          code: 'CLEAN',
          name: 'Cleaning',
          effectiveFrom: '2026-01',
          content: { dimensions, indicators },
        })
        .expect(201);
      expect(created.body).toEqual({
        code: 'CLEAN',
        name: 'Cleaning',
        versions: [{ version: 1, effectiveFrom: '2026-01', frozen: false, dimensions, indicators }],
      });
      expect((await http().get('/api/v1/indicator-sets').expect(200)).body).toEqual([
        {
          code: 'CLEAN',
          name: 'Cleaning',
          versions: [{ version: 1, effectiveFrom: '2026-01', frozen: false }],
        },
      ]);
      await http().patch('/api/v1/indicator-sets/CLEAN').send({ name: 'Cleaning staff' }).expect(200);
      expect((await http().get('/api/v1/indicator-sets/CLEAN').expect(200)).body.name).toBe('Cleaning staff');
      await http().post('/api/v1/indicator-sets').send({ code: 'CLEAN', name: 'Again' }).expect(409);
      await http().get('/api/v1/indicator-sets/NOPE').expect(404);
      const half = await http()
        .post('/api/v1/indicator-sets')
        .send({ code: 'X', name: 'X', content: { dimensions, indicators } })
        .expect(400);
      expect(half.body.message).toBe('content and effectiveFrom go together: give both or neither');
    });

    it('validates content with the scoring library, paths pointing into the body', async () => {
      const bad = await http()
        .post('/api/v1/indicator-sets')
        .send({
          code: 'S',
          name: 'Set',
          effectiveFrom: '2026-01',
          content: {
            dimensions: [{ ...dimensions[0], weight: 50 }, dimensions[1]],
            indicators: [indicators[0], { ...indicators[1], formula: 'complaints + salary', colour: 'red' }],
          },
        })
        .expect(400);
      expect(bad.body.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            path: 'content.dimensions',
            message: 'set S: dimension weights sum to 90, not 100',
          }),
          expect.objectContaining({
            path: 'content.indicators[1].formula',
            message: expect.stringContaining('salary'),
          }),
          expect.objectContaining({
            path: 'content.indicators[1].colour',
            message: 'unknown key: not accepted',
          }),
        ]),
      );
      await http().get('/api/v1/indicator-sets/S').expect(404); // nothing stored

      await http().post('/api/v1/indicator-sets').send({ code: 'S', name: 'Set' }).expect(201);
      const version = await http()
        .post('/api/v1/indicator-sets/S/versions')
        .send({
          effectiveFrom: '2026-01',
          dimensions,
          indicators: [indicators[0], { ...indicators[1], scoring: { method: 'ratio', target: 0 } }],
          extra: 1,
        })
        .expect(400);
      expect(version.body.message).toBe('property extra should not exist');
      const scoring = await http()
        .post('/api/v1/indicator-sets/S/versions')
        .send({
          effectiveFrom: '2026-01',
          dimensions,
          indicators: [indicators[0], { ...indicators[1], scoring: { method: 'ratio', target: 0 } }],
        })
        .expect(400);
      expect(scoring.body.problems).toMatchObject([
        { path: 'indicators[1].scoring.target', message: 'target is 0: would divide by zero' },
      ]);
      const noMonth = await http()
        .post('/api/v1/indicator-sets/S/versions')
        .send({ effectiveFrom: '2026-1', dimensions, indicators })
        .expect(400);
      expect(noMonth.body.message).toBe('effectiveFrom must be a month "YYYY-MM"');
    });

    it('replaces an unfrozen version of the same month, but never a frozen one', async () => {
      await http().post('/api/v1/indicator-sets').send({ code: 'S', name: 'Set' }).expect(201);
      const v1 = await http()
        .post('/api/v1/indicator-sets/S/versions')
        .send({ effectiveFrom: '2026-01', dimensions, indicators })
        .expect(201);
      expect(v1.body).toMatchObject({ version: 1, effectiveFrom: '2026-01', frozen: false });
      const grades = [{ min: 0, grade: 'C', coefficient: 1 }];
      const replaced = await http()
        .post('/api/v1/indicator-sets/S/versions')
        .send({ effectiveFrom: '2026-01', dimensions, indicators, grades })
        .expect(200);
      expect(replaced.body).toMatchObject({ version: 1, grades });

      // A closed period was scored with version 1: it is frozen, and the same month now makes version 2.
      await ds().getRepository(IndicatorSetVersion).update({ version: 1 }, { frozen: true });
      const v2 = await http()
        .post('/api/v1/indicator-sets/S/versions')
        .send({ effectiveFrom: '2026-01', dimensions, indicators })
        .expect(201);
      expect(v2.body).toMatchObject({ version: 2, effectiveFrom: '2026-01', frozen: false });
      expect((await http().get('/api/v1/indicator-sets/S/versions/1').expect(200)).body).toMatchObject({
        frozen: true,
        grades,
      });
      const v3 = await http()
        .post('/api/v1/indicator-sets/S/versions')
        .send({ effectiveFrom: '2026-05', dimensions, indicators, grades })
        .expect(201);
      expect(v3.body.version).toBe(3);

      const effective = (period: string) => http().get(`/api/v1/indicator-sets/S/effective?period=${period}`);
      expect((await effective('2026-04').expect(200)).body.version).toBe(2);
      expect((await effective('2026-05').expect(200)).body.version).toBe(3);
      expect((await effective('2025-12').expect(404)).body.message).toBe(
        'indicator set "S" has no version in force for 2025-12',
      );
      await effective('2026').expect(400);
      const earlier = await http()
        .post('/api/v1/indicator-sets/S/versions')
        .send({ effectiveFrom: '2026-03', dimensions, indicators })
        .expect(409);
      expect(earlier.body.message).toContain('has version 3 effective from 2026-05, after 2026-03');
      expect(
        (await http().get('/api/v1/indicator-sets/S/versions').expect(200)).body.map(
          (v: { version: number }) => v.version,
        ),
      ).toEqual([1, 2, 3]);
      await http().get('/api/v1/indicator-sets/S/versions/9').expect(404);
      await http().get('/api/v1/indicator-sets/S/versions/x').expect(400);
    });

    it('deletes a set only when no rule assigns it and no closed period used it', async () => {
      await http()
        .post('/api/v1/indicator-sets')
        .send({ code: 'S', name: 'Set', effectiveFrom: '2026-01', content: { dimensions, indicators } })
        .expect(201);
      const rule = await http()
        .post('/api/v1/assignment-rules')
        .send({ set: 'S', postType: 'CLEAN' })
        .expect(201);
      expect((await http().delete('/api/v1/indicator-sets/S').expect(409)).body.message).toBe(
        'indicator set "S" is still assigned by 1 rule(s)',
      );
      await http().delete(`/api/v1/assignment-rules/${rule.body.id}`).expect(204);
      await http().post('/api/v1/periods').send({ period: '2026-02' }).expect(201);
      await ds().getRepository(Period).update({ period: '2026-02' }, { status: 'closed' });
      expect((await http().delete('/api/v1/indicator-sets/S').expect(409)).body.message).toBe(
        'indicator set "S" was in force in period 2026-02, which is closed',
      );
      await ds().getRepository(Period).update({ period: '2026-02' }, { status: 'open' });
      await http().delete('/api/v1/indicator-sets/S').expect(204);
      await http().get('/api/v1/indicator-sets/S').expect(404);
    });
  });

  describe('workload catalogue', () => {
    const tasks = [
      { code: 'WARD', name: 'Clean a ward', rvu: { time: 1, risk: 0.5 } },
      { code: 'LIFT', name: 'Repair a lift', rvu: { time: 3, risk: 2 } },
    ];

    it('adds, replaces and freezes versions like indicator sets', async () => {
      const v1 = await http()
        .post('/api/v1/workload/versions')
        .send({ effectiveFrom: '2026-01', components: ['time', 'risk'], tasks, pointValue: '2.50' })
        .expect(201);
      expect(v1.body).toEqual({
        version: 1,
        effectiveFrom: '2026-01',
        frozen: false,
        components: ['time', 'risk'],
        tasks,
        pointValue: '2.50',
      });
      await http()
        .post('/api/v1/workload/versions')
        .send({ effectiveFrom: '2026-01', components: ['time', 'risk'], tasks })
        .expect(200);
      await ds().getRepository(WorkloadCatalogueVersion).update({ version: 1 }, { frozen: true });
      const v2 = await http()
        .post('/api/v1/workload/versions')
        .send({ effectiveFrom: '2026-01', components: ['time', 'risk'], tasks, pointValue: '3.00' })
        .expect(201);
      expect(v2.body).toMatchObject({ version: 2, effectiveFrom: '2026-01', pointValue: '3.00' });
      expect((await http().get('/api/v1/workload/versions').expect(200)).body).toEqual([
        { version: 1, effectiveFrom: '2026-01', frozen: true },
        { version: 2, effectiveFrom: '2026-01', frozen: false },
      ]);
      expect((await http().get('/api/v1/workload/versions/1').expect(200)).body.pointValue).toBeUndefined();
      expect((await http().get('/api/v1/workload/effective?period=2026-07').expect(200)).body.version).toBe(
        2,
      );
      await http().get('/api/v1/workload/effective?period=2025-07').expect(404);
      await http().get('/api/v1/workload/versions/3').expect(404);
    });

    it('validates the catalogue through the scoring library, paths pointing into the body', async () => {
      const bad = await http()
        .post('/api/v1/workload/versions')
        .send({
          effectiveFrom: '2026-01',
          components: ['time'],
          tasks: [{ code: 'WARD', name: 'Ward', rvu: { time: -1, skill: 1 } }],
          adjustments: [{ site: 'SY', factors: { time: 1.1 } }],
          pointValue: 2.5,
        })
        .expect(400);
      expect(bad.body.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'tasks[0].rvu.time', message: 'must be a number ≥ 0, got -1' }),
          expect.objectContaining({
            path: 'tasks[0].rvu.skill',
            message: '"skill" is not one of workload.components',
          }),
          expect.objectContaining({
            path: 'pointValue',
            message: expect.stringContaining('must be a decimal string such as "2.50"'),
          }),
        ]),
      );
      expect(bad.body.problems).toHaveLength(3);
      await http().post('/api/v1/workload/versions').send({ effectiveFrom: '2026-01' }).expect(400);
      expect((await http().get('/api/v1/workload/versions').expect(200)).body).toEqual([]);
    });
  });

  describe('assignment rules', () => {
    beforeEach(async () => {
      for (const code of ['GENERAL', 'CLEANERS', 'LOG_CLEANERS', 'PERSONAL'])
        await http()
          .post('/api/v1/indicator-sets')
          .send({ code, name: code, effectiveFrom: '2026-01', content: { dimensions, indicators } })
          .expect(201);
      await http()
        .post('/api/v1/staff')
        .send(staffBody('A1', { postType: 'CLEAN' }))
        .expect(201);
    });
    const resolve = (staff: string, period = '2026-03') =>
      http().get(`/api/v1/assignment-rules/resolve?staff=${staff}&period=${period}`);

    it('creates, reads, updates and deletes rules by id, showing codes', async () => {
      const created = await http()
        .post('/api/v1/assignment-rules')
        .send({
          set: 'CLEANERS',
          postType: 'CLEAN',
          department: 'LOG',
          employmentType: 'in_house',
          priority: 5,
        })
        .expect(201);
      expect(created.body).toEqual({
        id: expect.any(Number),
        set: 'CLEANERS',
        postType: 'CLEAN',
        department: 'LOG',
        employmentType: 'in_house',
        staff: null,
        priority: 5,
      });
      const id = created.body.id as number;
      const patched = await http()
        .patch(`/api/v1/assignment-rules/${id}`)
        .send({ set: 'GENERAL', department: null, employmentType: null })
        .expect(200);
      expect(patched.body).toMatchObject({
        set: 'GENERAL',
        postType: 'CLEAN',
        department: null,
        priority: 5,
      });
      expect((await http().get(`/api/v1/assignment-rules/${id}`).expect(200)).body).toEqual(patched.body);
      expect((await http().get('/api/v1/assignment-rules').expect(200)).body).toEqual([patched.body]);
      await http().delete(`/api/v1/assignment-rules/${id}`).expect(204);
      await http().get(`/api/v1/assignment-rules/${id}`).expect(404);
    });

    it('needs a criterion, keeps staff rules alone and names unknown codes', async () => {
      const none = await http()
        .post('/api/v1/assignment-rules')
        .send({ set: 'GENERAL', priority: 1 })
        .expect(400);
      expect(none.body.message).toBe(
        'a rule needs at least one criterion: postType, department, employmentType or staff',
      );
      const mixed = await http()
        .post('/api/v1/assignment-rules')
        .send({ set: 'GENERAL', staff: 'A1', department: 'LOG' })
        .expect(400);
      expect(mixed.body.message).toBe(
        'a staff rule names one member of staff and must not have other criteria',
      );
      const unknownSet = await http()
        .post('/api/v1/assignment-rules')
        .send({ set: 'NOPE', postType: 'CLEAN' })
        .expect(400);
      expect(unknownSet.body.message).toBe('set "NOPE" does not exist');
      const unknownStaff = await http()
        .post('/api/v1/assignment-rules')
        .send({ set: 'GENERAL', staff: 'ZZ' })
        .expect(400);
      expect(unknownStaff.body.message).toBe('staff "ZZ" does not exist');
      const badType = await http()
        .post('/api/v1/assignment-rules')
        .send({ set: 'GENERAL', employmentType: 'intern', priority: 1.5 })
        .expect(400);
      expect(badType.body.message).toContain('employmentType must be one of the following values');
      expect(badType.body.message).toContain('priority must be an integer number');
      await http().post('/api/v1/assignment-rules').send({ set: 'PERSONAL', staff: 'A1' }).expect(201);
      const twin = await http()
        .post('/api/v1/assignment-rules')
        .send({ set: 'GENERAL', staff: 'A1' })
        .expect(409);
      expect(twin.body.message).toMatch(/^that member of staff already has an explicit rule: rule \d+$/);
      const rule = await http()
        .post('/api/v1/assignment-rules')
        .send({ set: 'GENERAL', postType: 'CLEAN' })
        .expect(201);
      await http().patch(`/api/v1/assignment-rules/${rule.body.id}`).send({ postType: null }).expect(400);
      await http().patch('/api/v1/assignment-rules/999').send({ priority: 1 }).expect(404);
    });

    it('resolves the set for a member of staff and says why', async () => {
      const none = (await resolve('A1').expect(200)).body;
      expect(none).toMatchObject({ staff: 'A1', active: true, set: null, rule: null, matched: [] });
      expect(none.reason).toBe('no rule matches this member of staff');

      const general = await http()
        .post('/api/v1/assignment-rules')
        .send({ set: 'GENERAL', department: 'LOG' })
        .expect(201);
      await http().post('/api/v1/assignment-rules').send({ set: 'CLEANERS', postType: 'CLEAN' }).expect(201);
      await http().post('/api/v1/assignment-rules').send({ set: 'CLEANERS', postType: 'GUARD' }).expect(201);
      // Equally specific: the higher priority wins.
      expect((await resolve('A1').expect(200)).body.set).toBe('GENERAL');
      await http().patch(`/api/v1/assignment-rules/${general.body.id}`).send({ priority: -1 }).expect(200);
      expect((await resolve('A1').expect(200)).body.set).toBe('CLEANERS');

      // More criteria beat a higher priority.
      const specific = await http()
        .post('/api/v1/assignment-rules')
        .send({ set: 'LOG_CLEANERS', postType: 'CLEAN', department: 'LOG', priority: -5 })
        .expect(201);
      const bySpecificity = (await resolve('A1').expect(200)).body;
      expect(bySpecificity).toMatchObject({
        set: 'LOG_CLEANERS',
        version: { version: 1, effectiveFrom: '2026-01' },
        rule: { id: specific.body.id, set: 'LOG_CLEANERS' },
      });
      expect(bySpecificity.matched).toHaveLength(3);
      expect(bySpecificity.reason).toBe(
        `rule ${specific.body.id} matches on post type CLEAN, department LOG (priority -5); of the 3 matching ` +
          'rule(s) the one with the most criteria wins, then the highest priority, then the oldest',
      );

      // An explicit rule overrides everything.
      const personal = await http()
        .post('/api/v1/assignment-rules')
        .send({ set: 'PERSONAL', staff: 'A1' })
        .expect(201);
      const explicit = (await resolve('A1', '2025-12').expect(200)).body;
      expect(explicit).toMatchObject({
        set: 'PERSONAL',
        version: null,
        rule: { id: personal.body.id, staff: 'A1' },
      });
      expect(explicit.reason).toBe(
        `rule ${personal.body.id} names this member of staff, which overrides every other rule; ` +
          'set PERSONAL has no version in force for 2025-12',
      );

      await resolve('NOPE').expect(404);
      const bad = await http().get('/api/v1/assignment-rules/resolve?staff=A1&period=March').expect(400);
      expect(bad.body.message).toBe('period must be a month "YYYY-MM"');
    });
  });

  describe('periods', () => {
    it('creates periods with a validated incentive and refuses changes once closed', async () => {
      await http().post('/api/v1/staff').send(staffBody('A1')).expect(201);
      const created = await http()
        .post('/api/v1/periods')
        .send({ period: '2026-03', incentive: { amount: 'rooms * 2' } })
        .expect(201);
      expect(created.body).toEqual({
        period: '2026-03',
        status: 'open',
        incentive: { amount: 'rooms * 2' },
        planVersion: 1,
      });
      await http().post('/api/v1/periods').send({ period: '2026-04' }).expect(201);
      expect((await http().get('/api/v1/periods').expect(200)).body).toEqual([
        created.body,
        { period: '2026-04', status: 'open', incentive: null, planVersion: null },
      ]);
      await http().post('/api/v1/periods').send({ period: '2026-03' }).expect(409);

      const bad = await http()
        .post('/api/v1/periods')
        .send({
          period: '2026-05',
          incentive: { pools: [{ department: 'ENG', amount: 100 }], weight: 'bonus' },
        })
        .expect(400);
      expect(bad.body.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'incentive.weight', message: expect.stringContaining('bonus') }),
          expect.objectContaining({
            path: 'incentive.pools[0].department',
            message: expect.stringContaining('"ENG" has no staff'),
          }),
          expect.objectContaining({
            path: 'incentive.pools[0].amount',
            message: expect.stringContaining('decimal string'),
          }),
        ]),
      );
      await http().get('/api/v1/periods/2026-05').expect(404);

      const pools = { pools: [{ department: 'LOG', amount: '1000.00' }], weight: 'total' };
      const patched = await http().patch('/api/v1/periods/2026-03').send({ incentive: pools }).expect(200);
      expect(patched.body).toMatchObject({ incentive: pools, planVersion: 2 });
      await http().patch('/api/v1/periods/2026-03').send({ status: 'closed' }).expect(400);
      await ds().getRepository(Period).update({ period: '2026-03' }, { status: 'closed' });
      const closed = await http().patch('/api/v1/periods/2026-03').send({ incentive: null }).expect(409);
      expect(closed.body.message).toBe('period 2026-03 is closed: it can no longer change');
      expect((await http().get('/api/v1/periods/2026-03').expect(200)).body).toMatchObject({
        status: 'closed',
        incentive: pools,
      });
      await http().patch('/api/v1/periods/2026-04').send({ incentive: null }).expect(200);
      await http().get('/api/v1/periods/2026-13').expect(400);
      await http().post('/api/v1/periods').send({ period: '2026-3' }).expect(400);
    });
  });
});

// HR's grade overrides on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set): one per person and
// month (a second replaces the first), the grade one of the person's set in force in the month, the reason trimmed
// to 1..500 characters, the month taking data (approved, closed or a run in progress refuse), the data version
// raised and the audit entry written by every change and by no refusal; the person's set and grades for the form.
import type { DataSource } from 'typeorm';
import { AssignmentRule, GradeOverride, IndicatorSetContent, Period, ScoringRun } from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import {
  auditLog,
  department,
  indicatorSet,
  setContent,
  staff,
} from '../../../../test/factories/configuration';
import { period, run } from '../../../../test/factories/periods';
import { GradeOverridesService } from './overrides.service';

const GRADED = {
  ...setContent(),
  grades: [
    { min: 90, grade: 'A', coefficient: 1.2 },
    { min: 75, grade: 'B', coefficient: 1 },
    { min: 0, grade: 'C', coefficient: 0.8 },
  ],
} as unknown as IndicatorSetContent;

describe.each(testDatabases('grade_overrides'))('%s', (_name, db) => {
  let ds: DataSource;
  let service: GradeOverridesService;
  let oct: Period;

  beforeEach(async () => {
    ds = await db.open();
    service = new GradeOverridesService(ds);
    const eng = await department(ds, 'ENG');
    await staff(ds, 'ANN', eng.id, { name: '安' });
    // Joins after October: October does not score her.
    await staff(ds, 'NEW', eng.id, { activeFrom: '2026-11-01' });
    // A graded set from October; an ungraded one for BOB.
    const graded = await indicatorSet(ds, 'MAINT', [{ effectiveFrom: '2026-01', content: GRADED }]);
    const plain = await indicatorSet(ds, 'PLAIN', [{ effectiveFrom: '2026-01' }]);
    const bob = await staff(ds, 'BOB', eng.id);
    await ds.getRepository(AssignmentRule).save([
      { setId: graded.id, departmentId: eng.id, priority: 1 },
      { setId: plain.id, staffId: bob.id, priority: 10 },
    ]);
    oct = await period(ds, '2026-10', 'scored');
  });
  afterEach(() => closeDatabase(ds));

  const version = async () => (await ds.getRepository(Period).findOneByOrFail({ id: oct.id })).dataVersion;

  it('sets, replaces and removes an override: audited, the data version raised each time', async () => {
    const v0 = await version();
    const first = await service.put('user:hr', '2026-10', 'ANN', { grade: 'B', reason: '  额外任务  ' });
    expect(first).toMatchObject({
      staffCode: 'ANN',
      name: '安',
      department: 'ENG',
      grade: 'B',
      reason: '额外任务',
      author: 'user:hr',
    });
    await service.put('user:hr', '2026-10', 'ANN', { grade: 'A', reason: '复核' });
    expect(await ds.getRepository(GradeOverride).count()).toBe(1);
    expect((await service.list('2026-10')).map((o) => [o.staffCode, o.grade, o.reason])).toEqual([
      ['ANN', 'A', '复核'],
    ]);
    expect(await service.person('2026-10', 'ANN')).toMatchObject({
      set: 'MAINT',
      grades: ['A', 'B', 'C'],
      override: { grade: 'A' },
    });
    const removed = await service.remove('user:hr', '2026-10', 'ANN');
    expect(removed.grade).toBe('A');
    expect(await service.list('2026-10')).toEqual([]);
    expect(await version()).toBe(v0 + 3);

    const log = await auditLog(ds);
    expect(log.map((e) => [e.action, e.entity, e.entityKey])).toEqual([
      ['grade.override', 'grade_override', '2026-10/ANN'],
      ['grade.override', 'grade_override', '2026-10/ANN'],
      ['grade.override.remove', 'grade_override', '2026-10/ANN'],
    ]);
    expect([log[0].before, log[1].before, log[2].after]).toEqual([
      null,
      expect.objectContaining({ grade: 'B' }),
      null,
    ]);
  });

  it('refuses a grade not of the set, a bad reason, someone the month does not score; writes nothing', async () => {
    const v0 = await version();
    await expect(service.put('user:hr', '2026-10', 'ANN', { grade: 'S', reason: 'x' })).rejects.toMatchObject(
      {
        status: 400,
        code: 'GRADE_NOT_IN_SET',
        message: expect.stringContaining('MAINT (A, B, C)'),
      },
    );
    await expect(service.put('user:hr', '2026-10', 'BOB', { grade: 'A', reason: 'x' })).rejects.toMatchObject(
      {
        code: 'GRADE_NOT_IN_SET',
        message: expect.stringContaining('set PLAIN has no grades'),
      },
    );
    for (const reason of ['   ', 'x'.repeat(501)])
      await expect(service.put('user:hr', '2026-10', 'ANN', { grade: 'A', reason })).rejects.toMatchObject({
        code: 'OVERRIDE_REASON',
      });
    // 500 characters (not bytes) are allowed.
    await service.put('user:hr', '2026-10', 'ANN', { grade: 'A', reason: '理'.repeat(500) });
    await expect(service.put('user:hr', '2026-10', 'NEW', { grade: 'A', reason: 'x' })).rejects.toMatchObject(
      {
        code: 'STAFF_NOT_IN_MONTH',
      },
    );
    await expect(
      service.put('user:hr', '2026-10', 'NOBODY', { grade: 'A', reason: 'x' }),
    ).rejects.toMatchObject({
      status: 404,
    });
    await expect(service.remove('user:hr', '2026-10', 'BOB')).rejects.toMatchObject({ status: 404 });
    await expect(service.list('2031-01')).rejects.toMatchObject({ code: 'PERIOD_NOT_FOUND' });
    expect(await version()).toBe(v0 + 1);
    expect((await auditLog(ds)).length).toBe(1);
  });

  it('refuses while a run is in progress and once the month is approved or closed (409)', async () => {
    await service.put('user:hr', '2026-10', 'ANN', { grade: 'A', reason: 'x' });
    const active = await run(ds, oct, { status: 'running' });
    await expect(service.put('user:hr', '2026-10', 'ANN', { grade: 'B', reason: 'y' })).rejects.toMatchObject(
      {
        status: 409,
        code: 'RUN_IN_PROGRESS',
      },
    );
    await ds.getRepository(ScoringRun).update({ id: active.id }, { status: 'completed', activePeriod: null });
    for (const status of ['approved', 'closed'] as const) {
      await ds.getRepository(Period).update({ id: oct.id }, { status });
      await expect(
        service.put('user:hr', '2026-10', 'ANN', { grade: 'B', reason: 'y' }),
      ).rejects.toMatchObject({
        status: 409,
        code: 'PERIOD_CLOSED',
      });
      await expect(service.remove('user:hr', '2026-10', 'ANN')).rejects.toMatchObject({
        code: 'PERIOD_CLOSED',
      });
    }
    expect((await service.list('2026-10')).map((o) => o.grade)).toEqual(['A']);
  });
});

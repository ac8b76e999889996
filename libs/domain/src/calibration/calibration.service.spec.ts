// The month's calibration view on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set), from a
// run's result rows as the finish job writes them (the grade held in the packed result, the calibration as JSON
// beside it): who moved and why, the overrides the run did not apply (saved after it, or removed since), the
// counts of each grade of a quota group before and after (read from the packed results by the database), a
// manager limited to their departments, a department filter, a month without a run, and the CSV.
import type { DataSource } from 'typeorm';
import {
  Department,
  GradeOverride,
  packStaffResult,
  Period,
  ScoringRun,
  Staff,
  StaffResultRow,
} from '@app/persistence';
import type { Calibration, StaffResult } from '@app/scoring';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { department, staff } from '../../../../test/factories/configuration';
import { period, run } from '../../../../test/factories/periods';
import { CalibrationService } from './calibration.service';

const RUN_AT = '2026-11-02T00:00:00.000Z';

function scored(id: string, dept: string, total: number, grade: string): StaffResult {
  return {
    id,
    department: dept,
    site: null,
    indicatorSet: 'S',
    total,
    grade,
    coefficient: 1,
    calibration: null,
    vetoed: false,
    vetoReasons: [],
    dimensions: [{ code: 'd', score: total, weight: 100, effectiveWeight: 100 }],
    indicators: [],
    points: 0,
    workloadValue: null,
    incentive: null,
    explanation: { total: '', grade: '', points: '', incentive: null },
  };
}

/** S1 moved by the ENG cap on A, S2 overridden (an override removed since), S3 overridden, S4 as its total. */
const QUOTA: Calibration = {
  from: 'A',
  to: 'B',
  quota: {
    grade: 'B',
    rule: { grade: 'A', maxShare: 20 },
    allowed: 0,
    scope: 'department',
    department: 'ENG',
    staff: 2,
    rank: 1,
  },
  override: null,
};
const REMOVED: Calibration = { from: 'B', to: 'C', quota: null, override: { grade: 'C', reason: '旧理由' } };
const APPLIED: Calibration = {
  from: 'C',
  to: 'A',
  quota: null,
  override: { grade: 'A', reason: '突出贡献' },
};

describe.each(testDatabases('calibration_view'))('%s', (_name, db) => {
  let ds: DataSource;
  let service: CalibrationService;
  let oct: Period;
  let current: ScoringRun;
  const people = new Map<string, Staff>();

  beforeEach(async () => {
    ds = await db.open();
    service = new CalibrationService(ds);
    const eng = await department(ds, 'ENG');
    const clean = await department(ds, 'CLEAN');
    for (const [code, d] of [
      ['S1', eng],
      ['S2', eng],
      ['S3', clean],
      ['S4', clean],
    ] as [string, Department][])
      people.set(code, await staff(ds, code, d.id, { name: `名${code}` }));
    oct = await period(ds, '2026-10', 'scored');
    current = await run(ds, oct);
    await ds.getRepository(ScoringRun).update({ id: current.id }, { createdAt: RUN_AT, dataVersion: 3 });
    await ds.getRepository(Period).update({ id: oct.id }, { dataVersion: 3 });
    const rows: [StaffResult, Calibration | null][] = [
      [scored('S1', 'ENG', 95.2, 'B'), QUOTA],
      [scored('S2', 'ENG', 85, 'C'), REMOVED],
      [scored('S3', 'CLEAN', 70, 'A'), APPLIED],
      [scored('S4', 'CLEAN', 65, 'C'), null],
    ];
    await ds.getRepository(StaffResultRow).insert(
      rows.map(([r, c]) => ({
        runId: current.id,
        staffCode: r.id,
        staffId: people.get(r.id)!.id,
        employeeNo: `E-${r.id}`,
        department: r.department,
        site: null,
        indicatorSet: r.indicatorSet,
        total: 'error' in r ? null : r.total,
        error: null,
        poolWeight: null,
        poolFactor: null,
        incentiveError: null,
        incentive: null,
        incentiveExplanation: null,
        indicatorScores: null,
        calibration: c ? JSON.stringify(c) : null,
        result: packStaffResult(r),
      })),
    );
    // S3's override is the one the run applied (saved before it); S4's came after the run.
    await ds
      .getRepository(GradeOverride)
      .insert([
        override('S3', 'A', '突出贡献', '2026-11-01T00:00:00.000Z'),
        override('S4', 'B', '复核后调整', '2026-11-03T00:00:00.000Z'),
      ]);
  });
  afterEach(() => closeDatabase(ds));

  const override = (code: string, grade: string, reason: string, createdAt: string) => ({
    staffId: people.get(code)!.id,
    period: '2026-10',
    grade,
    reason,
    author: 'user:hr.admin',
    createdAt,
  });
  const hr = { role: 'hr_admin' as const, departments: [] };

  it('lists who moved and why, the overrides not applied yet, and the quota group’s grades before and after', async () => {
    const m = await service.month(hr, '2026-10');
    expect(m).toMatchObject({ period: '2026-10', status: 'scored', runId: current.id, stale: false });
    expect(m.items).toEqual([
      {
        staffCode: 'S1',
        name: '名S1',
        employeeNo: 'E-S1',
        department: 'ENG',
        set: 'S',
        total: 95.2,
        from: 'A',
        to: 'B',
        quota: QUOTA.quota,
        override: null,
        overridden: false,
      },
      expect.objectContaining({ staffCode: 'S2', from: 'B', to: 'C', overridden: true }),
      expect.objectContaining({
        staffCode: 'S3',
        department: 'CLEAN',
        from: 'C',
        to: 'A',
        override: { grade: 'A', reason: '突出贡献' },
        overridden: true,
      }),
    ]);
    // S2's override was removed since the run; S4's was saved after it. S3's is the one the run applied.
    expect(m.pending).toEqual([
      {
        staffCode: 'S2',
        name: '名S2',
        department: 'ENG',
        grade: null,
        reason: null,
        author: null,
        createdAt: null,
      },
      {
        staffCode: 'S4',
        name: '名S4',
        department: 'CLEAN',
        grade: 'B',
        reason: '复核后调整',
        author: 'user:hr.admin',
        createdAt: '2026-11-03T00:00:00.000Z',
      },
    ]);
    // The ENG group (where the quota moved S1): S1 A → B, S2 B → C (an override, counted as it ends).
    expect(m.groups).toEqual([
      {
        set: 'S',
        scope: 'department',
        department: 'ENG',
        staff: 2,
        grades: [
          { grade: 'A', natural: 1, final: 0 },
          { grade: 'B', natural: 1, final: 1 },
          { grade: 'C', natural: 0, final: 1 },
        ],
      },
    ]);
  });

  it('says when the month’s data is newer than its run, and lists every override of a month without a run', async () => {
    await ds.getRepository(Period).update({ id: oct.id }, { dataVersion: 4 });
    expect((await service.month(hr, '2026-10')).stale).toBe(true);

    const nov = await period(ds, '2026-11', 'open');
    await ds.getRepository(GradeOverride).insert({
      ...override('S1', 'C', '未评分前调整', '2026-12-01T00:00:00.000Z'),
      period: nov.period,
    });
    expect(await service.month(hr, '2026-11')).toEqual({
      period: '2026-11',
      status: 'open',
      runId: null,
      runAt: null,
      stale: false,
      items: [],
      pending: [expect.objectContaining({ staffCode: 'S1', department: 'ENG', grade: 'C' })],
      groups: [],
    });
    await expect(service.month(hr, '2031-01')).rejects.toMatchObject({ code: 'PERIOD_NOT_FOUND' });
  });

  it('shows a manager their departments only, and filters by department', async () => {
    const eng = await service.month({ role: 'dept_manager', departments: ['ENG'] }, '2026-10');
    expect(eng.items.map((i) => i.staffCode)).toEqual(['S1', 'S2']);
    expect(eng.pending.map((p) => p.staffCode)).toEqual(['S2']);
    expect(eng.groups.map((g) => g.department)).toEqual(['ENG']);

    const clean = await service.month({ role: 'dept_manager', departments: ['CLEAN'] }, '2026-10');
    expect(clean.items.map((i) => i.staffCode)).toEqual(['S3']);
    expect(clean.pending.map((p) => p.staffCode)).toEqual(['S4']);
    expect(clean.groups).toEqual([]);
    // Another department's filter shows a manager nothing.
    expect(
      (await service.month({ role: 'dept_manager', departments: ['CLEAN'] }, '2026-10', 'ENG')).items,
    ).toEqual([]);

    const filtered = await service.month({ role: 'auditor', departments: [] }, '2026-10', 'CLEAN');
    expect(filtered.items.map((i) => i.staffCode)).toEqual(['S3']);
    expect(filtered.pending.map((p) => p.staffCode)).toEqual(['S4']);
  });

  it('writes the CSV with a BOM, both languages’ headers, the pending overrides last', async () => {
    const csv = await service.csv(hr, '2026-10');
    expect(csv.startsWith('\ufeff工号 Staff,姓名 Name,')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 3 + 2);
    expect(lines[1]).toBe('S1,名S1,E-S1,ENG,S,95.2,A,B,A ≤ 20%,ENG,1,0,2,,,已生效 scored');
    expect(lines[3]).toBe('S3,名S3,E-S3,CLEAN,S,70,C,A,,,,,,A,突出贡献,已生效 scored');
    expect(lines[4]).toBe('S2,名S2,,ENG,,,,,,,,,,,,已撤销，待重新核算 removed: a new run is due');
    expect(lines[5]).toBe('S4,名S4,,CLEAN,,,,,,,,,,B,复核后调整,待重新核算 pending: a new run is due');
  });
});

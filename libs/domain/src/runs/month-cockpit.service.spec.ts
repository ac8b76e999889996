// The month cockpit's reads on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set): the spread
// of a run's totals and grades counted by the database (and the grades checked against the codec's own unpacking,
// so that a change of the packed result fails here), who moved against the month's previous run and against the
// previous month (with the indicator that moved most the way the total moved), a manager limited to their
// departments, and the month's next step as the approval gate would see it.
import type { DataSource } from 'typeorm';
import { packStaffResult, Period, ScoringRun, StaffResultRow, unpackStaffResult } from '@app/persistence';
import type { StaffResult } from '@app/scoring';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { period, run } from '../../../../test/factories/periods';
import { MonthCockpitService } from './month-cockpit.service';

/** A scored result: total, grade, and each indicator's contribution (`code: contribution`, dimension `d`). */
function scored(
  id: string,
  department: string,
  total: number,
  grade: string | null,
  contributions: Record<string, number>,
): StaffResult {
  return {
    id,
    department,
    site: 'CC',
    indicatorSet: 'S',
    total,
    grade,
    coefficient: 1,
    calibration: null,
    vetoed: false,
    vetoReasons: [],
    dimensions: [{ code: 'd', score: total, weight: 100, effectiveWeight: 100 }],
    indicators: Object.entries(contributions).map(([code, contribution]) => ({
      code,
      dimension: 'd',
      value: contribution,
      score: contribution * 2,
      weight: 50,
      missing: false,
      contribution,
      explanation: `${code} explained`,
    })),
    points: 0,
    workloadValue: null,
    incentive: null,
    explanation: { total: 't', grade: 'g', points: 'p', incentive: null },
  };
}

const failed = (id: string, department: string, error: string): StaffResult => ({
  id,
  department,
  site: 'CC',
  indicatorSet: 'S',
  error,
});

/** People's internal ids (results are matched by them, not by code). */
const ID: Record<string, number> = { S1: 1, S2: 2, S3: 3, S4: 4, S5: 5 };

async function results(ds: DataSource, runId: string, list: StaffResult[]): Promise<void> {
  await ds.getRepository(StaffResultRow).insert(
    list.map((r) => ({
      runId,
      staffCode: r.id,
      staffId: ID[r.id],
      employeeNo: r.id,
      department: r.department,
      site: r.site,
      indicatorSet: r.indicatorSet,
      total: 'error' in r ? null : r.total,
      error: 'error' in r ? r.error : null,
      poolWeight: null,
      poolFactor: null,
      incentiveError: null,
      incentive: null,
      incentiveExplanation: null,
      indicatorScores: null,
      result: packStaffResult(r),
    })),
  );
  await ds.getRepository(ScoringRun).update({ id: runId }, { total: list.length });
}

describe.each(testDatabases('month_cockpit'))('%s', (_name, db) => {
  let ds: DataSource;
  let service: MonthCockpitService;
  let oct: Period;
  let first: ScoringRun;
  let second: ScoringRun;
  let sep: ScoringRun;

  beforeEach(async () => {
    ds = await db.open();
    service = new MonthCockpitService(ds);
    const september = await period(ds, '2026-09', 'closed');
    sep = await run(ds, september);
    await results(ds, sep.id, [
      scored('S1', 'ENG', 60, 'C', { X: 20, Y: 40 }),
      scored('S2', 'ENG', 80, 'B', { X: 40, Y: 40 }),
    ]);
    oct = await period(ds, '2026-10', 'scored');
    first = await run(ds, oct);
    await results(ds, first.id, [
      scored('S1', 'ENG', 75, 'B', { X: 30, Y: 45 }),
      scored('S2', 'ENG', 80, 'B', { X: 40, Y: 40 }),
      scored('S3', 'CLEAN', 90, 'A', { X: 30, Y: 30, Z: 30 }),
      scored('S4', 'CLEAN', 70, 'C', { X: 35, Y: 35 }),
    ]);
    second = await run(ds, oct);
    // The second run is the later one (the factory's clock may give both the same millisecond).
    await ds.getRepository(ScoringRun).update({ id: first.id }, { createdAt: '2026-11-01T00:00:00.000Z' });
    await ds.getRepository(ScoringRun).update({ id: second.id }, { createdAt: '2026-11-02T00:00:00.000Z' });
    await results(ds, second.id, [
      scored('S1', 'ENG', 85, 'B', { X: 40, Y: 45 }),
      scored('S2', 'ENG', 80, 'B', { X: 40, Y: 40 }),
      // X gained most, but the total fell: the reason is the one that fell most.
      scored('S3', 'CLEAN', 88.5, 'B', { X: 40, Y: 24.25, Z: 24.25 }),
      failed('S4', 'CLEAN', 'indicator X: input x is missing (missing: fail)'),
      scored('S5', 'ENG', 100, 'A', { X: 50, Y: 50 }),
    ]);
  });
  afterEach(() => closeDatabase(ds));

  const manager = { role: 'dept_manager' as const, departments: ['ENG'] };

  it('counts the current run’s totals and grades per department in the database, as the codec reads them', async () => {
    const d = await service.distribution('2026-10', { bin: 10 });

    expect(d).toMatchObject({ runId: second.id, bin: 10, staff: 5, scored: 4, errors: 1, mean: 88.38 });
    // 80, 85 → [80, 90); 88.5 → [80, 90); 100 → the top bin [90, 100].
    expect(d.histogram).toEqual([
      { from: 80, to: 90, count: 3 },
      { from: 90, to: 100, count: 1 },
    ]);
    expect(d.departments).toEqual([
      {
        code: 'CLEAN',
        site: 'CC',
        staff: 2,
        scored: 1,
        errors: 1,
        mean: 88.5,
        min: 88.5,
        max: 88.5,
        grades: [{ grade: 'B', count: 1 }],
      },
      {
        code: 'ENG',
        site: 'CC',
        staff: 3,
        scored: 3,
        errors: 0,
        mean: 88.33,
        min: 80,
        max: 100,
        grades: [
          { grade: 'A', count: 1 },
          { grade: 'B', count: 2 },
        ],
      },
    ]);
    // The grades the database counted are those of the results as the codec unpacks them.
    const rows = await ds.getRepository(StaffResultRow).findBy({ runId: second.id });
    const byCodec = new Map<string, number>();
    for (const row of rows) {
      const r = unpackStaffResult(row.result, null, null);
      if (!('error' in r)) byCodec.set(String(r.grade), (byCodec.get(String(r.grade)) ?? 0) + 1);
    }
    expect(new Map(d.grades.map((g) => [String(g.grade), g.count]))).toEqual(byCodec);

    const fine = await service.distribution('2026-10', { bin: 5, department: 'ENG' });
    expect(fine.histogram).toEqual([
      { from: 80, to: 85, count: 1 },
      { from: 85, to: 90, count: 1 },
      { from: 90, to: 95, count: 0 },
      { from: 95, to: 100, count: 1 },
    ]);
  });

  it('a manager’s distribution holds their own departments only', async () => {
    const mine = await service.distribution('2026-10', {}, manager);
    expect(mine.departments.map((x) => x.code)).toEqual(['ENG']);
    expect(mine.staff).toBe(3);
    const other = await service.distribution('2026-10', { department: 'CLEAN' }, manager);
    expect(other).toMatchObject({ staff: 0, histogram: [], departments: [] });
  });

  it('compares the run with the month’s previous run: who moved, by how much, and the indicator that moved most', async () => {
    const c = await service.movers('2026-10', { against: 'previous-run' });

    expect(c.base).toEqual({ period: '2026-10', runId: first.id });
    // S1 up 10, S3 down 1.5, S2 the same; S5 is new, S4 is in error now.
    expect(c.counts).toEqual({ compared: 3, up: 1, down: 1, same: 1, onlyNow: 1, onlyBefore: 1 });
    expect(c.movers).toEqual([
      {
        staff: 'S1',
        department: 'ENG',
        departmentBefore: null,
        before: 75,
        after: 85,
        delta: 10,
        why: { indicator: 'X', dimension: 'd', before: 30, after: 40, delta: 10 },
      },
      {
        staff: 'S3',
        department: 'CLEAN',
        departmentBefore: null,
        before: 90,
        after: 88.5,
        delta: -1.5,
        why: { indicator: 'Y', dimension: 'd', before: 30, after: 24.25, delta: -5.75 },
      },
      { staff: 'S2', department: 'ENG', departmentBefore: null, before: 80, after: 80, delta: 0, why: null },
    ]);
    expect((await service.movers('2026-10', { top: 1 })).movers.map((m) => m.staff)).toEqual(['S1']);
  });

  it('compares with the previous month, and a manager sees only the people of their departments', async () => {
    const c = await service.movers('2026-10', { against: 'previous-month' }, manager);
    expect(c.base).toEqual({ period: '2026-09', runId: sep.id });
    expect(c.counts).toEqual({ compared: 2, up: 1, down: 0, same: 1, onlyNow: 1, onlyBefore: 0 });
    expect(c.movers[0]).toMatchObject({ staff: 'S1', before: 60, after: 85, delta: 25 });
    expect(c.movers[0].why).toMatchObject({ indicator: 'X', delta: 20 });
    expect(JSON.stringify(c)).not.toContain('S3');

    // The first month has nothing to compare with.
    const none = await service.movers('2026-09', { against: 'previous-month' });
    expect(none).toMatchObject({ base: null, movers: [], counts: { compared: 0 } });
  });

  it('says the month’s next step and what it needs, as the approval gate would', async () => {
    const o = await service.overview('2026-10');
    expect(o).toMatchObject({
      status: 'scored',
      currentRunId: second.id,
      latestRun: { id: second.id, status: 'completed' },
      activeRun: null,
      next: 'approve',
      needs: ['issuesToAccept'],
      issues: {
        errors: 1,
        missingData: 1,
        items: [
          { staff: 'S4', department: 'CLEAN', error: 'indicator X: input x is missing (missing: fail)' },
        ],
      },
    });
    // Finance sees how many, not who.
    const finance = await service.overview('2026-10', { role: 'finance', departments: [] });
    expect(finance.issues).toEqual({ errors: 1, missingData: 1, items: [] });

    // Data after the run: the run is older than the data.
    await ds.getRepository(Period).update({ id: oct.id }, { dataVersion: 5 });
    expect(await service.overview('2026-10')).toMatchObject({ next: 'rescore', needs: ['runStale'] });

    // A run under way: wait for it.
    const going = await run(ds, { ...oct, dataVersion: 5 }, { status: 'running' });
    expect(await service.overview('2026-10')).toMatchObject({
      next: 'wait',
      needs: ['runActive'],
      activeRun: { id: going.id, status: 'running' },
    });

    expect(await service.overview('2026-09')).toMatchObject({ status: 'closed', next: 'done', needs: [] });
    const fresh = await period(ds, '2026-11', 'open');
    expect(await service.overview(fresh.period)).toMatchObject({
      next: 'score',
      needs: ['noRun'],
      issues: null,
    });
  });
});

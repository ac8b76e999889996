// A run's steps on a real database (SQLite, and PostgreSQL with TEST_DATABASE_URL): a chunk that holds its
// whole department splits the department's pool with its own rows, the finish job splits only the pools of
// departments spread over several chunks, and either way every share is the engine's; a chunk scored twice
// writes its rows once; each chunk records where its time went.
import type { DataSource } from 'typeorm';
import { RunChunk, ScoringRun, StaffResultRow } from '@app/persistence';
import { isStaffError, ScorecardDocument, scoreDocument } from '@app/scoring';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { libraryMonth } from '../../../../test/factories/month';
import { importDocument, monthCompleteness } from '../documents';
import { planRun, WHOLE_DEPARTMENT_CHUNKS } from './run-planner';
import { toStaffResult } from './results-query';
import { RunSteps } from './run-steps';

/** The library month with one department larger than a pool month keeps whole at one staff per chunk. */
function month(): ScorecardDocument {
  const doc = libraryMonth();
  const model = doc.staff.find((s) => s.department === 'ENG-CC')!;
  const extra = Array.from({ length: WHOLE_DEPARTMENT_CHUNKS + 1 }, (_, i) => {
    const id = `ENGX${i}`;
    return { ...model, id, employeeNo: id };
  });
  return { ...doc, staff: [...doc.staff, ...extra] };
}

describe.each(testDatabases('run_steps'))('%s', (_name, db) => {
  let ds: DataSource;
  const doc = month();
  beforeEach(async () => {
    ds = await db.open();
    await importDocument(ds, doc, 'test');
  });
  afterEach(() => closeDatabase(ds));

  /** Plans and runs the month chunk by chunk with `chunkSize`; returns the run id. */
  async function run(chunkSize: number): Promise<string> {
    const steps = new RunSteps(ds, []);
    const { run } = await planRun(ds, doc.period, 'manual', 'test', chunkSize);
    for (let i = 0; i < run.chunkCount; i++) await steps.scoreChunk(run.id, i);
    await steps.finishRun(run.id);
    return run.id;
  }

  const shares = async (runId: string) =>
    (
      await ds.getRepository(StaffResultRow).find({
        where: { runId },
        order: { staffCode: 'ASC' },
      })
    ).map((r) => [r.staffCode, r.incentive, r.incentiveExplanation, r.incentiveError]);

  it('pays every pool as the engine does, split in the chunk or in the finish job alike', async () => {
    const engine = scoreDocument(doc);
    const paid = new Map(engine.staff.map((s) => [s.id, isStaffError(s) ? null : s.incentive]));
    expect([...paid.values()].filter((v) => v !== null).length).toBeGreaterThan(20);

    // One staff per chunk: the departments of two are whole chunks, ENG-CC (7 staff) is spread over 7.
    const spread = await run(1);
    const chunks = await ds.getRepository(RunChunk).findBy({ runId: spread });
    const perDepartment = new Map<string, number>();
    for (const c of chunks) perDepartment.set(c.department, (perDepartment.get(c.department) ?? 0) + 1);
    expect(perDepartment.get('ENG-CC')).toBe(WHOLE_DEPARTMENT_CHUNKS + 3);
    expect([...perDepartment].filter(([d]) => d !== 'ENG-CC').every(([, n]) => n === 1)).toBe(true);
    // Five hundred per chunk: every department whole.
    const whole = await run(500);
    expect(await ds.getRepository(RunChunk).countBy({ runId: whole })).toBe(perDepartment.size);

    const a = await shares(spread);
    expect(a.map(([code, incentive]) => [code, incentive])).toEqual(
      a.map(([code]) => [code, paid.get(code!)]),
    );
    expect(await shares(whole)).toEqual(a);
    expect(a.filter(([, , parts]) => parts !== null).length).toBe(a.length);
  });

  it('grades with quotas and overrides as the engine does, whether a group is in one chunk or spread', async () => {
    // Every set capped at A ≤ 20 % per department with at least one C in a department of three or more; the
    // first set hospital-wide instead; two people overridden (one of them also moved by a quota, perhaps).
    const quoted: ScorecardDocument = {
      ...doc,
      indicatorSets: doc.indicatorSets.map((set, k) => ({
        ...set,
        quotas: {
          scope: k === 0 ? 'hospital' : 'department',
          rules: [
            { grade: set.grades![0].grade, maxShare: 20 },
            { grade: set.grades![2].grade, minCount: 1, minStaff: 3 },
          ],
        },
      })),
      staff: doc.staff.map((s, i) =>
        i === 0 || i === 5 ? { ...s, gradeOverride: { grade: 'A', reason: `评议结果 ${i}` } } : s,
      ),
    };
    await importDocument(ds, quoted, 'test');
    const engine = scoreDocument(quoted);
    const expected = new Map(
      engine.staff.map((s) => [
        s.id,
        isStaffError(s) ? null : [s.grade, s.coefficient, s.incentive, s.calibration],
      ]),
    );
    const moved = engine.staff.filter((s) => !isStaffError(s) && s.calibration?.quota);
    expect(moved.length).toBeGreaterThan(3);
    expect(engine.staff.filter((s) => !isStaffError(s) && s.calibration?.override).length).toBe(2);

    const graded = async (runId: string) =>
      (await ds.getRepository(StaffResultRow).find({ where: { runId }, order: { staffCode: 'ASC' } })).map(
        (row) => {
          const r = toStaffResult(row);
          return [
            row.staffCode,
            isStaffError(r) ? null : [r.grade, r.coefficient, r.incentive, r.calibration],
          ];
        },
      );
    const spread = await graded(await run(1));
    expect(spread).toEqual(spread.map(([code]) => [code, expected.get(code as string)]));
    expect(await graded(await run(500))).toEqual(spread);
  });

  it('a chunk holding its whole department calibrates it, and the finish job rewrites none of its rows', async () => {
    // Department quotas only, every department in one chunk: the chunks store the engine's calibrations, and the
    // finish job (which compares them with the month's) scores nobody again.
    const quoted: ScorecardDocument = {
      ...doc,
      indicatorSets: doc.indicatorSets.map((set) => ({
        ...set,
        quotas: { scope: 'department', rules: [{ grade: set.grades![0].grade, maxShare: 20 }] },
      })),
      staff: doc.staff.map((s, i) => (i === 3 ? { ...s, gradeOverride: { grade: 'B', reason: '复核' } } : s)),
    };
    await importDocument(ds, quoted, 'test');
    const engine = scoreDocument(quoted);
    const expected = engine.staff
      .filter((s) => !isStaffError(s) && s.calibration)
      .map((s) => [s.id, (s as { calibration: unknown }).calibration])
      .sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1));
    expect(expected.length).toBeGreaterThan(3);

    const steps = new RunSteps(ds, []);
    const { run } = await planRun(ds, doc.period, 'manual', 'test', 500);
    for (let i = 0; i < run.chunkCount; i++) await steps.scoreChunk(run.id, i);
    const stored = async () =>
      (await ds.getRepository(StaffResultRow).find({ where: { runId: run.id }, order: { staffCode: 'ASC' } }))
        .filter((row) => row.calibration !== null)
        .map((row): [string, unknown, number] => [row.staffCode, JSON.parse(row.calibration!), row.id])
        .sort(([a], [b]) => (a < b ? -1 : 1));
    const before = await stored();
    expect(before.map(([code, c]): [string, unknown] => [code, c])).toEqual(expected);
    await steps.finishRun(run.id);
    expect(await stored()).toEqual(before); // the same rows (ids): none rewritten
  });

  it('a run whose chunks did not all count their completeness (an upgrade meanwhile) counts the month at once', async () => {
    const steps = new RunSteps(ds, []);
    const { run } = await planRun(ds, doc.period, 'manual', 'test', 500);
    for (let i = 0; i < run.chunkCount; i++) await steps.scoreChunk(run.id, i);
    await ds.getRepository(RunChunk).update({ runId: run.id, index: 0 }, { completeness: null });
    await steps.finishRun(run.id);
    const stored = await ds.getRepository(ScoringRun).findOneByOrFail({ id: run.id });
    expect(JSON.parse(stored.completeness!)).toEqual({
      ...(await monthCompleteness(ds.manager, doc.period, { maxMissing: 20 })),
      dataVersion: stored.dataVersion,
    });
  });

  it("the finish job reads the chunks' summaries, the results' own values; without them (an upgrade) the results", async () => {
    // Pools split in the finish job (ENG-CC spread over chunks) and a hospital-wide quota: the summaries feed both.
    const quoted: ScorecardDocument = {
      ...doc,
      indicatorSets: doc.indicatorSets.map((set, k) => ({
        ...set,
        quotas:
          k === 0 ? { scope: 'hospital', rules: [{ grade: set.grades![0].grade, maxShare: 20 }] } : undefined,
      })),
    };
    await importDocument(ds, quoted, 'test');
    const steps = new RunSteps(ds, []);
    const finished = async (forget: boolean) => {
      const { run } = await planRun(ds, doc.period, 'manual', 'test', 1);
      for (let i = 0; i < run.chunkCount; i++) await steps.scoreChunk(run.id, i);
      const chunks = await ds
        .getRepository(RunChunk)
        .find({ where: { runId: run.id }, order: { index: 'ASC' } });
      const kept = chunks.flatMap((c) => JSON.parse(c.summaries!) as unknown[][]);
      const results = await ds.getRepository(StaffResultRow).findBy({ runId: run.id });
      const byCode = new Map(results.map((r) => [r.staffCode, r]));
      // Each summary is its row's values, as the finish job would read them from staff_results.
      expect(kept.length).toBe(results.length);
      for (const [id, staffId, department, site, set, total, weight, factor, error, calibration] of kept) {
        const r = byCode.get(id as string)!;
        expect([staffId, department, site, set, total, weight, factor, error, calibration]).toEqual([
          r.staffId,
          r.department,
          r.site,
          r.indicatorSet,
          r.total,
          r.poolWeight,
          r.poolFactor,
          r.incentiveError,
          r.calibration,
        ]);
      }
      if (forget) await ds.getRepository(RunChunk).update({ runId: run.id, index: 1 }, { summaries: null });
      await steps.finishRun(run.id);
      const departments = await ds.query<{ department: string; score: number; rank: number; pool: string }[]>(
        `SELECT department, score, rank, pool, allocated FROM department_results WHERE run_id = '${run.id}' ORDER BY department`,
      );
      const staff = (await shares(run.id)).map(([code, incentive]) => [code, incentive]);
      const graded = (
        await ds.getRepository(StaffResultRow).find({ where: { runId: run.id }, order: { staffCode: 'ASC' } })
      ).map((row) => row.calibration);
      return { departments, staff, graded };
    };
    const withSummaries = await finished(false);
    expect(withSummaries.departments.length).toBeGreaterThan(3);
    expect(withSummaries.graded.filter((c) => c !== null).length).toBeGreaterThan(0);
    expect(await finished(true)).toEqual(withSummaries);
  });

  it('a chunk scored twice writes its rows once, and records where its time went', async () => {
    const steps = new RunSteps(ds, []);
    const { run } = await planRun(ds, doc.period, 'manual', 'test', 500);
    const first = await steps.scoreChunk(run.id, 0);
    const rows = await shares(run.id);
    expect(await steps.scoreChunk(run.id, 0)).toBe(first);
    expect(await shares(run.id)).toEqual(rows);
    const chunk = await ds.getRepository(RunChunk).findOneByOrFail({ runId: run.id, index: 0 });
    expect(chunk.timings).toMatchObject({ pid: process.pid });
    for (const ms of [chunk.timings!.readMs, chunk.timings!.scoreMs, chunk.timings!.writeMs])
      expect(ms).toBeGreaterThanOrEqual(0);
    expect(Date.parse(chunk.timings!.startedAt)).toBeLessThanOrEqual(Date.parse(chunk.completedAt!));
  });
});

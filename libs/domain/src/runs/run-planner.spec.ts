// Planning a run on a real database: the run records the month's data version as it was when it was planned (the
// month's row locked meanwhile); its chunks count the data completeness as they read it, and the finished run holds
// the month's completeness (the same as counting the month at once), missing lists capped.
import type { DataSource } from 'typeorm';
import { Period, ScoringRun } from '@app/persistence';
import type { ScorecardDocument } from '@app/scoring';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { libraryMonth } from '../../../../test/factories/month';
import { importDocument, MonthCompleteness, monthCompleteness } from '../documents';
import { bumpDataVersion } from '../periods';
import { planRun } from './run-planner';
import { RunSteps } from './run-steps';

/** Plans a run of `period` with `chunkSize` and scores it chunk by chunk; returns the stored run. */
async function scored(ds: DataSource, period: string, chunkSize: number): Promise<ScoringRun> {
  const steps = new RunSteps(ds, []);
  const { run } = await planRun(ds, period, 'manual', 'test', chunkSize);
  expect(run.completeness).toBeNull();
  for (let i = 0; i < run.chunkCount; i++) await steps.scoreChunk(run.id, i);
  await steps.finishRun(run.id);
  return ds.getRepository(ScoringRun).findOneByOrFail({ id: run.id });
}

describe.each(testDatabases('run_planner'))('%s', (_name, db) => {
  let ds: DataSource;
  let doc: ScorecardDocument;
  beforeEach(async () => {
    ds = await db.open();
    doc = libraryMonth();
    await importDocument(ds, doc, 'test');
  });
  afterEach(() => closeDatabase(ds));

  it("records the month's data version when planned, and the completeness its chunks read when done", async () => {
    const p = await ds.getRepository(Period).findOneByOrFail({ period: doc.period });
    await bumpDataVersion(ds.manager, [p.id]);
    await bumpDataVersion(ds.manager, [p.id]);
    const version = p.dataVersion + 2;

    const now = await monthCompleteness(ds.manager, doc.period, { maxMissing: 20 });
    const stored = await scored(ds, doc.period, 500);
    expect(stored.dataVersion).toBe(version);
    const completeness = JSON.parse(stored.completeness!) as MonthCompleteness;
    // The same counts as the completeness route gives for the month, and every person of it.
    expect(completeness.staff).toBe(doc.staff.length);
    expect(completeness.staff).toBe(stored.total);
    expect(completeness).toEqual({ ...now, dataVersion: version });
    // The sample month leaves some inputs out on purpose, so there is something to show.
    expect(completeness.sets.some((s) => s.inputs.some((i) => i.missing > 0))).toBe(true);
  });

  it('caps the missing lists at 20 codes per input and department, counting the rest, however chunked', async () => {
    // 30 more people of one department without any value: its lists grow past the cap.
    const extra = Array.from({ length: 30 }, (_, i) => {
      const id = `X${String(i).padStart(3, '0')}`;
      return { ...doc.staff[0], id, employeeNo: id, inputs: {} };
    });
    const big = { ...doc, staff: [...doc.staff, ...extra] };
    await importDocument(ds, big, 'test');

    // Counted by chunks of 7 (the lists of a department spread over several are added up, then capped), and at
    // once: the same.
    const stored = await scored(ds, doc.period, 7);
    expect(stored.chunkCount).toBeGreaterThan(14);
    const completeness = JSON.parse(stored.completeness!) as MonthCompleteness;
    expect(completeness).toEqual({
      ...(await monthCompleteness(ds.manager, doc.period, { maxMissing: 20 })),
      dataVersion: stored.dataVersion,
    });
    const lists = completeness.sets.flatMap((s) => s.inputs.flatMap((i) => i.departments));
    expect(Math.max(...lists.map((d) => d.missing.length))).toBe(20);
    const capped = lists.find((d) => d.more !== undefined)!;
    expect(capped.missing.length + capped.more!).toBe(capped.staff - capped.withValue);
  });

  // A run right after a big import reads each chunk's staff and rules along their indexes: the import leaves the
  // statistics that say so (without them, PostgreSQL read every person's rule for each chunk).
  if (db.name === 'PostgreSQL')
    it('leaves fresh statistics of the staff and their rules after importing 2,000 people or more', async () => {
      const analysed = async () =>
        (
          await ds.query<{ relname: string }[]>(
            `SELECT relname FROM pg_stat_user_tables WHERE relname IN ('staff', 'assignment_rules') ` +
              'AND last_analyze IS NOT NULL ORDER BY relname',
          )
        ).map((r) => r.relname);
      expect(await analysed()).toEqual([]); // the library month is small
      const many = Array.from({ length: 2000 }, (_, i) => {
        const id = `M${String(i).padStart(4, '0')}`;
        return { ...doc.staff[0], id, employeeNo: id };
      });
      await importDocument(ds, { ...doc, staff: [...doc.staff, ...many] }, 'test');
      expect(await analysed()).toEqual(['assignment_rules', 'staff']);
    });
});

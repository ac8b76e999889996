// Planning a run on a real database: the run records the month's data version and its data completeness as they
// were when it was planned (the month's row locked meanwhile), and reading them back gives what was stored.
import type { DataSource } from 'typeorm';
import { Period, ScoringRun } from '@app/persistence';
import type { ScorecardDocument } from '@app/scoring';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { libraryMonth } from '../../../../test/factories/month';
import { importDocument, MonthCompleteness, monthCompleteness } from '../documents';
import { bumpDataVersion } from '../periods';
import { planRun } from './run-planner';

describe.each(testDatabases('run_planner'))('%s', (_name, db) => {
  let ds: DataSource;
  let doc: ScorecardDocument;
  beforeEach(async () => {
    ds = await db.open();
    doc = libraryMonth();
    await importDocument(ds, doc, 'test');
  });
  afterEach(() => closeDatabase(ds));

  it("records the month's data version and completeness (missing lists capped) with the run", async () => {
    const p = await ds.getRepository(Period).findOneByOrFail({ period: doc.period });
    await bumpDataVersion(ds.manager, [p.id]);
    await bumpDataVersion(ds.manager, [p.id]);
    const version = p.dataVersion + 2;

    const { run, created } = await planRun(ds, doc.period, 'manual', 'test', 500);

    expect(created).toBe(true);
    const stored = await ds.getRepository(ScoringRun).findOneByOrFail({ id: run.id });
    expect(stored.dataVersion).toBe(version);
    const completeness = JSON.parse(stored.completeness!) as MonthCompleteness;
    const now = await monthCompleteness(ds.manager, doc.period);
    // The same counts as the completeness route gives for the month, and every person of it.
    expect(completeness.staff).toBe(doc.staff.length);
    expect(completeness.staff).toBe(stored.total);
    expect(completeness).toEqual({ ...now, dataVersion: version });
    // The sample month leaves some inputs out on purpose, so there is something to show.
    expect(completeness.sets.some((s) => s.inputs.some((i) => i.missing > 0))).toBe(true);
  });

  it('caps the missing lists it stores at 20 codes per input and department, counting the rest', async () => {
    // 30 more people of one department without any value: its lists grow past the cap.
    const extra = Array.from({ length: 30 }, (_, i) => {
      const id = `X${String(i).padStart(3, '0')}`;
      return { ...doc.staff[0], id, employeeNo: id, inputs: {} };
    });
    const big = { ...doc, staff: [...doc.staff, ...extra] };
    await importDocument(ds, big, 'test');

    const { run } = await planRun(ds, doc.period, 'manual', 'test', 500);

    const stored = await ds.getRepository(ScoringRun).findOneByOrFail({ id: run.id });
    const completeness = JSON.parse(stored.completeness!) as MonthCompleteness;
    const lists = completeness.sets.flatMap((s) => s.inputs.flatMap((i) => i.departments));
    expect(Math.max(...lists.map((d) => d.missing.length))).toBe(20);
    const capped = lists.find((d) => d.more !== undefined)!;
    expect(capped.missing.length + capped.more!).toBe(capped.staff - capped.withValue);
  });
});

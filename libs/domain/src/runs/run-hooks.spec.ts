// What a run leaves to its hooks, on a real database: an adjustment run scores the corrections and books its
// differences through pay's hook in the transaction that completes it (all or nothing with it), a failed run
// calls the failure hook (pay marks the adjustment failed), and only a completed regular run is followed up.
import type { DataSource, EntityManager } from 'typeorm';
import { Adjustment, AdjustmentLine, Period, ScoringRun, StaffResultRow } from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { libraryMonth } from '../../../../test/factories/month';
import { importDocument } from '../documents';
import { AdjustmentRunHooks, createAdjustment } from '../pay';
import { RunHooks } from './run-hooks';
import { planRun } from './run-planner';
import { RunSteps } from './run-steps';

/** A hook that writes down what it was asked, and when (and can fail a transaction). */
class RecordingHooks implements RunHooks {
  readonly calls: string[] = [];
  failCompleted = false;

  completed(_tx: EntityManager, run: ScoringRun): Promise<void> {
    this.calls.push(`completed ${run.kind}`);
    return this.failCompleted ? Promise.reject(new Error('booking failed')) : Promise.resolve();
  }

  failed(_tx: EntityManager, run: ScoringRun, message: string): Promise<void> {
    this.calls.push(`failed ${run.kind}: ${message}`);
    return Promise.resolve();
  }

  followUp(_tx: EntityManager, run: ScoringRun): Promise<void> {
    this.calls.push(`followUp ${run.kind}`);
    return Promise.resolve();
  }
}

/** Every chunk of the run, then its finish: what the drivers do, without retries. */
async function runToEnd(steps: RunSteps, run: ScoringRun): Promise<void> {
  for (let index = 0; index < run.chunkCount; index++) await steps.scoreChunk(run.id, index);
  await steps.finishRun(run.id);
}

describe.each(testDatabases('run_hooks'))('%s', (_name, db) => {
  let ds: DataSource;
  beforeEach(async () => {
    ds = await db.open();
  });
  afterEach(() => closeDatabase(ds));

  /** The sample month imported, scored by a regular run and closed; the staff member to correct. */
  async function closedMonth(steps: RunSteps) {
    const doc = libraryMonth();
    await importDocument(ds, doc, 'test');
    const { run: posted } = await planRun(ds, doc.period, 'manual', 'test', 500);
    await runToEnd(steps, posted);
    await ds.getRepository(Period).update({ period: doc.period }, { status: 'closed' });
    const paid = new Map(
      (await ds.getRepository(StaffResultRow).findBy({ runId: posted.id })).map((r) => [r.staffCode, r]),
    );
    // Someone with task counts paid below the cap: more tasks, more pay.
    const who = doc.staff.find(
      (s) =>
        s.tasks &&
        Object.keys(s.tasks).length &&
        Number(paid.get(s.id)?.incentive ?? 0) > 0 &&
        Number(paid.get(s.id)?.incentive) < 6000,
    )!;
    const [task, count] = Object.entries(who.tasks!)[0];
    return { period: doc.period, posted, who: who.id, correction: { staff: who.id, task, value: count * 3 } };
  }

  it('an adjustment run scores the corrections and books its lines through the hook; the month keeps its posted run', async () => {
    const recorder = new RecordingHooks();
    const steps = new RunSteps(ds, [new AdjustmentRunHooks(), recorder]);
    const { period, posted, who, correction } = await closedMonth(steps);
    const adjustment = await createAdjustment(
      ds,
      period,
      { reason: 'task count entered short', corrections: [correction] },
      'hr',
    );
    const { run } = await planRun(ds, period, 'manual', 'hr', 500, adjustment.id);
    await runToEnd(steps, run);

    expect(recorder.calls).toEqual(['completed regular', 'completed adjustment']);
    const booked = await ds.getRepository(Adjustment).findOneByOrFail({ id: adjustment.id });
    expect(booked).toMatchObject({
      status: 'booked',
      runId: run.id,
      baseRunId: posted.id,
      targetPeriod: '2026-11',
    });
    const lines = await ds.getRepository(AdjustmentLine).findBy({ adjustmentId: adjustment.id });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.find((l) => l.staffCode === who)!.amount).toMatch(/^\d/); // more tasks, more pay
    // The closed month's results stay the posted run's.
    expect(await ds.getRepository(Period).findOneByOrFail({ period })).toMatchObject({
      status: 'closed',
      currentRunId: posted.id,
    });
  });

  it('a hook failing in the finish transaction leaves the run unfinished and nothing booked', async () => {
    const recorder = new RecordingHooks();
    const steps = new RunSteps(ds, [new AdjustmentRunHooks(), recorder]);
    const { period, correction } = await closedMonth(steps);
    const adjustment = await createAdjustment(ds, period, { reason: 'r', corrections: [correction] }, 'hr');
    const { run } = await planRun(ds, period, 'manual', 'hr', 500, adjustment.id);
    recorder.failCompleted = true;

    await expect(runToEnd(steps, run)).rejects.toThrow('booking failed');
    expect((await ds.getRepository(ScoringRun).findOneByOrFail({ id: run.id })).status).toBe('running');
    expect(await ds.getRepository(Adjustment).findOneByOrFail({ id: adjustment.id })).toMatchObject({
      status: 'computing',
      targetPeriod: null,
    });
    expect(await ds.getRepository(AdjustmentLine).countBy({ adjustmentId: adjustment.id })).toBe(0);
  });

  it('a failed run calls the failure hook once: the adjustment is failed with the run’s error', async () => {
    const recorder = new RecordingHooks();
    const steps = new RunSteps(ds, [new AdjustmentRunHooks(), recorder]);
    const { period, correction } = await closedMonth(steps);
    const adjustment = await createAdjustment(ds, period, { reason: 'r', corrections: [correction] }, 'hr');
    const { run } = await planRun(ds, period, 'manual', 'hr', 500, adjustment.id);

    await steps.failRun(run.id, 'worker lost');
    await steps.failRun(run.id, 'again'); // a run already over is left as it was

    expect(recorder.calls).toEqual(['completed regular', 'failed adjustment: worker lost']);
    expect(await ds.getRepository(Adjustment).findOneByOrFail({ id: adjustment.id })).toMatchObject({
      status: 'failed',
      error: 'worker lost',
    });
    expect(await ds.getRepository(AdjustmentLine).countBy({ adjustmentId: adjustment.id })).toBe(0);
  });

  it('only a completed regular run is followed up', async () => {
    const recorder = new RecordingHooks();
    const steps = new RunSteps(ds, [recorder]);
    const doc = libraryMonth();
    await importDocument(ds, doc, 'test');
    const { run } = await planRun(ds, doc.period, 'manual', 'test', 500);

    expect(await steps.followUp(run.id)).toBe(false); // not completed yet
    await runToEnd(steps, run);
    expect(await steps.followUp(run.id)).toBe(true);
    expect(recorder.calls).toEqual(['completed regular', 'followUp regular']);
  });
});

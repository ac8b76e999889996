// Adjustments on a real database: only a closed month is adjusted, every refused correction is named by its row
// (and nothing is stored), a recorded adjustment is audited and asks for its run, and booking puts the
// differences against what the month paid into the next month still open (a new one when there is none).
import type { DataSource } from 'typeorm';
import { Adjustment, AdjustmentLine, AuditEntry, Period, ScoringRun } from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { period as periodRow, run, scoredPeriod } from '../../../../test/factories/periods';
import { closedMonth } from '../../../../test/factories/pay';
import { PeriodNotFoundError, PeriodStatusError } from '../periods';
import type { RunsService, RunView } from '../runs';
import { AdjustmentInvalidError, bookAdjustment, createAdjustment } from './adjustments';
import { AdjustmentsService } from './adjustments.service';

/** RunsService as far as adjustments use it: it records what was asked and plans a queued adjustment run. */
function fakeRuns(ds: DataSource) {
  const asked: { period: string; adjustmentId?: number }[] = [];
  const runs = {
    start: async (period: string, _trigger: string, _by: string, adjustmentId?: number) => {
      asked.push({ period, adjustmentId });
      const p = await ds.getRepository(Period).findOneByOrFail({ period });
      const r = await run(ds, p, { status: 'queued', kind: 'adjustment', adjustmentId });
      return { run: { id: r.id, kind: r.kind, status: r.status } as RunView, created: true };
    },
  };
  return { runs: runs as unknown as RunsService, asked };
}

describe.each(testDatabases('adjustments'))('%s', (_name, db) => {
  let ds: DataSource;
  beforeEach(async () => {
    ds = await db.open();
  });
  afterEach(() => closeDatabase(ds));

  const correction = { staff: 'A', input: 'x', value: 70 };

  it('adjusts a closed month: the adjustment is recorded, audited, and its run asked for', async () => {
    await closedMonth(ds);
    const { runs, asked } = fakeRuns(ds);
    const service = new AdjustmentsService(ds, runs);

    const { adjustment, run: started } = await service.start(
      '2026-10',
      { reason: ' x of A was entered short ', corrections: [correction] },
      'user:hr',
    );

    expect(adjustment).toMatchObject({
      period: '2026-10',
      status: 'computing',
      reason: 'x of A was entered short',
      corrections: [correction],
      runId: started.id,
    });
    expect(asked).toEqual([{ period: '2026-10', adjustmentId: adjustment.id }]);
    expect(await service.list('2026-10')).toEqual([expect.objectContaining({ id: adjustment.id })]);
    expect(await ds.getRepository(AuditEntry).findBy({ action: 'adjustment.create' })).toEqual([
      expect.objectContaining({
        actor: 'user:hr',
        entityKey: `2026-10#${adjustment.id}`,
        after: { period: '2026-10', reason: 'x of A was entered short', corrections: 1 },
      }),
    ]);
  });

  it('refuses to adjust a month that is not closed, or unknown, or with a run going', async () => {
    const { runs, asked } = fakeRuns(ds);
    const service = new AdjustmentsService(ds, runs);
    const { period: scored } = await scoredPeriod(ds, '2026-09');
    const request = { reason: 'r', corrections: [correction] };

    await expect(service.start('2026-09', request, 'hr')).rejects.toThrow(
      'period 2026-09 is scored: only a closed month is adjusted; correct its data and run it again',
    );
    await expect(service.start('2031-01', request, 'hr')).rejects.toThrow(PeriodNotFoundError);
    await ds.getRepository(Period).update({ id: scored.id }, { status: 'closed' });
    const going = await run(ds, scored, { status: 'running' });
    await expect(service.start('2026-09', request, 'hr')).rejects.toThrow(
      `period 2026-09 has a run in progress (${going.id}): wait for it to end`,
    );
    await expect(service.start('2026-09', request, 'hr')).rejects.toThrow(PeriodStatusError);
    expect(asked).toEqual([]);
    expect(await ds.getRepository(Adjustment).count()).toBe(0);
  });

  it('names every refused correction by its row and field, and stores nothing', async () => {
    await closedMonth(ds);
    const corrections = [
      correction,
      { staff: 'Z', input: 'x', value: 1 },
      { department: 'DEP', staff: 'A', input: 'x', value: 1 },
      { staff: 'A', input: 'nope', value: 1 },
      { staff: 'A', input: 'x', value: 'ten' },
      { department: 'DEP', task: 'T', value: 1 },
      'not an object',
      { staff: 'A', input: 'x', value: 1, extra: true },
    ];

    const refusal = createAdjustment(ds, '2026-10', { reason: 'r', corrections }, 'hr');

    await expect(refusal).rejects.toThrow(AdjustmentInvalidError);
    await expect(refusal).rejects.toThrow('7 correction(s) refused; nothing was stored');
    const { rows } = (await refusal.catch((e: unknown) => e)) as AdjustmentInvalidError;
    expect(rows).toMatchObject([
      { row: 2, field: 'staff', message: '"Z" was not scored in 2026-10' },
      { row: 3, field: 'staff', message: 'name exactly one of "staff" or "department"' },
      { row: 4, field: 'input', message: 'unknown input "nope"' },
      { row: 5, field: 'value', message: 'must be a finite number' },
      { row: 6, field: 'task', message: 'task counts belong to staff, not departments' },
      { row: 7, field: '', message: 'must be an object' },
      { row: 8, field: 'extra', message: 'is not a correction field' },
    ]);
    await expect(
      createAdjustment(ds, '2026-10', { reason: ' ', corrections: [correction] }, 'hr'),
    ).rejects.toThrow(AdjustmentInvalidError);
    expect(await ds.getRepository(Adjustment).count()).toBe(0);
  });

  /** An adjustment of 2026-10 and its completed run, which paid A 120.00 instead of 100.00 (B unchanged). */
  async function computedAdjustment() {
    const { period, posted } = await closedMonth(ds);
    const adjustment = await createAdjustment(
      ds,
      '2026-10',
      { reason: 'r', corrections: [correction] },
      'hr',
    );
    const corrected = await run(ds, period, {
      kind: 'adjustment',
      adjustmentId: adjustment.id,
      paid: [
        { staffCode: 'A', incentive: '120.00', employeeNo: 'E-A' },
        { staffCode: 'B', incentive: '50.00', employeeNo: 'E-B' },
      ],
    });
    return { adjustment, posted, corrected };
  }

  it('books the differences as lines in the next month still open, skipping an approved one', async () => {
    await periodRow(ds, '2026-11', 'approved');
    await periodRow(ds, '2026-12', 'scored');
    const { adjustment, posted, corrected } = await computedAdjustment();

    await ds.transaction((tx) => bookAdjustment(tx, corrected));

    const lines = await ds.getRepository(AdjustmentLine).findBy({ adjustmentId: adjustment.id });
    expect(lines).toEqual([
      expect.objectContaining({
        sourcePeriod: '2026-10',
        targetPeriod: '2026-12',
        staffCode: 'A',
        employeeNo: 'E-A',
        previous: '100.00',
        corrected: '120.00',
        amount: '20.00',
        runId: corrected.id,
      }),
    ]);
    expect(await ds.getRepository(Adjustment).findOneByOrFail({ id: adjustment.id })).toMatchObject({
      status: 'booked',
      runId: corrected.id,
      baseRunId: posted.id,
      targetPeriod: '2026-12',
    });
    const closed = await ds.getRepository(Period).findOneByOrFail({ period: '2026-10' });
    expect(closed).toMatchObject({ status: 'closed', currentRunId: posted.id });
    expect(await ds.getRepository(AuditEntry).findBy({ action: 'adjustment.book' })).toEqual([
      expect.objectContaining({
        actor: 'system',
        after: expect.objectContaining({ targetPeriod: '2026-12', lines: 1, total: '20.00' }),
      }),
    ]);
  });

  it('opens the month after the last one to book into when no later month is open', async () => {
    const { adjustment, corrected } = await computedAdjustment();
    await periodRow(ds, '2026-11', 'closed');

    await ds.transaction((tx) => bookAdjustment(tx, corrected));

    expect(await ds.getRepository(Period).findOneByOrFail({ period: '2026-12' })).toMatchObject({
      status: 'open',
    });
    const [line] = await ds.getRepository(AdjustmentLine).findBy({ adjustmentId: adjustment.id });
    expect(line.targetPeriod).toBe('2026-12');
    expect(await ds.getRepository(ScoringRun).countBy({ period: '2026-12' })).toBe(0);
  });
});

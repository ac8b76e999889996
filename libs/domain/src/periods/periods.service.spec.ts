// Periods and their incentive plans on a real database: a month is opened once, its plan is checked as the
// format checks it (problems with their paths), every change of plan is a new audited version, an unchanged
// plan adds none, and a closed month takes no change at all.
import type { DataSource } from 'typeorm';
import { AuditEntry, IncentivePlan } from '@app/persistence';
import { DocumentInvalidError, IncentiveDef } from '@app/scoring';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { document } from '../../../../test/factories/document';
import { period as periodRow } from '../../../../test/factories/periods';
import { importDocument } from '../documents';
import { PeriodExistsError, PeriodNotFoundError, PeriodStatusError } from './period-errors';
import { PeriodsService } from './periods.service';

/** A plan paying department DEP (where staff member A works in the factory's document) from one pool. */
const plan = (amount: string): IncentiveDef => ({
  pools: [{ department: 'DEP', amount }],
  weight: 'points',
});

describe.each(testDatabases('periods'))('%s', (_name, db) => {
  let ds: DataSource;
  let periods: PeriodsService;
  beforeEach(async () => {
    ds = await db.open();
    periods = new PeriodsService(ds);
  });
  afterEach(() => closeDatabase(ds));

  const entries = (action: string) =>
    ds.getRepository(AuditEntry).find({ where: { action }, order: { id: 'ASC' } });

  it('opens a month with its plan as version 1, audited; a month is opened once', async () => {
    await importDocument(ds, document({ period: '2026-09' }), 'test');

    const view = await periods.open({ period: '2026-10', incentive: plan('1000.00') }, 'user:hr');

    expect(view).toEqual({ period: '2026-10', status: 'open', incentive: plan('1000.00'), planVersion: 1 });
    expect(await periods.get('2026-10')).toEqual(view);
    expect(await entries('period.create')).toEqual([
      expect.objectContaining({ actor: 'user:hr', entity: 'period', entityKey: '2026-10', after: view }),
    ]);
    await expect(periods.open({ period: '2026-10' }, 'user:hr')).rejects.toThrow(PeriodExistsError);
    await expect(periods.open({ period: '2026-10' }, 'user:hr')).rejects.toThrow(
      'period 2026-10 already exists',
    );
  });

  it('refuses a plan the format refuses, with each problem’s path, and opens nothing', async () => {
    await importDocument(ds, document({ period: '2026-09' }), 'test');
    const bad = { pools: [{ department: 'NOPE', amount: '10.00' }], weight: 'points', extra: 1 };

    const refusal = periods.open({ period: '2026-10', incentive: bad }, 'hr');

    await expect(refusal).rejects.toThrow(DocumentInvalidError);
    const { problems } = (await refusal.catch((e: unknown) => e)) as DocumentInvalidError;
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['incentive.pools[0].department', 'incentive.extra']),
    );
    expect(await periods.list()).toEqual([expect.objectContaining({ period: '2026-09' })]);
  });

  it('versions every change of plan (audited with before and after); the same plan again adds nothing', async () => {
    await importDocument(ds, document({ period: '2026-10' }), 'test');

    await periods.update('2026-10', { incentive: plan('1000.00') }, 'user:hr');
    await periods.update('2026-10', { incentive: plan('1000.00') }, 'user:hr');
    const view = await periods.update('2026-10', { incentive: plan('1200.00') }, 'user:hr');
    const removed = await periods.update('2026-10', { incentive: null }, 'user:hr');

    expect(view.planVersion).toBe(2);
    expect(removed).toMatchObject({ incentive: null, planVersion: 3 });
    expect((await periods.plans('2026-10')).map((p) => [p.version, p.incentive])).toEqual([
      [1, plan('1000.00')],
      [2, plan('1200.00')],
      [3, null],
    ]);
    const logged = await entries('incentivePlan.version.create');
    expect(
      logged.map((e) => [e.entityKey, (e.before as { version: number } | null)?.version ?? null]),
    ).toEqual([
      ['2026-10', null],
      ['2026-10', 1],
      ['2026-10', 2],
    ]);
  });

  it('refuses any change of a closed month, and an unknown month', async () => {
    await periodRow(ds, '2026-10', 'closed');

    await expect(periods.update('2026-10', { incentive: plan('1.00') }, 'hr')).rejects.toThrow(
      PeriodStatusError,
    );
    await expect(periods.update('2026-10', {}, 'hr')).rejects.toThrow(
      'period 2026-10 is closed: it can no longer change',
    );
    await expect(periods.update('2031-01', {}, 'hr')).rejects.toThrow(PeriodNotFoundError);
    await expect(periods.plans('2031-01')).rejects.toThrow('period 2031-01 does not exist');
    expect(await ds.getRepository(IncentivePlan).count()).toBe(0);
  });
});

// The closed-month rules from approval on, on a real database: an approved month refuses a new incentive plan
// version and the configuration edits that would change what it was scored with (ClosedMonthError naming the
// approved month and saying it changes no more), while the same rules keep their closed-month wording; the
// months after it are not concerned.
import type { DataSource } from 'typeorm';
import { InputDefinition, Period, PeriodStatus, Staff } from '@app/persistence';
import type { IncentiveDef } from '@app/scoring';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { document } from '../../../../test/factories/document';
import { importDocument } from '../documents';
import { loadTimelines } from '../model';
import {
  APPROVED_ADVICE,
  assertInputChangeAllowed,
  assertStaffChangeAllowed,
  ClosedMonthError,
  signedOffFrom,
  signedOffPeriods,
  staffFields,
} from './closed-months';
import { PlanClosedError } from './period-errors';
import { PeriodsService } from './periods.service';

const plan = (amount: string): IncentiveDef => ({ pools: [{ department: 'DEP', amount }], weight: 'points' });

describe.each(testDatabases('approved_month'))('%s', (_name, db) => {
  let ds: DataSource;
  let periods: PeriodsService;
  beforeEach(async () => {
    ds = await db.open();
    periods = new PeriodsService(ds);
    // 2026-10 with staff A and observations of x; its plan is version 1.
    await importDocument(ds, document({ incentive: plan('1000.00') }), 'test');
  });
  afterEach(() => closeDatabase(ds));

  const setStatus = (status: PeriodStatus) =>
    ds.getRepository(Period).update({ period: '2026-10' }, { status });
  const inputX = () => ds.getRepository(InputDefinition).findOneByOrFail({ code: 'x' });

  it('refuses a new plan version for an approved month, naming it; the same plan again is no change', async () => {
    await setStatus('approved');

    const refusal = periods.update('2026-10', { incentive: plan('1200.00') }, 'user:hr');

    await expect(refusal).rejects.toThrow(PlanClosedError);
    await expect(refusal).rejects.toThrow(
      `period 2026-10 is approved: its incentive plan can no longer change; ${APPROVED_ADVICE}`,
    );
    await expect(periods.update('2026-10', { incentive: plan('1000.00') }, 'user:hr')).resolves.toMatchObject(
      {
        planVersion: 1,
      },
    );
    expect((await periods.plans('2026-10')).map((p) => p.version)).toEqual([1]);
  });

  it('lists approved and closed months as signed off; an open month is not', async () => {
    expect(await signedOffPeriods(ds.manager)).toEqual([]);
    expect(await signedOffFrom(ds.manager, '2026-10')).toBeNull();

    await setStatus('approved');

    expect((await signedOffPeriods(ds.manager)).map((p) => [p.period, p.status])).toEqual([
      ['2026-10', 'approved'],
    ]);
    expect(await signedOffFrom(ds.manager, '2026-09')).toMatchObject({ period: '2026-10' });
    expect(await signedOffFrom(ds.manager, '2026-11')).toBeNull();
  });

  it('refuses input and staff changes for an approved month with its advice, for a closed one as before', async () => {
    await setStatus('approved');
    const aggregate = assertInputChangeAllowed(ds.manager, await inputX(), { aggregate: 'max' });
    await expect(aggregate).rejects.toThrow(ClosedMonthError);
    await expect(aggregate).rejects.toThrow(
      `period 2026-10 is approved and input "x" is part of it (it has observations): its aggregate cannot ` +
        `change; ${APPROVED_ADVICE}`,
    );
    const a = await ds.getRepository(Staff).findOneByOrFail({ code: 'A' });
    const [was] = await loadTimelines(ds.manager, [staffFields(a)]);
    const [left] = await loadTimelines(ds.manager, [{ ...staffFields(a), activeTo: '2026-10-15' }]);
    await expect(assertStaffChangeAllowed(ds.manager, was, left)).rejects.toThrow(
      /period 2026-10 is approved: staff "A" was active in it on 2026-10-01\.\.2026-10-31; .*outside approved and closed months\); approved months change no more/,
    );
    // Leaving after the month touches nothing signed off.
    const [later] = await loadTimelines(ds.manager, [{ ...staffFields(a), activeTo: '2026-11-15' }]);
    await expect(assertStaffChangeAllowed(ds.manager, was, later)).resolves.toBeUndefined();

    await setStatus('closed');
    await expect(assertInputChangeAllowed(ds.manager, await inputX(), 'delete')).rejects.toThrow(
      'period 2026-10 is closed and input "x" is part of it (it has observations): it cannot be deleted; ' +
        'corrections of a closed month go through adjustments',
    );
    await expect(assertStaffChangeAllowed(ds.manager, was, left)).rejects.toThrow(
      /period 2026-10 is closed: .*outside closed months\); corrections of a closed month go through adjustments/,
    );
  });
});

// InputsService on a real database: what a closed month keeps of an input, what observations and formulas keep,
// and the audit entries of each change.
import { DataSource } from 'typeorm';
import { InputDefinition } from '@app/persistence';
import { ClosedMonthError } from '../periods';
import { InputsService } from './inputs.service';
import { ConfigurationConflictError } from './configuration-errors';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import {
  auditLog,
  department,
  indicatorSet,
  input,
  observation,
  period,
  setContent,
  staff,
} from '../../../../test/factories/configuration';

describe.each(testDatabases('cfg_inputs'))('InputsService on %s', (_name, db) => {
  let ds: DataSource;
  let inputs: InputsService;
  beforeEach(async () => {
    ds = await db.open();
    inputs = new InputsService(ds);
  });
  afterEach(() => closeDatabase(ds));

  /** Input `x` with one observation in `month`, a month of the given status. */
  async function observed(month: string, status: 'open' | 'closed') {
    const x = await input(ds, 'x');
    const p = await period(ds, month, status);
    const a = await staff(ds, 'A', (await department(ds)).id);
    await observation(ds, p, x.id, a.id);
    return x;
  }

  it('refuses an aggregate change of an input a closed month has observations of, and keeps the input', async () => {
    await observed('2026-03', 'closed');
    const change = inputs.update('hr', 'x', { aggregate: 'max' });
    await expect(change).rejects.toBeInstanceOf(ClosedMonthError);
    await expect(change).rejects.toThrow(
      'period 2026-03 is closed and input "x" is part of it (it has observations): its aggregate cannot change',
    );
    expect(await ds.getRepository(InputDefinition).findOneByOrFail({ code: 'x' })).toMatchObject({
      aggregate: 'sum',
    });
    expect(await auditLog(ds)).toEqual([]);
  });

  it('refuses a change of an input a set version in force in a closed month uses', async () => {
    await input(ds, 'x');
    await indicatorSet(ds, 'S', [{ effectiveFrom: '2026-01', content: setContent('x') }]);
    await period(ds, '2026-02', 'closed');
    await expect(inputs.update('hr', 'x', { level: 'department' })).rejects.toThrow(
      'input "x" is part of it (indicator I1 of set S version 1 uses it): its level cannot change',
    );
    await expect(inputs.remove('hr', 'x')).rejects.toThrow(ClosedMonthError);
  });

  it("lets a closed month's input change its name, audited with before and after", async () => {
    await observed('2026-03', 'closed');
    const after = await inputs.update('hr', 'x', { name: 'Ex' });
    expect(after).toEqual({ code: 'x', name: 'Ex', unit: 'n', level: 'staff', aggregate: 'sum' });
    const [entry] = await auditLog(ds);
    expect(entry).toMatchObject({
      action: 'input.update',
      entity: 'input',
      entityKey: 'x',
      before: { code: 'x', name: 'x' },
      after: { code: 'x', name: 'Ex' },
    });
  });

  it('refuses a level change while observations exist, in an open month too', async () => {
    await observed('2026-03', 'open');
    await expect(inputs.update('hr', 'x', { level: 'department' })).rejects.toThrow(
      new ConfigurationConflictError('input "x" has 1 observation(s): its level cannot change'),
    );
  });

  it('refuses to delete an input a formula uses; deletes an unused one, audited', async () => {
    await input(ds, 'x');
    await input(ds, 'y');
    await indicatorSet(ds, 'S', [{ effectiveFrom: '2026-01', content: setContent('x') }]);
    await expect(inputs.remove('hr', 'x')).rejects.toThrow(
      'input "x" is used by indicator I1 of set S version 1',
    );
    await inputs.remove('hr', 'y');
    expect((await auditLog(ds)).map((e) => [e.action, e.entityKey, e.after])).toEqual([
      ['input.delete', 'y', null],
    ]);
  });

  it('refuses a taken code', async () => {
    await inputs.create('hr', { code: 'x', name: 'x', unit: 'n', level: 'staff' });
    await expect(inputs.create('hr', { code: 'x', name: 'x', unit: 'n', level: 'staff' })).rejects.toThrow(
      new ConfigurationConflictError('input "x" already exists'),
    );
    expect((await auditLog(ds)).map((e) => e.action)).toEqual(['input.create']);
  });
});

// The month's completeness on a real database, against a hand count: a small month with gaps in a staff input
// (renormalize), a staff input whose indicator fails the person, and a department input (zero), one gap filled by
// a value correction in force and one correction no longer in force.
import type { DataSource } from 'typeorm';
import { InputDefinition, IntakeBatch, Period, Staff, ValueCorrection } from '@app/persistence';
import type { StaffDef } from '@app/scoring';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { document, indicator, indicatorSet, staffMember } from '../../../../test/factories/document';
import { importDocument } from './import-document';
import { CompletenessService } from './completeness.service';
import { completenessOf } from './completeness';
import { loadObservations, loadPeriodConfig, periodMembers } from './period-snapshot';
import { loadStaff } from '../model';

const MONTH = '2026-10';

/** A member of staff with a name (the document carries it as an extension field). */
function person(id: string, inputs: Record<string, number>, department: string, name: string): StaffDef {
  const s: StaffDef & { name?: string } = staffMember(id, inputs, { department });
  s.name = name;
  return s;
}

/** x: staff, renormalize; y: staff, fail; z: department, zero. D1 has z; D2 has none. */
function gappyMonth() {
  return document({
    period: MONTH,
    inputs: [
      { code: 'x', name: 'Jobs done', unit: 'n', level: 'staff' },
      { code: 'y', name: 'Incident register', unit: 'n', level: 'staff' },
      { code: 'z', name: 'Energy use', unit: 'kWh', level: 'department' },
    ],
    indicatorSets: [
      indicatorSet([
        indicator({ code: 'I1', weight: 40, formula: 'x' }),
        indicator({ code: 'I2', weight: 30, formula: 'y', missing: 'fail' }),
        indicator({ code: 'I3', weight: 30, formula: 'z', missing: 'zero' }),
      ]),
    ],
    departments: [
      { code: 'D1', name: 'One', inputs: { z: 5 } },
      { code: 'D2', name: 'Two' },
    ],
    staff: [
      person('A', { x: 1, y: 2 }, 'D1', 'Ann'),
      person('B', { x: 1 }, 'D1', 'Bo'),
      person('C', { y: 3 }, 'D2', 'Cy'),
      person('E', {}, 'D2', 'Eve'),
    ],
  });
}

describe.each(testDatabases('completeness'))('%s', (_name, db) => {
  let ds: DataSource;
  beforeEach(async () => {
    ds = await db.open();
    await importDocument(ds, gappyMonth(), 'test');
  });
  afterEach(() => closeDatabase(ds));

  /** A correction of E's x (in force, or superseded when `active` is false). */
  const correct = async (code: string, input: string, active: boolean) => {
    const p = await ds.getRepository(Period).findOneByOrFail({ period: MONTH });
    const batch = await ds.getRepository(IntakeBatch).save(
      ds.getRepository(IntakeBatch).create({
        source: 'correction',
        fileName: null,
        sha256: `${code}${input}${active}`.padEnd(64, '0'),
        idempotencyKey: null,
        actor: 'test',
        createdAt: new Date().toISOString(),
        rowCount: 1,
        periods: [MONTH],
        withdrawnAt: null,
        withdrawnBy: null,
      }),
    );
    const staff = await ds.getRepository(Staff).findOneByOrFail({ code });
    const def = await ds.getRepository(InputDefinition).findOneByOrFail({ code: input });
    await ds.getRepository(ValueCorrection).insert({
      periodId: p.id,
      inputId: def.id,
      staffId: staff.id,
      departmentId: null,
      value: 7,
      reason: 'recount',
      batchId: batch.id,
      activeKey: active ? `${p.id}:${def.id}:s${staff.id}` : null,
      supersededBy: null,
      createdBy: 'test',
      createdAt: new Date().toISOString(),
    });
  };

  it('counts who has a value per input and department, lists who is missing, and says what each gap does', async () => {
    await correct('E', 'x', true);
    await correct('C', 'x', false); // superseded: no value

    const c = await new CompletenessService(ds).get(MONTH);

    expect(c).toMatchObject({ period: MONTH, staff: 4, complete: 1, failing: 2 });
    expect(c.dataVersion).toBe(
      (await ds.getRepository(Period).findOneByOrFail({ period: MONTH })).dataVersion,
    );
    expect(c.sets).toHaveLength(1);
    const [set] = c.sets;
    expect(set).toMatchObject({ set: 'S', staff: 4, complete: 1, failing: 2 });
    const byInput = Object.fromEntries(set.inputs.map((i) => [i.input, i]));
    expect(Object.keys(byInput)).toEqual(['x', 'y', 'z']);
    expect(byInput.x).toMatchObject({
      usedBy: [{ indicator: 'I1', policy: 'renormalize' }],
      effect: 'indicator I1 left out, its weight goes to the others',
      withValue: 3,
      missing: 1,
      departments: [
        { department: 'D1', staff: 2, withValue: 2, missing: [] },
        { department: 'D2', staff: 2, withValue: 1, missing: ['C'] },
      ],
    });
    expect(byInput.y).toMatchObject({
      effect: 'indicator I2 fails the person: an error and no result',
      withValue: 2,
      departments: [
        { department: 'D1', withValue: 1, missing: ['B'] },
        { department: 'D2', withValue: 1, missing: ['E'] },
      ],
    });
    expect(byInput.z).toMatchObject({
      level: 'department',
      effect: 'indicator I3 scores 0',
      withValue: 2,
      departments: [
        { department: 'D1', withValue: 2, missing: [] },
        { department: 'D2', withValue: 0, missing: ['C', 'E'] },
      ],
    });
    expect(c.names).toEqual({ B: 'Bo', C: 'Cy', E: 'Eve' });
  });

  it('caps the lists of missing codes when asked, counting the rest', async () => {
    const config = await loadPeriodConfig(ds.manager, MONTH);
    const members = periodMembers(config, await loadStaff(ds.manager, undefined, MONTH));
    const observations = await loadObservations(ds.manager, config.period.id);

    const { result } = completenessOf(config, members, observations, [], 1);

    const z = result.sets[0].inputs.find((i) => i.input === 'z')!;
    expect(z.departments[1]).toEqual({ department: 'D2', staff: 2, withValue: 0, missing: ['C'], more: 1 });
    expect(z.missing).toBe(2);
  });

  it("a department manager's view counts and lists the staff of their departments only", async () => {
    const c = await new CompletenessService(ds).get(MONTH, ['D1']);

    expect(c).toMatchObject({ staff: 2, complete: 1, failing: 1, names: { B: 'Bo' } });
    expect(Object.keys(c.names)).toEqual(['B']);
    for (const input of c.sets[0].inputs) expect(input.departments.map((d) => d.department)).toEqual(['D1']);
  });

  it('refuses an unknown month', async () => {
    await expect(new CompletenessService(ds).get('2031-01')).rejects.toThrow('period 2031-01 does not exist');
  });
});

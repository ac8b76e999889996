// The derivation on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set): a generated month of
// events (two feeds, shuffled, with orphans, late events, unknown codes) derived under a mapping using every
// measure equals the reference computed in the test from the raw events; a re-derivation replaces the batch (no
// doubled observations) or keeps it when nothing changed; an approved month refuses; withdrawing the batch takes
// the values out; the list of orders and the orders behind a value; the mapping's versions.
import { DataSource } from 'typeorm';
import {
  AuditEntry,
  IntakeBatch,
  Observation,
  Period,
  WorkOrderDerivation,
  WorkOrderMappingContent,
} from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { department, input, period, staff, workloadVersions } from '../../../../test/factories/configuration';
import {
  feed,
  monthEvents,
  MonthSpec,
  RawEvent,
  referenceOrders,
  referenceValues,
  storeEvents,
  valuesByKey,
} from '../../../../test/factories/work-order-derivation';
import { IntakeBatchesService } from '../documents';
import { MonthDataLockedError } from '../periods';
import { ConfigurationConflictError } from '../configuration';
import { WorkOrderDerivationService } from './derivation.service';
import { WorkOrderMappingService } from './work-order-mapping.service';

const MONTH = '2026-10';
const STAFF = ['E1', 'E2', 'E3', 'E4'];
const TEAMS = ['ENG-A', 'ENG-B'];
const TYPES = ['repair.electric', 'repair.water', 'transport.patient'];

const MAPPING: WorkOrderMappingContent = {
  inputs: [
    { input: 'wo_orders', per: 'staff', measure: 'orders' },
    {
      input: 'wo_done',
      per: 'staff',
      measure: 'completed',
      serviceTypes: ['repair.electric', 'repair.water'],
    },
    { input: 'wo_p50', per: 'staff', measure: 'response_p', percentile: 50 },
    { input: 'wo_p90', per: 'staff', measure: 'response_p', percentile: 90 },
    { input: 'wo_within', per: 'staff', measure: 'response_within', minutes: 30 },
    { input: 'wo_ontime', per: 'staff', measure: 'on_time', minutes: 240 },
    { input: 'wo_rating', per: 'staff', measure: 'mean_rating' },
    { input: 'team_orders', per: 'team', measure: 'orders', serviceTypes: ['transport.patient'] },
    { input: 'team_rework', per: 'team', measure: 'rework_rate' },
    { input: 'team_p95', per: 'team', measure: 'response_p', percentile: 95 },
  ],
  tasks: [
    { serviceType: 'repair.electric', task: 'REPAIR', per: 'staff' },
    { serviceType: 'repair.water', task: 'REPAIR', per: 'staff' },
    { serviceType: 'transport.patient', task: 'TRANSPORT', per: 'staff' },
  ],
};

describe.each(testDatabases('wo_derivation'))('work-order derivation on %s', (_name, db) => {
  let ds: DataSource;
  let derivation: WorkOrderDerivationService;
  let mapping: WorkOrderMappingService;
  let feedIds: number[];
  const spec = (): MonthSpec => ({
    period: MONTH,
    feedIds,
    orders: 400,
    staff: STAFF,
    teams: TEAMS,
    serviceTypes: TYPES,
  });

  beforeEach(async () => {
    ds = await db.open();
    derivation = new WorkOrderDerivationService(ds);
    mapping = new WorkOrderMappingService(ds);
    const depts = await Promise.all(TEAMS.map((t) => department(ds, t)));
    for (const [i, s] of STAFF.entries()) await staff(ds, s, depts[i % 2].id);
    for (const i of MAPPING.inputs) await input(ds, i.input, i.per === 'staff' ? 'staff' : 'department');
    await workloadVersions(ds, [
      {
        effectiveFrom: '2026-01',
        content: {
          components: ['time'],
          tasks: [
            { code: 'REPAIR', name: 'Repair', rvu: { time: 1 } },
            { code: 'TRANSPORT', name: 'Transport', rvu: { time: 0.5 } },
          ],
        },
      },
    ]);
    await period(ds, MONTH);
    feedIds = [(await feed(ds, 'CMMS')).id, (await feed(ds, 'PORTER')).id];
    await mapping.write('hr', { effectiveFrom: '2026-09', content: MAPPING });
  });
  afterEach(() => closeDatabase(ds));

  const observations = () => ds.getRepository(Observation).count({ where: {} });

  it('derives what the reference computes from the raw events; orphans and unknown codes are reported', async () => {
    const events = monthEvents(spec());
    await storeEvents(ds, events);
    const { batch, summary } = await derivation.derive('hr', MONTH);

    const expected = referenceValues(events, MONTH, MAPPING, STAFF, TEAMS);
    const latest = await derivation.latest(MONTH);
    expect(valuesByKey(latest.values as never)).toEqual(expected);
    expect(expected.size).toBe(7 * STAFF.length + 3 * TEAMS.length + 2 * STAFF.length);
    const ref = referenceOrders(events, MONTH);
    expect(summary).toMatchObject({
      orders: ref.orders.length,
      orphans: ref.orphans.length,
      rows: expected.size,
      unchanged: false,
      mappingVersion: 1,
    });
    expect(ref.orphans.length).toBeGreaterThan(5);
    const feedCode = new Map([
      [feedIds[0], 'CMMS'],
      [feedIds[1], 'PORTER'],
    ]);
    expect([...summary.orphanOrders].sort()).toEqual(
      ref.orphans.map((k) => `${feedCode.get(Number(k.split('/')[0]))}:${k.split('/')[1]}`).sort(),
    );
    expect(summary.unknownStaff.map((u) => u.code)).toEqual(['GHOST']);
    expect(summary.unknownTeams.map((u) => u.code)).toEqual(['NO-TEAM']);
    expect(summary.unknownStaff[0].orders).toBe(ref.orders.filter((o) => o.assignee === 'GHOST').length);
    expect(summary.otherMonths).toBeGreaterThan(0);
    expect(batch).toMatchObject({ source: 'work_orders', rowCount: expected.size, periods: [MONTH] });
    expect(await observations()).toBe(expected.size);
    // Every derived row is dated the month's last day.
    const dates = await ds.getRepository(Observation).find({ select: { observedOn: true } });
    expect(new Set(dates.map((d) => d.observedOn))).toEqual(new Set(['2026-10-31']));
    const actions = (await ds.getRepository(AuditEntry).find({ order: { id: 'ASC' } })).map((a) => a.action);
    expect(actions).toEqual(['work_orders.mapping.create', 'measurements.record', 'work_orders.derive']);
  });

  it('replaces its batch on re-derivation (no doubled observations), and keeps it when nothing changed', async () => {
    const first = monthEvents(spec());
    await storeEvents(ds, first);
    const one = await derivation.derive('hr', MONTH);
    const more = monthEvents({ ...spec(), orders: 60, seed: 99, prefix: 'LATE' });
    await storeEvents(ds, more);
    const two = await derivation.derive('hr', MONTH);

    const expected = referenceValues([...first, ...more], MONTH, MAPPING, STAFF, TEAMS);
    expect(two.batch!.id).not.toBe(one.batch!.id);
    expect(await observations()).toBe(expected.size);
    expect(valuesByKey((await derivation.latest(MONTH)).values as never)).toEqual(expected);
    const old = await ds.getRepository(IntakeBatch).findOneByOrFail({ id: one.batch!.id });
    expect(old.withdrawnBy).toBe('hr');

    const version = (await ds.getRepository(Period).findOneByOrFail({ period: MONTH })).dataVersion;
    const three = await derivation.derive('hr', MONTH);
    expect(three).toMatchObject({ batch: { id: two.batch!.id }, summary: { unchanged: true } });
    expect((await ds.getRepository(Period).findOneByOrFail({ period: MONTH })).dataVersion).toBe(version);
    expect(await ds.getRepository(WorkOrderDerivation).count()).toBe(3);
  });

  it('is refused in an approved month and nothing is written', async () => {
    await storeEvents(ds, monthEvents(spec()));
    await ds.getRepository(Period).update({ period: MONTH }, { status: 'approved' });
    await expect(derivation.derive('hr', MONTH)).rejects.toThrow(MonthDataLockedError);
    expect(await observations()).toBe(0);
    expect(await ds.getRepository(WorkOrderDerivation).count()).toBe(0);
  });

  it('loses its values when its batch is withdrawn; a derivation after that stores them again', async () => {
    await storeEvents(ds, monthEvents(spec()));
    const { batch } = await derivation.derive('hr', MONTH);
    await new IntakeBatchesService(ds).withdraw('hr', batch!.id);
    expect(await observations()).toBe(0);
    expect((await derivation.latest(MONTH)).values).toEqual([]);
    const again = await derivation.derive('hr', MONTH);
    expect(again.summary.unchanged).toBe(false);
    expect(await observations()).toBe(again.summary.rows);
  });

  it('refuses when no mapping is in force, or the mapping no longer fits the month’s catalogue', async () => {
    await storeEvents(ds, monthEvents(spec()));
    await expect(derivation.derive('hr', '2026-08')).rejects.toThrow(
      'no work-order mapping is in force for 2026-08',
    );
    await expect(derivation.derive('hr', '2026-08')).rejects.toMatchObject({ code: 'WORK_ORDER_NO_MAPPING' });
    await ds.query(`UPDATE workload_catalogue_versions SET content = '{"components":["time"],"tasks":[]}'`);
    await expect(derivation.derive('hr', MONTH)).rejects.toThrow(ConfigurationConflictError);
    await expect(derivation.derive('hr', MONTH)).rejects.toMatchObject({ code: 'WORK_ORDER_MAPPING_STALE' });
    await expect(derivation.derive('hr', MONTH)).rejects.toThrow(
      /mapping version 1 no longer fits 2026-10: tasks\[0\]\.task: "REPAIR" is not a task/,
    );
  });

  it('lists the month’s orders page by page, and one person’s orders', async () => {
    const events = monthEvents(spec());
    await storeEvents(ds, events);
    const ref = referenceOrders(events, MONTH);
    const all = ref.orders.length + ref.orphans.length;
    const first = await derivation.orders(MONTH, {});
    expect(first).toMatchObject({ total: all, page: 1, pageSize: 100 });
    expect(first.items).toHaveLength(100);
    const last = await derivation.orders(MONTH, { page: Math.ceil(all / 100) });
    expect(last.items).toHaveLength(all - 100 * (Math.ceil(all / 100) - 1));
    expect(first.items.every((o) => o.orphan || o.month === MONTH)).toBe(true);
    const mine = await derivation.orders(MONTH, { staff: 'E2' });
    expect(mine.total).toBe(ref.orders.filter((o) => o.assignee === 'E2').length);
    expect(mine.items.every((o) => o.assignee === 'E2')).toBe(true);
  });

  it('shows the orders behind a value to HR, the person, their manager; not to others', async () => {
    const events: RawEvent[] = monthEvents(spec());
    await storeEvents(ds, events);
    await derivation.derive('hr', MONTH);
    const hr = { role: 'hr_admin' as const, staffId: null, departments: [] };
    const p90 = await derivation.behind(hr, MONTH, 'wo_p90', { per: 'staff', code: 'E1' });
    const expected = referenceValues(events, MONTH, MAPPING, STAFF, TEAMS);
    expect(p90.value).toBe(expected.get('wo_p90|s:E1'));
    expect(p90.stored).toBe(p90.value);
    expect(p90.rule).toEqual({ measure: 'response_p', percentile: 90 });
    const ref = referenceOrders(events, MONTH).orders.filter((o) => o.assignee === 'E1');
    expect(p90.orders).toHaveLength(ref.length);
    expect(p90.orders.filter((o) => o.counts)).toHaveLength(ref.filter((o) => o.response !== null).length);
    // The value is among the counted orders' response minutes.
    expect(p90.orders.map((o) => o.responseMinutes)).toContain(p90.value);

    const task = await derivation.behind(hr, MONTH, 'REPAIR', { per: 'staff', code: 'E1' });
    expect(task.value).toBe(expected.get('REPAIR|s:E1'));
    const team = await derivation.behind(hr, MONTH, 'team_rework', { per: 'team', code: 'ENG-A' });
    expect(team.value).toBe(expected.get('team_rework|d:ENG-A'));

    const e1 = await ds.query(`SELECT id FROM staff WHERE code = 'E1'`);
    const self = { role: 'staff' as const, staffId: Number(e1[0].id), departments: [] };
    await expect(
      derivation.behind(self, MONTH, 'wo_p90', { per: 'staff', code: 'E1' }),
    ).resolves.toBeTruthy();
    await expect(derivation.behind(self, MONTH, 'wo_p90', { per: 'staff', code: 'E2' })).rejects.toThrow(
      'no work-order value wo_p90 of staff E2 in 2026-10',
    );
    // E1 is in ENG-A (staff alternate between the two teams).
    const manager = (d: string) => ({ role: 'dept_manager' as const, staffId: null, departments: [d] });
    await expect(
      derivation.behind(manager('ENG-A'), MONTH, 'wo_p90', { per: 'staff', code: 'E1' }),
    ).resolves.toBeTruthy();
    await expect(
      derivation.behind(manager('ENG-B'), MONTH, 'wo_p90', { per: 'staff', code: 'E1' }),
    ).rejects.toThrow();
    await expect(derivation.behind(hr, MONTH, 'not_mapped', { per: 'staff', code: 'E1' })).rejects.toThrow();
  });
});

describe.each(testDatabases('wo_mapping'))('work-order mapping versions on %s', (_name, db) => {
  let ds: DataSource;
  let mapping: WorkOrderMappingService;
  beforeEach(async () => {
    ds = await db.open();
    mapping = new WorkOrderMappingService(ds);
    await input(ds, 'wo_orders', 'staff');
  });
  afterEach(() => closeDatabase(ds));

  const content = (measure: string) => ({
    inputs: [{ input: 'wo_orders', per: 'staff', measure }],
    tasks: [],
  });

  it('edits the month’s version in place, adds later ones, and audits both', async () => {
    expect(
      (await mapping.write('hr', { effectiveFrom: '2026-03', content: content('orders') })).created,
    ).toBe(true);
    const edit = await mapping.write('hr', { effectiveFrom: '2026-03', content: content('completed') });
    expect(edit).toMatchObject({ created: false, version: { version: 1, content: content('completed') } });
    await mapping.write('hr', { effectiveFrom: '2026-05', content: content('orders') });
    expect(await mapping.list()).toEqual([
      { version: 1, effectiveFrom: '2026-03', frozen: false },
      { version: 2, effectiveFrom: '2026-05', frozen: false },
    ]);
    expect((await mapping.effective('2026-04')).content).toEqual(content('completed'));
    const audit = await ds.getRepository(AuditEntry).find({ order: { id: 'ASC' } });
    expect(audit.map((a) => [a.action, a.entityKey])).toEqual([
      ['work_orders.mapping.create', '1'],
      ['work_orders.mapping.update', '1'],
      ['work_orders.mapping.create', '2'],
    ]);
    expect(audit[1].before).toMatchObject({ content: content('orders') });
  });

  it('refuses a bad content naming the field, an earlier month than a version, and a closed month', async () => {
    await expect(
      mapping.write('hr', { effectiveFrom: '2026-03', content: content('avg') }),
    ).rejects.toMatchObject({
      problems: [expect.objectContaining({ path: 'content.inputs[0].measure', code: 'ONE_OF_GOT' })],
    });
    await mapping.write('hr', { effectiveFrom: '2026-05', content: content('orders') });
    await expect(
      mapping.write('hr', { effectiveFrom: '2026-04', content: content('orders') }),
    ).rejects.toThrow('the work-order mapping has version 1 effective from 2026-05, after 2026-04');
    await period(ds, '2026-06', 'closed');
    await expect(
      mapping.write('hr', { effectiveFrom: '2026-06', content: content('orders') }),
    ).rejects.toThrow('period 2026-06 is closed');
    expect(await ds.getRepository(AuditEntry).count()).toBe(1);
  });
});

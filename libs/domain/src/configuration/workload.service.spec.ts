// WorkloadService on a real database: the same versioning rule as sets, its audit entries keyed by version
// number, and the closed-month refusal.
import { DataSource } from 'typeorm';
import { WorkloadService, WorkloadVersionInput } from './workload.service';
import { ConfigurationConflictError } from './configuration-errors';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import {
  auditLog,
  period,
  workloadContent,
  workloadVersions,
} from '../../../../test/factories/configuration';

describe.each(testDatabases('cfg_workload'))('WorkloadService on %s', (_name, db) => {
  let ds: DataSource;
  let workload: WorkloadService;
  beforeEach(async () => {
    ds = await db.open();
    workload = new WorkloadService(ds);
  });
  afterEach(() => closeDatabase(ds));

  const post = (effectiveFrom: string, time: number) =>
    workload.addVersion('hr', {
      effectiveFrom,
      ...(workloadContent(time) as unknown as Omit<WorkloadVersionInput, 'effectiveFrom'>),
    });

  it('replaces the unfrozen version of the same month and audits before and after', async () => {
    await workloadVersions(ds, [{ effectiveFrom: '2026-03', content: workloadContent(1) }]);
    expect((await post('2026-03', 2)).created).toBe(false);
    const [entry] = await auditLog(ds);
    expect(entry).toMatchObject({
      action: 'workload.version.update',
      entity: 'workload',
      entityKey: '1',
      before: { version: 1, ...workloadContent(1) },
      after: { version: 1, ...workloadContent(2) },
    });
  });

  it('makes a new version over a frozen one, or for another month', async () => {
    await workloadVersions(ds, [{ effectiveFrom: '2026-03', frozen: true }]);
    expect(await post('2026-03', 2)).toMatchObject({ created: true, version: { version: 2 } });
    expect(await post('2026-04', 3)).toMatchObject({ created: true, version: { version: 3 } });
    expect((await auditLog(ds)).map((e) => [e.action, e.entityKey])).toEqual([
      ['workload.version.create', '2'],
      ['workload.version.create', '3'],
    ]);
  });

  it('refuses a version before a later one, and one taking effect in a closed month', async () => {
    await workloadVersions(ds, [{ effectiveFrom: '2026-05' }]);
    await expect(post('2026-03', 2)).rejects.toThrow(
      'the workload catalogue has version 1 effective from 2026-05, after 2026-03',
    );
    await period(ds, '2026-06', 'closed');
    await expect(post('2026-06', 2)).rejects.toThrow(
      new ConfigurationConflictError(
        'period 2026-06 is closed: a version of the workload catalogue effective from 2026-06 would change the ' +
          'configuration it was scored with; start the version after 2026-06',
      ),
    );
    expect(await auditLog(ds)).toEqual([]);
  });
});

// The lifecycle after scoring on a real database: approving needs a scored month whose current run completed
// (and no run still going), closing needs an approved month and freezes the configuration it was scored with;
// each step is audited, and a refused step changes nothing.
import type { DataSource } from 'typeorm';
import { AuditEntry, IndicatorSetVersion, Period, WorkloadCatalogueVersion } from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { libraryMonth } from '../../../../test/factories/month';
import { period, run, scoredPeriod } from '../../../../test/factories/periods';
import { importDocument } from '../documents';
import { PeriodNotFoundError, PeriodStatusError } from './period-errors';
import { PeriodLifecycleService } from './period-lifecycle.service';

describe.each(testDatabases('period_lifecycle'))('%s', (_name, db) => {
  let ds: DataSource;
  let lifecycle: PeriodLifecycleService;
  beforeEach(async () => {
    ds = await db.open();
    lifecycle = new PeriodLifecycleService(ds);
  });
  afterEach(() => closeDatabase(ds));

  const statusOf = async (name: string) =>
    (await ds.getRepository(Period).findOneByOrFail({ period: name })).status;
  const entries = (action: string) => ds.getRepository(AuditEntry).findBy({ action });

  it('approves a scored month whose current run completed, and audits it', async () => {
    const { run: current } = await scoredPeriod(ds, '2026-10');

    const view = await lifecycle.approve('2026-10', 'user:hr');

    expect(view).toEqual({ period: '2026-10', status: 'approved', currentRunId: current.id });
    expect(await statusOf('2026-10')).toBe('approved');
    const [entry] = await entries('period.approve');
    expect(entry).toMatchObject({
      actor: 'user:hr',
      entity: 'period',
      entityKey: '2026-10',
      before: { period: '2026-10', status: 'scored', currentRunId: current.id },
      after: { period: '2026-10', status: 'approved', currentRunId: current.id },
    });
  });

  it('refuses to approve a month not scored yet, naming what it needs', async () => {
    await period(ds, '2026-10', 'open');

    const refusal = lifecycle.approve('2026-10', 'user:hr');

    await expect(refusal).rejects.toThrow(PeriodStatusError);
    await expect(refusal).rejects.toThrow(
      'period 2026-10 is open: only a scored period can be approved; score it first',
    );
    expect(await statusOf('2026-10')).toBe('open');
    expect(await entries('period.approve')).toEqual([]);
  });

  it('refuses to approve while a run of the month is still going', async () => {
    const { period: p } = await scoredPeriod(ds, '2026-10');
    const going = await run(ds, p, { status: 'running' });

    await expect(lifecycle.approve('2026-10', 'user:hr')).rejects.toThrow(
      `period 2026-10 has run ${going.id} running: wait for it to finish, then approve`,
    );
    expect(await statusOf('2026-10')).toBe('scored');
  });

  it('refuses an unknown month', async () => {
    await expect(lifecycle.approve('2031-01', 'user:hr')).rejects.toThrow(PeriodNotFoundError);
    await expect(lifecycle.close('2031-01', 'user:hr')).rejects.toThrow('period 2031-01 does not exist');
  });

  it('refuses to close a month that is not approved', async () => {
    await scoredPeriod(ds, '2026-10');

    await expect(lifecycle.close('2026-10', 'user:hr')).rejects.toThrow(
      'period 2026-10 is scored: only an approved period can be closed; approve it first',
    );
    expect(await statusOf('2026-10')).toBe('scored');
    expect(await entries('period.close')).toEqual([]);
  });

  it('closes an approved month, freezing the set versions and the workload version in force, and audits it', async () => {
    const doc = libraryMonth();
    await importDocument(ds, doc, 'test');
    await ds.getRepository(Period).update({ period: doc.period }, { status: 'approved' });
    // A later set version is not in force for the month: it stays editable.
    const versions = await ds.getRepository(IndicatorSetVersion).find();
    const repo = ds.getRepository(IndicatorSetVersion);
    const copy: Partial<IndicatorSetVersion> = repo.create({
      ...versions[0],
      version: versions[0].version + 1,
      effectiveFrom: '2026-12',
      frozen: false,
    });
    delete copy.id;
    const later = await repo.save(copy);

    const view = await lifecycle.close(doc.period, 'user:hr');

    expect(view.status).toBe('closed');
    expect(await statusOf(doc.period)).toBe('closed');
    const sets = await ds.getRepository(IndicatorSetVersion).find({ order: { id: 'ASC' } });
    const frozen = sets.filter((v) => v.frozen).map((v) => v.id);
    expect(frozen).toEqual(versions.map((v) => v.id).sort((a, b) => a - b));
    expect(sets.find((v) => v.id === later.id)!.frozen).toBe(false);
    const workload = await ds.getRepository(WorkloadCatalogueVersion).find();
    expect(workload.length).toBeGreaterThan(0);
    expect(workload.every((w) => w.frozen)).toBe(true);
    const [entry] = await entries('period.close');
    expect(entry).toMatchObject({
      actor: 'user:hr',
      entityKey: doc.period,
      before: { status: 'approved' },
      after: {
        status: 'closed',
        frozenSetVersionIds: frozen,
        frozenWorkloadVersionId: workload[0].id,
      },
    });
  });

  it('composes into the caller’s transaction: rolled back with it, audit entry included', async () => {
    await scoredPeriod(ds, '2026-10');

    await expect(
      ds.transaction(async (em) => {
        await lifecycle.approveWith(em, '2026-10', 'user:hr');
        throw new Error('the caller fails after');
      }),
    ).rejects.toThrow('the caller fails after');

    expect(await statusOf('2026-10')).toBe('scored');
    expect(await entries('period.approve')).toEqual([]);
  });
});

// The lifecycle after scoring on a real database: approving needs a scored month whose latest run completed, is
// current, scored the current data and scored someone (and no run still going), with its errors accepted with a
// reason; closing needs an approved month and freezes the configuration it was scored with; each step is audited,
// and a refused step changes nothing.
import type { DataSource } from 'typeorm';
import {
  AuditEntry,
  IndicatorSetVersion,
  Period,
  ScoringRun,
  StaffResultRow,
  WorkloadCatalogueVersion,
} from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { libraryMonth } from '../../../../test/factories/month';
import { PaidStaff, period, run, scoredPeriod } from '../../../../test/factories/periods';
import { importDocument } from '../documents';
import { InvalidError } from '../model';
import { bumpDataVersion } from './month-data';
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
  /** Two people scored (an approvable month has someone in it). */
  const PAID: PaidStaff[] = [
    { staffCode: 'A', incentive: '100.00' },
    { staffCode: 'B', incentive: '90.00' },
  ];

  it('approves a scored month whose current run completed, and audits it', async () => {
    const { run: current } = await scoredPeriod(ds, '2026-10', PAID);

    const view = await lifecycle.approve('2026-10', 'user:hr');

    expect(view).toEqual({ period: '2026-10', status: 'approved', currentRunId: current.id });
    expect(await statusOf('2026-10')).toBe('approved');
    const [entry] = await entries('period.approve');
    expect(entry).toMatchObject({
      actor: 'user:hr',
      entity: 'period',
      entityKey: '2026-10',
      before: { period: '2026-10', status: 'scored', currentRunId: current.id },
      after: {
        period: '2026-10',
        status: 'approved',
        currentRunId: current.id,
        runId: current.id,
        dataVersion: 0,
        issues: { errors: 0, missingData: 0 },
      },
    });
  });

  it('refuses a run that scored older data: the month changed since, so it must run again', async () => {
    const { period: p, run: current } = await scoredPeriod(ds, '2026-10', PAID);
    // As an intake does after the run.
    await bumpDataVersion(ds.manager, [p.id]);

    await expect(lifecycle.approve('2026-10', 'user:hr')).rejects.toThrow(
      `period 2026-10: data changed since run ${current.id} (it scored data version 0, the month is at 1): run it again`,
    );
    expect(await statusOf('2026-10')).toBe('scored');
  });

  it('refuses when the latest run failed, naming it, even though an earlier run completed', async () => {
    const { period: p } = await scoredPeriod(ds, '2026-10', PAID);
    const failed = await run(ds, p, { status: 'failed' });
    // Later than the completed one, whatever the clock's resolution.
    await ds.getRepository(ScoringRun).update({ id: failed.id }, { createdAt: '2099-01-01T00:00:00.000Z' });

    await expect(lifecycle.approve('2026-10', 'user:hr')).rejects.toThrow(
      `the latest run ${failed.id} of 2026-10 is failed: run it again (POST /api/v1/periods/2026-10/runs)`,
    );
    expect(await statusOf('2026-10')).toBe('scored');
  });

  it('refuses an empty month (a run that scored nobody)', async () => {
    const { run: empty } = await scoredPeriod(ds, '2026-10', []);

    await expect(lifecycle.approve('2026-10', 'user:hr')).rejects.toThrow(
      `run ${empty.id} of 2026-10 scored nobody (no staff active with an indicator set): an empty month is not approved`,
    );
  });

  it('approves a run with errors only when HR accepts them with a reason, and audits the reason', async () => {
    const { run: current } = await scoredPeriod(ds, '2026-10', [
      ...PAID,
      { staffCode: 'C', incentive: null },
    ]);
    await ds
      .getRepository(StaffResultRow)
      .update(
        { runId: current.id, staffCode: 'A' },
        { total: null, error: 'indicator I2 is missing (no value for y) and its policy is "fail"' },
      );
    await ds
      .getRepository(StaffResultRow)
      .update(
        { runId: current.id, staffCode: 'C' },
        { total: null, error: 'incentive: pool D has no amount' },
      );

    await expect(lifecycle.approve('2026-10', 'user:hr')).rejects.toThrow(
      `run ${current.id} of 2026-10 has 2 staff with an error and no result (1 of them failed by missing data)`,
    );
    await expect(
      lifecycle.approve('2026-10', 'user:hr', { acceptIssues: true, reason: ' ' }),
    ).rejects.toThrow(InvalidError);
    expect(await statusOf('2026-10')).toBe('scored');
    expect(await entries('period.approve')).toEqual([]);

    await lifecycle.approve('2026-10', 'user:hr', {
      acceptIssues: true,
      reason: 'A is on leave; C paid by hand',
    });

    expect(await statusOf('2026-10')).toBe('approved');
    const [entry] = await entries('period.approve');
    expect(entry.after).toMatchObject({
      runId: current.id,
      issues: { errors: 2, missingData: 1 },
      acceptedIssues: { reason: 'A is on leave; C paid by hand' },
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
    await scoredPeriod(ds, '2026-10', PAID);

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

// No run stays stuck, on a real database (SQLite, and PostgreSQL with TEST_DATABASE_URL), in the embedded mode
// (jobs in this process): a run left queued or running by a process that is gone is failed on the next start and a
// new run then starts; a cancelled run ends at once, its results never become the month's, and a new run starts;
// the watchdog fails a run that is silent and whose jobs nobody holds.
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AuditEntry, Period, ScoringRun } from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { libraryMonth } from '../../../../test/factories/month';
import { importDocument } from '../documents';
import { RunNotActiveError } from './run-errors';
import { PROCESS_IDENTITY } from './run-liveness';
import { planRun } from './run-planner';
import { RunsService } from './runs.service';
import { DEFAULT_RUNS_OPTIONS, RunsOptions } from './runs-options';

const STALE_MS = 60_000;

// The jobs' progress lines are not this suite's subject.
beforeAll(() => {
  Logger.overrideLogger(['error']);
});

describe.each(testDatabases('runs_service'))('%s', (_name, db) => {
  let ds: DataSource;
  let runs: RunsService | undefined;
  const period = libraryMonth().period;

  /** The embedded mode's service (no Redis: jobs run in this process), one staff member per chunk. */
  const service = (options: Partial<RunsOptions> = {}) =>
    (runs = new RunsService(
      ds,
      {
        ...DEFAULT_RUNS_OPTIONS,
        scheduleCron: null,
        backoffMs: 1,
        chunkSize: 1,
        staleMs: STALE_MS,
        ...options,
      },
      [],
    ));
  const runRow = (id: string) => ds.getRepository(ScoringRun).findOneByOrFail({ id });
  const currentRunId = async () => (await ds.getRepository(Period).findOneByOrFail({ period })).currentRunId;
  const auditOf = (action: string, entityKey: string) =>
    ds.getRepository(AuditEntry).findBy({ action, entityKey });

  beforeEach(async () => {
    ds = await db.open();
    await importDocument(ds, libraryMonth(), 'test');
  });
  afterEach(async () => {
    await runs?.onApplicationShutdown();
    runs = undefined;
    await closeDatabase(ds);
  });

  it('records the heartbeat and, in the embedded mode, the owner of a run when it is planned', async () => {
    const before = new Date().toISOString();
    const { run } = await service().start(period, 'manual', 'hr');
    await runs!.onApplicationShutdown();
    const row = await runRow(run.id);
    expect(row.owner).toBe(PROCESS_IDENTITY);
    expect(row.heartbeatAt! >= before).toBe(true);
    expect(row.status).toBe('completed');
  });

  it('fails on start the runs a stopped process left running; then a new run starts and completes', async () => {
    const { run: dead } = await planRun(ds, period, 'manual', 'hr', 5);
    const gone = 'old-host:4242:lz0abc';
    await ds.getRepository(ScoringRun).update({ id: dead.id }, { status: 'running', owner: gone });

    const svc = service();
    await svc.onApplicationBootstrap();
    const failed = await runRow(dead.id);
    expect(failed).toMatchObject({ status: 'failed', activePeriod: null });
    expect(failed.error).toBe(
      `the API stopped while this run was running (process ${gone}); start a new run`,
    );
    expect(await auditOf('run.fail', dead.id)).toHaveLength(1);

    const again = await svc.start(period, 'manual', 'hr');
    expect(again.created).toBe(true);
    expect(again.run.id).not.toBe(dead.id);
    await svc.onApplicationShutdown();
    expect((await runRow(again.run.id)).status).toBe('completed');
    expect(await currentRunId()).toBe(again.run.id);
  });

  it('leaves on start a run owned by this process, and fails one queued for workers that this API lacks', async () => {
    const { run: ours } = await planRun(ds, period, 'manual', 'hr', 5);
    await ds.getRepository(ScoringRun).update({ id: ours.id }, { owner: PROCESS_IDENTITY });
    const svc = service();
    expect(await svc.failOrphanedRuns()).toEqual([]);
    await ds.getRepository(ScoringRun).update({ id: ours.id }, { owner: null });
    expect(await svc.failOrphanedRuns()).toEqual([ours.id]);
    expect((await runRow(ours.id)).error).toMatch(/queued for worker processes \(REDIS_URL\)/);
  });

  it('cancels a running run: it ends cancelled, audited, its results never current, and a new run starts', async () => {
    const svc = service();
    const { run } = await svc.start(period, 'manual', 'hr');
    const cancelled = await svc.cancel(run.id, 'hr.boss');
    expect(cancelled).toMatchObject({ status: 'cancelled', error: 'cancelled by hr.boss' });
    await svc.onApplicationShutdown(); // the in-process jobs left end without effect
    const row = await runRow(run.id);
    expect(row).toMatchObject({ status: 'cancelled', activePeriod: null });
    expect(row.finishedAt).not.toBeNull();
    expect((await svc.get(run.id)).progress.done).toBeLessThan(run.progress.total);
    expect(await currentRunId()).toBeNull();
    const [entry] = await auditOf('run.cancel', run.id);
    expect(entry).toMatchObject({ actor: 'hr.boss', entity: 'run' });

    // Over already: 409, and so is a completed run.
    await expect(svc.cancel(run.id, 'hr')).rejects.toBeInstanceOf(RunNotActiveError);
    const next = await svc.start(period, 'manual', 'hr');
    expect(next.created).toBe(true);
    await svc.onApplicationShutdown();
    expect(await currentRunId()).toBe(next.run.id);
    await expect(svc.cancel(next.run.id, 'hr')).rejects.toThrow(
      `run ${next.run.id} is completed: only a queued or running run can be cancelled`,
    );
  });

  it('a run cancelled while it finishes does not become the month’s results', async () => {
    const svc = service();
    const { run } = await planRun(ds, period, 'manual', 'hr', 5);
    for (let i = 0; i < run.chunkCount; i++) await svc.steps.scoreChunk(run.id, i);
    await svc.cancel(run.id, 'hr');
    await svc.steps.finishRun(run.id);
    expect((await runRow(run.id)).status).toBe('cancelled');
    expect(await currentRunId()).toBeNull();
  });

  it('the watchdog fails a run silent for RUN_STALE_MS whose jobs nobody holds, and only then', async () => {
    const svc = service();
    // Planned, but its jobs were never handed to a process (as if the one that planned it died).
    const { run } = await planRun(ds, period, 'manual', 'hr', 5);
    const now = Date.now();
    expect(await svc.failStaleRuns(now)).toEqual([]);
    // A chunk done a moment ago is a sign of life.
    await svc.steps.scoreChunk(run.id, 0);
    expect(await svc.failStaleRuns(Date.now() + STALE_MS - 5000)).toEqual([]);
    expect(await svc.failStaleRuns(Date.now() + STALE_MS + 1000)).toEqual([run.id]);
    const row = await runRow(run.id);
    expect(row).toMatchObject({ status: 'failed', activePeriod: null });
    expect(row.error).toMatch(
      /^no sign of life for \d+ s and no process is running its jobs; start a new run$/,
    );
    expect((await svc.start(period, 'manual', 'hr')).created).toBe(true);
  });

  it('the watchdog leaves a run whose jobs this process holds, however silent', async () => {
    const svc = service({ chunkSize: 500 });
    const { run } = await svc.start(period, 'manual', 'hr');
    // Asked at once: the in-process driver holds the run (its jobs are going).
    expect(await svc.failStaleRuns(Date.now() + 10 * STALE_MS)).toEqual([]);
    await svc.onApplicationShutdown();
    expect((await runRow(run.id)).status).toBe('completed');
  });
});

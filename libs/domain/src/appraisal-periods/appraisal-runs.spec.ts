// Runs of an appraisal quarter on a real database (SQLite, and PostgreSQL with TEST_DATABASE_URL), through the
// in-process driver of the scoring queue: the three months of test/factories/quarter.ts scored, a plan with
// department grade quotas, the veto cap and the ENG pools, and an override of HR's for the quarter. The stored
// results are the engine's result of the whole document — the preview — for every person: total, grade,
// calibration, bonus to the cent, and the explanations rendered from the stored facts. Then: one active run per
// period, a plan changed mid-run does not mix, HR's cancel (the period free and as it was, a cancelled run's jobs
// doing nothing), approve and close with their refusals, a person's own periods.
import type { DataSource } from 'typeorm';
import {
  AppraisalPeriod,
  AppraisalResultRow,
  AppraisalRun,
  AuditEntry,
  GradeOverride,
  Staff,
} from '@app/persistence';
import { AppraisalResult, AppraisalStaffScore, isAppraisalError, scoreAnyDocument } from '@app/scoring';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { QUARTER, quarterQuotaPlan, VETOED } from '../../../../test/factories/quarter';
import { scoreQuarterMonths } from '../../../../test/factories/quarter-runs';
import { DEFAULT_RUNS_OPTIONS, RunsService } from '../runs';
import { AppraisalPeriodLockedError } from './appraisal-period-lock';
import { AppraisalPeriodsService } from './appraisal-periods.service';
import { renderAppraisalResult } from './appraisal-result-codec';
import {
  AppraisalNoResultsError,
  AppraisalPeriodStateError,
  AppraisalRunNotFoundError,
} from './appraisal-run-errors';
import {
  AppraisalRunHooks,
  finishAppraisalRun,
  planAppraisalRun,
  scoreAppraisalChunk,
} from './appraisal-runs';
import { AppraisalRunsService } from './appraisal-runs.service';
import { appraisalDocument } from './period-document';

const OVERRIDDEN = 'E101';

describe.each(testDatabases('appraisal_runs'))('%s', (_name, db) => {
  let ds: DataSource;
  let runs: RunsService;
  let service: AppraisalRunsService;

  beforeAll(async () => {
    ds = await db.open();
    await scoreQuarterMonths(ds);
    runs = new RunsService(ds, { ...DEFAULT_RUNS_OPTIONS, backoffMs: 1 }, [new AppraisalRunHooks()]);
    service = new AppraisalRunsService(ds, runs);
    await new AppraisalPeriodsService(ds).putPlan('user:hr', QUARTER, quarterQuotaPlan());
    const staff = await ds.getRepository(Staff).findOneByOrFail({ code: OVERRIDDEN });
    await ds.getRepository(GradeOverride).insert({
      staffId: staff.id,
      period: QUARTER,
      grade: '不合格',
      reason: '年度安全考核未通过',
      author: 'user:hr',
      createdAt: new Date().toISOString(),
    });
  }, 180000);
  afterAll(() => closeDatabase(ds));

  it('refuses results before any run, and approval without results', async () => {
    await expect(service.results(QUARTER, undefined, 'en')).rejects.toBeInstanceOf(AppraisalNoResultsError);
    await expect(service.approve('user:hr', QUARTER)).rejects.toBeInstanceOf(AppraisalPeriodStateError);
    await expect(service.close('user:hr', QUARTER)).rejects.toBeInstanceOf(AppraisalPeriodStateError);
  });

  it("stores, department by department, exactly the preview's result: totals, grades, calibration, bonus", async () => {
    const { run, created } = await service.start('user:hr', QUARTER);
    expect(created).toBe(true);
    expect(run.progress.chunks).toBeGreaterThan(3);
    await runs.settle();
    const done = await service.get(QUARTER, run.id);
    expect([done.status, done.error, done.progress.done, done.progress.total]).toEqual([
      'completed',
      null,
      run.progress.total,
      run.progress.total,
    ]);

    const built = await appraisalDocument(ds.manager, QUARTER);
    const preview = scoreAnyDocument(built.document) as AppraisalResult;
    const rows = await ds.getRepository(AppraisalResultRow).find({ where: { runId: run.id } });
    rows.sort((a, b) => (a.staffCode < b.staffCode ? -1 : 1));
    expect(rows.map((r) => r.staffCode)).toEqual(preview.staff.map((s) => s.id));
    // Every person, explanation texts included (rendered in English from the stored facts and parts).
    for (const [i, row] of rows.entries())
      expect(renderAppraisalResult(row, QUARTER, 'en')).toEqual(preview.staff[i]);

    // What the plan exercised: quotas moved people, HR's override, the veto cap, pool shares to the cent.
    const scored = preview.staff.filter((s): s is AppraisalStaffScore => !isAppraisalError(s));
    expect(scored.filter((s) => s.calibration?.quota).length).toBeGreaterThan(0);
    expect(scored.find((s) => s.id === OVERRIDDEN)).toMatchObject({
      grade: '不合格',
      calibration: { override: { grade: '不合格' } },
    });
    expect(scored.find((s) => s.id === VETOED.code)?.capped).not.toBeNull();
    const paid = (dept: string) =>
      rows
        .filter((r) => r.department === dept && r.incentive !== null)
        .reduce((n, r) => n + Math.round(Number(r.incentive) * 100), 0);
    const allocated = (dept: string) =>
      Math.round(Number(preview.departments.find((d) => d.code === dept)!.allocated) * 100);
    expect(paid('ENG-CC')).toBe(3000000);
    expect([paid('ENG-CC'), paid('ENG-SY')]).toEqual([allocated('ENG-CC'), allocated('ENG-SY')]);
    // The run is the period's results; its start audited.
    expect(await ds.getRepository(AppraisalPeriod).findOneByOrFail({ period: QUARTER })).toMatchObject({
      status: 'scored',
      currentRunId: run.id,
    });
    expect(await ds.getRepository(AuditEntry).countBy({ action: 'appraisal.run', entityKey: run.id })).toBe(
      1,
    );

    // Read back in Chinese: the same numbers, the texts in Chinese; the ranking from the rows.
    const zh = await service.results(QUARTER, undefined, 'zh');
    expect(zh.staff.map((s) => ('error' in s ? s.error : s.total))).toEqual(
      preview.staff.map((s) => ('error' in s ? s.error : s.total)),
    );
    const first = zh.staff.find((s) => !('error' in s) && s.explanation.incentive)!;
    expect('error' in first ? '' : first.explanation.grade).toMatch(/等级/);
    expect('error' in first ? '' : first.explanation.incentive).toMatch(/权重/);
    expect(zh.departments.map((d) => [d.code, d.score, d.rank])).toEqual(
      preview.departments.map((d) => [d.code, d.score, d.rank]),
    );
    // A manager reads their department's people only.
    const eng = await service.results(QUARTER, { role: 'dept_manager', departments: ['ENG-CC'] }, 'en');
    expect(new Set(eng.staff.map((s) => s.department))).toEqual(new Set(['ENG-CC']));
  });

  it('keeps one active run per period, and each chunk a plan version and months of its own', async () => {
    const first = await planAppraisalRun(ds, QUARTER, 'user:hr');
    const again = await planAppraisalRun(ds, QUARTER, 'user:hr');
    expect([first.created, again.created, again.run.id]).toEqual([true, false, first.run.id]);
    // HR changes the plan mid-run: the run keeps scoring with its own version.
    const changed = quarterQuotaPlan();
    changed.incentive.pools[0].amount = '1.00';
    await new AppraisalPeriodsService(ds).putPlan('user:hr', QUARTER, changed);
    for (let i = 0; i < first.run.chunkCount; i++) await scoreAppraisalChunk(ds, first.run.id, i);
    // A chunk done writes nothing again.
    await scoreAppraisalChunk(ds, first.run.id, 0);
    await finishAppraisalRun(ds, first.run.id);
    const eng = await ds
      .getRepository(AppraisalResultRow)
      .findBy({ runId: first.run.id, department: 'ENG-CC' });
    expect(eng.reduce((n, r) => n + Math.round(Number(r.incentive ?? 0) * 100), 0)).toBe(3000000);
    await new AppraisalPeriodsService(ds).putPlan('user:hr', QUARTER, quarterQuotaPlan());
  });

  it('leaves a hospital-wide quota to the finish job, and still stores the preview, person by person', async () => {
    // The chunks calibrate department groups and overrides; a hospital-wide group spans every chunk.
    await new AppraisalPeriodsService(ds).putPlan('user:hr', QUARTER, quarterQuotaPlan('hospital'));
    const { run } = await service.start('user:hr', QUARTER);
    await runs.settle();
    expect((await service.get(QUARTER, run.id)).status).toBe('completed');
    const built = await appraisalDocument(ds.manager, QUARTER);
    const preview = scoreAnyDocument(built.document) as AppraisalResult;
    const moved = preview.staff.filter(
      (p) => !isAppraisalError(p) && p.calibration?.quota?.scope === 'hospital',
    );
    expect(moved.length).toBeGreaterThan(0);
    const rows = await ds.getRepository(AppraisalResultRow).find({ where: { runId: run.id } });
    rows.sort((a, b) => (a.staffCode < b.staffCode ? -1 : 1));
    expect(rows.map((r) => renderAppraisalResult(r, QUARTER, 'en'))).toEqual(preview.staff);
    await new AppraisalPeriodsService(ds).putPlan('user:hr', QUARTER, quarterQuotaPlan());
    const { run: back } = await service.start('user:hr', QUARTER);
    await runs.settle();
    expect((await service.get(QUARTER, back.id)).status).toBe('completed');
  });

  it('cancels a queued run: cancelled, audited, the period free and as it was; a new run starts', async () => {
    const before = await service.state(QUARTER);
    expect(before.status).toBe('scored');
    // A run whose jobs were lost: planned, never queued. It holds the period until HR cancels it.
    const { run: lost } = await planAppraisalRun(ds, QUARTER, 'user:hr');
    expect((await service.start('user:hr', QUARTER)).created).toBe(false);
    const cancelled = await service.cancel('hr.boss', QUARTER, lost.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', error: 'cancelled by hr.boss' });
    expect(cancelled.finishedAt).not.toBeNull();
    expect(await ds.getRepository(AppraisalRun).findOneByOrFail({ id: lost.id })).toMatchObject({
      status: 'cancelled',
      activePeriod: null,
    });
    const [entry] = await ds
      .getRepository(AuditEntry)
      .findBy({ action: 'appraisal.run.cancel', entityKey: lost.id });
    expect(entry).toMatchObject({ actor: 'hr.boss', entity: 'appraisal_run' });
    // The period as it was before the run: scored, its previous run current.
    expect(await service.state(QUARTER)).toEqual(before);
    // Over already (cancelled, completed): 409; another period's or an unknown run: 404.
    await expect(service.cancel('hr', QUARTER, lost.id)).rejects.toBeInstanceOf(AppraisalPeriodStateError);
    await expect(service.cancel('hr', QUARTER, before.currentRunId!)).rejects.toThrow(
      `run ${before.currentRunId} of ${QUARTER} is completed: only a queued or running run can be cancelled`,
    );
    await expect(service.cancel('hr', '2026-Q4', lost.id)).rejects.toBeInstanceOf(AppraisalRunNotFoundError);

    // A cancelled run's jobs still going do nothing: its chunks write nothing, its finish never makes it current.
    const { run: late } = await planAppraisalRun(ds, QUARTER, 'user:hr');
    await scoreAppraisalChunk(ds, late.id, 0);
    await service.cancel('hr', QUARTER, late.id);
    for (let i = 1; i < late.chunkCount; i++) expect(await scoreAppraisalChunk(ds, late.id, i)).toBe(0);
    await finishAppraisalRun(ds, late.id);
    expect((await service.get(QUARTER, late.id)).status).toBe('cancelled');
    expect(await service.state(QUARTER)).toEqual(before);

    // A run cancelled as soon as it is queued: the in-process driver skips what is left of its jobs.
    const { run: queued } = await service.start('user:hr', QUARTER);
    await service.cancel('hr', QUARTER, queued.id);
    await runs.settle();
    expect((await service.get(QUARTER, queued.id)).status).toBe('cancelled');
    expect(await service.state(QUARTER)).toEqual(before);

    // The period is free: a new run starts and becomes its results.
    const next = await service.start('user:hr', QUARTER);
    expect(next.created).toBe(true);
    await runs.settle();
    expect((await service.get(QUARTER, next.run.id)).status).toBe('completed');
    expect((await service.state(QUARTER)).currentRunId).toBe(next.run.id);
  });

  it('the watchdog fails a run silent for the stale time whose jobs nobody holds, and only then', async () => {
    const before = await service.state(QUARTER);
    const staleMs = DEFAULT_RUNS_OPTIONS.staleMs;
    const heartbeat = async (id: string) =>
      Date.parse((await ds.getRepository(AppraisalRun).findOneByOrFail({ id })).heartbeatAt!);
    // A run whose jobs were lost: planned, never queued (as if the process that planned it had died). Its plan is
    // its first sign of life, and a chunk done is another.
    const { run: lost } = await planAppraisalRun(ds, QUARTER, 'user:hr');
    expect(await heartbeat(lost.id)).toBe(Date.parse(lost.createdAt));
    expect(await runs.failStaleRuns(Date.now())).toEqual([]);
    await scoreAppraisalChunk(ds, lost.id, 0);
    const alive = await heartbeat(lost.id);
    expect(alive).toBeGreaterThanOrEqual(Date.parse(lost.createdAt));
    expect(await runs.failStaleRuns(alive + staleMs - 5000)).toEqual([]);
    expect(await runs.failStaleRuns(alive + staleMs + 1000)).toEqual([lost.id]);
    const failed = await service.get(QUARTER, lost.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(
      /^no sign of life for \d+ s and no process is running its jobs; start a new run$/,
    );
    const [entry] = await ds
      .getRepository(AuditEntry)
      .findBy({ action: 'appraisal.run.fail', entityKey: lost.id });
    expect(entry).toMatchObject({ actor: 'system', entity: 'appraisal_run' });
    expect(await service.state(QUARTER)).toEqual(before);
  });

  it('approves (scored → approved) and closes, refuses a run after, shows staff their own once approved', async () => {
    const staff = await ds.getRepository(Staff).findOneByOrFail({ code: 'S101' });
    expect(await service.mine(staff.id, 'en')).toEqual([]);
    await expect(service.close('user:hr', QUARTER)).rejects.toBeInstanceOf(AppraisalPeriodStateError);
    const approved = await service.approve('user:hr', QUARTER);
    expect([approved.status, approved.approvedBy]).toEqual(['approved', 'user:hr']);
    await expect(service.approve('user:hr', QUARTER)).rejects.toBeInstanceOf(AppraisalPeriodStateError);
    await expect(service.start('user:hr', QUARTER)).rejects.toBeInstanceOf(AppraisalPeriodLockedError);
    const mine = await service.mine(staff.id, 'zh');
    expect(mine.map((m) => [m.period, m.status, m.currency, m.result.id])).toEqual([
      [QUARTER, 'approved', 'CNY', 'S101'],
    ]);
    expect((await service.close('user:hr', QUARTER)).status).toBe('closed');
    expect(
      (await ds.getRepository(AuditEntry).findBy({ entityKey: QUARTER })).map((e) => e.action).sort(),
    ).toEqual(expect.arrayContaining(['appraisal.approve', 'appraisal.close']));
    expect(await ds.getRepository(AppraisalRun).countBy({ period: QUARTER, status: 'completed' })).toBe(5);
  });
});

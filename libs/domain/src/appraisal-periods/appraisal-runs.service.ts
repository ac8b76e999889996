// HR's runs of an appraisal period, its stored results and their sign-off (docs/APPRAISAL-PERIODS.md): start a run
// (scored on the scoring queue like a month's), follow it, read the results in the reader's language (managers:
// their departments), approve (scored → approved) and close (approved → closed), and a person's own periods once
// approved. The rules of a run are appraisal-runs.ts; reading is appraisal-results.ts.
import { Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AppraisalPeriod, AppraisalRun } from '@app/persistence';
import { DEFAULT_LANG, Lang } from '@app/scoring';
import { auditedWrite } from '../audit';
import { NotFoundError } from '../model';
import { RunsService } from '../runs';
import { appraisalPeriod } from './appraisal-plans';
import {
  AppraisalPeriodState,
  appraisalPeriodState,
  AppraisalReader,
  appraisalResults,
  AppraisalResultsView,
  AppraisalRunView,
  appraisalRunView,
  myAppraisals,
} from './appraisal-results';
import { AppraisalPeriodStateError, AppraisalRunNotFoundError } from './appraisal-run-errors';
import { cancelAppraisalRun, failAppraisalRun, flowOf, planAppraisalRun } from './appraisal-runs';

@Injectable()
export class AppraisalRunsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AppraisalRuns');

  constructor(
    private readonly ds: DataSource,
    // The scoring queue (RunsModule, global): absent only where nothing runs (then a run is refused).
    @Optional() private readonly runs?: RunsService,
  ) {}

  /**
   * Starts a run of the period (audited `appraisal.run`), or answers the one queued or running (`created: false`).
   * @throws AppraisalPeriodInvalidError; AppraisalPlanNotFoundError; AppraisalPeriodLockedError (approved, closed)
   */
  async start(actor: string, period: string): Promise<{ run: AppraisalRunView; created: boolean }> {
    const { run, created } = await planAppraisalRun(this.ds, period, actor);
    if (created) {
      try {
        if (!this.runs) throw new Error('this process has no scoring queue');
        await this.runs.dispatchJobs(flowOf(run));
      } catch (e) {
        // A run nobody will execute must not block the period: it fails, and the caller sees why.
        await failAppraisalRun(this.ds, run.id, `could not queue the run: ${(e as Error).message}`);
        throw e;
      }
      this.logger.log(
        `appraisal run ${run.id} of ${run.period}: ${run.total} staff in ${run.chunkCount} chunk(s)`,
      );
    }
    return { run: await appraisalRunView(this.ds.manager, (await this.find(run.period, run.id))!), created };
  }

  /**
   * HR cancels a queued or running run (audited `appraisal.run.cancel`): the period is free for a new run and stays
   * as it was before this one; the run's waiting jobs are removed when this process has the queue (a job in hand
   * ends without effect). @throws AppraisalRunNotFoundError; AppraisalPeriodStateError (the run is over)
   */
  async cancel(actor: string, period: string, runId: string): Promise<AppraisalRunView> {
    const run = await cancelAppraisalRun(this.ds, period, runId, actor);
    await this.runs?.cancelJobs(flowOf(run)).catch((e: Error) => {
      // The run is cancelled whatever happens here: its jobs, if they run, do nothing.
      this.logger.warn(`appraisal run ${run.id}: its jobs could not be removed: ${e.message}`);
    });
    this.logger.log(`appraisal run ${run.id} of ${run.period}: cancelled by ${actor}`);
    return this.get(run.period, run.id);
  }

  /** Where the period stands (open without a row: never run). @throws AppraisalPeriodInvalidError */
  state(period: string): Promise<AppraisalPeriodState> {
    return appraisalPeriodState(this.ds.manager, appraisalPeriod(period));
  }

  /** The period's runs, newest first (the last 50). */
  async list(period: string): Promise<AppraisalRunView[]> {
    const runs = await this.ds
      .getRepository(AppraisalRun)
      .find({ where: { period: appraisalPeriod(period) }, order: { createdAt: 'DESC' }, take: 50 });
    return Promise.all(runs.map((r) => appraisalRunView(this.ds.manager, r)));
  }

  /** @throws AppraisalRunNotFoundError when the period has no such run */
  async get(period: string, runId: string): Promise<AppraisalRunView> {
    const run = await this.find(appraisalPeriod(period), runId);
    if (!run) throw new AppraisalRunNotFoundError(period, runId);
    return appraisalRunView(this.ds.manager, run);
  }

  /** The results of the period's current run in `lang`; a manager's, of their departments' people. */
  results(period: string, reader: AppraisalReader | undefined, lang: Lang): Promise<AppraisalResultsView> {
    return appraisalResults(this.ds.manager, appraisalPeriod(period), reader, lang);
  }

  /**
   * A person's own periods, once approved or closed. As for their months (/me/results), a user not linked to a
   * staff record is answered 404.
   */
  async mine(staffId: number | null | undefined, lang: Lang = DEFAULT_LANG, currency = 'CNY') {
    if (!staffId)
      throw new NotFoundError('你的用户未关联员工档案 / your user is not linked to a staff record');
    return myAppraisals(this.ds.manager, staffId, lang, currency);
  }

  /**
   * Signs the period's results off: scored → approved, refused (409) without a current run, with a run queued or
   * running, or once approved or closed. Audited `appraisal.approve`.
   */
  approve(actor: string, period: string): Promise<AppraisalPeriodState> {
    return this.move(actor, appraisalPeriod(period), 'approve');
  }

  /** Posts the period: approved → closed (409 otherwise). Audited `appraisal.close`. */
  close(actor: string, period: string): Promise<AppraisalPeriodState> {
    return this.move(actor, appraisalPeriod(period), 'close');
  }

  /**
   * Without Redis this process runs the jobs itself (and only one API process runs): a run still queued or
   * running when it starts was left by a process that stopped, and will never end. It is failed, so that the
   * period is free for a new run (as the month's orphaned runs are: runs.service.ts).
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.runs?.embedded) return;
    const left = await this.ds.getRepository(AppraisalRun).findBy({ status: In(['queued', 'running']) });
    for (const run of left) {
      await failAppraisalRun(
        this.ds,
        run.id,
        `the API stopped while this run was ${run.status}; start a new run`,
      );
      this.logger.warn(`appraisal run ${run.id} of ${run.period}: failed, its process stopped`);
    }
  }

  private find(period: string, id: string): Promise<AppraisalRun | null> {
    return this.ds.getRepository(AppraisalRun).findOneBy({ id, period });
  }

  private async move(actor: string, period: string, to: 'approve' | 'close'): Promise<AppraisalPeriodState> {
    await this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: `appraisal.${to}`, entity: 'appraisal_period' }, async (tx) => {
        const q = tx
          .getRepository(AppraisalPeriod)
          .createQueryBuilder('p')
          .where('p.period = :period', { period });
        if (tx.connection.options.type === 'postgres') q.setLock('pessimistic_write');
        const row = await q.getOne();
        const status = row?.status ?? 'open';
        const at = new Date().toISOString();
        if (to === 'approve') {
          const active = await tx.getRepository(AppraisalRun).findOneBy({ activePeriod: period });
          if (active)
            throw new AppraisalPeriodStateError(
              `考核周期 ${period} 正在核算（${active.id}），请等待核算结束后再审批`,
              `run ${active.id} of ${period} is ${active.status}: approve once it has ended`,
            );
          if (status !== 'scored' || !row?.currentRunId)
            throw new AppraisalPeriodStateError(
              status === 'open'
                ? `考核周期 ${period} 尚无核算结果，不能审批`
                : `考核周期 ${period} 已${status === 'approved' ? '审批' : '关闭'}`,
              status === 'open'
                ? `${period} has no results of a completed run to approve`
                : `${period} is ${status} already`,
            );
          await tx
            .getRepository(AppraisalPeriod)
            .update({ period }, { status: 'approved', approvedBy: actor.slice(0, 100), approvedAt: at });
        } else {
          if (status !== 'approved')
            throw new AppraisalPeriodStateError(
              status === 'closed' ? `考核周期 ${period} 已关闭` : `考核周期 ${period} 须先审批才能关闭`,
              status === 'closed'
                ? `${period} is closed already`
                : `${period} is ${status}: approve it before closing it`,
            );
          await tx
            .getRepository(AppraisalPeriod)
            .update({ period }, { status: 'closed', closedBy: actor.slice(0, 100), closedAt: at });
        }
        return {
          result: undefined,
          entityKey: period,
          before: { status, currentRunId: row?.currentRunId ?? null },
          after: {
            status: to === 'approve' ? 'approved' : 'closed',
            currentRunId: row?.currentRunId ?? null,
          },
        };
      }),
    );
    return appraisalPeriodState(this.ds.manager, period);
  }
}

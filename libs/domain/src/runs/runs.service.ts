// Starting runs and reading their state. A run request plans the run (at most one active run per period:
// asking again returns the active one) and hands it to the driver; the scheduler asks the same way. The steps
// run with the hooks the app wires in (RUN_HOOKS: pay's adjustment runs, appraisal's follow-up). An adjustment's
// run is started by pay (startAdjustmentRun), which is above runs. No run stays stuck: on start the embedded mode
// fails the runs its previous process left behind, a watchdog fails runs that are silent and whose jobs are gone,
// and HR may cancel a queued or running run.
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { InjectFlowProducer, InjectQueue } from '@nestjs/bullmq';
import type { FlowProducer, Queue } from 'bullmq';
import { DataSource, In } from 'typeorm';
import { Period, RunKind, RunStatus, RunTrigger, ScoringRun } from '@app/persistence';
import { BullmqDispatcher } from './drivers/bullmq.dispatcher';
import { InProcessDispatcher } from './drivers/in-process.dispatcher';
import { RunDispatcher } from './drivers/run-dispatcher';
import { audit, auditedWrite } from '../audit';
import type { MonthCompleteness } from '../documents';
import { RunNotActiveError, RunNotFoundError } from './run-errors';
import { JobFlow, logConnectionErrors, RunJobHandler, SCORING_FLOW, SCORING_QUEUE } from './run-jobs';
import { planRun } from './run-planner';
import { RUN_HOOKS, RunHooks } from './run-hooks';
import { ACTIVE_RUN_STATUSES, lastSignOfLife, ownerMayBeAlive, PROCESS_IDENTITY } from './run-liveness';
import { RunProgress, RunSteps } from './run-steps';
import { RunsOptions } from './runs-options';

export const RUNS_OPTIONS = Symbol('RUNS_OPTIONS');

/** A run as the API shows it. */
export interface RunView {
  id: string;
  period: string;
  status: RunStatus;
  trigger: RunTrigger;
  kind: RunKind;
  /** The adjustment an adjustment run computes. */
  adjustmentId: number | null;
  /** The incentive plan version the run pays with. */
  planVersion: number | null;
  progress: RunProgress;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  /** The month's data version the run scored (approval needs it to be the month's current one). */
  dataVersion: number | null;
  /** The month's data completeness as the run read it (its chunks' counts added up; null until it completes). */
  completeness: MonthCompleteness | null;
}

export interface StartedRun {
  run: RunView;
  /** False when the period already had an active run (which is the one returned). */
  created: boolean;
}

@Injectable()
export class RunsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Runs');
  readonly steps: RunSteps;
  readonly handler: RunJobHandler;
  private readonly dispatcher: RunDispatcher;
  private watchdog: NodeJS.Timeout | null = null;

  constructor(
    private readonly ds: DataSource,
    @Inject(RUNS_OPTIONS) private readonly options: RunsOptions,
    @Inject(RUN_HOOKS) private readonly hooks: readonly RunHooks[],
    @Optional() @InjectFlowProducer(SCORING_FLOW) flow?: FlowProducer,
    @Optional() @InjectQueue(SCORING_QUEUE) queue?: Queue,
  ) {
    // While Redis is away (a restart) BullMQ reconnects by itself; its errors are logged, once per kind.
    for (const emitter of [flow, queue]) if (emitter) logConnectionErrors(emitter, this.logger);
    this.steps = new RunSteps(ds, hooks);
    this.handler = new RunJobHandler(this.steps, (at) => this.startScheduled(at).then(() => undefined), {
      ds,
      hooks,
    });
    this.dispatcher =
      options.redisUrl && flow
        ? new BullmqDispatcher(flow, options.attempts, options.backoffMs, queue)
        : new InProcessDispatcher(this.handler, options.attempts, options.backoffMs);
  }

  async start(
    period: string,
    trigger: RunTrigger,
    requestedBy: string,
    adjustmentId?: number,
  ): Promise<StartedRun> {
    const { run, created } = await planRun(
      this.ds,
      period,
      trigger,
      requestedBy,
      this.options.chunkSize,
      adjustmentId,
    );
    if (created) {
      // Its first sign of life; in the embedded mode also the process that runs it (run-liveness.ts).
      await this.ds.getRepository(ScoringRun).update(
        { id: run.id },
        {
          heartbeatAt: new Date().toISOString(),
          owner: this.options.redisUrl ? null : PROCESS_IDENTITY,
        },
      );
      await audit(this.ds.manager, {
        actor: requestedBy,
        action: 'run.start',
        entity: 'run',
        entityKey: run.id,
        after: { period, trigger, kind: run.kind, adjustmentId: run.adjustmentId, total: run.total },
      });
      try {
        await this.dispatcher.dispatch(run);
      } catch (e) {
        // A run nobody will execute must not block the period: it fails, and the caller sees why.
        await this.steps.failRun(run.id, `could not queue the run: ${(e as Error).message}`);
        throw e;
      }
      this.logger.log(
        `run ${run.id} of ${period} (${trigger}): ${run.total} staff in ${run.chunkCount} chunk(s)`,
      );
    }
    return { run: await this.get(run.id), created };
  }

  /**
   * Queues the jobs of another kind of run (an appraisal period's: RunHooks.jobs): on the workers with Redis, in
   * this process without, with the month runs' retry rules. The caller fails its run when this throws.
   */
  async dispatchJobs(flow: JobFlow): Promise<void> {
    await this.dispatcher.dispatchFlow(flow);
  }

  /**
   * Drops the waiting jobs of another kind of run that its concept cancelled (an appraisal period's); a job in hand
   * ends without effect, the concept's steps checking the run's status.
   */
  async cancelJobs(flow: JobFlow): Promise<void> {
    await this.dispatcher.cancelFlow(flow);
  }

  /** Whether this process runs the jobs itself (no Redis): a run left active by a stopped process is orphaned. */
  get embedded(): boolean {
    return !this.options.redisUrl;
  }

  /** Waits for the jobs this process runs (in-process driver) to end: tests and the CLI. */
  async settle(): Promise<void> {
    await this.dispatcher.drain();
  }

  async get(runId: string): Promise<RunView> {
    const run = await this.ds.getRepository(ScoringRun).findOneBy({ id: runId });
    if (!run) throw new RunNotFoundError(runId);
    return {
      id: run.id,
      period: run.period,
      status: run.status,
      trigger: run.trigger,
      kind: run.kind,
      adjustmentId: run.adjustmentId,
      planVersion: run.planVersion,
      progress: await this.steps.progress(run.id),
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      error: run.error,
      dataVersion: run.dataVersion,
      completeness: run.completeness ? (JSON.parse(run.completeness) as MonthCompleteness) : null,
    };
  }

  async list(period: string): Promise<RunView[]> {
    const runs = await this.ds
      .getRepository(ScoringRun)
      .find({ where: { period }, order: { createdAt: 'DESC' }, take: 50 });
    return Promise.all(runs.map((r) => this.get(r.id)));
  }

  /**
   * The schedule's job: scores the month before `firedAt` once. Nothing happens when the period does not
   * exist, or already has a run that is active or completed (manual or scheduled).
   */
  async startScheduled(firedAt: Date): Promise<StartedRun | null> {
    const period = previousMonth(firedAt);
    const exists = await this.ds.getRepository(Period).existsBy({ period });
    const already = await this.ds
      .getRepository(ScoringRun)
      .existsBy({ period, status: In(['queued', 'running', 'completed']) });
    if (!exists || already) {
      this.logger.log(
        `scheduled scoring of ${period}: ${exists ? 'already scored or running' : 'no such period'}`,
      );
      return null;
    }
    return this.start(period, 'scheduled', 'scheduler');
  }

  /**
   * HR cancels a queued or running run: it becomes `cancelled` (audited `run.cancel`), its period is free for a new
   * run, its waiting jobs are removed (or skipped in-process) and a job in hand ends without effect; its results
   * never become the month's (finishRun checks the status in its transaction). A run over already: 409.
   */
  async cancel(runId: string, actor: string): Promise<RunView> {
    const message = `cancelled by ${actor}`;
    const run = await this.ds.transaction((tx) =>
      auditedWrite(tx, actor, { action: 'run.cancel', entity: 'run' }, async (em) => {
        const repo = em.getRepository(ScoringRun);
        const found = await repo.findOneBy({ id: runId });
        if (!found) throw new RunNotFoundError(runId);
        const res = await repo.update(
          { id: runId, status: In([...ACTIVE_RUN_STATUSES]) },
          { status: 'cancelled', activePeriod: null, finishedAt: new Date().toISOString(), error: message },
        );
        // Checked by the update itself: a run that completed or failed meanwhile stays as it is.
        if (!res.affected) throw new RunNotActiveError(runId, found.status);
        // What a failure undoes is undone (an adjustment run's adjustment is marked failed).
        for (const hook of this.hooks) await hook.failed?.(em, found, message);
        return {
          result: found,
          entityKey: runId,
          before: { status: found.status },
          after: { period: found.period, status: 'cancelled' },
        };
      }),
    );
    await this.dispatcher.cancel(run).catch((e: Error) => {
      // The run is cancelled whatever happens here: its jobs, if they run, do nothing.
      this.logger.warn(`run ${runId}: its jobs could not be removed: ${e.message}`);
    });
    this.logger.log(`run ${runId} of ${run.period}: cancelled by ${actor}`);
    return this.get(runId);
  }

  /**
   * On start, the embedded mode (no Redis: this process runs the jobs, and only one API process runs) fails the
   * runs still queued or running whose process is gone. They are failed, not resumed: resuming would be safe for
   * the data (chunk writes are idempotent, the month refuses changes while a run is active), but a run whose
   * process died may be what killed it (a month too big for the memory), and resuming it at every start would
   * loop; HR sees why and starts a new run when ready. Runs of another live process of this host (the CLI on the
   * same database) are left to their process, and to the watchdog.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.redisUrl && this.options.processJobs) await this.failOrphanedRuns();
    // Whoever has the queue (API and workers with Redis) or runs the jobs (embedded) watches.
    const every = Math.max(250, Math.min(60_000, Math.round(this.options.staleMs / 4)));
    this.watchdog = setInterval(() => {
      this.failStaleRuns().catch((e: Error) => this.logger.warn(`run watchdog: ${e.message}`));
    }, every);
    this.watchdog.unref();
  }

  /** The embedded mode's runs left queued or running by a process that is gone, failed. @returns their ids */
  async failOrphanedRuns(): Promise<string[]> {
    const runs = await this.ds.getRepository(ScoringRun).findBy({ status: In([...ACTIVE_RUN_STATUSES]) });
    const failed: string[] = [];
    for (const run of runs) {
      if (run.owner !== null && ownerMayBeAlive(run.owner)) continue;
      const message =
        run.owner === null
          ? `the run was queued for worker processes (REDIS_URL), which this API without Redis does not have; ` +
            `start a new run`
          : `the API stopped while this run was ${run.status} (process ${run.owner}); start a new run`;
      await this.steps.failRun(run.id, message);
      failed.push(run.id);
      this.logger.warn(
        `run ${run.id} of ${run.period}: failed, its process stopped (${run.owner ?? 'queued for workers'})`,
      );
    }
    return failed;
  }

  /**
   * The watchdog: runs queued or running without a sign of life for `staleMs` whose jobs are gone (from Redis: a
   * restart without persistence, jobs removed; in-process: not held by this process) will never end: failed.
   * A run whose jobs wait in Redis behind others is left alone however long it waits.
   * @returns the ids of the runs it failed
   */
  async failStaleRuns(now = Date.now()): Promise<string[]> {
    const runs = await this.ds.getRepository(ScoringRun).findBy({ status: In([...ACTIVE_RUN_STATUSES]) });
    const failed: string[] = [];
    const gone = this.options.redisUrl
      ? 'none of its jobs is left in Redis (Redis restarted without persistence, or the jobs were removed)'
      : 'no process is running its jobs';
    const why = (silentMs: number) =>
      `no sign of life for ${Math.round(silentMs / 1000)} s and ${gone}; start a new run`;
    for (const run of runs) {
      const silentMs = now - lastSignOfLife(run);
      if (silentMs < this.options.staleMs || (await this.dispatcher.holds(run))) continue;
      await this.steps.failRun(run.id, why(silentMs));
      failed.push(run.id);
      this.logger.warn(`run ${run.id} of ${run.period}: failed by the watchdog, its jobs are gone`);
    }
    // Other kinds of runs (an appraisal period's) by the same rule, failed by their owner.
    for (const hook of this.hooks) {
      if (!hook.activeRuns || !hook.failRun) continue;
      for (const run of await hook.activeRuns(this.ds)) {
        const silentMs = now - run.lastSignOfLife;
        if (silentMs < this.options.staleMs || (await this.dispatcher.holdsFlow(run.flow))) continue;
        await hook.failRun(this.ds, run.flow.runId, why(silentMs));
        failed.push(run.flow.runId);
        this.logger.warn(`run ${run.flow.runId} of ${run.period}: failed by the watchdog, its jobs are gone`);
      }
    }
    return failed;
  }

  /** Graceful shutdown: the watchdog stops, in-process work finishes first. */
  async onApplicationShutdown(): Promise<void> {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    await this.dispatcher.drain();
  }
}

export function previousMonth(at: Date): string {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

// Starting runs and reading their state. A run request plans the run (at most one active run per period:
// asking again returns the active one) and hands it to the driver; the scheduler asks the same way. The steps
// run with the hooks the app wires in (RUN_HOOKS: pay's adjustment runs, appraisal's follow-up). An adjustment's
// run is started by pay (startAdjustmentRun), which is above runs.
import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { InjectFlowProducer, InjectQueue } from '@nestjs/bullmq';
import type { FlowProducer, Queue } from 'bullmq';
import { DataSource, In } from 'typeorm';
import { Period, RunKind, RunStatus, RunTrigger, ScoringRun } from '@app/persistence';
import { BullmqDispatcher } from './drivers/bullmq.dispatcher';
import { InProcessDispatcher } from './drivers/in-process.dispatcher';
import { RunDispatcher } from './drivers/run-dispatcher';
import { audit } from '../audit';
import { RunNotFoundError } from './run-errors';
import { logConnectionErrors, RunJobHandler, SCORING_FLOW, SCORING_QUEUE } from './run-jobs';
import { planRun } from './run-planner';
import { RUN_HOOKS, RunHooks } from './run-hooks';
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
}

export interface StartedRun {
  run: RunView;
  /** False when the period already had an active run (which is the one returned). */
  created: boolean;
}

@Injectable()
export class RunsService implements OnApplicationShutdown {
  private readonly logger = new Logger('Runs');
  readonly steps: RunSteps;
  readonly handler: RunJobHandler;
  private readonly dispatcher: RunDispatcher;

  constructor(
    private readonly ds: DataSource,
    @Inject(RUNS_OPTIONS) private readonly options: RunsOptions,
    @Inject(RUN_HOOKS) hooks: readonly RunHooks[],
    @Optional() @InjectFlowProducer(SCORING_FLOW) flow?: FlowProducer,
    @Optional() @InjectQueue(SCORING_QUEUE) queue?: Queue,
  ) {
    // While Redis is away (a restart) BullMQ reconnects by itself; its errors are logged, once per kind.
    for (const emitter of [flow, queue]) if (emitter) logConnectionErrors(emitter, this.logger);
    this.steps = new RunSteps(ds, hooks);
    this.handler = new RunJobHandler(this.steps, (at) => this.startScheduled(at).then(() => undefined));
    this.dispatcher =
      options.redisUrl && flow
        ? new BullmqDispatcher(flow, options.attempts, options.backoffMs)
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

  /** Graceful shutdown: in-process work finishes first. */
  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.drain();
  }
}

export function previousMonth(at: Date): string {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

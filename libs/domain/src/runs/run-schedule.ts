// The monthly schedule. With Redis it is a BullMQ job scheduler (one per queue whatever the number of
// workers: upserting it again changes nothing); without, a timer in this process computes the same cron.
import { InjectQueue } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import type { Queue } from 'bullmq';
import { parseExpression } from 'cron-parser';
import { JOB_SCHEDULED_RUN, SCHEDULER_ID, SCORING_QUEUE } from './run-jobs';
import { RUNS_OPTIONS, RunsService } from './runs.service';
import { RunsOptions } from './runs-options';

/** setTimeout's longest delay; a later fire time is reached by re-arming. */
const MAX_TIMER_MS = 2 ** 31 - 1;

@Injectable()
export class RunSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RunSchedule');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(RUNS_OPTIONS) private readonly options: RunsOptions,
    private readonly runs: RunsService,
    @Optional() @InjectQueue(SCORING_QUEUE) private readonly queue?: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { scheduleCron: pattern, scheduleTimezone: tz } = this.options;
    if (this.queue) {
      if (pattern === null) await this.queue.removeJobScheduler(SCHEDULER_ID);
      else await this.queue.upsertJobScheduler(SCHEDULER_ID, { pattern, tz }, { name: JOB_SCHEDULED_RUN });
    } else if (pattern !== null) this.arm();
    if (pattern !== null)
      this.logger.log(`monthly scoring on "${pattern}" (${tz}): ${this.next().toISOString()} next`);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  next(after = new Date()): Date {
    return parseExpression(this.options.scheduleCron!, {
      tz: this.options.scheduleTimezone,
      currentDate: after,
    })
      .next()
      .toDate();
  }

  private arm(): void {
    const at = this.next();
    const delay = at.getTime() - Date.now();
    this.timer = setTimeout(
      () => {
        if (delay > MAX_TIMER_MS) return this.arm();
        this.runs.handler
          .handle(JOB_SCHEDULED_RUN, {}, { made: 0, max: 1 })
          .catch((e: Error) => this.logger.error(`scheduled scoring failed: ${e.message}`))
          .finally(() => this.arm());
      },
      Math.min(delay, MAX_TIMER_MS),
    );
    this.timer.unref();
  }
}

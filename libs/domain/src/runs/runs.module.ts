// Scoring runs for an application: the API (enqueues; processes in-process without Redis), the worker
// (processes) or the CLI and demo (in-process). One module, configured by RunsOptions, with the hooks of the
// concepts above runs (pay's adjustment runs, appraisal's follow-up) that the app hands in.
import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import { RedisOptions } from 'ioredis';
import { RUN_HOOKS, RunHooks } from './run-hooks';
import { SCORING_FLOW, SCORING_QUEUE } from './run-jobs';
import { RunSchedule } from './run-schedule';
import { RUNS_OPTIONS, RunsService } from './runs.service';
import { RunsOptions } from './runs-options';
import { scoringWorker } from './scoring.worker';

/** ioredis options from a redis:// URL, as BullMQ needs them (blocking commands wait through reconnects). */
export function redisConnection(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    // Keep trying while Redis is away (a restart): at most a second between tries.
    retryStrategy: (times: number) => Math.min(times * 100, 1000),
  };
}

@Module({})
export class RunsModule {
  static forRoot(options: RunsOptions, hooks: readonly RunHooks[]): DynamicModule {
    const providers: Provider[] = [
      { provide: RUNS_OPTIONS, useValue: options },
      { provide: RUN_HOOKS, useValue: hooks },
      RunsService,
    ];
    const imports: DynamicModule[] = [];
    if (options.redisUrl) {
      imports.push(
        BullModule.forRoot({ connection: redisConnection(options.redisUrl) }),
        BullModule.registerQueue({ name: SCORING_QUEUE }),
        BullModule.registerFlowProducer({ name: SCORING_FLOW }),
      );
      if (options.processJobs) providers.push(scoringWorker(options));
    }
    // The schedule belongs to whoever processes jobs: workers with Redis, the API (or CLI) without.
    if (options.processJobs) providers.push(RunSchedule);
    return {
      module: RunsModule,
      // Global: the feature modules of the concepts above runs (appraisal, pay) start runs with RunsService.
      global: true,
      imports,
      providers,
      exports: [RunsService, ...(options.redisUrl ? [BullModule] : [])],
    };
  }
}

// A worker process: the database and the scoring queue's processor, nothing else (no HTTP).
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig, AppConfigModule } from '@app/config';
import { dataSourceOptions } from '@app/persistence';
import { FollowUpHooks } from '@app/domain/appraisal';
import { AdjustmentRunHooks } from '@app/domain/pay';
import { AppraisalRunHooks } from '@app/domain/appraisal-periods';
import { RunsModule } from '@app/domain/runs';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        // Workers never migrate: the API (or `npm run migration:run`) does, once.
        TypeOrmModule.forRoot(dataSourceOptions(config.database)),
        // The jobs run with what pay and appraisal add to a run: adjustment runs, the follow-up.
        RunsModule.forRoot({ ...config.runs, processJobs: true }, [
          new AdjustmentRunHooks(),
          new FollowUpHooks(config.loop.planThreshold, config.loop.planMaxItems),
          // The runs of appraisal periods (a quarter, a year): their chunk and finish jobs on the same queue.
          new AppraisalRunHooks(),
        ]),
      ],
    };
  }
}

// A worker process: the database and the scoring queue's processor, nothing else (no HTTP).
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig, AppConfigModule } from '@app/config';
import { dataSourceOptions } from '@app/persistence';
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
        RunsModule.forRoot({ ...config.runs, processJobs: true, planThreshold: config.loop.planThreshold }),
      ],
    };
  }
}

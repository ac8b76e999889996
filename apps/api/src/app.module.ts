import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '@app/persistence';
import { RunsModule } from '@app/runs';
import { AppConfig, AppConfigModule } from '@app/config';
import { queueBoardModules } from './admin/queue-board';
import { AuthModule } from './auth/auth.module';
import { ConfigurationModule } from './configuration/configuration.module';
import { FinanceModule } from './finance/finance.module';
import { HealthModule } from './health/health.module';
import { DocumentsController } from './documents/documents.controller';
import { MeasurementsController } from './measurements/measurements.controller';
import {
  DepartmentsController,
  PostTypesController,
  SitesController,
} from './organisation/organisation.controller';
import { MeController } from './me/me.controller';
import { AppealsController } from './loop/appeals.controller';
import { MeLoopController } from './loop/me-loop.controller';
import { PlansController, StaffMonthController } from './loop/staff-month.controller';
import { PreviewController } from './preview/preview.controller';
import { AdjustmentsController } from './runs/adjustments.controller';
import { ResultsController } from './runs/results.controller';
import { RunsController } from './runs/runs.controller';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        // The database is migrated on start (never synchronised).
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config.database),
          migrationsRun: true,
          migrationsTransactionMode: 'each',
        }),
        AuthModule,
        HealthModule,
        ConfigurationModule,
        FinanceModule,
        RunsModule.forRoot({ ...config.runs, planThreshold: config.loop.planThreshold }),
        ...queueBoardModules(config),
      ],
      controllers: [
        PreviewController,
        DocumentsController,
        MeasurementsController,
        SitesController,
        PostTypesController,
        DepartmentsController,
        RunsController,
        ResultsController,
        AdjustmentsController,
        MeController,
        MeLoopController,
        StaffMonthController,
        PlansController,
        AppealsController,
      ],
    };
  }
}

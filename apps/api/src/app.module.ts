import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '@app/persistence';
import { RunsModule } from '@app/domain/runs';
import { AppConfig, AppConfigModule } from '@app/config';
import { queueBoardModules } from './runs/queue-board';
import { AuthModule } from './access/auth.module';
import { ConfigurationModule } from './configuration/configuration.module';
import { FinanceModule } from './finance/finance.module';
import { HealthModule } from './health/health.module';
import { DocumentsController } from './documents/documents.controller';
import { MeasurementsController } from './documents/measurements.controller';
import {
  DepartmentsController,
  PostTypesController,
  SitesController,
} from './configuration/organisation.controller';
import { MeController } from './appraisal/me.controller';
import { AppealsController } from './appraisal/appeals.controller';
import { MeLoopController } from './appraisal/me-loop.controller';
import { PlansController, StaffMonthController } from './appraisal/staff-month.controller';
import { PreviewController } from './documents/preview.controller';
import { AdjustmentsController } from './pay/adjustments.controller';
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

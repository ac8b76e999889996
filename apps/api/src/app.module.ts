import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '@app/persistence';
import { FollowUpHooks } from '@app/domain/appraisal';
import { AdjustmentRunHooks } from '@app/domain/pay';
import { AppraisalRunHooks } from '@app/domain/appraisal-periods';
import { RunsModule } from '@app/domain/runs';
import { AppConfig, AppConfigModule } from '@app/config';
import { queueBoardModules } from './runs/queue-board';
import { AccessModule } from './access/access.module';
import { AnalysisModule } from './analysis/analysis.module';
import { AuditModule } from './audit/audit.module';
import { CalibrationModule } from './calibration/calibration.module';
import { ConfigurationModule } from './configuration/configuration.module';
import { FinanceModule } from './finance/finance.module';
import { HealthModule } from './health/health.module';
import { PeriodsModule } from './periods/periods.module';
import { DocumentsModule } from './documents/documents.module';
import { AppraisalModule } from './appraisal/appraisal.module';
import { AppraisalPeriodsModule } from './appraisal-periods/appraisal-periods.module';
import { PayModule } from './pay/pay.module';
import { RunsApiModule } from './runs/runs.module';
import { OpinionsModule } from './opinions/opinions.module';
import { SurveysModule } from './surveys/surveys.module';
import { WorkOrdersModule } from './work-orders/work-orders.module';

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
        AccessModule,
        AuditModule,
        HealthModule,
        ConfigurationModule,
        FinanceModule,
        PeriodsModule,
        DocumentsModule,
        AppraisalModule,
        RunsModule.forRoot(config.runs, [
          new AdjustmentRunHooks(),
          new FollowUpHooks(config.loop.planThreshold, config.loop.planMaxItems),
          // The runs of appraisal periods (a quarter, a year): their chunk and finish jobs on the same queue.
          new AppraisalRunHooks(),
        ]),
        RunsApiModule,
        PayModule,
        WorkOrdersModule,
        SurveysModule,
        OpinionsModule,
        AppraisalPeriodsModule,
        CalibrationModule,
        AnalysisModule,
        ...queueBoardModules(config),
      ],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '@app/persistence';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { DocumentsController } from './documents/documents.controller';
import { MeasurementsController } from './measurements/measurements.controller';
import {
  DepartmentsController,
  PostTypesController,
  SitesController,
} from './organisation/organisation.controller';
import { PreviewController } from './preview/preview.controller';

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
        HealthModule,
      ],
      controllers: [
        PreviewController,
        DocumentsController,
        MeasurementsController,
        SitesController,
        PostTypesController,
        DepartmentsController,
      ],
    };
  }
}

// The periods over HTTP: opening a month and its incentive plan, and its lifecycle after scoring (approve, close).
import { Module } from '@nestjs/common';
import { PeriodLifecycleService, PeriodsService } from '@app/domain/periods';
import { PeriodLifecycleController } from './period-lifecycle.controller';
import { PeriodsController } from './periods.controller';

@Module({
  controllers: [PeriodsController, PeriodLifecycleController],
  providers: [PeriodsService, PeriodLifecycleService],
  exports: [PeriodsService, PeriodLifecycleService],
})
export class PeriodsModule {}

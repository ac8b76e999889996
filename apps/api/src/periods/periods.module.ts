// The periods over HTTP: opening a month and its incentive plan, its lifecycle after scoring (approve, close),
// and the month's data completeness.
import { Module } from '@nestjs/common';
import { CompletenessService } from '@app/domain/documents';
import { PeriodLifecycleService, PeriodsService } from '@app/domain/periods';
import { CompletenessController } from './completeness.controller';
import { PeriodLifecycleController } from './period-lifecycle.controller';
import { PeriodsController } from './periods.controller';

@Module({
  controllers: [PeriodsController, PeriodLifecycleController, CompletenessController],
  providers: [PeriodsService, PeriodLifecycleService, CompletenessService],
  exports: [PeriodsService, PeriodLifecycleService],
})
export class PeriodsModule {}

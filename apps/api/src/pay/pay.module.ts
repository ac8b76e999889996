// Pay over HTTP: HR's adjustments of closed months, and the payroll feed (lines and export batches) for systems
// with an API key. RunsService (adjustment runs) comes from the app's global RunsModule.
import { Module } from '@nestjs/common';
import { AdjustmentsService, PayrollService } from '@app/domain/pay';
import { AdjustmentsController } from './adjustments.controller';
import { PayrollController } from './payroll.controller';

@Module({
  controllers: [AdjustmentsController, PayrollController],
  providers: [AdjustmentsService, PayrollService],
})
export class PayModule {}

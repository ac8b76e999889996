// The finance feed over HTTP: a period's scores for systems with an API key.
import { Module } from '@nestjs/common';
import { FinanceService } from '@app/domain/finance';
import { FinanceController } from './finance.controller';

@Module({
  controllers: [FinanceController],
  providers: [FinanceService],
})
export class FinanceModule {}

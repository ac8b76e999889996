// The finance feed over HTTP: a period's scores for systems with an API key.
import { Module } from '@nestjs/common';
import { FinanceService, ScoresDownloadService } from '@app/domain/finance';
import { FinanceController } from './finance.controller';
import { ScoresDownloadController } from './scores-download.controller';

@Module({
  controllers: [FinanceController, ScoresDownloadController],
  providers: [FinanceService, ScoresDownloadService],
})
export class FinanceModule {}

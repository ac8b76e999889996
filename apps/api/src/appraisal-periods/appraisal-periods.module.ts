// Appraisal periods above the month over HTTP: HR's plan per period, the period's document, its preview; the
// rules are the domain's AppraisalPeriodsService.
import { Module } from '@nestjs/common';
import { AppraisalPeriodsService } from '@app/domain/appraisal-periods';
import { AppraisalPeriodsController } from './appraisal-periods.controller';

@Module({
  controllers: [AppraisalPeriodsController],
  providers: [AppraisalPeriodsService],
})
export class AppraisalPeriodsModule {}

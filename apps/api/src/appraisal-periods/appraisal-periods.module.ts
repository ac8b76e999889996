// Appraisal periods above the month over HTTP: HR's plan per period, the period's document, its preview, runs and
// results, a closed period's payroll and the finance feed; the rules are the domain's services.
import { Module } from '@nestjs/common';
import {
  AppraisalPayrollService,
  AppraisalPeriodsService,
  AppraisalRunsService,
} from '@app/domain/appraisal-periods';
import { AppraisalPayrollController } from './appraisal-payroll.controller';
import { AppraisalPeriodsController } from './appraisal-periods.controller';
import { AppraisalRunsController, MeAppraisalsController } from './appraisal-runs.controller';

@Module({
  controllers: [
    AppraisalPeriodsController,
    AppraisalRunsController,
    MeAppraisalsController,
    AppraisalPayrollController,
  ],
  providers: [AppraisalPeriodsService, AppraisalRunsService, AppraisalPayrollService],
})
export class AppraisalPeriodsModule {}

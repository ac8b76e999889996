// The analysis of results over HTTP (docs/ANALYSIS.md); the rules are the domain's AnalysisService.
import { Module } from '@nestjs/common';
import { AnalysisService, PeriodAppraisalService } from '@app/domain/analysis';
import { AnalysisController } from './analysis.controller';
import { PeriodAppraisalController } from './period-appraisal.controller';

@Module({
  controllers: [AnalysisController, PeriodAppraisalController],
  providers: [AnalysisService, PeriodAppraisalService],
})
export class AnalysisModule {}

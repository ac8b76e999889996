// The analysis of results over HTTP (docs/ANALYSIS.md); the rules are the domain's AnalysisService.
import { Module } from '@nestjs/common';
import { AnalysisService } from '@app/domain/analysis';
import { AnalysisController } from './analysis.controller';

@Module({
  controllers: [AnalysisController],
  providers: [AnalysisService],
})
export class AnalysisModule {}

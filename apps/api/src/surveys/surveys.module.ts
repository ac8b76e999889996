// Survey campaigns over HTTP: HR's campaign routes (define, respondents, open, remind, close, statistics, QR codes)
// and the public answer routes a respondent's token opens; the rules are the domain's surveys services.
import { Module } from '@nestjs/common';
import { MeasurementsService } from '@app/domain/documents';
import { SurveyAnswersService, SurveyCampaignsService } from '@app/domain/surveys';
import { SurveyAnswersController } from './survey-answers.controller';
import { SurveysController } from './surveys.controller';

@Module({
  controllers: [SurveysController, SurveyAnswersController],
  providers: [MeasurementsService, SurveyCampaignsService, SurveyAnswersService],
})
export class SurveysModule {}

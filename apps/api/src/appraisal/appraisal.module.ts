// The appraisal over HTTP: feedback and improvement plans on staff members' months, a person's own months and
// answers, and appeals. The services start re-runs with RunsService (RunsModule is global) and take the appeal
// window from the application's configuration.
import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import {
  AppealsService,
  APPRAISAL_OPTIONS,
  AppraisalOptions,
  FeedbackService,
  MyMonthsService,
  PlansService,
  TeamService,
  TrainingService,
} from '@app/domain/appraisal';
import { AppealsController } from './appeals.controller';
import { FeedbackController } from './feedback.controller';
import { MeAppraisalController } from './me-appraisal.controller';
import { MeController } from './me.controller';
import { PlansController, StaffPlansController } from './plans.controller';
import { TeamController } from './team.controller';
import { MeTrainingController, TrainingController } from './training.controller';

@Module({
  controllers: [
    MeController,
    MeAppraisalController,
    FeedbackController,
    StaffPlansController,
    PlansController,
    AppealsController,
    TeamController,
    TrainingController,
    MeTrainingController,
  ],
  providers: [
    {
      provide: APPRAISAL_OPTIONS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): AppraisalOptions => ({
        appealWindowDays: config.loop.appealWindowDays,
        currency: config.payroll.currency,
        trainingHoursInput: config.loop.trainingHoursInput,
        timeZone: config.feeds?.timeZone,
      }),
    },
    AppealsService,
    FeedbackService,
    MyMonthsService,
    PlansService,
    TeamService,
    TrainingService,
  ],
})
export class AppraisalModule {}

// Staff opinion rounds over HTTP: HR's round routes (open, list, close, summary) and a member of staff's own
// (the open round for them, their anonymous answer); the rules are the domain's opinions services, and the
// minimum answers a set needs before its summary shows more than counts comes from OPINION_MIN_ANSWERS.
import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import {
  DEFAULT_OPINION_MIN_ANSWERS,
  OPINION_OPTIONS,
  OpinionAnswersService,
  OpinionOptions,
  OpinionRoundsService,
} from '@app/domain/opinions';
import { MeOpinionsController } from './me-opinions.controller';
import { OpinionsController } from './opinions.controller';

@Module({
  controllers: [OpinionsController, MeOpinionsController],
  providers: [
    {
      provide: OPINION_OPTIONS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): OpinionOptions => ({
        minAnswers: config.loop.opinionMinAnswers ?? DEFAULT_OPINION_MIN_ANSWERS,
      }),
    },
    OpinionRoundsService,
    OpinionAnswersService,
  ],
})
export class OpinionsModule {}

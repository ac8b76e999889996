// The public answer routes (答卷): the phone page reads a campaign through its respondent's token and sends the
// answer, without signing in. The token (128 random bits) is the only key, and every way it fails is the same 404.
// A per-address limit (ThrottlerGuard, its own count for these routes) keeps one address from flooding them:
// SURVEY_ANSWER_LIMITS a minute across reading and answering; past it, 429. Behind a proxy, TRUST_PROXY must
// name it, or every phone counts as the proxy's one address.
import { Body, Controller, Get, Param, Put, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { SkipThrottle, Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { AnswerView, SurveyAnswersService, SurveyPage } from '@app/domain/surveys';
import { Public } from '../access/access';
import { SurveyAnswerDto } from './surveys.dto';

/**
 * Requests per address per window on the answer routes. A ward's patients may share one address (the hospital's
 * Wi-Fi behind NAT): each needs a read and an answer, so 60 a minute lets a ward answer together while a flood
 * from one address stops within the minute.
 */
export const SURVEY_ANSWER_LIMITS = { perAddress: 60, windowMs: 60_000 };

@ApiTags('survey answers')
@Controller('api/v1/survey-answers')
@Public()
@UseGuards(ThrottlerGuard)
// The login limit per username is not for these routes; the per-address one counts both routes together.
@SkipThrottle({ user: true })
@Throttle({
  address: {
    limit: SURVEY_ANSWER_LIMITS.perAddress,
    ttl: SURVEY_ANSWER_LIMITS.windowMs,
    generateKey: (_context, tracker, name) => `survey-answers:${name}:${tracker}`,
  },
})
@ApiTooManyRequestsResponse({ description: 'too many requests from this address: wait a minute' })
export class SurveyAnswersController {
  constructor(private readonly answers: SurveyAnswersService) {}

  @Get(':token')
  @ApiOperation({
    summary: 'The survey of a token: {campaign, questions, comment, targets, answer, editable}',
  })
  @ApiNotFoundResponse({ description: 'the link is not valid (the same answer whatever the reason)' })
  read(@Param('token') token: string): Promise<SurveyPage> {
    return this.answers.read(token);
  }

  @Put(':token')
  @ApiOperation({
    summary:
      'Answer {answers: {target: {question: score}}, comment?}: replaces the earlier answer while open',
  })
  @ApiBadRequestResponse({ description: 'a bad score, unknown target or question (named: answers.C101.q1)' })
  @ApiNotFoundResponse({ description: 'the link is not valid' })
  @ApiConflictResponse({ description: '测评未开始 / not started yet, or 测评已结束 / ended' })
  answer(@Param('token') token: string, @Body() body: SurveyAnswerDto): Promise<AnswerView> {
    return this.answers.answer(token, body);
  }
}

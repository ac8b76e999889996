// A person's side of the appraisal over HTTP: their months with feedback, plans and what they answered; and
// acknowledging, commenting on and appealing a month. Nothing here takes a staff id: it is the signed-in user's.
import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AppealsService, MyMonthsService } from '@app/domain/appraisal';
import { AuthedRequest, SignedIn } from '../access/access';
import { PeriodPipe } from '../common/period-param';
import { ReaderLanguage } from '../common/reader-language';
import type { Lang } from '@app/scoring';
import { AcknowledgeDto, AppealDto, CommentDto } from './appraisal.dto';
import { callerOf } from './appraisal-access';

@ApiTags('me')
@SignedIn()
@Controller('api/v1/me')
export class MeAppraisalController {
  constructor(
    private readonly months: MyMonthsService,
    private readonly appeals: AppealsService,
  ) {}

  @Get('timeline')
  @ApiOperation({
    summary: 'My months (those with a result of mine), oldest first, with feedback, plans and my answers',
  })
  timeline(@Req() req: AuthedRequest, @ReaderLanguage() lang: Lang) {
    return this.months.timeline(req.user, lang);
  }

  @Post('periods/:period/acknowledge')
  @ApiOperation({ summary: 'Acknowledge my result of a month (once), with an optional comment' })
  @ApiNotFoundResponse({ description: 'no result of mine in the month' })
  @ApiConflictResponse({ description: 'acknowledged already' })
  acknowledge(
    @Param('period', PeriodPipe) period: string,
    @Body() body: AcknowledgeDto,
    @Req() req: AuthedRequest,
  ) {
    return this.months.acknowledge(callerOf(req), period, body.comment);
  }

  @Post('periods/:period/comments')
  @ApiOperation({ summary: 'Comment on my result of a month' })
  @ApiNotFoundResponse({ description: 'no result of mine in the month' })
  comment(@Param('period', PeriodPipe) period: string, @Body() body: CommentDto, @Req() req: AuthedRequest) {
    return this.months.comment(callerOf(req), period, body.text);
  }

  @Post('periods/:period/appeals')
  @ApiOperation({
    summary: 'Appeal indicators of my result of a month',
    description:
      'Within the appeal window (APPEAL_WINDOW_DAYS after the month’s current run finished); one open appeal ' +
      'per month.',
  })
  @ApiBadRequestResponse({ description: 'an indicator is not in my result' })
  @ApiNotFoundResponse({ description: 'no result of mine in the month' })
  @ApiConflictResponse({
    description: 'the window has passed (the message names the deadline), or one is open',
  })
  appeal(@Param('period', PeriodPipe) period: string, @Body() body: AppealDto, @Req() req: AuthedRequest) {
    return this.appeals.create(callerOf(req), period, body);
  }
}

// Feedback on a staff member's month over HTTP, for HR and the person's department manager (who write) and
// auditors (who read). The person must have a result in the month's current run that the caller may see (404
// for anyone else: nothing tells whether the person exists); FeedbackService decides.
import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FeedbackService } from '@app/domain/appraisal';
import { Allow, AuthedRequest } from '../access/access';
import { PeriodPipe } from '../common/period-param';
import { FeedbackDto } from './appraisal.dto';
import { callerOf, READERS, WRITERS } from './appraisal-access';

@ApiTags('loop')
@Controller('api/v1/periods/:period/staff/:code')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Allow(...WRITERS)
  @Post('feedback')
  @ApiOperation({ summary: 'Feedback on a staff member’s month, optionally about one of their indicators' })
  @ApiBadRequestResponse({ description: 'the indicator is not in their result' })
  @ApiNotFoundResponse({ description: 'no result of this person in the month that the caller may see' })
  add(
    @Param('period', PeriodPipe) period: string,
    @Param('code') code: string,
    @Body() body: FeedbackDto,
    @Req() req: AuthedRequest,
  ) {
    return this.feedback.add(callerOf(req), period, code, body);
  }

  @Allow(...READERS)
  @Get('feedback')
  @ApiOperation({ summary: 'The feedback on a staff member’s month, oldest first' })
  @ApiNotFoundResponse({ description: 'no result of this person in the month that the caller may see' })
  list(@Param('period', PeriodPipe) period: string, @Param('code') code: string, @Req() req: AuthedRequest) {
    return this.feedback.list(req.user, period, code);
  }
}

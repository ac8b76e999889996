// A person's own results over HTTP, month by month, with explanations. Nothing here takes a staff id: the
// staff record is the one the signed-in user is linked to, so nobody can read anyone else's by guessing.
import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MyMonthsService } from '@app/domain/appraisal';
import { AuthedRequest, SignedIn } from '../access/access';
import { PeriodPipe } from '../common/period-param';
import { ReaderLanguage } from '../common/reader-language';
import type { Lang } from '@app/scoring';

@ApiTags('me')
@SignedIn()
@Controller('api/v1/me')
export class MeController {
  constructor(private readonly months: MyMonthsService) {}

  @Get('results')
  @ApiOperation({ summary: 'My results, month by month (the months scored so far), oldest first' })
  history(@Req() req: AuthedRequest, @ReaderLanguage() lang: Lang) {
    return this.months.results(req.user, lang);
  }

  @Get('results/:period')
  @ApiOperation({ summary: 'My result of one month, with the explanation of every number' })
  @ApiNotFoundResponse({ description: 'the month has no result of mine' })
  month(
    @Req() req: AuthedRequest,
    @Param('period', PeriodPipe) period: string,
    @ReaderLanguage() lang: Lang,
  ) {
    return this.months.result(req.user, period, lang);
  }
}

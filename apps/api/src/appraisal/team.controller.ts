// The people behind a month's results over HTTP, for HR, auditors and department managers (their departments'
// staff only): names, employee numbers and where the loop stands; and one person's history of feedback, comments,
// acknowledgements, plans and appeals. TeamService decides who sees whom.
import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TeamService } from '@app/domain/appraisal';
import { Allow, AuthedRequest } from '../access/access';
import { PeriodPipe } from '../common/period-param';
import { READERS } from './appraisal-access';

@ApiTags('loop')
@Allow(...READERS)
@Controller('api/v1/periods/:period')
export class TeamController {
  constructor(private readonly team: TeamService) {}

  @Get('team')
  @ApiOperation({
    summary: 'The people of the month’s results the caller may see, with the loop’s state',
    description:
      'In staff code order: code, employee number, name, department, whether they acknowledged the month, how ' +
      'many comments and feedback it has, whether an appeal is open; the indicator names of their sets (with ' +
      '`names` where given in both languages) and the currency of the incentive.',
  })
  @ApiNotFoundResponse({ description: 'no such month, or no completed run yet' })
  list(@Param('period', PeriodPipe) period: string, @Req() req: AuthedRequest) {
    return this.team.team(req.user, period);
  }

  @Get('staff/:code/history')
  @ApiOperation({
    summary:
      'A person’s feedback, comments, acknowledgements, plans and appeals, month by month (newest first)',
    description:
      'Every month with a result of theirs that the caller may see (a manager: the months they were in one of ' +
      'the manager’s departments).',
  })
  @ApiNotFoundResponse({ description: 'no result of this person in the month that the caller may see' })
  history(
    @Param('period', PeriodPipe) period: string,
    @Param('code') code: string,
    @Req() req: AuthedRequest,
  ) {
    return this.team.history(req.user, period, code.slice(0, 64));
  }
}

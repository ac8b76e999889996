// A month's data completeness over HTTP, before a run (a run stores the same summary with itself). HR and
// auditors read the whole month, a department manager the staff of their own departments; the counting is
// CompletenessService's.
import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CompletenessService, MonthCompleteness } from '@app/domain/documents';
import { PeriodPipe } from '../common/period-param';
import { Allow, AuthedRequest } from '../access/access';

@ApiTags('periods')
@Allow('hr_admin', 'auditor', 'dept_manager')
@Controller('api/v1/periods/:period')
export class CompletenessController {
  constructor(private readonly completeness: CompletenessService) {}

  @Get('completeness')
  @ApiOperation({
    summary: 'Per indicator set, input and department: who has a value, who is missing, what each gap does',
    description:
      'Counts the staff the month scores (active, with a set) against the inputs their set reads, as a run ' +
      'planned now would see them (observations, department values, value corrections in force). Each input ' +
      'says what a gap does under the missing policy of the indicators reading it (renormalize: left out, its ' +
      'weight goes to the others; zero: scores 0; fail: the person gets an error and no result); `failing` ' +
      'counts the staff who would get no result. `names` gives the name of every code listed as missing. ' +
      'A department manager sees the staff of their own departments only.',
  })
  @ApiNotFoundResponse({ description: 'no such period' })
  get(@Param('period', PeriodPipe) period: string, @Req() req: AuthedRequest): Promise<MonthCompleteness> {
    const user = req.user;
    return this.completeness.get(period, user?.role === 'dept_manager' ? user.departments : undefined);
  }
}

// HR approves a scored month (no more runs, no more data; a run's issues accepted with a reason), then closes it
// (posted: nothing about it changes again).
import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PeriodLifecycleService, PeriodStateView } from '@app/domain/periods';
import { PeriodPipe } from '../common/period-param';
import { HrWrite } from '../access/access';
import { actorOf } from '../common/actor';
import { ApproveDto, NoBodyDto } from './periods.dto';

@ApiTags('periods')
@HrWrite()
@Controller('api/v1/periods/:period')
export class PeriodLifecycleController {
  constructor(private readonly lifecycle: PeriodLifecycleService) {}

  @Post('approve')
  @HttpCode(200)
  @ApiOperation({
    summary: 'scored → approved: the results are signed off; no new run, no new data',
    description:
      "Needs the month's latest run completed, current and on the month's current data. A run with staff in " +
      'error (or failed by missing data) needs {"acceptIssues": true, "reason": "…"}, kept in the audit entry. ' +
      'A month that scored nobody is not approved.',
  })
  @ApiNotFoundResponse({ description: 'no such period' })
  @ApiBadRequestResponse({ description: 'an unknown field, acceptIssues not true, or no reason with it' })
  @ApiConflictResponse({
    description:
      'not scored, a run going, the latest run failed or not current, data changed since the run, an empty ' +
      'month, or issues not accepted (the message says which and what to do)',
  })
  approve(
    @Param('period', PeriodPipe) period: string,
    @Body() body: ApproveDto,
    @Req() req: Request,
  ): Promise<PeriodStateView> {
    return this.lifecycle.approve(period, actorOf(req), body ?? {});
  }

  @Post('close')
  @HttpCode(200)
  @ApiOperation({
    summary: 'approved → closed: posted; inputs, results and pay never change again',
    description: 'Freezes the indicator set versions and the workload version in force for the month.',
  })
  @ApiNotFoundResponse({ description: 'no such period' })
  @ApiConflictResponse({ description: 'not approved (the message says its status and what it needs)' })
  @ApiBadRequestResponse({ description: 'a body with any field (the route takes none)' })
  close(
    @Param('period', PeriodPipe) period: string,
    @Body() _body: NoBodyDto,
    @Req() req: Request,
  ): Promise<PeriodStateView> {
    return this.lifecycle.close(period, actorOf(req));
  }
}

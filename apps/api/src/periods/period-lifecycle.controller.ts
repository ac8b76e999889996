// HR approves a scored month (no more runs), then closes it (posted: nothing about it changes again).
import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PeriodLifecycleService, PeriodStateView } from '@app/domain/periods';
import { PeriodPipe } from '../common/period-param';
import { HrWrite } from '../access/access';
import { actorOf } from '../common/actor';

@ApiTags('periods')
@HrWrite()
@Controller('api/v1/periods/:period')
export class PeriodLifecycleController {
  constructor(private readonly lifecycle: PeriodLifecycleService) {}

  @Post('approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'scored → approved: the results are signed off; no new run' })
  @ApiNotFoundResponse({ description: 'no such period' })
  @ApiConflictResponse({ description: 'not scored (the message says its status and what it needs)' })
  approve(@Param('period', PeriodPipe) period: string, @Req() req: Request): Promise<PeriodStateView> {
    return this.lifecycle.approve(period, actorOf(req));
  }

  @Post('close')
  @HttpCode(200)
  @ApiOperation({
    summary: 'approved → closed: posted; inputs, results and pay never change again',
    description: 'Freezes the indicator set versions and the workload version in force for the month.',
  })
  @ApiNotFoundResponse({ description: 'no such period' })
  @ApiConflictResponse({ description: 'not approved (the message says its status and what it needs)' })
  close(@Param('period', PeriodPipe) period: string, @Req() req: Request): Promise<PeriodStateView> {
    return this.lifecycle.close(period, actorOf(req));
  }
}

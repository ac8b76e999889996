// Periods (months) with their status and incentive plan over HTTP; the rules are PeriodsService's. Runs, results
// and closing are not here: they belong to the scoring runs and the lifecycle routes, which move a period's status.
import { Body, Controller, Get, Param, Patch, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { PeriodsService, PeriodView, PlanVersionView } from '@app/domain/periods';
import { actorOf } from '../common/actor';
import { PeriodPipe } from '../common/period-param';
import { CreatePeriodDto, UpdatePeriodDto } from './periods.dto';
import { Allow, HrRead, HrWrite } from '../access/access';

@ApiTags('periods')
@HrWrite()
@Controller('api/v1/periods')
export class PeriodsController {
  constructor(private readonly periods: PeriodsService) {}

  // Finance readers too: the month cockpit lists the months whose scores and payroll they may download.
  @Allow('hr_admin', 'auditor', 'finance')
  @Get()
  list(): Promise<PeriodView[]> {
    return this.periods.list();
  }

  @HrRead()
  @Get(':period')
  @ApiNotFoundResponse({ description: 'no such period' })
  get(@Param('period', PeriodPipe) period: string): Promise<PeriodView> {
    return this.periods.get(period);
  }

  @HrRead()
  @Get(':period/incentive-plans')
  @ApiOperation({
    summary: "Every version of the month's incentive plan, oldest first (the last is in force)",
  })
  @ApiNotFoundResponse({ description: 'no such period' })
  plans(@Param('period', PeriodPipe) period: string): Promise<PlanVersionView[]> {
    return this.periods.plans(period);
  }

  @Post()
  @ApiOperation({ summary: 'Open a period, optionally with its incentive plan (version 1)' })
  @ApiBadRequestResponse({
    description: 'a bad field, or every problem of the incentive section with its path',
  })
  @ApiConflictResponse({ description: 'the period exists already' })
  create(@Body() body: CreatePeriodDto, @Req() req: Request): Promise<PeriodView> {
    return this.periods.open(body, actorOf(req));
  }

  @Patch(':period')
  @ApiOperation({ summary: 'Replace (or with null, remove) the incentive plan: a new plan version' })
  @ApiNotFoundResponse({ description: 'no such period' })
  @ApiBadRequestResponse({ description: 'every problem of the incentive section with its path' })
  @ApiConflictResponse({ description: 'the period is closed' })
  update(
    @Param('period', PeriodPipe) period: string,
    @Body() body: UpdatePeriodDto,
    @Req() req: Request,
  ): Promise<PeriodView> {
    return this.periods.update(period, body, actorOf(req));
  }
}

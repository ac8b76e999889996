// The month cockpit's reads over HTTP (MonthCockpitService): where a month stands and what its next step needs,
// the spread of its totals and grades (counted by the database), and who moved since the previous run or month.
// HR and auditors read every department; a department manager their own departments (the service limits them);
// a finance reader the month's overview only, without names.
import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import {
  BIN_WIDTHS,
  BinWidth,
  COMPARE_AGAINST,
  CompareAgainst,
  MonthCockpitService,
  MonthDistribution,
  MonthOverview,
  RESULT_VERSIONS,
  ResultVersion,
  RunComparison,
} from '@app/domain/runs';
import { Allow, AuthedRequest } from '../access/access';
import { PeriodPipe } from '../common/period-param';

export class DistributionQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsIn(BIN_WIDTHS)
  bin?: BinWidth;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  department?: string;

  @IsOptional()
  @IsIn(RESULT_VERSIONS)
  version?: ResultVersion;
}

export class MoversQueryDto {
  @IsOptional()
  @IsIn(COMPARE_AGAINST)
  against?: CompareAgainst;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  top?: number;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  department?: string;
}

@ApiTags('results')
@Controller('api/v1/periods/:period')
export class MonthCockpitController {
  constructor(private readonly cockpit: MonthCockpitService) {}

  @Get('overview')
  @Allow('hr_admin', 'auditor', 'finance')
  @ApiOperation({
    summary:
      'Where the month stands: status, data version, latest and active run, next step and what it needs',
    description:
      '`next`: score | wait | rescore | approve | close | done; `needs`: noRun, runActive, runFailed, runStale ' +
      '(data came in after the run), emptyRun, issuesToAccept. `issues`: the current run’s staff in error ' +
      '(counts, and the first 200 by code; a finance reader gets the counts only).',
  })
  @ApiNotFoundResponse({ description: 'no such period' })
  overview(@Param('period', PeriodPipe) period: string, @Req() req: AuthedRequest): Promise<MonthOverview> {
    return this.cockpit.overview(period, req.user);
  }

  @Get('distribution')
  @Allow('hr_admin', 'auditor', 'dept_manager')
  @ApiOperation({
    summary: 'The spread of the current run’s totals: a histogram, grade counts, per department',
    description:
      '`bin` (1, 2, 5, 10 or 20 points; default 10): the histogram’s bin width, bins [from, to) with 100 in the ' +
      'top bin. Per department: staff, scored, errors, mean, min, max and the count of each grade. Counted by ' +
      'the database. A department manager gets their own departments only.',
  })
  @ApiOkResponse({
    description: '{period, runId, bin, staff, scored, errors, mean, histogram, grades, departments}',
  })
  @ApiNotFoundResponse({ description: 'no such period, or no completed run yet' })
  distribution(
    @Param('period', PeriodPipe) period: string,
    @Query() query: DistributionQueryDto,
    @Req() req: AuthedRequest,
  ): Promise<MonthDistribution> {
    return this.cockpit.distribution(period, query, req.user);
  }

  @Get('movers')
  @Allow('hr_admin', 'auditor', 'dept_manager')
  @ApiOperation({
    summary: 'Who moved: the current run against the month’s previous run or the previous month',
    description:
      '`against`: previous-run (default; the month’s previous completed regular run) or previous-month (the ' +
      'current run of the latest earlier month with results). Counts up / down / same (a change under 0.005 is ' +
      'none), onlyNow / onlyBefore, and the `top` movers (default 20, at most 200) by the size of the change, ' +
      'each with the indicator whose contribution moved most. People are matched by their internal id. ' +
      '`base` is null when there is nothing to compare with. A department manager gets their own departments only.',
  })
  @ApiNotFoundResponse({ description: 'no such period, or no completed run yet' })
  movers(
    @Param('period', PeriodPipe) period: string,
    @Query() query: MoversQueryDto,
    @Req() req: AuthedRequest,
  ): Promise<RunComparison> {
    return this.cockpit.movers(period, query, req.user);
  }
}

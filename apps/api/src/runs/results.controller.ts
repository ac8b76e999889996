// A period's results: staff results (the format's shape, with explanations) a page at a time, and
// department results with a comparison of the same kind of department across sites (ResultsService).
import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DepartmentsView, MAX_PAGE, ResultsPage, ResultsService } from '@app/domain/runs';
import { Allow, AuthedRequest } from '../access/access';
import { PeriodPipe } from '../common/period-param';
import { StaffResultsQuery, VersionQuery } from '../common/results-query.dto';

@ApiTags('results')
@Allow('hr_admin', 'auditor', 'dept_manager')
@Controller('api/v1/periods/:period')
export class ResultsController {
  constructor(private readonly service: ResultsService) {}

  @Get('results')
  @ApiOperation({
    summary: 'Staff results of the period’s current run',
    description:
      `In staff id order, \`limit\` (default 100, at most ${MAX_PAGE}) per page; pass \`nextCursor\` back as \`cursor\`. ` +
      '`version=corrected` reads a closed month as its latest adjustment re-scored it (default `posted`).',
  })
  @ApiOkResponse({ description: '{period, runId, items, nextCursor}' })
  @ApiNotFoundResponse({ description: 'no such period, or no completed run yet' })
  results(
    @Param('period', PeriodPipe) period: string,
    @Query() query: StaffResultsQuery,
    @Req() req: AuthedRequest,
  ): Promise<ResultsPage> {
    // A manager reads the staff of their own departments only (the service applies it).
    return this.service.staff(period, query, req.user);
  }

  @Get('departments')
  @ApiOperation({
    summary: 'Department results of the period’s current run',
    description:
      'Score (mean of the staff totals), rank, staff count and pool figures per department, and a comparison ' +
      'of the same kind of department (the indicator set most of its staff use) across sites.',
  })
  @ApiOkResponse({ description: '{period, runId, items, comparison}' })
  @ApiNotFoundResponse({ description: 'no such period, or no completed run yet' })
  departments(
    @Param('period', PeriodPipe) period: string,
    @Query() query: VersionQuery,
  ): Promise<DepartmentsView> {
    return this.service.departments(period, query.version);
  }
}

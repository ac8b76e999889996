// The finance feed, for systems with an API key: a period's scores (paged, with ETags). The payroll lines and
// their export batches are pay's (pay/payroll.controller.ts), under the same path.
import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { MAX_PAGE } from '@app/domain/runs';
import { FinanceService } from '@app/domain/finance';
import { PeriodPipe } from '../common/period-param';
import { RequireScope } from '../access/api-key.guard';
import { ResultsQuery } from '../common/results-query.dto';

/** The results page query, with a site filter too. */
export class ScoresQueryDto extends ResultsQuery {
  @IsOptional() @IsString() @MaxLength(64) site?: string;
}

@ApiTags('finance')
@ApiSecurity('X-API-Key')
@Controller('api/v1/periods/:period')
export class FinanceController {
  constructor(private readonly finance: FinanceService) {}

  @Get('scores')
  @RequireScope('scores:read')
  @ApiOperation({
    summary: 'Scores of the period’s current run for finance (scope scores:read)',
    description: `Staff id order, \`limit\` (default 100, at most ${MAX_PAGE}); strong ETag, If-None-Match → 304.`,
  })
  @ApiNotFoundResponse({ description: 'no such period, or no completed run yet' })
  async scores(
    @Param('period', PeriodPipe) period: string,
    @Query() query: ScoresQueryDto,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    // The page's JSON as it was built once (a run's pages never change): sent as it is, not serialised again.
    const { json, etag } = await this.finance.scores(period, query);
    res.setHeader('ETag', etag);
    if (ifNoneMatch && ifNoneMatch.split(/\s*,\s*/).some((t) => t === etag || t === '*')) {
      res.status(304).end();
      return;
    }
    res.status(200).setHeader('Content-Type', 'application/json; charset=utf-8');
    res.send(json);
  }
}

// A period's results: staff results (the format's shape, with explanations) a page at a time, and
// department results with a comparison of the same kind of department across sites (ResultsService). Both as JSON,
// or with `format=xlsx` as a spreadsheet streamed to the client (every page of results in one file).
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { MAX_PAGE, ResultsService } from '@app/domain/runs';
import { Allow, AuthedRequest } from '../access/access';
import { PeriodPipe } from '../common/period-param';
import { StaffResultsQuery, VersionQuery } from '../common/results-query.dto';
import { sendXlsx } from '../common/downloads';
import { ReaderLanguage } from '../common/reader-language';
import type { Lang } from '@app/scoring';

const FORMATS = ['json', 'xlsx'] as const;
type Format = (typeof FORMATS)[number];

export class ResultsFormatQuery extends StaffResultsQuery {
  @IsOptional()
  @IsIn(FORMATS)
  format?: Format;
}

export class DepartmentsFormatQuery extends VersionQuery {
  @IsOptional()
  @IsIn(FORMATS)
  format?: Format;
}

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
      '`version=corrected` reads a closed month as its latest adjustment re-scored it (default `posted`). ' +
      '`format=xlsx`: every page in one spreadsheet (`limit` and `cursor` do not apply), streamed.',
  })
  @ApiOkResponse({ description: '{period, runId, items, nextCursor}' })
  @ApiNotFoundResponse({ description: 'no such period, or no completed run yet' })
  async results(
    @Param('period', PeriodPipe) period: string,
    @Query() query: ResultsFormatQuery,
    @Req() req: AuthedRequest,
    @Res() res: Response,
    @ReaderLanguage() lang: Lang,
  ): Promise<void> {
    // A manager reads the staff of their own departments only (the service applies it). The explanations are
    // in the reader's language (`?lang=` or Accept-Language).
    const { format, ...rest } = query;
    delete rest.lang; // read by @ReaderLanguage()
    if (format !== 'xlsx') {
      res.json(await this.service.staff(period, rest, req.user, lang));
      return;
    }
    // Refusals (404) come before the first byte, so they keep the JSON error shape.
    const download = await this.service.staffWorkbook(period, rest, req.user);
    await sendXlsx(res, `results-${period}.xlsx`, download);
  }

  @Get('departments')
  @ApiOperation({
    summary: 'Department results of the period’s current run',
    description:
      'Score (mean of the staff totals), rank, staff count and pool figures per department, and a comparison ' +
      'of the same kind of department (the indicator set most of its staff use) across sites. A department ' +
      'manager sees `pool`, `allocated` and `unallocated` of their own departments only (null for the others). ' +
      '`format=xlsx`: ' +
      'the ranking (best first) and the comparison as two sheets.',
  })
  @ApiOkResponse({ description: '{period, runId, items, comparison}' })
  @ApiNotFoundResponse({ description: 'no such period, or no completed run yet' })
  async departments(
    @Param('period', PeriodPipe) period: string,
    @Query() query: DepartmentsFormatQuery,
    @Req() req: AuthedRequest,
    @Res() res: Response,
  ): Promise<void> {
    // A manager gets other departments' ranking without their money (the service applies it).
    if (query.format !== 'xlsx') {
      res.json(await this.service.departments(period, query.version, req.user));
      return;
    }
    const download = await this.service.departmentsWorkbook(period, query.version, req.user);
    await sendXlsx(res, `departments-${period}.xlsx`, download);
  }
}

// The month's scores as a file for people (the month cockpit's results download): CSV or .xlsx, streamed. HR and
// auditors download any month with results; a finance reader an approved or closed month (ScoresDownloadService).
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { ScoresDownloadService } from '@app/domain/finance';
import { Allow, AuthedRequest } from '../access/access';
import { PeriodPipe } from '../common/period-param';
import { sendChunks, sendXlsx } from '../common/downloads';

const FORMATS = ['csv', 'xlsx'] as const;

export class ScoresDownloadQueryDto {
  @IsOptional()
  @IsIn(FORMATS)
  format?: (typeof FORMATS)[number];
}

@ApiTags('finance')
@Allow('hr_admin', 'auditor', 'finance')
@Controller('api/v1/periods/:period')
export class ScoresDownloadController {
  constructor(private readonly downloads: ScoresDownloadService) {}

  @Get('scores/download')
  @ApiOperation({
    summary: 'The current run’s scores as a file, ?format=csv (default) | xlsx',
    description:
      'The columns of the finance feed (staffId, employeeNo, department, site, indicatorSet, total, grade, ' +
      'coefficient, points, workloadValue, incentive, error), every line in staff id order. A finance reader: ' +
      'approved and closed months only.',
  })
  @ApiNotFoundResponse({ description: 'no such period, or no completed run yet' })
  @ApiConflictResponse({ description: 'a finance reader and a month not yet approved' })
  async download(
    @Param('period', PeriodPipe) period: string,
    @Query() query: ScoresDownloadQueryDto,
    @Req() req: AuthedRequest,
    @Res() res: Response,
  ): Promise<void> {
    if (query.format === 'xlsx')
      return sendXlsx(res, `scores-${period}.xlsx`, await this.downloads.workbook(period, req.user));
    const chunks = await this.downloads.csv(period, req.user);
    return sendChunks(res, 'text/csv; charset=utf-8', chunks, `scores-${period}.csv`);
  }
}

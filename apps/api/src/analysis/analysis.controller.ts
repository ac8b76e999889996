// The analysis of results over a range of months over HTTP (AnalysisService, docs/ANALYSIS.md): as JSON for the
// analysis page, and as an .xlsx workbook. HR and auditors only: it covers every department and every person's
// month, which is more than a department manager or a member of staff may read.
import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Analysis, AnalysisService, MAX_ANALYSIS_MONTHS } from '@app/domain/analysis';
import { HrRead } from '../access/access';
import { sendXlsx } from '../common/downloads';
import { AnalysisQueryDto } from './analysis.dto';

const RANGE =
  '`from`, `to` ("YYYY-MM", inclusive; `to` defaults to `from`; at most ' +
  `${MAX_ANALYSIS_MONTHS} months), \`threshold\` (points, default 10): a group whose mean total differs from the ` +
  'mean of the others by more than it is flagged. Each month is read from its current run; a month without a ' +
  'completed run is listed with `runId: null` (missing).';

@ApiTags('analysis')
@Controller('api/v1/analysis')
export class AnalysisController {
  constructor(private readonly analysis: AnalysisService) {}

  @Get()
  @HrRead()
  @ApiOperation({
    summary:
      'Analysis of a month, quarter or year: heat map, weakest indicators, distribution, variance, plans',
    description: RANGE,
  })
  @ApiOkResponse({
    description:
      '{from, to, threshold, months, staff, indicators, departments, heatmap, weakest, distribution, variance, plans}',
  })
  @ApiBadRequestResponse({ description: 'a bad month, a reversed or too long range, a bad threshold' })
  @ApiNotFoundResponse({ description: 'no month of the range exists' })
  analyse(@Query() query: AnalysisQueryDto): Promise<Analysis> {
    return this.analysis.analyse(query);
  }

  @Get('workbook')
  @HrRead()
  @ApiOperation({
    summary: 'The analysis as an .xlsx workbook (热力图, 最弱指标, 分布, 方差贡献, 改进计划, 月份)',
    description: RANGE,
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiBadRequestResponse({ description: 'a bad month, a reversed or too long range, a bad threshold' })
  @ApiNotFoundResponse({ description: 'no month of the range exists' })
  async workbook(@Query() query: AnalysisQueryDto, @Res() res: Response): Promise<void> {
    // Computed before the first byte: a refusal keeps the JSON error shape.
    const download = await this.analysis.workbook(query);
    const to = query.to ?? query.from;
    await sendXlsx(res, `analysis-${query.from}${to === query.from ? '' : `-${to}`}.xlsx`, download);
  }
}

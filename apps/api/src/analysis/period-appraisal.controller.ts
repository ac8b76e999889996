// The analysis of an appraisal period above the month over HTTP (PeriodAppraisalService, docs/ANALYSIS.md "An
// appraisal period"): JSON for the analysis page, or the .xlsx. HR and auditors only, as the range's analysis: it
// covers every department's grades and money.
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { PeriodAppraisalAnalysis, PeriodAppraisalService } from '@app/domain/analysis';
import { HrRead } from '../access/access';
import { sendXlsx } from '../common/downloads';
import { PeriodAppraisalQueryDto } from './analysis.dto';

@ApiTags('analysis')
@Controller('api/v1/analysis/appraisals')
export class PeriodAppraisalController {
  constructor(private readonly analysis: PeriodAppraisalService) {}

  @Get(':period')
  @HrRead()
  @ApiOperation({
    summary:
      'Analysis of an appraisal period (year, quarter, half-year): grades, calibration, bonus and training per department',
    description:
      "From the period's current run's stored results. `?format=xlsx`: the same tables as a workbook (等级分布, " +
      '等级校准, 奖金, 培训).',
  })
  @ApiProduces('application/json', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description:
      '{period, status, runId, planVersion, staff, grades, departments, sets, distribution, calibration, bonus, training}',
  })
  @ApiBadRequestResponse({
    description: 'a period that is not YYYY, YYYY-Qn or YYYY-Hn (APPRAISAL_PERIOD_INVALID); a bad format',
  })
  @ApiNotFoundResponse({ description: 'no run of the period has completed (APPRAISAL_NO_RESULTS)' })
  async analyse(
    @Param('period') period: string,
    @Query() query: PeriodAppraisalQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    // Both are computed before the first byte: a refusal keeps the JSON error shape.
    if (query.format !== 'xlsx') {
      const analysis: PeriodAppraisalAnalysis = await this.analysis.analyse(period);
      res.json(analysis);
      return;
    }
    const download = await this.analysis.workbook(period);
    await sendXlsx(res, `appraisal-analysis-${period}.xlsx`, download);
  }
}

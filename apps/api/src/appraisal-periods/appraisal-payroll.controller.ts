// An appraisal period's bonus for the systems and people that pay it (docs/APPRAISAL-PERIODS.md, "Payroll and
// finance"): a closed period's payroll lines and their export batches, read exactly as a month's (the same access,
// formats and bytes: pay/payroll.controller.ts), and the period's finance feed once approved (the month's
// /periods/{p}/scores: an API key with scores:read, a cursor, an ETag). The rules are AppraisalPayrollService's.
import { Body, Controller, Get, Headers, Inject, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AppraisalPayrollService } from '@app/domain/appraisal-periods';
import type { ExportView } from '@app/domain/pay';
import { MAX_PAGE } from '@app/domain/runs';
import { KeyOrRoles, RequireScope } from '../access/access';
import type { KeyedRequest } from '../access/api-key.guard';
import { ScoresQueryDto } from '../finance/finance.controller';
import {
  ExportBodyDto,
  PayrollQueryDto,
  recordExport,
  RecordExportRoute,
  sendPayroll,
} from '../pay/payroll.controller';

const PERIOD_400 = 'a period that is not YYYY, YYYY-Qn or YYYY-Hn (APPRAISAL_PERIOD_INVALID)';

@ApiTags('finance')
@ApiSecurity('X-API-Key')
@Controller('api/v1/appraisals/:period')
export class AppraisalPayrollController {
  constructor(
    private readonly payroll: AppraisalPayrollService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('payroll')
  @KeyOrRoles('payroll:read', 'hr_admin', 'auditor', 'finance')
  @ApiOperation({
    summary:
      'Payroll lines of a closed appraisal period (scope payroll:read, or signed in as HR, auditor or finance), ?format=json|csv|xlsx',
    description:
      'The month’s payroll columns and formats: APPRAISAL_BONUS per person with a bonus (APPRAISAL_DEDUCTION for a ' +
      'negative amount), the period in period and sourcePeriod; staff code order; the same bytes on every call.',
  })
  @ApiBadRequestResponse({ description: PERIOD_400 })
  @ApiConflictResponse({ description: 'the period is not closed (APPRAISAL_NOT_CLOSED)' })
  async lines(
    @Param('period') period: string,
    @Query() query: PayrollQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    return sendPayroll(res, this.payroll, period, query.format ?? 'json', this.config.payroll.currency);
  }

  @RecordExportRoute('the appraisal period’s', 'the period is not closed (APPRAISAL_NOT_CLOSED)')
  export(
    @Param('period') period: string,
    @Body() body: ExportBodyDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: KeyedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ExportView> {
    return recordExport(
      this.payroll,
      period,
      body.format,
      this.config.payroll.currency,
      idempotencyKey,
      req,
      res,
    );
  }

  @Get('exports')
  @RequireScope('payroll:read')
  @ApiOperation({ summary: 'The export batches of the appraisal period, oldest first (scope payroll:read)' })
  @ApiBadRequestResponse({ description: PERIOD_400 })
  exports(@Param('period') period: string): Promise<ExportView[]> {
    return this.payroll.listExports(period);
  }

  @Get('scores')
  @RequireScope('scores:read')
  @ApiOperation({
    summary: 'The appraisal period’s results for finance, once approved (scope scores:read)',
    description:
      'Per person: total, grade, coefficient, months, bonus (incentive, incentiveError), error; staff code order, ' +
      `\`limit\` (default 100, at most ${MAX_PAGE}), \`cursor\`; strong ETag, If-None-Match → 304.`,
  })
  @ApiBadRequestResponse({ description: PERIOD_400 })
  @ApiConflictResponse({ description: 'the period is not approved or closed (APPRAISAL_NOT_APPROVED)' })
  @ApiNotFoundResponse({ description: 'no completed run (APPRAISAL_NO_RESULTS)' })
  async scores(
    @Param('period') period: string,
    @Query() query: ScoresQueryDto,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const { json, etag } = await this.payroll.scores(period, query);
    res.setHeader('ETag', etag);
    if (ifNoneMatch && ifNoneMatch.split(/\s*,\s*/).some((t) => t === etag || t === '*')) {
      res.status(304).end();
      return;
    }
    res.status(200).setHeader('Content-Type', 'application/json; charset=utf-8');
    res.send(json);
  }
}

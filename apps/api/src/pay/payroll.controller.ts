// The payroll feed, for systems with an API key: a closed period's payroll lines (JSON or CSV, streamed) and the
// export batches recorded from them. The rules are PayrollService's; the currency is the configured one. People
// download the lines too, with their sign-in (HR, auditors and the finance role: the month cockpit's download);
// recording an export batch stays the payroll system's.
import {
  applyDecorators,
  Body,
  Controller,
  Get,
  Headers,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ExportView, PAYROLL_FORMATS, PayrollFormat, PayrollService } from '@app/domain/pay';
import type { XlsxDownload } from '@app/domain/documents';
import { PeriodPipe } from '../common/period-param';
import { actorOf } from '../common/actor';
import { KeyedRequest, RequireScope } from '../access/api-key.guard';
import { KeyOrRoles } from '../access/access';
import { sendChunks, sendXlsx } from '../common/downloads';

/** What GET payroll answers in: the export formats, and xlsx for people (not an export: its bytes vary). */
const READ_FORMATS = [...PAYROLL_FORMATS, 'xlsx'] as const;

export class PayrollQueryDto {
  @IsOptional()
  @IsIn(READ_FORMATS)
  format?: (typeof READ_FORMATS)[number];
}

export class ExportBodyDto {
  @IsIn(PAYROLL_FORMATS)
  format!: PayrollFormat;
}

const CONTENT_TYPE: Record<PayrollFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** What renders a payroll (a month's PayrollService, an appraisal period's AppraisalPayrollService). */
export interface PayrollDocuments {
  open(period: string, format: PayrollFormat, currency: string): Promise<AsyncGenerator<string, unknown>>;
  openWorkbook(period: string, currency: string): Promise<XlsxDownload>;
}

/**
 * Answers GET payroll in the format asked: JSON or CSV streamed (the CSV as a download), or an .xlsx. Every refusal
 * is thrown by `open` before the first byte, so it is still answered as an error.
 */
export async function sendPayroll(
  res: Response,
  docs: PayrollDocuments,
  period: string,
  format: (typeof READ_FORMATS)[number],
  currency: string,
): Promise<void> {
  if (format === 'xlsx')
    return sendXlsx(res, `payroll-${period}.xlsx`, await docs.openWorkbook(period, currency));
  const chunks = await docs.open(period, format, currency);
  return sendChunks(
    res,
    CONTENT_TYPE[format],
    chunks,
    format === 'csv' ? `payroll-${period}.csv` : undefined,
  );
}

/**
 * What records a payroll's export batches: a month's PayrollService, or an appraisal period's
 * AppraisalPayrollService (the same method).
 */
export type PayrollExports = Pick<PayrollService, 'recordExport'>;

/**
 * POST exports, for a payroll system's key: `whose` payroll (in the summary) and why a period is refused
 * (`notClosed`, the 409's description).
 */
export function RecordExportRoute(whose: string, notClosed: string): MethodDecorator {
  return applyDecorators(
    Post('exports'),
    RequireScope('payroll:read'),
    ApiOperation({
      summary: `Record an export batch of ${whose} payroll (scope payroll:read)`,
      description:
        '{id, period, format, lineCount, total, checksum, createdAt}: checksum is the SHA-256 of the bytes GET payroll ' +
        'returns in that format. With Idempotency-Key: the same key and request → 200 and the same batch.',
    }),
    ApiHeader({ name: 'Idempotency-Key', required: false }),
    ApiConflictResponse({ description: notClosed }),
    ApiUnprocessableEntityResponse({ description: 'the Idempotency-Key was used for another request' }),
  );
}

/** Records an export batch: 201 with a new one, 200 with the one an Idempotency-Key already recorded. */
export async function recordExport(
  exports: PayrollExports,
  period: string,
  format: PayrollFormat,
  currency: string,
  idempotencyKey: string | undefined,
  req: KeyedRequest,
  res: Response,
): Promise<ExportView> {
  const key = idempotencyKey?.trim() || undefined;
  const { batch, created } = await exports.recordExport(
    period,
    format,
    currency,
    key?.slice(0, 200),
    actorOf(req),
  );
  res.status(created ? 201 : 200);
  return batch;
}

@ApiTags('finance')
@ApiSecurity('X-API-Key')
@Controller('api/v1/periods/:period')
export class PayrollController {
  constructor(
    private readonly payroll: PayrollService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('payroll')
  @KeyOrRoles('payroll:read', 'hr_admin', 'auditor', 'finance')
  @ApiOperation({
    summary:
      'Payroll lines of a closed period (scope payroll:read, or signed in as HR, auditor or finance), ?format=json|csv|xlsx',
    description:
      'PERF_BONUS per member of staff with an incentive (PERF_DEDUCTION for a declared deduction), then PERF_ADJ lines; staff id order; the same bytes on every call.',
  })
  @ApiNotFoundResponse({ description: 'no such period, or no completed run' })
  @ApiConflictResponse({ description: 'the period is not closed' })
  async lines(
    @Param('period', PeriodPipe) period: string,
    @Query() query: PayrollQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    return sendPayroll(res, this.payroll, period, query.format ?? 'json', this.config.payroll.currency);
  }

  @RecordExportRoute('the period’s', 'the period is not closed')
  export(
    @Param('period', PeriodPipe) period: string,
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
  @ApiOperation({ summary: 'The export batches of the period, oldest first (scope payroll:read)' })
  exports(@Param('period', PeriodPipe) period: string): Promise<ExportView[]> {
    return this.payroll.listExports(period);
  }
}

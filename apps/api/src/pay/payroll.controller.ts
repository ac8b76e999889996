// The payroll feed, for systems with an API key: a closed period's payroll lines (JSON or CSV, streamed) and the
// export batches recorded from them. The rules are PayrollService's; the currency is the configured one.
import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
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
import { once } from 'node:events';
import { APP_CONFIG, AppConfig } from '@app/config';
import { XLSX_CONTENT_TYPE } from '@app/domain/documents';
import { ExportView, PAYROLL_FORMATS, PayrollFormat, PayrollService } from '@app/domain/pay';
import { PeriodPipe } from '../common/period-param';
import { actorOf } from '../common/actor';
import { KeyedRequest, RequireScope } from '../access/api-key.guard';

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

@ApiTags('finance')
@ApiSecurity('X-API-Key')
@Controller('api/v1/periods/:period')
export class PayrollController {
  constructor(
    private readonly payroll: PayrollService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('payroll')
  @RequireScope('payroll:read')
  @ApiOperation({
    summary: 'Payroll lines of a closed period (scope payroll:read), ?format=json|csv|xlsx',
    description:
      'PERF_BONUS per member of staff with an incentive, staff id order; the same bytes on every call.',
  })
  @ApiNotFoundResponse({ description: 'no such period, or no completed run' })
  @ApiConflictResponse({ description: 'the period is not closed' })
  async lines(
    @Param('period', PeriodPipe) period: string,
    @Query() query: PayrollQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    const format = query.format ?? 'json';
    if (format === 'xlsx') {
      const download = await this.payroll.openWorkbook(period, this.config.payroll.currency);
      res.status(200).setHeader('Content-Type', XLSX_CONTENT_TYPE);
      res.setHeader('Content-Disposition', `attachment; filename="payroll-${period}.xlsx"`);
      try {
        await download(res);
      } catch (e) {
        res.destroy(e as Error);
      }
      return;
    }
    // Refusals happen here, before the first byte, so they still get the JSON error shape.
    const chunks = await this.payroll.open(period, format, this.config.payroll.currency);
    res.status(200).setHeader('Content-Type', CONTENT_TYPE[format]);
    if (format === 'csv')
      res.setHeader('Content-Disposition', `attachment; filename="payroll-${period}.csv"`);
    try {
      for await (const chunk of chunks) {
        // Respect backpressure: memory stays flat however many lines there are.
        if (!res.write(chunk)) await once(res, 'drain');
      }
      res.end();
    } catch (e) {
      // Half a file must not look like a whole one: the connection is cut.
      res.destroy(e as Error);
    }
  }

  @Post('exports')
  @RequireScope('payroll:read')
  @ApiOperation({
    summary: 'Record an export batch of the period’s payroll (scope payroll:read)',
    description:
      '{id, period, format, lineCount, total, checksum, createdAt}: checksum is the SHA-256 of the bytes GET payroll ' +
      'returns in that format. With Idempotency-Key: the same key and request → 200 and the same batch.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiConflictResponse({ description: 'the period is not closed' })
  @ApiUnprocessableEntityResponse({ description: 'the Idempotency-Key was used for another request' })
  async export(
    @Param('period', PeriodPipe) period: string,
    @Body() body: ExportBodyDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: KeyedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ExportView> {
    const key = idempotencyKey?.trim() || undefined;
    const { batch, created } = await this.payroll.recordExport(
      period,
      body.format,
      this.config.payroll.currency,
      key?.slice(0, 200),
      actorOf(req),
    );
    res.status(created ? 201 : 200);
    return batch;
  }

  @Get('exports')
  @RequireScope('payroll:read')
  @ApiOperation({ summary: 'The export batches of the period, oldest first (scope payroll:read)' })
  exports(@Param('period', PeriodPipe) period: string): Promise<ExportView[]> {
    return this.payroll.listExports(period);
  }
}

// The finance feed, for systems with an API key: a period's scores (paged, with ETags), its payroll lines
// (closed periods only; JSON or CSV, streamed) and the export batches recorded from them.
import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import {
  listExports,
  openPayroll,
  PAYROLL_FORMATS,
  PayrollFormat,
  recordExport,
  renderPayroll,
} from '@app/domain/pay';
import { MAX_PAGE } from '@app/domain/runs';
import { scoresBody } from '@app/domain/finance';
import { PeriodPipe } from '../common/period-param';
import { actorOf } from '../common/actor';
import { KeyedRequest, RequireScope } from '../access/api-key.guard';
import { ResultsQuery } from '../common/results-query.dto';

/** The results page query, with a site filter too. */
export class ScoresQueryDto extends ResultsQuery {
  @IsOptional() @IsString() @MaxLength(64) site?: string;
}

export class PayrollQueryDto {
  @IsOptional()
  @IsIn(PAYROLL_FORMATS)
  format?: PayrollFormat;
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
export class FinanceController {
  constructor(private readonly ds: DataSource) {}

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
    const { json, etag } = await scoresBody(this.ds, period, query);
    res.setHeader('ETag', etag);
    if (ifNoneMatch && ifNoneMatch.split(/\s*,\s*/).some((t) => t === etag || t === '*')) {
      res.status(304).end();
      return;
    }
    res.status(200).setHeader('Content-Type', 'application/json; charset=utf-8');
    res.send(json);
  }

  @Get('payroll')
  @RequireScope('payroll:read')
  @ApiOperation({
    summary: 'Payroll lines of a closed period (scope payroll:read), ?format=json|csv',
    description:
      'PERF_BONUS per member of staff with an incentive, staff id order; the same bytes on every call.',
  })
  @ApiNotFoundResponse({ description: 'no such period, or no completed run' })
  @ApiConflictResponse({ description: 'the period is not closed' })
  async payroll(
    @Param('period', PeriodPipe) period: string,
    @Query() query: PayrollQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    const format = query.format ?? 'json';
    // Refusals happen here, before the first byte, so they still get the JSON error shape.
    const src = await openPayroll(this.ds, period);
    res.status(200).setHeader('Content-Type', CONTENT_TYPE[format]);
    if (format === 'csv')
      res.setHeader('Content-Disposition', `attachment; filename="payroll-${period}.csv"`);
    try {
      for await (const chunk of renderPayroll(this.ds, src, format)) {
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
  ) {
    const key = idempotencyKey?.trim() || undefined;
    const { batch, created } = await recordExport(
      this.ds,
      period,
      body.format,
      key?.slice(0, 200),
      actorOf(req),
    );
    res.status(created ? 201 : 200);
    return batch;
  }

  @Get('exports')
  @RequireScope('payroll:read')
  @ApiOperation({ summary: 'The export batches of the period, oldest first (scope payroll:read)' })
  exports(@Param('period', PeriodPipe) period: string) {
    return listExports(this.ds, period);
  }
}

// Measurements in over HTTP: a JSON list (with an optional Idempotency-Key header) or a CSV file (text/csv body
// with an optional `filename` query parameter or Content-Disposition, or a multipart upload), handed to
// MeasurementsService, which stores one intake batch, its observations and its audit entry in one transaction.
import {
  BadRequestException,
  Body,
  Controller,
  Headers,
  HttpCode,
  Post,
  Query,
  Req,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { MeasurementsService } from '@app/domain/documents';
import { actorOf } from '../common/actor';
import { BODY_LIMIT_BYTES } from '../common/limits';
import { HrWrite } from '../access/access';

@ApiTags('measurements')
@HrWrite()
@Controller('api/v1/measurements')
export class MeasurementsController {
  constructor(private readonly measurements: MeasurementsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record measurements (a JSON list)',
    description:
      'Each row: {input | task, staff | department, date (YYYY-MM-DD), value, mode?}. Every row is checked; ' +
      'any bad row refuses the batch with the row numbers and reasons, and nothing is stored. The rows are one ' +
      'intake batch; the same list for the same months again (or the same Idempotency-Key from the same caller) ' +
      'answers the earlier batch with duplicate: true and stores nothing.',
  })
  @ApiBody({ schema: { type: 'array', items: { type: 'object' } } })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'at most 200 characters; a retry with the same key answers the first request’s batch',
  })
  @ApiOkResponse({ description: '{batch, duplicate, stored, periods}' })
  @ApiBadRequestResponse({
    description: '{rows: [{row, field, message}]}, or an over-long Idempotency-Key; nothing stored',
  })
  @ApiConflictResponse({
    description: 'a month of the rows is approved or closed, or a run of it is queued or running (named)',
  })
  record(@Body() body: unknown, @Req() req: Request, @Headers('idempotency-key') idempotencyKey?: string) {
    return this.measurements.recordJson(actorOf(req), body, idempotencyKey);
  }

  @Post('csv')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record measurements from CSV (text/csv body, or a multipart upload in the field "file")',
    description:
      'Header: staff or department, date, optional mode, then input codes (or task:CODE). Every non-empty cell is a ' +
      'measurement; problems name the file line (the header is line 1). Any bad row refuses the file; nothing is stored. ' +
      'The file is one intake batch (SHA-256 of its text): the same file for the same months again answers the ' +
      'earlier batch with duplicate: true and stores nothing.',
  })
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiQuery({
    name: 'filename',
    required: false,
    description: 'the file’s name, kept with the batch (else Content-Disposition’s, or the upload’s)',
  })
  @ApiOkResponse({ description: '{batch, duplicate, stored, periods}' })
  @ApiBadRequestResponse({
    description: '{rows: [{row, field, message}]} with file line numbers; nothing stored',
  })
  @ApiConflictResponse({
    description: 'a month of the rows is approved or closed, or a run of it is queued or running (named)',
  })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: BODY_LIMIT_BYTES, files: 1 } }))
  recordCsv(
    @Req() req: Request,
    @Query('filename') filename?: unknown,
    @UploadedFile() file?: { buffer: Buffer; originalname?: string },
  ) {
    const text = file ? file.buffer.toString('utf8') : typeof req.body === 'string' ? req.body : undefined;
    if (text === undefined)
      throw new BadRequestException(
        'send the CSV as a text/csv body or as a multipart file in the field "file"',
      );
    if (filename !== undefined && typeof filename !== 'string')
      throw new BadRequestException('filename: give it once, as text');
    const name = filename || file?.originalname || dispositionFileName(req.headers['content-disposition']);
    return this.measurements.recordCsv(actorOf(req), text, name || null);
  }
}

/** The `filename` of a Content-Disposition header (`attachment; filename="march.csv"`), if any. */
function dispositionFileName(header: string | undefined): string | undefined {
  const m = header ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header) : null;
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

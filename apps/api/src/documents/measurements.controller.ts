// Measurements in over HTTP: a JSON list or a CSV file (text/csv body or multipart upload), handed to
// MeasurementsService, which stores the batch and its audit entry in one transaction.
import {
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  Post,
  Req,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
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
      'any bad row refuses the batch with the row numbers and reasons, and nothing is stored.',
  })
  @ApiBody({ schema: { type: 'array', items: { type: 'object' } } })
  @ApiOkResponse({ description: '{stored, periods}' })
  @ApiBadRequestResponse({ description: '{rows: [{row, field, message}]}; nothing stored' })
  record(@Body() body: unknown, @Req() req: Request) {
    return this.measurements.record(body, actorOf(req));
  }

  @Post('csv')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record measurements from CSV (text/csv body, or a multipart upload in the field "file")',
    description:
      'Header: staff or department, date, optional mode, then input codes (or task:CODE). Every non-empty cell is a ' +
      'measurement; problems name the file line (the header is line 1). Any bad row refuses the file; nothing is stored.',
  })
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiOkResponse({ description: '{stored, periods}' })
  @ApiBadRequestResponse({
    description: '{rows: [{row, field, message}]} with file line numbers; nothing stored',
  })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: BODY_LIMIT_BYTES, files: 1 } }))
  recordCsv(@Req() req: Request, @UploadedFile() file?: { buffer: Buffer }) {
    const text = file ? file.buffer.toString('utf8') : typeof req.body === 'string' ? req.body : undefined;
    if (text === undefined)
      throw new BadRequestException(
        'send the CSV as a text/csv body or as a multipart file in the field "file"',
      );
    return this.measurements.recordCsv(text, actorOf(req));
  }
}

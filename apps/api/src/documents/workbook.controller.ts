// The month in Excel over HTTP: the template download and its upload (WorkbookService). The upload is the raw
// .xlsx body (no body parser reads that content type, so the route reads the stream itself, within the same size
// limit as every body) or a multipart upload in the field "file", like the CSV route. The template is read by HR
// and auditors (it changes nothing); the upload is HR's.
import {
  BadRequestException,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { RecordedMeasurements, WorkbookService, XLSX_CONTENT_TYPE } from '@app/domain/documents';
import { actorOf } from '../common/actor';
import { BODY_LIMIT_BYTES } from '../common/limits';
import { readRawBody } from '../common/raw-body';
import { PeriodPipe } from '../common/period-param';
import { HrRead, HrWrite } from '../access/access';

export class WorkbookQuery {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  department?: string;
}

@ApiTags('measurements')
@Controller('api/v1/periods/:period/workbook')
export class WorkbookController {
  constructor(private readonly workbooks: WorkbookService) {}

  @Get()
  @HrRead()
  @ApiOperation({
    summary: 'The month’s Excel template (.xlsx), for one department or all',
    description:
      'One sheet per indicator set, a row per member of staff active in the month with that set, a column per ' +
      'staff-level input its formulas read (row 1: name, unit and aggregate, with a comment; row 2: the codes ' +
      'the upload reads), the values already recorded, and number validation on the input cells.',
  })
  @ApiOkResponse({ description: 'the .xlsx file' })
  @ApiNotFoundResponse({ description: 'no such period or department, or nobody to score in it' })
  async template(
    @Param('period', PeriodPipe) period: string,
    @Query() query: WorkbookQuery,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.workbooks.template(period, query.department);
    res
      .status(200)
      .setHeader('Content-Type', XLSX_CONTENT_TYPE)
      .setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`)
      .end(file.bytes);
  }

  @Post()
  @HrWrite()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Record the month’s values from a workbook (the template filled in, or any with the same code row)',
    description:
      'Every non-empty input cell that differs from the value already recorded is a measurement of the month ' +
      '(dated its last day, mode monthly); all of them are one batch (source xlsx). Any bad cell refuses the ' +
      'workbook, every bad cell named by sheet and address; nothing is stored. The same bytes again answer the ' +
      'earlier batch with duplicate: true.',
  })
  @ApiConsumes(XLSX_CONTENT_TYPE, 'multipart/form-data')
  @ApiOkResponse({ description: '{batch, duplicate, stored, periods}' })
  @ApiBadRequestResponse({
    description: '{message, rows: [{sheet, cell, row, field, message}]}; nothing stored',
  })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: BODY_LIMIT_BYTES, files: 1 } }))
  async upload(
    @Param('period', PeriodPipe) period: string,
    @Req() req: Request,
    @UploadedFile() file?: { buffer: Buffer; originalname?: string },
  ): Promise<RecordedMeasurements> {
    let bytes = file?.buffer;
    if (!bytes) {
      if (!req.is(XLSX_CONTENT_TYPE))
        throw new BadRequestException(
          `send the workbook as a ${XLSX_CONTENT_TYPE} body or as a multipart file in the field "file"`,
        );
      bytes = await readRawBody(req, 'the workbook');
    }
    if (!bytes.length) throw new BadRequestException('the workbook is empty');
    return this.workbooks.upload(actorOf(req), period, bytes, file?.originalname ?? null);
  }
}

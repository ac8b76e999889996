// HR's side of the work-order feeds: register a system as a feed (its secret shown once), rotate the secret,
// disable the feed, list the feeds (never a secret), and import the events of a system's file export (CSV or
// .xlsx) as that feed's. Auditors read the list; only HR changes anything.
import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { XLSX_CONTENT_TYPE } from '@app/domain/documents';
import { EventsFile, FeedView, ReceivedEvents, WorkOrderFeedsService } from '@app/domain/work-orders';
import { namedInput } from '@app/scoring';
import { HrRead, HrWrite } from '../access/access';
import { actorOf } from '../common/actor';
import { BODY_LIMIT_BYTES } from '../common/limits';
import { readRawBody } from '../common/raw-body';
import { CreateFeedDto } from './feeds.dto';

/** An .xlsx file is a zip archive: it starts with "PK". */
const isZip = (bytes: Buffer) => bytes.length > 1 && bytes[0] === 0x50 && bytes[1] === 0x4b;

@ApiTags('work-orders')
@Controller('api/v1/feeds/work-orders/feeds')
export class FeedsController {
  constructor(private readonly feeds: WorkOrderFeedsService) {}

  @Post()
  @HrWrite()
  @ApiOperation({
    summary: 'Register a work-order system as a feed; its secret is in this answer only',
    description: 'The secret (64 hex characters) signs the system’s requests; it is never shown again.',
  })
  @ApiCreatedResponse({
    description: '{feed: {code, name, names?, createdBy, createdAt, disabledAt, events}, secret}',
  })
  @ApiBadRequestResponse({ description: 'a bad field, named' })
  @ApiConflictResponse({ description: 'the code is taken' })
  create(@Body() body: CreateFeedDto, @Req() req: Request): Promise<{ feed: FeedView; secret: string }> {
    const { code, name } = namedInput(body);
    return this.feeds.create({ code, name }, actorOf(req));
  }

  @Get()
  @HrRead()
  @ApiOperation({ summary: 'The feeds (never their secrets), with how many events each has sent' })
  @ApiOkResponse({ description: '[{code, name, names?, createdBy, createdAt, disabledAt, events}]' })
  list(): Promise<FeedView[]> {
    return this.feeds.list();
  }

  @Post(':code/secret')
  @HrWrite()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Rotate the feed’s secret: the new one is in this answer only; the old one stops working at once',
  })
  @ApiOkResponse({ description: '{feed, secret}' })
  @ApiNotFoundResponse({ description: 'no such feed' })
  @ApiConflictResponse({ description: 'the feed is disabled' })
  rotate(@Param('code') code: string, @Req() req: Request): Promise<{ feed: FeedView; secret: string }> {
    return this.feeds.rotate(code, actorOf(req));
  }

  @Delete(':code')
  @HrWrite()
  @ApiOperation({ summary: 'Disable the feed: its requests are refused from now on; its events stay' })
  @ApiOkResponse({ description: 'the feed, disabledAt set (disabling twice answers the same)' })
  @ApiNotFoundResponse({ description: 'no such feed' })
  disable(@Param('code') code: string, @Req() req: Request): Promise<FeedView> {
    return this.feeds.disable(code, actorOf(req));
  }

  @Post(':code/events')
  @HrWrite()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import a system’s file export of events as the feed’s (CSV or .xlsx)',
    description:
      'A text/csv body, an .xlsx body, or a multipart upload in the field "file". The header row names the event ' +
      'fields (eventId, orderId, type, occurredAt required; requester, serviceType, assignee, team, result, ' +
      'rating, note optional); one event per row. The same checks and duplicate rule as the signed feed: any bad ' +
      'row refuses the file, every problem named by line (CSV) or cell (.xlsx); nothing is stored.',
  })
  @ApiConsumes('text/csv', XLSX_CONTENT_TYPE, 'multipart/form-data')
  @ApiQuery({ name: 'filename', required: false, description: 'the file’s name, kept in the audit entry' })
  @ApiOkResponse({ description: '{received, stored, duplicates}' })
  @ApiBadRequestResponse({
    description: '{rows: [{row, field, code, message, sheet?, cell?}]}; nothing stored',
  })
  @ApiNotFoundResponse({ description: 'no such feed' })
  @ApiConflictResponse({ description: 'the feed is disabled' })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: BODY_LIMIT_BYTES, files: 1 } }))
  async importFile(
    @Param('code') code: string,
    @Req() req: Request,
    @Query('filename') filename?: unknown,
    @UploadedFile() upload?: { buffer: Buffer; originalname?: string },
  ): Promise<ReceivedEvents> {
    if (filename !== undefined && typeof filename !== 'string')
      throw new BadRequestException('filename: give it once, as text');
    let file: EventsFile;
    if (upload) {
      file = isZip(upload.buffer)
        ? { kind: 'xlsx', bytes: upload.buffer }
        : { kind: 'csv', text: upload.buffer.toString('utf8') };
    } else if (typeof req.body === 'string') {
      file = { kind: 'csv', text: req.body };
    } else if (req.is(XLSX_CONTENT_TYPE)) {
      file = { kind: 'xlsx', bytes: await readRawBody(req, 'the file') };
    } else {
      throw new BadRequestException(
        `send the events as a text/csv body, a ${XLSX_CONTENT_TYPE} body, or a multipart file in the field "file"`,
      );
    }
    const name = filename || upload?.originalname || null;
    return this.feeds.importFile(code, file, actorOf(req), name);
  }
}

// Evidence over HTTP: HR (and a manager, for the staff of their departments) attaches a note and a file to an
// observation, a correction or a person's month value; those who may read the person's result read it. The rules
// are EvidenceService's; the body is multipart (the file in "file", the rest as fields) or JSON for a note only.
// The file is served as an attachment with its detected type and `nosniff`, so a browser never runs it.
import {
  Body,
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
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { EvidenceService, EvidenceView } from '@app/domain/documents';
import { Allow, AuthedRequest, SignedIn } from '../access/access';
import { actorOf } from '../common/actor';
import { IdPipe } from '../common/id-pipe';
import { PeriodPipe } from '../common/period-param';

/** Multer's own ceiling (the configured EVIDENCE_MAX_BYTES, at most 50 MB, is checked by the service). */
const UPLOAD_CEILING_BYTES = 50 * 1024 * 1024 + 1;

@ApiTags('evidence')
@Controller('api/v1')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Allow('hr_admin', 'dept_manager')
  @Post('periods/:period/evidence')
  @HttpCode(201)
  @ApiConsumes('multipart/form-data', 'application/json')
  @UseInterceptors(
    FileInterceptor('file', {
      limits: { fileSize: UPLOAD_CEILING_BYTES, files: 1, fields: 10, fieldSize: 16 * 1024 },
    }),
  )
  @ApiOperation({
    summary:
      'Attach a note and a file (photo, PDF scan) to an observation, a correction or a person’s month value',
    description:
      'Fields: `note`, and one of `observation` (id), `correction` (id), or `staff` + `input`; `file` optional. ' +
      'The file’s type is decided by its bytes (JPEG, PNG, WebP, HEIC, PDF); at most EVIDENCE_MAX_BYTES. A ' +
      'manager attaches to the staff and departments of their departments only. Raises the month’s data version: ' +
      'the next run cites the evidence in the deduction and veto explanations.',
  })
  @ApiCreatedResponse({ description: 'the evidence (without its content)' })
  @ApiBadRequestResponse({ description: 'a bad field, or a file of a kind not accepted (named)' })
  @ApiNotFoundResponse({
    description: 'no such period, observation, correction or staff that the caller may see',
  })
  @ApiConflictResponse({ description: 'the month is approved or closed, or a run of it is in progress' })
  @ApiPayloadTooLargeResponse({ description: 'the file is larger than EVIDENCE_MAX_BYTES' })
  add(
    @Param('period', PeriodPipe) period: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @UploadedFile() file?: { buffer: Buffer; originalname?: string },
  ): Promise<EvidenceView> {
    return this.evidence.add({ actor: actorOf(req), user: req.user }, period, body ?? {}, file ?? null);
  }

  @SignedIn()
  @Get('evidence/:id')
  @ApiOperation({ summary: 'The file of one piece of evidence (an attachment, with its detected type)' })
  @ApiNotFoundResponse({ description: 'no such evidence that the caller may read, or it has no file' })
  async file(
    @Param('id', IdPipe) id: number,
    @Req() req: AuthedRequest,
    @Res() res: Response,
  ): Promise<void> {
    const f = await this.evidence.file(req.user, id);
    res.setHeader('Content-Type', f.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${f.fileName}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.status(200).end(f.bytes);
  }

  @SignedIn()
  @Get('periods/:period/staff/:code/evidence')
  @ApiOperation({ summary: 'A person’s evidence of the month (and their department’s), oldest first' })
  @ApiNotFoundResponse({ description: 'no such person or month that the caller may read' })
  list(
    @Param('period', PeriodPipe) period: string,
    @Param('code') code: string,
    @Req() req: AuthedRequest,
  ): Promise<EvidenceView[]> {
    return this.evidence.listForStaff(req.user, period, { code: code.slice(0, 64) });
  }

  @SignedIn()
  @Get('me/evidence')
  @ApiOperation({ summary: 'My evidence of a month (`?period=YYYY-MM`), and my department’s' })
  @ApiNotFoundResponse({ description: 'no such month, or the user is not linked to a member of staff' })
  mine(@Query('period', PeriodPipe) period: string, @Req() req: AuthedRequest): Promise<EvidenceView[]> {
    const staffId = req.user?.staffId ?? null;
    if (staffId === null) return this.evidence.listForStaff(undefined, period, { code: '' });
    return this.evidence.listForStaff(req.user, period, { staffId });
  }
}

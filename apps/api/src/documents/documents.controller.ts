import { BadRequestException, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { exportDocument, importDocument } from '@app/domain/documents';
import { PERIOD_RE, ScorecardDocument } from '@app/scoring';
import { actorOf } from '../common/actor';
import { documentFromRequest } from '../common/document-body';
import { HrRead, HrWrite } from '../access/access';

@ApiTags('documents')
@HrWrite()
@Controller('api/v1')
export class DocumentsController {
  constructor(private readonly ds: DataSource) {}

  @Post('documents')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import a scorecard document',
    description:
      'Upserts the input dictionary, indicator sets and workload catalogue (new versions effective from the period when changed), ' +
      'departments, staff and the period’s monthly values, all in one transaction. JSON, or YAML with Content-Type application/yaml.',
  })
  @ApiConsumes('application/json', 'application/yaml')
  @ApiBody({ description: 'a scorecard document, formatVersion 1', schema: { type: 'object' } })
  @ApiOkResponse({ description: '{period, counts}' })
  @ApiBadRequestResponse({ description: 'every problem of the document, each with its path; nothing stored' })
  @ApiConflictResponse({
    description:
      'the document conflicts with what is stored (closed period, employee numbers), or would change a closed ' +
      'month (staff fields or active days, assignment rules, input level or aggregate, department site); nothing stored',
  })
  import(@Req() req: Request) {
    // The actor of the import's audit entry (and the `entered_by` of its observations).
    return importDocument(this.ds, documentFromRequest(req), actorOf(req));
  }

  @HrRead()
  @Get('periods/:period/document')
  @ApiOperation({ summary: 'Export a period as a scorecard document' })
  @ApiOkResponse({ description: 'the document; scoring it gives the period’s results' })
  @ApiNotFoundResponse({ description: 'no such period' })
  export(@Param('period') period: string): Promise<ScorecardDocument> {
    if (!PERIOD_RE.test(period))
      throw new BadRequestException(`period must be a month "YYYY-MM", got "${period}"`);
    return exportDocument(this.ds, period);
  }
}

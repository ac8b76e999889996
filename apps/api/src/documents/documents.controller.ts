// A month's scorecard document over HTTP: import (JSON or YAML) and export; the rules are DocumentsService's.
import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
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
import { DocumentsService } from '@app/domain/documents';
import type { ScorecardDocument } from '@app/scoring';
import { actorOf } from '../common/actor';
import { documentFromRequest } from '../common/document-body';
import { PeriodPipe } from '../common/period-param';
import { HrRead, HrWrite } from '../access/access';

@ApiTags('documents')
@HrWrite()
@Controller('api/v1')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post('documents')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import a scorecard document',
    description:
      'Upserts the input dictionary, indicator sets and workload catalogue (new versions effective from the period when changed), ' +
      'departments, staff and the period’s monthly values, all in one transaction. JSON, or YAML with Content-Type application/yaml. ' +
      'The import is one intake batch (SHA-256 of the document’s canonical JSON): the same document for the month again ' +
      'answers the earlier batch with duplicate: true and changes nothing.',
  })
  @ApiConsumes('application/json', 'application/yaml')
  @ApiBody({ description: 'a scorecard document, formatVersion 1', schema: { type: 'object' } })
  @ApiOkResponse({ description: '{period, counts, batch, duplicate}' })
  @ApiBadRequestResponse({ description: 'every problem of the document, each with its path; nothing stored' })
  @ApiConflictResponse({
    description:
      'the month is approved or closed or a run of it is queued or running (named), the document conflicts with ' +
      'what is stored (employee numbers), or would change a closed ' +
      'month (staff fields or active days, assignment rules, input level or aggregate, department site); nothing stored',
  })
  import(@Req() req: Request) {
    // The actor of the import's audit entry (and the `entered_by` of its observations).
    return this.documents.import(documentFromRequest(req), actorOf(req));
  }

  @HrRead()
  @Get('periods/:period/document')
  @ApiOperation({ summary: 'Export a period as a scorecard document' })
  @ApiOkResponse({ description: 'the document; scoring it gives the period’s results' })
  @ApiNotFoundResponse({ description: 'no such period' })
  export(@Param('period', PeriodPipe) period: string): Promise<ScorecardDocument> {
    return this.documents.export(period);
  }
}

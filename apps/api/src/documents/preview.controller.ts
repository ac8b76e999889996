// What-if for HR over HTTP: scores a posted document exactly as the CLI does (the pure engine), storing nothing.
import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { scoreDocument, ScorecardResult } from '@app/scoring';
import { documentFromRequest } from '../common/document-body';
import { HrWrite } from '../access/access';

@ApiTags('preview')
@HrWrite()
@Controller('api/v1/preview')
export class PreviewController {
  /** What-if for HR: scores a posted document exactly as the CLI does, storing nothing. */
  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Score a scorecard document without storing anything',
    description:
      'The body is a scorecard document (docs/FORMAT.md) as JSON or YAML; the answer is its result.',
  })
  @ApiConsumes('application/json', 'application/yaml')
  @ApiBody({ description: 'a scorecard document, formatVersion 1', schema: { type: 'object' } })
  @ApiOkResponse({ description: 'the result: staff, departments, errors' })
  @ApiBadRequestResponse({ description: 'every problem of the document, each with its path' })
  preview(@Req() req: Request): ScorecardResult {
    return scoreDocument(documentFromRequest(req));
  }
}

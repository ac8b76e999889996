// Value corrections of a month over HTTP: HR sets the month's value of one input for one person or department
// (it replaces what the observations aggregate to), HR and auditors list them. The rules are the service's
// (ValueCorrectionsService); the body is checked there, so each bad field is named in the answer.
import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { CorrectionView, CreatedCorrection, ValueCorrectionsService } from '@app/domain/documents';
import { actorOf } from '../common/actor';
import { PeriodPipe } from '../common/period-param';
import { HrRead, HrWrite } from '../access/access';

@ApiTags('corrections')
@HrWrite()
@Controller('api/v1/periods/:period/corrections')
export class CorrectionsController {
  constructor(private readonly corrections: ValueCorrectionsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: "Set the month's value of one input for one person or department",
    description:
      'The value replaces what the observations of the month aggregate to (they are kept); a correction already ' +
      'in force for the same input and person (or department) is superseded. The explanation of every indicator ' +
      'reading the value names the correction, its reason and what the observations gave. Refused while a run of ' +
      'the month is queued or running, and once the month is approved or closed (a closed month is corrected by ' +
      'an adjustment: POST /api/v1/periods/{period}/adjustments).',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['input', 'value', 'reason'],
      properties: {
        input: { type: 'string', example: 'complaints' },
        staff: {
          type: 'string',
          description: 'staff code (or department, for an input that is not staff-level)',
        },
        department: { type: 'string' },
        value: { type: 'number', example: 3 },
        reason: { type: 'string', example: 'two complaints were about another ward' },
        note: { type: 'string' },
      },
    },
  })
  @ApiCreatedResponse({ description: 'the correction, with `supersedes` (the id it replaced, or null)' })
  @ApiBadRequestResponse({ description: '{rows: [{row, field, message}]}: each bad field; nothing stored' })
  @ApiNotFoundResponse({ description: 'no such period' })
  @ApiConflictResponse({
    description: 'a run of the month is in progress, or the month is approved or closed',
  })
  create(
    @Param('period', PeriodPipe) period: string,
    @Body() body: unknown,
    @Req() req: Request,
  ): Promise<CreatedCorrection> {
    return this.corrections.create(period, body, actorOf(req));
  }

  @HrRead()
  @Get()
  @ApiOperation({ summary: "The month's corrections, in force and superseded, oldest first" })
  @ApiNotFoundResponse({ description: 'no such period' })
  list(@Param('period', PeriodPipe) period: string): Promise<CorrectionView[]> {
    return this.corrections.list(period);
  }
}

// Adjustments of closed months: corrected values go in, an adjustment run scores the month again, and the
// differences against what the month paid become PERF_ADJ lines in the next open month. The closed month's
// results and payroll never change; `GET .../results?version=corrected` shows the month as corrected.
import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { IdPipe } from '../common/id-pipe';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { IsArray, IsString, MaxLength, MinLength } from 'class-validator';
import { AdjustmentsService, AdjustmentView } from '@app/domain/pay';
import { actorOf } from '../common/actor';
import { PeriodPipe } from '../common/period-param';
import { HrRead, HrWrite } from '../access/access';

export class CreateAdjustmentDto {
  @ApiProperty({ example: 'days worked of S0001 were recorded as 10, not 20' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;

  @ApiProperty({
    description:
      'Corrected month values: {staff | department, input | task, value}; each replaces what the observations gave',
    example: [{ staff: 'S0001', input: 'days_worked', value: 20 }],
  })
  @IsArray()
  corrections!: unknown[];
}

@ApiTags('adjustments')
@HrWrite()
@Controller('api/v1/periods/:period/adjustments')
export class AdjustmentsController {
  constructor(private readonly adjustments: AdjustmentsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Adjust a closed month: record corrections and start the run that computes them',
    description:
      'The run scores the month with every correction made so far (and the plan it was paid with); when it ' +
      'completes, the difference per staff member against what the month last paid is booked as PERF_ADJ lines ' +
      'into the first later month that is open or scored (a new month after the last one when there is none).',
  })
  @ApiAcceptedResponse({ description: '{adjustment, run}' })
  @ApiBadRequestResponse({
    description: 'every refused correction with its row, field and reason; nothing stored',
  })
  @ApiNotFoundResponse({ description: 'no such period' })
  @ApiConflictResponse({ description: 'the month is not closed, or a run of it is in progress' })
  create(
    @Param('period', PeriodPipe) period: string,
    @Body() body: CreateAdjustmentDto,
    @Req() req: Request,
  ) {
    return this.adjustments.start(period, body, actorOf(req));
  }

  @HrRead()
  @Get()
  @ApiOperation({ summary: 'The adjustments of a month, oldest first' })
  @ApiNotFoundResponse({ description: 'no such period' })
  list(@Param('period', PeriodPipe) period: string): Promise<AdjustmentView[]> {
    return this.adjustments.list(period);
  }

  @HrRead()
  @Get(':id')
  @ApiOperation({
    summary:
      'An adjustment with its lines: per staff member what was paid before, as corrected, the difference',
  })
  @ApiNotFoundResponse({ description: 'no such adjustment of this month' })
  get(@Param('period', PeriodPipe) period: string, @Param('id', IdPipe) id: number) {
    return this.adjustments.get(period, id);
  }
}

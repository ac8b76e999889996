// A month's intake batches over HTTP: the list (HR and auditors) and the withdrawal of one batch (HR); the rules
// are IntakeBatchesService's.
import { Controller, Delete, Get, Param, ParseIntPipe, Req } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { BatchView, IntakeBatchesService, MonthBatchView } from '@app/domain/documents';
import { actorOf } from '../common/actor';
import { PeriodPipe } from '../common/period-param';
import { HrRead, HrWrite } from '../access/access';

@ApiTags('batches')
@Controller('api/v1')
export class BatchesController {
  constructor(private readonly batches: IntakeBatchesService) {}

  @HrRead()
  @Get('periods/:period/batches')
  @ApiOperation({
    summary: 'List the intake batches of a month',
    description:
      'Every batch whose rows touch the month, oldest first: id, source, fileName, sha256, actor, createdAt, ' +
      'rowCount, periods, withdrawnAt/By, and observationsInMonth (its observations still in this month).',
  })
  @ApiOkResponse({ description: 'the batches' })
  @ApiNotFoundResponse({ description: 'no such period' })
  list(@Param('period', PeriodPipe) period: string): Promise<MonthBatchView[]> {
    return this.batches.list(period);
  }

  @HrWrite()
  @Delete('batches/:id')
  @ApiOperation({
    summary: 'Withdraw an intake batch',
    description:
      'Its observations leave every month it touched; the batch stays, with withdrawnAt and withdrawnBy. ' +
      'Audited (batch.withdraw); raises the months’ data version.',
  })
  @ApiOkResponse({ description: 'the withdrawn batch' })
  @ApiNotFoundResponse({ description: 'no such batch' })
  @ApiConflictResponse({
    description:
      'withdrawn already, or a month it touches is approved or closed or has a run queued or running (named)',
  })
  withdraw(@Param('id', ParseIntPipe) id: number, @Req() req: Request): Promise<BatchView> {
    return this.batches.withdraw(actorOf(req), id);
  }
}

// Scoring runs: start one for a period (202, or the active run when one is already queued or running), follow
// it, and cancel it while it is queued or running.
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RunsService, RunView } from '@app/domain/runs';
import { PeriodPipe } from '../common/period-param';
import { HrRead, HrWrite } from '../access/access';
import { actorOf } from '../common/actor';
import { NoBodyDto } from '../periods/periods.dto';

@ApiTags('runs')
@HrWrite()
@Controller('api/v1')
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  @Post('periods/:period/runs')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Score a period',
    description:
      'Plans a run (staff in chunks of one department) and queues it. While a run of the period is queued or ' +
      'running, asking again returns that run (`created: false`). The period’s results switch to the new run ' +
      'only when it completes.',
  })
  @ApiAcceptedResponse({ description: '{runId, created, run}' })
  @ApiNotFoundResponse({ description: 'no such period' })
  @ApiConflictResponse({ description: 'the period is closed' })
  @ApiBadRequestResponse({ description: 'a body with any field (the route takes none)' })
  async start(@Param('period', PeriodPipe) period: string, @Body() _body: NoBodyDto, @Req() req: Request) {
    const { run, created } = await this.runs.start(period, 'manual', actorOf(req));
    return { runId: run.id, created, run };
  }

  @HrRead()
  @Get('periods/:period/runs')
  @ApiOperation({ summary: 'The runs of a period, newest first (at most 50)' })
  list(@Param('period', PeriodPipe) period: string): Promise<RunView[]> {
    return this.runs.list(period);
  }

  @HrRead()
  @Get('runs/:runId')
  @ApiOperation({
    summary: 'A run: status queued|running|completed|failed|cancelled, progress {done, total}',
  })
  @ApiOkResponse({ description: '{id, period, status, progress, startedAt, finishedAt, error, ...}' })
  @ApiNotFoundResponse({ description: 'no such run' })
  get(@Param('runId', new ParseUUIDPipe()) runId: string): Promise<RunView> {
    return this.runs.get(runId);
  }

  @Post('runs/:runId/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a queued or running run',
    description:
      'The run becomes `cancelled` (audited `run.cancel`): its waiting jobs are dropped, a job in hand ends ' +
      'without effect, its results never become the month’s, and the period is free for a new run.',
  })
  @ApiOkResponse({ description: 'the run, status `cancelled`' })
  @ApiNotFoundResponse({ description: 'no such run' })
  @ApiConflictResponse({ description: 'the run is completed, failed or cancelled already' })
  cancel(
    @Param('runId', new ParseUUIDPipe()) runId: string,
    @Body() _body: NoBodyDto,
    @Req() req: Request,
  ): Promise<RunView> {
    return this.runs.cancel(runId, actorOf(req));
  }
}

// An appraisal period's runs, results and sign-off over HTTP (docs/APPRAISAL-PERIODS.md): HR starts a run (202, on
// the scoring queue like a month's), follows it, approves and closes the period; HR and auditors read the results,
// managers their departments' people; a person reads their own periods once approved, under /me. The rules are
// AppraisalRunsService's.
import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '@app/config';
import type { Lang } from '@app/scoring';
import {
  AppraisalPeriodState,
  AppraisalResultsView,
  AppraisalRunsService,
  AppraisalRunView,
} from '@app/domain/appraisal-periods';
import { Allow, AuthedRequest, HrRead, HrWrite, SignedIn } from '../access/access';
import { actorOf } from '../common/actor';
import { ReaderLanguage } from '../common/reader-language';
import { NoBodyDto } from '../periods/periods.dto';

const PERIOD_400 = 'a period that is not YYYY, YYYY-Qn or YYYY-Hn (APPRAISAL_PERIOD_INVALID)';

@ApiTags('appraisal periods')
@Controller('api/v1/appraisals/:period')
export class AppraisalRunsController {
  constructor(private readonly runs: AppraisalRunsService) {}

  @HrWrite()
  @Post('runs')
  @HttpCode(202)
  @ApiOperation({
    summary: "Score the period's appraisal: a run, one chunk per department, on the scoring queue",
    description:
      'Asking again while a run of the period is queued or running answers that run (`created: false`). The ' +
      "period's results switch to the run when it completes (status scored). Audited appraisal.run.",
  })
  @ApiAcceptedResponse({ description: '{run, created}' })
  @ApiBadRequestResponse({ description: `${PERIOD_400}; a body with any field` })
  @ApiNotFoundResponse({ description: 'the period has no plan (APPRAISAL_PLAN_NOT_FOUND)' })
  @ApiConflictResponse({ description: 'the period is approved or closed (APPRAISAL_PERIOD_LOCKED)' })
  start(
    @Param('period') period: string,
    @Body() _body: NoBodyDto,
    @Req() req: AuthedRequest,
  ): Promise<{ run: AppraisalRunView; created: boolean }> {
    return this.runs.start(actorOf(req), period);
  }

  @HrRead()
  @Get('state')
  @ApiOperation({
    summary:
      'Where the period stands: open|scored|approved|closed, its current run, who approved and closed it',
    description: 'A period never run is open, without a run (no row yet).',
  })
  @ApiBadRequestResponse({ description: PERIOD_400 })
  state(@Param('period') period: string): Promise<AppraisalPeriodState> {
    return this.runs.state(period);
  }

  @HrRead()
  @Get('runs')
  @ApiOperation({ summary: "The period's runs, newest first (at most 50), with their progress" })
  @ApiBadRequestResponse({ description: PERIOD_400 })
  list(@Param('period') period: string): Promise<AppraisalRunView[]> {
    return this.runs.list(period);
  }

  @HrRead()
  @Get('runs/:runId')
  @ApiOperation({
    summary:
      'A run: status queued|running|completed|failed|cancelled, progress {done, total, chunks, chunksDone}',
  })
  @ApiNotFoundResponse({ description: 'no such run of the period (APPRAISAL_RUN_NOT_FOUND)' })
  get(
    @Param('period') period: string,
    @Param('runId', new ParseUUIDPipe()) runId: string,
  ): Promise<AppraisalRunView> {
    return this.runs.get(period, runId);
  }

  @HrWrite()
  @Post('runs/:runId/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Cancel a queued or running run: the period is free for a new run, and stays as it was before it',
    description:
      "The run ends cancelled (error 'cancelled by <actor>'); its waiting jobs are removed, a job in hand ends " +
      "without effect and its results never become the period's. Audited appraisal.run.cancel.",
  })
  @ApiOkResponse({ description: 'the run, cancelled' })
  @ApiNotFoundResponse({ description: 'no such run of the period (APPRAISAL_RUN_NOT_FOUND)' })
  @ApiConflictResponse({ description: 'the run has ended already (APPRAISAL_PERIOD_STATE)' })
  cancel(
    @Param('period') period: string,
    @Param('runId', new ParseUUIDPipe()) runId: string,
    @Body() _body: NoBodyDto,
    @Req() req: AuthedRequest,
  ): Promise<AppraisalRunView> {
    return this.runs.cancel(actorOf(req), period, runId);
  }

  @Allow('hr_admin', 'auditor', 'dept_manager')
  @Get('results')
  @ApiQuery({ name: 'lang', required: false, enum: ['zh', 'en'] })
  @ApiOperation({
    summary: "The results of the period's current run, explained in the reader's language",
    description:
      'Each person: total, grade, calibration, bonus and the explanation of each (rendered from the stored facts in ' +
      '?lang, else Accept-Language); the department ranking computed from the rows; the period status. Managers ' +
      "read their departments' people.",
  })
  @ApiOkResponse({ description: '{period, status, runId, planVersion, staff, departments, approvedBy, ...}' })
  @ApiNotFoundResponse({ description: 'no run of the period has completed (APPRAISAL_NO_RESULTS)' })
  results(
    @Param('period') period: string,
    @Req() req: AuthedRequest,
    @ReaderLanguage() lang: Lang,
  ): Promise<AppraisalResultsView> {
    return this.runs.results(period, req.user, lang);
  }

  @HrWrite()
  @Post('approve')
  @HttpCode(200)
  @ApiOperation({
    summary: "Approve the period's results: scored → approved (a new run is refused after)",
    description: 'Audited appraisal.approve.',
  })
  @ApiConflictResponse({
    description:
      'no completed run, a run queued or running, or approved or closed already (APPRAISAL_PERIOD_STATE)',
  })
  approve(
    @Param('period') period: string,
    @Body() _body: NoBodyDto,
    @Req() req: AuthedRequest,
  ): Promise<AppraisalPeriodState> {
    return this.runs.approve(actorOf(req), period);
  }

  @HrWrite()
  @Post('close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the period: approved → closed', description: 'Audited appraisal.close.' })
  @ApiConflictResponse({ description: 'the period is not approved (APPRAISAL_PERIOD_STATE)' })
  close(
    @Param('period') period: string,
    @Body() _body: NoBodyDto,
    @Req() req: AuthedRequest,
  ): Promise<AppraisalPeriodState> {
    return this.runs.close(actorOf(req), period);
  }
}

/** A person's own appraisal periods: nothing here takes a staff id (the signed-in user's staff record is theirs). */
@ApiTags('me')
@SignedIn()
@Controller('api/v1/me')
export class MeAppraisalsController {
  constructor(
    private readonly runs: AppraisalRunsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('appraisals')
  @ApiQuery({ name: 'lang', required: false, enum: ['zh', 'en'] })
  @ApiOperation({
    summary:
      'My appraisal periods (quarter, half-year, year) once approved or closed, oldest first, explained',
  })
  mine(@Req() req: AuthedRequest, @ReaderLanguage() lang: Lang) {
    return this.runs.mine(req.user?.staffId, lang, this.config.payroll.currency);
  }
}

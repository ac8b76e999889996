// HR's appraisal periods above the month (a year, a quarter, a half-year): the plan per period, the period's
// appraisal document built from the months as posted (JSON, or YAML for `scorecard score`), and a preview scored
// by the engine. HrWrite puts a plan; HrRead reads and previews (a preview stores nothing). The rules are
// AppraisalPeriodsService's.
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { stringify } from 'yaml';
import {
  AppraisalPeriodsService,
  AppraisalPlanView,
  AppraisalPreview,
  BuiltAppraisal,
} from '@app/domain/appraisal-periods';
import { HrRead, HrWrite } from '../access/access';
import { actorOf } from '../common/actor';
import { IdPipe } from '../common/id-pipe';
import { NoBodyDto } from '../periods/periods.dto';
import { AppraisalPlanDto } from './appraisal-periods.dto';

const PERIOD_400 = 'a period that is not YYYY, YYYY-Qn or YYYY-Hn (APPRAISAL_PERIOD_INVALID)';
const PLAN_404 = 'the period has no plan, or not that version (APPRAISAL_PLAN_NOT_FOUND)';

@ApiTags('appraisal periods')
@Controller('api/v1/appraisals/:period')
export class AppraisalPeriodsController {
  constructor(private readonly periods: AppraisalPeriodsService) {}

  @HrRead()
  @Get('plan')
  @ApiQuery({ name: 'version', required: false, description: 'a version (default: the newest)' })
  @ApiOperation({
    summary: "The period's appraisal plan {appraisal, inputs?, incentive?}: the newest version",
  })
  @ApiBadRequestResponse({ description: PERIOD_400 })
  @ApiNotFoundResponse({ description: PLAN_404 })
  plan(@Param('period') period: string, @Query('version') version?: string): Promise<AppraisalPlanView> {
    return this.periods.plan(period, version === undefined ? undefined : new IdPipe().transform(version));
  }

  @HrWrite()
  @Put('plan')
  @ApiOperation({
    summary: "Put the period's appraisal plan: a new version when it differs from the newest",
    description:
      'Checked by the engine inside an appraisal document of the period; unknown keys are refused. Audited ' +
      'appraisal.plan (an unchanged plan adds no version and no entry).',
  })
  @ApiBadRequestResponse({ description: `every problem of the plan with its code and path; ${PERIOD_400}` })
  putPlan(
    @Param('period') period: string,
    @Body() body: AppraisalPlanDto,
    @Req() req: Request,
  ): Promise<AppraisalPlanView & { added: boolean }> {
    return this.periods.putPlan(actorOf(req), period, body);
  }

  @HrRead()
  @Get('document')
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'yaml'] })
  @ApiProduces('application/json', 'application/yaml')
  @ApiOperation({
    summary: "The period's appraisal document, built from the months' posted results and the newest plan",
    description:
      'JSON: {period, planVersion, months, document}, months saying which months are in (scored, approved or ' +
      'closed, with their current run) and which are not. ?format=yaml: the document alone, for `scorecard ' +
      "score`, the months' summary as its opening comment.",
  })
  @ApiBadRequestResponse({ description: PERIOD_400 })
  @ApiNotFoundResponse({ description: PLAN_404 })
  async document(
    @Param('period') period: string,
    @Res({ passthrough: true }) res: Response,
    @Query('format') format?: string,
  ): Promise<(BuiltAppraisal & { period: string }) | string> {
    const built = await this.periods.document(period);
    if (format !== 'yaml') return { period: built.document.period, ...built };
    res.setHeader('Content-Type', 'application/yaml; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="appraisal-${built.document.period}.yaml"`);
    const comment = [
      ` appraisal ${built.document.period}, plan version ${built.planVersion}`,
      ...built.months.map(
        (m) =>
          ` ${m.period}: ${m.included ? `${m.status}, run ${m.runId}, ${m.staff} staff` : `not in (${m.status ?? 'not opened'})`}`,
      ),
    ].join('\n');
    return `${comment.replace(/^/gm, '#')}\n${stringify(built.document)}`;
  }

  @HrRead()
  @Post('preview')
  @HttpCode(200)
  @ApiOperation({
    summary: "Score the period's appraisal document with the engine: the result and the months' summary",
    description: 'Stores nothing.',
  })
  @ApiOkResponse({ description: '{period, planVersion, months, result}' })
  @ApiBadRequestResponse({
    description: `the document built does not validate (its problems); ${PERIOD_400}`,
  })
  @ApiNotFoundResponse({ description: PLAN_404 })
  preview(@Param('period') period: string, @Body() _body: NoBodyDto): Promise<AppraisalPreview> {
    return this.periods.preview(period);
  }
}

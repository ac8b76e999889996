// HR's appraisal periods above the month (a year, a quarter, a half-year): the plan per period, the period's
// appraisal document built from the months as posted (JSON, or YAML for `scorecard score`), and a preview scored
// by the engine; the period's own inputs (JSON or CSV) and grade overrides. HrWrite puts a plan, inputs and
// overrides; HrRead reads and previews (a preview stores nothing). The rules are AppraisalPeriodsService's.
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
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
  AppraisalInputsView,
  AppraisalMonths,
  AppraisalOverrideView,
  AppraisalInputsWritten,
  AppraisalPeriodsService,
  AppraisalPlanView,
  AppraisalPreview,
  BuiltAppraisal,
} from '@app/domain/appraisal-periods';
import { HrRead, HrWrite } from '../access/access';
import { actorOf } from '../common/actor';
import { IdPipe } from '../common/id-pipe';
import { NoBodyDto } from '../periods/periods.dto';
import { AppraisalOverrideDto, AppraisalPlanDto } from './appraisal-periods.dto';

const PERIOD_400 = 'a period that is not YYYY, YYYY-Qn or YYYY-Hn (APPRAISAL_PERIOD_INVALID)';
const PLAN_404 = 'the period has no plan, or not that version (APPRAISAL_PLAN_NOT_FOUND)';
const PERIOD_409 =
  'the period is approved or closed (APPRAISAL_PERIOD_LOCKED), or a run of it is queued or running ' +
  '(APPRAISAL_RUN_IN_PROGRESS)';

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
  @Get('months')
  @ApiOperation({
    summary: "Which months the period's document holds: the document's months without the document",
    description:
      '{period, planVersion, months}: each month of the period with its status, current run, whether it is in and ' +
      'its staff, as GET document lists them, counted without reading every result.',
  })
  @ApiBadRequestResponse({ description: PERIOD_400 })
  @ApiNotFoundResponse({ description: PLAN_404 })
  months(@Param('period') period: string): Promise<AppraisalMonths> {
    return this.periods.months(period);
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

  @HrRead()
  @Get('inputs')
  @ApiOperation({
    summary:
      "The period's own inputs (assessments): {period, rows: [{staff, name, input, value, enteredBy, createdAt}]}",
  })
  @ApiBadRequestResponse({ description: PERIOD_400 })
  inputs(@Param('period') period: string): Promise<AppraisalInputsView> {
    return this.periods.inputs(period);
  }

  @HrWrite()
  @Put('inputs')
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({
    description:
      'JSON {rows: [{staff, input, value}]}, or CSV with the header staff,input,value (an empty value is null)',
    schema: {
      type: 'object',
      required: ['rows'],
      properties: {
        rows: {
          type: 'array',
          items: {
            type: 'object',
            required: ['staff', 'input', 'value'],
            properties: {
              staff: { type: 'string', example: 'E101' },
              input: { type: 'string', example: 'manager_assessment' },
              value: { type: 'number', nullable: true, minimum: 0, maximum: 100, example: 88 },
            },
          },
        },
      },
    },
  })
  @ApiOperation({
    summary: "Write the period's own inputs: values replace, null removes; all or nothing",
    description:
      "Each row: a staff code and a staff-level input of the period's plan, a value 0..100 or null. Every row is " +
      'checked first; any bad row refuses the batch with every problem at its row and field (rows[i].field; a CSV ' +
      "file's line and column) and nothing is stored. Audited appraisal.inputs with the counts.",
  })
  @ApiOkResponse({ description: '{period, stored, deleted}' })
  @ApiBadRequestResponse({ description: `bad rows (APPRAISAL_INPUT_INVALID, with rows); ${PERIOD_400}` })
  @ApiNotFoundResponse({ description: 'the period has no plan (APPRAISAL_PLAN_NOT_FOUND)' })
  @ApiConflictResponse({ description: PERIOD_409 })
  putInputs(
    @Param('period') period: string,
    @Body() body: unknown,
    @Req() req: Request,
  ): Promise<AppraisalInputsWritten> {
    return this.periods.putInputs(actorOf(req), period, body);
  }

  @HrRead()
  @Get('overrides')
  @ApiOperation({ summary: "The period's grade overrides, by staff code" })
  @ApiBadRequestResponse({ description: PERIOD_400 })
  overrides(@Param('period') period: string): Promise<AppraisalOverrideView[]> {
    return this.periods.overrides(period);
  }

  @HrWrite()
  @Put('overrides/:staffCode')
  @ApiOperation({
    summary:
      "Set a person's grade of the period {grade, reason}: applied last, after the caps and the quotas",
    description:
      "One per person and period (a second replaces the first). The grade is one of the person's rule (their " +
      "last month's set's own grades in the plan, else the plan's). Audited appraisal.override.",
  })
  @ApiBadRequestResponse({
    description:
      "a grade not of the person's rule (APPRAISAL_GRADE_NOT_IN_RULE), a person with no month of the period in " +
      `(APPRAISAL_STAFF_NOT_IN_PERIOD), a reason empty or over 500 characters (OVERRIDE_REASON); ${PERIOD_400}`,
  })
  @ApiNotFoundResponse({ description: 'no plan, or no such member of staff' })
  @ApiConflictResponse({ description: PERIOD_409 })
  putOverride(
    @Param('period') period: string,
    @Param('staffCode') code: string,
    @Body() body: AppraisalOverrideDto,
    @Req() req: Request,
  ): Promise<AppraisalOverrideView> {
    return this.periods.putOverride(actorOf(req), period, code.slice(0, 64), body);
  }

  @HrWrite()
  @Delete('overrides/:staffCode')
  @ApiOperation({
    summary: "Remove a person's grade override of the period",
    description: 'Audited appraisal.override.remove.',
  })
  @ApiBadRequestResponse({ description: PERIOD_400 })
  @ApiNotFoundResponse({ description: 'no such member of staff, or no override of theirs' })
  @ApiConflictResponse({ description: PERIOD_409 })
  removeOverride(
    @Param('period') period: string,
    @Param('staffCode') code: string,
    @Req() req: Request,
  ): Promise<AppraisalOverrideView> {
    return this.periods.removeOverride(actorOf(req), period, code.slice(0, 64));
  }
}

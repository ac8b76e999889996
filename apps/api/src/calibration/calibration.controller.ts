// Grade calibration over HTTP (docs/CALIBRATION.md): HR's overrides of a person's grade of a month (HR writes,
// auditors read), and the month's calibration view (HR and auditors every department, a manager their own), as
// JSON or CSV. The rules are the domain's GradeOverridesService and CalibrationService.
import { Body, Controller, Delete, Get, Param, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CalibrationService,
  GradeOverridesService,
  MonthCalibration,
  OverrideView,
  PersonGrades,
} from '@app/domain/calibration';
import { Allow, AuthedRequest, HrRead, HrWrite } from '../access/access';
import { actorOf } from '../common/actor';
import { PeriodPipe } from '../common/period-param';
import { CalibrationQueryDto, GradeOverrideDto } from './calibration.dto';

const MONTH_RULES =
  'The month must take data (409 PERIOD_CLOSED when approved or closed, RUN_IN_PROGRESS while a run is queued ' +
  'or running); the change raises the month’s data version: a new run applies it, and is due before approval.';

@ApiTags('calibration')
@Controller('api/v1/periods/:period')
export class CalibrationController {
  constructor(
    private readonly overrides: GradeOverridesService,
    private readonly calibration: CalibrationService,
  ) {}

  @HrRead()
  @Get('overrides')
  @ApiOperation({ summary: 'The month’s grade overrides, by staff code' })
  @ApiNotFoundResponse({ description: 'no such month' })
  list(@Param('period', PeriodPipe) period: string): Promise<OverrideView[]> {
    return this.overrides.list(period);
  }

  @HrRead()
  @Get('overrides/:staffCode')
  @ApiOperation({
    summary: 'A person of the month: the set it scores them with, its grades, and their override (or null)',
  })
  @ApiBadRequestResponse({ description: 'the month does not score the person (STAFF_NOT_IN_MONTH)' })
  @ApiNotFoundResponse({ description: 'no such month or member of staff' })
  person(
    @Param('period', PeriodPipe) period: string,
    @Param('staffCode') code: string,
  ): Promise<PersonGrades> {
    return this.overrides.person(period, code.slice(0, 64));
  }

  @HrWrite()
  @Put('overrides/:staffCode')
  @ApiOperation({
    summary:
      'Set a person’s grade of the month {grade, reason}: applied after the grade quotas by the next run',
    description: `One per person and month (a second replaces the first). ${MONTH_RULES} Audited grade.override.`,
  })
  @ApiBadRequestResponse({
    description:
      'a grade not of the person’s set (GRADE_NOT_IN_SET), a person the month does not score ' +
      '(STAFF_NOT_IN_MONTH), a reason empty or over 500 characters (OVERRIDE_REASON)',
  })
  @ApiNotFoundResponse({ description: 'no such month or member of staff' })
  @ApiConflictResponse({ description: 'the month is approved or closed, or a run is in progress' })
  put(
    @Param('period', PeriodPipe) period: string,
    @Param('staffCode') code: string,
    @Body() body: GradeOverrideDto,
    @Req() req: AuthedRequest,
  ): Promise<OverrideView> {
    return this.overrides.put(actorOf(req), period, code.slice(0, 64), body);
  }

  @HrWrite()
  @Delete('overrides/:staffCode')
  @ApiOperation({
    summary: 'Remove a person’s override of the month: the next run gives them the grade the quotas give',
    description: `${MONTH_RULES} Audited grade.override.remove.`,
  })
  @ApiNotFoundResponse({ description: 'no such month, member of staff, or override' })
  @ApiConflictResponse({ description: 'the month is approved or closed, or a run is in progress' })
  remove(
    @Param('period', PeriodPipe) period: string,
    @Param('staffCode') code: string,
    @Req() req: AuthedRequest,
  ): Promise<OverrideView> {
    return this.overrides.remove(actorOf(req), period, code.slice(0, 64));
  }

  @Allow('hr_admin', 'auditor', 'dept_manager')
  @Get('calibration')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: 'Who the grade quotas and overrides moved in the month’s current run, and why',
    description:
      'items: staff code, name, department, set, total, from, to, quota (rule, allowed, group, rank), override ' +
      '(grade, reason); pending: overrides the run has not applied (saved after it, or removed since: a new run ' +
      'is due); groups: per quota group where someone moved, each grade’s count before and after; stale: the ' +
      'month’s data changed since the run. A manager sees their departments. `?format=csv`: the table.',
  })
  @ApiOkResponse({
    description: 'the month’s calibration, or ?format=csv the table (Chinese and English headers)',
  })
  @ApiNotFoundResponse({ description: 'no such month' })
  async month(
    @Param('period', PeriodPipe) period: string,
    @Query() query: CalibrationQueryDto,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MonthCalibration | string> {
    const viewer = { role: req.user!.role, departments: req.user!.departments };
    if (query.format !== 'csv') return this.calibration.month(viewer, period, query.department);
    const csv = await this.calibration.csv(viewer, period, query.department);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="calibration-${period}${query.department ? `-${query.department}` : ''}.csv"`,
    );
    return csv;
  }
}

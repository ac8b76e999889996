// Improvement plans over HTTP: a staff member's plan of a month (at most one, with its items; read by HR, their
// department manager and auditors; items added by HR and the manager), and a plan's status and actions by id.
// PlansService decides who may see which (404 otherwise) and what a closed plan still takes.
import { Body, Controller, Get, Param, Patch, Post, Req } from '@nestjs/common';
import { IdPipe } from '../common/id-pipe';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PlansService } from '@app/domain/appraisal';
import { Allow, AuthedRequest } from '../access/access';
import { PeriodPipe } from '../common/period-param';
import { ActionStatusDto, CreatePlanDto, PlanActionDto, PlanStatusDto } from './appraisal.dto';
import { callerOf, READERS, WRITERS } from './appraisal-access';

@ApiTags('loop')
@Controller('api/v1/periods/:period/staff/:code')
export class StaffPlansController {
  constructor(private readonly plans: PlansService) {}

  @Allow(...READERS)
  @Get('plans')
  @ApiOperation({
    summary:
      'The improvement plan of a staff member’s month (a list of none or one), with its items and actions',
  })
  @ApiNotFoundResponse({ description: 'no result of this person in the month that the caller may see' })
  list(@Param('period', PeriodPipe) period: string, @Param('code') code: string, @Req() req: AuthedRequest) {
    return this.plans.list(req.user, period, code);
  }

  @Allow(...WRITERS)
  @Post('plans')
  @ApiOperation({
    summary: 'Add a manager’s item (reason "manager") for one indicator to the month’s improvement plan',
    description:
      'Starts the month’s plan (proposed, by the caller; audited plan.create) when the person has none, else adds ' +
      'the item to it (audited plan_item.create). Answers the plan with its items and actions.',
  })
  @ApiBadRequestResponse({ description: 'the indicator is not in their result' })
  @ApiConflictResponse({ description: 'the plan holds the indicator already, or is closed' })
  @ApiNotFoundResponse({ description: 'no result of this person in the month that the caller may see' })
  create(
    @Param('period', PeriodPipe) period: string,
    @Param('code') code: string,
    @Body() body: CreatePlanDto,
    @Req() req: AuthedRequest,
  ) {
    return this.plans.create(callerOf(req), period, code, body);
  }
}

@ApiTags('loop')
@Allow(...WRITERS)
@Controller('api/v1')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Patch('plans/:id')
  @ApiOperation({ summary: 'Agree or close an improvement plan' })
  @ApiNotFoundResponse({ description: 'no such plan that the caller may see' })
  setStatus(@Param('id', IdPipe) id: number, @Body() body: PlanStatusDto, @Req() req: AuthedRequest) {
    return this.plans.setStatus(callerOf(req), id, body.status);
  }

  @Post('plans/:id/actions')
  @ApiOperation({
    summary: 'Add an action to an improvement plan: a task, or a training (course, planned hours, due date)',
  })
  @ApiNotFoundResponse({ description: 'no such plan that the caller may see' })
  addAction(@Param('id', IdPipe) id: number, @Body() body: PlanActionDto, @Req() req: AuthedRequest) {
    return this.plans.addAction(callerOf(req), id, body);
  }

  @Patch('plan-actions/:id')
  @ApiOperation({
    summary: 'Mark a plan action done (or open again)',
    description:
      'A training done needs `doneHours` and takes `doneOn` (default today); its month’s training intake is ' +
      'rebuilt (`fed`, or `fed: false` and `reason` when training feeds no input).',
  })
  @ApiNotFoundResponse({ description: 'no such action that the caller may see' })
  @ApiConflictResponse({ description: 'TRAINING_MONTH_CLOSED: the training’s month is approved or closed' })
  setActionStatus(@Param('id', IdPipe) id: number, @Body() body: ActionStatusDto, @Req() req: AuthedRequest) {
    return this.plans.setActionStatus(callerOf(req), id, body.status, body);
  }
}

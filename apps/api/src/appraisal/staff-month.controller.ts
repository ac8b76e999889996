// Feedback and improvement plans on a staff member's month, for HR and the person's department manager (who
// write) and auditors (who read). The person must have a result in the month's current run; a manager sees the
// staff of their own departments only (404 for anyone else: nothing tells whether the person exists).
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  NotFoundException,
  Param,
  Patch,
  Post,
  ParseIntPipe,
  Req,
} from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Feedback, ImprovementPlan, PlanAction } from '@app/persistence';
import { audit } from '@app/domain/audit';
import { Allow, AuthedRequest } from '../access/access';
import { actorOf } from '../common/actor';
import { PeriodPipe } from '../common/period-param';
import { ActionStatusDto, CreatePlanDto, FeedbackDto, PlanActionDto, PlanStatusDto } from './loop.dto';
import {
  actionView,
  author,
  feedbackView,
  indicatorCodes,
  plansWithActions,
  staffMonth,
  visiblePlan,
} from './loop-store';

const WRITERS = ['hr_admin', 'dept_manager'] as const;
const READERS = ['hr_admin', 'dept_manager', 'auditor'] as const;

function checkIndicator(codes: string[], indicator: string, period: string): void {
  if (!codes.includes(indicator))
    throw new BadRequestException(
      `indicator ${indicator} is not in the result of ${period} (${codes.join(', ') || 'no indicators'})`,
    );
}

@ApiTags('loop')
@Controller('api/v1/periods/:period/staff/:code')
export class StaffMonthController {
  constructor(private readonly ds: DataSource) {}

  @Allow(...WRITERS)
  @Post('feedback')
  @ApiOperation({ summary: 'Feedback on a staff member’s month, optionally about one of their indicators' })
  @ApiBadRequestResponse({ description: 'the indicator is not in their result' })
  @ApiNotFoundResponse({ description: 'no result of this person in the month that the caller may see' })
  async addFeedback(
    @Param('period', PeriodPipe) period: string,
    @Param('code') code: string,
    @Body() body: FeedbackDto,
    @Req() req: AuthedRequest,
  ) {
    return this.ds.transaction(async (tx) => {
      const month = await staffMonth(tx, req.user, period, { code });
      if (body.indicator !== undefined) checkIndicator(indicatorCodes(month.result), body.indicator, period);
      const saved = await tx.getRepository(Feedback).save(
        tx.getRepository(Feedback).create({
          staffId: month.staff.id,
          period,
          indicator: body.indicator ?? null,
          text: body.text,
          author: author(req.user),
          createdAt: new Date().toISOString(),
        }),
      );
      const view = feedbackView(saved, code);
      await audit(tx, {
        actor: actorOf(req),
        action: 'feedback.create',
        entity: 'feedback',
        entityKey: String(saved.id),
        after: view,
      });
      return view;
    });
  }

  @Allow(...READERS)
  @Get('feedback')
  @ApiOperation({ summary: 'The feedback on a staff member’s month, oldest first' })
  @ApiNotFoundResponse({ description: 'no result of this person in the month that the caller may see' })
  async feedback(
    @Param('period', PeriodPipe) period: string,
    @Param('code') code: string,
    @Req() req: AuthedRequest,
  ) {
    const month = await staffMonth(this.ds, req.user, period, { code });
    const rows = await this.ds
      .getRepository(Feedback)
      .find({ where: { staffId: month.staff.id, period }, order: { id: 'ASC' } });
    return rows.map((f) => feedbackView(f, code));
  }

  @Allow(...READERS)
  @Get('plans')
  @ApiOperation({ summary: 'The improvement plans of a staff member’s month, with their actions' })
  @ApiNotFoundResponse({ description: 'no result of this person in the month that the caller may see' })
  async plans(
    @Param('period', PeriodPipe) period: string,
    @Param('code') code: string,
    @Req() req: AuthedRequest,
  ) {
    const month = await staffMonth(this.ds, req.user, period, { code });
    const plans = await this.ds
      .getRepository(ImprovementPlan)
      .find({ where: { staffId: month.staff.id, period }, order: { id: 'ASC' } });
    return plansWithActions(this.ds, plans, code);
  }

  @Allow(...WRITERS)
  @Post('plans')
  @ApiOperation({ summary: 'A manager’s improvement plan for one indicator of the month (reason "manager")' })
  @ApiBadRequestResponse({ description: 'the indicator is not in their result' })
  @ApiNotFoundResponse({ description: 'no result of this person in the month that the caller may see' })
  async addPlan(
    @Param('period', PeriodPipe) period: string,
    @Param('code') code: string,
    @Body() body: CreatePlanDto,
    @Req() req: AuthedRequest,
  ) {
    return this.ds.transaction(async (tx) => {
      const month = await staffMonth(tx, req.user, period, { code });
      checkIndicator(indicatorCodes(month.result), body.indicator, period);
      const plans = tx.getRepository(ImprovementPlan);
      const existing = await plans.findOneBy({ staffId: month.staff.id, period, indicator: body.indicator });
      if (existing)
        throw new ConflictException(
          `${code} has a plan for ${body.indicator} in ${period} already (plan ${existing.id})`,
        );
      const indicator =
        'error' in month.result ? undefined : month.result.indicators.find((i) => i.code === body.indicator);
      const now = new Date().toISOString();
      const plan = await plans.save(
        plans.create({
          staffId: month.staff.id,
          period,
          indicator: body.indicator,
          reason: 'manager',
          baselineScore: indicator?.score ?? null,
          status: 'proposed',
          outcome: null,
          outcomePeriod: null,
          outcomeScore: null,
          createdBy: author(req.user),
          createdAt: now,
        }),
      );
      const actions = tx.getRepository(PlanAction);
      for (const a of body.actions ?? [])
        await actions.save(
          actions.create({
            planId: plan.id,
            ...a,
            status: 'open',
            createdBy: author(req.user),
            createdAt: now,
          }),
        );
      const [view] = await plansWithActions(tx, [plan], code);
      await audit(tx, {
        actor: actorOf(req),
        action: 'plan.create',
        entity: 'plan',
        entityKey: String(plan.id),
        after: view,
      });
      return view;
    });
  }
}

@ApiTags('loop')
@Allow(...WRITERS)
@Controller('api/v1')
export class PlansController {
  constructor(private readonly ds: DataSource) {}

  @Patch('plans/:id')
  @ApiOperation({ summary: 'Agree or close an improvement plan' })
  @ApiNotFoundResponse({ description: 'no such plan that the caller may see' })
  async setStatus(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: PlanStatusDto,
    @Req() req: AuthedRequest,
  ) {
    return this.ds.transaction(async (tx) => {
      const { plan, month } = await visiblePlan(tx, req.user, id);
      if (plan.status === 'closed') throw new ConflictException(`plan ${id} is closed`);
      const before = plan.status;
      plan.status = body.status;
      await tx.getRepository(ImprovementPlan).update({ id }, { status: body.status });
      await audit(tx, {
        actor: actorOf(req),
        action: 'plan.status',
        entity: 'plan',
        entityKey: String(id),
        before: { status: before },
        after: { status: body.status },
      });
      return (await plansWithActions(tx, [plan], month.staff.code))[0];
    });
  }

  @Post('plans/:id/actions')
  @ApiOperation({ summary: 'Add an action to an improvement plan' })
  @ApiNotFoundResponse({ description: 'no such plan that the caller may see' })
  async addAction(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: PlanActionDto,
    @Req() req: AuthedRequest,
  ) {
    return this.ds.transaction(async (tx) => {
      const { plan } = await visiblePlan(tx, req.user, id);
      if (plan.status === 'closed') throw new ConflictException(`plan ${id} is closed`);
      const actions = tx.getRepository(PlanAction);
      const saved = await actions.save(
        actions.create({
          planId: id,
          ...body,
          status: 'open',
          createdBy: author(req.user),
          createdAt: new Date().toISOString(),
        }),
      );
      const view = actionView(saved);
      await audit(tx, {
        actor: actorOf(req),
        action: 'plan_action.create',
        entity: 'plan_action',
        entityKey: String(saved.id),
        after: { planId: id, ...view },
      });
      return view;
    });
  }

  @Patch('plan-actions/:id')
  @ApiOperation({ summary: 'Mark a plan action done (or open again)' })
  @ApiNotFoundResponse({ description: 'no such action that the caller may see' })
  async setActionStatus(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: ActionStatusDto,
    @Req() req: AuthedRequest,
  ) {
    return this.ds.transaction(async (tx) => {
      const action = await tx.getRepository(PlanAction).findOneBy({ id });
      if (!action) throw new NotFoundAction(id);
      try {
        await visiblePlan(tx, req.user, action.planId);
      } catch (e) {
        throw e instanceof NotFoundException ? new NotFoundAction(id) : e;
      }
      const before = action.status;
      action.status = body.status;
      await tx.getRepository(PlanAction).update({ id }, { status: body.status });
      await audit(tx, {
        actor: actorOf(req),
        action: 'plan_action.status',
        entity: 'plan_action',
        entityKey: String(id),
        before: { status: before },
        after: { status: body.status },
      });
      return actionView(action);
    });
  }
}

class NotFoundAction extends NotFoundException {
  constructor(id: number) {
    super(`no plan action ${id}`);
  }
}

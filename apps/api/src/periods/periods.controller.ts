// Periods (months) with their status and incentive plan. The plan is versioned: every change adds a version
// (the newest is the plan; a run records the version it paid with), and a closed month takes none. Runs, results
// and closing are not here: they belong to the scoring runs, which move a period's status.
import { Body, ConflictException, Controller, Get, Param, Patch, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { DataSource, EntityManager } from 'typeorm';
import { latestPlan, PlanClosedError, planVersions, savePlan } from '@app/domain/periods';
import { IncentivePlan, Period } from '@app/persistence';
import { audit } from '@app/domain/audit';
import type { IncentiveDef } from '@app/scoring';
import { actorOf } from '../common/actor';
import { checkIncentive } from '../configuration/content-check';
import { findOr404, periodParam } from '../configuration/lookup';
import { CreatePeriodDto, UpdatePeriodDto } from './periods.dto';
import { HrRead, HrWrite } from '../access/access';

function view({ period, status }: Period, plan: IncentivePlan | null) {
  return { period, status, incentive: plan?.definition ?? null, planVersion: plan?.version ?? null };
}

function planView(p: IncentivePlan) {
  const { version, definition, source, createdBy, createdAt } = p;
  return { version, incentive: definition, source, createdBy, createdAt };
}

@ApiTags('periods')
@HrWrite()
@Controller('api/v1/periods')
export class PeriodsController {
  constructor(private readonly ds: DataSource) {}

  @HrRead()
  @Get()
  async list() {
    const em = this.ds.manager;
    const periods = await em.find(Period, { order: { period: 'ASC' } });
    return Promise.all(periods.map(async (p) => view(p, await latestPlan(em, p.id))));
  }

  @HrRead()
  @Get(':period')
  @ApiNotFoundResponse({ description: 'no such period' })
  async get(@Param('period') period: string) {
    const row = await this.find(this.ds.manager, periodParam(period));
    return view(row, await latestPlan(this.ds.manager, row.id));
  }

  @HrRead()
  @Get(':period/incentive-plans')
  @ApiOperation({
    summary: "Every version of the month's incentive plan, oldest first (the last is in force)",
  })
  @ApiNotFoundResponse({ description: 'no such period' })
  async plans(@Param('period') period: string) {
    const row = await this.find(this.ds.manager, periodParam(period));
    return (await planVersions(this.ds.manager, row.id)).map(planView);
  }

  @Post()
  @ApiOperation({ summary: 'Open a period, optionally with its incentive plan (version 1)' })
  @ApiBadRequestResponse({
    description: 'a bad field, or every problem of the incentive section with its path',
  })
  @ApiConflictResponse({ description: 'the period exists already' })
  async create(@Body() body: CreatePeriodDto, @Req() req: Request) {
    return this.ds.transaction(async (em) => {
      if (await em.findOne(Period, { where: { period: body.period } }))
        throw new ConflictException(`period ${body.period} already exists`);
      const incentive = await this.checked(em, body.incentive, body.period);
      const row = await em.save(em.create(Period, { period: body.period, status: 'open' }));
      const { plan } = await savePlan(em, row, incentive, 'api', actorOf(req));
      const after = view(row, plan);
      await audit(em, {
        actor: actorOf(req),
        action: 'period.create',
        entity: 'period',
        entityKey: row.period,
        after,
      });
      return after;
    });
  }

  @Patch(':period')
  @ApiOperation({ summary: 'Replace (or with null, remove) the incentive plan: a new plan version' })
  @ApiNotFoundResponse({ description: 'no such period' })
  @ApiBadRequestResponse({ description: 'every problem of the incentive section with its path' })
  @ApiConflictResponse({ description: 'the period is closed' })
  async update(@Param('period') period: string, @Body() body: UpdatePeriodDto, @Req() req: Request) {
    return this.ds.transaction(async (em) => {
      const row = await this.find(em, periodParam(period));
      if (row.status === 'closed')
        throw new ConflictException(`period ${period} is closed: it can no longer change`);
      if (body.incentive === undefined) return view(row, await latestPlan(em, row.id));
      const incentive = await this.checked(em, body.incentive, period);
      try {
        const { plan, added, previous } = await savePlan(em, row, incentive, 'api', actorOf(req));
        if (added)
          await audit(em, {
            actor: actorOf(req),
            action: 'incentivePlan.version.create',
            entity: 'incentivePlan',
            entityKey: row.period,
            before: previous ? planView(previous) : null,
            after: planView(plan!),
          });
        return view(row, plan);
      } catch (e) {
        if (e instanceof PlanClosedError) throw new ConflictException(e.message);
        throw e;
      }
    });
  }

  private find(em: EntityManager, period: string): Promise<Period> {
    return findOr404(em, Period, { period }, `period ${period}`);
  }

  private async checked(em: EntityManager, incentive: IncentiveDef | null | undefined, period: string) {
    if (incentive === undefined || incentive === null) return null;
    await checkIncentive(em, incentive, period);
    return incentive;
  }
}

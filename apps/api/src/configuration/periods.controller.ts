// Periods (months) with their status and incentive section. Runs, results and closing are not here: they belong
// to the scoring runs, which move a period's status.
import { Body, ConflictException, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { DataSource, EntityManager } from 'typeorm';
import { Period } from '@app/persistence';
import type { IncentiveDef } from '@app/scoring';
import { checkIncentive } from './content-check';
import { findOr404, periodParam } from './lookup';
import { CreatePeriodDto, UpdatePeriodDto } from './periods.dto';

function view({ period, status, incentive }: Period) {
  return { period, status, incentive };
}

@ApiTags('periods')
@Controller('api/v1/periods')
export class PeriodsController {
  constructor(private readonly ds: DataSource) {}

  @Get() async list() {
    return (await this.ds.manager.find(Period, { order: { period: 'ASC' } })).map(view);
  }

  @Get(':period')
  @ApiNotFoundResponse({ description: 'no such period' })
  async get(@Param('period') period: string) {
    return view(await this.find(this.ds.manager, periodParam(period)));
  }

  @Post()
  @ApiOperation({ summary: 'Open a period, optionally with its incentive section' })
  @ApiBadRequestResponse({
    description: 'a bad field, or every problem of the incentive section with its path',
  })
  @ApiConflictResponse({ description: 'the period exists already' })
  async create(@Body() body: CreatePeriodDto) {
    return this.ds.transaction(async (em) => {
      if (await em.findOne(Period, { where: { period: body.period } }))
        throw new ConflictException(`period ${body.period} already exists`);
      const incentive = await this.checked(em, body.incentive, body.period);
      return view(await em.save(em.create(Period, { period: body.period, status: 'open', incentive })));
    });
  }

  @Patch(':period')
  @ApiOperation({ summary: 'Replace (or with null, remove) the incentive section' })
  @ApiNotFoundResponse({ description: 'no such period' })
  @ApiBadRequestResponse({ description: 'every problem of the incentive section with its path' })
  @ApiConflictResponse({ description: 'the period is closed' })
  async update(@Param('period') period: string, @Body() body: UpdatePeriodDto) {
    return this.ds.transaction(async (em) => {
      const row = await this.find(em, periodParam(period));
      if (row.status === 'closed')
        throw new ConflictException(`period ${period} is closed: it can no longer change`);
      if (body.incentive !== undefined) row.incentive = await this.checked(em, body.incentive, period);
      return view(await em.save(row));
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

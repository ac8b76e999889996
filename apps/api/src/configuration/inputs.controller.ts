// CRUD for the input dictionary, by code. An input stays while observations or formulas use it.
import {
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Req,
} from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { DataSource, EntityManager } from 'typeorm';
import { IncentivePlan, IndicatorSetVersion, InputDefinition, Observation } from '@app/persistence';
import { assertInputChangeAllowed, formulaUses as uses } from '@app/domain/periods';
import { audit } from '@app/domain/audit';
import { actorOf } from '../common/actor';
import { findOr404, given } from './lookup';
import { CreateInputDto, UpdateInputDto } from './inputs.dto';
import { HrRead, HrWrite } from '../access/access';

function view({ code, name, unit, level, aggregate }: InputDefinition) {
  return { code, name, unit, level, aggregate };
}

@ApiTags('inputs')
@ApiNotFoundResponse({ description: 'no such input code' })
@HrWrite()
@Controller('api/v1/inputs')
export class InputsController {
  constructor(private readonly ds: DataSource) {}

  @HrRead()
  @Get()
  async list() {
    return (await this.ds.getRepository(InputDefinition).find({ order: { code: 'ASC' } })).map(view);
  }

  @HrRead()
  @Get(':code')
  async get(@Param('code') code: string) {
    return view(await this.find(this.ds.manager, code));
  }

  @Post()
  @ApiConflictResponse({ description: 'the code exists already' })
  async create(@Body() body: CreateInputDto, @Req() req: Request) {
    return this.ds.transaction(async (em) => {
      if (await em.findOne(InputDefinition, { where: { code: body.code } }))
        throw new ConflictException(`input "${body.code}" already exists`);
      const after = view(
        await em.save(em.create(InputDefinition, { aggregate: 'sum', ...given({ ...body }) })),
      );
      await audit(em, {
        actor: actorOf(req),
        action: 'input.create',
        entity: 'input',
        entityKey: after.code,
        after,
      });
      return after;
    });
  }

  @Patch(':code')
  @ApiOperation({ summary: 'Change name, unit, level or aggregate (the code stays: formulas use it)' })
  @ApiConflictResponse({
    description:
      'a level change while observations of the input exist, or a level or aggregate change of an input a closed month uses',
  })
  async update(@Param('code') code: string, @Body() body: UpdateInputDto, @Req() req: Request) {
    return this.ds.transaction(async (em) => {
      const row = await this.find(em, code);
      const before = view(row);
      await assertInputChangeAllowed(em, row, body);
      // Stored observations were checked against the level (staff or department) they were entered for.
      if (body.level !== undefined && body.level !== row.level) {
        const used = await em.count(Observation, { where: { inputId: row.id } });
        if (used)
          throw new ConflictException(`input "${code}" has ${used} observation(s): its level cannot change`);
      }
      const after = view(await em.save(Object.assign(row, given({ ...body }))));
      await audit(em, {
        actor: actorOf(req),
        action: 'input.update',
        entity: 'input',
        entityKey: code,
        before,
        after,
      });
      return after;
    });
  }

  @Delete(':code')
  @HttpCode(204)
  @ApiConflictResponse({
    description:
      'observations, set versions or incentive formulas still use the input (a closed month using it is named)',
  })
  async remove(@Param('code') code: string, @Req() req: Request): Promise<void> {
    await this.ds.transaction(async (em) => {
      const row = await this.find(em, code);
      await assertInputChangeAllowed(em, row, 'delete');
      const observations = await em.count(Observation, { where: { inputId: row.id } });
      if (observations)
        throw new ConflictException(`input "${code}" is used by ${observations} observation(s)`);
      const users = await this.formulasUsing(em, code);
      if (users.length) throw new ConflictException(`input "${code}" is used by ${users.join(', ')}`);
      await em.delete(InputDefinition, { id: row.id });
      await audit(em, {
        actor: actorOf(req),
        action: 'input.delete',
        entity: 'input',
        entityKey: code,
        before: view(row),
      });
    });
  }

  private find(em: EntityManager, code: string): Promise<InputDefinition> {
    return findOr404(em, InputDefinition, { code }, `input "${code}"`);
  }

  /** Every stored formula naming the input: indicators of any set version, and periods' incentive formulas. */
  private async formulasUsing(em: EntityManager, code: string): Promise<string[]> {
    const out: string[] = [];
    const versions = await em.find(IndicatorSetVersion, { relations: { set: true }, order: { id: 'ASC' } });
    for (const v of versions) {
      for (const ind of v.content.indicators ?? [])
        if (uses(ind.formula, code))
          out.push(`indicator ${ind.code} of set ${v.set.code} version ${v.version}`);
    }
    // Any version of a month's plan: a run of the month may have paid with it.
    for (const p of await em.find(IncentivePlan, { order: { period: 'ASC', version: 'ASC' } })) {
      const d = p.definition;
      const formulas = [d?.amount, d?.weight, d?.proration, ...(d?.pools ?? []).map((x) => x.formula)];
      if (formulas.some((f) => uses(f, code)))
        out.push(`the incentive plan of period ${p.period} version ${p.version}`);
    }
    return out;
  }
}

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
} from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource, EntityManager } from 'typeorm';
import { IndicatorSetVersion, InputDefinition, Observation, Period } from '@app/persistence';
import { parseFormula, symbolsOf } from '@app/scoring';
import { findOr404, given } from './lookup';
import { CreateInputDto, UpdateInputDto } from './inputs.dto';

function view({ code, name, unit, level, aggregate }: InputDefinition) {
  return { code, name, unit, level, aggregate };
}

/** Whether a stored formula uses `code` (stored formulas were validated; one that no longer parses uses nothing). */
function uses(formula: string | undefined, code: string): boolean {
  if (formula === undefined) return false;
  try {
    return symbolsOf(parseFormula(formula, () => true)).includes(code);
  } catch {
    return false;
  }
}

@ApiTags('inputs')
@ApiNotFoundResponse({ description: 'no such input code' })
@Controller('api/v1/inputs')
export class InputsController {
  constructor(private readonly ds: DataSource) {}

  @Get() async list() {
    return (await this.ds.getRepository(InputDefinition).find({ order: { code: 'ASC' } })).map(view);
  }

  @Get(':code') async get(@Param('code') code: string) {
    return view(await this.find(this.ds.manager, code));
  }

  @Post()
  @ApiConflictResponse({ description: 'the code exists already' })
  async create(@Body() body: CreateInputDto) {
    return this.ds.transaction(async (em) => {
      if (await em.findOne(InputDefinition, { where: { code: body.code } }))
        throw new ConflictException(`input "${body.code}" already exists`);
      return view(await em.save(em.create(InputDefinition, { aggregate: 'sum', ...given({ ...body }) })));
    });
  }

  @Patch(':code')
  @ApiOperation({ summary: 'Change name, unit, level or aggregate (the code stays: formulas use it)' })
  @ApiConflictResponse({ description: 'a level change while observations of the input exist' })
  async update(@Param('code') code: string, @Body() body: UpdateInputDto) {
    return this.ds.transaction(async (em) => {
      const row = await this.find(em, code);
      // Stored observations were checked against the level (staff or department) they were entered for.
      if (body.level !== undefined && body.level !== row.level) {
        const used = await em.count(Observation, { where: { inputId: row.id } });
        if (used)
          throw new ConflictException(`input "${code}" has ${used} observation(s): its level cannot change`);
      }
      return view(await em.save(Object.assign(row, given({ ...body }))));
    });
  }

  @Delete(':code')
  @HttpCode(204)
  @ApiConflictResponse({
    description: 'observations, set versions or incentive formulas still use the input',
  })
  async remove(@Param('code') code: string): Promise<void> {
    await this.ds.transaction(async (em) => {
      const row = await this.find(em, code);
      const observations = await em.count(Observation, { where: { inputId: row.id } });
      if (observations)
        throw new ConflictException(`input "${code}" is used by ${observations} observation(s)`);
      const users = await this.formulasUsing(em, code);
      if (users.length) throw new ConflictException(`input "${code}" is used by ${users.join(', ')}`);
      await em.delete(InputDefinition, { id: row.id });
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
    for (const p of await em.find(Period, { order: { period: 'ASC' } })) {
      if (uses(p.incentive?.amount, code) || uses(p.incentive?.weight, code))
        out.push(`the incentive of period ${p.period}`);
    }
    return out;
  }
}

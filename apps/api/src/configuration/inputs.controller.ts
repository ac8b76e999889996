// The input dictionary by code over REST: InputsService holds the rules (an input stays while observations or
// formulas use it; a closed month keeps the level and aggregate it used).
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { InputsService } from '@app/domain/configuration';
import { actorOf } from '../common/actor';
import { CreateInputDto, UpdateInputDto } from './inputs.dto';
import { HrRead, HrWrite } from '../access/access';

@ApiTags('inputs')
@ApiNotFoundResponse({ description: 'no such input code' })
@HrWrite()
@Controller('api/v1/inputs')
export class InputsController {
  constructor(private readonly inputs: InputsService) {}

  @HrRead()
  @Get()
  list() {
    return this.inputs.list();
  }

  @HrRead()
  @Get(':code')
  get(@Param('code') code: string) {
    return this.inputs.get(code);
  }

  @Post()
  @ApiConflictResponse({ description: 'the code exists already' })
  create(@Body() body: CreateInputDto, @Req() req: Request) {
    return this.inputs.create(actorOf(req), body);
  }

  @Patch(':code')
  @ApiOperation({ summary: 'Change name, unit, level or aggregate (the code stays: formulas use it)' })
  @ApiConflictResponse({
    description:
      'a level change while observations of the input exist, or a level or aggregate change of an input a closed month uses',
  })
  update(@Param('code') code: string, @Body() body: UpdateInputDto, @Req() req: Request) {
    return this.inputs.update(actorOf(req), code, body);
  }

  @Delete(':code')
  @HttpCode(204)
  @ApiConflictResponse({
    description:
      'observations, set versions or incentive formulas still use the input (a closed month using it is named)',
  })
  async remove(@Param('code') code: string, @Req() req: Request): Promise<void> {
    await this.inputs.remove(actorOf(req), code);
  }
}

// Assignment rules (by id) over REST, and `resolve`, which says which set a member of staff gets in a month and
// why: AssignmentRulesService holds the rules.
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { IdPipe } from '../common/id-pipe';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { AssignmentRulesService } from '@app/domain/configuration';
import { actorOf } from '../common/actor';
import { CreateAssignmentRuleDto, ResolveQueryDto, UpdateAssignmentRuleDto } from './assignment-rules.dto';
import { HrRead, HrWrite } from '../access/access';

@ApiTags('assignment-rules')
@ApiNotFoundResponse({ description: 'no such rule id or staff code' })
@HrWrite()
@Controller('api/v1/assignment-rules')
export class AssignmentRulesController {
  constructor(private readonly rules: AssignmentRulesService) {}

  @HrRead()
  @Get()
  list() {
    return this.rules.list();
  }

  // Declared before ':id', which would otherwise take "resolve" for an id.
  @HrRead()
  @Get('resolve')
  @ApiOperation({
    summary: 'Which set applies to a member of staff in a month, and why',
    description:
      'An explicit staff rule wins; otherwise the matching rule with the most criteria, then the highest priority, ' +
      'then the oldest. Answers the rule, the set version in force that month and every rule that matched.',
  })
  resolve(@Query() q: ResolveQueryDto) {
    return this.rules.resolve(q.staff, q.period);
  }

  @HrRead()
  @Get(':id')
  get(@Param('id', IdPipe) id: number) {
    return this.rules.get(id);
  }

  @Post()
  @ApiBadRequestResponse({
    description: 'a bad field, an unknown code, no criterion, a staff rule with other criteria',
  })
  @ApiConflictResponse({
    description:
      'the member of staff already has an explicit rule, or the rule would change the set of someone in a closed month',
  })
  create(@Body() body: CreateAssignmentRuleDto, @Req() req: Request) {
    return this.rules.create(actorOf(req), body);
  }

  @Patch(':id')
  @ApiBadRequestResponse({ description: 'as for create, on the rule after the change' })
  @ApiConflictResponse({
    description:
      'the member of staff already has an explicit rule, or the change would move someone in a closed month to another set',
  })
  update(@Param('id', IdPipe) id: number, @Body() body: UpdateAssignmentRuleDto, @Req() req: Request) {
    return this.rules.update(actorOf(req), id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiConflictResponse({ description: 'the rule gives someone their set in a closed month' })
  async remove(@Param('id', IdPipe) id: number, @Req() req: Request): Promise<void> {
    await this.rules.remove(actorOf(req), id);
  }
}

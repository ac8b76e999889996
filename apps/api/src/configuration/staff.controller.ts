// Staff by code over REST, with their transfers: StaffService holds the rules. Responses show department, site
// and post type codes, never numeric ids.
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { StaffService } from '@app/domain/configuration';
import { actorOf } from '../common/actor';
import { CreateStaffDto, StaffQueryDto, UpdateStaffDto } from './staff.dto';
import { HrRead, HrWrite } from '../access/access';

@ApiTags('staff')
@HrWrite()
@Controller('api/v1/staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @HrRead()
  @Get()
  @ApiOperation({ summary: 'List staff by code, a page at a time' })
  @ApiOkResponse({
    description: '{items, nextCursor}: pass nextCursor as cursor for the next page (null: no more)',
  })
  @ApiBadRequestResponse({ description: 'an unknown department or post type code, or a bad parameter' })
  list(@Query() q: StaffQueryDto) {
    return this.staff.list(q);
  }

  @HrRead()
  @Get(':code')
  @ApiNotFoundResponse({ description: 'no such staff code' })
  get(@Param('code') code: string) {
    return this.staff.get(code);
  }

  @Post()
  @ApiBadRequestResponse({
    description: 'a bad field, an unknown department/site/postType code, activeTo < activeFrom',
  })
  @ApiConflictResponse({
    description:
      'the code or employee number is taken, or the new member of staff would be active in a closed month',
  })
  create(@Body() body: CreateStaffDto, @Req() req: Request) {
    return this.staff.create(actorOf(req), body);
  }

  @Patch(':code')
  @ApiNotFoundResponse({ description: 'no such staff code' })
  @ApiBadRequestResponse({ description: 'a bad field, an unknown code, activeTo < activeFrom' })
  @ApiConflictResponse({
    description:
      'the new code or employee number is taken, or the change would alter a closed month (see closed-months.ts)',
  })
  update(@Param('code') code: string, @Body() body: UpdateStaffDto, @Req() req: Request) {
    return this.staff.update(actorOf(req), code, body);
  }

  @Delete(':code')
  @HttpCode(204)
  @ApiNotFoundResponse({ description: 'no such staff code' })
  @ApiConflictResponse({
    description: 'observations still refer to this member of staff, or they were active in a closed month',
  })
  async remove(@Param('code') code: string, @Req() req: Request): Promise<void> {
    await this.staff.remove(actorOf(req), code);
  }
}

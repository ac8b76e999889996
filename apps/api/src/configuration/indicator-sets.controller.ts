// Indicator sets by code, with their versions effective from a month, over REST: IndicatorSetsService holds the
// rules (how versions are written, when a set may go); the editor's tools — a draft's check, the diff of two
// versions (IndicatorSetDraftsService) and the what-if on a month's data (SetWhatIfService) — store nothing.
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { IdPipe } from '../common/id-pipe';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IndicatorSetDraftsService, IndicatorSetsService } from '@app/domain/configuration';
import { SetWhatIfService } from '@app/domain/documents';
import { actorOf } from '../common/actor';
import {
  CreateIndicatorSetDto,
  SetDiffQueryDto,
  SetDraftDto,
  SetVersionDto,
  UpdateIndicatorSetDto,
  WhatIfDto,
} from './indicator-sets.dto';
import { PeriodQueryDto } from './validators';
import { ApiAddVersion } from './versions';
import { HrRead, HrWrite } from '../access/access';

@ApiTags('indicator-sets')
@ApiNotFoundResponse({ description: 'no such set code, version or version in force' })
@HrWrite()
@Controller('api/v1/indicator-sets')
export class IndicatorSetsController {
  constructor(
    private readonly sets: IndicatorSetsService,
    private readonly drafts: IndicatorSetDraftsService,
    private readonly whatIfs: SetWhatIfService,
  ) {}

  @HrRead()
  @Get()
  @ApiOperation({ summary: 'List sets with their versions (without content)' })
  list() {
    return this.sets.list();
  }

  @HrRead()
  @Get(':code')
  @ApiOperation({ summary: 'A set with every version and its content' })
  get(@Param('code') code: string) {
    return this.sets.get(code);
  }

  @Post()
  @ApiOperation({ summary: 'Create a set, optionally with its first version (content + effectiveFrom)' })
  @ApiBadRequestResponse({ description: 'a bad field, or every problem of the content with its path' })
  @ApiConflictResponse({ description: 'the code exists already' })
  create(@Body() body: CreateIndicatorSetDto, @Req() req: Request) {
    return this.sets.create(actorOf(req), body);
  }

  @Patch(':code')
  @ApiOperation({ summary: 'Rename a set (its content changes through new versions)' })
  update(@Param('code') code: string, @Body() body: UpdateIndicatorSetDto, @Req() req: Request) {
    return this.sets.rename(actorOf(req), code, body.name);
  }

  @Delete(':code')
  @HttpCode(204)
  @ApiConflictResponse({ description: 'rules still assign the set, or a closed period was scored with it' })
  async remove(@Param('code') code: string, @Req() req: Request): Promise<void> {
    await this.sets.remove(actorOf(req), code);
  }

  @HrRead()
  @Get(':code/versions')
  @ApiOperation({ summary: "The set's versions with their content" })
  versions(@Param('code') code: string) {
    return this.sets.versions(code);
  }

  @Post(':code/versions')
  @ApiAddVersion('Add a version effective from a month', 'content')
  async addVersion(
    @Param('code') code: string,
    @Body() body: SetVersionDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { version, created } = await this.sets.addVersion(actorOf(req), code, body);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return version;
  }

  @HrRead()
  @Get(':code/versions/:version')
  version(@Param('code') code: string, @Param('version', IdPipe) version: number) {
    return this.sets.version(code, version);
  }

  @HrRead()
  @Get(':code/effective')
  @ApiOperation({ summary: 'The version in force for a month' })
  effective(@Param('code') code: string, @Query() q: PeriodQueryDto) {
    return this.sets.effective(code, q.period);
  }

  // The editor's tools (nothing stored): HR's, as they serve a draft only HR can save; the diff of stored
  // versions is a read, auditors' too (docs/ACCESS.md).
  @Post(':code/check')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check a draft version: every problem with its path, and what saving would do (nothing stored)',
  })
  check(@Param('code') code: string, @Body() body: SetDraftDto) {
    return this.drafts.check(code, body);
  }

  @Post(':code/what-if')
  @HttpCode(200)
  @ApiOperation({
    summary: "Score a month's people of this set with the version in force and with a draft (nothing stored)",
  })
  @ApiBadRequestResponse({ description: 'every problem of the draft, each with its path (draft.…)' })
  @ApiUnprocessableEntityResponse({ description: 'more people on the set that month than a what-if scores' })
  whatIf(@Param('code') code: string, @Body() body: WhatIfDto) {
    return this.whatIfs.whatIf(code, body);
  }

  @HrRead()
  @Get(':code/diff')
  @ApiOperation({
    summary:
      'What changed between two versions: dimensions, indicators field by field, weights, grades, plans, quotas',
  })
  diff(@Param('code') code: string, @Query() q: SetDiffQueryDto) {
    return this.drafts.diff(code, q.from, q.to);
  }
}

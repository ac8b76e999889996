// Indicator sets by code, with their versions effective from a period (see versions.ts for how versions are
// written). A set stays while assignment rules use it or a closed period was scored with one of its versions.
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource, EntityManager, MoreThanOrEqual } from 'typeorm';
import {
  AssignmentRule,
  IndicatorSet,
  IndicatorSetContent,
  IndicatorSetVersion,
  Period,
} from '@app/persistence';
import { audit } from '@app/domain/audit';
import { actorOf } from '../common/actor';
import { checkSetContent } from './content-check';
import { findOr404 } from './lookup';
import {
  CreateIndicatorSetDto,
  SetContentDto,
  SetVersionDto,
  UpdateIndicatorSetDto,
} from './indicator-sets.dto';
import { PeriodQueryDto } from './validators';
import { ApiAddVersion, versionSummary, versionView, VersionStore } from './versions';
import { HrRead, HrWrite } from '../access/access';

const versionsOf = (set: IndicatorSet) =>
  new VersionStore<IndicatorSetVersion, IndicatorSetContent>(
    IndicatorSetVersion,
    `indicator set "${set.code}"`,
    {
      setId: set.id,
    },
  );

/** Only the content keys, without the ones left out (so an absent `grades` is not stored as a key). */
function contentOf({ dimensions, indicators, grades }: SetContentDto): IndicatorSetContent {
  return { dimensions, indicators, ...(grades ? { grades } : {}) } as unknown as IndicatorSetContent;
}

@ApiTags('indicator-sets')
@ApiNotFoundResponse({ description: 'no such set code, version or version in force' })
@HrWrite()
@Controller('api/v1/indicator-sets')
export class IndicatorSetsController {
  constructor(private readonly ds: DataSource) {}

  @HrRead()
  @Get()
  @ApiOperation({ summary: 'List sets with their versions (without content)' })
  async list() {
    const em = this.ds.manager;
    const sets = await em.find(IndicatorSet, { order: { code: 'ASC' } });
    const versions = await em.find(IndicatorSetVersion, { order: { version: 'ASC' } });
    return sets.map((s) => ({
      code: s.code,
      name: s.name,
      versions: versions.filter((v) => v.setId === s.id).map(versionSummary),
    }));
  }

  @HrRead()
  @Get(':code')
  @ApiOperation({ summary: 'A set with every version and its content' })
  async get(@Param('code') code: string) {
    const em = this.ds.manager;
    const set = await this.find(em, code);
    return { code: set.code, name: set.name, versions: (await versionsOf(set).list(em)).map(versionView) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a set, optionally with its first version (content + effectiveFrom)' })
  @ApiBadRequestResponse({ description: 'a bad field, or every problem of the content with its path' })
  @ApiConflictResponse({ description: 'the code exists already' })
  async create(@Body() body: CreateIndicatorSetDto, @Req() req: Request) {
    if ((body.content === undefined) !== (body.effectiveFrom === undefined))
      throw new BadRequestException('content and effectiveFrom go together: give both or neither');
    await this.ds.transaction(async (em) => {
      if (await em.findOne(IndicatorSet, { where: { code: body.code } }))
        throw new ConflictException(`indicator set "${body.code}" already exists`);
      const set = await em.save(em.create(IndicatorSet, { code: body.code, name: body.name }));
      const entry = { actor: actorOf(req), entity: 'indicatorSet', entityKey: set.code };
      await audit(em, { ...entry, action: 'indicatorSet.create', after: { code: set.code, name: set.name } });
      if (body.content && body.effectiveFrom) {
        const content = contentOf(body.content);
        await checkSetContent(
          em,
          { code: set.code, name: set.name, ...content },
          body.effectiveFrom,
          'content',
        );
        const { row } = await versionsOf(set).write(em, body.effectiveFrom, content);
        await audit(em, { ...entry, action: 'indicatorSet.version.create', after: versionView(row) });
      }
    });
    return this.get(body.code);
  }

  @Patch(':code')
  @ApiOperation({ summary: 'Rename a set (its content changes through new versions)' })
  async update(@Param('code') code: string, @Body() body: UpdateIndicatorSetDto, @Req() req: Request) {
    return this.ds.transaction(async (em) => {
      const set = await this.find(em, code);
      await em.getRepository(IndicatorSet).update({ id: set.id }, { name: body.name });
      const after = { code, name: body.name };
      await audit(em, {
        actor: actorOf(req),
        action: 'indicatorSet.update',
        entity: 'indicatorSet',
        entityKey: code,
        before: { code, name: set.name },
        after,
      });
      return after;
    });
  }

  @Delete(':code')
  @HttpCode(204)
  @ApiConflictResponse({ description: 'rules still assign the set, or a closed period was scored with it' })
  async remove(@Param('code') code: string, @Req() req: Request): Promise<void> {
    await this.ds.transaction(async (em) => {
      const set = await this.find(em, code);
      const rules = await em.count(AssignmentRule, { where: { setId: set.id } });
      if (rules) throw new ConflictException(`indicator set "${code}" is still assigned by ${rules} rule(s)`);
      const versions = await versionsOf(set).list(em);
      const frozen = versions.find((v) => v.frozen);
      if (frozen)
        throw new ConflictException(
          `indicator set "${code}" has frozen version ${frozen.version}: a closed period used it`,
        );
      // A version was in force in every month from the first version's on; a closed one of those may have used it.
      const closed = versions.length
        ? await em.findOne(Period, {
            where: { status: 'closed', period: MoreThanOrEqual(versions[0].effectiveFrom) },
          })
        : null;
      if (closed)
        throw new ConflictException(
          `indicator set "${code}" was in force in period ${closed.period}, which is closed`,
        );
      await em.delete(IndicatorSetVersion, { setId: set.id });
      await em.delete(IndicatorSet, { id: set.id });
      await audit(em, {
        actor: actorOf(req),
        action: 'indicatorSet.delete',
        entity: 'indicatorSet',
        entityKey: code,
        before: { code, name: set.name, versions: versions.map(versionView) },
      });
    });
  }

  @HrRead()
  @Get(':code/versions')
  @ApiOperation({ summary: "The set's versions with their content" })
  async versions(@Param('code') code: string) {
    const em = this.ds.manager;
    return (await versionsOf(await this.find(em, code)).list(em)).map(versionView);
  }

  @Post(':code/versions')
  @ApiAddVersion('Add a version effective from a month', 'content')
  async addVersion(
    @Param('code') code: string,
    @Body() body: SetVersionDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { row, created } = await this.ds.transaction(async (em) => {
      const set = await this.find(em, code);
      const content = contentOf(body);
      await checkSetContent(em, { code: set.code, name: set.name, ...content }, body.effectiveFrom, '');
      const written = await versionsOf(set).write(em, body.effectiveFrom, content);
      await audit(em, {
        actor: actorOf(req),
        action: written.created ? 'indicatorSet.version.create' : 'indicatorSet.version.update',
        entity: 'indicatorSet',
        entityKey: set.code,
        before: written.before,
        after: versionView(written.row),
      });
      return written;
    });
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return versionView(row);
  }

  @HrRead()
  @Get(':code/versions/:version')
  async version(@Param('code') code: string, @Param('version', ParseIntPipe) version: number) {
    const em = this.ds.manager;
    return versionView(await versionsOf(await this.find(em, code)).get(em, version));
  }

  @HrRead()
  @Get(':code/effective')
  @ApiOperation({ summary: 'The version in force for a month' })
  async effective(@Param('code') code: string, @Query() q: PeriodQueryDto) {
    const em = this.ds.manager;
    return versionView(await versionsOf(await this.find(em, code)).effective(em, q.period));
  }

  private find(em: EntityManager, code: string): Promise<IndicatorSet> {
    return findOr404(em, IndicatorSet, { code }, `indicator set "${code}"`);
  }
}

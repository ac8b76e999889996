// The workload catalogue, versioned like indicator sets (see versions.ts).
import {
  Body,
  Controller,
  Get,
  HttpStatus,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { WorkloadCatalogueVersion } from '@app/persistence';
import { audit } from '@app/domain/audit';
import type { WorkloadDef } from '@app/scoring';
import { actorOf } from '../common/actor';
import { checkWorkload } from './content-check';
import { given } from './lookup';
import { PeriodQueryDto } from './validators';
import { ApiAddVersion, versionSummary, versionView, VersionStore } from './versions';
import { WorkloadVersionDto } from './workload.dto';
import { HrRead, HrWrite } from '../access/access';

const versions = new VersionStore<WorkloadCatalogueVersion, WorkloadDef>(
  WorkloadCatalogueVersion,
  'the workload catalogue',
);

@ApiTags('workload')
@ApiNotFoundResponse({ description: 'no such version, or none in force' })
@HrWrite()
@Controller('api/v1/workload')
export class WorkloadController {
  constructor(private readonly ds: DataSource) {}

  @HrRead()
  @Get('versions')
  @ApiOperation({ summary: 'The catalogue versions (without content)' })
  async list() {
    return (await versions.list(this.ds.manager)).map(versionSummary);
  }

  @HrRead()
  @Get('versions/:version')
  async get(@Param('version', ParseIntPipe) version: number) {
    return versionView(await versions.get(this.ds.manager, version));
  }

  @Post('versions')
  @ApiAddVersion('Add a catalogue version effective from a month', 'catalogue')
  async add(
    @Body() body: WorkloadVersionDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { effectiveFrom, ...fields } = body;
    const content = given(fields) as unknown as WorkloadDef;
    checkWorkload(content, effectiveFrom);
    const { row, created } = await this.ds.transaction(async (em) => {
      const written = await versions.write(em, effectiveFrom, content);
      await audit(em, {
        actor: actorOf(req),
        action: written.created ? 'workload.version.create' : 'workload.version.update',
        entity: 'workload',
        entityKey: String(written.row.version),
        before: written.before,
        after: versionView(written.row),
      });
      return written;
    });
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return versionView(row);
  }

  @HrRead()
  @Get('effective')
  @ApiOperation({ summary: 'The catalogue version in force for a month' })
  async effective(@Query() q: PeriodQueryDto) {
    return versionView(await versions.effective(this.ds.manager, q.period));
  }
}

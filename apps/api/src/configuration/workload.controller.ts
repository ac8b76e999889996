// The workload catalogue over REST, versioned like indicator sets: WorkloadService holds the rules.
import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { IdPipe } from '../common/id-pipe';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { WorkloadService } from '@app/domain/configuration';
import { actorOf } from '../common/actor';
import { PeriodQueryDto } from './validators';
import { ApiAddVersion } from './versions';
import { WorkloadVersionDto } from './workload.dto';
import { HrRead, HrWrite } from '../access/access';

@ApiTags('workload')
@ApiNotFoundResponse({ description: 'no such version, or none in force' })
@HrWrite()
@Controller('api/v1/workload')
export class WorkloadController {
  constructor(private readonly workload: WorkloadService) {}

  @HrRead()
  @Get('versions')
  @ApiOperation({ summary: 'The catalogue versions (without content)' })
  list() {
    return this.workload.list();
  }

  @HrRead()
  @Get('versions/:version')
  get(@Param('version', IdPipe) version: number) {
    return this.workload.get(version);
  }

  @Post('versions')
  @ApiAddVersion('Add a catalogue version effective from a month', 'catalogue')
  async add(
    @Body() body: WorkloadVersionDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { version, created } = await this.workload.addVersion(actorOf(req), body);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return version;
  }

  @HrRead()
  @Get('effective')
  @ApiOperation({ summary: 'The catalogue version in force for a month' })
  effective(@Query() q: PeriodQueryDto) {
    return this.workload.effective(q.period);
  }
}

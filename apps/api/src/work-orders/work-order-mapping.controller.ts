// The work-order mapping over REST, versioned like the workload catalogue: WorkOrderMappingService holds the rules
// (the content check, the versioning rule, the audit).
import { Body, Controller, Get, HttpStatus, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { WorkOrderMappingService } from '@app/domain/work-orders';
import { HrRead, HrWrite } from '../access/access';
import { actorOf } from '../common/actor';
import { IdPipe } from '../common/id-pipe';
import { PeriodQueryDto } from '../configuration/validators';
import { ApiAddVersion } from '../configuration/versions';
import { MappingVersionDto } from './work-order-derivation.dto';

@ApiTags('work-orders')
@ApiNotFoundResponse({ description: 'no such version, or none in force' })
@Controller('api/v1/work-orders/mapping')
export class WorkOrderMappingController {
  constructor(private readonly mapping: WorkOrderMappingService) {}

  @HrRead()
  @Get()
  @ApiOperation({ summary: 'The mapping’s versions (without content)' })
  list() {
    return this.mapping.list();
  }

  @HrRead()
  @Get('effective')
  @ApiOperation({ summary: 'The mapping version in force for a month' })
  effective(@Query() q: PeriodQueryDto) {
    return this.mapping.effective(q.period);
  }

  @HrRead()
  @Get('versions/:version')
  @ApiOperation({ summary: 'One version of the mapping, with its content' })
  get(@Param('version', IdPipe) version: number) {
    return this.mapping.get(version);
  }

  @HrWrite()
  @Put()
  @ApiAddVersion('Write the mapping effective from a month (orders → inputs and workload tasks)', 'mapping')
  async write(
    @Body() body: MappingVersionDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { version, created } = await this.mapping.write(actorOf(req), body);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return version;
  }
}

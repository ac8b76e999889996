// Sites, post types and departments (by code) over REST: the services of @app/domain/configuration's
// organisation.service.ts hold the rules (unique codes, nothing deleted while referenced, each write audited,
// closed months keeping the codes and sites they were scored with).
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Req,
  Type,
} from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { DepartmentsService, PostTypesService, SitesService } from '@app/domain/configuration';
import { actorOf } from '../common/actor';
import { CreateCodedDto, CreateDepartmentDto, UpdateCodedDto, UpdateDepartmentDto } from './organisation.dto';
import { HrRead, HrWrite } from '../access/access';

/** A controller class for plain code-keyed reference data (sites, post types), served by `service`. */
function codedController<S extends SitesService | PostTypesService>(path: string, service: Type<S>) {
  @ApiTags('organisation')
  @ApiNotFoundResponse({ description: 'no such code' })
  @ApiConflictResponse({
    description: 'the code exists already, the row is still in use, or a closed month uses it',
  })
  @HrWrite()
  @Controller(path)
  class CodedController {
    constructor(@Inject(service) readonly crud: S) {}
    @HrRead()
    @Get()
    list() {
      return this.crud.list();
    }
    @HrRead()
    @Get(':code')
    get(@Param('code') code: string) {
      return this.crud.get(code);
    }
    @Post() create(@Body() body: CreateCodedDto, @Req() req: Request) {
      return this.crud.create(actorOf(req), body);
    }
    @Patch(':code') update(@Param('code') code: string, @Body() body: UpdateCodedDto, @Req() req: Request) {
      return this.crud.update(actorOf(req), code, body);
    }
    @Delete(':code') @HttpCode(204) remove(@Param('code') code: string, @Req() req: Request) {
      return this.crud.remove(actorOf(req), code);
    }
  }
  return CodedController;
}

export const SitesController = codedController('api/v1/sites', SitesService);
export const PostTypesController = codedController('api/v1/post-types', PostTypesService);

@ApiTags('organisation')
@ApiNotFoundResponse({ description: 'no such code' })
@ApiConflictResponse({
  description:
    'the code exists already, the parent would make a cycle, the row is still in use, or a closed month ' +
    'uses the department (its code and site stay)',
})
@HrWrite()
@Controller('api/v1/departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}
  @HrRead()
  @Get()
  list() {
    return this.departments.list();
  }
  @HrRead()
  @Get(':code')
  get(@Param('code') code: string) {
    return this.departments.get(code);
  }
  @Post() create(@Body() body: CreateDepartmentDto, @Req() req: Request) {
    return this.departments.create(actorOf(req), body);
  }
  @Patch(':code') update(
    @Param('code') code: string,
    @Body() body: UpdateDepartmentDto,
    @Req() req: Request,
  ) {
    return this.departments.update(actorOf(req), code, body);
  }
  @Delete(':code') @HttpCode(204) remove(@Param('code') code: string, @Req() req: Request) {
    return this.departments.remove(actorOf(req), code);
  }
}

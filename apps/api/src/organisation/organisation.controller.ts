// CRUD for sites, post types and departments (by code). Deleting something still referenced answers 409.
import {
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Patch,
  Post,
} from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { DataSource, EntityTarget, QueryFailedError } from 'typeorm';
import { CodedEntity, Department, PostType, Site, Staff } from '@app/persistence';
import { CreateCodedDto, CreateDepartmentDto, UpdateCodedDto, UpdateDepartmentDto } from './organisation.dto';

/** The shared behaviour of code-keyed reference data. */
class CodedCrud<T extends CodedEntity> {
  constructor(
    protected readonly ds: DataSource,
    private readonly target: EntityTarget<T>,
    private readonly what: string,
  ) {}

  protected repo() {
    return this.ds.getRepository(this.target);
  }

  list(): Promise<T[]> {
    return this.repo().find({ order: { code: 'ASC' } as never });
  }

  async get(code: string): Promise<T> {
    const row = await this.repo().findOne({ where: { code } as never });
    if (!row) throw new NotFoundException(`${this.what} "${code}" does not exist`);
    return row;
  }

  async create(fields: Partial<T>): Promise<T> {
    if (await this.repo().findOne({ where: { code: fields.code } as never })) {
      throw new ConflictException(`${this.what} "${fields.code}" already exists`);
    }
    return this.repo().save(this.repo().create(fields as never) as unknown as T);
  }

  async update(code: string, fields: Partial<T>): Promise<T> {
    const row = await this.get(code);
    if (
      fields.code &&
      fields.code !== code &&
      (await this.repo().findOne({ where: { code: fields.code } as never }))
    ) {
      throw new ConflictException(`${this.what} "${fields.code}" already exists`);
    }
    return this.repo().save(Object.assign(row, fields));
  }

  async remove(code: string): Promise<void> {
    const row = await this.get(code);
    try {
      await this.repo().remove(row);
    } catch (e) {
      if (e instanceof QueryFailedError)
        throw new ConflictException(`${this.what} "${code}" is still in use`);
      throw e;
    }
  }
}

/** A controller class for plain code-keyed reference data (sites, post types). */
function codedCrudController<T extends CodedEntity>(path: string, target: EntityTarget<T>, what: string) {
  @ApiTags('organisation')
  @ApiNotFoundResponse({ description: 'no such code' })
  @ApiConflictResponse({ description: 'the code exists already, or the row is still in use' })
  @Controller(path)
  class CodedController {
    readonly crud: CodedCrud<T>;
    constructor(ds: DataSource) {
      this.crud = new CodedCrud(ds, target, what);
    }
    @Get() list() {
      return this.crud.list();
    }
    @Get(':code') get(@Param('code') code: string) {
      return this.crud.get(code);
    }
    @Post() create(@Body() body: CreateCodedDto) {
      return this.crud.create(body as Partial<T>);
    }
    @Patch(':code') update(@Param('code') code: string, @Body() body: UpdateCodedDto) {
      return this.crud.update(code, body as Partial<T>);
    }
    @Delete(':code') @HttpCode(204) remove(@Param('code') code: string) {
      return this.crud.remove(code);
    }
  }
  return CodedController;
}

export const SitesController = codedCrudController('api/v1/sites', Site, 'site');
export const PostTypesController = codedCrudController('api/v1/post-types', PostType, 'post type');

@ApiTags('organisation')
@ApiNotFoundResponse({ description: 'no such code' })
@ApiConflictResponse({
  description: 'the code exists already, the parent would make a cycle, or the row is still in use',
})
@Controller('api/v1/departments')
export class DepartmentsController {
  private readonly crud: CodedCrud<Department>;
  constructor(private readonly ds: DataSource) {
    this.crud = new CodedCrud(ds, Department, 'department');
  }
  @Get() list() {
    return this.crud.list();
  }
  @Get(':code') get(@Param('code') code: string) {
    return this.crud.get(code);
  }
  @Post() async create(@Body() body: CreateDepartmentDto) {
    return this.crud.create({ code: body.code, name: body.name, ...(await this.links(body.code, body)) });
  }
  @Patch(':code') async update(@Param('code') code: string, @Body() body: UpdateDepartmentDto) {
    const { site, parent, ...rest } = body;
    return this.crud.update(code, { ...rest, ...(await this.links(code, { site, parent })) });
  }
  @Delete(':code') @HttpCode(204) async remove(@Param('code') code: string) {
    const dept = await this.crud.get(code);
    const staff = await this.ds.getRepository(Staff).count({ where: { departmentId: dept.id } });
    if (staff) throw new ConflictException(`department "${code}" still has ${staff} member(s) of staff`);
    return this.crud.remove(code);
  }

  /** Resolves site and parent codes; a parent may not be the department itself or one of its descendants. */
  private async links(
    code: string,
    body: { site?: string | null; parent?: string | null },
  ): Promise<Partial<Department>> {
    const out: Partial<Department> = {};
    if (body.site !== undefined) {
      out.siteId = body.site === null ? null : (await new CodedCrud(this.ds, Site, 'site').get(body.site)).id;
    }
    if (body.parent !== undefined) {
      if (body.parent === null) out.parentId = null;
      else {
        const repo = this.ds.getRepository(Department);
        let cursor: Department | null = await this.crud.get(body.parent);
        out.parentId = cursor.id;
        for (let depth = 0; cursor && depth < 100; depth++) {
          if (cursor.code === code)
            throw new ConflictException(
              `department "${body.parent}" cannot be the parent of "${code}": that makes a cycle`,
            );
          cursor = cursor.parentId === null ? null : await repo.findOne({ where: { id: cursor.parentId } });
        }
      }
    }
    return out;
  }
}

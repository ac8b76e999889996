// CRUD for sites, post types and departments (by code). Deleting something still referenced answers 409. Every
// write runs in one transaction with its audit entry (`site.create`, `department.update`, `postType.delete`...),
// and one that would change a closed month (a code or a department's site it was scored with) answers 409.
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
  Req,
} from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { DataSource, EntityManager, EntityTarget, QueryFailedError } from 'typeorm';
import { CodedEntity, Department, PostType, Site, Staff, StaffPlacement } from '@app/persistence';
import { assertDepartmentChangeAllowed, assertSiteChangeAllowed } from '@app/domain/periods';
import { audit } from '@app/domain/audit';
import { actorOf } from '../common/actor';
import { CreateCodedDto, CreateDepartmentDto, UpdateCodedDto, UpdateDepartmentDto } from './organisation.dto';
import { HrRead, HrWrite } from '../access/access';

/** A closed-month guard: refuses a change (or 'delete') of `row` that a closed month would see. */
type Guard<T> = (em: EntityManager, row: T, change: Partial<T> | 'delete') => Promise<void>;

/** The shared behaviour of code-keyed reference data; `entity` names it in the audit log (`site`, `postType`...). */
class CodedCrud<T extends CodedEntity> {
  constructor(
    protected readonly ds: DataSource,
    private readonly target: EntityTarget<T>,
    private readonly what: string,
    private readonly entity: string,
    private readonly guard?: Guard<T>,
  ) {}

  list(): Promise<T[]> {
    return this.ds.getRepository(this.target).find({ order: { code: 'ASC' } as never });
  }

  async get(code: string, em: EntityManager = this.ds.manager): Promise<T> {
    const row = await em.getRepository(this.target).findOne({ where: { code } as never });
    if (!row) throw new NotFoundException(`${this.what} "${code}" does not exist`);
    return row;
  }

  create(req: Request, fields: (em: EntityManager) => Promise<Partial<T>>): Promise<T> {
    return this.ds.transaction(async (em) => {
      const values = await fields(em);
      const repo = em.getRepository(this.target);
      if (await repo.findOne({ where: { code: values.code } as never })) {
        throw new ConflictException(`${this.what} "${values.code}" already exists`);
      }
      const row = await repo.save(repo.create(values as never) as unknown as T);
      await this.audit(em, req, 'create', row.code, null, row);
      return row;
    });
  }

  update(req: Request, code: string, fields: (em: EntityManager) => Promise<Partial<T>>): Promise<T> {
    return this.ds.transaction(async (em) => {
      const row = await this.get(code, em);
      const values = await fields(em);
      const repo = em.getRepository(this.target);
      if (
        values.code &&
        values.code !== code &&
        (await repo.findOne({ where: { code: values.code } as never }))
      ) {
        throw new ConflictException(`${this.what} "${values.code}" already exists`);
      }
      await this.guard?.(em, row, values);
      const before = { ...row };
      const after = await repo.save(Object.assign(row, values));
      await this.audit(em, req, 'update', after.code, before, after);
      return after;
    });
  }

  /** `check` runs first: refusals clearer than the database's. */
  remove(req: Request, code: string, check?: (em: EntityManager, row: T) => Promise<void>): Promise<void> {
    return this.ds.transaction(async (em) => {
      const row = await this.get(code, em);
      await this.guard?.(em, row, 'delete');
      await check?.(em, row);
      const before = { ...row };
      try {
        await em.getRepository(this.target).remove(row);
      } catch (e) {
        if (e instanceof QueryFailedError)
          throw new ConflictException(`${this.what} "${code}" is still in use`);
        throw e;
      }
      await this.audit(em, req, 'delete', code, before, null);
    });
  }

  private audit(
    em: EntityManager,
    req: Request,
    verb: string,
    key: string,
    before: T | null,
    after: T | null,
  ) {
    // Plain JSON copies of the row (TypeORM's remove clears the id of the object it is given).
    const plain = (r: T | null) => (r ? { ...r } : null);
    return audit(em, {
      actor: actorOf(req),
      action: `${this.entity}.${verb}`,
      entity: this.entity,
      entityKey: key,
      before: plain(before),
      after: plain(after),
    });
  }
}

/** A controller class for plain code-keyed reference data (sites, post types). */
function codedCrudController<T extends CodedEntity>(
  path: string,
  target: EntityTarget<T>,
  what: string,
  entity: string,
  guard?: Guard<T>,
) {
  @ApiTags('organisation')
  @ApiNotFoundResponse({ description: 'no such code' })
  @ApiConflictResponse({
    description: 'the code exists already, the row is still in use, or a closed month uses it',
  })
  @HrWrite()
  @Controller(path)
  class CodedController {
    readonly crud: CodedCrud<T>;
    constructor(ds: DataSource) {
      this.crud = new CodedCrud(ds, target, what, entity, guard);
    }
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
      return this.crud.create(req, () => Promise.resolve({ ...body } as Partial<T>));
    }
    @Patch(':code') update(@Param('code') code: string, @Body() body: UpdateCodedDto, @Req() req: Request) {
      return this.crud.update(req, code, () => Promise.resolve({ ...body } as Partial<T>));
    }
    @Delete(':code') @HttpCode(204) remove(@Param('code') code: string, @Req() req: Request) {
      return this.crud.remove(req, code);
    }
  }
  return CodedController;
}

export const SitesController = codedCrudController(
  'api/v1/sites',
  Site,
  'site',
  'site',
  assertSiteChangeAllowed,
);
export const PostTypesController = codedCrudController(
  'api/v1/post-types',
  PostType,
  'post type',
  'postType',
);

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
  private readonly crud: CodedCrud<Department>;
  constructor(private readonly ds: DataSource) {
    this.crud = new CodedCrud(ds, Department, 'department', 'department', assertDepartmentChangeAllowed);
  }
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
  @Post() create(@Body() body: CreateDepartmentDto, @Req() req: Request) {
    return this.crud.create(req, async (em) => ({
      code: body.code,
      name: body.name,
      ...(await this.links(em, body.code, body)),
    }));
  }
  @Patch(':code') update(
    @Param('code') code: string,
    @Body() body: UpdateDepartmentDto,
    @Req() req: Request,
  ) {
    const { site, parent, ...rest } = body;
    return this.crud.update(req, code, async (em) => ({
      ...rest,
      ...(await this.links(em, code, { site, parent })),
    }));
  }
  @Delete(':code') @HttpCode(204) remove(@Param('code') code: string, @Req() req: Request) {
    return this.crud.remove(req, code, async (em, dept) => {
      const staff = await em.getRepository(Staff).count({ where: { departmentId: dept.id } });
      if (staff) throw new ConflictException(`department "${code}" still has ${staff} member(s) of staff`);
      const earlier = await em.getRepository(StaffPlacement).count({ where: { departmentId: dept.id } });
      if (earlier)
        throw new ConflictException(
          `department "${code}" is in the earlier placements of ${earlier} member(s) of staff (transfers)`,
        );
    });
  }

  /** Resolves site and parent codes; a parent may not be the department itself or one of its descendants. */
  private async links(
    em: EntityManager,
    code: string,
    body: { site?: string | null; parent?: string | null },
  ): Promise<Partial<Department>> {
    const out: Partial<Department> = {};
    if (body.site !== undefined) {
      out.siteId =
        body.site === null
          ? null
          : (await new CodedCrud(this.ds, Site, 'site', 'site').get(body.site, em)).id;
    }
    if (body.parent !== undefined) {
      if (body.parent === null) out.parentId = null;
      else {
        const repo = em.getRepository(Department);
        let cursor: Department | null = await this.crud.get(body.parent, em);
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

// Sites, post types and departments, by code: code-keyed reference data sharing one behaviour (CodedService).
// Codes are unique; deleting something still referenced is refused; every write runs in one transaction with
// its audit entry (`site.create`, `department.update`, `postType.delete`...), and one that would change a closed
// month (a code or a department's site it was scored with) is refused by the periods concept's guards.
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget, QueryFailedError } from 'typeorm';
import { CodedEntity, Department, PostType, Site, Staff, StaffPlacement } from '@app/persistence';
import { LocalName, storedName } from '@app/scoring';
import { auditedWrite } from '../audit';
import { assertDepartmentChangeAllowed, assertSiteChangeAllowed } from '../periods';
import { ConfigurationConflictError, ConfigurationNotFoundError } from './configuration-errors';

/** A closed-month guard: refuses a change (or 'delete') of `row` that a closed month would see. */
type Guard<T> = (em: EntityManager, row: T, change: Partial<T> | 'delete') => Promise<void>;

export interface CodedInput {
  code: string;
  /** One text, or `{zh, en}`: stored as `name` (the Chinese when given) and `names` (both). */
  name: LocalName;
}

/** A body's fields as stored: its name as `name` and `names` (docs/FORMAT.md, "Names"). */
function withStoredName<B extends { name?: LocalName }>(body: B): Omit<B, 'name'> & Partial<CodedEntity> {
  const { name, ...rest } = body;
  return name === undefined ? rest : { ...rest, ...storedName(name) };
}

export interface DepartmentInput extends CodedInput {
  /** A site code; null: none. */
  site?: string | null;
  /** The parent department's code; null: none. */
  parent?: string | null;
}

/** Plain JSON copies of a row for the audit log (TypeORM's remove clears the id of the object it is given). */
const plain = <T extends object>(r: T | null) => (r ? { ...r } : null);

async function findCoded<T extends CodedEntity>(
  em: EntityManager,
  target: EntityTarget<T>,
  what: string,
  code: string,
): Promise<T> {
  const row = await em.getRepository(target).findOne({ where: { code } as never });
  if (!row) throw new ConfigurationNotFoundError(`${what} "${code}" does not exist`);
  return row;
}

/** The shared behaviour of code-keyed reference data; `entity` names it in the audit log (`site`, `postType`...). */
export class CodedService<T extends CodedEntity> {
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

  get(code: string, em: EntityManager = this.ds.manager): Promise<T> {
    return findCoded(em, this.target, this.what, code);
  }

  /** `fields` runs in the transaction, first: it resolves the codes the body names. */
  protected createWith(actor: string, fields: (em: EntityManager) => Promise<Partial<T>>): Promise<T> {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: `${this.entity}.create`, entity: this.entity }, async () => {
        const values = await fields(em);
        const repo = em.getRepository(this.target);
        if (await repo.findOne({ where: { code: values.code } as never }))
          throw new ConfigurationConflictError(`${this.what} "${values.code}" already exists`);
        const row = await repo.save(repo.create(values as never) as unknown as T);
        return { result: row, entityKey: row.code, before: null, after: plain(row) };
      }),
    );
  }

  protected updateWith(
    actor: string,
    code: string,
    fields: (em: EntityManager) => Promise<Partial<T>>,
  ): Promise<T> {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: `${this.entity}.update`, entity: this.entity }, async () => {
        const row = await this.get(code, em);
        const values = await fields(em);
        const repo = em.getRepository(this.target);
        if (
          values.code &&
          values.code !== code &&
          (await repo.findOne({ where: { code: values.code } as never }))
        )
          throw new ConfigurationConflictError(`${this.what} "${values.code}" already exists`);
        await this.guard?.(em, row, values);
        const before = plain(row);
        const after = await repo.save(Object.assign(row, values));
        return { result: after, entityKey: after.code, before, after: plain(after) };
      }),
    );
  }

  /** `check` runs after the closed-month guard: refusals clearer than the database's. */
  protected removeWith(
    actor: string,
    code: string,
    check?: (em: EntityManager, row: T) => Promise<void>,
  ): Promise<void> {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: `${this.entity}.delete`, entity: this.entity }, async () => {
        const row = await this.get(code, em);
        await this.guard?.(em, row, 'delete');
        await check?.(em, row);
        const before = plain(row);
        try {
          await em.getRepository(this.target).remove(row);
        } catch (e) {
          if (e instanceof QueryFailedError)
            throw new ConfigurationConflictError(`${this.what} "${code}" is still in use`);
          throw e;
        }
        return { result: undefined, entityKey: code, before, after: null };
      }),
    );
  }
}

/** Plain code-keyed data: a code and a name. */
class PlainCodedService<T extends CodedEntity> extends CodedService<T> {
  create(actor: string, body: CodedInput): Promise<T> {
    return this.createWith(actor, () => Promise.resolve(withStoredName(body) as Partial<T>));
  }

  update(actor: string, code: string, body: Partial<CodedInput>): Promise<T> {
    return this.updateWith(actor, code, () => Promise.resolve(withStoredName(body) as Partial<T>));
  }

  remove(actor: string, code: string): Promise<void> {
    return this.removeWith(actor, code);
  }
}

@Injectable()
export class SitesService extends PlainCodedService<Site> {
  constructor(ds: DataSource) {
    super(ds, Site, 'site', 'site', assertSiteChangeAllowed);
  }
}

@Injectable()
export class PostTypesService extends PlainCodedService<PostType> {
  constructor(ds: DataSource) {
    super(ds, PostType, 'post type', 'postType');
  }
}

/** Departments: a site and a parent besides code and name; a closed month keeps its departments' codes and sites. */
@Injectable()
export class DepartmentsService extends CodedService<Department> {
  constructor(ds: DataSource) {
    super(ds, Department, 'department', 'department', assertDepartmentChangeAllowed);
  }

  create(actor: string, body: DepartmentInput): Promise<Department> {
    return this.createWith(actor, async (em) => ({
      code: body.code,
      ...storedName(body.name),
      ...(await this.links(em, body.code, body)),
    }));
  }

  update(actor: string, code: string, body: Partial<DepartmentInput>): Promise<Department> {
    const { site, parent, ...rest } = body;
    return this.updateWith(actor, code, async (em) => ({
      ...withStoredName(rest),
      ...(await this.links(em, code, { site, parent })),
    }));
  }

  /** A department without staff, now or in earlier placements. */
  remove(actor: string, code: string): Promise<void> {
    return this.removeWith(actor, code, async (em, dept) => {
      const staff = await em.getRepository(Staff).count({ where: { departmentId: dept.id } });
      if (staff)
        throw new ConfigurationConflictError(`department "${code}" still has ${staff} member(s) of staff`);
      const earlier = await em.getRepository(StaffPlacement).count({ where: { departmentId: dept.id } });
      if (earlier)
        throw new ConfigurationConflictError(
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
    if (body.site !== undefined)
      out.siteId = body.site === null ? null : (await findCoded(em, Site, 'site', body.site)).id;
    if (body.parent === null) out.parentId = null;
    else if (body.parent !== undefined) {
      const repo = em.getRepository(Department);
      let cursor: Department | null = await this.get(body.parent, em);
      out.parentId = cursor.id;
      for (let depth = 0; cursor && depth < 100; depth++) {
        if (cursor.code === code)
          throw new ConfigurationConflictError(
            `department "${body.parent}" cannot be the parent of "${code}": that makes a cycle`,
          );
        cursor = cursor.parentId === null ? null : await repo.findOne({ where: { id: cursor.parentId } });
      }
    }
    return out;
  }
}

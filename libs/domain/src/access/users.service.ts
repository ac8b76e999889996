// Users: created by HR (and the first hr_admin from ADMIN_USERNAME / ADMIN_PASSWORD when there is nobody), each
// with one role; a staff user is linked to one staff record, a manager to departments. Sign-in checks the
// password here; the access token (JWT) is the API's business.
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { Department, Role, Staff, User } from '@app/persistence';
import { auditedWrite } from '../audit';
import { RefusedError } from '../model';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords';

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  /** The staff code a `staff` user is. */
  staffId?: string;
  /** Department codes a `dept_manager` manages. */
  departments?: string[];
}

export interface UserView {
  id: string;
  username: string;
  role: Role;
  /** The staff code of a staff user. */
  staffId: string | null;
  departments: string[];
  createdBy: string;
  createdAt: string;
  disabledAt: string | null;
}

export function userView(u: User, staffCode: string | null = null): UserView {
  const { id, username, role, departments, createdBy, createdAt, disabledAt } = u;
  return { id, username, role, staffId: staffCode, departments, createdBy, createdAt, disabledAt };
}

@Injectable()
export class UsersService {
  constructor(private readonly ds: DataSource) {}

  /**
   * The active user with this username and password, or 401. The same work and the same answer whether the user
   * exists or not (a missing user's password is checked against a hash of nothing).
   */
  async signIn(username: string, password: string): Promise<User> {
    const user = await this.ds.getRepository(User).findOneBy({ username, disabledAt: IsNull() });
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) throw new RefusedError(401, 'wrong username or password');
    return user;
  }

  /** The user a token names, unless disabled since (null): a disabled user's tokens stop working at once. */
  active(id: string): Promise<User | null> {
    return this.ds.getRepository(User).findOneBy({ id, disabledAt: IsNull() });
  }

  async me(id: string): Promise<UserView> {
    const user = await this.ds.getRepository(User).findOneByOrFail({ id });
    const staff =
      user.staffId === null ? null : await this.ds.getRepository(Staff).findOneBy({ id: user.staffId });
    return userView(user, staff?.code ?? null);
  }

  /** Every user (disabled ones too), by username. */
  async list(): Promise<UserView[]> {
    const users = await this.ds.getRepository(User).find({ order: { username: 'ASC' } });
    const ids = users.map((u) => u.staffId).filter((x): x is number => x !== null);
    const staff = ids.length ? await this.ds.getRepository(Staff).findBy({ id: In(ids) }) : [];
    const codes = new Map(staff.map((s) => [s.id, s.code]));
    return users.map((u) => userView(u, u.staffId === null ? null : (codes.get(u.staffId) ?? null)));
  }

  create(input: NewUser, actor: string): Promise<UserView> {
    return this.ds.transaction((em) => this.createWith(em, input, actor));
  }

  /** Creates a user in the caller's transaction (the demo creates several at once). */
  createWith(em: EntityManager, input: NewUser, actor: string): Promise<UserView> {
    return auditedWrite(em, actor, { action: 'user.create', entity: 'user' }, async (tx) => {
      if (await tx.getRepository(User).existsBy({ username: input.username }))
        throw new RefusedError(409, `user "${input.username}" already exists`);
      const staff = await staffOf(tx, input);
      const departments = await departmentsOf(tx, input);
      const user = tx.getRepository(User).create({
        id: randomUUID(),
        username: input.username,
        passwordHash: await hashPassword(input.password),
        role: input.role,
        staffId: staff?.id ?? null,
        departments,
        createdBy: actor.slice(0, 100),
        createdAt: new Date().toISOString(),
        disabledAt: null,
      });
      await tx.getRepository(User).insert(user);
      const view = userView(user, staff?.code ?? null);
      return { result: view, entityKey: user.username, after: view };
    });
  }

  /** Disables an active user (404 otherwise): their tokens stop working at once. */
  disable(username: string, actor: string): Promise<void> {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: 'user.disable', entity: 'user' }, async (tx) => {
        const user = await tx.getRepository(User).findOneBy({ username, disabledAt: IsNull() });
        if (!user) throw new RefusedError(404, `no active user "${username}"`);
        await tx.getRepository(User).update({ id: user.id }, { disabledAt: new Date().toISOString() });
        return { result: undefined, entityKey: username };
      }),
    );
  }

  /** Creates the first hr_admin when there is no user at all; true when it did. */
  async ensureFirstAdmin(admin: { username: string; password: string } | undefined): Promise<boolean> {
    if (!admin || (await this.ds.getRepository(User).count()) > 0) return false;
    await this.create({ username: admin.username, password: admin.password, role: 'hr_admin' }, 'system');
    return true;
  }
}

/** The staff record a staff user is linked to (400 when missing or unknown, or given for another role). */
async function staffOf(em: EntityManager, input: NewUser): Promise<Staff | null> {
  if (input.role !== 'staff') {
    if (input.staffId !== undefined) throw new RefusedError(400, 'staffId: only for role staff');
    return null;
  }
  if (!input.staffId) throw new RefusedError(400, 'staffId: a staff user is linked to their staff record');
  const staff = await em.getRepository(Staff).findOneBy({ code: input.staffId });
  if (!staff) throw new RefusedError(400, `staffId: no staff member "${input.staffId}"`);
  return staff;
}

/** The departments a manager manages, known and sorted (400 when none, unknown, or given for another role). */
async function departmentsOf(em: EntityManager, input: NewUser): Promise<string[]> {
  const departments = input.departments ?? [];
  if (input.role !== 'dept_manager') {
    if (departments.length) throw new RefusedError(400, 'departments: only for role dept_manager');
    return [];
  }
  if (!departments.length)
    throw new RefusedError(400, 'departments: a manager manages at least one department');
  const known = new Set((await em.getRepository(Department).find()).map((d) => d.code));
  const unknown = departments.filter((d) => !known.has(d));
  if (unknown.length) throw new RefusedError(400, `departments: unknown ${unknown.join(', ')}`);
  return [...new Set(departments)].sort();
}

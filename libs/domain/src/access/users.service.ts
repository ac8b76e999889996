// Users: created by HR (and the first hr_admin from ADMIN_USERNAME / ADMIN_PASSWORD when there is nobody), each
// with one role; a staff user is linked to one staff record, a manager to departments. Sign-in checks the
// password here; the access token (JWT) is the API's business.
import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { Department, Role, Staff, User } from '@app/persistence';
import { auditedWrite } from '../audit';
import { ConflictError, NotFoundError, RefusedError } from '../model';
import { assertPasswordAllowed } from './password-policy';
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from './passwords';

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
  /** Signed in with a one-time password from HR: nothing but a password change is allowed until then. */
  mustChangePassword: boolean;
}

export function userView(u: User, staffCode: string | null = null): UserView {
  const { id, username, role, departments, createdBy, createdAt, disabledAt, mustChangePassword } = u;
  return {
    id,
    username,
    role,
    staffId: staffCode,
    departments,
    createdBy,
    createdAt,
    disabledAt,
    mustChangePassword: Boolean(mustChangePassword),
  };
}

/** A user's name as it is compared: `LiWei` and `liwei` are one user. */
export const usernameKey = (username: string): string => username.trim().toLowerCase();

@Injectable()
export class UsersService {
  constructor(private readonly ds: DataSource) {}

  /**
   * The active user with this username and password, or 401. The same work and the same answer whether the user
   * exists or not (a missing user's password is checked against a hash of nothing).
   */
  async signIn(username: string, password: string): Promise<User> {
    const user = await this.ds
      .getRepository(User)
      .findOneBy({ usernameKey: usernameKey(username), disabledAt: IsNull() });
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) throw new RefusedError(401, 'wrong username or password', 'INVALID_CREDENTIALS');
    // A hash of an earlier form is rewritten in today's while the password is at hand (only if still the same).
    if (needsRehash(user.passwordHash)) {
      const passwordHash = await hashPassword(password);
      await this.ds
        .getRepository(User)
        .update({ id: user.id, passwordHash: user.passwordHash }, { passwordHash });
    }
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
      const same = await tx.getRepository(User).findOneBy({ usernameKey: usernameKey(input.username) });
      if (same)
        throw new ConflictError(
          same.username === input.username
            ? `user "${input.username}" already exists`
            : `user "${input.username}" already exists as "${same.username}" (usernames do not differ by case)`,
        );
      assertPasswordAllowed(input.password, input.username);
      const staff = await staffOf(tx, input);
      const holder = staff ? await tx.getRepository(User).findOneBy({ staffId: staff.id }) : null;
      if (holder)
        throw new ConflictError(
          `staffId: staff member ${staff!.code} already has the user "${holder.username}"`,
        );
      const departments = await departmentsOf(tx, input);
      const user = tx.getRepository(User).create({
        id: randomUUID(),
        username: input.username,
        usernameKey: usernameKey(input.username),
        passwordHash: await hashPassword(input.password),
        mustChangePassword: false,
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
        const user = await tx
          .getRepository(User)
          .findOneBy({ usernameKey: usernameKey(username), disabledAt: IsNull() });
        if (!user) throw new RefusedError(404, `no active user "${username}"`);
        // Someone must always be able to sign in as HR: a restart with ADMIN_* creates nobody once users exist.
        if (user.role === 'hr_admin') {
          const admins = await tx.getRepository(User).countBy({ role: 'hr_admin', disabledAt: IsNull() });
          if (admins <= 1)
            throw new ConflictError(
              `"${user.username}" is the last enabled hr_admin: create another one first`,
            );
        }
        await tx.getRepository(User).update({ id: user.id }, { disabledAt: new Date().toISOString() });
        return { result: undefined, entityKey: username };
      }),
    );
  }

  /**
   * The signed-in user changes their own password: the current one must be right (401 otherwise, as at sign-in),
   * the new one must pass the policy and differ from the current one. Clears a pending one-time password.
   */
  changePassword(id: string, current: string, next: string): Promise<void> {
    return this.ds.transaction(async (em) => {
      const user = await em.getRepository(User).findOneBy({ id, disabledAt: IsNull() });
      if (!user || !(await verifyPassword(current, user.passwordHash)))
        throw new RefusedError(401, 'currentPassword: wrong password', 'INVALID_CREDENTIALS');
      if (current === next) throw new RefusedError(400, 'newPassword: must differ from the current password');
      assertPasswordAllowed(next, user.username, 'newPassword');
      await auditedWrite(
        em,
        `user:${user.username}`,
        { action: 'user.password.change', entity: 'user' },
        async (tx) => {
          await tx
            .getRepository(User)
            .update({ id }, { passwordHash: await hashPassword(next), mustChangePassword: false });
          return { result: undefined, entityKey: user.username };
        },
      );
    });
  }

  /**
   * HR resets a user's password to a one-time password, returned once and never stored in clear: the user signs in
   * with it and must change it before anything else. The audit log records the reset, not the password.
   */
  resetPassword(username: string, actor: string): Promise<{ username: string; oneTimePassword: string }> {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: 'user.password.reset', entity: 'user' }, async (tx) => {
        const user = await tx
          .getRepository(User)
          .findOneBy({ usernameKey: usernameKey(username), disabledAt: IsNull() });
        if (!user) throw new NotFoundError(`no active user "${username}"`);
        // 18 random bytes: 24 characters of base64url, far past the policy and any guessing.
        const oneTimePassword = randomBytes(18).toString('base64url');
        await tx
          .getRepository(User)
          .update(
            { id: user.id },
            { passwordHash: await hashPassword(oneTimePassword), mustChangePassword: true },
          );
        return {
          result: { username: user.username, oneTimePassword },
          entityKey: user.username,
          after: { mustChangePassword: true },
        };
      }),
    );
  }

  /**
   * Changes whom an active user is linked to, under the rules of creation: a staff user's staff record
   * (`staffId`, one user per record), a manager's departments. Audited `user.update` with before and after.
   */
  update(
    username: string,
    change: { staffId?: string; departments?: string[] },
    actor: string,
  ): Promise<UserView> {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: 'user.update', entity: 'user' }, async (tx) => {
        const user = await tx
          .getRepository(User)
          .findOneBy({ usernameKey: usernameKey(username), disabledAt: IsNull() });
        if (!user) throw new NotFoundError(`no active user "${username}"`);
        if (change.staffId === undefined && change.departments === undefined)
          throw new RefusedError(400, 'give staffId or departments: what the user is linked to');
        const codeOf = async (id: number | null) =>
          id === null ? null : ((await tx.getRepository(Staff).findOneBy({ id }))?.code ?? null);
        const before = userView(user, await codeOf(user.staffId));
        const input: NewUser = { username: user.username, password: '', role: user.role, ...change };
        const patch: Partial<User> = {};
        let staffCode = before.staffId;
        if (change.staffId !== undefined) {
          const staff = await staffOf(tx, input);
          const holder = staff ? await tx.getRepository(User).findOneBy({ staffId: staff.id }) : null;
          if (holder && holder.id !== user.id)
            throw new ConflictError(
              `staffId: staff member ${staff!.code} already has the user "${holder.username}"`,
            );
          patch.staffId = staff?.id ?? null;
          staffCode = staff?.code ?? null;
        }
        if (change.departments !== undefined) patch.departments = await departmentsOf(tx, input);
        await tx.getRepository(User).update({ id: user.id }, patch);
        const after = userView(Object.assign(new User(), user, patch), staffCode);
        return { result: after, entityKey: user.username, before, after };
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

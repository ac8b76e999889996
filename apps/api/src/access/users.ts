// Users: created by HR (and the first hr_admin from ADMIN_USERNAME / ADMIN_PASSWORD when there is nobody),
// each with one role; a staff user is linked to one staff record, a manager to departments.
import { ConflictException, BadRequestException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Department, Role, Staff, User } from '@app/persistence';
import { audit } from '@app/domain/audit';
import { hashPassword } from './passwords';

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  /** The staff code a `staff` user is. */
  staffId?: string;
  /** Department codes a `dept_manager` manages. */
  departments?: string[];
}

export function userView(u: User, staffCode: string | null = null) {
  const { id, username, role, departments, createdBy, createdAt, disabledAt } = u;
  return { id, username, role, staffId: staffCode, departments, createdBy, createdAt, disabledAt };
}

export async function createUser(em: EntityManager, body: NewUser, actor: string) {
  if (await em.getRepository(User).existsBy({ username: body.username }))
    throw new ConflictException(`user "${body.username}" already exists`);
  let staff: Staff | null = null;
  if (body.role === 'staff') {
    if (!body.staffId) throw new BadRequestException('staffId: a staff user is linked to their staff record');
    staff = await em.getRepository(Staff).findOneBy({ code: body.staffId });
    if (!staff) throw new BadRequestException(`staffId: no staff member "${body.staffId}"`);
  } else if (body.staffId !== undefined) throw new BadRequestException('staffId: only for role staff');
  const departments = body.departments ?? [];
  if (body.role === 'dept_manager') {
    if (!departments.length)
      throw new BadRequestException('departments: a manager manages at least one department');
    const known = new Set((await em.getRepository(Department).find()).map((d) => d.code));
    const unknown = departments.filter((d) => !known.has(d));
    if (unknown.length) throw new BadRequestException(`departments: unknown ${unknown.join(', ')}`);
  } else if (departments.length) throw new BadRequestException('departments: only for role dept_manager');
  const user = em.getRepository(User).create({
    id: randomUUID(),
    username: body.username,
    passwordHash: await hashPassword(body.password),
    role: body.role,
    staffId: staff?.id ?? null,
    departments: [...new Set(departments)].sort(),
    createdBy: actor.slice(0, 100),
    createdAt: new Date().toISOString(),
    disabledAt: null,
  });
  await em.getRepository(User).insert(user);
  const view = userView(user, staff?.code ?? null);
  await audit(em, { actor, action: 'user.create', entity: 'user', entityKey: user.username, after: view });
  return view;
}

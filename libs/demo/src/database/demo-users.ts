// One user per role for the demo, with fresh random passwords printed once: HR, an auditor, finance (downloads of
// approved months), the manager of one department and one member of that department's staff (linked to their staff
// record).
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Department, Role, Staff } from '@app/persistence';
import { UsersService } from '@app/domain/access';

export interface DemoUser {
  username: string;
  password: string;
  role: Role;
  /** The department a manager manages, or the staff code a staff user is. */
  of: string | null;
}

export async function createDemoUsers(ds: DataSource, latestPeriod: string): Promise<DemoUser[]> {
  const department = await ds.getRepository(Department).findOneOrFail({ where: {}, order: { code: 'ASC' } });
  const member = await ds
    .getRepository(Staff)
    .createQueryBuilder('s')
    .where('s.department_id = :d', { d: department.id })
    .andWhere('(s.active_to IS NULL OR s.active_to >= :first)', { first: `${latestPeriod}-01` })
    .orderBy('s.code', 'ASC')
    .getOneOrFail();
  const users: DemoUser[] = [
    { username: 'demo.hr', role: 'hr_admin', of: null, password: '' },
    { username: 'demo.auditor', role: 'auditor', of: null, password: '' },
    { username: 'demo.finance', role: 'finance', of: null, password: '' },
    { username: 'demo.manager', role: 'dept_manager', of: department.code, password: '' },
    { username: 'demo.staff', role: 'staff', of: member.code, password: '' },
  ];
  const service = new UsersService(ds);
  await ds.transaction(async (em) => {
    for (const u of users) {
      u.password = randomBytes(9).toString('base64url');
      await service.createWith(
        em,
        {
          username: u.username,
          password: u.password,
          role: u.role,
          ...(u.role === 'dept_manager' ? { departments: [u.of!] } : {}),
          ...(u.role === 'staff' ? { staffId: u.of! } : {}),
        },
        'demo',
      );
    }
  });
  return users;
}

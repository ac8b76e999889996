// UsersService.update on a real database: HR changes what a user is linked to — a staff user's staff record, a
// manager's departments — under the rules of creation, audited with before and after.
import type { DataSource } from 'typeorm';
import { AuditEntry } from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { newUser } from '../../../../test/factories/access';
import { department, staff } from '../../../../test/factories/configuration';
import { ConflictError, NotFoundError, RefusedError } from '../model';
import { UsersService } from './users.service';

describe.each(testDatabases('users_update'))('UsersService.update on %s', (_name, db) => {
  let ds: DataSource;
  let users: UsersService;
  beforeEach(async () => {
    ds = await db.open();
    users = new UsersService(ds);
    const a = await department(ds, 'A');
    await department(ds, 'B');
    await staff(ds, 'S1', a.id);
    await staff(ds, 'S2', a.id);
    await staff(ds, 'S3', a.id);
    await users.create(newUser({ username: 'hr.one' }), 'system');
    await users.create(newUser({ username: 'staff.one', role: 'staff', staffId: 'S1' }), 'user:hr.one');
    await users.create(newUser({ username: 'staff.two', role: 'staff', staffId: 'S2' }), 'user:hr.one');
    await users.create(
      newUser({ username: 'mgr.one', role: 'dept_manager', departments: ['A'] }),
      'user:hr.one',
    );
  });
  afterEach(() => closeDatabase(ds));

  it("changes a manager's departments and a staff user's record, audited with before and after", async () => {
    expect(await users.update('mgr.one', { departments: ['B', 'A'] }, 'user:hr.one')).toMatchObject({
      username: 'mgr.one',
      departments: ['A', 'B'],
    });
    expect(await users.update('STAFF.ONE', { staffId: 'S3' }, 'user:hr.one')).toMatchObject({
      staffId: 'S3',
    });
    const entries = await ds
      .getRepository(AuditEntry)
      .find({ where: { action: 'user.update' }, order: { id: 'ASC' } });
    expect(entries.map((e) => [e.actor, e.entityKey])).toEqual([
      ['user:hr.one', 'mgr.one'],
      ['user:hr.one', 'staff.one'],
    ]);
    expect(entries[0].before).toMatchObject({ departments: ['A'] });
    expect(entries[0].after).toMatchObject({ departments: ['A', 'B'] });
    expect(entries[1].before).toMatchObject({ staffId: 'S1' });
    expect(entries[1].after).toMatchObject({ staffId: 'S3' });
  });

  it('refuses what creation refuses, and a change of nothing, and leaves no entry', async () => {
    // One user per staff record, a disabled one too (as at creation).
    await users.disable('staff.two', 'user:hr.one');
    await expect(users.update('staff.one', { staffId: 'S2' }, 'user:hr.one')).rejects.toThrow(ConflictError);
    await expect(users.update('staff.one', { staffId: 'NOPE' }, 'user:hr.one')).rejects.toThrow(
      'staffId: no staff member "NOPE"',
    );
    await expect(users.update('mgr.one', { departments: [] }, 'user:hr.one')).rejects.toThrow(
      'departments: a manager manages at least one department',
    );
    await expect(users.update('mgr.one', { departments: ['Z'] }, 'user:hr.one')).rejects.toThrow(
      'departments: unknown Z',
    );
    await expect(users.update('mgr.one', { staffId: 'S1' }, 'user:hr.one')).rejects.toThrow(
      'staffId: only for role staff',
    );
    await expect(users.update('hr.one', { departments: ['A'] }, 'user:hr.one')).rejects.toThrow(
      'departments: only for role dept_manager',
    );
    await expect(users.update('mgr.one', {}, 'user:hr.one')).rejects.toThrow(RefusedError);
    await expect(users.update('nobody', { staffId: 'S1' }, 'user:hr.one')).rejects.toThrow(NotFoundError);
    expect(await ds.getRepository(AuditEntry).countBy({ action: 'user.update' })).toBe(0);
  });
});

// Users on a real database: passwords are stored hashed and checked at sign-in, a disabled user is refused (and
// stops being the user a token names), each role's links are checked, and every change is audited.
import { randomBytes, scryptSync } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditEntry, User } from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { document } from '../../../../test/factories/document';
import { newUser } from '../../../../test/factories/access';
import { importDocument } from '../documents';
import { RefusedError } from '../model';
import { verifyPassword } from './passwords';
import { UsersService } from './users.service';

describe.each(testDatabases('users'))('%s', (_name, db) => {
  let ds: DataSource;
  let users: UsersService;
  beforeEach(async () => {
    ds = await db.open();
    users = new UsersService(ds);
  });
  afterEach(() => closeDatabase(ds));

  /** The refusal of `p`: its status and message. */
  async function refusal(p: Promise<unknown>): Promise<{ status: number; message: string }> {
    const e = await p.then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(RefusedError);
    return { status: (e as RefusedError).status, message: (e as RefusedError).message };
  }

  it('stores the password hashed (salted: the same password twice, two hashes) and signs in with it', async () => {
    const view = await users.create(newUser({ username: 'a.one' }), 'user:hr');
    await users.create(newUser({ username: 'a.two' }), 'user:hr');

    const [one, two] = await ds.getRepository(User).find({ order: { username: 'ASC' } });
    expect(one.passwordHash).toMatch(/^\$argon2id\$/);
    expect(one.passwordHash).not.toContain('a long enough password');
    expect(one.passwordHash).not.toBe(two.passwordHash);
    expect(await verifyPassword('a long enough password', one.passwordHash)).toBe(true);
    expect((await users.signIn('a.one', 'a long enough password')).id).toBe(view.id);
    expect(await entriesOf('user.create')).toEqual([
      expect.objectContaining({ actor: 'user:hr', entityKey: 'a.one', after: view }),
      expect.objectContaining({ entityKey: 'a.two' }),
    ]);
  });

  it('rewrites a hash of an earlier release (scrypt) as Argon2id at the next sign-in', async () => {
    await users.create(newUser({ username: 'a.old' }), 'user:hr');
    const salt = randomBytes(16);
    const key = scryptSync('a long enough password', salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 << 20 });
    const legacy = ['scrypt', 2 ** 15, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
    await ds.getRepository(User).update({ username: 'a.old' }, { passwordHash: legacy });

    await users.signIn('a.old', 'a long enough password');
    const after = (await ds.getRepository(User).findOneByOrFail({ username: 'a.old' })).passwordHash;
    expect(after).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword('a long enough password', after)).toBe(true);
    await users.signIn('a.old', 'a long enough password');
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    await users.create(newUser(), 'user:hr');

    expect(await refusal(users.signIn('li.wei', 'not the password'))).toEqual({
      status: 401,
      message: 'wrong username or password',
    });
    expect(await refusal(users.signIn('nobody', 'a long enough password'))).toEqual({
      status: 401,
      message: 'wrong username or password',
    });
  });

  it('refuses a disabled user at sign-in and for their tokens; disabling is audited, and only once', async () => {
    const view = await users.create(newUser(), 'user:hr');
    await users.create(newUser({ username: 'hr' }), 'user:hr'); // not the last hr_admin

    await users.disable('li.wei', 'user:hr');

    expect((await refusal(users.signIn('li.wei', 'a long enough password'))).status).toBe(401);
    expect(await users.active(view.id)).toBeNull();
    expect(await entriesOf('user.disable')).toEqual([
      expect.objectContaining({ actor: 'user:hr', entity: 'user', entityKey: 'li.wei' }),
    ]);
    expect(await refusal(users.disable('li.wei', 'user:hr'))).toEqual({
      status: 404,
      message: 'no active user "li.wei"',
    });
  });

  it('links a staff user to their staff record and a manager to known departments', async () => {
    await importDocument(ds, document(), 'test'); // department DEP, staff member A

    const staff = await users.create(newUser({ username: 'a.staff', role: 'staff', staffId: 'A' }), 'hr');
    const manager = await users.create(
      newUser({ username: 'a.manager', role: 'dept_manager', departments: ['DEP', 'DEP'] }),
      'hr',
    );

    expect(staff).toMatchObject({ role: 'staff', staffId: 'A', departments: [] });
    expect(manager).toMatchObject({ role: 'dept_manager', staffId: null, departments: ['DEP'] });
    expect(await users.me(staff.id)).toEqual(staff);
    expect((await users.list()).map((u) => u.username)).toEqual(['a.manager', 'a.staff']);
  });

  it('refuses links that do not fit the role, and a taken username, storing nothing', async () => {
    await importDocument(ds, document(), 'test');
    await users.create(newUser(), 'hr');
    const cases: [Parameters<typeof newUser>[0], number, string][] = [
      [{ username: 'li.wei' }, 409, 'user "li.wei" already exists'],
      [{ username: 's', role: 'staff' }, 400, 'staffId: a staff user is linked to their staff record'],
      [{ username: 's', role: 'staff', staffId: 'Z' }, 400, 'staffId: no staff member "Z"'],
      [{ username: 's', role: 'auditor', staffId: 'A' }, 400, 'staffId: only for role staff'],
      [
        { username: 'm', role: 'dept_manager' },
        400,
        'departments: a manager manages at least one department',
      ],
      [{ username: 'm', role: 'dept_manager', departments: ['DEP', 'X'] }, 400, 'departments: unknown X'],
      [
        { username: 'm', role: 'hr_admin', departments: ['DEP'] },
        400,
        'departments: only for role dept_manager',
      ],
    ];

    for (const [input, status, message] of cases)
      expect(await refusal(users.create(newUser(input), 'hr'))).toEqual({ status, message });
    expect(await ds.getRepository(User).count()).toBe(1);
    expect(await entriesOf('user.create')).toHaveLength(1);
  });

  it('creates the first hr_admin only when there is nobody', async () => {
    expect(await users.ensureFirstAdmin({ username: 'admin', password: 'a long enough password' })).toBe(
      true,
    );
    expect(await users.ensureFirstAdmin({ username: 'other', password: 'a long enough password' })).toBe(
      false,
    );
    expect(await users.ensureFirstAdmin(undefined)).toBe(false);

    expect(await users.list()).toEqual([
      expect.objectContaining({ username: 'admin', role: 'hr_admin', createdBy: 'system' }),
    ]);
  });

  it('refuses weak passwords: short, few different characters, the username, a common password', async () => {
    const cases: [string, string][] = [
      ['eleven-char', 'password: at least 12 characters'],
      ['aaaaaaaaaaaa', 'password: at least 5 different characters'],
      ['            ', 'password: at least 5 different characters'],
      ['qwerty123456', 'password: not one of the most common passwords'],
      ['1qaz2wsx3edc', 'password: not one of the most common passwords'],
    ];
    for (const [password, message] of cases)
      expect(await refusal(users.create(newUser({ password }), 'hr'))).toEqual({ status: 400, message });
    expect(
      await refusal(users.create(newUser({ username: 'long.username1', password: 'LONG.USERNAME1' }), 'hr')),
    ).toEqual({
      status: 400,
      message: 'password: not the username',
    });
    expect(await ds.getRepository(User).count()).toBe(0);
  });

  it('keeps usernames unique without regard to case, and signs in whatever the case', async () => {
    await users.create(newUser({ username: 'Li.Wei' }), 'hr');
    expect(await refusal(users.create(newUser({ username: 'li.wei' }), 'hr'))).toEqual({
      status: 409,
      message: 'user "li.wei" already exists as "Li.Wei" (usernames do not differ by case)',
    });
    expect((await users.signIn('LI.WEI', 'a long enough password')).username).toBe('Li.Wei');
  });

  it('links one user per staff record', async () => {
    await importDocument(ds, document(), 'test');
    await users.create(newUser({ username: 's.one', role: 'staff', staffId: 'A' }), 'hr');
    expect(
      await refusal(users.create(newUser({ username: 's.two', role: 'staff', staffId: 'A' }), 'hr')),
    ).toEqual({
      status: 409,
      message: 'staffId: staff member A already has the user "s.one"',
    });
  });

  it('never disables the last enabled hr_admin', async () => {
    await users.create(newUser({ username: 'hr.one' }), 'system');
    expect(await refusal(users.disable('hr.one', 'user:hr.one'))).toEqual({
      status: 409,
      message: '"hr.one" is the last enabled hr_admin: create another one first',
    });
    await users.create(newUser({ username: 'hr.two' }), 'user:hr.one');
    await users.disable('hr.one', 'user:hr.two');
    expect(await refusal(users.disable('hr.two', 'user:hr.two'))).toEqual(
      expect.objectContaining({ status: 409 }),
    );
  });

  it('changes a password with the current one, and resets it to a one-time password that must be changed', async () => {
    const view = await users.create(newUser(), 'hr');
    expect(await refusal(users.changePassword(view.id, 'not the password', 'tea-garden-lantern'))).toEqual({
      status: 401,
      message: 'currentPassword: wrong password',
    });
    expect(await refusal(users.changePassword(view.id, 'a long enough password', 'qwerty123456'))).toEqual({
      status: 400,
      message: 'newPassword: not one of the most common passwords',
    });
    await users.changePassword(view.id, 'a long enough password', 'tea-garden-lantern');
    expect((await users.signIn('li.wei', 'tea-garden-lantern')).id).toBe(view.id);

    const { oneTimePassword } = await users.resetPassword('li.wei', 'user:hr');
    expect(oneTimePassword).toHaveLength(24);
    await expect(users.signIn('li.wei', 'tea-garden-lantern')).rejects.toThrow('wrong username or password');
    expect((await users.signIn('li.wei', oneTimePassword)).mustChangePassword).toBe(true);
    await users.changePassword(view.id, oneTimePassword, 'river-stone-kettle');
    expect((await users.signIn('li.wei', 'river-stone-kettle')).mustChangePassword).toBe(false);
    const resets = await entriesOf('user.password.reset');
    expect(resets).toHaveLength(1);
    expect(JSON.stringify(resets[0])).not.toContain(oneTimePassword);
    expect(await entriesOf('user.password.change')).toHaveLength(2);
  });

  function entriesOf(action: string): Promise<AuditEntry[]> {
    return ds.getRepository(AuditEntry).find({ where: { action }, order: { id: 'ASC' } });
  }
});

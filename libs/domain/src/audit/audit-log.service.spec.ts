// AuditLogService on a real database: the whitelisted filters (actor, action, entity, key, a range of days), each
// alone and together, the cursor, and the facets the web page offers as choices.
import { DataSource } from 'typeorm';
import { AuditEntry } from '@app/persistence';
import { InvalidError } from '../model';
import { AuditLogService } from './audit-log.service';
import { closeDatabase, testDatabases } from '../../../../test/support/database';

describe.each(testDatabases('audit_log'))('AuditLogService on %s', (_name, db) => {
  let ds: DataSource;
  let service: AuditLogService;
  const keys = (page: { items: AuditEntry[] }) => page.items.map((e) => e.entityKey);

  beforeEach(async () => {
    ds = await db.open();
    service = new AuditLogService(ds);
    const entry = (at: string, actor: string, action: string, entityKey: string) =>
      ds.getRepository(AuditEntry).save({
        at,
        actor,
        action,
        entity: action.split('.')[0],
        entityKey,
        before: null,
        after: { entityKey },
      });
    await entry('2026-11-30T23:59:59.999Z', 'user:hr.a', 'staff.create', 'S1');
    await entry('2026-12-01T00:00:00.000Z', 'user:hr.b', 'staff.update', 'S1');
    await entry('2026-12-02T08:00:00.000Z', 'user:hr.a', 'input.create', 'x');
    await entry('2026-12-03T10:00:00.000Z', 'system', 'user.create', 'hr.c');
  });
  afterEach(() => closeDatabase(ds));

  it('filters by actor, action, entity and key, newest first', async () => {
    expect(keys(await service.list({}))).toEqual(['hr.c', 'x', 'S1', 'S1']);
    expect(keys(await service.list({ actor: 'user:hr.a' }))).toEqual(['x', 'S1']);
    expect((await service.list({ action: 'staff.update' })).items.map((e) => e.actor)).toEqual(['user:hr.b']);
    expect(keys(await service.list({ entity: 'staff', actor: 'user:hr.a' }))).toEqual(['S1']);
    expect(keys(await service.list({ entityKey: 'x' }))).toEqual(['x']);
  });

  it('filters by a range of days (UTC), both ends included', async () => {
    expect(keys(await service.list({ from: '2026-12-01' }))).toEqual(['hr.c', 'x', 'S1']);
    expect(keys(await service.list({ to: '2026-12-01' }))).toEqual(['S1', 'S1']);
    expect(keys(await service.list({ from: '2026-12-01', to: '2026-12-02' }))).toEqual(['x', 'S1']);
    expect((await service.list({ from: '2026-12-02', to: '2026-12-02' })).items).toHaveLength(1);
    await expect(service.list({ from: '2026-12-03', to: '2026-12-01' })).rejects.toThrow(InvalidError);
    await expect(service.list({ from: '2026-02-30' })).rejects.toThrow('from must be a date');
  });

  it('pages with the cursor under a filter', async () => {
    const first = await service.list({ actor: 'user:hr.a', limit: 1 });
    expect(keys(first)).toEqual(['x']);
    const second = await service.list({ actor: 'user:hr.a', limit: 1, cursor: first.nextCursor! });
    expect(keys(second)).toEqual(['S1']);
    expect(second.nextCursor).toBeNull();
  });

  it('lists the actions and entities written so far', async () => {
    expect(await service.facets()).toEqual({
      actions: ['input.create', 'staff.create', 'staff.update', 'user.create'],
      entities: ['input', 'staff', 'user'],
    });
  });
});

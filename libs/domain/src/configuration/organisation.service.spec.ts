// The organisation services (sites, post types, departments) on a real database: unique codes, what a closed
// month keeps of a department or site, what still refers to a department, and the audit entries.
import { DataSource } from 'typeorm';
import { ClosedMonthError } from '../periods';
import { DepartmentsService, PostTypesService, SitesService } from './organisation.service';
import { ConfigurationConflictError, ConfigurationNotFoundError } from './configuration-errors';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { auditLog, department, period, site, staff } from '../../../../test/factories/configuration';

describe.each(testDatabases('cfg_org'))('organisation services on %s', (_name, db) => {
  let ds: DataSource;
  beforeEach(async () => {
    ds = await db.open();
  });
  afterEach(() => closeDatabase(ds));

  describe('codes are unique', () => {
    it('refuses a taken code on create and on rename, for every kind', async () => {
      const sites = new SitesService(ds);
      const posts = new PostTypesService(ds);
      const depts = new DepartmentsService(ds);
      await sites.create('hr', { code: 'N', name: 'North' });
      await sites.create('hr', { code: 'S', name: 'South' });
      await expect(sites.create('hr', { code: 'N', name: 'again' })).rejects.toThrow(
        new ConfigurationConflictError('site "N" already exists'),
      );
      await expect(sites.update('hr', 'S', { code: 'N' })).rejects.toThrow('site "N" already exists');
      await posts.create('hr', { code: 'P', name: 'Porter' });
      await expect(posts.create('hr', { code: 'P', name: 'again' })).rejects.toThrow(
        'post type "P" already exists',
      );
      await depts.create('hr', { code: 'D', name: 'Dept', site: 'N' });
      await expect(depts.create('hr', { code: 'D', name: 'again' })).rejects.toThrow(
        'department "D" already exists',
      );
      expect((await auditLog(ds)).map((e) => e.action)).toEqual([
        'site.create',
        'site.create',
        'postType.create',
        'department.create',
      ]);
    });

    it('answers an unknown code as missing', async () => {
      await expect(new SitesService(ds).get('nope')).rejects.toThrow(
        new ConfigurationNotFoundError('site "nope" does not exist'),
      );
      await expect(
        new DepartmentsService(ds).create('hr', { code: 'D', name: 'D', site: 'nope' }),
      ).rejects.toThrow(ConfigurationNotFoundError);
    });
  });

  it('audits an update with the row before and after', async () => {
    const depts = new DepartmentsService(ds);
    const n = await site(ds, 'N');
    await department(ds, 'D', null);
    await depts.update('hr', 'D', { name: 'Renamed', site: 'N' });
    const [entry] = await auditLog(ds);
    expect(entry).toMatchObject({
      action: 'department.update',
      entity: 'department',
      entityKey: 'D',
      before: { code: 'D', name: 'Department D', siteId: null },
      after: { code: 'D', name: 'Renamed', siteId: n.id },
    });
  });

  it('refuses a parent that makes a cycle', async () => {
    const depts = new DepartmentsService(ds);
    await depts.create('hr', { code: 'A', name: 'A' });
    await depts.create('hr', { code: 'B', name: 'B', parent: 'A' });
    await expect(depts.update('hr', 'A', { parent: 'B' })).rejects.toThrow(
      'department "B" cannot be the parent of "A": that makes a cycle',
    );
  });

  describe('closed months', () => {
    it("refuses a department's site or code change, and its deletion, once a closed month is made of it", async () => {
      const depts = new DepartmentsService(ds);
      await site(ds, 'N');
      const d = await department(ds, 'D');
      await staff(ds, 'A', d.id);
      await period(ds, '2026-02', 'closed');
      await expect(depts.update('hr', 'D', { site: 'N' })).rejects.toThrow(
        new ClosedMonthError(
          'period 2026-02 is closed and department "D" is part of it (staff "A" of it was active in it): its site ' +
            'cannot change; corrections of a closed month go through adjustments',
        ),
      );
      await expect(depts.update('hr', 'D', { code: 'D2' })).rejects.toThrow(ClosedMonthError);
      await expect(depts.remove('hr', 'D')).rejects.toThrow(ClosedMonthError);
      // Names are labels: they stay editable.
      await depts.update('hr', 'D', { name: 'Renamed' });
      expect((await auditLog(ds)).map((e) => e.action)).toEqual(['department.update']);
    });

    it("refuses a site's code change once a closed month uses a department of it", async () => {
      const n = await site(ds, 'N');
      const d = await department(ds, 'D', n.id);
      await staff(ds, 'A', d.id);
      await period(ds, '2026-02', 'closed');
      await expect(new SitesService(ds).update('hr', 'N', { code: 'N2' })).rejects.toThrow(
        'site "N" is part of it (department "D" of it is part of it): its code cannot change',
      );
    });
  });

  it('refuses to delete a department that still has staff', async () => {
    const d = await department(ds, 'D');
    await staff(ds, 'A', d.id);
    await expect(new DepartmentsService(ds).remove('hr', 'D')).rejects.toThrow(
      new ConfigurationConflictError('department "D" still has 1 member(s) of staff'),
    );
  });
});

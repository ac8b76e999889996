// StaffService on a real database: what a closed month keeps of a member of staff, a change of placement as a
// transfer from a month on (after the closed months by default), and the audit entries with before and after.
import { DataSource } from 'typeorm';
import { Staff } from '@app/persistence';
import { ClosedMonthError } from '../periods';
import { StaffService } from './staff.service';
import { ConfigurationConflictError, ConfigurationInvalidError } from './configuration-errors';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { auditLog, department, period, staff } from '../../../../test/factories/configuration';

describe.each(testDatabases('cfg_staff'))('StaffService on %s', (_name, db) => {
  let ds: DataSource;
  let service: StaffService;
  beforeEach(async () => {
    ds = await db.open();
    service = new StaffService(ds);
    const a = await department(ds, 'A');
    await department(ds, 'B');
    await staff(ds, 'P', a.id);
  });
  afterEach(() => closeDatabase(ds));

  describe('closed months', () => {
    it('refuses a transfer taking effect in a closed month the person was active in', async () => {
      await period(ds, '2026-03', 'closed');
      await expect(service.update('hr', 'P', { department: 'B', effectiveFrom: '2026-03' })).rejects.toThrow(
        new ClosedMonthError(
          'period 2026-03 is closed: staff "P" was active in it, so their department cannot change in it ' +
            "(the month's results, pay and export carry them); a transfer takes effect from a month after " +
            '2026-03 (effectiveFrom); corrections of a closed month go through adjustments',
        ),
      );
      expect(await auditLog(ds)).toEqual([]);
    });

    it('refuses activity dates that change a closed month, and the deletion of someone active in it', async () => {
      await period(ds, '2026-03', 'closed');
      await expect(service.update('hr', 'P', { activeTo: '2026-03-15' })).rejects.toThrow(ClosedMonthError);
      await expect(service.remove('hr', 'P')).rejects.toThrow(
        'period 2026-03 is closed: staff "P" was active in it (2026-03-01..2026-03-31) and stays on its record',
      );
      await expect(
        service.create('hr', {
          code: 'Q',
          name: 'Q',
          employeeNo: 'EQ',
          department: 'A',
          activeFrom: '2026-02-01',
        }),
      ).rejects.toThrow(
        'staff "Q" would be active in it (2026-03-01..2026-03-31); start activeFrom after 2026-03',
      );
    });

    it('makes a change of placement a transfer from the month after the last closed one by default', async () => {
      await period(ds, '2026-03', 'closed');
      const after = await service.update('hr', 'P', { department: 'B' });
      expect(after).toMatchObject({ code: 'P', department: 'B' });
      expect(after.placements.map((p) => [p.from, p.department])).toEqual([
        [null, 'A'],
        ['2026-04', 'B'],
      ]);
    });
  });

  it('audits an update with the member of staff before and after, placements included', async () => {
    await service.update('hr', 'P', { name: 'Renamed', department: 'B', effectiveFrom: '2026-05' });
    const [entry] = await auditLog(ds);
    expect(entry).toMatchObject({
      actor: 'hr',
      action: 'staff.update',
      entity: 'staff',
      entityKey: 'P',
      before: { name: 'P', department: 'A', placements: [{ from: null, department: 'A' }] },
      after: {
        name: 'Renamed',
        department: 'B',
        placements: [
          { from: null, department: 'A' },
          { from: '2026-05', department: 'B' },
        ],
      },
    });
  });

  it('audits a create and a delete', async () => {
    await service.create('hr', {
      code: 'Q',
      name: 'Q',
      employeeNo: 'EQ',
      department: 'A',
      activeFrom: '2026-01-01',
    });
    await service.remove('hr', 'Q');
    expect((await auditLog(ds)).map((e) => [e.action, e.entityKey, !!e.before, !!e.after])).toEqual([
      ['staff.create', 'Q', false, true],
      ['staff.delete', 'Q', true, false],
    ]);
    expect(await ds.getRepository(Staff).countBy({ code: 'Q' })).toBe(0);
  });

  it('refuses a taken code or employee number, and dates out of order', async () => {
    const base = { name: 'Q', department: 'A', activeFrom: '2026-01-01' };
    await expect(service.create('hr', { ...base, code: 'P', employeeNo: 'EQ' })).rejects.toThrow(
      new ConfigurationConflictError('staff "P" already exists'),
    );
    await expect(service.create('hr', { ...base, code: 'Q', employeeNo: 'E-P' })).rejects.toThrow(
      'employeeNo "E-P" already belongs to staff "P"',
    );
    await expect(service.update('hr', 'P', { activeTo: '2025-12-31' })).rejects.toThrow(
      ConfigurationInvalidError,
    );
    await expect(service.update('hr', 'P', { name: 'x', effectiveFrom: '2026-05' })).rejects.toThrow(
      'effectiveFrom applies to a change of department, site, postType or employmentType; none is given',
    );
  });
});

// AssignmentRulesService on a real database: a rule change that would give someone another set in a closed
// month is refused; criteria are checked; changes are audited with before and after.
import { DataSource } from 'typeorm';
import { ClosedMonthError } from '../periods';
import { AssignmentRulesService } from './assignment-rules.service';
import { ConfigurationInvalidError } from './configuration-errors';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { auditLog, department, indicatorSet, period, staff } from '../../../../test/factories/configuration';

describe.each(testDatabases('cfg_rules'))('AssignmentRulesService on %s', (_name, db) => {
  let ds: DataSource;
  let rules: AssignmentRulesService;
  beforeEach(async () => {
    ds = await db.open();
    rules = new AssignmentRulesService(ds);
    await staff(ds, 'P', (await department(ds, 'A')).id);
    await indicatorSet(ds, 'S1', [{ effectiveFrom: '2026-01' }]);
    await indicatorSet(ds, 'S2', [{ effectiveFrom: '2026-01' }]);
  });
  afterEach(() => closeDatabase(ds));

  it('refuses a rule that would give someone of a closed month another set; allows it once nobody moves', async () => {
    const rule = await rules.create('hr', { set: 'S1', department: 'A' });
    await period(ds, '2026-02', 'closed');
    await expect(rules.update('hr', rule.id, { set: 'S2' })).rejects.toThrow(ClosedMonthError);
    await expect(rules.remove('hr', rule.id)).rejects.toThrow(
      'period 2026-02 is closed: this rule change would move staff "P" from indicator set S1 to none in it',
    );
    // A more specific rule for the same set moves nobody.
    await rules.create('hr', { set: 'S1', staff: 'P' });
    expect((await auditLog(ds)).map((e) => e.action)).toEqual([
      'assignmentRule.create',
      'assignmentRule.create',
    ]);
  });

  it('audits an update with the rule before and after, by code', async () => {
    const rule = await rules.create('hr', { set: 'S1', department: 'A' });
    await rules.update('hr', rule.id, { set: 'S2', priority: 5 });
    const entry = (await auditLog(ds))[1];
    expect(entry).toMatchObject({
      action: 'assignmentRule.update',
      entityKey: String(rule.id),
      before: { set: 'S1', department: 'A', priority: 0 },
      after: { set: 'S2', department: 'A', priority: 5 },
    });
  });

  it('refuses a rule without criteria, or a staff rule with others', async () => {
    await expect(rules.create('hr', { set: 'S1' })).rejects.toThrow(ConfigurationInvalidError);
    await expect(rules.create('hr', { set: 'S1', staff: 'P', department: 'A' })).rejects.toThrow(
      'a staff rule names one member of staff and must not have other criteria',
    );
  });

  it('resolves the set of a member of staff in a month, with the reason', async () => {
    const rule = await rules.create('hr', { set: 'S2', department: 'A' });
    expect(await rules.resolve('P', '2026-03')).toMatchObject({
      set: 'S2',
      active: true,
      version: { version: 1, effectiveFrom: '2026-01' },
      rule: { id: rule.id },
    });
  });
});

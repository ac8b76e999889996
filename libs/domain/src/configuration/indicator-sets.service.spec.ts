// IndicatorSetsService on a real database: how a version is written (edited in place, a new version, or refused),
// what a closed month refuses, and what the audit log records.
import { DataSource } from 'typeorm';
import { IndicatorSetVersion } from '@app/persistence';
import { DocumentInvalidError } from '@app/scoring';
import { IndicatorSetsService, SetContentInput } from './indicator-sets.service';
import { ConfigurationConflictError, ConfigurationInvalidError } from './configuration-errors';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { auditLog, indicatorSet, input, period, setContent } from '../../../../test/factories/configuration';

describe.each(testDatabases('cfg_sets'))('IndicatorSetsService on %s', (_name, db) => {
  let ds: DataSource;
  let sets: IndicatorSetsService;
  beforeEach(async () => {
    ds = await db.open();
    sets = new IndicatorSetsService(ds);
    await input(ds, 'x');
    await input(ds, 'y');
  });
  afterEach(() => closeDatabase(ds));

  const versions = () => ds.getRepository(IndicatorSetVersion).find({ order: { version: 'ASC' } });
  const post = (effectiveFrom: string, formula: string) =>
    sets.addVersion('hr', 'S', { ...(setContent(formula) as unknown as SetContentInput), effectiveFrom });

  describe('versioning', () => {
    it('replaces the unfrozen version of the same month (200) and audits it as an update, before and after', async () => {
      await indicatorSet(ds, 'S', [{ effectiveFrom: '2026-03', content: setContent('x') }]);
      const { version, created } = await post('2026-03', 'y');
      expect(created).toBe(false);
      expect(version).toMatchObject({ version: 1, effectiveFrom: '2026-03', frozen: false });
      expect((await versions()).map((v) => v.content.indicators[0].formula)).toEqual(['y']);
      const [entry] = await auditLog(ds);
      expect(entry).toMatchObject({
        actor: 'hr',
        action: 'indicatorSet.version.update',
        entity: 'indicatorSet',
        entityKey: 'S',
        before: { version: 1, effectiveFrom: '2026-03', frozen: false, ...setContent('x') },
        after: { version: 1, effectiveFrom: '2026-03', frozen: false, ...setContent('y') },
      });
    });

    it('makes a new version when the version of that month is frozen, leaving it as it was', async () => {
      await indicatorSet(ds, 'S', [{ effectiveFrom: '2026-03', frozen: true, content: setContent('x') }]);
      const { version, created } = await post('2026-03', 'y');
      expect(created).toBe(true);
      expect(version).toMatchObject({ version: 2, effectiveFrom: '2026-03' });
      expect((await versions()).map((v) => [v.version, v.frozen, v.content.indicators[0].formula])).toEqual([
        [1, true, 'x'],
        [2, false, 'y'],
      ]);
      const [entry] = await auditLog(ds);
      expect(entry).toMatchObject({ action: 'indicatorSet.version.create', before: null });
    });

    it('makes a new version for another month', async () => {
      await indicatorSet(ds, 'S', [{ effectiveFrom: '2026-01' }]);
      const { version, created } = await post('2026-03', 'y');
      expect([created, version.version, version.effectiveFrom]).toEqual([true, 2, '2026-03']);
    });

    it('refuses a version before a later one (409) and writes nothing', async () => {
      await indicatorSet(ds, 'S', [{ effectiveFrom: '2026-01' }, { effectiveFrom: '2026-05' }]);
      await expect(post('2026-03', 'y')).rejects.toThrow(
        new ConfigurationConflictError(
          'indicator set "S" has version 2 effective from 2026-05, after 2026-03: versions are added in period order',
        ),
      );
      expect(await versions()).toHaveLength(2);
      expect(await auditLog(ds)).toEqual([]);
    });
  });

  describe('closed months', () => {
    it('refuses a version taking effect in or before a closed month', async () => {
      await indicatorSet(ds, 'S', [{ effectiveFrom: '2026-01' }]);
      await period(ds, '2026-03', 'closed');
      await expect(post('2026-02', 'y')).rejects.toThrow(
        new ConfigurationConflictError(
          'period 2026-03 is closed: a version of indicator set "S" effective from 2026-02 would change the ' +
            'configuration it was scored with; start the version after 2026-03',
        ),
      );
      const { created } = await post('2026-04', 'y');
      expect(created).toBe(true);
    });

    it('refuses to delete a set that was in force in a closed month', async () => {
      await indicatorSet(ds, 'S', [{ effectiveFrom: '2026-01' }]);
      await period(ds, '2026-02', 'closed');
      await expect(sets.remove('hr', 'S')).rejects.toThrow(
        'indicator set "S" was in force in period 2026-02, which is closed',
      );
    });
  });

  it('creates a set with its first version, audited as two entries', async () => {
    const body = {
      code: 'NEW',
      name: 'New',
      effectiveFrom: '2026-01',
      content: setContent('x') as unknown as SetContentInput,
    };
    const created = await sets.create('hr', body);
    expect(created).toMatchObject({ code: 'NEW', versions: [{ version: 1, effectiveFrom: '2026-01' }] });
    expect((await auditLog(ds)).map((e) => [e.action, e.entityKey, e.before])).toEqual([
      ['indicatorSet.create', 'NEW', null],
      ['indicatorSet.version.create', 'NEW', null],
    ]);
  });

  it('stores a version’s grade quotas as sent, reads them back, and keeps them apart per version', async () => {
    const grades = [
      { min: 90, grade: 'A', coefficient: 1.2 },
      { min: 0, grade: 'B', coefficient: 1 },
    ];
    const quotas = {
      scope: 'hospital',
      rules: [
        { grade: 'A', maxShare: 20 },
        { grade: 'B', minCount: 1, minStaff: 5 },
      ],
    };
    await indicatorSet(ds, 'S', [{ effectiveFrom: '2026-01', content: setContent('x') }]);
    const { version } = await sets.addVersion('hr', 'S', {
      ...(setContent('x') as unknown as SetContentInput),
      grades,
      quotas,
      effectiveFrom: '2026-03',
    });
    expect(version).toMatchObject({ version: 2, grades, quotas });
    expect((await sets.version('S', 2)).quotas).toEqual(quotas);
    expect((await sets.effective('S', '2026-04')).quotas).toEqual(quotas);
    // The earlier version has none; the audit entry holds them.
    expect((await sets.version('S', 1)).quotas).toBeUndefined();
    const [entry] = await auditLog(ds);
    expect(entry).toMatchObject({ action: 'indicatorSet.version.create', after: { quotas } });
  });

  it('refuses grade quotas the format refuses, with the path of the rule', async () => {
    await indicatorSet(ds, 'S', [{ effectiveFrom: '2026-01', content: setContent('x') }]);
    const refused = sets.addVersion('hr', 'S', {
      ...(setContent('x') as unknown as SetContentInput),
      grades: [
        { min: 90, grade: 'A', coefficient: 1.2 },
        { min: 0, grade: 'B', coefficient: 1 },
      ],
      // B is the last grade: a cap on it has no grade to move anyone down to.
      quotas: { rules: [{ grade: 'B', maxShare: 10 }] },
      effectiveFrom: '2026-03',
    });
    await expect(refused).rejects.toBeInstanceOf(DocumentInvalidError);
    const e = (await refused.catch((x: unknown) => x)) as DocumentInvalidError;
    expect(e.problems.map((p) => [p.path, p.code])).toEqual([['quotas.rules[0]', 'QUOTA_RULE']]);
    expect(await versions()).toHaveLength(1);
  });

  it('refuses content with a problem, and content without its month', async () => {
    await expect(
      sets.create('hr', {
        code: 'N',
        name: 'N',
        effectiveFrom: '2026-01',
        content: setContent('nope') as unknown as SetContentInput,
      }),
    ).rejects.toBeInstanceOf(DocumentInvalidError);
    await expect(
      sets.create('hr', { code: 'N', name: 'N', content: setContent('x') as unknown as SetContentInput }),
    ).rejects.toThrow(ConfigurationInvalidError);
    expect(await auditLog(ds)).toEqual([]);
  });
});

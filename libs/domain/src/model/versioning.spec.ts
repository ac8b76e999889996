// The one versioning rule (placeVersion, writeVersion): the unfrozen version of the same month is edited in
// place; a frozen one, or another month, gets a new version number; a version effective after the month is a
// conflict, in the caller's own words. Written on SQLite and PostgreSQL (test/support/database.ts).
import { DataSource } from 'typeorm';
import { WorkloadCatalogueVersion } from '@app/persistence';
import { inForce, placeVersion, writeVersion } from './versioning';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { workloadContent, workloadVersions } from '../../../../test/factories/configuration';

const v = (version: number, effectiveFrom: string, frozen = false) => ({ version, effectiveFrom, frozen });

describe('placeVersion', () => {
  it('makes version 1 when there is none', () => {
    expect(placeVersion([], '2026-03')).toEqual({ kind: 'new', version: 1 });
  });

  it('edits the unfrozen version starting in the same month', () => {
    const list = [v(1, '2026-01'), v(2, '2026-03')];
    expect(placeVersion(list, '2026-03')).toEqual({ kind: 'edit', current: list[1] });
  });

  it('makes a new version when the same month is frozen', () => {
    expect(placeVersion([v(1, '2026-01'), v(2, '2026-03', true)], '2026-03')).toEqual({
      kind: 'new',
      version: 3,
    });
  });

  it('makes a new version for a later month, even over an unfrozen one in force', () => {
    expect(placeVersion([v(1, '2026-01')], '2026-02')).toEqual({ kind: 'new', version: 2 });
  });

  it('answers a conflict with the first version effective after the month', () => {
    const list = [v(1, '2026-01'), v(2, '2026-05'), v(3, '2026-07')];
    expect(placeVersion(list, '2026-03')).toEqual({ kind: 'conflict', later: list[1] });
  });

  it('edits by the in-force rule: of two versions of one month, the higher-numbered one', () => {
    const list = [v(1, '2026-03', true), v(2, '2026-03')];
    expect(placeVersion(list, '2026-03')).toEqual({ kind: 'edit', current: list[1] });
    expect(inForce(list, '2026-03')).toBe(list[1]);
  });
});

describe.each(testDatabases('versioning'))('writeVersion on %s', (_name, db) => {
  let ds: DataSource;
  beforeEach(async () => {
    ds = await db.open();
  });
  afterEach(() => closeDatabase(ds));

  const stored = () => ds.getRepository(WorkloadCatalogueVersion).find({ order: { version: 'ASC' } });
  const write = (period: string, time: number) =>
    ds.transaction(async (em) =>
      writeVersion(em, WorkloadCatalogueVersion, {
        versions: await em.find(WorkloadCatalogueVersion, { order: { version: 'ASC' } }),
        period,
        content: workloadContent(time),
        conflict: (later) => new RangeError(`later: ${later.version}`),
      }),
    );

  it('replaces the content of the same month in place, returning the version as it was', async () => {
    await workloadVersions(ds, [{ effectiveFrom: '2026-03', content: workloadContent(1) }]);
    const w = await write('2026-03', 2);
    expect(w.created).toBe(false);
    expect(w.before).toMatchObject({ version: 1, content: workloadContent(1) });
    expect((await stored()).map((r) => [r.version, r.effectiveFrom, r.content])).toEqual([
      [1, '2026-03', workloadContent(2)],
    ]);
  });

  it('adds a new version over a frozen one, which stays as it was', async () => {
    await workloadVersions(ds, [{ effectiveFrom: '2026-03', frozen: true, content: workloadContent(1) }]);
    const w = await write('2026-03', 2);
    expect(w).toMatchObject({ created: true, before: null, row: { version: 2, frozen: false } });
    expect((await stored()).map((r) => [r.version, r.frozen, r.content])).toEqual([
      [1, true, workloadContent(1)],
      [2, false, workloadContent(2)],
    ]);
  });

  it("throws the caller's error and writes nothing when a later version exists", async () => {
    await workloadVersions(ds, [{ effectiveFrom: '2026-05' }]);
    await expect(write('2026-03', 2)).rejects.toThrow(new RangeError('later: 1'));
    expect(await stored()).toHaveLength(1);
  });
});

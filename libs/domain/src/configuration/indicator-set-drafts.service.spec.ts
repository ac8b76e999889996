// IndicatorSetDraftsService on a real database: a draft's check answers every problem with its path (weights,
// formulas against the stored dictionary, the month) and what saving would do, storing nothing; the diff of two
// stored versions lists dimensions and indicators added, removed and changed field by field, weights, grades and
// the grade quotas.
import { DataSource } from 'typeorm';
import { IndicatorSetContent, IndicatorSetVersion } from '@app/persistence';
import { IndicatorSetDraftsService, SetDraftInput } from './indicator-set-drafts.service';
import { ConfigurationNotFoundError } from './configuration-errors';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { indicatorSet, input, period, setContent } from '../../../../test/factories/configuration';

/** Two dimensions (60/40) with one indicator each, and a grade table. */
function content(): IndicatorSetContent {
  return {
    dimensions: [
      { code: 'd1', name: 'D1', weight: 60 },
      { code: 'd2', name: 'D2', weight: 40 },
    ],
    indicators: [
      { code: 'I1', name: 'I1', dimension: 'd1', weight: 100, formula: 'x', scoring: { method: 'direct' } },
      {
        code: 'I2',
        name: 'I2',
        dimension: 'd2',
        weight: 100,
        formula: 'y / 2',
        scoring: { method: 'linear', worst: 0, target: 10 },
      },
    ],
    grades: [{ min: 60, grade: 'A', coefficient: 1 }],
  } as unknown as IndicatorSetContent;
}

const draft = (c: IndicatorSetContent, effectiveFrom?: string): SetDraftInput => ({
  ...(JSON.parse(JSON.stringify(c)) as SetDraftInput),
  ...(effectiveFrom ? { effectiveFrom } : {}),
});

describe.each(testDatabases('cfg_set_drafts'))('IndicatorSetDraftsService on %s', (_name, db) => {
  let ds: DataSource;
  let drafts: IndicatorSetDraftsService;
  beforeEach(async () => {
    ds = await db.open();
    drafts = new IndicatorSetDraftsService(ds);
    await input(ds, 'x');
    await input(ds, 'y');
  });
  afterEach(() => closeDatabase(ds));

  describe('check', () => {
    it('passes a valid draft and says what saving would make: a new version, or the same month replaced', async () => {
      await indicatorSet(ds, 'S', [{ effectiveFrom: '2026-03', content: content() }]);
      expect(await drafts.check('S', draft(content(), '2026-05'))).toEqual({
        valid: true,
        problems: [],
        saves: { as: 'new', version: 2 },
      });
      expect((await drafts.check('S', draft(content(), '2026-03'))).saves).toEqual({
        as: 'replace',
        version: 1,
      });
      expect(await drafts.check('S', draft(content()))).toEqual({ valid: true, problems: [], saves: null });
    });

    it('answers every problem with its path: an undeclared symbol, a bad function, weights off 100, parameters', async () => {
      await indicatorSet(ds, 'S', [{ effectiveFrom: '2026-03', content: content() }]);
      const d = draft(content(), '2026-05');
      d.indicators[0].formula = 'x + overtime';
      d.indicators[1].formula = 'eval(y)';
      d.dimensions[0].weight = 70;
      (d.indicators[1].scoring as Record<string, unknown>).target = 0;
      const { valid, problems, saves } = await drafts.check('S', d);
      expect(valid).toBe(false);
      expect(saves).toEqual({ as: 'new', version: 2 });
      const at = (path: string) => problems.filter((p) => p.path === path).map((p) => p.message);
      expect(at('indicators[0].formula').join()).toMatch(/overtime/);
      expect(at('indicators[1].formula').join()).toMatch(/eval/);
      expect(problems.some((p) => p.path.startsWith('dimensions') && /110/.test(p.message))).toBe(true);
      expect(problems.some((p) => p.path.startsWith('indicators[1].scoring'))).toBe(true);
      // Nothing stored.
      expect(await ds.getRepository(IndicatorSetVersion).count()).toBe(1);
    });

    it('names the month when a version could not start then: a signed-off month, a later version, not a month', async () => {
      await indicatorSet(ds, 'S', [
        { effectiveFrom: '2026-03' },
        { effectiveFrom: '2026-06', content: content() },
      ]);
      await period(ds, '2026-04', 'closed');
      const closed = await drafts.check('S', draft(content(), '2026-04'));
      expect(closed.problems).toMatchObject([
        { path: 'effectiveFrom', message: expect.stringContaining('period 2026-04 is closed') },
      ]);
      expect(closed.saves).toBeNull();
      const earlier = await drafts.check('S', draft(content(), '2026-05'));
      expect(earlier.problems).toMatchObject([
        { path: 'effectiveFrom', message: expect.stringContaining('version 2 takes effect from 2026-06') },
      ]);
      expect((await drafts.check('S', draft(content(), '2026-13'))).problems).toMatchObject([
        { path: 'effectiveFrom', message: 'must be a month "YYYY-MM"' },
      ]);
    });

    it('checks the grade quotas: valid ones pass, a bad rule and a bad scope are named by their paths', async () => {
      await indicatorSet(ds, 'S', [{ effectiveFrom: '2026-03', content: content() }]);
      const d = draft(content(), '2026-05');
      d.grades = [
        { min: 90, grade: 'A', coefficient: 1.2 },
        { min: 0, grade: 'B', coefficient: 1 },
      ];
      d.quotas = { scope: 'hospital', rules: [{ grade: 'A', maxShare: 20 }] };
      expect(await drafts.check('S', d)).toEqual({
        valid: true,
        problems: [],
        saves: { as: 'new', version: 2 },
      });

      d.quotas = {
        scope: 'ward',
        rules: [
          { grade: 'A', maxShare: 20 },
          { grade: 'Z', minCount: 1 },
          { grade: 'A', maxShare: 150 },
        ],
      };
      const { valid, problems } = await drafts.check('S', d);
      expect(valid).toBe(false);
      const codes = problems.map((p) => [p.path, p.code]);
      expect(codes).toEqual(
        expect.arrayContaining([
          ['quotas.scope', 'QUOTA_SCOPE'],
          ['quotas.rules[1]', 'QUOTA_RULE'],
          ['quotas.rules[2]', 'QUOTA_RULE'],
        ]),
      );
      // Quotas on a set without grades.
      const none = draft(content(), '2026-05');
      delete none.grades;
      none.quotas = { rules: [{ grade: 'A', maxShare: 20 }] };
      expect((await drafts.check('S', none)).problems.map((p) => p.code)).toContain('QUOTA_WITHOUT_GRADES');
      expect(await ds.getRepository(IndicatorSetVersion).count()).toBe(1);
    });

    it('answers 404 for an unknown set', async () => {
      await expect(drafts.check('NOPE', draft(content()))).rejects.toBeInstanceOf(ConfigurationNotFoundError);
    });
  });

  describe('diff', () => {
    it('lists dimensions, indicators (field by field), weights and grades that changed', async () => {
      const after = draft(content()) as unknown as IndicatorSetContent & Record<string, never>;
      const a = after as unknown as SetDraftInput;
      a.dimensions[0].weight = 50;
      a.dimensions[1].weight = 50;
      a.indicators[1].formula = 'y';
      (a.indicators[1].scoring as Record<string, unknown>).target = 8;
      a.indicators[1].name = { zh: '指标二', en: 'I2' };
      a.indicators.splice(0, 1, {
        code: 'I3',
        name: 'I3',
        dimension: 'd1',
        weight: 100,
        formula: 'x',
        scoring: { method: 'direct' },
      });
      a.grades = [{ min: 70, grade: 'A', coefficient: 1 }];
      await indicatorSet(ds, 'S', [
        { effectiveFrom: '2026-03', content: content() },
        { effectiveFrom: '2026-05', content: after },
      ]);
      const d = await drafts.diff('S', 1, 2);
      expect(d.from).toEqual({ version: 1, effectiveFrom: '2026-03' });
      expect(d.to).toEqual({ version: 2, effectiveFrom: '2026-05' });
      expect(d.same).toBe(false);
      expect(d.dimensions.added).toEqual([]);
      expect(d.dimensions.changed).toEqual([
        { code: 'd1', changes: [{ field: 'weight', before: 60, after: 50 }] },
        { code: 'd2', changes: [{ field: 'weight', before: 40, after: 50 }] },
      ]);
      expect(d.indicators.added.map((i) => i.code)).toEqual(['I3']);
      expect(d.indicators.removed.map((i) => i.code)).toEqual(['I1']);
      expect(d.indicators.changed).toEqual([
        {
          code: 'I2',
          changes: [
            { field: 'name', before: 'I2', after: null },
            { field: 'formula', before: 'y / 2', after: 'y' },
            { field: 'scoring.target', before: 10, after: 8 },
            { field: 'name.zh', before: null, after: '指标二' },
            { field: 'name.en', before: null, after: 'I2' },
          ],
        },
      ]);
      expect(d.weights).toEqual([
        { kind: 'dimension', code: 'd1', before: 60, after: 50 },
        { kind: 'dimension', code: 'd2', before: 40, after: 50 },
        { kind: 'indicator', code: 'I1', dimension: 'd1', before: 100, after: null },
        { kind: 'indicator', code: 'I3', dimension: 'd1', before: null, after: 100 },
      ]);
      expect(d.grades).toMatchObject({
        changed: true,
        changes: [{ field: '[0].min', before: 60, after: 70 }],
      });
      expect((await drafts.diff('S', 2, 2)).same).toBe(true);
    });

    it('names the grade quotas that changed: the scope, and rules added, removed and changed', async () => {
      const grades = [
        { min: 90, grade: 'A', coefficient: 1.2 },
        { min: 75, grade: 'B', coefficient: 1 },
        { min: 0, grade: 'C', coefficient: 0.8 },
      ];
      const v1 = {
        ...content(),
        grades,
        quotas: {
          rules: [
            { grade: 'A', maxShare: 20 },
            { grade: 'B', maxShare: 50 },
          ],
        },
      } as unknown as IndicatorSetContent;
      const v2 = {
        ...content(),
        grades,
        quotas: {
          scope: 'hospital',
          rules: [
            { grade: 'C', minCount: 1, minStaff: 10 },
            { grade: 'A', maxShare: 10 },
          ],
        },
      } as unknown as IndicatorSetContent;
      await indicatorSet(ds, 'S', [
        { effectiveFrom: '2026-03', content: v1 },
        { effectiveFrom: '2026-05', content: v2 },
        { effectiveFrom: '2026-07', content: v2 },
      ]);
      const d = await drafts.diff('S', 1, 2);
      expect(d.same).toBe(false);
      expect(d.quotas).toEqual({
        changed: true,
        scope: { before: 'department', after: 'hospital' },
        rules: {
          added: [{ grade: 'C', minCount: 1, minStaff: 10 }],
          removed: [{ grade: 'B', maxShare: 50 }],
          changed: [
            {
              grade: 'A',
              kind: 'maxShare',
              before: { grade: 'A', maxShare: 20 },
              after: { grade: 'A', maxShare: 10 },
              changes: [{ field: 'maxShare', before: 20, after: 10 }],
            },
          ],
        },
      });
      // Nothing else moved.
      expect([d.weights, d.grades.changed, d.plans.changed]).toEqual([[], false, false]);
      const same = await drafts.diff('S', 2, 3);
      expect([same.same, same.quotas.changed]).toEqual([true, false]);
    });

    it('answers 404 for a version the set does not have', async () => {
      await indicatorSet(ds, 'S', [{ effectiveFrom: '2026-03', content: setContent() }]);
      await expect(drafts.diff('S', 1, 3)).rejects.toThrow(
        new ConfigurationNotFoundError('indicator set "S" has no version 3'),
      );
    });
  });
});

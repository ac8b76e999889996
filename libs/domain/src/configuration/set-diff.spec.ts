// The pure comparison of two set contents, for the parts the service spec does not reach: the improvement plan
// rule field by field, and the grade quotas by what they mean (scope, rules paired by grade and kind).
import { diffQuotas, diffSetContent } from './set-diff';

const base = () => ({
  dimensions: [{ code: 'd1', name: 'D1', weight: 100 }],
  indicators: [
    { code: 'I1', name: 'I1', dimension: 'd1', weight: 100, formula: 'x', scoring: { method: 'direct' } },
  ],
  grades: [
    { min: 90, grade: 'A', coefficient: 1.2 },
    { min: 75, grade: 'B', coefficient: 1 },
    { min: 0, grade: 'C', coefficient: 0.8 },
  ],
});

describe('diffSetContent', () => {
  it('reports no change for equal contents, and quotas whose rules only moved in the list', () => {
    const a = {
      ...base(),
      quotas: {
        rules: [
          { grade: 'A', maxShare: 20 },
          { grade: 'C', minCount: 1, minStaff: 10 },
        ],
      },
    };
    const b = {
      ...base(),
      quotas: {
        scope: 'department',
        rules: [
          { grade: 'C', minCount: 1, minStaff: 10 },
          { grade: 'A', maxShare: 20 },
        ],
      },
    };
    const d = diffSetContent(a, b);
    expect(d.quotas).toEqual({ changed: false, scope: null, rules: { added: [], removed: [], changed: [] } });
    expect(d.same).toBe(true);
  });

  it('names quotas added to a set that had none: the scope and every rule', () => {
    const rules = [
      { grade: 'A', maxShare: 20 },
      { grade: 'C', minCount: 1 },
    ];
    const d = diffSetContent(base(), { ...base(), quotas: { scope: 'hospital', rules } });
    expect(d.quotas).toEqual({
      changed: true,
      scope: { before: null, after: 'hospital' },
      rules: { added: rules, removed: [], changed: [] },
    });
    expect(d.same).toBe(false);
    // And taken away again: the scope goes to none, every rule is removed.
    const back = diffSetContent({ ...base(), quotas: { rules } }, base());
    expect(back.quotas).toEqual({
      changed: true,
      scope: { before: 'department', after: null },
      rules: { added: [], removed: rules, changed: [] },
    });
  });

  it('pairs rules by grade and kind: a changed share, a changed minimum, a kind swapped, a rule removed', () => {
    const a = {
      ...base(),
      quotas: {
        rules: [
          { grade: 'A', maxShare: 20 },
          { grade: 'B', maxShare: 50 },
          { grade: 'C', minCount: 1 },
        ],
      },
    };
    const b = {
      ...base(),
      quotas: {
        scope: 'hospital',
        rules: [
          { grade: 'C', minCount: 2, minStaff: 10 },
          { grade: 'A', maxShare: 15 },
          { grade: 'B', minCount: 3 },
        ],
      },
    };
    const d = diffQuotas(a.quotas, b.quotas);
    expect(d.scope).toEqual({ before: 'department', after: 'hospital' });
    expect(d.rules.added).toEqual([{ grade: 'B', minCount: 3 }]);
    expect(d.rules.removed).toEqual([{ grade: 'B', maxShare: 50 }]);
    expect(d.rules.changed).toEqual([
      {
        grade: 'C',
        kind: 'minCount',
        before: { grade: 'C', minCount: 1 },
        after: { grade: 'C', minCount: 2, minStaff: 10 },
        changes: [
          { field: 'minCount', before: 1, after: 2 },
          { field: 'minStaff', before: null, after: 10 },
        ],
      },
      {
        grade: 'A',
        kind: 'maxShare',
        before: { grade: 'A', maxShare: 20 },
        after: { grade: 'A', maxShare: 15 },
        changes: [{ field: 'maxShare', before: 20, after: 15 }],
      },
    ]);
    expect(d.changed).toBe(true);
    expect(diffSetContent(a, b).same).toBe(false);
  });

  it('counts a change of scope alone, and of the plan rule alone', () => {
    const rules = [{ grade: 'A', maxShare: 20 }];
    const d = diffSetContent(
      { ...base(), quotas: { scope: 'hospital', rules } },
      { ...base(), quotas: { rules } },
    );
    expect(d.quotas).toEqual({
      changed: true,
      scope: { before: 'hospital', after: 'department' },
      rules: { added: [], removed: [], changed: [] },
    });
    expect(d.same).toBe(false);
    const p = diffSetContent(
      { ...base(), plans: { threshold: 60 } },
      { ...base(), plans: { threshold: 70, items: 2 } },
    );
    expect(p.plans).toEqual({
      changed: true,
      changes: [
        { field: 'threshold', before: 60, after: 70 },
        { field: 'items', before: null, after: 2 },
      ],
    });
    expect(p.quotas.changed).toBe(false);
    expect(p.same).toBe(false);
  });
});

// The budget on parsed input: the walk that counts an aliased list or mapping from its first visit gives the
// answer the budget's definition gives (every value counted each time it is reached), and refuses alias bombs
// without expanding them.
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { DOCUMENT_BUDGET, overBudget } from './parse-budget';
import { parseDocumentText } from './parse-text';
import { DocumentInvalidError } from './problems';

/** What the budget means, by definition: every value counted each time it is reached, and how deep lists and mappings nest. */
function measure(value: unknown): { values: number; levels: number } {
  const seen = new Map<object, { values: number; levels: number }>();
  const of = (v: unknown): { values: number; levels: number } => {
    if (v === null || typeof v !== 'object') return { values: 1, levels: 0 };
    const known = seen.get(v);
    if (known) return known;
    const parts = (Array.isArray(v) ? v : Object.values(v)).map(of);
    const m = {
      values: 1 + parts.reduce((sum, p) => sum + p.values, 0),
      levels: 1 + Math.max(0, ...parts.map((p) => p.levels)),
    };
    seen.set(v, m);
    return m;
  };
  return of(value);
}

const reason = (over: string | null) => (over === null ? null : over.startsWith('nested') ? 'deep' : 'many');

/** Values built bottom-up, each list or mapping holding earlier ones: shared the way YAML aliases share them. */
const sharedValues = fc
  .array(
    fc.record({
      kind: fc.constantFrom('scalar', 'list', 'map'),
      picks: fc.array(fc.nat({ max: 1e9 }), { maxLength: 4 }),
    }),
    { minLength: 1, maxLength: 30 },
  )
  .map((specs) => {
    const built: unknown[] = [];
    specs.forEach(({ kind, picks }, i) => {
      const children = i === 0 ? [] : picks.map((p) => built[p % i]);
      built.push(
        kind === 'scalar'
          ? i
          : kind === 'list'
            ? children
            : Object.fromEntries(children.map((c, k) => [`k${k}`, c])),
      );
    });
    return built[built.length - 1];
  });

describe('overBudget', () => {
  it('agrees with the count of every expanded value and the depth (fast-check)', () => {
    const budgets = fc.record({
      maxDepth: fc.integer({ min: 1, max: 32 }),
      maxNodes: fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 1e12 })),
    });
    fc.assert(
      fc.property(sharedValues, budgets, fc.constantFrom(1, 64), (value, budget, rememberFrom) => {
        const got = reason(overBudget(value, budget, rememberFrom));
        const { values, levels } = measure(value);
        const deep = levels > budget.maxDepth;
        const many = values > budget.maxNodes;
        // Over both limits, either reason is right: which one a walk meets first depends on its order.
        if (deep && many) expect(got === 'deep' || got === 'many').toBe(true);
        else expect(got).toBe(deep ? 'deep' : many ? 'many' : null);
      }),
      { numRuns: 3000 },
    );
  });

  it('counts a structure that doubles 40 times without expanding it (2^41 − 1 values)', () => {
    let v: unknown = 1;
    for (let i = 0; i < 40; i++) v = [v, v];
    expect(overBudget(v, { maxDepth: 40, maxNodes: 2 ** 41 - 1 })).toBeNull();
    expect(overBudget(v, { maxDepth: 40, maxNodes: 2 ** 41 - 2 })).toBe(
      `more than ${(2 ** 41 - 2).toLocaleString('en')} values (aliases counted each time they are used)`,
    );
    expect(overBudget(v, { maxDepth: 39, maxNodes: Number.MAX_SAFE_INTEGER })).toBe(
      'nested deeper than 39 levels',
    );
  });

  it('measures an aliased list again at the depth where it is reached, nested lists and all', () => {
    const big = Array.from({ length: 100 }, (_, i) => i); // 101 values, one level
    const wrap = [big]; // 102 values, two levels: measured while big is already known
    // big at depth 2, wrap at depth 2 (big at 3), then wrap at depth 4: big at depth 5.
    const value = { x: big, a: wrap, b: [[wrap]] };
    expect(overBudget(value, { maxDepth: 5, maxNodes: 1000 })).toBeNull();
    expect(overBudget(value, { maxDepth: 4, maxNodes: 1000 })).toBe('nested deeper than 4 levels');
    // 1 + 101 + 102 + (1 + 1 + 102) values.
    expect(overBudget(value, { maxDepth: 5, maxNodes: 308 })).toBeNull();
    expect(overBudget(value, { maxDepth: 5, maxNodes: 307 })).toMatch(/^more than 307 values/);
  });

  it('measures the levels of a list walked for the first time, for where it is reached again', () => {
    const nested = [[Array.from({ length: 100 }, (_, i) => i)]]; // three levels, measured on its first walk
    // nested at depth 2 (its innermost list at 4), then at depth 4 (its innermost list at 6).
    const value = { a: nested, b: [[nested]] };
    expect(overBudget(value, { maxDepth: 6, maxNodes: 1000 })).toBeNull();
    expect(overBudget(value, { maxDepth: 5, maxNodes: 1000 })).toBe('nested deeper than 5 levels');
  });

  it('refuses a list that holds itself as nested without end', () => {
    const self: unknown[] = [1];
    self.push(self);
    expect(overBudget(self, DOCUMENT_BUDGET)).toBe('nested deeper than 32 levels');
    const yaml = parseYaml('a: &x [1, *x]\n', { schema: 'core' }) as { a: unknown[] };
    expect(yaml.a[1]).toBe(yaml.a);
    expect(overBudget(yaml, DOCUMENT_BUDGET)).toBe('nested deeper than 32 levels');
  });

  it('refuses nesting 100,000 deep without overflowing the stack', () => {
    let v: unknown = [];
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(overBudget(v, DOCUMENT_BUDGET)).toBe('nested deeper than 32 levels');
  });
});

describe('parseDocumentText: YAML aliases against the budget', () => {
  // The root mapping, formatVersion, the anchored list (itself and 10 numbers) and the list of 5 aliases of it:
  // 1 + 1 + 11 + (1 + 5 × 11) = 69 values.
  const text = `formatVersion: 1\nextra: &x [${Array.from({ length: 10 }, (_, i) => i).join(', ')}]\nmore: [*x, *x, *x, *x, *x]\n`;

  it('counts each alias as the values it stands for, exactly', () => {
    expect(parseDocumentText(text, 'yaml', { maxDepth: 32, maxNodes: 69 })).toMatchObject({
      formatVersion: 1,
    });
    expect(() => parseDocumentText(text, 'yaml', { maxDepth: 32, maxNodes: 68 })).toThrow(
      DocumentInvalidError,
    );
  });

  it('counts 100,000 values aliased 999 times (100 million) exactly, in one pass over the values the text holds', () => {
    const items = Array.from({ length: 100_000 }, (_, i) => i).join(', ');
    const bomb = `formatVersion: 1\nextra: &x [${items}]\nmore: [${Array.from({ length: 999 }, () => '*x').join(', ')}]\n`;
    const value = parseYaml(bomb, { schema: 'core', maxAliasCount: 1000 }) as unknown;
    // 1 + 1 + (1 + 100,000) + (1 + 999 × 100,001) values, counted from the anchor's one measure (the test of the
    // structure doubling 40 times is the one no walk over every value could finish).
    const total = 100_001_003;
    expect(overBudget(value, { maxDepth: 32, maxNodes: total })).toBeNull();
    expect(overBudget(value, { maxDepth: 32, maxNodes: total - 1 })).toMatch(/^more than 100,001,002 values/);
    expect(overBudget(value, DOCUMENT_BUDGET)).toMatch(/^more than 10,000,000 values/);
  });
});

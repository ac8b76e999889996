// The budget on parsed input: the walk that counts an aliased list or mapping from its first visit gives the
// answer a walk over the expanded values gives, and refuses alias bombs without expanding them.
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { DOCUMENT_BUDGET, overBudget, ParseBudget } from './parse-budget';
import { parseDocumentText } from './parse-text';
import { DocumentInvalidError } from './problems';

/** The plain walk over every expanded value (what the budget means), stopping at the first value over it. */
function expandedWalk(value: unknown, budget: ParseBudget): 'deep' | 'many' | null {
  let nodes = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (++nodes > budget.maxNodes) return 'many';
    if (v === null || typeof v !== 'object') continue;
    if (depth > budget.maxDepth) return 'deep';
    for (const c of Array.isArray(v) ? v : Object.values(v)) stack.push([c, depth + 1]);
  }
  return null;
}

const reason = (over: string | null) => (over === null ? null : over.startsWith('nested') ? 'deep' : 'many');

/** Values built bottom-up, each list or mapping holding earlier ones: shared the way YAML aliases share them. */
const sharedValues = fc
  .array(
    fc.record({
      kind: fc.constantFrom('scalar', 'list', 'map'),
      picks: fc.array(fc.nat(), { maxLength: 4 }),
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
  it('agrees with the walk over every expanded value (fast-check)', () => {
    const budgets = fc.record({
      maxDepth: fc.integer({ min: 1, max: 10 }),
      maxNodes: fc.integer({ min: 1, max: 300 }),
    });
    fc.assert(
      fc.property(sharedValues, budgets, (value, budget) => {
        const got = reason(overBudget(value, budget));
        const deep = expandedWalk(value, { ...budget, maxNodes: Infinity }) === 'deep';
        const many = expandedWalk(value, { ...budget, maxDepth: Infinity }) === 'many';
        // Over both limits, either reason is right: which one a walk meets first depends on its order.
        if (deep && many) expect(got === 'deep' || got === 'many').toBe(true);
        else expect(got).toBe(deep ? 'deep' : many ? 'many' : null);
      }),
      { numRuns: 2000 },
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
    // 1 + 1 + (1 + 100,000) + (1 + 999 × 100,001) values: a walk over them all would outlast the test's 5 seconds.
    const total = 100_001_003;
    expect(overBudget(value, { maxDepth: 32, maxNodes: total })).toBeNull();
    expect(overBudget(value, { maxDepth: 32, maxNodes: total - 1 })).toMatch(/^more than 100,001,002 values/);
    expect(overBudget(value, DOCUMENT_BUDGET)).toMatch(/^more than 10,000,000 values/);
  });
});

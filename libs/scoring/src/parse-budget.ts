// A budget for parsed input (a document's YAML or JSON, a request body): how deep it nests and how many values it
// holds once YAML aliases are expanded. YAML's `maxAliasCount` bounds how many aliases there are, not how much
// they expand to (one anchor of 100,000 items aliased 999 times is 100 million values), and a body nested
// thousands deep overflows the stack of whatever walks it next. Walking with a counter costs one pass and stops
// at the first value over the budget.

export interface ParseBudget {
  /** Deepest nesting of lists and mappings (the document itself is depth 1). */
  maxDepth: number;
  /** Most values (scalars, lists and mappings, aliases counted each time they are used). */
  maxNodes: number;
}

/**
 * Generous for any real month (a month of 100,000 staff with 40 inputs each is about 4.5 million values). The
 * default of the CLI and the library; the API takes its budgets from DOCUMENT_MAX_DEPTH / DOCUMENT_MAX_VALUES and
 * BODY_MAX_DEPTH / BODY_MAX_VALUES, whose defaults are these.
 */
export const DOCUMENT_BUDGET: Readonly<ParseBudget> = Object.freeze({ maxDepth: 32, maxNodes: 10_000_000 });

/** The reason `value` is over `budget`, or null when it is within it. */
export function overBudget(value: unknown, budget: Readonly<ParseBudget>): string | null {
  let nodes = 0;
  // Iterative: a recursive walk would itself overflow the stack on the input it is meant to refuse.
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (++nodes > budget.maxNodes)
      return `more than ${budget.maxNodes.toLocaleString('en')} values (aliases counted each time they are used)`;
    if (v === null || typeof v !== 'object') continue;
    if (depth > budget.maxDepth) return `nested deeper than ${budget.maxDepth} levels`;
    const children = Array.isArray(v) ? (v as unknown[]) : Object.values(v as Record<string, unknown>);
    for (const c of children) stack.push([c, depth + 1]);
  }
  return null;
}

// A budget for parsed input (a document's YAML or JSON, a request body): how deep it nests and how many values it
// holds once YAML aliases are expanded. YAML's `maxAliasCount` bounds how many aliases there are, not how much
// they expand to (one anchor of 100,000 items aliased 999 times is 100 million values), and a body nested
// thousands deep overflows the stack of whatever walks it next. The walk stops at the first value over the
// budget, and counts an aliased list or mapping (the parser hands every alias of an anchor the same object) from
// what its first visit measured, so refusing an alias bomb costs about one pass over the text's own values, not
// over the 10 million the budget allows.

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

/** What one list or mapping measured once walked: its values (itself included) and how many levels it nests. */
interface Measured {
  nodes: number;
  levels: number;
}

/**
 * A list or mapping being walked (its depth is its place on the path): where its count started, the levels it
 * nests so far, what is left.
 */
interface Frame {
  value: object;
  nodesBefore: number;
  levels: number;
  children: unknown[];
  next: number;
}

/**
 * The reason `value` is over `budget`, or null when it is within it. A list or mapping's measure is kept when it
 * holds at least `rememberFrom` values: walking a smaller one again costs little more than looking it up, and a
 * month's thousands of small mappings (a person's inputs) need not be held (a test keeps every one, to exercise
 * the measures).
 */
export function overBudget(value: unknown, budget: Readonly<ParseBudget>, rememberFrom = 64): string | null {
  const tooMany = () =>
    `more than ${budget.maxNodes.toLocaleString('en')} values (aliases counted each time they are used)`;
  const tooDeep = () => `nested deeper than ${budget.maxDepth} levels`;
  const measured = new Map<object, Measured>();
  let nodes = 0;
  // Iterative: a recursive walk would itself overflow the stack on the input it is meant to refuse.
  const path: Frame[] = [];
  /** The list or mapping on top of the path holds one that nests `levels` levels. */
  const holds = (levels: number) => {
    const parent = path[path.length - 1];
    if (parent) parent.levels = Math.max(parent.levels, levels + 1);
  };
  /** Counts `v`, one level below the top of the path, descending into a list or mapping not measured yet. */
  const visit = (v: unknown): string | null => {
    if (v === null || typeof v !== 'object') return ++nodes > budget.maxNodes ? tooMany() : null;
    const depth = path.length + 1;
    const known = measured.get(v);
    if (known) {
      // A list or mapping seen before (a YAML alias): its count and levels are what the first visit measured.
      if (depth + known.levels - 1 > budget.maxDepth) return tooDeep();
      nodes += known.nodes;
      if (nodes > budget.maxNodes) return tooMany();
      holds(known.levels);
      return null;
    }
    if (++nodes > budget.maxNodes) return tooMany();
    if (depth > budget.maxDepth) return tooDeep();
    // A list or mapping still on the path (a YAML alias to an enclosing anchor) is walked again, one level deeper
    // each time, until the depth budget refuses it: a cycle nests without end.
    const children = Array.isArray(v) ? (v as unknown[]) : Object.values(v as Record<string, unknown>);
    path.push({ value: v, nodesBefore: nodes - 1, levels: 1, children, next: 0 });
    return null;
  };
  const first = visit(value);
  if (first) return first;
  while (path.length) {
    const frame = path[path.length - 1];
    if (frame.next < frame.children.length) {
      const over = visit(frame.children[frame.next++]);
      if (over) return over;
      continue;
    }
    path.pop();
    const size = nodes - frame.nodesBefore;
    if (size >= rememberFrom) measured.set(frame.value, { nodes: size, levels: frame.levels });
    holds(frame.levels);
  }
  return null;
}

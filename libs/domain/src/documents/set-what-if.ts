// The comparison a what-if preview shows (documents/set-what-if.service.ts): the same people scored with the
// version in force and with a draft, person by person (ordered by how far they moved) and as distributions —
// totals in bins of ten points and the count of each grade — before and after. Pure: no database.
import { isStaffError, StaffResult } from '@app/scoring';

/** One person's outcome under one version. */
export interface WhatIfSide {
  total: number | null;
  grade: string | null;
  coefficient: number | null;
  vetoed: boolean;
  error: string | null;
}

export interface WhatIfMover {
  id: string;
  department: string;
  before: WhatIfSide;
  after: WhatIfSide;
  /** after.total − before.total, to 2 decimals; null when either has no total. */
  delta: number | null;
}

export interface WhatIfBin {
  /** Totals t with from ≤ t < to (the last bin includes its upper edge). */
  from: number;
  to: number;
  before: number;
  after: number;
}

export interface WhatIfDistribution {
  bins: WhatIfBin[];
  /** Each grade of either version, in the order of the draft's grade table, then the old one's; null: no grade. */
  grades: { grade: string | null; before: number; after: number }[];
  errors: { before: number; after: number };
  mean: { before: number | null; after: number | null };
}

export interface WhatIfComparison {
  staff: number;
  /** People whose total, grade, veto or error differ. */
  changed: number;
  up: number;
  down: number;
  movers: WhatIfMover[];
  distribution: WhatIfDistribution;
}

export const BIN_WIDTH = 10;

const side = (r: StaffResult | undefined): WhatIfSide =>
  !r
    ? { total: null, grade: null, coefficient: null, vetoed: false, error: 'not scored' }
    : isStaffError(r)
      ? { total: null, grade: null, coefficient: null, vetoed: false, error: r.error }
      : { total: r.total, grade: r.grade, coefficient: r.coefficient, vetoed: r.vetoed, error: null };

const round2 = (x: number) => Math.round(x * 100) / 100;

const differs = (a: WhatIfSide, b: WhatIfSide) =>
  a.total !== b.total || a.grade !== b.grade || a.vetoed !== b.vetoed || a.error !== b.error;

/**
 * Compares two results of the same people. `gradeOrder` lists the grade labels in the order to show them.
 * Movers are everyone, the biggest change first (a change into or out of an error first of all), then by id.
 */
export function compareWhatIf(
  before: readonly StaffResult[],
  after: readonly StaffResult[],
  gradeOrder: readonly string[],
): WhatIfComparison {
  const afterById = new Map(after.map((r) => [r.id, r]));
  const movers: WhatIfMover[] = before.map((r) => {
    const [b, a] = [side(r), side(afterById.get(r.id))];
    const delta = a.total !== null && b.total !== null ? round2(a.total - b.total) : null;
    return { id: r.id, department: r.department, before: b, after: a, delta };
  });
  const weightOf = (m: WhatIfMover) =>
    m.delta !== null ? Math.abs(m.delta) : differs(m.before, m.after) ? Infinity : 0;
  movers.sort((x, y) => weightOf(y) - weightOf(x) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return {
    staff: movers.length,
    changed: movers.filter((m) => differs(m.before, m.after)).length,
    up: movers.filter((m) => (m.delta ?? 0) > 0).length,
    down: movers.filter((m) => (m.delta ?? 0) < 0).length,
    movers,
    distribution: distribution(movers, gradeOrder),
  };
}

function distribution(movers: readonly WhatIfMover[], gradeOrder: readonly string[]): WhatIfDistribution {
  const totals = (pick: 'before' | 'after') =>
    movers.map((m) => m[pick].total).filter((t): t is number => t !== null);
  const [tb, ta] = [totals('before'), totals('after')];
  const all = [...tb, ...ta];
  // 0–100 in bins of ten, widened to whole bins when a floor or cap lets totals go beyond.
  const lo = Math.min(0, Math.floor(Math.min(...all, 0) / BIN_WIDTH) * BIN_WIDTH);
  const hi = Math.max(100, Math.ceil(Math.max(...all, 100) / BIN_WIDTH) * BIN_WIDTH);
  const n = Math.max(1, (hi - lo) / BIN_WIDTH);
  const bins: WhatIfBin[] = Array.from({ length: n }, (_, i) => ({
    from: lo + i * BIN_WIDTH,
    to: lo + (i + 1) * BIN_WIDTH,
    before: 0,
    after: 0,
  }));
  const binOf = (t: number) => Math.min(n - 1, Math.floor((t - lo) / BIN_WIDTH));
  for (const t of tb) bins[binOf(t)].before++;
  for (const t of ta) bins[binOf(t)].after++;

  const labels: (string | null)[] = [...new Set(gradeOrder)];
  for (const m of movers)
    for (const g of [m.before.grade, m.after.grade]) if (g !== null && !labels.includes(g)) labels.push(g);
  const counted = (g: string | null, pick: 'before' | 'after') =>
    movers.filter((m) => m[pick].error === null && m[pick].grade === g).length;
  const grades = [...labels, null]
    .map((grade) => ({ grade, before: counted(grade, 'before'), after: counted(grade, 'after') }))
    .filter((g) => g.grade !== null || g.before + g.after > 0);
  const mean = (xs: number[]) => (xs.length ? round2(xs.reduce((s, x) => s + x, 0) / xs.length) : null);
  return {
    bins,
    grades,
    errors: {
      before: movers.filter((m) => m.before.error !== null).length,
      after: movers.filter((m) => m.after.error !== null).length,
    },
    mean: { before: mean(tb), after: mean(ta) },
  };
}

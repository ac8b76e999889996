// Workload points, RBRVS style: points = Σ tasks count · Σ components rvu_c · factor_c, in exact decimals,
// rounded half-up to 4 decimals; workloadValue = points · pointValue, rounded half-up to cents.
import Decimal from 'decimal.js';
import { WorkloadDef } from './document';
import type { TaskTerm } from './explain-render';
import { Dec, decFromNumber, toMoney } from './money';

export interface CompiledWorkload {
  /** Points for one staff member's task counts at a site. */
  points(tasks: Record<string, number> | undefined, site: string | null): Decimal;
  /** Human-readable sum behind the points. */
  explain(tasks: Record<string, number> | undefined, site: string | null, points: Decimal): string;
  /** The sum's terms (tasks with a count) and whether the site's factors adjust the relative values. */
  terms(
    tasks: Record<string, number> | undefined,
    site: string | null,
  ): { terms: TaskTerm[]; siteAdjusted: boolean };
  pointValue: Decimal | null;
}

const ONE = new Dec(1);

export function compileWorkload(w: WorkloadDef | undefined): CompiledWorkload {
  // Relative values per task as component → decimal; a plain number is a single unnamed component.
  const rvus = new Map<string, Map<string, Decimal>>();
  for (const t of w?.tasks ?? []) {
    const parts = new Map<string, Decimal>();
    if (typeof t.rvu === 'number') parts.set('', decFromNumber(t.rvu));
    else for (const [c, v] of Object.entries(t.rvu)) parts.set(c, decFromNumber(v));
    rvus.set(t.code, parts);
  }
  const factors = new Map<string, Map<string, Decimal>>();
  for (const a of w?.adjustments ?? []) {
    factors.set(a.site, new Map(Object.entries(a.factors).map(([c, v]) => [c, decFromNumber(v)])));
  }
  // Per task and site, the adjusted RVU Σ rvu_c · factor_c, computed once.
  const cache = new Map<string, Decimal>();
  const adjusted = (task: string, site: string | null): Decimal => {
    const key = `${task}\u0000${site ?? ''}`;
    let v = cache.get(key);
    if (!v) {
      const f = site === null ? undefined : factors.get(site);
      v = new Dec(0);
      for (const [c, rvu] of rvus.get(task)!) v = v.plus(rvu.times(f?.get(c) ?? ONE));
      cache.set(key, v);
    }
    return v;
  };
  return {
    pointValue: w?.pointValue !== undefined ? new Dec(w.pointValue) : null,
    points(tasks, site) {
      let sum = new Dec(0);
      if (tasks)
        for (const [code, count] of Object.entries(tasks))
          sum = sum.plus(adjusted(code, site).times(decFromNumber(count)));
      return sum.toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
    },
    terms(tasks, site) {
      const terms = Object.entries(tasks ?? {})
        .filter(([, n]) => n !== 0)
        .map(([code, n]): TaskTerm => [n, code, adjusted(code, site).toFixed()]);
      return { terms, siteAdjusted: site !== null && factors.has(site) };
    },
    explain(tasks, site, points) {
      const { terms, siteAdjusted } = this.terms(tasks, site);
      const siteNote = siteAdjusted ? ` (RVUs adjusted for site ${site})` : '';
      return terms.length
        ? `${terms.map(([n, code, rvu]) => `${n} × ${code} ${rvu}`).join(' + ')} = ${points.toFixed()} points${siteNote}`
        : 'no tasks recorded: 0 points';
    },
  };
}

export function workloadValue(points: Decimal, pointValue: Decimal | null): string | null {
  return pointValue ? toMoney(points.times(pointValue)) : null;
}

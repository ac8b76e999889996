// Department roll-up (docs/FORMAT.md "Result"): each department's mean of rounded totals, its staff count
// and competition rank, then the pool splits. Shared by the engine and the batch service's final step, so a
// month scored in chunks ends exactly as the same month scored in one go.
import { DepartmentResult } from './document';
import { CompiledIncentive, DepartmentInputs, ExplainMode, PoolEntry, PoolOutcome } from './incentive';
import { Dec } from './money';
import { round2 } from './rounding';

/** What the roll-up needs to know about one staff member. */
export interface RollupEntry extends PoolEntry {
  site: string | null;
  /** The rounded total, or null for a staff member with an error. */
  total: number | null;
}

export interface Rollup {
  departments: DepartmentResult[];
  pools: PoolOutcome;
}

/**
 * @param entries every staff member of the month, in any order
 * @param departmentSite the site a department declares (falls back to its first staff member's site)
 * @param departmentInputs a department's own inputs, for pool formulas
 */
export function rollUp(
  entries: readonly RollupEntry[],
  departmentSite: (code: string) => string | null | undefined,
  incentive: CompiledIncentive | null,
  departmentInputs: DepartmentInputs,
  explain: ExplainMode,
): Rollup {
  const departments = departmentResults(entries, departmentSite);
  const pools: PoolOutcome =
    incentive?.mode === 'pools'
      ? incentive.splitPools(
          new Map(departments.map((d) => [d.code, d])),
          entries.filter((e) => e.total !== null && (e.weight !== null || e.error !== null)),
          departmentInputs,
          explain,
        )
      : { lines: new Map(), errors: [], failures: [] };
  return { departments, pools };
}

function departmentResults(
  entries: readonly RollupEntry[],
  departmentSite: (code: string) => string | null | undefined,
): DepartmentResult[] {
  const byCode = new Map<string, { site: string | null; totals: number[] }>();
  for (const e of entries) {
    let d = byCode.get(e.department);
    if (!d) byCode.set(e.department, (d = { site: departmentSite(e.department) ?? e.site, totals: [] }));
    if (e.total !== null) d.totals.push(e.total);
  }
  const list: DepartmentResult[] = [...byCode.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, d]) => ({
      code,
      site: d.site,
      // Mean of the rounded totals, in decimals so that the mean of 2-decimal numbers is exact before rounding.
      score: d.totals.length
        ? round2(
            d.totals
              .reduce((acc, t) => acc.plus(new Dec(String(t))), new Dec(0))
              .div(d.totals.length)
              .toNumber(),
          )
        : null,
      staffCount: d.totals.length,
      rank: null,
    }));
  rankByScore(list);
  return list;
}

/** Competition ranking (1, 2, 2, 4) by score, descending; entries without a score have no rank. */
export function rankByScore<T extends { score: number | null; rank: number | null }>(list: T[]): T[] {
  for (const d of list) {
    if (d.score === null) continue;
    const s = d.score;
    d.rank = 1 + list.filter((o) => o.score !== null && o.score > s).length;
  }
  return list;
}

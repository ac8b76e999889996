// Department roll-up (docs/FORMAT.md "Result"): each department's mean of rounded totals, its staff count
// and competition rank, then the pool splits. Shared by the engine and the batch service's final step, so a
// month scored in chunks ends exactly as the same month scored in one go.
import { DepartmentDef, DepartmentResult } from './document';
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
 * @param linesOf the departments whose members' pool lines are wanted (default: every one; splitPools)
 */
export function rollUp(
  entries: readonly RollupEntry[],
  departmentSite: (code: string) => string | null | undefined,
  incentive: CompiledIncentive | null,
  departmentInputs: DepartmentInputs,
  explain: ExplainMode,
  linesOf?: (department: string) => boolean,
): Rollup {
  const departments = departmentResults(entries, departmentSite);
  const pools: PoolOutcome =
    incentive?.mode === 'pools'
      ? incentive.splitPools(
          new Map(departments.map((d) => [d.code, d])),
          entries.filter((e) => e.total !== null && (e.weight !== null || e.error !== null)),
          departmentInputs,
          explain,
          linesOf,
        )
      : { lines: new Map(), errors: [], failures: [] };
  return { departments, pools };
}

/**
 * The roll-up with the departments' sites and pool inputs taken from their definitions in a document.
 * @param linesOf the departments whose members' pool lines are wanted (default: every one; splitPools)
 */
export function rollUpByDefinitions(
  entries: readonly RollupEntry[],
  departments: ReadonlyMap<string, DepartmentDef>,
  incentive: CompiledIncentive | null,
  explain: ExplainMode,
  linesOf?: (department: string) => boolean,
): Rollup {
  return rollUp(
    entries,
    (code) => departments.get(code)?.site,
    incentive,
    (code, input) => {
      const v = departments.get(code)?.inputs?.[input];
      return typeof v === 'number' ? v : undefined;
    },
    explain,
    linesOf,
  );
}

/** What `rollUpDocument` needs of a person's result: a scored one takes its pool share; an error is listed. */
type DocumentResult =
  | { id: string; error: string }
  | { id: string; incentive: string | null; explanation: { incentive: string | null } };

/**
 * A whole document's department step (a month's or an appraisal period's, docs/FORMAT.md): department results
 * and pool splits, each share put on its person's result, and the errors in the staff's order in the document
 * (people's errors, amount errors, pools not split).
 */
export function rollUpDocument(
  staff: readonly { id: string }[],
  results: DocumentResult[],
  entries: readonly RollupEntry[],
  departments: ReadonlyMap<string, DepartmentDef>,
  incentive: CompiledIncentive | null,
  explain: ExplainMode,
): { departments: DepartmentResult[]; errors: { staff: string; message: string }[] } {
  const rolled = rollUpByDefinitions(entries, departments, incentive, explain);
  const { pools } = rolled;
  for (const r of results) {
    const line = pools.lines.get(r.id);
    if (!line || 'error' in r) continue;
    r.incentive = line.incentive;
    if (explain) r.explanation.incentive = line.explanation;
  }
  const errors: { staff: string; message: string }[] = [];
  for (const r of results) if ('error' in r) errors.push({ staff: r.id, message: r.error });
  // Amount errors are reported per staff member; pool errors name the pool that was not split.
  if (incentive?.mode === 'amount')
    for (const e of entries) if (e.error !== null) errors.push({ staff: e.id, message: e.error });
  errors.push(...pools.errors);
  const order = new Map(staff.map((s, i) => [s.id, i]));
  errors.sort((a, b) => (order.get(a.staff) ?? -1) - (order.get(b.staff) ?? -1));
  return { departments: rolled.departments, errors };
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
      score: d.totals.length ? meanOfTotals(d.totals) : null,
      staffCount: d.totals.length,
      rank: null,
    }));
  rankByScore(list);
  return list;
}

/**
 * The mean of rounded totals, rounded to 2 decimals: exact before rounding. 2-decimal totals are summed as whole
 * cents (exact integers; the finish job of a run of 100,000 staff spent a fifth of its CPU adding them one by
 * one as decimals), then divided once in decimals; any other total (a caller's own) is summed in decimals. Both
 * give the decimal sum of the totals as written, divided by their count.
 */
export function meanOfTotals(totals: readonly number[]): number {
  let cents = 0;
  for (const t of totals) {
    const c = Math.round(t * 100);
    if (c / 100 !== t) return decimalMean(totals);
    cents += c;
  }
  if (!Number.isSafeInteger(cents)) return decimalMean(totals);
  return round2(new Dec(cents).div(100 * totals.length).toNumber());
}

/** The same mean with each total added as the decimal its shortest text writes. */
export function decimalMean(totals: readonly number[]): number {
  return round2(
    totals
      .reduce((acc, t) => acc.plus(new Dec(String(t))), new Dec(0))
      .div(totals.length)
      .toNumber(),
  );
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

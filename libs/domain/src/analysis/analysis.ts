// The arithmetic of the analysis of results (docs/ANALYSIS.md), free of the database: accumulators that take one
// result (or one value) at a time, so a year of 100,000 staff is read page by page and nothing but sums and counts
// is kept, and the statistics computed from them. Totals are stored rounded to 2 decimals, so a group's totals are
// kept as counts per distinct value (at most about 10,000 of them between 0 and 100, however many people): exact
// quartiles without holding every total.

/** A mean that is added to one value at a time. */
export class MeanAcc {
  sum = 0;
  n = 0;

  add(x: number): void {
    this.sum += x;
    this.n += 1;
  }

  get mean(): number | null {
    return this.n ? this.sum / this.n : null;
  }
}

/** Rounded to 2 decimals for reading; null stays null. */
export const round2 = (x: number | null): number | null => (x === null ? null : Math.round(x * 100) / 100);
/** Rounded to 4 decimals (shares: 0.1234 = 12.34 %). */
export const round4 = (x: number | null): number | null =>
  x === null ? null : Math.round(x * 10000) / 10000;

/**
 * The quantile `p` (0–1) of sorted values by linear interpolation between closest ranks (Hyndman & Fan type 7,
 * as Excel's QUARTILE.INC and numpy's default): position h = (n − 1)·p, the value at floor(h) plus the fraction
 * of h of the way to the next value. Ties need nothing special: equal values interpolate to themselves.
 * `at(k)` reads the k-th (0-based) value in ascending order.
 */
export function quantile(n: number, at: (k: number) => number, p: number): number | null {
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return at(lo) + (h - lo) * (at(hi) - at(lo));
}

export interface HistogramBin {
  /** [from, to): a total of exactly 100 is counted in the 90–100 bin (as the month cockpit's histogram). */
  from: number;
  to: number;
  count: number;
}

export const BIN = 10;

/** The 10-point bin of a total: floor(total / 10), a total of 100 one bin down so that the top bin is 90–100. */
export const binOf = (total: number): number => Math.floor(total / BIN) - (total === 100 ? 1 : 0);

export interface GroupStats {
  n: number;
  mean: number | null;
  /** Population standard deviation (divided by n, not n − 1): the spread of the group itself. */
  sd: number | null;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
  histogram: HistogramBin[];
}

/** A group's totals as counts per distinct value, with the sums for the mean and the standard deviation. */
export class ValueCounts {
  private counts = new Map<number, number>();
  n = 0;
  sum = 0;
  sumSq = 0;

  add(x: number): void {
    this.counts.set(x, (this.counts.get(x) ?? 0) + 1);
    this.n += 1;
    this.sum += x;
    this.sumSq += x * x;
  }

  stats(): GroupStats {
    const values = [...this.counts.keys()].sort((a, b) => a - b);
    // Cumulative counts: the k-th value is the first distinct value whose cumulative count passes k.
    const cumulative: number[] = [];
    let c = 0;
    for (const v of values) cumulative.push((c += this.counts.get(v)!));
    const at = (k: number): number => {
      let lo = 0;
      let hi = values.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] > k) hi = mid;
        else lo = mid + 1;
      }
      return values[lo];
    };
    const mean = this.n ? this.sum / this.n : null;
    const variance = mean === null ? null : Math.max(this.sumSq / this.n - mean * mean, 0);
    const bins = new Map<number, number>();
    for (const v of values) bins.set(binOf(v), (bins.get(binOf(v)) ?? 0) + this.counts.get(v)!);
    const histogram: HistogramBin[] = [];
    if (bins.size) {
      const keys = [...bins.keys()];
      for (let k = Math.min(...keys); k <= Math.max(...keys); k++)
        histogram.push({ from: k * BIN, to: (k + 1) * BIN, count: bins.get(k) ?? 0 });
    }
    return {
      n: this.n,
      mean: round2(mean),
      sd: round2(variance === null ? null : Math.sqrt(variance)),
      min: this.n ? values[0] : null,
      q1: round2(quantile(this.n, at, 0.25)),
      median: round2(quantile(this.n, at, 0.5)),
      q3: round2(quantile(this.n, at, 0.75)),
      max: this.n ? values.at(-1)! : null,
      histogram,
    };
  }
}

export type FlagGroup = 'postType' | 'site' | 'set';

export interface DistributionFlag {
  group: FlagGroup;
  code: string;
  mean: number;
  /** The mean of every total not in this group (each person-month weighs the same). */
  othersMean: number;
  /** mean − othersMean. */
  difference: number;
}

/**
 * The groups of one kind whose mean total differs from the mean of all the others by more than `threshold`
 * points (strictly: a difference of exactly the threshold is not flagged). With one group there are no others,
 * so no flag.
 */
export function flagGroups(
  group: FlagGroup,
  groups: readonly { code: string; counts: ValueCounts }[],
  threshold: number,
): DistributionFlag[] {
  const n = groups.reduce((s, g) => s + g.counts.n, 0);
  const sum = groups.reduce((s, g) => s + g.counts.sum, 0);
  const out: DistributionFlag[] = [];
  for (const g of groups) {
    const others = n - g.counts.n;
    if (!g.counts.n || !others) continue;
    const mean = g.counts.sum / g.counts.n;
    const othersMean = (sum - g.counts.sum) / others;
    const difference = mean - othersMean;
    // Compared at the precision shown, so that a flag agrees with the rounded figures a reader sees.
    if (Math.abs(round2(difference)!) > threshold)
      out.push({
        group,
        code: g.code,
        mean: round2(mean)!,
        othersMean: round2(othersMean)!,
        difference: round2(difference)!,
      });
  }
  return out;
}

/**
 * Which indicators move the totals: for each indicator, cov(contribution, total) / var(total) over every scored
 * person-month. When the total is the sum of the contributions the shares sum to 1 (the covariance is linear:
 * Σ cov(cᵢ, t) = cov(Σ cᵢ, t) = var(t)); a veto, a site adjustment or task points make the total differ from
 * the sum, and the shares then sum to what the contributions explain. An indicator a person is not scored on (or
 * scored missing) contributes 0. A share can be negative (an indicator that moves against the total).
 * When var(total) = 0 (every total equal, or one person-month) nothing is explained: every share is null.
 */
export class VarianceAcc {
  private n = 0;
  private sumT = 0;
  private sumTT = 0;
  private sumC = new Map<string, number>();
  private sumCT = new Map<string, number>();

  /** One scored result: its total and each indicator's contribution (null: none). */
  add(total: number, contributions: readonly { code: string; contribution: number | null }[]): void {
    this.n += 1;
    this.sumT += total;
    this.sumTT += total * total;
    for (const { code, contribution } of contributions) {
      if (!this.sumC.has(code)) {
        this.sumC.set(code, 0);
        this.sumCT.set(code, 0);
      }
      const c = contribution ?? 0;
      this.sumC.set(code, this.sumC.get(code)! + c);
      this.sumCT.set(code, this.sumCT.get(code)! + c * total);
    }
  }

  /** The shares, largest first (null shares, when var(total) = 0, in indicator code order). */
  shares(): { indicator: string; share: number | null }[] {
    const n = this.n;
    const varT = n ? this.sumTT / n - (this.sumT / n) ** 2 : 0;
    // Below this the variance is rounding noise of equal totals, not a spread.
    const none = varT <= 1e-9;
    const out = [...this.sumC.keys()].sort().map((indicator) => ({
      indicator,
      share: none
        ? null
        : round4((this.sumCT.get(indicator)! / n - (this.sumC.get(indicator)! / n) * (this.sumT / n)) / varT),
    }));
    return none ? out : out.sort((a, b) => b.share! - a.share! || (a.indicator < b.indicator ? -1 : 1));
  }
}

/** The months from `from` to `to` inclusive ("YYYY-MM"). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number);
  for (;;) {
    const p = `${y}-${String(m).padStart(2, '0')}`;
    if (p > to) return out;
    out.push(p);
    if (++m > 12) {
      m = 1;
      y += 1;
    }
  }
}

/** The month after `period`. */
export function nextMonth(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export type PlanStatusCount = 'proposed' | 'agreed' | 'closed';

/** A month's plan items of one indicator in one department: by their plan's status, and how many improved. */
export interface PlanCounts {
  indicator: string;
  department: string;
  proposed: number;
  agreed: number;
  closed: number;
  /** Items whose indicator scored higher in the following month's current run than in the plan's month. */
  improved: number;
}

/**
 * Whether a plan's indicator improved: its score in the following month is higher than in the plan's month.
 * Not improved when either score is unknown (not scored, missing, or no following month yet).
 */
export const improved = (before: number | null | undefined, after: number | null | undefined): boolean =>
  before !== null && before !== undefined && after !== null && after !== undefined && after > before;

// Money: decimal arithmetic from input strings to output strings, never a binary float.
// The pool split follows SCENARIO_FORMAT.md "Incentive (money)" exactly: caps, floor to the cent, the
// leftover cents by largest remainder with ties to the smaller staff id, and what cannot be placed is
// `unallocated`, so pool = allocated + unallocated to the cent, always.
import Decimal from 'decimal.js';

/** The engine's decimal type: 50 significant digits is exact for any realistic pool, share or weight. */
export const Dec = Decimal.clone({
  precision: 50,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -30,
  toExpPos: 40,
});
export type Dec = Decimal;

const MONEY_RE = /^-?\d+(\.\d+)?$/;

export function isDecimalString(s: unknown, maxDecimals = Infinity): s is string {
  if (typeof s !== 'string' || !MONEY_RE.test(s)) return false;
  const dot = s.indexOf('.');
  return dot < 0 || s.length - dot - 1 <= maxDecimals;
}

/** A finite JS number as the decimal a person reads (its shortest round-trip form). */
export function decFromNumber(x: number): Decimal {
  return new Dec(String(x));
}

/** Rounds half-up (away from zero) to cents and prints with exactly two decimals. */
export function toMoney(d: Decimal): string {
  const s = d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

export interface PoolMember {
  id: string;
  /** A decimal weight, ≥ 0. */
  weight: Decimal;
}

export interface PoolLine {
  id: string;
  amount: string;
  /** The exact (uncapped-round) share before cents were placed. */
  exactShare: Decimal;
  capped: boolean;
  /** Whether this line received one of the leftover cents. */
  extraCent: boolean;
}

export interface PoolSplit {
  lines: PoolLine[];
  allocated: string;
  unallocated: string;
}

/**
 * Splits `pool` among members in proportion to their weights, exactly as the format says.
 * Lines come back in the members' order.
 * @throws RangeError on a negative weight or pool (callers validate first; this is the last line of defence).
 */
export function splitPool(pool: Decimal, members: readonly PoolMember[], maxPerPerson?: Decimal): PoolSplit {
  if (pool.isNegative()) throw new RangeError(`pool ${pool.toFixed()} is negative`);
  for (const m of members) {
    if (m.weight.isNegative()) throw new RangeError(`weight of ${m.id} is negative (${m.weight.toFixed()})`);
  }
  const exact = new Map<string, Decimal>();
  const capped = new Set<string>();
  let remaining = pool;
  let open = members.filter((m) => !m.weight.isZero());

  // 1–2. Cap every share above maxPerPerson, take it from the pool, re-split the rest among the others.
  for (;;) {
    const sum = open.reduce((acc, m) => acc.plus(m.weight), new Dec(0));
    if (open.length === 0 || sum.isZero()) break;
    const over = maxPerPerson
      ? open.filter((m) => remaining.times(m.weight).div(sum).greaterThan(maxPerPerson))
      : [];
    if (over.length === 0) {
      for (const m of open) exact.set(m.id, remaining.times(m.weight).div(sum));
      break;
    }
    for (const m of over) {
      exact.set(m.id, maxPerPerson!);
      capped.add(m.id);
      remaining = remaining.minus(maxPerPerson!);
    }
    open = open.filter((m) => !capped.has(m.id));
  }

  // 3. Floor the uncapped shares to the cent; hand out the leftover cents by largest remainder.
  const cents = new Map<string, Decimal>();
  const uncapped = members.filter((m) => exact.has(m.id) && !capped.has(m.id));
  let placed = new Dec(0);
  for (const m of uncapped) {
    const floored = exact.get(m.id)!.toDecimalPlaces(2, Decimal.ROUND_DOWN);
    cents.set(m.id, floored);
    placed = placed.plus(floored);
  }
  const uncappedTotal = uncapped.reduce((acc, m) => acc.plus(exact.get(m.id)!), new Dec(0));
  // The exact uncapped shares sum to `remaining` unless nobody is uncapped (then everything left is unallocated).
  let leftoverCents = uncapped.length
    ? uncappedTotal.minus(placed).times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber()
    : 0;
  const extra = new Set<string>();
  if (leftoverCents > 0) {
    const order = [...uncapped].sort((a, b) => {
      const ra = exact.get(a.id)!.minus(cents.get(a.id)!);
      const rb = exact.get(b.id)!.minus(cents.get(b.id)!);
      const c = rb.comparedTo(ra);
      return c !== 0 ? c : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
    for (const m of order) {
      if (leftoverCents <= 0) break;
      cents.set(m.id, cents.get(m.id)!.plus('0.01'));
      extra.add(m.id);
      leftoverCents--;
    }
  }

  let allocated = new Dec(0);
  const lines: PoolLine[] = members.map((m) => {
    const amount = capped.has(m.id) ? maxPerPerson! : (cents.get(m.id) ?? new Dec(0));
    allocated = allocated.plus(amount);
    return {
      id: m.id,
      amount: toMoney(amount),
      exactShare: exact.get(m.id) ?? new Dec(0),
      capped: capped.has(m.id),
      extraCent: extra.has(m.id),
    };
  });
  return { lines, allocated: toMoney(allocated), unallocated: toMoney(pool.minus(allocated)) };
}

// Money: decimal arithmetic from input strings to output strings, never a binary float.
// The pool split follows docs/FORMAT.md "Incentive (money)" exactly: caps, floor to the cent, the
// leftover cents by largest remainder with ties to the smaller staff id, and what cannot be placed is
// `unallocated`, so pool = allocated + unallocated to the cent, always.
import Decimal from 'decimal.js';

/**
 * The engine's decimal type: 50 significant digits is exact for any realistic pool, share or weight. Exponents
 * beyond ±100 overflow to Infinity (and underflow to 0): a money formula such as `points ^ 1000000` then has "no
 * finite value" at once, instead of a number of millions of digits that takes minutes to print.
 */
export const Dec = Decimal.clone({
  precision: 50,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -30,
  toExpPos: 40,
  maxE: 100,
  minE: -100,
});

/** The largest amount of money the format takes anywhere (a pool, a cap, a floor, a point value): 12 digits. */
export const MONEY_MAX = '999999999999.99';
/** The largest value a money formula (amount, weight, pool, proration) may give: larger is a per-person error. */
export const FORMULA_MAX = new Dec('1e15');
/** The largest literal exponent a money formula may use (`x ^ 3` yes, `x ^ 1000000` no). */
export const MAX_EXPONENT = 100;
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
  /** This member's cap, in cents (default: the split's `maxPerPerson`). */
  max?: Decimal;
  /** This member's floor, in cents; applies only to a positive weight. */
  min?: Decimal;
}

export interface PoolLine {
  id: string;
  amount: string;
  /** The exact share before cents were placed (the cap or floor when one of them applied). */
  exactShare: Decimal;
  capped: boolean;
  /** Whether the share was raised to the member's floor. */
  floored: boolean;
  /** Whether this line received one of the leftover cents. */
  extraCent: boolean;
}

export interface PoolSplit {
  lines: PoolLine[];
  allocated: string;
  unallocated: string;
}

/** The floors of a pool's members add up to more than the pool: paying them would overspend it. */
export class PoolFloorError extends RangeError {
  constructor(
    readonly pool: string,
    readonly needed: string,
    readonly count: number,
  ) {
    super(`the floors of ${count} staff need ${needed}, more than the pool of ${pool}`);
  }
}

/**
 * Splits `pool` among members in proportion to their weights, exactly as the format says, within each
 * member's cap and floor. Lines come back in the members' order.
 *
 * With caps and floors the exact shares are clamp(λ·w, floor, cap) with Σ = pool (or every member capped).
 * λ is found by fixing members at their bounds: at the plain split of what remains, compare the total excess
 * over caps (E) with the total shortfall under floors (D). E > D means λ must rise, so every member over
 * its cap stays capped; D > E means λ must fall, so every member under its floor stays floored; E = D fixes
 * both. Without floors this is the format's "cap, take it from the pool, re-split the rest" loop.
 * @throws PoolFloorError when the floors cannot all be met
 * @throws RangeError on a negative weight or pool (callers validate first; this is the last line of defence).
 */
export function splitPool(pool: Decimal, members: readonly PoolMember[], maxPerPerson?: Decimal): PoolSplit {
  if (pool.isNegative()) throw new RangeError(`pool ${pool.toFixed()} is negative`);
  for (const m of members) {
    if (m.weight.isNegative() && !m.weight.isZero())
      throw new RangeError(`weight of ${m.id} is negative (${m.weight.toFixed()})`);
  }
  const capOf = (m: PoolMember): Decimal | undefined => m.max ?? maxPerPerson;
  const paid = members.filter((m) => !m.weight.isZero());
  const floors = paid.filter((m) => m.min && m.min.greaterThan(0));
  const needed = floors.reduce((acc, m) => acc.plus(m.min!), new Dec(0));
  if (needed.greaterThan(pool)) throw new PoolFloorError(toMoney(pool), toMoney(needed), floors.length);

  const exact = new Map<string, Decimal>();
  const capped = new Set<string>();
  const floored = new Set<string>();
  let remaining = pool;
  let open = paid;
  /** The round in which the free members took their shares. */
  let last = { remaining, sum: new Dec(0) };

  // 1–2. Fix members at their caps (and floors), take that from the pool, re-split the rest among the others.
  for (;;) {
    const sum = open.reduce((acc, m) => acc.plus(m.weight), new Dec(0));
    if (open.length === 0 || sum.isZero()) break;
    const share = (m: PoolMember) => remaining.times(m.weight).div(sum);
    let excess = new Dec(0);
    let shortfall = new Dec(0);
    const over: PoolMember[] = [];
    const under: PoolMember[] = [];
    const shares = open.map(share); // each a decimal division: computed once per round
    for (const [i, m] of open.entries()) {
      const s = shares[i];
      const cap = capOf(m);
      if (cap && s.greaterThan(cap)) {
        over.push(m);
        excess = excess.plus(s.minus(cap));
      } else if (m.min && s.lessThan(m.min)) {
        under.push(m);
        shortfall = shortfall.plus(m.min.minus(s));
      }
    }
    if (over.length === 0 && under.length === 0) {
      open.forEach((m, i) => exact.set(m.id, shares[i]));
      last = { remaining, sum };
      break;
    }
    const cmp = excess.comparedTo(shortfall);
    if (cmp >= 0) {
      for (const m of over) {
        exact.set(m.id, capOf(m)!);
        capped.add(m.id);
        remaining = remaining.minus(capOf(m)!);
      }
    }
    if (cmp <= 0) {
      for (const m of under) {
        exact.set(m.id, m.min!);
        floored.add(m.id);
        remaining = remaining.minus(m.min!);
      }
    }
    open = open.filter((m) => !capped.has(m.id) && !floored.has(m.id));
  }

  // 3. Floor the free shares to the cent; hand out the leftover cents by largest remainder. The free members
  // all took their share in the last round, remaining·w/Σw with one `remaining` and one Σw (`last`), so their
  // remainders compare exactly as the numerators remaining·w − cents·Σw: a division to 50 digits would tell
  // apart three remainders of ⅓ cent that are equal (docs/FORMAT.md "Incentive", step 3).
  const fixed = (id: string) => capped.has(id) || floored.has(id);
  const cents = new Map<string, Decimal>();
  const rest = new Map<string, Decimal>();
  const free = members.filter((m) => exact.has(m.id) && !fixed(m.id));
  let placed = new Dec(0);
  for (const m of free) {
    const numerator = last.remaining.times(m.weight);
    let down = exact.get(m.id)!.toDecimalPlaces(2, Decimal.ROUND_DOWN);
    let r = numerator.minus(down.times(last.sum));
    // The 50-digit share can round up onto the next cent; the exact numerator says so.
    while (r.isNegative()) {
      down = down.minus('0.01');
      r = r.plus(last.sum.div(100));
    }
    cents.set(m.id, down);
    rest.set(m.id, r);
    placed = placed.plus(down);
  }
  // The exact free shares sum to `remaining` unless nobody is free (then everything left is unallocated).
  let leftoverCents = free.length ? last.remaining.minus(placed).times(100).round().toNumber() : 0;
  const extra = new Set<string>();
  if (leftoverCents > 0) {
    const order = [...free].sort((a, b) => {
      const c = rest.get(b.id)!.comparedTo(rest.get(a.id)!);
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
    const amount = fixed(m.id) ? exact.get(m.id)! : (cents.get(m.id) ?? new Dec(0));
    allocated = allocated.plus(amount);
    return {
      id: m.id,
      amount: toMoney(amount),
      exactShare: exact.get(m.id) ?? new Dec(0),
      capped: capped.has(m.id),
      floored: floored.has(m.id),
      extraCent: extra.has(m.id),
    };
  });
  return { lines, allocated: toMoney(allocated), unallocated: toMoney(pool.minus(allocated)) };
}

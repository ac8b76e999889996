// Incentive money for a scored document: a per-person amount formula, or department pools (fixed or a formula
// over department facts) split by a per-person weight formula, with optional per-person cap and floor and
// proration (docs/FORMAT.md "Incentive (money)", docs/INCENTIVE.md). Decimal arithmetic throughout. A negative
// amount is an error unless the incentive declares `deductions: true`.
//
// The work is cut in two steps so that the batch service can run them apart: `perStaff` needs only one staff
// member (their amount, or their pool weight and proration factor), `splitPools` needs a whole department's
// weights. The engine runs both in one go.
import Decimal from 'decimal.js';
import { InputSlots } from './compile';
import { IncentiveParts, renderIncentive } from './explain-render';
import { DepartmentResult, IncentiveDef, StaffDef, StaffScore } from './document';
import { compileDecimal, DecimalFn, DecimalScope, MissingVariableError } from './formula/decimal';
import { parseFormula } from './formula/expr';
import { Dec, decFromNumber, FORMULA_MAX, PoolFloorError, PoolMember, splitPool, toMoney } from './money';
import { MONEY_VARIABLES, PERIOD_VARIABLES, POOL_VARIABLES } from './validate';

/** Days in a "YYYY-MM" month. */
export function daysInPeriod(period: string): number {
  const [y, m] = period.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** What the incentive step needs from the scorer: the staff member's scope. */
export interface ScopeSource {
  inputValue(s: StaffDef, code: string): number | undefined;
}

/** A department's own input value (the department-level inputs of the month). */
export type DepartmentInputs = (department: string, code: string) => number | undefined;

/**
 * What to explain: true, the English text (and its parts); 'parts', only the parts (a run stores them and the
 * text is rendered when read, in the reader's language); false, nothing.
 */
export type ExplainMode = boolean | 'parts';

/** One staff member's part of the incentive, known before any department roll-up. */
export type StaffIncentive =
  | { kind: 'amount'; incentive: string; explanation: string; parts: IncentiveParts | null }
  | { kind: 'weight'; weight: string; factor: string | null }
  | { kind: 'none' }
  | { kind: 'error'; message: string };

/** A pool member as the split needs it: the (prorated) weight from `perStaff`, or the error met computing it. */
export interface PoolEntry {
  id: string;
  department: string;
  weight: string | null;
  /** The proration factor that scaled the weight (and scales the cap and floor); null = 1. */
  factor: string | null;
  error: string | null;
}

export interface PoolOutcome {
  /** Incentive lines by staff id, for every member of a pool that was split. */
  lines: Map<string, { incentive: string; explanation: string; parts: IncentiveParts | null }>;
  /** Per staff member: their own error, or the failure of their whole pool (listed in `failures` too). */
  errors: { staff: string; message: string }[];
  /** Pools that could not be split at all (formula failed, floors unmet): a batch run fails on these. */
  failures: { department: string; message: string }[];
}

/** What a money formula reads of a scored person (a month's result, or an appraisal period's). */
export type IncentiveSubject = Pick<
  StaffScore,
  'department' | 'total' | 'coefficient' | 'points' | 'workloadValue'
>;

export interface CompiledIncentive {
  readonly mode: 'amount' | 'pools';
  /** The amount (amount mode) or the pool weight (pools mode, for staff of a pool department). */
  perStaff(s: StaffDef, r: IncentiveSubject, scope: ScopeSource, explain: ExplainMode): StaffIncentive;
  /**
   * Splits each pool among its department's members; fills pool figures on the department results.
   * @param linesOf the departments whose members' lines are wanted (default: every one); another pool is split
   *   for its figures and its errors only (a month's finish job writes the shares of few departments)
   */
  splitPools(
    departments: Map<string, DepartmentResult>,
    members: readonly PoolEntry[],
    departmentInputs: DepartmentInputs,
    explain: ExplainMode,
    linesOf?: (department: string) => boolean,
  ): PoolOutcome;
}

/** @param periodDays the days of the period when it is not a month (an appraisal period: docs/FORMAT.md). */
export function compileIncentive(
  def: IncentiveDef,
  slots: InputSlots,
  period: string,
  periodDays?: number,
): CompiledIncentive {
  const days = new Dec(periodDays ?? daysInPeriod(period));
  const known = (list: readonly string[]) => (s: string) => slots.index.has(s) || list.includes(s);
  const moneySymbol = known([...MONEY_VARIABLES, ...PERIOD_VARIABLES]);
  const poolSymbol = known([...POOL_VARIABLES, ...PERIOD_VARIABLES]);
  const compile = (f: string, isSymbol = moneySymbol): DecimalFn => compileDecimal(parseFormula(f, isSymbol));
  const amountFn = def.amount !== undefined ? compile(def.amount) : null;
  const weightFn = def.weight !== undefined ? compile(def.weight) : null;
  const prorationFn = def.proration !== undefined ? compile(def.proration) : null;
  const poolFns = new Map(
    (def.pools ?? []).flatMap((p) =>
      p.formula !== undefined ? [[p.department, compile(p.formula, poolSymbol)]] : [],
    ),
  );
  const max = def.maxPerPerson !== undefined ? new Dec(def.maxPerPerson) : undefined;
  const min = def.minPerPerson !== undefined ? new Dec(def.minPerPerson) : undefined;
  const poolDepartments = new Set((def.pools ?? []).map((p) => p.department));
  /** A bound scaled by the person's proration factor, in cents. */
  const bound = (b: Decimal | undefined, factor: Decimal | null) =>
    b === undefined ? undefined : factor === null ? b : new Dec(toMoney(b.times(factor)));
  // An input of the same name wins, so documents that already had such an input score as before.
  const periodVariable = (name: string): Decimal | undefined =>
    name === 'days_in_period' && !slots.index.has(name) ? days : undefined;

  const run = (fn: DecimalFn, scope: DecimalScope, what: string): Decimal | string => {
    try {
      const v = fn(scope);
      if (!v.isFinite()) return `the ${what} formula gives no finite number`;
      if (v.abs().greaterThan(FORMULA_MAX))
        return `the ${what} formula gives ${v.toSignificantDigits(6).toExponential()}, beyond ±10^15`;
      // −0 (for example `0 * -1`) is zero, not a negative weight or amount (docs/FORMAT.md "Incentive").
      return v.isZero() ? new Dec(0) : v;
    } catch (e) {
      if (e instanceof MissingVariableError)
        return `the ${what} formula needs ${e.message.replace(/^"(.*)" has/, '"$1", which has')}`;
      return `the ${what} formula fails: ${(e as Error).message}`;
    }
  };

  const staffScope =
    (s: StaffDef, r: IncentiveSubject, source: ScopeSource): DecimalScope =>
    (name) => {
      switch (name) {
        case 'total':
          return new Dec(String(r.total));
        case 'coefficient':
          return decFromNumber(r.coefficient);
        case 'points':
          return new Dec(String(r.points));
        case 'workloadValue':
          return new Dec(r.workloadValue ?? '0');
      }
      const v = source.inputValue(s, name);
      return v === undefined ? periodVariable(name) : decFromNumber(v);
    };

  /** The person's proration factor (null without proration), or the reason there is none. */
  const factorOf = (scope: DecimalScope): Decimal | null | string => {
    if (!prorationFn) return null;
    const p = run(prorationFn, scope, 'proration');
    if (typeof p === 'string') return p;
    if (p.isNegative() || p.greaterThan(1)) return `the proration is ${p.toFixed()}, outside 0 to 1`;
    return p;
  };

  return {
    mode: amountFn ? 'amount' : 'pools',

    perStaff(s, r, source, explain) {
      const scope = staffScope(s, r, source);
      if (amountFn) {
        const v = run(amountFn, scope, 'amount');
        if (typeof v === 'string') return { kind: 'error', message: `incentive: ${v}` };
        const factor = factorOf(scope);
        if (typeof factor === 'string') return { kind: 'error', message: `incentive: ${factor}` };
        const prorated = factor === null ? v : v.times(factor);
        let amount = new Dec(toMoney(prorated));
        const floor = bound(min, factor);
        const cap = bound(max, factor);
        let limit: 'floor' | 'cap' | null = null;
        if (floor && amount.greaterThan(0) && amount.lessThan(floor)) {
          amount = floor;
          limit = 'floor';
        }
        if (cap && amount.greaterThan(cap)) {
          amount = cap;
          limit = 'cap';
        }
        const incentive = toMoney(amount);
        // A negative amount takes money from someone: only a plan that says so books it (as PERF_DEDUCTION).
        if (amount.isNegative() && !amount.isZero() && def.deductions !== true)
          return {
            kind: 'error',
            message:
              `incentive: the amount formula gives ${incentive}, below 0: ` +
              'declare `deductions: true` in the incentive to book deductions',
          };
        const parts: IncentiveParts | null = explain
          ? [
              'a',
              def.amount!,
              v.toFixed(),
              factor === null ? null : def.proration!,
              factor === null ? null : factor.toFixed(),
              factor === null ? null : prorated.toFixed(),
              limit,
              limit === null ? null : incentive,
              incentive,
            ]
          : null;
        return {
          kind: 'amount',
          incentive,
          explanation: parts && explain === true ? renderIncentive(parts, 'en') : '',
          parts,
        };
      }
      if (!poolDepartments.has(r.department)) return { kind: 'none' };
      const w = run(weightFn!, scope, 'weight');
      if (typeof w === 'string') return { kind: 'error', message: `incentive: ${w}` };
      if (w.isNegative())
        return { kind: 'error', message: `incentive: the weight is negative (${w.toFixed()})` };
      const factor = factorOf(scope);
      if (typeof factor === 'string') return { kind: 'error', message: `incentive: ${factor}` };
      return {
        kind: 'weight',
        weight: (factor === null ? w : w.times(factor)).toFixed(),
        factor: factor === null ? null : factor.toFixed(),
      };
    },

    splitPools(departments, entries, departmentInputs, explain, linesOf) {
      const outcome: PoolOutcome = { lines: new Map(), errors: [], failures: [] };
      for (const pool of def.pools ?? []) {
        const dept = departments.get(pool.department);
        if (!dept) continue; // validation guarantees the department has staff
        const members = entries.filter((e) => e.department === pool.department);
        const failPool = (message: string) => {
          outcome.failures.push({ department: pool.department, message });
          for (const m of members) outcome.errors.push({ staff: m.id, message });
        };
        let amount: Decimal;
        let origin: [formula: string, value: string] | null = null;
        const fn = poolFns.get(pool.department);
        if (fn) {
          const v = run(fn, poolScope(dept, departmentInputs, periodVariable), `pool (${pool.department})`);
          if (typeof v === 'string' || v.isNegative()) {
            if (members.length)
              failPool(
                `${typeof v === 'string' ? v : `the pool formula of ${pool.department} gives ${v.toFixed()}, below 0`}` +
                  `; the pool of ${pool.department} was not split`,
              );
            continue;
          }
          amount = new Dec(toMoney(v));
          origin = [pool.formula!, v.toFixed()];
        } else amount = new Dec(pool.amount!);
        dept.pool = toMoney(amount);
        dept.allocated = '0.00';
        dept.unallocated = dept.pool;
        const failed = members.filter((m) => m.error !== null);
        if (failed.length) {
          // Splitting without someone would change everyone else's pay: the pool stays whole instead.
          for (const m of failed) {
            outcome.errors.push({
              staff: m.id,
              message: `${m.error}; the pool of ${pool.department} was not split`,
            });
          }
          continue;
        }
        const weights: PoolMember[] = members.map((m) => {
          const factor = m.factor === null ? null : new Dec(m.factor);
          return { id: m.id, weight: new Dec(m.weight!), max: bound(max, factor), min: bound(min, factor) };
        });
        let split;
        try {
          split = splitPool(amount, weights);
        } catch (e) {
          if (!(e instanceof PoolFloorError)) throw e;
          failPool(
            `the pool of ${pool.department} (${e.pool}) cannot pay every floor: ${e.count} staff need ${e.needed}` +
              `; the pool was not split`,
          );
          continue;
        }
        dept.allocated = split.allocated;
        dept.unallocated = split.unallocated;
        if (linesOf && !linesOf(pool.department)) continue;
        const sumW = weights.reduce((acc, m) => acc.plus(m.weight), new Dec(0));
        const sumText = explain ? sumW.toFixed() : '';
        split.lines.forEach((line, i) => {
          const m = members[i];
          const w = weights[i];
          const parts: IncentiveParts | null = explain
            ? [
                'p',
                def.weight!,
                m.factor === null ? null : def.proration!,
                m.factor,
                w.weight.toFixed(),
                sumText,
                pool.department,
                dept.pool!,
                origin?.[0] ?? null,
                origin?.[1] ?? null,
                w.weight.isZero()
                  ? 'zero'
                  : line.capped
                    ? 'cap'
                    : line.floored
                      ? 'floor'
                      : line.extraCent
                        ? 'exact+cent'
                        : 'exact',
                w.weight.isZero()
                  ? null
                  : line.capped
                    ? toMoney(w.max!)
                    : line.floored
                      ? toMoney(w.min!)
                      : line.exactShare.toDecimalPlaces(6).toFixed(),
                line.amount,
              ]
            : null;
          const explanation = parts && explain === true ? renderIncentive(parts, 'en') : '';
          outcome.lines.set(line.id, { incentive: line.amount, explanation, parts });
        });
      }
      return outcome;
    },
  };
}

/** A pool formula's scope: the department's facts, its own inputs, then the period's variables. */
function poolScope(
  dept: DepartmentResult,
  departmentInputs: DepartmentInputs,
  periodVariable: (name: string) => Decimal | undefined,
): DecimalScope {
  return (name) => {
    const own = departmentInputs(dept.code, name);
    if (own !== undefined) return decFromNumber(own);
    if (name === 'headcount') return new Dec(dept.staffCount);
    if (name === 'score') return dept.score === null ? undefined : decFromNumber(dept.score);
    return periodVariable(name);
  };
}

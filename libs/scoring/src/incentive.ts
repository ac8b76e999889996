// Incentive money for a scored document: a per-person amount formula, or department pools split by a
// per-person weight formula (SCENARIO_FORMAT.md "Incentive (money)"). Decimal arithmetic throughout.
//
// The work is cut in two steps so that the batch service can run them apart: `perStaff` needs only one staff
// member (their amount, or their pool weight), `splitPools` needs a whole department's weights. The engine
// runs both in one go.
import Decimal from 'decimal.js';
import { InputSlots } from './compile';
import { DepartmentResult, IncentiveDef, StaffDef, StaffScore } from './document';
import { compileDecimal, DecimalFn, MissingVariableError } from './formula/decimal';
import { parseFormula } from './formula/expr';
import { Dec, decFromNumber, splitPool, toMoney } from './money';
import { MONEY_VARIABLES } from './validate';

/** What the incentive step needs from the scorer: the staff member's scope. */
export interface ScopeSource {
  inputValue(s: StaffDef, code: string): number | undefined;
}

/** One staff member's part of the incentive, known before any department roll-up. */
export type StaffIncentive =
  | { kind: 'amount'; incentive: string; explanation: string }
  | { kind: 'weight'; weight: string }
  | { kind: 'none' }
  | { kind: 'error'; message: string };

/** A pool member as the split needs it: the decimal weight from `perStaff`, or the error met computing it. */
export interface PoolEntry {
  id: string;
  department: string;
  weight: string | null;
  error: string | null;
}

export interface PoolOutcome {
  /** Incentive lines by staff id, for every member of a pool that was split. */
  lines: Map<string, { incentive: string; explanation: string }>;
  errors: { staff: string; message: string }[];
}

export interface CompiledIncentive {
  readonly mode: 'amount' | 'pools';
  /** The amount (amount mode) or the pool weight (pools mode, for staff of a pool department). */
  perStaff(s: StaffDef, r: StaffScore, scope: ScopeSource, explain: boolean): StaffIncentive;
  /** Splits each pool among its department's members; fills pool figures on the department results. */
  splitPools(
    departments: Map<string, DepartmentResult>,
    members: readonly PoolEntry[],
    explain: boolean,
  ): PoolOutcome;
}

export function compileIncentive(def: IncentiveDef, slots: InputSlots): CompiledIncentive {
  const isSymbol = (s: string) => slots.index.has(s) || (MONEY_VARIABLES as readonly string[]).includes(s);
  const compile = (f: string): DecimalFn => compileDecimal(parseFormula(f, isSymbol));
  const amountFn = def.amount !== undefined ? compile(def.amount) : null;
  const weightFn = def.weight !== undefined ? compile(def.weight) : null;
  const max = def.maxPerPerson !== undefined ? new Dec(def.maxPerPerson) : undefined;
  const poolDepartments = new Set((def.pools ?? []).map((p) => p.department));

  const evaluate = (
    fn: DecimalFn,
    s: StaffDef,
    r: StaffScore,
    source: ScopeSource,
    what: string,
  ): Decimal | string => {
    const scope = (name: string): Decimal | undefined => {
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
      return v === undefined ? undefined : decFromNumber(v);
    };
    try {
      const v = fn(scope);
      return v.isFinite() ? v : `the ${what} formula gives no finite number`;
    } catch (e) {
      if (e instanceof MissingVariableError)
        return `the ${what} formula needs ${e.message.replace(/^"(.*)" has/, '"$1", which has')}`;
      return `the ${what} formula fails: ${(e as Error).message}`;
    }
  };

  return {
    mode: amountFn ? 'amount' : 'pools',

    perStaff(s, r, source, explain) {
      if (amountFn) {
        const v = evaluate(amountFn, s, r, source, 'amount');
        if (typeof v === 'string') return { kind: 'error', message: `incentive: ${v}` };
        const incentive = toMoney(v);
        return {
          kind: 'amount',
          incentive,
          explanation: explain ? `amount ${def.amount} = ${v.toFixed()} → ${incentive}` : '',
        };
      }
      if (!poolDepartments.has(r.department)) return { kind: 'none' };
      const w = evaluate(weightFn!, s, r, source, 'weight');
      if (typeof w === 'string') return { kind: 'error', message: `incentive: ${w}` };
      if (w.isNegative())
        return { kind: 'error', message: `incentive: the weight is negative (${w.toFixed()})` };
      return { kind: 'weight', weight: w.toFixed() };
    },

    splitPools(departments, entries, explain) {
      const lines: PoolOutcome['lines'] = new Map();
      const errors: PoolOutcome['errors'] = [];
      for (const pool of def.pools ?? []) {
        const dept = departments.get(pool.department);
        if (!dept) continue; // validation guarantees the department has staff
        const amount = new Dec(pool.amount);
        const members = entries.filter((e) => e.department === pool.department);
        dept.pool = toMoney(amount);
        const failed = members.filter((m) => m.error !== null);
        if (failed.length) {
          // Splitting without someone would change everyone else's pay: the pool stays whole instead.
          for (const m of failed) {
            errors.push({ staff: m.id, message: `${m.error}; the pool of ${pool.department} was not split` });
          }
          dept.allocated = '0.00';
          dept.unallocated = dept.pool;
          continue;
        }
        const weights = members.map((m) => ({ id: m.id, weight: new Dec(m.weight!) }));
        const split = splitPool(amount, weights, max);
        dept.allocated = split.allocated;
        dept.unallocated = split.unallocated;
        const sumW = weights.reduce((acc, m) => acc.plus(m.weight), new Dec(0));
        split.lines.forEach((line, i) => {
          const w = weights[i].weight;
          const explanation = !explain
            ? ''
            : w.isZero()
              ? `weight ${def.weight} = 0 → 0.00`
              : `weight ${def.weight} = ${w.toFixed()} of ${sumW.toFixed()} in the ${pool.department} pool of ${dept.pool}` +
                (line.capped
                  ? `: share above the cap, capped at ${def.maxPerPerson}`
                  : `: exact share ${line.exactShare.toDecimalPlaces(6).toFixed()}${line.extraCent ? ', floored to the cent plus one leftover cent (largest remainder)' : ', floored to the cent'}`) +
                ` → ${line.amount}`;
          lines.set(line.id, { incentive: line.amount, explanation });
        });
      }
      return { lines, errors };
    },
  };
}

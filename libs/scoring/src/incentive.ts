// Incentive money for a scored document: a per-person amount formula, or department pools split by a
// per-person weight formula (SCENARIO_FORMAT.md "Incentive (money)"). Decimal arithmetic throughout.
import Decimal from 'decimal.js';
import { InputSlots } from './compile';
import {
  DepartmentResult,
  IncentiveDef,
  ScorecardDocument,
  StaffDef,
  StaffResult,
  StaffScore,
} from './document';
import { compileDecimal, DecimalFn, MissingVariableError } from './formula/decimal';
import { parseFormula } from './formula/expr';
import { Dec, decFromNumber, PoolMember, splitPool, toMoney } from './money';
import { MONEY_VARIABLES } from './validate';

/** What the incentive step needs from the scorer: the staff member's scope. */
export interface ScopeSource {
  inputValue(s: StaffDef, code: string): number | undefined;
}

export interface CompiledIncentive {
  /** Fills `incentive` on staff results and pool figures on departments; returns the errors it met. */
  apply(
    doc: ScorecardDocument,
    results: StaffResult[],
    departments: Map<string, DepartmentResult>,
    scope: ScopeSource,
    explain: boolean,
  ): { staff: string; message: string }[];
}

export function compileIncentive(def: IncentiveDef, slots: InputSlots): CompiledIncentive {
  const isSymbol = (s: string) => slots.index.has(s) || (MONEY_VARIABLES as readonly string[]).includes(s);
  const compile = (f: string): DecimalFn => compileDecimal(parseFormula(f, isSymbol));
  const amountFn = def.amount !== undefined ? compile(def.amount) : null;
  const weightFn = def.weight !== undefined ? compile(def.weight) : null;
  const max = def.maxPerPerson !== undefined ? new Dec(def.maxPerPerson) : undefined;

  return {
    apply(doc, results, departments, source, explain) {
      const errors: { staff: string; message: string }[] = [];
      const staffById = new Map(doc.staff.map((s) => [s.id, s]));
      const evaluate = (fn: DecimalFn, r: StaffScore, what: string): Decimal | string => {
        const s = staffById.get(r.id)!;
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
      const scored = results.filter((r): r is StaffScore => !('error' in r));

      if (amountFn) {
        for (const r of scored) {
          const v = evaluate(amountFn, r, 'amount');
          if (typeof v === 'string') {
            errors.push({ staff: r.id, message: `incentive: ${v}` });
            continue;
          }
          r.incentive = toMoney(v);
          if (explain) r.explanation.incentive = `amount ${def.amount} = ${v.toFixed()} → ${r.incentive}`;
        }
        return errors;
      }

      for (const pool of def.pools ?? []) {
        const dept = departments.get(pool.department);
        if (!dept) continue; // validation guarantees the department has staff
        const amount = new Dec(pool.amount);
        const members = scored.filter((r) => r.department === pool.department);
        const weights: PoolMember[] = [];
        const poolErrors: { staff: string; message: string }[] = [];
        for (const r of members) {
          const w = evaluate(weightFn!, r, 'weight');
          if (typeof w === 'string') poolErrors.push({ staff: r.id, message: `incentive: ${w}` });
          else if (w.isNegative())
            poolErrors.push({ staff: r.id, message: `incentive: the weight is negative (${w.toFixed()})` });
          else weights.push({ id: r.id, weight: w });
        }
        dept.pool = toMoney(amount);
        if (poolErrors.length) {
          // Splitting without someone would change everyone else's pay: the pool stays whole instead.
          errors.push(
            ...poolErrors.map((e) => ({
              ...e,
              message: `${e.message}; the pool of ${pool.department} was not split`,
            })),
          );
          dept.allocated = '0.00';
          dept.unallocated = dept.pool;
          continue;
        }
        const split = splitPool(amount, weights, max);
        dept.allocated = split.allocated;
        dept.unallocated = split.unallocated;
        const sumW = weights.reduce((acc, m) => acc.plus(m.weight), new Dec(0));
        split.lines.forEach((line, i) => {
          const r = members[i];
          r.incentive = line.amount;
          if (!explain) return;
          const w = weights[i].weight;
          r.explanation.incentive = w.isZero()
            ? `weight ${def.weight} = 0 → 0.00`
            : `weight ${def.weight} = ${w.toFixed()} of ${sumW.toFixed()} in the ${pool.department} pool of ${dept.pool}` +
              (line.capped
                ? `: share above the cap, capped at ${def.maxPerPerson}`
                : `: exact share ${line.exactShare.toDecimalPlaces(6).toFixed()}${line.extraCent ? ', floored to the cent plus one leftover cent (largest remainder)' : ', floored to the cent'}`) +
              ` → ${line.amount}`;
        });
      }
      return errors;
    },
  };
}

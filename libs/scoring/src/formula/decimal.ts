// Compiles a checked formula into closures over decimal values, for money formulas (incentive amount and
// pool weight). Same whitelist as score formulas; every operation is decimal.js arithmetic.
import Decimal from 'decimal.js';
import { Dec } from '../money';
import { BinaryOp, Expr } from './expr';

/** Reads a variable by name; undefined means the value is missing. */
export type DecimalScope = (name: string) => Decimal | undefined;
export type DecimalFn = (scope: DecimalScope) => Decimal;

export class MissingVariableError extends Error {
  constructor(readonly variable: string) {
    super(`"${variable}" has no value`);
  }
}

const ONE = new Dec(1);
const ZERO = new Dec(0);
const bool = (b: boolean): Decimal => (b ? ONE : ZERO);

const OPS: Record<BinaryOp, (a: Decimal, b: Decimal) => Decimal> = {
  '+': (a, b) => a.plus(b),
  '-': (a, b) => a.minus(b),
  '*': (a, b) => a.times(b),
  '/': (a, b) => a.div(b),
  '^': (a, b) => a.pow(b),
  '<': (a, b) => bool(a.lessThan(b)),
  '>': (a, b) => bool(a.greaterThan(b)),
  '<=': (a, b) => bool(a.lessThanOrEqualTo(b)),
  '>=': (a, b) => bool(a.greaterThanOrEqualTo(b)),
  '==': (a, b) => bool(a.equals(b)),
  '!=': (a, b) => bool(!a.equals(b)),
};

export function compileDecimal(e: Expr): DecimalFn {
  switch (e.k) {
    case 'num': {
      const v = new Dec(String(e.v));
      return () => v;
    }
    case 'sym': {
      const name = e.name;
      return (scope) => {
        const v = scope(name);
        if (v === undefined) throw new MissingVariableError(name);
        return v;
      };
    }
    case 'neg': {
      const a = compileDecimal(e.a);
      return (s) => a(s).neg();
    }
    case 'bin': {
      const a = compileDecimal(e.a);
      const b = compileDecimal(e.b);
      const op = OPS[e.op];
      return (s) => op(a(s), b(s));
    }
    case 'cond': {
      const c = compileDecimal(e.c);
      const t = compileDecimal(e.t);
      const f = compileDecimal(e.f);
      return (s) => {
        const cv = c(s);
        return !cv.isNaN() && !cv.isZero() ? t(s) : f(s);
      };
    }
    case 'call': {
      const args = e.args.map(compileDecimal);
      const [a, b] = args;
      switch (e.fn) {
        case 'min':
          return (s) => Dec.min(...args.map((f) => f(s)));
        case 'max':
          return (s) => Dec.max(...args.map((f) => f(s)));
        case 'abs':
          return (s) => a(s).abs();
        case 'floor':
          return (s) => a(s).floor();
        case 'ceil':
          return (s) => a(s).ceil();
        case 'sqrt':
          return (s) => a(s).sqrt();
        case 'exp':
          return (s) => a(s).exp();
        case 'log':
          return b ? (s) => a(s).ln().div(b(s).ln()) : (s) => a(s).ln();
        case 'round':
          // ROUND_HALF_UP in decimal.js rounds ties away from zero, as mathjs round does.
          return b
            ? (s) => a(s).toDecimalPlaces(b(s).toNumber(), Decimal.ROUND_HALF_UP)
            : (s) => a(s).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
      }
    }
  }
}

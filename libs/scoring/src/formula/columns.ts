// Compiles a checked formula into plain closures that evaluate it for a whole column of staff at once.
//
// Why columns: a tree of per-staff closures pays a megamorphic call per node per staff member; here each
// node runs one tight, monomorphic loop over a Float64Array, so the per-node dispatch cost is paid once per
// chunk instead of once per person. No eval, no new Function, no mathjs on the hot path.
import { roundHalfAwayFromZero } from '../rounding';
import { BinaryOp, Expr } from './expr';

/** Evaluates the formula for rows [0, n) of the input columns; never mutates them. */
export type ColumnFn = (cols: readonly Float64Array[], n: number) => Float64Array;

/** @param slotOf maps a variable name to its column index. */
export function compileColumns(e: Expr, slotOf: (name: string) => number): ColumnFn {
  switch (e.k) {
    case 'num': {
      const v = e.v;
      return (_cols, n) => new Float64Array(n).fill(v);
    }
    case 'sym': {
      const slot = slotOf(e.name);
      return (cols) => cols[slot];
    }
    case 'neg': {
      const a = compileColumns(e.a, slotOf);
      return (cols, n) => {
        const x = a(cols, n);
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) out[i] = -x[i];
        return out;
      };
    }
    case 'bin':
      return binary(e.op, e.a, e.b, slotOf);
    case 'cond': {
      const c = compileColumns(e.c, slotOf);
      const t = compileColumns(e.t, slotOf);
      const f = compileColumns(e.f, slotOf);
      return (cols, n) => {
        const cv = c(cols, n);
        const tv = t(cols, n);
        const fv = f(cols, n);
        const out = new Float64Array(n);
        // A NaN condition is falsy, as in mathjs.
        for (let i = 0; i < n; i++) out[i] = cv[i] ? tv[i] : fv[i];
        return out;
      };
    }
    case 'call':
      return call(e.fn, e.args, slotOf);
  }
}

/** A binary node; a constant operand is folded into the loop instead of materialised as a column. */
function binary(op: BinaryOp, ea: Expr, eb: Expr, slotOf: (name: string) => number): ColumnFn {
  if (ea.k === 'num' && eb.k === 'num') {
    const v = applyBinary(op, ea.v, eb.v);
    return (_cols, n) => new Float64Array(n).fill(v);
  }
  if (eb.k === 'num') return withConstRight(op, compileColumns(ea, slotOf), eb.v);
  if (ea.k === 'num') return withConstLeft(op, ea.v, compileColumns(eb, slotOf));
  const a = compileColumns(ea, slotOf);
  const b = compileColumns(eb, slotOf);
  const loop = COLUMN_LOOPS[op];
  return (cols, n) => loop(a(cols, n), b(cols, n), new Float64Array(n), n);
}

type Loop = (x: Float64Array, y: Float64Array, out: Float64Array, n: number) => Float64Array;

// One loop per operator so each stays monomorphic.
const COLUMN_LOOPS: Record<BinaryOp, Loop> = {
  '+': (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] + y[i];
    return o;
  },
  '-': (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] - y[i];
    return o;
  },
  '*': (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] * y[i];
    return o;
  },
  '/': (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] / y[i];
    return o;
  },
  '^': (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.pow(x[i], y[i]);
    return o;
  },
  '<': (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] < y[i] ? 1 : 0;
    return o;
  },
  '>': (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] > y[i] ? 1 : 0;
    return o;
  },
  '<=': (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] <= y[i] ? 1 : 0;
    return o;
  },
  '>=': (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] >= y[i] ? 1 : 0;
    return o;
  },
  '==': (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] === y[i] ? 1 : 0;
    return o;
  },
  '!=': (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] !== y[i] ? 1 : 0;
    return o;
  },
};

function withConstRight(op: BinaryOp, a: ColumnFn, c: number): ColumnFn {
  // The common shapes (x * 100, x / 8, x - 1) get their own loops; the rest reuse a filled column.
  switch (op) {
    case '*':
      return (cols, n) => {
        const x = a(cols, n);
        const o = new Float64Array(n);
        for (let i = 0; i < n; i++) o[i] = x[i] * c;
        return o;
      };
    case '/':
      return (cols, n) => {
        const x = a(cols, n);
        const o = new Float64Array(n);
        for (let i = 0; i < n; i++) o[i] = x[i] / c;
        return o;
      };
    case '+':
      return (cols, n) => {
        const x = a(cols, n);
        const o = new Float64Array(n);
        for (let i = 0; i < n; i++) o[i] = x[i] + c;
        return o;
      };
    case '-':
      return (cols, n) => {
        const x = a(cols, n);
        const o = new Float64Array(n);
        for (let i = 0; i < n; i++) o[i] = x[i] - c;
        return o;
      };
    default: {
      const loop = COLUMN_LOOPS[op];
      return (cols, n) => loop(a(cols, n), new Float64Array(n).fill(c), new Float64Array(n), n);
    }
  }
}

function withConstLeft(op: BinaryOp, c: number, b: ColumnFn): ColumnFn {
  const loop = COLUMN_LOOPS[op];
  return (cols, n) => loop(new Float64Array(n).fill(c), b(cols, n), new Float64Array(n), n);
}

function call(fn: string, argExprs: Expr[], slotOf: (name: string) => number): ColumnFn {
  const args = argExprs.map((a) => compileColumns(a, slotOf));
  const unary = (f: (x: number) => number): ColumnFn => {
    const a = args[0];
    return (cols, n) => {
      const x = a(cols, n);
      const o = new Float64Array(n);
      for (let i = 0; i < n; i++) o[i] = f(x[i]);
      return o;
    };
  };
  switch (fn) {
    case 'abs':
      return unary(Math.abs);
    case 'floor':
      return unary(Math.floor);
    case 'ceil':
      return unary(Math.ceil);
    case 'sqrt':
      return unary(Math.sqrt);
    case 'exp':
      return unary(Math.exp);
    case 'round':
      if (args.length === 1) return unary((x) => roundHalfAwayFromZero(x, 0));
      return pairwise(args[0], args[1], (x, d) => roundHalfAwayFromZero(x, d));
    case 'log':
      if (args.length === 1) return unary(Math.log);
      return pairwise(args[0], args[1], (x, b) => Math.log(x) / Math.log(b));
    case 'min':
    case 'max': {
      const pick = fn === 'min' ? Math.min : Math.max;
      return (cols, n) => {
        const o = Float64Array.from(args[0](cols, n).subarray(0, n));
        for (let j = 1; j < args.length; j++) {
          const y = args[j](cols, n);
          for (let i = 0; i < n; i++) o[i] = pick(o[i], y[i]);
        }
        return o;
      };
    }
    default:
      throw new Error(`unreachable: function ${fn} passed the whitelist but has no implementation`);
  }
}

function pairwise(a: ColumnFn, b: ColumnFn, f: (x: number, y: number) => number): ColumnFn {
  return (cols, n) => {
    const x = a(cols, n);
    const y = b(cols, n);
    const o = new Float64Array(n);
    for (let i = 0; i < n; i++) o[i] = f(x[i], y[i]);
    return o;
  };
}

function applyBinary(op: BinaryOp, x: number, y: number): number {
  const one = new Float64Array([x]);
  const two = new Float64Array([y]);
  return COLUMN_LOOPS[op](one, two, new Float64Array(1), 1)[0];
}

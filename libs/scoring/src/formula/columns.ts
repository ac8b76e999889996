// Compiles a checked formula into plain closures that evaluate it for a whole column of staff at once.
//
// Why columns: a tree of per-staff closures pays a megamorphic call per node per staff member; here each
// node runs one tight, monomorphic loop over a Float64Array, so the per-node dispatch cost is paid once per
// chunk instead of once per person. No eval, no new Function, no mathjs on the hot path.
import { Arena } from '../arena';
import { roundHalfAwayFromZero } from '../rounding';
import { BinaryOp, Expr } from './expr';

/**
 * Where a formula reads its inputs: one column per input slot, rows [0, n). A column handed out must not
 * be written to; it may be a buffer of the arena or the caller's own array.
 */
export interface ColumnSource {
  column(slot: number, n: number, ws: Arena): Float64Array;
}

/** Evaluates the formula for rows [0, n); the result may be an input column itself (a bare symbol). */
export type ColumnFn = (src: ColumnSource, n: number, ws: Arena) => Float64Array;

/** Inputs already laid out as columns (documents: built from the staff members' input objects). */
export class ColumnsSource implements ColumnSource {
  constructor(private readonly cols: readonly Float64Array[]) {}
  column(slot: number): Float64Array {
    return this.cols[slot];
  }
}

/**
 * Inputs as a row-major matrix (one row per staff member, one column per input): a column is copied out
 * of the rows the first time a formula of the chunk asks for it.
 */
export class RowsSource implements ColumnSource {
  constructor(
    private readonly matrix: Float64Array,
    private readonly base: number,
    private readonly width: number,
  ) {}
  private readonly copied = new Map<number, Float64Array>();

  column(slot: number, n: number, ws: Arena): Float64Array {
    let out = this.copied.get(slot);
    if (out === undefined) {
      out = ws.f64(n);
      copyStrided(this.matrix, this.base + slot, this.width, out, n);
      this.copied.set(slot, out);
    }
    return out;
  }
}

function copyStrided(m: Float64Array, start: number, stride: number, out: Float64Array, n: number): void {
  for (let i = 0, p = start; i < n; i++, p += stride) out[i] = m[p];
}

/**
 * A column holding one number, filled once and kept (columns handed out are never written to); only a
 * request longer than any before fills a new one.
 */
function constantColumn(v: number): ColumnFn {
  let col = new Float64Array(0);
  return (_src, n) => {
    if (col.length < n) col = new Float64Array(n).fill(v);
    return col.length === n ? col : col.subarray(0, n);
  };
}

/** @param slotOf maps a variable name to its column index. */
export function compileColumns(e: Expr, slotOf: (name: string) => number): ColumnFn {
  switch (e.k) {
    case 'num': {
      const v = e.v;
      return constantColumn(v);
    }
    case 'sym': {
      const slot = slotOf(e.name);
      return (src, n, ws) => src.column(slot, n, ws);
    }
    case 'neg': {
      const a = compileColumns(e.a, slotOf);
      return (src, n, ws) => {
        const x = a(src, n, ws);
        const out = ws.f64(n);
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
      return (src, n, ws) => {
        const cv = c(src, n, ws);
        const tv = t(src, n, ws);
        const fv = f(src, n, ws);
        const out = ws.f64(n);
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
    return constantColumn(v);
  }
  if (eb.k === 'num') return withConstRight(op, compileColumns(ea, slotOf), eb.v);
  if (ea.k === 'num') return withConstLeft(op, ea.v, compileColumns(eb, slotOf));
  const a = compileColumns(ea, slotOf);
  const b = compileColumns(eb, slotOf);
  const loop = COLUMN_LOOPS[op];
  return (src, n, ws) => loop(a(src, n, ws), b(src, n, ws), ws.f64(n), n);
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
      return (src, n, ws) => {
        const x = a(src, n, ws);
        const o = ws.f64(n);
        for (let i = 0; i < n; i++) o[i] = x[i] * c;
        return o;
      };
    case '/':
      return (src, n, ws) => {
        const x = a(src, n, ws);
        const o = ws.f64(n);
        for (let i = 0; i < n; i++) o[i] = x[i] / c;
        return o;
      };
    case '+':
      return (src, n, ws) => {
        const x = a(src, n, ws);
        const o = ws.f64(n);
        for (let i = 0; i < n; i++) o[i] = x[i] + c;
        return o;
      };
    case '-':
      return (src, n, ws) => {
        const x = a(src, n, ws);
        const o = ws.f64(n);
        for (let i = 0; i < n; i++) o[i] = x[i] - c;
        return o;
      };
    default: {
      const loop = COLUMN_LOOPS[op];
      const k = constantColumn(c);
      return (src, n, ws) => loop(a(src, n, ws), k(src, n, ws), ws.f64(n), n);
    }
  }
}

function withConstLeft(op: BinaryOp, c: number, b: ColumnFn): ColumnFn {
  const loop = COLUMN_LOOPS[op];
  const k = constantColumn(c);
  return (src, n, ws) => loop(k(src, n, ws), b(src, n, ws), ws.f64(n), n);
}

function call(fn: string, argExprs: Expr[], slotOf: (name: string) => number): ColumnFn {
  const args = argExprs.map((a) => compileColumns(a, slotOf));
  const [a, b] = args;
  // Each function gets its own loop calling Math.* directly: V8 inlines those calls, where a shared loop
  // calling a function value could not (and would box every result).
  switch (fn) {
    case 'abs':
      return (src, n, ws) => {
        const x = a(src, n, ws);
        const o = ws.f64(n);
        for (let i = 0; i < n; i++) o[i] = Math.abs(x[i]);
        return o;
      };
    case 'floor':
      return (src, n, ws) => {
        const x = a(src, n, ws);
        const o = ws.f64(n);
        for (let i = 0; i < n; i++) o[i] = Math.floor(x[i]);
        return o;
      };
    case 'ceil':
      return (src, n, ws) => {
        const x = a(src, n, ws);
        const o = ws.f64(n);
        for (let i = 0; i < n; i++) o[i] = Math.ceil(x[i]);
        return o;
      };
    case 'sqrt':
      return (src, n, ws) => {
        const x = a(src, n, ws);
        const o = ws.f64(n);
        for (let i = 0; i < n; i++) o[i] = Math.sqrt(x[i]);
        return o;
      };
    case 'exp':
      return (src, n, ws) => {
        const x = a(src, n, ws);
        const o = ws.f64(n);
        for (let i = 0; i < n; i++) o[i] = Math.exp(x[i]);
        return o;
      };
    case 'log':
      if (!b) {
        return (src, n, ws) => {
          const x = a(src, n, ws);
          const o = ws.f64(n);
          for (let i = 0; i < n; i++) o[i] = Math.log(x[i]);
          return o;
        };
      }
      return (src, n, ws) => {
        const x = a(src, n, ws);
        const y = b(src, n, ws);
        const o = ws.f64(n);
        for (let i = 0; i < n; i++) o[i] = Math.log(x[i]) / Math.log(y[i]);
        return o;
      };
    case 'round':
      // Half away from zero, like mathjs; with a second argument, to that many decimals.
      return (src, n, ws) => {
        const x = a(src, n, ws);
        const d = b ? b(src, n, ws) : undefined;
        const o = ws.f64(n);
        for (let i = 0; i < n; i++) o[i] = roundHalfAwayFromZero(x[i], d ? d[i] : 0);
        return o;
      };
    case 'min':
      return (src, n, ws) => {
        const o = ws.f64(n);
        o.set(a(src, n, ws).subarray(0, n));
        for (let j = 1; j < args.length; j++) {
          const y = args[j](src, n, ws);
          for (let i = 0; i < n; i++) o[i] = Math.min(o[i], y[i]);
        }
        return o;
      };
    case 'max':
      return (src, n, ws) => {
        const o = ws.f64(n);
        o.set(a(src, n, ws).subarray(0, n));
        for (let j = 1; j < args.length; j++) {
          const y = args[j](src, n, ws);
          for (let i = 0; i < n; i++) o[i] = Math.max(o[i], y[i]);
        }
        return o;
      };
    default:
      throw new Error(`unreachable: function ${fn} passed the whitelist but has no implementation`);
  }
}

function applyBinary(op: BinaryOp, x: number, y: number): number {
  const one = new Float64Array([x]);
  const two = new Float64Array([y]);
  return COLUMN_LOOPS[op](one, two, new Float64Array(1), 1)[0];
}

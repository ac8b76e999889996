// Compiles a checked formula into plain closures that evaluate it for a whole column of staff at once.
//
// Why columns: a tree of per-staff closures pays a megamorphic call per node per staff member; here each
// node runs one tight, monomorphic loop over a Float64Array, so the per-node dispatch cost is paid once per
// chunk instead of once per person. No eval, no new Function, no mathjs on the hot path.
import { Arena } from '../arena';
import { ceil15, floor15, roundHalfAwayFromZero } from '../rounding';
import { BinaryOp, Expr, FunctionName } from './expr';

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
 * Inputs as a row-major matrix (one row per staff member, one column per input). The columns the set
 * reads are transposed once, row by row, into one block of the arena: reading each row once in order costs
 * a third of copying column by column, which walks the whole chunk once per input. When the set reads a
 * few inputs scattered over a wide matrix, each column is instead copied the first time a formula asks.
 */
export class RowsSource implements ColumnSource {
  private readonly copied = new Map<number, Float64Array>();
  private readonly first: number;
  private readonly block: Float64Array | null = null;

  /** @param slots the inputs the set reads, ascending. */
  constructor(
    private readonly matrix: Float64Array,
    private readonly base: number,
    private readonly width: number,
    n: number,
    slots: readonly number[],
    ws: Arena,
  ) {
    this.first = slots.length ? slots[0] : 0;
    const span = slots.length ? slots[slots.length - 1] - this.first + 1 : 0;
    if (span > 0 && span <= 2 * slots.length) {
      this.block = ws.block(span);
      transposeRows(matrix, base + this.first, width, span, this.block, ws.lead, n);
    }
  }

  column(slot: number, n: number, ws: Arena): Float64Array {
    let out = this.copied.get(slot);
    if (out === undefined) {
      const j = slot - this.first;
      if (this.block !== null && j >= 0 && j * ws.lead < this.block.length) {
        out = this.block.subarray(j * ws.lead, j * ws.lead + n);
      } else {
        out = ws.f64(n);
        copyStrided(this.matrix, this.base + slot, this.width, out, n);
      }
      this.copied.set(slot, out);
    }
    return out;
  }
}

/** Rows [0, n) of `span` matrix columns from `start` into column j at out[j·lead ..]. */
function transposeRows(
  m: Float64Array,
  start: number,
  width: number,
  span: number,
  out: Float64Array,
  lead: number,
  n: number,
): void {
  for (let i = 0, p = start; i < n; i++, p += width)
    for (let j = 0, q = i; j < span; j++, q += lead) out[q] = m[p + j];
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
    case 'num':
      return constantColumn(e.v);
    case 'sym': {
      const slot = slotOf(e.name);
      return (src, n, ws) => src.column(slot, n, ws);
    }
    case 'neg': {
      const a = compileColumns(e.a, slotOf);
      return (src, n, ws) => negate(a(src, n, ws), ws.f64(n), n);
    }
    case 'bin':
      return binary(e.op, e.a, e.b, slotOf);
    case 'cond': {
      const c = compileColumns(e.c, slotOf);
      const t = compileColumns(e.t, slotOf);
      const f = compileColumns(e.f, slotOf);
      return (src, n, ws) => select(c(src, n, ws), t(src, n, ws), f(src, n, ws), ws.f64(n), n);
    }
    case 'call':
      return call(e.fn, e.args, slotOf);
  }
}

// Every loop below is one top-level function that receives all it works on as arguments. Closures only
// dispatch to them: a loop inside a closure would be compiled per closure context, and the many closures
// sharing its code would run unoptimised (boxing every number) while one of them held the optimised code.

/** A binary node; a constant operand is passed as a number instead of materialised as a column. */
function binary(op: BinaryOp, ea: Expr, eb: Expr, slotOf: (name: string) => number): ColumnFn {
  if (ea.k === 'num' && eb.k === 'num') return constantColumn(applyBinary(op, ea.v, eb.v));
  if (eb.k === 'num') {
    const a = compileColumns(ea, slotOf);
    const c = eb.v;
    const loop = CONST_RIGHT[op];
    return (src, n, ws) => loop(a(src, n, ws), c, ws.f64(n), n);
  }
  if (ea.k === 'num') {
    const c = ea.v;
    const b = compileColumns(eb, slotOf);
    const loop = CONST_LEFT[op];
    return (src, n, ws) => loop(c, b(src, n, ws), ws.f64(n), n);
  }
  const a = compileColumns(ea, slotOf);
  const b = compileColumns(eb, slotOf);
  const loop = COLUMN_LOOPS[op];
  return (src, n, ws) => loop(a(src, n, ws), b(src, n, ws), ws.f64(n), n);
}

type Loop = (x: Float64Array, y: Float64Array, out: Float64Array, n: number) => Float64Array;
type ConstRightLoop = (x: Float64Array, c: number, out: Float64Array, n: number) => Float64Array;
type ConstLeftLoop = (c: number, y: Float64Array, out: Float64Array, n: number) => Float64Array;

// One loop per operator and operand shape, so each stays monomorphic.
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

const CONST_RIGHT: Record<BinaryOp, ConstRightLoop> = {
  '+': (x, c, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] + c;
    return o;
  },
  '-': (x, c, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] - c;
    return o;
  },
  '*': (x, c, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] * c;
    return o;
  },
  '/': (x, c, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] / c;
    return o;
  },
  '^': (x, c, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.pow(x[i], c);
    return o;
  },
  '<': (x, c, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] < c ? 1 : 0;
    return o;
  },
  '>': (x, c, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] > c ? 1 : 0;
    return o;
  },
  '<=': (x, c, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] <= c ? 1 : 0;
    return o;
  },
  '>=': (x, c, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] >= c ? 1 : 0;
    return o;
  },
  '==': (x, c, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] === c ? 1 : 0;
    return o;
  },
  '!=': (x, c, o, n) => {
    for (let i = 0; i < n; i++) o[i] = x[i] !== c ? 1 : 0;
    return o;
  },
};

// A constant on the left: the commutative operators reuse their right-hand loops.
const CONST_LEFT: Record<BinaryOp, ConstLeftLoop> = {
  '+': (c, y, o, n) => CONST_RIGHT['+'](y, c, o, n),
  '*': (c, y, o, n) => CONST_RIGHT['*'](y, c, o, n),
  '==': (c, y, o, n) => CONST_RIGHT['=='](y, c, o, n),
  '!=': (c, y, o, n) => CONST_RIGHT['!='](y, c, o, n),
  '<': (c, y, o, n) => CONST_RIGHT['>'](y, c, o, n),
  '>': (c, y, o, n) => CONST_RIGHT['<'](y, c, o, n),
  '<=': (c, y, o, n) => CONST_RIGHT['>='](y, c, o, n),
  '>=': (c, y, o, n) => CONST_RIGHT['<='](y, c, o, n),
  '-': (c, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = c - y[i];
    return o;
  },
  '/': (c, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = c / y[i];
    return o;
  },
  '^': (c, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.pow(c, y[i]);
    return o;
  },
};

function negate(x: Float64Array, o: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) o[i] = -x[i];
  return o;
}

/** `c ? t : f`; a NaN condition is falsy, as in mathjs. */
function select(c: Float64Array, t: Float64Array, f: Float64Array, o: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) o[i] = c[i] ? t[i] : f[i];
  return o;
}

type Unary = (x: Float64Array, o: Float64Array, n: number) => Float64Array;

// Each function gets its own loop, which V8 inlines; floor and ceil snap to 15 digits first (rounding.ts).
const UNARY: Record<'abs' | 'floor' | 'ceil' | 'sqrt' | 'exp' | 'log', Unary> = {
  abs: (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.abs(x[i]);
    return o;
  },
  floor: (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = floor15(x[i]);
    return o;
  },
  ceil: (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = ceil15(x[i]);
    return o;
  },
  sqrt: (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.sqrt(x[i]);
    return o;
  },
  exp: (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.exp(x[i]);
    return o;
  },
  log: (x, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Math.log(x[i]);
    return o;
  },
};

function logBase(x: Float64Array, b: Float64Array, o: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) o[i] = Math.log(x[i]) / Math.log(b[i]);
  return o;
}

/** Half away from zero, like mathjs; `d` gives the decimals per row (0 without a second argument). */
function roundColumn(x: Float64Array, d: Float64Array | null, o: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) o[i] = roundHalfAwayFromZero(x[i], d === null ? 0 : d[i]);
  return o;
}

function minInto(o: Float64Array, y: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) o[i] = Math.min(o[i], y[i]);
}

function maxInto(o: Float64Array, y: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) o[i] = Math.max(o[i], y[i]);
}

function call(fn: FunctionName, argExprs: Expr[], slotOf: (name: string) => number): ColumnFn {
  const args = argExprs.map((a) => compileColumns(a, slotOf));
  const [a, b] = args;
  switch (fn) {
    case 'abs':
    case 'floor':
    case 'ceil':
    case 'sqrt':
    case 'exp': {
      const loop = UNARY[fn];
      return (src, n, ws) => loop(a(src, n, ws), ws.f64(n), n);
    }
    case 'log': {
      if (b) return (src, n, ws) => logBase(a(src, n, ws), b(src, n, ws), ws.f64(n), n);
      const loop = UNARY.log;
      return (src, n, ws) => loop(a(src, n, ws), ws.f64(n), n);
    }
    case 'round':
      return (src, n, ws) => roundColumn(a(src, n, ws), b ? b(src, n, ws) : null, ws.f64(n), n);
    case 'min':
    case 'max': {
      const into = fn === 'min' ? minInto : maxInto;
      return (src, n, ws) => {
        const o = ws.f64(n);
        o.set(a(src, n, ws).subarray(0, n));
        for (let j = 1; j < args.length; j++) into(o, args[j](src, n, ws), n);
        return o;
      };
    }
  }
}

function applyBinary(op: BinaryOp, x: number, y: number): number {
  return COLUMN_LOOPS[op](new Float64Array([x]), new Float64Array([y]), new Float64Array(1), 1)[0];
}

// Formula parsing: mathjs parses the text, then a whitelist walk turns the mathjs AST into our own
// small expression tree. Nothing from mathjs is ever evaluated; anything outside the whitelist of
// docs/FORMAT.md ("Formulas") is refused here with the offending token named.
import { create, parseDependencies } from 'mathjs/number';
import { problemMessage, ProblemCode, ProblemParams } from '../problem-codes';

// A minimal mathjs instance holding only the parser: loads in a fraction of the full bundle's time, and
// offers no evaluation functions at all.
const { parse } = create({ parseDependencies });

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '<' | '>' | '<=' | '>=' | '==' | '!=';
export type FunctionName = 'min' | 'max' | 'abs' | 'round' | 'floor' | 'ceil' | 'sqrt' | 'log' | 'exp';

export type Expr =
  | { k: 'num'; v: number }
  | { k: 'sym'; name: string }
  | { k: 'neg'; a: Expr }
  | { k: 'bin'; op: BinaryOp; a: Expr; b: Expr }
  | { k: 'cond'; c: Expr; t: Expr; f: Expr }
  | { k: 'call'; fn: FunctionName; args: Expr[] };

/** mathjs operator function name → our operator. Everything else (mod, factorial, and, or, …) is refused. */
const OPERATORS: ReadonlyMap<string, BinaryOp> = new Map([
  ['add', '+'],
  ['subtract', '-'],
  ['multiply', '*'],
  ['divide', '/'],
  ['pow', '^'],
  ['smaller', '<'],
  ['larger', '>'],
  ['smallerEq', '<='],
  ['largerEq', '>='],
  ['equal', '=='],
  ['unequal', '!='],
]);

/** Allowed functions with their accepted argument counts [min, max]. */
const FUNCTIONS: ReadonlyMap<string, readonly [number, number]> = new Map([
  ['min', [1, Infinity]],
  ['max', [1, Infinity]],
  ['abs', [1, 1]],
  ['round', [1, 2]],
  ['floor', [1, 1]],
  ['ceil', [1, 1]],
  ['sqrt', [1, 1]],
  ['log', [1, 2]],
  ['exp', [1, 1]],
] as const);

/** Formulas longer than this are refused before parsing (keeps the parser's recursion bounded). */
export const MAX_FORMULA_LENGTH = 2000;
const MAX_DEPTH = 100;

/** A formula refused, with the stable code of why (./problem-codes.ts) and the values it quotes. */
export class FormulaError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly params: ProblemParams = {},
  ) {
    super(problemMessage(code, params));
  }
}

/** Minimal structural view of the mathjs nodes we read; everything is checked at run time. */
interface MathNodeLike {
  type: string;
  [key: string]: unknown;
}

/**
 * Parse a formula and check it against the whitelist.
 * @param isSymbol tells whether a name is a declared variable (input code, or a money variable).
 * @throws FormulaError naming the offending token.
 */
export function parseFormula(text: unknown, isSymbol: (name: string) => boolean): Expr {
  if (typeof text !== 'string') throw new FormulaError('FORMULA_NOT_STRING');
  if (text.trim() === '') throw new FormulaError('FORMULA_EMPTY');
  if (text.length > MAX_FORMULA_LENGTH) {
    throw new FormulaError('FORMULA_TOO_LONG', { max: MAX_FORMULA_LENGTH });
  }
  let root: MathNodeLike;
  try {
    root = parse(text) as unknown as MathNodeLike;
  } catch (e) {
    throw new FormulaError('FORMULA_SYNTAX', { detail: (e as Error).message });
  }
  return convert(root, isSymbol, 0);
}

function convert(node: MathNodeLike, isSymbol: (name: string) => boolean, depth: number): Expr {
  if (depth > MAX_DEPTH) throw new FormulaError('FORMULA_TOO_DEEP', { max: MAX_DEPTH });
  const sub = (n: unknown) => convert(n as MathNodeLike, isSymbol, depth + 1);
  switch (node.type) {
    case 'ConstantNode': {
      const v = node.value;
      if (typeof v !== 'number') throw describeConstant(v);
      if (!Number.isFinite(v)) throw new FormulaError('FORMULA_NOT_FINITE');
      return { k: 'num', v };
    }
    case 'SymbolNode': {
      const name = String(node.name);
      if (!isSymbol(name)) throw new FormulaError('FORMULA_UNKNOWN_NAME', { name });
      return { k: 'sym', name };
    }
    case 'ParenthesisNode':
      return sub(node.content);
    case 'OperatorNode': {
      const fn = String(node.fn);
      const args = node.args as unknown[];
      if (fn === 'unaryMinus' && args.length === 1) return { k: 'neg', a: sub(args[0]) };
      const op = OPERATORS.get(fn);
      if (!op || args.length !== 2) throw new FormulaError('FORMULA_OPERATOR', { operator: String(node.op) });
      return { k: 'bin', op, a: sub(args[0]), b: sub(args[1]) };
    }
    case 'ConditionalNode':
      return { k: 'cond', c: sub(node.condition), t: sub(node.trueExpr), f: sub(node.falseExpr) };
    case 'FunctionNode': {
      const fnNode = node.fn as MathNodeLike;
      if (fnNode.type !== 'SymbolNode') throw new FormulaError('FORMULA_COMPUTED_CALL');
      const name = String(fnNode.name);
      const arity = FUNCTIONS.get(name);
      if (!arity) throw new FormulaError('FORMULA_FUNCTION', { function: name });
      const args = node.args as unknown[];
      if (args.length < arity[0] || args.length > arity[1]) {
        throw new FormulaError('FORMULA_ARITY', { function: name, count: args.length });
      }
      return { k: 'call', fn: name as FunctionName, args: args.map(sub) };
    }
    case 'AssignmentNode':
      throw new FormulaError('FORMULA_ASSIGNMENT');
    case 'FunctionAssignmentNode':
      throw new FormulaError('FORMULA_DEFINITION', { function: String(node.name) });
    case 'AccessorNode':
    case 'IndexNode':
      throw new FormulaError('FORMULA_ACCESS');
    case 'ObjectNode':
      throw new FormulaError('FORMULA_OBJECT');
    case 'ArrayNode':
    case 'RangeNode':
      throw new FormulaError('FORMULA_MATRIX');
    case 'BlockNode':
      throw new FormulaError('FORMULA_SEVERAL');
    default:
      throw new FormulaError('FORMULA_SYNTAX_NODE', { node: node.type });
  }
}

/** The refusal of a constant that is not a number (a string, true, null). */
function describeConstant(v: unknown): FormulaError {
  if (typeof v === 'string') return new FormulaError('FORMULA_STRING', { value: JSON.stringify(v) });
  return new FormulaError('FORMULA_CONSTANT', { value: String(v) });
}

/** Every variable name a formula reads, in first-use order. */
export function symbolsOf(e: Expr, out: string[] = []): string[] {
  switch (e.k) {
    case 'num':
      break;
    case 'sym':
      if (!out.includes(e.name)) out.push(e.name);
      break;
    case 'neg':
      symbolsOf(e.a, out);
      break;
    case 'bin':
      symbolsOf(e.a, out);
      symbolsOf(e.b, out);
      break;
    case 'cond':
      symbolsOf(e.c, out);
      symbolsOf(e.t, out);
      symbolsOf(e.f, out);
      break;
    case 'call':
      for (const a of e.args) symbolsOf(a, out);
      break;
  }
  return out;
}

/**
 * Whether a missing input (NaN) always makes the formula's value NaN. True for arithmetic and the allowed
 * functions; false once a comparison, a conditional or a power (NaN ^ 0 = 1) is involved. When true, the
 * scorer can detect missing values from the result alone instead of re-checking every input column.
 */
export function propagatesNaN(e: Expr): boolean {
  switch (e.k) {
    case 'num':
    case 'sym':
      return true;
    case 'neg':
      return propagatesNaN(e.a);
    case 'bin':
      return (
        (e.op === '+' || e.op === '-' || e.op === '*' || e.op === '/') &&
        propagatesNaN(e.a) &&
        propagatesNaN(e.b)
      );
    case 'cond':
      return false;
    case 'call':
      return e.args.every(propagatesNaN);
  }
}

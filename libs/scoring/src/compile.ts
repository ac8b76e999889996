// Turns a validated document's indicator sets into compiled sets: formulas as column closures over input
// slots, scoring parameters resolved, dimensions indexed. Done once per document, reused for every chunk.
import { GradeDef, IndicatorSetDef, InputDef, MissingPolicy, QuotasDef, Scoring, VetoDef } from './document';
import type { LocalName } from './local-name';
import { ColumnFn, compileColumns } from './formula/columns';
import { Expr, parseFormula, propagatesNaN, symbolsOf } from './formula/expr';

export interface CompiledIndicator {
  code: string;
  name: LocalName;
  dimension: string;
  dimIndex: number;
  weight: number;
  formula: string;
  expr: Expr;
  fn: ColumnFn;
  /** Input slots the formula reads; the indicator is missing when any has no value. */
  slots: number[];
  symbols: string[];
  /** The formula turns any missing input into NaN, so missing values show in the result alone. */
  nanPropagates: boolean;
  scoring: Scoring;
  missing: MissingPolicy;
  veto?: VetoDef;
}

export interface CompiledDimension {
  code: string;
  name: LocalName;
  weight: number;
  /** Indices of the dimension's indicators, in document order. */
  members: number[];
  /** Σ wᵢ over all its indicators, added in document order (what the roll-up gets when none is dropped). */
  weightSum: number;
}

export interface CompiledSet {
  code: string;
  name: LocalName;
  dimensions: CompiledDimension[];
  indicators: CompiledIndicator[];
  grades?: GradeDef[];
  /** Grade quotas over the set's staff (calibration.ts). */
  quotas?: QuotasDef;
  /** Slots read by any indicator of the set: only these columns are built. */
  slots: number[];
}

export interface InputSlots {
  codes: string[];
  index: Map<string, number>;
}

export function inputSlots(inputs: readonly InputDef[]): InputSlots {
  const codes = inputs.map((i) => i.code);
  return { codes, index: new Map(codes.map((c, i) => [c, i])) };
}

export function compileSet(set: IndicatorSetDef, slots: InputSlots): CompiledSet {
  const dimIndex = new Map(set.dimensions.map((d, i) => [d.code, i]));
  const used = new Set<number>();
  const indicators = set.indicators.map((ind): CompiledIndicator => {
    const expr = parseFormula(ind.formula, (s) => slots.index.has(s));
    const symbols = symbolsOf(expr);
    const indSlots = symbols.map((s) => slots.index.get(s)!);
    indSlots.forEach((s) => used.add(s));
    return {
      code: ind.code,
      name: ind.name,
      dimension: ind.dimension,
      dimIndex: dimIndex.get(ind.dimension)!,
      weight: ind.weight,
      formula: ind.formula,
      expr,
      fn: compileColumns(expr, (s) => slots.index.get(s)!),
      slots: indSlots,
      symbols,
      nanPropagates: propagatesNaN(expr),
      scoring: ind.scoring,
      missing: ind.missing ?? 'renormalize',
      veto: ind.veto,
    };
  });
  return {
    code: set.code,
    name: set.name,
    dimensions: set.dimensions.map((d) => {
      const members = indicators.flatMap((ind, k) => (ind.dimension === d.code ? [k] : []));
      let weightSum = 0;
      for (const k of members) weightSum += indicators[k].weight;
      return { code: d.code, name: d.name, weight: d.weight, members, weightSum };
    }),
    indicators,
    grades: set.grades,
    quotas: set.quotas,
    slots: [...used].sort((a, b) => a - b),
  };
}

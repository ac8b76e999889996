// The hot path: scores a block of staff who share one indicator set, column by column.
// Input: one Float64Array per input slot (NaN = no value). Output: typed arrays of values, scores,
// dimension scores and totals, from which results and explanations are built without recomputation.
//
// Every loop lives in a small function of its own: V8 then optimises each loop once and keeps it, where
// one large function with many loops would be entered through on-stack replacement and deoptimised again
// on every call.
import { Arena } from './arena';
import { CompiledSet } from './compile';
import { ColumnSource } from './formula/columns';
import { scoreColumn } from './methods';

export interface SetScores {
  n: number;
  /** Per indicator: the formula's value; meaningful only where `missing` is 0. */
  values: Float64Array[];
  /** Per indicator: raw score; NaN when missing under `renormalize`/`fail`, 0 under `zero`. */
  scores: Float64Array[];
  /** Per indicator: 1 when missing. */
  missing: Uint8Array[];
  /** Per dimension: Σ wᵢ over scored indicators (0 when the dimension is missing). */
  dimWeightSums: Float64Array[];
  /** Per dimension: weighted mean of its scored indicators (NaN when missing). */
  dimScores: Float64Array[];
  /** Σ W_d over present dimensions. */
  presentWeight: Float64Array;
  /** Total before veto (NaN when nothing could be scored). */
  rawTotals: Float64Array;
  /** Total after veto caps. */
  totals: Float64Array;
  /** 1 when some veto applied. */
  vetoed: Uint8Array;
  /** Index of the first indicator that is missing under policy `fail`, or -1. */
  failedAt: Int32Array;
}

/**
 * @param src the inputs, rows [0, n): only the set's `slots` are read.
 * @param ws working memory; with a shared arena the result stays valid until the arena is reset.
 */
export function scoreSetColumns(
  set: CompiledSet,
  src: ColumnSource,
  n: number,
  ws = new Arena(n),
): SetScores {
  const values: Float64Array[] = [];
  const scores: Float64Array[] = [];
  const missing: Uint8Array[] = [];
  const failedAt = ws.i32(n).fill(-1);
  const dimNum = set.dimensions.map(() => ws.f64(n).fill(0));
  // Per dimension: 1 where some indicator was dropped from the roll-up (missing, not under "zero").
  const dimDropped = set.dimensions.map(() => ws.u8(n).fill(0));

  const inds = set.indicators;
  for (let k = 0; k < inds.length; k++) {
    const ind = inds[k];
    const m = ws.u8(n).fill(0);
    // The formula's column: an arena buffer kept as the indicator's values, or an input column (only read).
    const raw = ind.fn(src, n, ws);
    // Missing also means a symbol without value, even one a conditional did not take.
    if (!ind.nanPropagates) for (const slot of ind.slots) markMissing(src.column(slot, n, ws), m, n);
    const s = scoreColumn(ind.scoring, raw, n, ws.f64(n));
    accumulate(
      raw,
      m,
      s,
      dimNum[ind.dimIndex],
      dimDropped[ind.dimIndex],
      ind.weight,
      ind.missing === 'zero',
      n,
    );
    if (ind.missing === 'fail') markFailed(m, failedAt, k, n);
    values.push(raw);
    scores.push(s);
    missing.push(m);
  }

  const totNum = ws.f64(n).fill(0);
  const presentWeight = ws.f64(n).fill(0);
  const dimDen = set.dimensions.map((dim, d) =>
    scoredWeights(
      dimDropped[d],
      dim.weightSum,
      Float64Array.from(dim.members, (k) => inds[k].weight),
      Uint8Array.from(dim.members, (k) => (inds[k].missing === 'zero' ? 1 : 0)),
      dim.members.map((k) => missing[k]),
      ws.f64(n),
      n,
    ),
  );
  const dimScores = set.dimensions.map((dim, d) =>
    rollUpDimension(dimNum[d], dimDen[d], dim.weight, ws.f64(n), totNum, presentWeight, n),
  );
  const rawTotals = ws.f64(n);
  const totals = ws.f64(n);
  divideTotals(totNum, presentWeight, rawTotals, totals, n);
  const vetoed = ws.u8(n).fill(0);
  for (let k = 0; k < inds.length; k++) {
    const veto = inds[k].veto;
    if (veto)
      applyVeto(
        values[k],
        missing[k],
        veto.atLeast ?? -Infinity,
        veto.atMost ?? Infinity,
        veto.cap,
        totals,
        vetoed,
        n,
      );
  }
  return {
    n,
    values,
    scores,
    missing,
    dimWeightSums: dimDen,
    dimScores,
    presentWeight,
    rawTotals,
    totals,
    vetoed,
    failedAt,
  };
}

function markMissing(col: Float64Array, m: Uint8Array, n: number): void {
  for (let i = 0; i < n; i++) if (col[i] !== col[i]) m[i] = 1;
}

/**
 * One fused pass: a non-finite value is missing; missing scores become NaN and are dropped from the
 * dimension (or 0 under "zero", keeping the weight); scored indicators add to their dimension's weighted
 * sum. The weights are summed afterwards (scoredWeights): adding them here, for every row and indicator,
 * cost a tenth of the engine's time.
 */
function accumulate(
  raw: Float64Array,
  m: Uint8Array,
  s: Float64Array,
  num: Float64Array,
  dropped: Uint8Array,
  w: number,
  zero: boolean,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const x = raw[i];
    if (m[i] === 1 || x - x !== 0) {
      m[i] = 1;
      if (!zero) {
        s[i] = NaN;
        dropped[i] = 1;
        continue;
      }
      s[i] = 0;
    }
    num[i] += w * s[i];
  }
}

/**
 * Σ wᵢ over the dimension's scored indicators, added in document order: the full sum where nothing was
 * dropped, otherwise added up again from the indicators' missing flags (the same additions in the same
 * order, so the same double).
 */
function scoredWeights(
  dropped: Uint8Array,
  weightSum: number,
  weights: Float64Array,
  zero: Uint8Array,
  missing: Uint8Array[],
  den: Float64Array,
  n: number,
): Float64Array {
  for (let i = 0; i < n; i++) den[i] = dropped[i] === 0 ? weightSum : sumScored(weights, zero, missing, i);
  return den;
}

function sumScored(weights: Float64Array, zero: Uint8Array, missing: Uint8Array[], i: number): number {
  let sum = 0;
  for (let j = 0; j < weights.length; j++) if (zero[j] === 1 || missing[j][i] === 0) sum += weights[j];
  return sum;
}

function markFailed(m: Uint8Array, failedAt: Int32Array, k: number, n: number): void {
  for (let i = 0; i < n; i++) if (m[i] === 1 && failedAt[i] < 0) failedAt[i] = k;
}

/** S_d = Σ wᵢsᵢ / Σ wᵢ (NaN when nothing in the dimension was scored); adds W_d·S_d to the total's sums. */
function rollUpDimension(
  num: Float64Array,
  den: Float64Array,
  W: number,
  sd: Float64Array,
  totNum: Float64Array,
  presentWeight: Float64Array,
  n: number,
): Float64Array {
  for (let i = 0; i < n; i++) {
    if (den[i] > 0) {
      const x = num[i] / den[i];
      sd[i] = x;
      totNum[i] += W * x;
      presentWeight[i] += W;
    } else sd[i] = NaN;
  }
  return sd;
}

function divideTotals(
  totNum: Float64Array,
  presentWeight: Float64Array,
  rawTotals: Float64Array,
  totals: Float64Array,
  n: number,
): void {
  for (let i = 0; i < n; i++)
    rawTotals[i] = totals[i] = presentWeight[i] > 0 ? totNum[i] / presentWeight[i] : NaN;
}

/** A veto caps the total when the (non-missing) value meets its condition. */
function applyVeto(
  val: Float64Array,
  m: Uint8Array,
  lo: number,
  hi: number,
  cap: number,
  totals: Float64Array,
  vetoed: Uint8Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const x = val[i];
    if (m[i] === 0 && x >= lo && x <= hi) {
      if (cap < totals[i]) totals[i] = cap;
      vetoed[i] = 1;
    }
  }
}

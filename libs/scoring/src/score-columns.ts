// The hot path: scores a block of staff who share one indicator set, column by column.
// Input: one Float64Array per input slot (NaN = no value). Output: typed arrays of values, scores,
// dimension scores and totals, from which results and explanations are built without recomputation.
import { CompiledSet } from './compile';
import { scoreColumn } from './methods';

export interface SetScores {
  n: number;
  /** Per indicator: raw formula value (NaN when missing). */
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
 * @param cols one column per input slot (only the set's `slots` are read), each of length ≥ n.
 */
export function scoreSetColumns(set: CompiledSet, cols: readonly Float64Array[], n: number): SetScores {
  const nd = set.dimensions.length;
  const values: Float64Array[] = [];
  const scores: Float64Array[] = [];
  const missing: Uint8Array[] = [];
  const failedAt = new Int32Array(n).fill(-1);
  const dimNum: Float64Array[] = [];
  const dimDen: Float64Array[] = [];
  for (let d = 0; d < nd; d++) {
    dimNum.push(new Float64Array(n));
    dimDen.push(new Float64Array(n));
  }

  set.indicators.forEach((ind, k) => {
    const v = ind.fn(cols, n);
    const m = new Uint8Array(n);
    // Missing: a symbol without value (even one a conditional did not take), or a non-finite result.
    for (let i = 0; i < n; i++) if (!Number.isFinite(v[i])) m[i] = 1;
    for (const slot of ind.slots) {
      const c = cols[slot];
      for (let i = 0; i < n; i++) if (c[i] !== c[i]) m[i] = 1;
    }
    const val = new Float64Array(n);
    for (let i = 0; i < n; i++) val[i] = m[i] ? NaN : v[i];
    const s = scoreColumn(ind.scoring, val, n);
    const num = dimNum[ind.dimIndex];
    const den = dimDen[ind.dimIndex];
    const w = ind.weight;
    if (ind.missing === 'zero') {
      for (let i = 0; i < n; i++) {
        if (m[i]) s[i] = 0;
        num[i] += w * s[i];
        den[i] += w;
      }
    } else {
      for (let i = 0; i < n; i++) {
        if (m[i]) continue;
        num[i] += w * s[i];
        den[i] += w;
      }
      if (ind.missing === 'fail') for (let i = 0; i < n; i++) if (m[i] && failedAt[i] < 0) failedAt[i] = k;
    }
    values.push(val);
    scores.push(s);
    missing.push(m);
  });

  const dimScores: Float64Array[] = [];
  const totNum = new Float64Array(n);
  const presentWeight = new Float64Array(n);
  set.dimensions.forEach((dim, d) => {
    const num = dimNum[d];
    const den = dimDen[d];
    const sd = new Float64Array(n);
    const W = dim.weight;
    for (let i = 0; i < n; i++) {
      if (den[i] > 0) {
        const x = num[i] / den[i];
        sd[i] = x;
        totNum[i] += W * x;
        presentWeight[i] += W;
      } else sd[i] = NaN;
    }
    dimScores.push(sd);
  });

  const rawTotals = new Float64Array(n);
  for (let i = 0; i < n; i++) rawTotals[i] = presentWeight[i] > 0 ? totNum[i] / presentWeight[i] : NaN;
  const totals = Float64Array.from(rawTotals);
  const vetoed = new Uint8Array(n);
  set.indicators.forEach((ind, k) => {
    const veto = ind.veto;
    if (!veto) return;
    const val = values[k];
    const lo = veto.atLeast ?? -Infinity;
    const hi = veto.atMost ?? Infinity;
    for (let i = 0; i < n; i++) {
      const x = val[i];
      if (x >= lo && x <= hi) {
        // NaN (missing) never satisfies the comparisons, so a missing indicator never vetoes.
        if (veto.cap < totals[i]) totals[i] = veto.cap;
        vetoed[i] = 1;
      }
    }
  });

  return { n, values, scores, missing, dimWeightSums: dimDen, dimScores, presentWeight, rawTotals, totals, vetoed, failedAt };
}

// The scoring methods of docs/FORMAT.md, each as one loop over a column of indicator values, plus the
// sentence that explains a single score. Parameters were checked by validateDocument (no zero divisors).
import { Scoring } from './document';
import { renderScore } from './explain-render';
import type { Lang } from './lang';

/**
 * Scores x[0..n) into `out` (a new column by default). NaN values (missing) give NaN scores; callers decide what that means.
 * Math.min/max propagate NaN, so the clamped methods keep missing values missing without a branch.
 */
export function scoreColumn(
  s: Scoring,
  x: Float64Array,
  n: number,
  out: Float64Array = new Float64Array(n),
): Float64Array {
  switch (s.method) {
    case 'linear': {
      const { worst, target } = s;
      const lo = s.floor ?? 0;
      const hi = s.cap ?? 100;
      // In the format's order of operations, so ties round exactly as the format's formula does.
      const span = target - worst;
      for (let i = 0; i < n; i++) out[i] = Math.min(hi, Math.max(lo, (100 * (x[i] - worst)) / span));
      return out;
    }
    case 'ratio': {
      const t = s.target;
      const lo = s.floor ?? 0;
      const hi = s.cap ?? 100;
      if (s.direction === 'lower') {
        for (let i = 0; i < n; i++) out[i] = Math.min(hi, Math.max(lo, 100 * (2 - x[i] / t)));
      } else {
        for (let i = 0; i < n; i++) out[i] = Math.min(hi, Math.max(lo, (100 * x[i]) / t));
      }
      return out;
    }
    case 'band': {
      const { low, high, tolerance } = s;
      for (let i = 0; i < n; i++) {
        const v = x[i];
        const d = v < low ? low - v : v > high ? v - high : 0;
        out[i] = d === 0 ? 100 : 100 * Math.max(0, 1 - d / tolerance);
        if (v !== v) out[i] = NaN; // keep missing values missing
      }
      return out;
    }
    case 'thresholds': {
      // Bounds as arrays (±Infinity where a step has none): one comparison pair per step, no lookups.
      const lo = Float64Array.from(s.steps, (st) => st.atLeast ?? -Infinity);
      const hi = Float64Array.from(s.steps, (st) => st.atMost ?? Infinity);
      const score = Float64Array.from(s.steps, (st) => st.score);
      return thresholds(x, lo, hi, score, out, n);
    }
    case 'efficacy': {
      const { satisfactory, unacceptable } = s;
      const lo = s.floor ?? 0;
      const hi = s.cap ?? 100;
      const span = satisfactory - unacceptable;
      for (let i = 0; i < n; i++)
        out[i] = Math.min(hi, Math.max(lo, 60 + (40 * (x[i] - unacceptable)) / span));
      return out;
    }
    case 'deduction': {
      const base = s.base ?? 100;
      const lo = s.floor ?? 0;
      const per = s.perUnit;
      for (let i = 0; i < n; i++) out[i] = Math.max(lo, base - per * x[i]);
      return out;
    }
    case 'direct': {
      const lo = s.floor ?? 0;
      const hi = s.cap ?? 100;
      for (let i = 0; i < n; i++) out[i] = Math.min(hi, Math.max(lo, x[i]));
      return out;
    }
  }
}

/** The first step whose condition holds; none → 0; NaN stays NaN. */
function thresholds(
  x: Float64Array,
  lo: Float64Array,
  hi: Float64Array,
  score: Float64Array,
  out: Float64Array,
  n: number,
): Float64Array {
  const steps = lo.length;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    let r = v !== v ? NaN : 0;
    for (let j = 0; j < steps; j++) {
      if (v >= lo[j] && v <= hi[j]) {
        r = score[j];
        break;
      }
    }
    out[i] = r;
  }
  return out;
}

/** One sentence saying how value x became score s (in English; explain-render.ts renders it in any language). */
export function explainScore(s: Scoring, x: number, score: number, lang: Lang = 'en'): string {
  return renderScore(s, x, score, lang);
}

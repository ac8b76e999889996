// The scoring methods of docs/FORMAT.md, each as one loop over a column of indicator values, plus the
// sentence that explains a single score. Parameters were checked by validateDocument (no zero divisors).
import { Scoring } from './document';
import { round2, round4 } from './rounding';

const fmt = (x: number): string => String(round4(x));

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

/** One sentence saying how value x became score s. */
export function explainScore(s: Scoring, x: number, score: number): string {
  const v = fmt(x);
  const r = String(round2(score));
  const clampNote = (lo: number, hi: number, raw: number) =>
    raw > hi ? `, capped at ${hi}` : raw < lo ? `, floored at ${lo}` : '';
  switch (s.method) {
    case 'linear': {
      const raw = (100 * (x - s.worst)) / (s.target - s.worst);
      return `linear from worst ${s.worst} to target ${s.target}: 100·(${v} − ${s.worst})/(${s.target} − ${s.worst}) = ${fmt(raw)}${clampNote(s.floor ?? 0, s.cap ?? 100, raw)} → ${r}`;
    }
    case 'ratio': {
      if (s.direction === 'lower') {
        const raw = 100 * (2 - x / s.target);
        return `ratio to target ${s.target}, lower is better: 100·(2 − ${v}/${s.target}) = ${fmt(raw)}${clampNote(s.floor ?? 0, s.cap ?? 100, raw)} → ${r}`;
      }
      const raw = (100 * x) / s.target;
      return `ratio to target ${s.target}: 100·${v}/${s.target} = ${fmt(raw)}${clampNote(s.floor ?? 0, s.cap ?? 100, raw)} → ${r}`;
    }
    case 'band': {
      if (x >= s.low && x <= s.high) return `inside the band [${s.low}, ${s.high}] → 100`;
      const d = x < s.low ? s.low - x : x - s.high;
      return `${fmt(d)} outside the band [${s.low}, ${s.high}] with tolerance ${s.tolerance}: 100·max(0, 1 − ${fmt(d)}/${s.tolerance}) → ${r}`;
    }
    case 'thresholds': {
      const idx = s.steps.findIndex(
        (st) => (st.atLeast === undefined || x >= st.atLeast) && (st.atMost === undefined || x <= st.atMost),
      );
      if (idx < 0) return `no threshold step matches ${v} → 0`;
      const st = s.steps[idx];
      const cond = [
        st.atLeast !== undefined ? `≥ ${st.atLeast}` : '',
        st.atMost !== undefined ? `≤ ${st.atMost}` : '',
      ]
        .filter(Boolean)
        .join(' and ');
      return `threshold step ${idx + 1} (${cond || 'otherwise'}) matches ${v} → ${r}`;
    }
    case 'efficacy': {
      const raw = 60 + (40 * (x - s.unacceptable)) / (s.satisfactory - s.unacceptable);
      return `efficacy coefficient: 60 + 40·(${v} − ${s.unacceptable})/(${s.satisfactory} − ${s.unacceptable}) = ${fmt(raw)}${clampNote(s.floor ?? 0, s.cap ?? 100, raw)} → ${r}`;
    }
    case 'deduction': {
      const base = s.base ?? 100;
      const raw = base - s.perUnit * x;
      return `deduction: ${base} − ${s.perUnit}·${v} = ${fmt(raw)}${raw < (s.floor ?? 0) ? `, floored at ${s.floor ?? 0}` : ''} → ${r}`;
    }
    case 'direct':
      return `the value is the score${clampNote(s.floor ?? 0, s.cap ?? 100, x)} → ${r}`;
  }
}

// Output rounding of IEEE doubles, half away from zero (SCENARIO_FORMAT.md "Roll-up").
//
// Rounding is decided on the number's decimal reading, not on its binary expansion: 1.005 is stored as
// 1.00499999999999989…, and a person reading "1.005" expects 1.01. Cleaning the scaled value to 15
// significant digits removes the representation noise before the tie is decided.

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

export function roundHalfAwayFromZero(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  const f = POW10[decimals] ?? Math.pow(10, decimals);
  let scaled = Math.abs(x) * f;
  // Only values within noise of a tie need the (slower) decimal clean-up.
  const frac = scaled - Math.floor(scaled);
  if (Math.abs(frac - 0.5) < 1e-6) scaled = Number(scaled.toPrecision(15));
  const r = Math.round(scaled) / f; // Math.round on a non-negative value rounds halves up = away from zero
  const signed = x < 0 ? -r : r;
  return signed === 0 ? 0 : signed; // never -0 in output
}

/** Scores, totals, dimension scores and contributions. */
export const round2 = (x: number): number => roundHalfAwayFromZero(x, 2);
/** Indicator values, points and effective weights. */
export const round4 = (x: number): number => roundHalfAwayFromZero(x, 4);

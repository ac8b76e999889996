// Rounding of IEEE doubles as a person reading the decimals expects (docs/FORMAT.md "Formulas", "Roll-up").
//
// Rounding is decided on the number's decimal reading, not on its binary expansion: 1.005 is stored as
// 1.00499999999999989…, and a person reading "1.005" expects 1.01; 7 / 50 * 100 is the double
// 14.000000000000002, and a person (or a spreadsheet) reading 14 expects ceil to give 14. So a value is first
// snapped to 15 significant digits, the most a double always holds exactly. Snapping costs a toPrecision, so
// it is done only where it can change the outcome: near a tie, or near an integer for floor and ceil.

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/** `x` as its 15-significant-digit decimal reading (what a spreadsheet shows). */
export function snap15(x: number): number {
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(15)) : x;
}

// Snapping moves x by at most half a unit of its 15th digit, |x|·5e-15; a margin of 1e-14 finds every such case.
const near = (distance: number, x: number): boolean => distance <= Math.abs(x) * 1e-14;

/** floor of the snapped value: `floor(14.000000000000002)` is 14, and so is `floor(13.999999999999998)`. */
export function floor15(x: number): number {
  const f = Math.floor(x);
  return near(x - f, x) || near(f + 1 - x, x) ? Math.floor(snap15(x)) : f;
}

/** ceil of the snapped value: `ceil(7 / 50 * 100)` is 14. */
export function ceil15(x: number): number {
  const c = Math.ceil(x);
  return near(c - x, x) || near(x - (c - 1), x) ? Math.ceil(snap15(x)) : c;
}

/**
 * Half away from zero to `decimals` places (an integer from −15 to 15; negative rounds to tens, hundreds…),
 * decided on the 15-digit reading of `x`. Used for output rounding and by the formula function `round`.
 */
export function roundHalfAwayFromZero(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  if (decimals < 0) {
    // Divide by an exact power of ten (10^-2 is not exact), round, multiply back.
    const f = Math.pow(10, -decimals);
    const r = Math.round(Math.abs(snap15(x)) / f) * f;
    const signed = x < 0 ? -r : r;
    return signed === 0 ? 0 : signed;
  }
  return roundPlaces(x, POW10[decimals] ?? Math.pow(10, decimals));
}

/**
 * Half away from zero to the places of `f` (10 to the power of 0 or more decimals), `x` finite: apart from the
 * rest of roundHalfAwayFromZero, so that round2 and round4 (called about a hundred times for each person a run
 * scores) stay small enough to be inlined.
 */
function roundPlaces(x: number, f: number): number {
  let scaled = Math.abs(x) * f;
  // Only values within noise of a tie need the (slower) decimal clean-up.
  if (Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6) {
    scaled = Math.abs(snap15(x)) * f;
    if (Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6) scaled = Number(scaled.toPrecision(15));
  }
  const r = Math.round(scaled) / f; // Math.round on a non-negative value rounds halves up = away from zero
  const signed = x < 0 ? -r : r;
  return signed === 0 ? 0 : signed; // never -0 in output
}

/** Scores, totals, dimension scores and contributions. */
export const round2 = (x: number): number => (Number.isFinite(x) ? roundPlaces(x, 100) : x);
/** Indicator values, points and effective weights. */
export const round4 = (x: number): number => (Number.isFinite(x) ? roundPlaces(x, 10000) : x);

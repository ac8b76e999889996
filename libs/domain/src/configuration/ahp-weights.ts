// AHP weights as a set's weights: percentages with two decimals that add up to exactly 100, so that HR can apply
// them to a set's dimensions (or the indicators of one dimension), whose weights must add up to 100. Rounding each
// weight on its own can give 99.99 or 100.01; here the hundredths are floored and the ones left over go one each to
// the largest remainders (ties to the earlier criterion), in integers, never summing binary fractions.

/** `weights` (fractions adding up to 1) as percentages with at most two decimals adding up to exactly 100. */
export function percentWeights(weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  if (!weights.length || !(total > 0)) return weights.map(() => 0);
  const exact = weights.map((w) => (w / total) * 10000);
  const hundredths = exact.map(Math.floor);
  let left = 10000 - hundredths.reduce((s, h) => s + h, 0);
  const order = exact
    .map((x, i) => ({ i, rest: x - Math.floor(x) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    hundredths[i]++;
    left--;
  }
  return hundredths.map((h) => h / 100);
}

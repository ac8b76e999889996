// percentWeights: AHP weights as percentages a set accepts — two decimals, adding up to exactly 100.
import { weightsFromPairwise } from '@app/scoring';
import { percentWeights } from './ahp-weights';

/** Adds hundredths as integers: a sum of binary fractions would hide an off-by-one-hundredth. */
const hundredths = (xs: number[]) => xs.reduce((s, x) => s + Math.round(x * 100), 0);

describe('percentWeights', () => {
  it('gives thirds as 33.34, 33.33, 33.33 (the leftover hundredth to the first of equal remainders)', () => {
    expect(percentWeights([1 / 3, 1 / 3, 1 / 3])).toEqual([33.34, 33.33, 33.33]);
  });

  it('adds up to exactly 100 where rounding each weight alone would not', () => {
    const w = [1 / 6, 1 / 6, 1 / 6, 1 / 2];
    expect(hundredths(w.map((x) => Math.round(x * 10000) / 100))).toBe(10001);
    const p = percentWeights(w);
    expect(hundredths(p)).toBe(10000);
    expect(p).toEqual([16.67, 16.67, 16.66, 50]);
  });

  it('adds up to exactly 100 for the weights of random consistent and inconsistent matrices', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const scale = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9];
    for (let k = 0; k < 200; k++) {
      const n = 2 + Math.floor(rand() * 8);
      const m = Array.from({ length: n }, () => new Array<number>(n).fill(1));
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) {
          m[i][j] = scale[Math.floor(rand() * scale.length)];
          m[j][i] = 1 / m[i][j];
        }
      const p = percentWeights(weightsFromPairwise(m).weights);
      expect(hundredths(p)).toBe(10000);
      for (const x of p) expect(Math.round(x * 100)).toBeCloseTo(x * 100, 9);
    }
  });

  it('gives zeros for nothing to share', () => {
    expect(percentWeights([0, 0])).toEqual([0, 0]);
    expect(percentWeights([])).toEqual([]);
  });
});

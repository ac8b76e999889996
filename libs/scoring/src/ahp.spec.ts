import { AhpInputError, RANDOM_INDEX, weightsFromPairwise } from './ahp';

describe('weightsFromPairwise (AHP)', () => {
  it('recovers the weights of a perfectly consistent matrix (a_ij = w_i / w_j)', () => {
    const w = [0.5, 0.3, 0.2];
    const m = w.map((wi) => w.map((wj) => wi / wj));
    const r = weightsFromPairwise(m);
    r.weights.forEach((x, i) => expect(x).toBeCloseTo(w[i], 10));
    expect(r.lambdaMax).toBeCloseTo(3, 10);
    expect(r.ci).toBeCloseTo(0, 10);
    expect(r.cr).toBeCloseTo(0, 10);
    expect(r.consistent).toBe(true);
  });

  it("matches Saaty's textbook example within 1e-3 and flags inconsistency above CR 0.10", () => {
    const r = weightsFromPairwise([
      [1, 3, 5],
      [1 / 3, 1, 3],
      [1 / 5, 1 / 3, 1],
    ]);
    expect(r.weights.map((x) => Number(x.toFixed(3)))).toEqual([0.637, 0.258, 0.105]);
    expect(r.lambdaMax).toBeCloseTo(3.0385, 3);
    expect(r.cr).toBeCloseTo(0.0332, 3);
    expect(r.consistent).toBe(true);
    const bad = weightsFromPairwise([
      [1, 9, 1 / 9],
      [1 / 9, 1, 9],
      [9, 1 / 9, 1],
    ]);
    expect(bad.cr).toBeGreaterThan(0.1);
    expect(bad.consistent).toBe(false);
  });

  it('weights sum to 1; n = 1 and 2 have CI = CR = 0', () => {
    expect(weightsFromPairwise([[1]])).toMatchObject({ weights: [1], ci: 0, cr: 0, consistent: true });
    const two = weightsFromPairwise([
      [1, 4],
      [0.25, 1],
    ]);
    expect(two.weights[0]).toBeCloseTo(0.8, 10);
    expect(two.weights.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    expect(two.cr).toBe(0);
  });

  it('uses the random index table 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49', () => {
    expect(RANDOM_INDEX).toEqual([0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]);
  });

  it.each([
    [[], /non-empty/],
    [[[1, 2]], /square/],
    [[[1, 2], [0.5]], /square/],
    [
      [
        [1, -2],
        [-0.5, 1],
      ],
      /positive/,
    ],
    [
      [
        [1, 0],
        [0, 1],
      ],
      /positive/,
    ],
    [
      [
        [1, 'a'],
        [1, 1],
      ],
      /positive/,
    ],
    [
      [
        [1, 3],
        [3, 1],
      ],
      /not reciprocal/,
    ],
    [
      [
        [2, 1],
        [1, 1],
      ],
      /must be 1/,
    ],
    [Array.from({ length: 11 }, () => Array.from({ length: 11 }, () => 1)), /at most 10/],
  ])('rejects %j', (m, msg) => {
    expect(() => weightsFromPairwise(m)).toThrow(AhpInputError);
    expect(() => weightsFromPairwise(m)).toThrow(msg);
  });

  it('accepts reciprocals within 1e-6 (rounded entries such as 0.333333)', () => {
    expect(() =>
      weightsFromPairwise([
        [1, 3],
        [0.333333, 1],
      ]),
    ).not.toThrow();
  });
});

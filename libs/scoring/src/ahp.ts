// AHP weights (analytic hierarchy process): the principal eigenvector of a pairwise comparison matrix,
// with Saaty's consistency check. CI = (λmax − n)/(n − 1), CR = CI/RI, consistent when CR ≤ 0.10.

/** Saaty's random consistency index for n = 1..10. */
export const RANDOM_INDEX = [0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49] as const;
const RECIPROCAL_TOLERANCE = 1e-6;
const CONVERGENCE = 1e-12;
const MAX_ITERATIONS = 100_000;

export interface AhpResult {
  weights: number[];
  lambdaMax: number;
  ci: number;
  cr: number;
  consistent: boolean;
}

export class AhpInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AhpInputError';
  }
}

/** @throws AhpInputError for a matrix that is not square, positive and reciprocal, or larger than 10×10. */
export function weightsFromPairwise(matrix: unknown): AhpResult {
  const a = checkMatrix(matrix);
  const n = a.length;
  // Power iteration from the uniform vector; A is positive, so it converges to the Perron vector.
  let w: number[] = new Array<number>(n).fill(1 / n);
  for (let iter = 0; ; iter++) {
    const aw = multiply(a, w);
    const sum = aw.reduce((s, x) => s + x, 0);
    const next = aw.map((x) => x / sum);
    const delta = Math.max(...next.map((x, i) => Math.abs(x - w[i])));
    w = next;
    if (delta < CONVERGENCE) break;
    if (iter >= MAX_ITERATIONS)
      throw new AhpInputError(`power iteration did not converge in ${MAX_ITERATIONS} steps`);
  }
  const aw = multiply(a, w);
  const lambdaMax = aw.reduce((s, x, i) => s + x / w[i], 0) / n;
  const ci = n > 2 ? (lambdaMax - n) / (n - 1) : 0;
  const ri = RANDOM_INDEX[n - 1];
  const cr = ri > 0 ? ci / ri : 0;
  return { weights: w, lambdaMax, ci, cr, consistent: cr <= 0.1 };
}

function multiply(a: number[][], w: number[]): number[] {
  return a.map((row) => row.reduce((s, x, j) => s + x * w[j], 0));
}

function checkMatrix(m: unknown): number[][] {
  if (!Array.isArray(m) || m.length === 0) throw new AhpInputError('matrix must be a non-empty list of rows');
  const n = m.length;
  if (n > RANDOM_INDEX.length) {
    throw new AhpInputError(
      `matrix is ${n}×${n}: at most ${RANDOM_INDEX.length} criteria (Saaty's random index stops at 10); group criteria into a hierarchy`,
    );
  }
  m.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== n) {
      throw new AhpInputError(
        `matrix must be square: row ${i + 1} has ${Array.isArray(row) ? row.length : 'no'} entries, expected ${n}`,
      );
    }
    row.forEach((x, j) => {
      if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) {
        throw new AhpInputError(`matrix[${i}][${j}] must be a positive number, got ${JSON.stringify(x)}`);
      }
    });
  });
  const a = m as number[][];
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      if (Math.abs(a[j][i] - 1 / a[i][j]) > RECIPROCAL_TOLERANCE) {
        throw new AhpInputError(
          i === j
            ? `matrix[${i}][${i}] must be 1 (a criterion compared with itself), got ${a[i][i]}`
            : `matrix is not reciprocal: matrix[${j}][${i}] = ${a[j][i]} but 1/matrix[${i}][${j}] = ${1 / a[i][j]}`,
        );
      }
    }
  }
  return a;
}

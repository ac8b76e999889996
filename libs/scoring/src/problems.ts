// A problem found in a document: where (a path such as `indicatorSets[0].indicators[3].formula`) and why, in
// English (`message`) and as a stable code with the values it quotes (`code`, `params`: ./problem-codes.ts).
import { coded, ProblemCode, ProblemParams } from './problem-codes';

export * from './problem-codes';

export interface Problem {
  path: string;
  message: string;
  /** Stable, UPPER_SNAKE (./problem-codes.ts; class-validator's constraint name for a DTO field). */
  code?: string;
  /** The values quoted in `message`, for the code's text in another language. */
  params?: ProblemParams;
}

/** A problem at `path` with its code, params and English message. */
export function problem(
  path: string,
  code: ProblemCode,
  params?: ProblemParams,
  around?: { before?: string; after?: string },
): Problem {
  return { path, ...coded(code, params, around) };
}

/** Thrown when a document does not validate; carries every problem found, not only the first. */
export class DocumentInvalidError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `the document has ${problems.length} problem(s): ${problems.map(formatProblem).slice(0, 3).join('; ')}`,
    );
    this.name = 'DocumentInvalidError';
  }
}

export function formatProblem(p: Problem): string {
  return p.path ? `${p.path}: ${p.message}` : p.message;
}

/** Joins path segments: `at('staff', 2, 'inputs')` → `staff[2].inputs`. */
export function at(...segments: (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (s === '') continue;
    else out += out ? `.${s}` : s;
  }
  return out;
}

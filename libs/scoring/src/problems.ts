// A problem found in a document: where (a path such as `indicatorSets[0].indicators[3].formula`) and why.

export interface Problem {
  path: string;
  message: string;
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

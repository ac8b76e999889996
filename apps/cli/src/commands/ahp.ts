import { AhpInputError, weightsFromPairwise } from '@app/scoring';
import { InputError } from '../cli-error';
import { readStructuredFile } from '../read-input';
import { Output } from '../output';

/** `scorecard ahp FILE` with FILE = {"labels"?: [...], "matrix": [[...]]}: weights and consistency as JSON. */
export function ahpCommand(file: string | undefined, out: Output): void {
  const input = readStructuredFile(file);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InputError(['the file must hold an object {"labels"?: [...], "matrix": [[...]]}']);
  }
  const { labels, matrix } = input as { labels?: unknown; matrix?: unknown };
  if (matrix === undefined) throw new InputError(['matrix: is required']);
  if (labels !== undefined) {
    const n = Array.isArray(matrix) ? matrix.length : -1;
    if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string') || labels.length !== n) {
      throw new InputError([`labels: must be a list of ${n} strings, one per matrix row`]);
    }
  }
  try {
    const r = weightsFromPairwise(matrix);
    out.out(JSON.stringify({ ...(labels ? { labels } : {}), ...r }, null, 2));
  } catch (e) {
    if (e instanceof AhpInputError) throw new InputError([e.message]);
    throw e;
  }
}

import { formatProblem, validateAnyDocument } from '@app/scoring';
import { InputError } from '../cli-error';
import { readStructuredFile } from '../read-input';
import { Output } from '../output';

/** `scorecard validate FILE`: prints `ok`, or every problem with its path (exit 2). */
export function validateCommand(file: string | undefined, out: Output): void {
  const report = validateAnyDocument(readStructuredFile(file));
  for (const w of report.warnings) out.err(`warning: ${formatProblem(w)}`);
  if (report.problems.length) throw new InputError(report.problems.map(formatProblem));
  out.out('ok');
}

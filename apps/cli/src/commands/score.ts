import { DocumentInvalidError, formatProblem, scoreDocument, validateDocument } from '@app/scoring';
import { InputError } from '../cli-error';
import { readStructuredFile } from '../read-input';
import { Output } from '../output';
import { resultTable } from '../table';

/** `scorecard score FILE [--table]`: the result JSON (only JSON) on stdout, or a readable table. */
export function scoreCommand(file: string | undefined, opts: { table: boolean }, out: Output): void {
  const doc = readStructuredFile(file);
  for (const w of validateDocument(doc).warnings) out.err(`warning: ${formatProblem(w)}`);
  try {
    const result = scoreDocument(doc);
    out.out(opts.table ? resultTable(result) : JSON.stringify(result, null, 2));
  } catch (e) {
    if (e instanceof DocumentInvalidError) throw new InputError(e.problems.map(formatProblem));
    throw e;
  }
}

import {
  DocumentInvalidError,
  formatProblem,
  isAppraisalDocument,
  scoreAppraisal,
  scoreDocument,
  validateAnyDocument,
} from '@app/scoring';
import { InputError } from '../cli-error';
import { readStructuredFile } from '../read-input';
import { Output } from '../output';
import { appraisalTable, resultTable } from '../table';

/**
 * `scorecard score FILE [--table]`: the result JSON (only JSON) on stdout, or a readable table. FILE is a month's
 * document or an appraisal document (a period above the month: docs/FORMAT.md), told apart by its `appraisal` key.
 */
export function scoreCommand(file: string | undefined, opts: { table: boolean }, out: Output): void {
  const doc = readStructuredFile(file);
  for (const w of validateAnyDocument(doc).warnings) out.err(`warning: ${formatProblem(w)}`);
  try {
    if (isAppraisalDocument(doc)) {
      const result = scoreAppraisal(doc);
      out.out(opts.table ? appraisalTable(result) : JSON.stringify(result, null, 2));
    } else {
      const result = scoreDocument(doc);
      out.out(opts.table ? resultTable(result) : JSON.stringify(result, null, 2));
    }
  } catch (e) {
    if (e instanceof DocumentInvalidError) throw new InputError(e.problems.map(formatProblem));
    throw e;
  }
}

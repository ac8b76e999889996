// Reads a document or AHP file from disk; the format follows the extension (.json / .yaml / .yml).
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { DocumentInvalidError, formatProblem, parseDocumentText } from '@app/scoring';
import { InputError } from './cli-error';

export function readStructuredFile(file: string | undefined): unknown {
  if (!file) throw new InputError(['a FILE argument is required']);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError([`${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`]);
  }
  const ext = extname(file).toLowerCase();
  try {
    return parseDocumentText(
      text,
      ext === '.json' ? 'json' : ext === '.yaml' || ext === '.yml' ? 'yaml' : undefined,
    );
  } catch (e) {
    if (e instanceof DocumentInvalidError)
      throw new InputError(e.problems.map((p) => `${file}: ${formatProblem(p)}`));
    throw e;
  }
}

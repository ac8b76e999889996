// Reads a scorecard document from JSON or YAML text (the same structure). Pure: the caller does the I/O.
import { parse as parseYaml } from 'yaml';
import { DOCUMENT_BUDGET, overBudget } from './parse-budget';
import { DocumentInvalidError } from './problems';

export type TextFormat = 'json' | 'yaml';

/** @throws DocumentInvalidError when the text is not valid JSON/YAML, or is over the document budget. */
export function parseDocumentText(text: string, format?: TextFormat): unknown {
  const value = parseText(text, format);
  const over = overBudget(value, DOCUMENT_BUDGET);
  if (over) throw new DocumentInvalidError([{ path: '', message: `the document is too large: ${over}` }]);
  return value;
}

function parseText(text: string, format?: TextFormat): unknown {
  const asJson = format === 'json' || (format === undefined && /^\s*[[{]/.test(text));
  if (asJson) {
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      if (format === 'json')
        throw new DocumentInvalidError([{ path: '', message: `not valid JSON: ${(e as Error).message}` }]);
      // A YAML flow mapping also starts with "{": fall through to the YAML parser.
    }
  }
  try {
    // Core schema: no custom tags, dates stay strings ("2026-10"); aliases are bounded against expansion bombs.
    return parseYaml(text, { schema: 'core', maxAliasCount: 1000, prettyErrors: true }) as unknown;
  } catch (e) {
    throw new DocumentInvalidError([{ path: '', message: `not valid YAML: ${(e as Error).message}` }]);
  }
}

// Reads a scorecard document from JSON or YAML text (the same structure). Pure: the caller does the I/O.
import { parse as parseYaml } from 'yaml';
import { DOCUMENT_BUDGET, overBudget, ParseBudget } from './parse-budget';
import { DocumentInvalidError, problem } from './problems';

export type TextFormat = 'json' | 'yaml';

/** @throws DocumentInvalidError when the text is not valid JSON/YAML, or is over the document budget. */
export function parseDocumentText(
  text: string,
  format?: TextFormat,
  budget: Readonly<ParseBudget> = DOCUMENT_BUDGET,
): unknown {
  const value = parseText(text, format);
  const over = overBudget(value, budget);
  if (over) {
    // The same two reasons overBudget gives, each with its code.
    const deep = over.startsWith('nested');
    throw new DocumentInvalidError([
      deep
        ? problem('', 'DOCUMENT_TOO_DEEP', { max: budget.maxDepth })
        : problem('', 'DOCUMENT_TOO_MANY_VALUES', { max: budget.maxNodes.toLocaleString('en') }),
    ]);
  }
  return value;
}

function parseText(text: string, format?: TextFormat): unknown {
  const asJson = format === 'json' || (format === undefined && /^\s*[[{]/.test(text));
  if (asJson) {
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      if (format === 'json')
        throw new DocumentInvalidError([problem('', 'NOT_JSON', { detail: (e as Error).message })]);
      // A YAML flow mapping also starts with "{": fall through to the YAML parser.
    }
  }
  try {
    // Core schema: no custom tags, dates stay strings ("2026-10"); aliases are bounded against expansion bombs.
    return parseYaml(text, { schema: 'core', maxAliasCount: 1000, prettyErrors: true }) as unknown;
  } catch (e) {
    throw new DocumentInvalidError([problem('', 'NOT_YAML', { detail: (e as Error).message })]);
  }
}

// The character sets of the codes people and systems give the service (staff codes, employee numbers, department,
// site, post type, indicator set and task codes), defined once for the API's DTOs and the document import. They
// keep codes safe wherever they travel (CSV and spreadsheet cells, file names, URLs, logs): no CR/LF, no
// spaces, nothing a spreadsheet reads as a formula (`=`, `+`, `@`, `-` cannot lead). Input codes keep the
// format's stricter rule (INPUT_CODE_RE: they are formula symbols). The scoring engine and the CLI accept any
// staff id: the restriction is the service's.

/** A code: a letter or digit, then up to 63 letters, digits, dots, dashes or underscores. */
export const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const CODE_RULE =
  'start with a letter or digit and use only letters, digits, dots, dashes or underscores (at most 64)';

/** An employee number: as a code, with `/` allowed after the first character (payroll systems use it). */
export const EMPLOYEE_NO_RE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
export const EMPLOYEE_NO_RULE =
  'start with a letter or digit and use only letters, digits, dots, dashes, underscores or slashes (at most 64)';

/** How much of an offending value an error message quotes: a 7 MB cell is not echoed back. */
export const QUOTE_LIMIT = 100;

/** A value for an error message: JSON-quoted, cut to QUOTE_LIMIT characters with "…" and its length after. */
export function quoteValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  if (text.length <= QUOTE_LIMIT) return typeof value === 'string' ? JSON.stringify(text) : text;
  const cut = text.slice(0, QUOTE_LIMIT);
  return `${typeof value === 'string' ? JSON.stringify(cut) : cut}… (${text.length} characters)`;
}

/** Why `value` is not a code (null when it is one). */
export function codeProblem(value: unknown, employeeNo = false): string | null {
  if (typeof value === 'string' && (employeeNo ? EMPLOYEE_NO_RE : CODE_RE).test(value)) return null;
  return `must ${employeeNo ? EMPLOYEE_NO_RULE : CODE_RULE}, got ${quoteValue(value)}`;
}

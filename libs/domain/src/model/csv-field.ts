// One CSV field as every export writes it (payroll, the scores download, a survey's statistics table).

/**
 * RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; null is empty. A text that a
 * spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage return: a staff code such as
 * `=HYPERLINK(…)`) gets a leading apostrophe, as OWASP's CSV-injection rule says; numbers (`-12.50`) stay numbers.
 */
export function csvField(v: string | null): string {
  if (v === null) return '';
  const safe = /^[=+\-@\t\r]/.test(v) && !/^-?\d+(\.\d+)?$/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

// Plain-text tables with aligned columns: the demo report and the CLI's `score --table` print with it.

/** Columns padded to their widest cell, two spaces apart, under a dashed rule; null prints as "-". */
export function renderTable(
  header: string[],
  rows: (string | number | null)[][],
  numeric: boolean[] = [],
): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? '-' : String(c))));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

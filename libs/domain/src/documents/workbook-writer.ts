// Streams tables into an .xlsx file (exceljs's streaming WorkbookWriter): the downloads of results, department
// rankings and payroll. Rows arrive a page at a time and each row is committed (written to the zip stream) at
// once, so 100,000 rows never sit in memory together; between pages the writer waits while the destination is
// full (a slow client holds the reading back, not the process's memory). Text that a spreadsheet could take for
// a formula is neutralised (`safeText`).
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import type ExcelJS from 'exceljs';

let exceljs: typeof ExcelJS | undefined;
/**
 * exceljs, loaded when a workbook is first read or written rather than with this module: the scoring worker
 * reaches these modules through the documents barrel but never opens a workbook, and the library alone takes about
 * 8 MB of heap and 30 MB of resident memory once loaded (docs/BENCHMARKS.md).
 */
export function excel(): typeof ExcelJS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (exceljs ??= require('exceljs') as typeof ExcelJS);
}

/** The content type of an .xlsx file. */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A cell as written: text, a number, or empty. */
export type XlsxCell = string | number | null | undefined;

/** A prepared download: writes the file into `out` (refusals were thrown before it was handed out). */
export type XlsxDownload = (out: Writable) => Promise<void>;

export interface XlsxColumn {
  header: string;
  /** Character width of the column. */
  width?: number;
  /** Excel number format for numeric cells, e.g. `0.00`. */
  numFmt?: string;
}

export interface XlsxSheet {
  /** Sheet name (at most 31 characters; `xlsxSheetName` makes any text one). */
  name: string;
  columns: XlsxColumn[];
  /** The rows, a page (array of rows) at a time. */
  pages: AsyncIterable<XlsxCell[][]> | Iterable<XlsxCell[][]>;
}

/**
 * Text that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is what spreadsheets (and CSV re-saves of
 * this file) may run as a formula: it gets a leading apostrophe, the OWASP advice, so it stays visible text.
 */
export function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A cell value ready for exceljs: text neutralised, non-finite numbers empty. */
export function safeCell(value: XlsxCell): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return safeText(value);
}

/** Excel's rules for a sheet name: at most 31 characters, none of `[]:*?/\`. */
export function xlsxSheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet';
}

/** What exceljs's style table offers a writer (not in its typings). */
interface StyleTable {
  addStyleModel(model: Partial<ExcelJS.Style> | undefined, cellType?: number): number;
}

/**
 * exceljs looks every cell's style up by rendering it to XML (a third of the time of a 100,000-row sheet, and
 * most of its garbage). The cells written here differ only by number format, bold font and value type, so the
 * style id is kept per those three and looked up once each.
 */
function memoiseStyles(workbook: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const styles = (workbook as unknown as { styles: StyleTable }).styles;
  const lookUp = styles.addStyleModel.bind(styles);
  const ids = new Map<string, number>();
  styles.addStyleModel = (model, cellType) => {
    const key = `${cellType}|${model?.numFmt ?? ''}|${model?.font?.bold ? 1 : 0}`;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = lookUp(model, cellType)));
    return id;
  };
}

/**
 * Writes the sheets to `out` as one .xlsx file and resolves when the file is complete (the caller ends nothing:
 * the writer finishes the zip stream, which ends `out`).
 */
export async function writeXlsx(out: Writable, sheets: readonly XlsxSheet[]): Promise<void> {
  // Inline strings, no shared-string table: the table would hold every distinct text until the end.
  const workbook = new (excel().stream.xlsx.WorkbookWriter)({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
    // Fast compression: the file is about a tenth larger, and the download is CPU-bound.
    zip: { zlib: { level: 1 } },
  });
  memoiseStyles(workbook);
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(xlsxSheetName(sheet.name), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    ws.columns = sheet.columns.map((c, i) => ({
      key: `c${i}`,
      width: c.width ?? Math.min(Math.max(c.header.length + 2, 10), 40),
      ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}),
    }));
    const header = ws.addRow(sheet.columns.map((c) => safeText(c.header)));
    header.font = { bold: true };
    header.commit();
    for await (const page of sheet.pages) {
      for (const row of page) ws.addRow(row.map(safeCell)).commit();
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    ws.commit();
  }
  await workbook.commit();
}

// Reading an uploaded workbook back into measurement rows. Any sheet with a code row (a row within the first ten
// whose column A says `staff`, row 2 of the template) is read: the row names the input (or `task:CODE`) of each
// column, every row below with a staff code is a person, and every non-empty input cell is one measurement of the
// month (dated the month's last day, mode `monthly`). Cells equal to the value the month already has are left
// out: the template shows the recorded values, and sending them back must not count them twice. Every problem is
// named by sheet and cell address (`MAINT!F12: "six" is not a number`), all of them at once.
import type ExcelJS from 'exceljs';
import { coded, ProblemCode, ProblemParams } from '@app/scoring';
import { InvalidError, quoteValue } from '../model';
import type { MeasurementRow, RowProblem } from './measurements';
import { WORKBOOK_FIXED_COLUMNS } from './workbook-template';
import { excel } from './workbook-writer';

/** A problem of an uploaded workbook: `cell` is `SHEET!A1`; `row` is the sheet's row number. */
export interface CellProblem extends RowProblem {
  sheet: string;
  cell: string;
}

export class WorkbookInvalidError extends InvalidError {
  constructor(readonly rows: CellProblem[]) {
    const shown = rows.slice(0, 20).map((p) => `${p.cell}: ${p.message}`);
    super(
      `${rows.length} cell(s) refused; nothing was stored: ${shown.join('; ')}` +
        (rows.length > shown.length ? `; and ${rows.length - shown.length} more` : ''),
    );
  }
}

/** Where a measurement row came from, to name its cells in problems found later. */
export interface WorkbookCell {
  sheet: string;
  row: number;
  /** The value cell, the row's staff code cell, and the column's code cell: `SHEET!F12`, `SHEET!A12`, `SHEET!F2`. */
  cell: string;
  staffCell: string;
  codeCell: string;
}

const CODE_RE = /^(task:)?[A-Za-z_][A-Za-z0-9_-]*$/;
const HEADER_SCAN_ROWS = 10;

/** `SHEET!A1`, the sheet name quoted as Excel quotes it when it is more than letters, digits and `_`. */
export function cellName(sheet: string, address: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet)
    ? `${sheet}!${address}`
    : `'${sheet.replace(/'/g, "''")}'!${address}`;
}

/** Parses the bytes as an .xlsx workbook, or refuses them (400) saying so. */
export async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new (excel().Workbook)();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new InvalidError(`the body is not an .xlsx workbook (${(e as Error).message})`);
  }
  return wb;
}

type Read = { kind: 'empty' } | { kind: 'number'; value: number } | { kind: 'text'; text: string };

/** A cell as the upload sees it: empty, a number (typed, a formula's result, or text that is a number), or text. */
function readCell(cell: ExcelJS.Cell): Read {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return { kind: 'empty' };
  if (typeof v === 'number') return { kind: 'number', value: v };
  if (typeof v === 'boolean') return { kind: 'text', text: String(v).toUpperCase() };
  if (v instanceof Date) return { kind: 'text', text: v.toISOString().slice(0, 10) };
  if (typeof v === 'string') {
    // A leading apostrophe is how the downloads neutralise formula-looking text.
    const text = v.trim().replace(/^'(?=[=+\-@])/, '');
    if (text === '') return { kind: 'empty' };
    const n = Number(text);
    return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) && Number.isFinite(n)
      ? { kind: 'number', value: n }
      : { kind: 'text', text };
  }
  if (typeof v === 'object') {
    const o = v as { result?: unknown; richText?: { text: string }[]; text?: unknown; error?: string };
    if ('formula' in o || 'sharedFormula' in o) {
      if (typeof o.result === 'number') return { kind: 'number', value: o.result };
      if (o.result === undefined || o.result === null)
        return { kind: 'text', text: `=${String((o as { formula?: string }).formula ?? '')}` };
      const result = o.result as { error?: string } | string | boolean | Date;
      return readCell({
        value: typeof result === 'object' && !(result instanceof Date) ? (result.error ?? '#VALUE!') : result,
      } as ExcelJS.Cell);
    }
    if (o.richText) return readCell({ value: o.richText.map((r) => r.text).join('') } as ExcelJS.Cell);
    if (typeof o.text === 'string') return readCell({ value: o.text } as ExcelJS.Cell);
    if (o.error) return { kind: 'text', text: o.error };
    return { kind: 'text', text: JSON.stringify(v) };
  }
  return { kind: 'text', text: typeof v === 'bigint' ? v.toString() : '' };
}

/** The cell's text for codes: a number typed where a code belongs is its digits. */
function codeOf(cell: ExcelJS.Cell): string {
  const r = readCell(cell);
  return r.kind === 'empty' ? '' : r.kind === 'number' ? String(r.value) : r.text;
}

export interface WorkbookMeasurements {
  rows: MeasurementRow[];
  /** `cells[i]` is where `rows[i]` came from. */
  cells: WorkbookCell[];
  /** Cells left out because they hold the month's recorded value. */
  unchanged: number;
  /** Cells that make no measurement (not a number, no staff code, a bad column code); the caller adds the
   * problems the measurement checks find in `rows`, so every bad cell is named at once. */
  problems: CellProblem[];
}

/**
 * The workbook's measurements for the month, all dated `date`.
 * @param recorded the month's value of an input for a member of staff so far (undefined: none)
 */
export function measurementsFromWorkbook(
  wb: ExcelJS.Workbook,
  date: string,
  recorded: (staff: string, input: string) => number | undefined,
): WorkbookMeasurements {
  const problems: CellProblem[] = [];
  const rows: MeasurementRow[] = [];
  const cells: WorkbookCell[] = [];
  let unchanged = 0;
  let sheetsRead = 0;
  const bad = (
    sheet: string,
    row: number,
    address: string,
    field: string,
    code: ProblemCode,
    params?: ProblemParams,
  ) => problems.push({ sheet, row, cell: cellName(sheet, address), field, ...coded(code, params) });

  wb.eachSheet((ws) => {
    const sheet = ws.name;
    let codeRow = 0;
    for (let r = 1; r <= Math.min(HEADER_SCAN_ROWS, ws.rowCount); r++) {
      if (codeOf(ws.getCell(r, 1)).toLowerCase() === 'staff') {
        codeRow = r;
        break;
      }
    }
    if (!codeRow) return; // a sheet of notes or totals: not data
    sheetsRead++;
    // The columns: fixed ones are read for people, the others must be input codes (or task:CODE).
    const columns = new Map<number, string>();
    const seen = new Map<string, string>();
    ws.getRow(codeRow).eachCell({ includeEmpty: false }, (cell, col) => {
      if (col === 1) return;
      const code = codeOf(cell);
      if (code === '' || (WORKBOOK_FIXED_COLUMNS as readonly string[]).includes(code)) return;
      if (!CODE_RE.test(code)) {
        bad(sheet, codeRow, cell.address, 'input', 'SHEET_BAD_CODE', { code });
        return;
      }
      if (seen.has(code)) {
        bad(sheet, codeRow, cell.address, 'input', 'SHEET_COLUMN_TWICE', { code, cell: seen.get(code)! });
        return;
      }
      seen.set(code, cell.address);
      columns.set(col, code);
    });
    const coded = new Set(columns.keys());
    for (let r = codeRow + 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      if (!row.hasValues) continue;
      const staffCell = ws.getCell(r, 1);
      const staff = codeOf(staffCell);
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        const code = columns.get(col);
        const read = readCell(cell);
        if (read.kind === 'empty') return;
        if (code === undefined) {
          // A value under a column the upload cannot place (no code in the code row) would be lost silently.
          const header = codeOf(ws.getCell(codeRow, col));
          if (col > 1 && header === '' && !coded.has(col))
            bad(sheet, r, cell.address, 'input', 'SHEET_COLUMN_WITHOUT_CODE', { row: codeRow });
          return;
        }
        if (read.kind !== 'number') {
          bad(sheet, r, cell.address, code, 'SHEET_NOT_NUMBER', { got: quoteValue(read.text) });
          return;
        }
        if (staff === '') {
          bad(sheet, r, staffCell.address, 'staff', 'SHEET_NO_STAFF');
          return;
        }
        if (recorded(staff, code) === read.value) {
          unchanged++;
          return;
        }
        const m: MeasurementRow = { staff, date, value: read.value, mode: 'monthly' };
        if (code.startsWith('task:')) m.task = code.slice(5);
        else m.input = code;
        rows.push(m);
        cells.push({
          sheet,
          row: r,
          cell: cellName(sheet, cell.address),
          staffCell: cellName(sheet, staffCell.address),
          codeCell: cellName(sheet, ws.getCell(codeRow, col).address),
        });
      });
    }
  });
  if (!sheetsRead)
    problems.push({
      sheet: '',
      row: 0,
      cell: cellName(wb.worksheets[0]?.name ?? 'Sheet1', 'A1'),
      field: '',
      ...coded('SHEET_NO_CODE_ROW'),
    });
  return { rows, cells, unchanged, problems: oncePerCell(problems) };
}

/**
 * Problems that the measurement checks found in rows (`row` = 1-based position in `cells`) named by their cells:
 * a staff problem by the staff code cell, an input or task problem by the column's code cell (once), any other
 * by the value cell.
 */
export function problemsAtCells(rows: readonly RowProblem[], cells: readonly WorkbookCell[]): CellProblem[] {
  return oncePerCell(
    rows.map((p) => {
      const at = cells[p.row - 1];
      if (!at) return { ...p, sheet: '', cell: '' };
      const cell =
        p.field === 'staff'
          ? at.staffCell
          : p.field === 'input' || p.field === 'task'
            ? at.codeCell
            : at.cell;
      const row =
        p.field === 'input' || p.field === 'task' ? Number(/\d+$/.exec(cell)?.[0] ?? at.row) : at.row;
      return { ...p, sheet: at.sheet, row, cell };
    }),
  );
}

/** One problem per cell and message (a bad header or staff code is named once, not once per value). */
export function oncePerCell(problems: CellProblem[]): CellProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.cell}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

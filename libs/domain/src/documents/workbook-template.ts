// The month's Excel template: one sheet per indicator set (named by the set's code), a row per member of staff
// the month scores with that set, a column per staff-level input the set's formulas read. Row 1 names each input
// for people ("Repair orders (count, sum)": name, unit, aggregate) with a comment saying how a value is combined;
// row 2 holds the codes the upload reads (`staff`, `name`, …, then input codes), so a workbook with renamed or
// translated headers in row 1 still uploads. Input cells carry the month's value already recorded (as a run
// would read it) and accept decimal numbers only.
import type ExcelJS from 'exceljs';
import type { Aggregate } from '@app/persistence';
import { excel, safeText, xlsxSheetName } from './workbook-writer';

/** Codes of the fixed columns of row 2, in order; every other code in that row is an input. */
export const WORKBOOK_FIXED_COLUMNS = ['staff', 'name', 'employeeNo', 'department', 'post'] as const;
/** The row with the display headers, the row with the codes, the first row of people. */
export const WORKBOOK_HEADER_ROW = 1;
export const WORKBOOK_CODE_ROW = 2;
export const WORKBOOK_FIRST_DATA_ROW = 3;
/** Values beyond ±10^15 are refused by scoring: the validation says so in the cell already. */
const VALUE_BOUND = 1e15;

const FIXED_HEADERS = ['Staff code', 'Name', 'Employee no.', 'Department', 'Post type'];

const AGGREGATE_WORDS: Record<Aggregate, string> = {
  sum: 'added to the values already recorded this month',
  mean: 'averaged with the values already recorded this month',
  min: 'the month takes the lowest value recorded',
  max: 'the month takes the highest value recorded',
  count: 'counted as one more entry (the value itself is not used)',
  last: 'replaces the month’s value (the latest entry wins)',
};

export interface TemplateInput {
  code: string;
  name: string;
  unit: string;
  aggregate: Aggregate;
}

export interface TemplatePerson {
  code: string;
  name: string;
  employeeNo: string;
  department: string;
  post: string;
  /** The month's value of each input so far, by input code. */
  values: Record<string, number>;
}

export interface TemplateSheet {
  set: string;
  setName: string;
  inputs: TemplateInput[];
  people: TemplatePerson[];
}

/** How an input is named in row 1: `Repair orders (count, sum)`. */
export function inputHeader(input: TemplateInput): string {
  return `${input.name} (${input.unit ? `${input.unit}, ` : ''}${input.aggregate})`;
}

/** The template as .xlsx bytes. */
export async function templateWorkbook(period: string, sheets: readonly TemplateSheet[]): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = 'hospital-scorecard';
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(xlsxSheetName(sheet.set), {
      views: [{ state: 'frozen', xSplit: 1, ySplit: WORKBOOK_CODE_ROW }],
    });
    const fixed = WORKBOOK_FIXED_COLUMNS.length;
    ws.getRow(WORKBOOK_HEADER_ROW).values = [...FIXED_HEADERS, ...sheet.inputs.map(inputHeader)].map(
      safeText,
    );
    ws.getRow(WORKBOOK_HEADER_ROW).font = { bold: true };
    ws.getRow(WORKBOOK_CODE_ROW).values = [...WORKBOOK_FIXED_COLUMNS, ...sheet.inputs.map((i) => i.code)];
    ws.getRow(WORKBOOK_CODE_ROW).font = { italic: true, color: { argb: 'FF808080' } };
    ws.getCell(WORKBOOK_HEADER_ROW, 1).note =
      `${sheet.set} (${sheet.setName}), ${period}. Row ${WORKBOOK_CODE_ROW} holds the codes the upload reads: ` +
      'keep it. Enter numbers in the input columns; an empty cell, or one left at the value shown, stores nothing.';
    sheet.inputs.forEach((input, k) => {
      ws.getCell(WORKBOOK_HEADER_ROW, fixed + k + 1).note =
        `${input.code}: ${input.name}${input.unit ? ` in ${input.unit}` : ''}. Aggregate ${input.aggregate}: ` +
        `a value entered here is ${AGGREGATE_WORDS[input.aggregate]}. To replace a month's value, use a correction.`;
    });
    [12, 20, 14, 12, 14].forEach((width, k) => (ws.getColumn(k + 1).width = width));
    sheet.inputs.forEach((input, k) => {
      ws.getColumn(fixed + k + 1).width = Math.min(Math.max(inputHeader(input).length, 12), 40);
    });
    sheet.people.forEach((p, n) => {
      const row = ws.getRow(WORKBOOK_FIRST_DATA_ROW + n);
      row.values = [
        ...[p.code, p.name, p.employeeNo, p.department, p.post].map(safeText),
        ...sheet.inputs.map((i) => p.values[i.code] ?? null),
      ];
    });
    if (sheet.inputs.length && sheet.people.length) {
      const from = ws.getCell(WORKBOOK_FIRST_DATA_ROW, fixed + 1).address;
      const to = ws.getCell(
        WORKBOOK_FIRST_DATA_ROW + sheet.people.length - 1,
        fixed + sheet.inputs.length,
      ).address;
      // Range validations are in exceljs but missing from its typings.
      (
        ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
      ).dataValidations.add(`${from}:${to}`, {
        type: 'decimal',
        operator: 'between',
        formulae: [-VALUE_BOUND, VALUE_BOUND],
        allowBlank: true,
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: 'A number',
        error: `Enter a number between -10^15 and 10^15, or leave the cell empty.`,
      });
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

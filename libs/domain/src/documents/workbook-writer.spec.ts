// The streaming .xlsx writer: rows come back as written (numbers as numbers, empty as empty), several sheets in one
// file, and text that a spreadsheet could run as a formula (=, +, -, @, tab, CR first) is written as text behind
// an apostrophe, never as a formula.
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { safeText, writeXlsx, xlsxSheetName } from './workbook-writer';

async function written(sheets: Parameters<typeof writeXlsx>[1]): Promise<ExcelJS.Workbook> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => out.on('end', resolve));
  await writeXlsx(out, sheets);
  await ended;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return wb;
}

describe('writeXlsx', () => {
  it('writes every page of every sheet, numbers as numbers', async () => {
    async function* pages() {
      await Promise.resolve(); // pages come from a database, one at a time
      yield [
        ['A1', 1.5, null],
        ['A2', -3, 'x'],
      ];
      yield [['A3', 0, 'y']];
    }
    const wb = await written([
      {
        name: 'results 2026-10',
        columns: [{ header: 'Staff' }, { header: 'Total' }, { header: 'Note' }],
        pages: pages(),
      },
      { name: 'second', columns: [{ header: 'n' }], pages: [[[1], [2]]] },
    ]);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['results 2026-10', 'second']);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).values).toEqual([undefined, 'Staff', 'Total', 'Note']);
    expect(
      [2, 3, 4].map((r) => [ws.getCell(r, 1).value, ws.getCell(r, 2).value, ws.getCell(r, 3).value]),
    ).toEqual([
      ['A1', 1.5, null],
      ['A2', -3, 'x'],
      ['A3', 0, 'y'],
    ]);
    expect(wb.worksheets[1].rowCount).toBe(3);
  });

  it('writes formula-looking text as text behind an apostrophe', async () => {
    const nasty = ['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\tTAB', '\rCR', 'plain', 'a=b'];
    const wb = await written([
      { name: 'x', columns: [{ header: '=header' }], pages: [nasty.map((v) => [v])] },
    ]);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe("'=header");
    const back = nasty.map((_, i) => ws.getCell(i + 2, 1));
    for (const cell of back) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
    expect(back.map((c) => c.value)).toEqual([
      '\'=HYPERLINK("http://x","y")',
      "'+1+2",
      "'-2+3",
      "'@SUM(A1)",
      "'\tTAB",
      "'\nCR", // XML reads a carriage return in text as a line feed
      'plain',
      'a=b',
    ]);
    expect(safeText('-5')).toBe("'-5");
  });

  it('makes any text a valid sheet name', () => {
    expect(xlsxSheetName('a/b:c*d?e[f]g\\h')).toBe('a_b_c_d_e_f_g_h');
    expect(xlsxSheetName('x'.repeat(40))).toHaveLength(31);
  });
});

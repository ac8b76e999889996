// The month in Excel on a real database (the shipped sample month, 2026-10, 28 staff): the template holds a sheet
// per set with every person, the inputs the set reads (named with unit and aggregate, coded in row 2, validated
// as numbers) and the values recorded; filled in and uploaded it stores exactly the observations the same values
// sent as CSV store; bad cells are all named by sheet and address and nothing is stored; the same bytes again
// are a duplicate.
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { InputDefinition, IntakeBatch, Observation } from '@app/persistence';
import { nameText, type ScorecardDocument } from '@app/scoring';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { libraryMonth } from '../../../../test/factories/month';
import { importDocument } from './import-document';
import { MeasurementsService } from './measurements.service';
import { WorkbookService } from './workbook.service';
import { cellName, WorkbookInvalidError } from './workbook-upload';

const OCT = '2026-10';

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

const toBuffer = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer());

/** The codes of row 2 beyond the fixed columns: the sheet's inputs. */
const inputCodes = (ws: ExcelJS.Worksheet): string[] =>
  (ws.getRow(2).values as unknown[]).slice(6).map((v) => String(v));

describe.each(testDatabases('documents_workbook'))('%s', (_name, db) => {
  let ds: DataSource;
  let doc: ScorecardDocument;
  let measurements: MeasurementsService;
  let workbooks: WorkbookService;
  beforeEach(async () => {
    ds = await db.open();
    doc = libraryMonth();
    await importDocument(ds, doc, 'test');
    measurements = new MeasurementsService(ds);
    workbooks = new WorkbookService(ds, measurements);
  });
  afterEach(() => closeDatabase(ds));

  it('a template has a sheet per set, every person, the inputs named and coded, validation and the recorded values', async () => {
    const file = await workbooks.template(OCT);
    expect(file.fileName).toBe('2026-10-workbook.xlsx');
    const wb = await load(file.bytes);

    const setsUsed = new Set(doc.staff.map((s) => s.indicatorSet));
    expect(wb.worksheets.map((ws) => ws.name).sort()).toEqual([...setsUsed].sort());
    const inputByCode = new Map(doc.inputs.map((i) => [i.code, i]));
    // The aggregate as stored (the document's default applied).
    const stored = new Map(
      (await ds.getRepository(InputDefinition).find()).map((i) => [i.code, i.aggregate]),
    );
    let people = 0;
    for (const ws of wb.worksheets) {
      const set = doc.indicatorSets.find((s) => s.code === ws.name)!;
      expect((ws.getRow(2).values as unknown[]).slice(1, 6)).toEqual([
        'staff',
        'name',
        'employeeNo',
        'department',
        'post',
      ]);
      const codes = inputCodes(ws);
      expect(codes.length).toBeGreaterThan(0);
      // Staff-level inputs that the set's formulas name, each once.
      for (const code of codes) {
        expect(inputByCode.get(code)?.level).toBe('staff');
        expect(set.indicators.some((i) => new RegExp(`\\b${code}\\b`).test(i.formula))).toBe(true);
      }
      expect(new Set(codes).size).toBe(codes.length);
      codes.forEach((code, k) => {
        const def = inputByCode.get(code)!;
        const header = ws.getCell(1, 6 + k);
        // The name as stored: the Chinese of a name given in both languages.
        expect(header.value).toBe(
          `${nameText(def.name)} (${def.unit ? `${def.unit}, ` : ''}${stored.get(code)})`,
        );
        expect(header.note as string).toContain(`${code}:`);
      });
      const members = doc.staff.filter((s) => s.indicatorSet === ws.name);
      expect(ws.rowCount - 2).toBe(members.length);
      for (let r = 3; r <= ws.rowCount; r++) {
        const code = ws.getCell(r, 1).text;
        const person = members.find((s) => s.id === code)!;
        expect(person).toBeDefined();
        expect(ws.getCell(r, 4).value).toBe(person.department);
        codes.forEach((input, k) => {
          const recorded = person.inputs?.[input];
          expect(ws.getCell(r, 6 + k).value).toBe(recorded ?? null);
          expect(ws.getCell(r, 6 + k).dataValidation).toMatchObject({ type: 'decimal', allowBlank: true });
        });
        people++;
      }
    }
    expect(people).toBe(doc.staff.length);
  });

  it('a department’s template holds that department only; an unknown department is 404', async () => {
    const dept = doc.staff[0].department;
    const wb = await load((await workbooks.template(OCT, dept)).bytes);
    const codes = wb.worksheets.flatMap((ws) =>
      Array.from({ length: ws.rowCount - 2 }, (_, i) => ws.getCell(i + 3, 1).text),
    );
    expect(codes.sort()).toEqual(
      doc.staff
        .filter((s) => s.department === dept)
        .map((s) => s.id)
        .sort(),
    );
    await expect(workbooks.template(OCT, 'NOPE')).rejects.toMatchObject({ status: 404 });
  });

  it('a filled template stores the same observations as the same values sent as CSV, once', async () => {
    const wb = await load((await workbooks.template(OCT)).bytes);
    // New values in every input cell (none equal to a recorded one: those stay out).
    const values: { staff: string; input: string; value: number }[] = [];
    let n = 1;
    for (const ws of wb.worksheets) {
      const codes = inputCodes(ws);
      for (let r = 3; r <= ws.rowCount; r++) {
        codes.forEach((input, k) => {
          const value = n++ + 0.25;
          ws.getCell(r, 6 + k).value = value;
          values.push({ staff: ws.getCell(r, 1).text, input, value });
        });
      }
    }
    const bytes = await toBuffer(wb);
    const fromXlsx = await workbooks.upload('user:hr', OCT, bytes, 'october.xlsx');
    expect(fromXlsx).toMatchObject({
      duplicate: false,
      stored: values.length,
      batch: { source: 'xlsx', fileName: 'october.xlsx', rowCount: values.length, periods: [OCT] },
    });

    const inputs = [...new Set(values.map((v) => v.input))];
    const staff = [...new Set(values.map((v) => v.staff))];
    const csv = [
      ['staff', 'date', 'mode', ...inputs].join(','),
      ...staff.map((s) =>
        [
          s,
          '2026-10-31',
          'monthly',
          ...inputs.map((i) => values.find((v) => v.staff === s && v.input === i)?.value ?? ''),
        ].join(','),
      ),
    ].join('\n');
    const fromCsv = await measurements.recordCsv('user:hr', csv, 'october.csv');
    expect(fromCsv.stored).toBe(values.length);

    const rowsOf = async (batchId: number) =>
      (await ds.getRepository(Observation).findBy({ batchId }))
        .map((o) => [o.staffId, o.inputId, o.taskCode, o.observedOn, o.value, o.mode, o.source].join('|'))
        .sort();
    const xlsxRows = await rowsOf(fromXlsx.batch.id);
    expect(xlsxRows).toHaveLength(values.length);
    expect(xlsxRows).toEqual(await rowsOf(fromCsv.batch.id));

    // The same bytes again: the earlier batch, nothing stored.
    const again = await workbooks.upload('user:hr', OCT, bytes, 'october.xlsx');
    expect(again).toMatchObject({ duplicate: true, stored: 0, batch: { id: fromXlsx.batch.id } });
    expect(await ds.getRepository(Observation).countBy({ batchId: fromXlsx.batch.id })).toBe(values.length);
  });

  it('the template sent back unchanged stores nothing: its values are already the month’s', async () => {
    const bytes = (await workbooks.template(OCT)).bytes;
    await expect(workbooks.upload('user:hr', OCT, bytes)).rejects.toThrow(/no new values/);
    expect(await ds.getRepository(IntakeBatch).countBy({ source: 'xlsx' })).toBe(0);
  });

  it('names every bad cell by sheet and address, all at once, and stores nothing', async () => {
    const wb = await load((await workbooks.template(OCT)).bytes);
    const ws = wb.worksheets[0];
    const before = await ds.getRepository(Observation).count();
    ws.getCell('F3').value = 'six';
    ws.getCell('A4').value = 'NOBODY';
    ws.getCell('F4').value = 99999.5;
    ws.getCell('G2').value = 'nope';
    ws.getCell('G3').value = 12345.5;
    ws.getCell('G5').value = 54321.5;
    ws.getCell('F6').value = 7777.5; // a good cell: stored only if nothing else is wrong

    const error = await workbooks.upload('user:hr', OCT, await toBuffer(wb)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkbookInvalidError);
    const rows = (error as WorkbookInvalidError).rows;
    const at = (address: string) => cellName(ws.name, address);
    expect(rows.map((r) => `${r.cell}: ${r.message}`).sort()).toEqual(
      [
        `${at('F3')}: "six" is not a number`,
        `${at('A4')}: unknown staff "NOBODY"`,
        `${at('G2')}: "nope" is not in the input dictionary`,
      ].sort(),
    );
    expect((error as Error).message).toContain(`${at('F3')}: "six" is not a number`);
    expect(await ds.getRepository(Observation).count()).toBe(before);
    expect(await ds.getRepository(IntakeBatch).countBy({ source: 'xlsx' })).toBe(0);
  });

  it('refuses bytes that are not a workbook, and a workbook without a code row', async () => {
    await expect(workbooks.upload('user:hr', OCT, Buffer.from('staff,date\n'))).rejects.toThrow(
      /not an \.xlsx workbook/,
    );
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').getCell('A1').value = 'hello';
    await expect(workbooks.upload('user:hr', OCT, await toBuffer(wb))).rejects.toThrow(
      /no sheet has a code row/,
    );
  });
});

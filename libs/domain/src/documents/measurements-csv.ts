// Measurements as CSV: a header row naming `staff` or `department`, `date`, optionally `mode`, then one column
// per input code (or `task:CODE` for task counts); every non-empty cell below is one measurement. Line
// numbers are the file's (the header is line 1), so problems point at what a person sees in the file.
import { parse } from 'csv-parse/sync';
import { quoteValue } from '../model';
import { MeasurementRow, MeasurementsInvalidError, RowProblem } from './measurements';
import { rowProblem } from './row-problems';

/** A CSV value: a plain decimal (no 0x10, 1e3, Infinity, spaces inside, thousands separators). */
const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

const FIXED = ['staff', 'department', 'date', 'mode'];

export function measurementsFromCsv(text: string): { rows: MeasurementRow[]; lines: number[] } {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    });
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 0;
    throw new MeasurementsInvalidError([
      rowProblem(line, '', 'CSV_INVALID', { detail: (e as Error).message }),
    ]);
  }
  if (records.length < 2) throw new MeasurementsInvalidError([rowProblem(1, '', 'CSV_TOO_SHORT')]);
  const header = records[0];
  const problems: RowProblem[] = [];
  const subject = header.includes('staff') ? 'staff' : header.includes('department') ? 'department' : null;
  if (!subject || (header.includes('staff') && header.includes('department'))) {
    problems.push(rowProblem(1, '', 'CSV_SUBJECT_COLUMN'));
  }
  if (!header.includes('date')) problems.push(rowProblem(1, '', 'CSV_NO_DATE_COLUMN'));
  const valueColumns = header.map((h, i) => ({ h, i })).filter(({ h }) => !FIXED.includes(h));
  if (valueColumns.length === 0) problems.push(rowProblem(1, '', 'CSV_NO_VALUE_COLUMN'));
  for (const { h } of valueColumns) {
    if (h.length > 69 || !/^(task:)?[A-Za-z_][A-Za-z0-9_-]*$/.test(h))
      problems.push(rowProblem(1, h.slice(0, 100), 'CSV_BAD_COLUMN', { got: quoteValue(h) }));
  }
  const dupes = header.filter((h, i) => header.indexOf(h) !== i);
  if (dupes.length) problems.push(rowProblem(1, dupes[0].slice(0, 100), 'CSV_COLUMN_TWICE'));
  if (problems.length) throw new MeasurementsInvalidError(problems);

  const col = (name: string) => header.indexOf(name);
  const rows: MeasurementRow[] = [];
  const lines: number[] = [];
  records.slice(1).forEach((rec, k) => {
    const line = k + 2;
    for (const { h, i } of valueColumns) {
      const cell = rec[i];
      if (cell === '') continue;
      const value = DECIMAL_RE.test(cell) ? Number(cell) : NaN;
      if (!Number.isFinite(value)) {
        problems.push(rowProblem(line, h, 'CSV_NOT_DECIMAL', { got: quoteValue(cell) }));
        continue;
      }
      const m: MeasurementRow = { date: rec[col('date')], value, [subject!]: rec[col(subject!)] };
      if (h.startsWith('task:')) m.task = h.slice(5);
      else m.input = h;
      if (col('mode') >= 0 && rec[col('mode')] !== '') m.mode = rec[col('mode')] as MeasurementRow['mode'];
      rows.push(m);
      lines.push(line);
    }
  });
  if (problems.length) throw new MeasurementsInvalidError(problems);
  if (rows.length === 0) throw new MeasurementsInvalidError([rowProblem(2, '', 'CSV_NO_VALUES')]);
  return { rows, lines };
}

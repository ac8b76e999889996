// Work-order events from a file, for systems that export rather than call: a CSV file or an .xlsx workbook whose
// header row names the event fields (eventId, orderId, type, occurredAt, then any of the optional ones; `event_id`
// or `Event ID` are the same column), one event per row below it. The rows become the same objects the JSON feed
// takes and go through the same checks (checkEvents), so a file and the feed store the same events; problems name
// the file's line (the header is line 1) or the sheet's cell, all of them at once.
import type ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { rowProblem } from '../documents/row-problems';
import { cellName, readWorkbook } from '../documents/workbook-upload';
import { ProblemCode, ProblemParams } from '@app/scoring';
import {
  CheckedEvent,
  checkEvents,
  EVENT_FIELDS,
  EventField,
  EventProblem,
  REQUIRED_EVENT_FIELDS,
  WorkOrderEventsInvalidError,
} from './work-order-events';

/** Events per file: a month of a large hospital's orders is exported in a few files of this size. */
export const MAX_FILE_EVENTS = 100_000;

/** A rating cell of a file: a plain decimal. */
const DECIMAL_RE = /^-?\d+(\.\d+)?$/;
/** How far down a sheet the header row is looked for (a title row or two above it is common). */
const HEADER_SCAN_ROWS = 10;

/** The event field a header cell names (`eventId`, `event_id`, `Event ID`), or null. */
export function headerField(text: string): EventField | null {
  const key = text.replace(/[\s_-]/g, '').toLowerCase();
  return EVENT_FIELDS.find((f) => f.toLowerCase() === key) ?? null;
}

/** Where a header problem is: a header cell (its 0-based column), or the header as a whole (col null). */
type HeaderProblem = (
  col: number | null,
  field: string,
  code: ProblemCode,
  params?: ProblemParams,
) => EventProblem;

/** A header's columns: which field each column holds; problems for unknown, repeated or missing columns. */
function readHeader(
  cells: string[],
  problemAt: HeaderProblem,
): { columns: (EventField | null)[]; problems: EventProblem[] } {
  const problems: EventProblem[] = [];
  const columns = cells.map((text, col) => {
    if (text.trim() === '') return null;
    const field = headerField(text);
    if (!field) problems.push(problemAt(col, text.slice(0, 100), 'UNKNOWN_FIELD'));
    return field;
  });
  columns.forEach((f, col) => {
    if (f && columns.indexOf(f) !== col) problems.push(problemAt(col, f, 'CSV_COLUMN_TWICE'));
  });
  for (const f of REQUIRED_EVENT_FIELDS)
    if (!columns.includes(f)) problems.push(problemAt(null, f, 'FILE_MISSING_COLUMN', { column: f }));
  return { columns, problems };
}

/** A cell's text as an event field's value: empty is absent; a rating is a number when it reads as one. */
function fieldValue(field: EventField, text: string): unknown {
  if (text === '') return undefined;
  if (field === 'rating') return DECIMAL_RE.test(text) ? Number(text) : text;
  return text;
}

/**
 * The events of a CSV file, checked.
 * @throws WorkOrderEventsInvalidError not CSV, no data row, a bad header, too many rows, or any bad event (by line)
 */
export function eventsFromCsv(text: string, timeZone: string): CheckedEvent[] {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
      info: true,
    }) as unknown as typeof parsed;
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 0;
    throw new WorkOrderEventsInvalidError([
      rowProblem(line, '', 'CSV_INVALID', { detail: (e as Error).message }),
    ]);
  }
  if (parsed.length < 2) throw new WorkOrderEventsInvalidError([rowProblem(1, '', 'CSV_TOO_SHORT')]);
  const { columns, problems } = readHeader(parsed[0].record, (_col, field, code, params) =>
    rowProblem(1, field, code, params),
  );
  if (problems.length) throw new WorkOrderEventsInvalidError(problems);
  const rows = parsed.slice(1);
  if (rows.length > MAX_FILE_EVENTS)
    throw new WorkOrderEventsInvalidError([
      rowProblem(0, '', 'TOO_MANY_ROWS', { max: MAX_FILE_EVENTS, count: rows.length }),
    ]);
  // The line a record starts on (csv-parse counts the line it ends on; a quoted value may hold line breaks).
  const lines = rows.map(({ record, info }) => info.lines - record.join('').split('\n').length + 1);
  const items = rows.map(({ record: rec }) => {
    const e: Record<string, unknown> = {};
    columns.forEach((f, col) => {
      if (f) {
        const v = fieldValue(f, rec[col]);
        if (v !== undefined) e[f] = v;
      }
    });
    return e;
  });
  return checkEvents(items, timeZone, (i) => ({ row: lines[i] }));
}

/** A cell as the text of an event field: dates are written in `timeZone` with their offset. */
function cellText(cell: ExcelJS.Cell, timeZone: string): string {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return wallTimeWithOffset(v, timeZone);
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'object') {
    const o = v as { result?: unknown; richText?: { text: string }[]; text?: unknown };
    if (o.richText)
      return o.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if (o.result instanceof Date) return wallTimeWithOffset(o.result, timeZone);
    if (typeof o.result === 'string' || typeof o.result === 'number' || typeof o.result === 'boolean')
      return String(o.result).trim();
    if (typeof o.text === 'string') return o.text.trim();
    return '';
  }
  return '';
}

/**
 * An Excel date-time (a wall-clock time without a zone, which exceljs hands over as that time in UTC) read as the
 * hospital's local time: the same wall time with the offset `timeZone` had then (`2026-03-05T08:30:00+08:00`).
 */
export function wallTimeWithOffset(wall: Date, timeZone: string): string {
  const wallMs = wall.getTime();
  // The offset at the instant the wall time names; two passes settle it across a daylight-saving change.
  let offset = offsetMinutes(wallMs, timeZone);
  offset = offsetMinutes(wallMs - offset * 60_000, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${new Date(wallMs).toISOString().slice(0, 19)}${sign}${hhmm}`;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes `timeZone` is ahead of UTC at the instant `epochMs`. */
function offsetMinutes(epochMs: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormats.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(new Date(epochMs)).map((x) => [x.type, x.value]));
  const local = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return Math.round((local - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

/**
 * The events of an .xlsx workbook, checked: the first sheet with a header row (within its first ten rows) naming
 * the required fields; every non-empty row below it is an event. Date cells of occurredAt are the hospital's local
 * time (FEEDS_TZ); text cells need their offset, as in the feed.
 * @throws InvalidError the bytes are not an .xlsx workbook
 * @throws WorkOrderEventsInvalidError no header row, a bad header, too many rows, or any bad event
 */
export async function eventsFromXlsx(bytes: Buffer, timeZone: string): Promise<CheckedEvent[]> {
  const wb = await readWorkbook(bytes);
  for (const ws of wb.worksheets) {
    const last = Math.min(ws.rowCount, HEADER_SCAN_ROWS);
    for (let r = 1; r <= last; r++) {
      const row = ws.getRow(r);
      const texts: string[] = [];
      for (let c = 1; c <= Math.max(row.cellCount, 1); c++) texts.push(cellText(row.getCell(c), timeZone));
      const named = texts.map((t) => headerField(t));
      if (!REQUIRED_EVENT_FIELDS.every((f) => named.includes(f))) continue;
      return sheetEvents(ws, r, texts, timeZone);
    }
  }
  throw new WorkOrderEventsInvalidError([
    rowProblem(0, '', 'SHEET_NO_HEADER', { columns: REQUIRED_EVENT_FIELDS.join(', ') }),
  ]);
}

function sheetEvents(
  ws: ExcelJS.Worksheet,
  headerRow: number,
  header: string[],
  timeZone: string,
): CheckedEvent[] {
  const address = (row: number, col: number) => cellName(ws.name, `${columnLetters(col + 1)}${row}`);
  const at = (row: number, col: number, field: string, p: EventProblem): EventProblem => ({
    ...p,
    row,
    sheet: ws.name,
    cell: address(row, col),
    field,
  });
  const { columns, problems } = readHeader(header, (col, field, code, params) =>
    col === null
      ? { ...rowProblem(headerRow, field, code, params), sheet: ws.name }
      : at(headerRow, col, field, rowProblem(headerRow, field, code, params)),
  );
  if (problems.length) throw new WorkOrderEventsInvalidError(problems);
  const items: Record<string, unknown>[] = [];
  const rowNumbers: number[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const e: Record<string, unknown> = {};
    columns.forEach((f, col) => {
      if (!f) return;
      const v = fieldValue(f, cellText(row.getCell(col + 1), timeZone));
      if (v !== undefined) e[f] = v;
    });
    if (!Object.keys(e).length) continue;
    items.push(e);
    rowNumbers.push(r);
    if (items.length > MAX_FILE_EVENTS)
      throw new WorkOrderEventsInvalidError([
        rowProblem(0, '', 'TOO_MANY_ROWS', { max: MAX_FILE_EVENTS, count: items.length }),
      ]);
  }
  if (!items.length) throw new WorkOrderEventsInvalidError([rowProblem(headerRow, '', 'CSV_NO_VALUES')]);
  return checkEvents(items, timeZone, (i) => ({
    row: rowNumbers[i],
    sheet: ws.name,
    cellOf: (field) => {
      const col = columns.indexOf(field as EventField);
      return col >= 0 ? address(rowNumbers[i], col) : undefined;
    },
  }));
}

/** 1 → A, 27 → AA. */
function columnLetters(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

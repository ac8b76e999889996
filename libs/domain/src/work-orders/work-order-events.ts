// Work-order events as a system sends them: checked field by field (every bad event named at once, with a stable
// problem code so the pages can say it in Chinese; nothing is stored when any is bad), given the month they fall
// in (their date in the hospital's time zone, FEEDS_TZ), and stored once per feed and event id. A resent event,
// an event sent twice in one request, or one that arrives after later events of its order are all normal for a
// feed that retries: the first copy of an event id is kept, the others are counted as duplicates, and the order's
// state is rebuilt from its events in time order when it is read (not when it arrives).
import { EntityManager } from 'typeorm';
import { ProblemCode, ProblemParams } from '@app/scoring';
import { WORK_ORDER_EVENT_TYPES, WorkOrderEventType } from '@app/persistence';
import { InvalidError, quoteValue } from '../model';
import type { RowProblem } from '../documents/measurements';
import { rowProblem } from '../documents/row-problems';

/** Events per JSON request: 1,000 make a good batch; 5,000 keep a request within seconds and a few MB. */
export const MAX_FEED_EVENTS = 5_000;

/** The fields of an event, in the order the docs and the file columns list them. */
export const EVENT_FIELDS = [
  'eventId',
  'orderId',
  'type',
  'occurredAt',
  'requester',
  'serviceType',
  'assignee',
  'team',
  'result',
  'rating',
  'note',
] as const;
export type EventField = (typeof EVENT_FIELDS)[number];

/** The fields every event must have. */
export const REQUIRED_EVENT_FIELDS: readonly EventField[] = ['eventId', 'orderId', 'type', 'occurredAt'];

/** Longest texts, as the columns of work_order_events allow. */
const ID_MAX = 100;
const CODE_MAX = 64;
const RESULT_MAX = 32;
const NOTE_MAX = 2_000;
export const RATING_MIN = 1;
export const RATING_MAX = 5;

/** One event as sent (JSON, or a file's row): the external system's words. */
export interface WorkOrderEventInput {
  eventId: string;
  orderId: string;
  type: WorkOrderEventType;
  /** ISO 8601 with its offset (`2026-03-05T08:30:00+08:00`, or `Z`). */
  occurredAt: string;
  requester?: string | null;
  serviceType?: string | null;
  assignee?: string | null;
  team?: string | null;
  result?: string | null;
  rating?: number | null;
  note?: string | null;
}

/** An event that passed every check: times in UTC, its month, absent fields null. */
export interface CheckedEvent {
  eventId: string;
  orderId: string;
  type: WorkOrderEventType;
  occurredAt: string;
  month: string;
  requester: string | null;
  serviceType: string | null;
  assignee: string | null;
  team: string | null;
  result: string | null;
  rating: number | null;
  note: string | null;
}

/**
 * A bad event: `index` its 0-based place in a JSON request's `events`, `row` 1-based (for a file: the line, or
 * the sheet's row; 0: the whole request), `field` the event field (empty: the event or the request as a whole).
 * A workbook's problem also names its `sheet` and `cell`.
 */
export interface EventProblem extends RowProblem {
  index?: number;
  sheet?: string;
  cell?: string;
}

/** Some events are bad: every one is listed, and nothing of the request was stored (400). */
export class WorkOrderEventsInvalidError extends InvalidError {
  constructor(readonly rows: EventProblem[]) {
    const events = new Set(rows.map((r) => r.row)).size;
    super(`${events} event(s) refused; nothing was stored: ${summary(rows)}`);
  }
}

function summary(rows: EventProblem[]): string {
  const shown = rows.slice(0, 10).map((p) => {
    const where = p.cell ?? (p.index !== undefined ? `events[${p.index}]` : `row ${p.row}`);
    return `${where}${p.field ? `.${p.field}` : ''}: ${p.message}`;
  });
  return shown.join('; ') + (rows.length > shown.length ? `; and ${rows.length - shown.length} more` : '');
}

/** What a stored request or file made: events received, newly stored, and ignored as already stored. */
export interface ReceivedEvents {
  received: number;
  stored: number;
  duplicates: number;
}

/** Where an event came from, for its problems: its place in a request, a file's line, or a sheet's cell. */
export interface EventPlace {
  row: number;
  index?: number;
  sheet?: string;
  /** The cell of a field (a workbook): `SHEET!C5`. */
  cellOf?: (field: string) => string | undefined;
}

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;

/**
 * An ISO 8601 date and time with its offset, as milliseconds since the epoch; null when it is not one (no
 * offset, a date that does not exist such as 2026-02-30, a year before 1970).
 */
export function parseOffsetTime(text: string): number | null {
  const m = ISO_RE.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const s = m[6] ? Number(m[6]) : 0;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  let offsetMin = 0;
  if (!m[8]) {
    const [oh, om] = [Number(m[10]), Number(m[11])];
    if (oh > 23 || om > 59) return null;
    offsetMin = (oh * 60 + om) * (m[9] === '-' ? -1 : 1);
  }
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMin * 60_000;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const monthFormats = new Map<string, { format: Intl.DateTimeFormat; months: Map<number, string> }>();
/** Every time zone's offset changes on a quarter hour: within one UTC quarter hour the month is the same. */
const QUARTER_HOUR_MS = 15 * 60_000;

/** The month ("YYYY-MM") an instant falls in, in `timeZone` (an IANA name, checked at start-up). */
export function monthIn(epochMs: number, timeZone: string): string {
  let zone = monthFormats.get(timeZone);
  if (!zone) {
    const format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit' });
    zone = { format, months: new Map() };
    monthFormats.set(timeZone, zone);
  }
  const bucket = Math.floor(epochMs / QUARTER_HOUR_MS);
  let month = zone.months.get(bucket);
  if (month === undefined) {
    const parts = zone.format.formatToParts(new Date(bucket * QUARTER_HOUR_MS));
    const part = (t: string) => parts.find((p) => p.type === t)!.value;
    month = `${part('year').padStart(4, '0')}-${part('month')}`;
    if (zone.months.size > 100_000) zone.months.clear();
    zone.months.set(bucket, month);
  }
  return month;
}

/**
 * Checks events (a request's list, or a file's rows as objects) and returns them ready to store, or throws
 * WorkOrderEventsInvalidError listing every problem of every event.
 * @param placeOf where the i-th event came from (default: its place in a request's `events`)
 * @throws WorkOrderEventsInvalidError any event is bad (nothing is stored)
 */
export function checkEvents(
  items: unknown[],
  timeZone: string,
  placeOf: (i: number) => EventPlace = (i) => ({ row: i + 1, index: i }),
): CheckedEvent[] {
  const problems: EventProblem[] = [];
  const good: CheckedEvent[] = [];
  items.forEach((item, i) => {
    const place = placeOf(i);
    const before = problems.length;
    const bad = (field: string, code: ProblemCode, params?: ProblemParams) =>
      problems.push(eventProblem(place, field, code, params));
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return bad('', 'ROW_NOT_OBJECT');
    const e = item as Record<string, unknown>;
    for (const key of Object.keys(e))
      if (!(EVENT_FIELDS as readonly string[]).includes(key)) bad(key.slice(0, 100), 'UNKNOWN_FIELD');
    const eventId = idField(e, 'eventId', bad);
    const orderId = idField(e, 'orderId', bad);
    let type: WorkOrderEventType | null = null;
    if (e.type === undefined || e.type === null || e.type === '')
      bad('type', 'REQUIRED_ONE_OF', { values: WORK_ORDER_EVENT_TYPES.join(', ') });
    else if (!(WORK_ORDER_EVENT_TYPES as readonly unknown[]).includes(e.type))
      bad('type', 'ONE_OF_GOT', { values: WORK_ORDER_EVENT_TYPES.join(', '), got: quoteValue(e.type) });
    else type = e.type as WorkOrderEventType;
    let occurredMs: number | null = null;
    if (e.occurredAt === undefined || e.occurredAt === null || e.occurredAt === '')
      bad('occurredAt', 'REQUIRED');
    else {
      occurredMs = typeof e.occurredAt === 'string' ? parseOffsetTime(e.occurredAt) : null;
      if (occurredMs === null) bad('occurredAt', 'BAD_EVENT_TIME', { got: quoteValue(e.occurredAt) });
    }
    const requester = textField(e, 'requester', CODE_MAX, bad);
    const serviceType = textField(e, 'serviceType', CODE_MAX, bad);
    const assignee = textField(e, 'assignee', CODE_MAX, bad);
    const team = textField(e, 'team', CODE_MAX, bad);
    const result = textField(e, 'result', RESULT_MAX, bad);
    const note = textField(e, 'note', NOTE_MAX, bad);
    let rating: number | null = null;
    if (e.rating !== undefined && e.rating !== null && e.rating !== '') {
      if (
        typeof e.rating !== 'number' ||
        !Number.isFinite(e.rating) ||
        e.rating < RATING_MIN ||
        e.rating > RATING_MAX
      )
        bad('rating', 'BAD_RATING', { min: RATING_MIN, max: RATING_MAX, got: quoteValue(e.rating) });
      else rating = e.rating;
    } else if (type === 'rated') bad('rating', 'REQUIRED');
    // An assignment that names nobody would leave the order without anyone to credit.
    if (type === 'assigned' && e.assignee == null && e.team == null) bad('assignee', 'ASSIGNEE_OR_TEAM');
    if (problems.length > before) return;
    good.push({
      eventId: eventId!,
      orderId: orderId!,
      type: type!,
      occurredAt: new Date(occurredMs!).toISOString(),
      month: monthIn(occurredMs!, timeZone),
      requester,
      serviceType,
      assignee,
      team,
      result,
      rating,
      note,
    });
  });
  if (problems.length) throw new WorkOrderEventsInvalidError(problems);
  return good;
}

/**
 * A JSON request's body `{events: [...]}`, checked as a whole and event by event.
 * @throws WorkOrderEventsInvalidError the body is not such a list, it is empty or too long, or any event is bad
 */
export function checkFeedBody(body: unknown, timeZone: string): CheckedEvent[] {
  const whole = (code: ProblemCode, params?: ProblemParams, field = '') =>
    new WorkOrderEventsInvalidError([rowProblem(0, field, code, params)]);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw whole('EVENTS_NOT_LIST');
  const extra = Object.keys(body).filter((k) => k !== 'events');
  if (extra.length)
    throw new WorkOrderEventsInvalidError(extra.map((k) => rowProblem(0, k.slice(0, 100), 'UNKNOWN_FIELD')));
  const events = (body as { events?: unknown }).events;
  if (!Array.isArray(events)) throw whole('EVENTS_NOT_LIST', undefined, 'events');
  if (!events.length) throw whole('EMPTY_BATCH', undefined, 'events');
  if (events.length > MAX_FEED_EVENTS)
    throw whole('TOO_MANY_EVENTS', { max: MAX_FEED_EVENTS, count: events.length }, 'events');
  return checkEvents(events, timeZone);
}

function eventProblem(
  place: EventPlace,
  field: string,
  code: ProblemCode,
  params?: ProblemParams,
): EventProblem {
  const p: EventProblem = rowProblem(place.row, field, code, params);
  if (place.index !== undefined) p.index = place.index;
  if (place.sheet !== undefined) {
    p.sheet = place.sheet;
    const cell = place.cellOf?.(field);
    if (cell) p.cell = cell;
  }
  return p;
}

type Bad = (field: string, code: ProblemCode, params?: ProblemParams) => void;

/** An id of the external system: a text of 1 to 100 characters (a whole number is taken as its digits). */
function idField(e: Record<string, unknown>, field: EventField, bad: Bad): string | null {
  const v = e[field];
  if (v === undefined || v === null || v === '') return (bad(field, 'REQUIRED'), null);
  const text = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
  if (typeof text !== 'string' || text.trim() === '')
    return (bad(field, 'NOT_A_STRING', { got: quoteValue(v) }), null);
  if (text.length > ID_MAX) return (bad(field, 'TOO_LONG', { max: ID_MAX, length: text.length }), null);
  return text;
}

/** An optional text: absent, null or empty is null. */
function textField(e: Record<string, unknown>, field: EventField, max: number, bad: Bad): string | null {
  const v = e[field];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') return (bad(field, 'NOT_TEXT'), null);
  if (v.length > max) return (bad(field, 'TOO_LONG', { max, length: v.length }), null);
  return v;
}

/** The columns written, in order: the feed, the event's fields, when it arrived. */
const COLUMNS = [
  'feed_id',
  'event_id',
  'order_id',
  'type',
  'occurred_at',
  'month',
  'requester',
  'service_type',
  'assignee',
  'team',
  'result',
  'rating',
  'note',
  'received_at',
];
/** Rows per INSERT on SQLite (14 bound values each, well under its limit of 32,766). */
const SQLITE_CHUNK = 1_000;

/**
 * Stores events of a feed, each event id once: the first copy of an id within `events` is the one kept, and an id
 * the feed stored before is left as it was (ON CONFLICT DO NOTHING on the unique (feed_id, event_id)). Rows go in
 * event id order, so two requests carrying the same ids take the unique index's locks in the same order and cannot
 * deadlock. PostgreSQL gets one statement whatever the count (the columns as arrays through unnest: one parse,
 * fourteen parameters); SQLite multi-row INSERTs in the caller's transaction.
 * @returns how many were new, and how many were duplicates (within `events` or already stored)
 */
export async function storeEvents(
  em: EntityManager,
  feedId: number,
  events: CheckedEvent[],
  receivedAt: string = new Date().toISOString(),
): Promise<ReceivedEvents> {
  const byId = new Map<string, CheckedEvent>();
  for (const e of events) if (!byId.has(e.eventId)) byId.set(e.eventId, e);
  const unique = [...byId.values()].sort((a, b) =>
    a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0,
  );
  let stored = 0;
  if (em.connection.options.type === 'postgres') {
    const column = (pick: (e: CheckedEvent) => unknown) => unique.map(pick);
    const [{ n }] = await em.query<{ n: number }[]>(
      `WITH ins AS (INSERT INTO "work_order_events" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) ` +
        `SELECT $1::int, u.*, $13::varchar FROM unnest($2::varchar[], $3::varchar[], $4::varchar[], ` +
        `$5::varchar[], $6::varchar[], $7::varchar[], $8::varchar[], $9::varchar[], $10::varchar[], ` +
        `$11::varchar[], $14::float8[], $12::text[]) ` +
        `AS u(event_id, order_id, type, occurred_at, month, requester, service_type, assignee, team, result, ` +
        `rating, note) ` +
        `ON CONFLICT ("feed_id", "event_id") DO NOTHING RETURNING 1) SELECT count(*)::int AS n FROM ins`,
      [
        feedId,
        column((e) => e.eventId),
        column((e) => e.orderId),
        column((e) => e.type),
        column((e) => e.occurredAt),
        column((e) => e.month),
        column((e) => e.requester),
        column((e) => e.serviceType),
        column((e) => e.assignee),
        column((e) => e.team),
        column((e) => e.result),
        column((e) => e.note),
        receivedAt,
        column((e) => e.rating),
      ],
    );
    stored = n;
  } else {
    const cols = COLUMNS.map((c) => `"${c}"`).join(', ');
    for (let i = 0; i < unique.length; i += SQLITE_CHUNK) {
      const chunk = unique.slice(i, i + SQLITE_CHUNK);
      const values = chunk.map(() => `(${COLUMNS.map(() => '?').join(', ')})`).join(', ');
      const params = chunk.flatMap((e) => [
        feedId,
        e.eventId,
        e.orderId,
        e.type,
        e.occurredAt,
        e.month,
        e.requester,
        e.serviceType,
        e.assignee,
        e.team,
        e.result,
        e.rating,
        e.note,
        receivedAt,
      ]);
      const rows = await em.query<unknown[]>(
        `INSERT INTO "work_order_events" (${cols}) VALUES ${values} ` +
          `ON CONFLICT ("feed_id", "event_id") DO NOTHING RETURNING "id"`,
        params,
      );
      stored += rows.length;
    }
  }
  return { received: events.length, stored, duplicates: events.length - stored };
}

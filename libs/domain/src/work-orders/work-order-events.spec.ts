// Checking work-order events: times need their offset and must exist; the month is the date in the hospital's time
// zone; every problem of every event is listed with its place and code; a file's rows go through the same checks,
// named by line or cell.
import { eventsFromCsv, headerField, wallTimeWithOffset } from './events-file';
import {
  checkEvents,
  checkFeedBody,
  EventProblem,
  monthIn,
  parseOffsetTime,
  WorkOrderEventsInvalidError,
} from './work-order-events';

const SH = 'Asia/Shanghai';

function problemsOf(f: () => unknown): EventProblem[] {
  try {
    f();
  } catch (e) {
    if (e instanceof WorkOrderEventsInvalidError) return e.rows;
    throw e;
  }
  throw new Error('no problem');
}

describe('event times', () => {
  it('need an offset, and a date and time that exist', () => {
    expect(parseOffsetTime('2026-03-05T08:30:00+08:00')).toBe(Date.UTC(2026, 2, 5, 0, 30));
    expect(parseOffsetTime('2026-03-05T08:30+0800')).toBe(Date.UTC(2026, 2, 5, 0, 30));
    expect(parseOffsetTime('2026-03-05 08:30:00.25Z')).toBe(Date.UTC(2026, 2, 5, 8, 30, 0, 250));
    expect(parseOffsetTime('2026-03-04T20:00:00-05:00')).toBe(Date.UTC(2026, 2, 5, 1, 0));
    expect(parseOffsetTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    for (const bad of [
      '2026-03-05T08:30:00',
      '2026-03-05',
      '2026-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-03-05T24:00:00Z',
      '2026-03-05T08:60:00Z',
      '1969-12-31T23:59:59Z',
      '5 March 2026',
    ])
      expect([bad, parseOffsetTime(bad)]).toEqual([bad, null]);
  });

  it('fall in the month of their date in the time zone', () => {
    const t = parseOffsetTime('2026-10-31T16:00:00Z')!; // 1 November, midnight in Shanghai
    expect(monthIn(t, SH)).toBe('2026-11');
    expect(monthIn(t - 1, SH)).toBe('2026-10');
    expect(monthIn(t, 'UTC')).toBe('2026-10');
    expect(monthIn(parseOffsetTime('2026-11-01T00:30:00+01:00')!, 'Europe/Paris')).toBe('2026-11');
    expect(monthIn(parseOffsetTime('2026-10-31T23:59:00+01:00')!, 'Europe/Paris')).toBe('2026-10');
  });

  it('of a workbook are local: a wall time is given the offset of the zone then', () => {
    expect(wallTimeWithOffset(new Date(Date.UTC(2026, 9, 5, 8, 30)), SH)).toBe('2026-10-05T08:30:00+08:00');
    expect(wallTimeWithOffset(new Date(Date.UTC(2026, 6, 1, 12, 0)), 'Europe/Paris')).toBe(
      '2026-07-01T12:00:00+02:00',
    );
    expect(wallTimeWithOffset(new Date(Date.UTC(2026, 11, 1, 12, 0)), 'Europe/Paris')).toBe(
      '2026-12-01T12:00:00+01:00',
    );
  });
});

describe('checkEvents', () => {
  const created = { eventId: 'e1', orderId: 'R-1', type: 'created', occurredAt: '2026-10-05T08:30:00+08:00' };

  it('returns events with UTC times, their month and every absent field null', () => {
    expect(checkEvents([{ ...created, eventId: 17, serviceType: 'repair', note: '' }], SH)).toEqual([
      {
        eventId: '17',
        orderId: 'R-1',
        type: 'created',
        occurredAt: '2026-10-05T00:30:00.000Z',
        month: '2026-10',
        requester: null,
        serviceType: 'repair',
        assignee: null,
        team: null,
        result: null,
        rating: null,
        note: null,
      },
    ]);
  });

  it('lists every problem of every event, by index', () => {
    const rows = problemsOf(() =>
      checkEvents(
        [
          created,
          { eventId: 'e2', orderId: 'x'.repeat(101), type: 'rated', occurredAt: 5, rating: 0, team: 7 },
          { ...created, eventId: 'e3', type: 'assigned' },
          null,
        ],
        SH,
      ),
    );
    expect(rows.map((r) => [r.index, r.row, r.field, r.code])).toEqual([
      [1, 2, 'orderId', 'TOO_LONG'],
      [1, 2, 'occurredAt', 'BAD_EVENT_TIME'],
      [1, 2, 'team', 'NOT_TEXT'],
      [1, 2, 'rating', 'BAD_RATING'],
      [2, 3, 'assignee', 'ASSIGNEE_OR_TEAM'],
      [3, 4, '', 'ROW_NOT_OBJECT'],
    ]);
    expect(rows[0].message).toBe('at most 100 characters, got 101');
  });

  it('takes a body {events} of 1 to 5,000 events', () => {
    expect(checkFeedBody({ events: [created] }, SH)).toHaveLength(1);
    expect(problemsOf(() => checkFeedBody({ events: [created], more: 1 }, SH))[0]).toMatchObject({
      row: 0,
      field: 'more',
      code: 'UNKNOWN_FIELD',
    });
    expect(problemsOf(() => checkFeedBody({ events: {} }, SH))[0].code).toBe('EVENTS_NOT_LIST');
    expect(problemsOf(() => checkFeedBody(null, SH))[0].code).toBe('EVENTS_NOT_LIST');
  });
});

describe('events from CSV', () => {
  it('reads the header in any spelling and names problems by file line', () => {
    expect(['eventId', 'event_id', 'Event ID', 'EVENT-ID'].map(headerField)).toEqual(
      Array(4).fill('eventId'),
    );
    expect(headerField('colour')).toBeNull();
    const csv = [
      'Event ID,order_id,type,occurred_at,note,rating',
      'e1,R-1,created,2026-10-05T08:30:00+08:00,"two',
      'lines",',
      '',
      'e2,R-1,rated,2026-10-06T08:30:00+08:00,,4.5',
      'e3,R-1,rated,2026-10-06T08:30:00+08:00,,high',
    ].join('\n');
    expect(problemsOf(() => eventsFromCsv(csv, SH)).map((r) => [r.row, r.field, r.code])).toEqual([
      [6, 'rating', 'BAD_RATING'],
    ]);
    const events = eventsFromCsv(csv.split('\n').slice(0, 5).join('\n'), SH);
    expect(events.map((e) => [e.eventId, e.note, e.rating])).toEqual([
      ['e1', 'two\nlines', null],
      ['e2', null, 4.5],
    ]);
  });
});

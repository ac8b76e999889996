// Orders rebuilt from events: the rules one by one on hand-made histories, and, with fast-check, that any
// permutation of an order's (or many orders') events gives the same orders — the feed may deliver them in any
// order, and the derivation must not care.
import fc from 'fast-check';
import { compareEvents, OrderEvent, rebuildOrder, rebuildOrders } from './orders';

const T0 = Date.parse('2026-10-05T08:00:00Z');
let seq = 0;
/** An event `minutes` after T0 (08:00 UTC on 5 October). */
function ev(type: OrderEvent['type'], minutes: number, extra: Partial<OrderEvent> = {}): OrderEvent {
  return {
    feedId: 1,
    orderId: 'WO-1',
    eventId: `e${String(++seq).padStart(4, '0')}`,
    type,
    occurredAt: new Date(T0 + minutes * 60_000).toISOString(),
    month: '2026-10',
    ...extra,
  };
}

describe('rebuildOrder', () => {
  it('reads a plain history: requester, type, assignee, response and completion minutes, rating', () => {
    const o = rebuildOrder([
      ev('rated', 200, { rating: 4 }),
      ev('completed', 95.5, { result: 'done' }),
      ev('arrived', 12),
      ev('assigned', 3, { assignee: 'E101', team: 'ENG-CC' }),
      ev('created', 0, { requester: 'WARD-3', serviceType: 'repair.electric' }),
    ]);
    expect(o).toMatchObject({
      month: '2026-10',
      orphan: false,
      state: 'completed',
      requester: 'WARD-3',
      serviceType: 'repair.electric',
      assignee: 'E101',
      team: 'ENG-CC',
      responseMinutes: 12,
      completionMinutes: 95.5,
      reworks: 0,
      rating: 4,
      result: 'done',
      events: 5,
    });
  });

  it('takes the latest assignment before completion, the first arrival, the latest completion and rating', () => {
    const o = rebuildOrder([
      ev('created', 0, { serviceType: 'repair.water' }),
      ev('assigned', 1, { assignee: 'E101', team: 'ENG-CC' }),
      ev('arrived', 20),
      ev('assigned', 25, { assignee: 'E102' }),
      ev('arrived', 30),
      ev('completed', 60, { result: 'done' }),
      ev('rated', 70, { rating: 2 }),
      ev('reopened', 80),
      ev('completed', 140, { result: 'done' }),
      // A reassignment after the completion is paperwork: the work was E102's.
      ev('assigned', 150, { assignee: 'E999', team: 'X' }),
      ev('rated', 160, { rating: 5 }),
    ]);
    expect(o).toMatchObject({
      assignee: 'E102',
      team: 'ENG-CC',
      responseMinutes: 20,
      completionMinutes: 140,
      reworks: 1,
      rating: 5,
      state: 'completed',
    });
  });

  it('is reopened (not completed) when the last word is a reopening; an arrival before creation is ignored', () => {
    const o = rebuildOrder([
      ev('arrived', -5),
      ev('created', 0),
      ev('assigned', 1, { assignee: 'E101' }),
      ev('completed', 30, { result: 'done' }),
      ev('reopened', 40),
    ]);
    expect(o).toMatchObject({
      state: 'reopened',
      completedAt: new Date(T0 + 30 * 60_000).toISOString(),
      completionMinutes: null,
      responseMinutes: null,
      arrivedAt: null,
      reworks: 1,
    });
  });

  it('keeps an order without a created event as an orphan, with nothing derived', () => {
    const o = rebuildOrder([ev('assigned', 1, { assignee: 'E101' }), ev('completed', 9, { result: 'done' })]);
    expect(o).toMatchObject({ orphan: true, state: 'orphan', month: null, assignee: null, events: 2 });
  });

  it('orders equal instants by event id, and instants by time whatever their offset', () => {
    const a = ev('assigned', 0, { eventId: 'b' });
    const b = ev('assigned', 0, { eventId: 'a' });
    expect(compareEvents(a, b)).toBe(1);
    const east = { ...a, occurredAt: '2026-10-05T16:00:00+08:00' };
    const west = { ...b, occurredAt: '2026-10-05T08:00:01Z' };
    expect(compareEvents(east, west)).toBe(-1);
    // Two assignments at the same instant: the later event id wins, whatever order they came in.
    const history = [ev('created', 0), { ...a, assignee: 'B-WINS' }, { ...b, assignee: 'A-LOSES' }];
    expect(rebuildOrder(history).assignee).toBe('B-WINS');
    expect(rebuildOrder([...history].reverse()).assignee).toBe('B-WINS');
  });

  it('refuses no events and events of several orders (a caller error)', () => {
    expect(() => rebuildOrder([])).toThrow('no events');
    expect(() => rebuildOrder([ev('created', 0), ev('created', 0, { orderId: 'WO-2' })])).toThrow('several');
  });
});

describe('rebuildOrders under any permutation (fast-check)', () => {
  const TYPES: OrderEvent['type'][] = ['created', 'assigned', 'arrived', 'completed', 'reopened', 'rated'];
  /** Events of up to 4 orders of 2 feeds, minutes 0–300 (many ties), with the fields their types carry. */
  const eventsArb = fc
    .array(
      fc.record({
        feedId: fc.constantFrom(1, 2),
        orderId: fc.constantFrom('A', 'B', 'C', 'D'),
        type: fc.constantFrom(...TYPES),
        minute: fc.integer({ min: 0, max: 300 }),
        who: fc.constantFrom('E1', 'E2', null),
        team: fc.constantFrom('T1', 'T2', null),
        result: fc.constantFrom('done', 'failed', 'cancelled'),
        rating: fc.integer({ min: 1, max: 5 }),
        serviceType: fc.constantFrom('repair', 'transport', null),
      }),
      { minLength: 1, maxLength: 40 },
    )
    .map((list) =>
      list.map((r, i): OrderEvent => ({
        feedId: r.feedId,
        orderId: r.orderId,
        eventId: `ev-${String(i).padStart(3, '0')}`,
        type: r.type,
        occurredAt: new Date(T0 + r.minute * 60_000).toISOString(),
        month: '2026-10',
        requester: r.type === 'created' ? 'WARD' : null,
        serviceType: r.type === 'created' || r.type === 'assigned' ? r.serviceType : null,
        assignee: r.type === 'assigned' ? r.who : null,
        team: r.type === 'assigned' ? r.team : null,
        result: r.type === 'completed' ? r.result : null,
        rating: r.type === 'rated' ? r.rating : null,
      })),
    );

  it('gives the same orders for every order of arrival', () => {
    fc.assert(
      fc.property(
        eventsArb.chain((events) =>
          fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length })),
        ),
        ([events, shuffled]) => {
          expect(rebuildOrders(shuffled)).toEqual(rebuildOrders(events));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives one order per feed and order id, each counting its own events', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const orders = rebuildOrders(events);
        const keys = new Set(events.map((e) => `${e.feedId}/${e.orderId}`));
        expect(orders.map((o) => `${o.feedId}/${o.orderId}`).sort()).toEqual([...keys].sort());
        expect(orders.reduce((n, o) => n + o.events, 0)).toBe(events.length);
        for (const o of orders) {
          const own = events.filter((e) => e.feedId === o.feedId && e.orderId === o.orderId);
          expect(o.orphan).toBe(!own.some((e) => e.type === 'created'));
          expect(o.reworks).toBe(o.orphan ? 0 : own.filter((e) => e.type === 'reopened').length);
          if (o.responseMinutes !== null) expect(o.responseMinutes).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 200 },
    );
  });
});

// Orders rebuilt from their events. A work-order system sends what happened to an order (created, assigned,
// arrived, completed, reopened, rated) as separate events that may arrive late, twice (the intake drops the
// duplicate) or out of order; an order's state is therefore never stored but rebuilt here, from all its events
// taken in time order (occurredAt, then the system's event id, so that two events of the same millisecond always
// fall the same way). Whatever order the events arrived in, the same events give the same order. Pure: the
// derivation, the month's order list and "the orders behind a value" all call this one function.
import type { WorkOrderEventType } from '@app/persistence';

/** One event as the rebuild needs it (a stored WorkOrderEvent has these fields). */
export interface OrderEvent {
  /** The feed it came from: an order id is the external system's, so it names an order within one feed. */
  feedId: number;
  eventId: string;
  orderId: string;
  type: WorkOrderEventType;
  /** ISO 8601 (stored normalised to UTC). */
  occurredAt: string;
  /** "YYYY-MM" in the hospital's time zone (FEEDS_TZ), computed at receipt. */
  month: string;
  requester?: string | null;
  serviceType?: string | null;
  assignee?: string | null;
  team?: string | null;
  result?: string | null;
  rating?: number | null;
}

export type OrderState = 'open' | 'assigned' | 'arrived' | 'completed' | 'reopened' | 'orphan';

/** An order as its events say it is now. Minutes are full-precision (fractions of a minute kept). */
export interface WorkOrder {
  feedId: number;
  orderId: string;
  /** The month of its `created` event: the month it belongs to (null for an orphan). */
  month: string | null;
  /** No `created` event (yet): kept and reported, never counted in a derivation. */
  orphan: boolean;
  state: OrderState;
  /** How many events it has (after duplicates were dropped at receipt). */
  events: number;
  requester: string | null;
  serviceType: string | null;
  /** Of the latest assignment before its completion (or the latest, while it is not completed). */
  assignee: string | null;
  team: string | null;
  createdAt: string | null;
  /** The first arrival at or after creation (an arrival stamped before creation is a clock error, ignored). */
  arrivedAt: string | null;
  /** The latest completion (also when reopened since: then `state` is `reopened`). */
  completedAt: string | null;
  /** The latest completion's result (`done`, `failed`, `cancelled`…). */
  result: string | null;
  /** createdAt → arrivedAt. */
  responseMinutes: number | null;
  /** createdAt → completedAt, while completed (null once reopened, until completed again). */
  completionMinutes: number | null;
  /** How many times it was reopened. */
  reworks: number;
  /** The latest rating given. */
  rating: number | null;
}

/** `feedId` and `orderId` as one key (an order id names an order within its feed). */
export function orderKey(o: { feedId: number; orderId: string }): string {
  return `${o.feedId}\u0000${o.orderId}`;
}

const MINUTE_MS = 60_000;

/** Time order: occurredAt (as an instant, whatever its offset), then the event id (code-unit order). */
export function compareEvents(a: OrderEvent, b: OrderEvent): number {
  const ta = Date.parse(a.occurredAt);
  const tb = Date.parse(b.occurredAt);
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.eventId !== b.eventId) return a.eventId < b.eventId ? -1 : 1;
  return 0;
}

/**
 * Rebuilds one order from its events (all of one feed and order id, in any order).
 * @throws Error when `events` is empty or mixes orders (a programming error, not the sender's)
 */
export function rebuildOrder(events: readonly OrderEvent[]): WorkOrder {
  if (events.length === 0) throw new Error('rebuildOrder: no events');
  const { feedId, orderId } = events[0];
  if (events.some((e) => e.feedId !== feedId || e.orderId !== orderId))
    throw new Error(`rebuildOrder: events of several orders (${orderId})`);
  // Each instant parsed once, and an insertion sort: an order has a handful of events, and a month's derivation
  // rebuilds a million of them.
  const sorted: OrderEvent[] = [];
  const at: number[] = [];
  for (const e of events) {
    const t = Date.parse(e.occurredAt);
    let i = sorted.length;
    while (i > 0 && (at[i - 1] > t || (at[i - 1] === t && sorted[i - 1].eventId > e.eventId))) {
      sorted[i] = sorted[i - 1];
      at[i] = at[i - 1];
      i--;
    }
    sorted[i] = e;
    at[i] = t;
  }

  const createdIndex = sorted.findIndex((e) => e.type === 'created');
  const created = createdIndex >= 0 ? sorted[createdIndex] : undefined;
  // Object literals written out in full (no spread): one shape for every order, built fast.
  if (!created) {
    return {
      feedId,
      orderId,
      events: events.length,
      month: null,
      orphan: true,
      state: 'orphan',
      requester: null,
      serviceType: null,
      assignee: null,
      team: null,
      createdAt: null,
      arrivedAt: null,
      completedAt: null,
      result: null,
      responseMinutes: null,
      completionMinutes: null,
      reworks: 0,
      rating: null,
    };
  }
  const createdMs = at[createdIndex];

  let lastCompleted = -1;
  let lastReopened = -1;
  let reworks = 0;
  let rating: number | null = null;
  let arrival = -1;
  let serviceType: string | null = null;
  let requester: string | null = null;
  sorted.forEach((e, i) => {
    switch (e.type) {
      case 'created':
        requester ??= e.requester ?? null;
        serviceType = e.serviceType ?? serviceType;
        break;
      case 'assigned':
        // A service type on an assignment re-classifies the order (the latest word wins).
        serviceType = e.serviceType ?? serviceType;
        break;
      case 'arrived':
        if (arrival < 0 && at[i] >= createdMs) arrival = i;
        break;
      case 'completed':
        lastCompleted = i;
        break;
      case 'reopened':
        reworks++;
        lastReopened = i;
        break;
      case 'rated':
        if (e.rating !== null && e.rating !== undefined) rating = e.rating;
        break;
    }
  });
  const completed = lastCompleted >= 0 && lastCompleted > lastReopened;
  // Who did the work: the latest assignment before the completion (a reassignment after it is paperwork);
  // each of assignee and team from the latest assignment naming one.
  const assignedUntil = lastCompleted >= 0 ? lastCompleted : sorted.length;
  let assignee: string | null = null;
  let team: string | null = null;
  let anyAssignment = false;
  for (let i = 0; i < assignedUntil; i++) {
    const e = sorted[i];
    if (e.type !== 'assigned') continue;
    anyAssignment = true;
    assignee = e.assignee ?? assignee;
    team = e.team ?? team;
  }
  const completion = lastCompleted >= 0 ? sorted[lastCompleted] : undefined;
  const minutesSince = (i: number) => (at[i] - createdMs) / MINUTE_MS;
  const state: OrderState = completed
    ? 'completed'
    : reworks > 0
      ? 'reopened'
      : arrival >= 0
        ? 'arrived'
        : anyAssignment
          ? 'assigned'
          : 'open';
  return {
    feedId,
    orderId,
    events: events.length,
    month: created.month,
    orphan: false,
    state,
    requester,
    serviceType,
    assignee,
    team,
    createdAt: created.occurredAt,
    arrivedAt: arrival >= 0 ? sorted[arrival].occurredAt : null,
    completedAt: completion?.occurredAt ?? null,
    result: completion?.result ?? null,
    responseMinutes: arrival >= 0 ? minutesSince(arrival) : null,
    completionMinutes: completed ? minutesSince(lastCompleted) : null,
    reworks,
    rating,
  };
}

/** Rebuilds every order the events touch, sorted by feed and order id. */
export function rebuildOrders(events: readonly OrderEvent[]): WorkOrder[] {
  const byOrder = new Map<string, OrderEvent[]>();
  for (const e of events) {
    const key = orderKey(e);
    const list = byOrder.get(key);
    if (list) list.push(e);
    else byOrder.set(key, [e]);
  }
  return [...byOrder.values()]
    .map(rebuildOrder)
    .sort((a, b) => a.feedId - b.feedId || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0));
}

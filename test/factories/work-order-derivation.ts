// Work-order events for the derivation's tests, and the reference the derived values are compared with. The
// events are made by a seeded generator (the same month every run): orders of two feeds, with reassignments,
// several arrivals, reopenings, ratings, cancelled and failed results, orders created in the month before that
// still have events in this one, orders completed after midnight of the month's last day, orphans (no created
// event), and assignees and teams that are no codes of the hospital. The reference re-computes what the mapping
// asks for straight from the raw events, written out plainly here (not the product's code), so that a
// derivation is checked against an independent reading of the rules in docs/WORK-ORDERS.md.
import { DataSource } from 'typeorm';
import { WorkOrderEvent, WorkOrderFeed, WorkOrderMappingContent } from '@app/persistence';

/** An event as stored (without the row's own id and receipt time). */
export interface RawEvent {
  feedId: number;
  eventId: string;
  orderId: string;
  type: 'created' | 'assigned' | 'arrived' | 'completed' | 'reopened' | 'rated';
  occurredAt: string;
  month: string;
  requester: string | null;
  serviceType: string | null;
  assignee: string | null;
  team: string | null;
  result: string | null;
  rating: number | null;
}

/** mulberry32: a small seeded generator, so every run makes the same month. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The month of an instant in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiMonth(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 7);
}

export interface MonthSpec {
  /** "YYYY-MM". */
  period: string;
  feedIds: number[];
  orders: number;
  staff: string[];
  teams: string[];
  serviceTypes: string[];
  seed?: number;
  /** Prefix of order ids (a second batch of events for the same month uses another). */
  prefix?: string;
}

/** A month of events (in a shuffled order, as a feed might deliver them). */
export function monthEvents(spec: MonthSpec): RawEvent[] {
  const rnd = random(spec.seed ?? 7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const [y, m] = spec.period.split('-').map(Number);
  // The month in Shanghai: from 16:00 UTC on the last day of the month before.
  const start = Date.UTC(y, m - 1, 1) - 8 * 3_600_000;
  const end = Date.UTC(y, m, 1) - 8 * 3_600_000;
  const minute = 60_000;
  const events: RawEvent[] = [];
  for (let i = 0; i < spec.orders; i++) {
    const feedId = spec.feedIds[i % spec.feedIds.length];
    const orderId = `${spec.prefix ?? 'WO'}-${String(i).padStart(5, '0')}`;
    let k = 0;
    const add = (type: RawEvent['type'], at: number, fields: Partial<RawEvent> = {}) =>
      events.push({
        feedId,
        eventId: `${orderId}-${++k}`,
        orderId,
        type,
        occurredAt: new Date(at).toISOString(),
        month: shanghaiMonth(at),
        requester: null,
        serviceType: null,
        assignee: null,
        team: null,
        result: null,
        rating: null,
        ...fields,
      });
    const roll = rnd();
    // Most orders start in the month; some the day before it (their events run into it), some in its last
    // hours (completed in the next month).
    const created =
      roll < 0.06
        ? start - Math.floor(rnd() * 600) * minute
        : roll < 0.12
          ? end - Math.floor(rnd() * 120) * minute - minute
          : start + Math.floor(rnd() * ((end - start) / minute - 1000)) * minute;
    const orphan = rnd() < 0.08;
    if (!orphan)
      add('created', created, {
        requester: pick(['WARD-1', 'WARD-2', 'ICU']),
        serviceType: pick(spec.serviceTypes),
      });
    const assigneeOf = () => (rnd() < 0.07 ? 'GHOST' : pick(spec.staff));
    const teamOf = () => (rnd() < 0.05 ? 'NO-TEAM' : pick(spec.teams));
    if (rnd() < 0.95)
      add('assigned', created + (1 + Math.floor(rnd() * 10)) * minute, {
        assignee: assigneeOf(),
        team: teamOf(),
      });
    if (rnd() < 0.2)
      add('assigned', created + (5 + Math.floor(rnd() * 20)) * minute, {
        assignee: rnd() < 0.5 ? assigneeOf() : null,
        team: rnd() < 0.5 ? teamOf() : null,
        serviceType: rnd() < 0.3 ? pick(spec.serviceTypes) : null,
      });
    let t = created + (3 + Math.floor(rnd() * 90) + rnd()) * minute;
    if (rnd() < 0.9) add('arrived', t);
    if (rnd() < 0.1) add('arrived', t + 15 * minute);
    if (rnd() < 0.03) add('arrived', created - 7 * minute); // a clock error: before creation
    const completes = rnd() < 0.85;
    if (completes) {
      t += (20 + Math.floor(rnd() * 600)) * minute;
      const r = rnd();
      add('completed', t, { result: r < 0.8 ? 'done' : r < 0.9 ? 'failed' : 'cancelled' });
      if (rnd() < 0.15) {
        t += (30 + Math.floor(rnd() * 300)) * minute;
        add('reopened', t);
        if (rnd() < 0.6) {
          t += (10 + Math.floor(rnd() * 200)) * minute;
          add('completed', t, { result: 'done' });
          // A reassignment after the work is done: paperwork, not who did it.
          if (rnd() < 0.3) add('assigned', t + minute, { assignee: assigneeOf(), team: teamOf() });
        }
      }
    }
    if (rnd() < 0.5) add('rated', t + 60 * minute, { rating: 1 + Math.floor(rnd() * 5) });
    if (rnd() < 0.1) add('rated', t + 120 * minute, { rating: 1 + Math.floor(rnd() * 5) });
  }
  // Delivered in any order.
  for (let i = events.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [events[i], events[j]] = [events[j], events[i]];
  }
  return events;
}

/** A feed row (the ingest's own way of making one is not needed here). */
export function feed(ds: DataSource, code: string): Promise<WorkOrderFeed> {
  return ds.getRepository(WorkOrderFeed).save({
    code,
    name: `Feed ${code}`,
    names: null,
    secret: 'x'.repeat(64),
    createdBy: 'test',
    createdAt: new Date().toISOString(),
    disabledAt: null,
  });
}

/** Stores events as received rows (50 a statement: SQLite's bound-value limit). */
export async function storeEvents(ds: DataSource, events: readonly RawEvent[]): Promise<void> {
  const receivedAt = new Date().toISOString();
  for (let i = 0; i < events.length; i += 50)
    await ds
      .getRepository(WorkOrderEvent)
      .insert(events.slice(i, i + 50).map((e) => ({ ...e, note: null, receivedAt })));
}

// ---- The reference: the rules of docs/WORK-ORDERS.md, read plainly from the raw events ----

interface RefOrder {
  month: string | null;
  serviceType: string | null;
  assignee: string | null;
  team: string | null;
  response: number | null;
  completion: number | null;
  everCompleted: boolean;
  completedNow: boolean;
  result: string | null;
  reworks: number;
  rating: number | null;
}

function refOrder(own: RawEvent[]): RefOrder {
  const evs = [...own].sort((a, b) => {
    const d = Date.parse(a.occurredAt) - Date.parse(b.occurredAt);
    if (d !== 0) return d;
    return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
  });
  const createdIndex = evs.findIndex((e) => e.type === 'created');
  const o: RefOrder = {
    month: null,
    serviceType: null,
    assignee: null,
    team: null,
    response: null,
    completion: null,
    everCompleted: false,
    completedNow: false,
    result: null,
    reworks: 0,
    rating: null,
  };
  if (createdIndex < 0) return o;
  const created = evs[createdIndex];
  const t0 = Date.parse(created.occurredAt);
  o.month = created.month;
  let lastCompletedAt = -1;
  let lastReopenedAt = -1;
  evs.forEach((e, i) => {
    if ((e.type === 'created' || e.type === 'assigned') && e.serviceType !== null)
      o.serviceType = e.serviceType;
    if (e.type === 'completed') lastCompletedAt = i;
    if (e.type === 'reopened') {
      lastReopenedAt = i;
      o.reworks += 1;
    }
    if (e.type === 'rated' && e.rating !== null) o.rating = e.rating;
  });
  const firstArrival = evs.find((e) => e.type === 'arrived' && Date.parse(e.occurredAt) >= t0);
  if (firstArrival) o.response = (Date.parse(firstArrival.occurredAt) - t0) / 60_000;
  const lastAssignmentAt = lastCompletedAt >= 0 ? lastCompletedAt : evs.length;
  for (const e of evs.slice(0, lastAssignmentAt))
    if (e.type === 'assigned') {
      if (e.assignee !== null) o.assignee = e.assignee;
      if (e.team !== null) o.team = e.team;
    }
  if (lastCompletedAt >= 0) {
    o.everCompleted = true;
    o.result = evs[lastCompletedAt].result;
    o.completedNow = lastCompletedAt > lastReopenedAt;
    if (o.completedNow) o.completion = (Date.parse(evs[lastCompletedAt].occurredAt) - t0) / 60_000;
  }
  return o;
}

/** The reference's orders of `period`, and the month's orphans (orders touching it without a created event). */
export function referenceOrders(events: readonly RawEvent[], period: string) {
  const byOrder = new Map<string, RawEvent[]>();
  for (const e of events) {
    const k = `${e.feedId}/${e.orderId}`;
    byOrder.set(k, [...(byOrder.get(k) ?? []), e]);
  }
  const orders: (RefOrder & { key: string })[] = [];
  const orphans: string[] = [];
  for (const [key, own] of byOrder) {
    const o = refOrder(own);
    if (o.month === null) {
      if (own.some((e) => e.month === period)) orphans.push(key);
    } else if (o.month === period) orders.push({ ...o, key });
  }
  return { orders, orphans: orphans.sort() };
}

/**
 * The values the mapping gives for `period`: `input|s:CODE` / `input|d:CODE` / `task|s:CODE` → value, for the
 * subjects in `staff` and `teams` (others skipped).
 */
export function referenceValues(
  events: readonly RawEvent[],
  period: string,
  mapping: WorkOrderMappingContent,
  staff: readonly string[],
  teams: readonly string[],
): Map<string, number> {
  const { orders } = referenceOrders(events, period);
  const out = new Map<string, number>();
  const cancelled = (o: RefOrder) => o.completedNow && o.result === 'cancelled';
  const done = (o: RefOrder) => o.completedNow && o.result === 'done';
  for (const entry of mapping.inputs) {
    const known = entry.per === 'staff' ? staff : teams;
    for (const code of known) {
      const mine = orders.filter(
        (o) =>
          (entry.per === 'staff' ? o.assignee : o.team) === code &&
          (!entry.serviceTypes || (o.serviceType !== null && entry.serviceTypes.includes(o.serviceType))),
      );
      if (mine.length === 0) continue;
      let value: number | null = null;
      const share = (base: RefOrder[], hit: (o: RefOrder) => boolean) =>
        base.length === 0 ? null : (100 * base.filter(hit).length) / base.length;
      const limit = entry.minutes ?? 0;
      switch (entry.measure) {
        case 'orders':
          value = mine.length;
          break;
        case 'completed':
          value = mine.filter(done).length;
          break;
        case 'on_time_count':
          // A count: cancelled orders are simply not done; 0 when none was on time.
          value = mine.filter((o) => done(o) && o.completion !== null && o.completion <= limit).length;
          break;
        case 'response_p': {
          const v = mine
            .map((o) => o.response)
            .filter((x): x is number => x !== null)
            .sort((a, b) => a - b);
          // Nearest rank: the value at rank ⌈p/100 · n⌉.
          value = v.length
            ? v[Math.max(1, Math.ceil(((entry.percentile ?? 50) * v.length) / 100)) - 1]
            : null;
          break;
        }
        case 'response_mean': {
          const v = mine.map((o) => o.response).filter((x): x is number => x !== null);
          value = v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
          break;
        }
        case 'response_within':
          value = share(
            mine.filter((o) => !cancelled(o)),
            (o) => o.response !== null && o.response <= limit,
          );
          break;
        case 'on_time':
          value = share(
            mine.filter((o) => !cancelled(o)),
            (o) => done(o) && o.completion !== null && o.completion <= limit,
          );
          break;
        case 'rework_rate':
          value = share(
            mine.filter((o) => o.everCompleted),
            (o) => o.reworks > 0,
          );
          break;
        case 'mean_rating': {
          const r = mine.map((o) => o.rating).filter((x): x is number => x !== null);
          value = r.length ? r.reduce((a, b) => a + b, 0) / r.length : null;
          break;
        }
      }
      if (value !== null) out.set(`${entry.input}|${entry.per === 'staff' ? 's' : 'd'}:${code}`, value);
    }
  }
  for (const t of mapping.tasks)
    for (const code of staff) {
      const n = orders.filter(
        (o) => o.assignee === code && o.serviceType === t.serviceType && done(o),
      ).length;
      const k = `${t.task}|s:${code}`;
      if (n > 0) out.set(k, (out.get(k) ?? 0) + n);
    }
  return out;
}

/** Derived values as the service lists them, keyed like referenceValues. */
export function valuesByKey(
  values: { input?: string; task?: string; staff?: string; team?: string; value: number }[],
): Map<string, number> {
  return new Map(
    values.map((v) => [
      `${v.input ?? v.task}|${v.staff !== undefined ? `s:${v.staff}` : `d:${v.team}`}`,
      v.value,
    ]),
  );
}

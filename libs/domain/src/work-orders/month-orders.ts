// Reading a month's orders from the stored events without holding the month in memory. An order belongs to the
// month of its `created` event, but its later events may fall in the next month (completed after midnight of the
// last day), so the orders a month touches are found first (the keys of its events, feed by feed, through the
// (feed_id, month) index), then their events — all of them, whatever month — are read in chunks of orders
// through the (feed_id, order_id) index, and each chunk is rebuilt (orders.ts) and handed on before the next is
// read: a month of a million events is held a chunk at a time, plus the list of its order keys.
import { EntityManager } from 'typeorm';
import { WorkOrderFeed } from '@app/persistence';
import { OrderEvent, rebuildOrders, WorkOrder } from './orders';

/** Orders whose events are read and rebuilt together (SQLite takes at most 999 bound values in old builds). */
const CHUNK = { postgres: 2000, sqlite: 500 } as const;

/** The event columns the rebuild reads. */
const EVENT_COLUMNS =
  'feed_id, event_id, order_id, type, occurred_at, month, requester, service_type, assignee, team, result, rating';

interface EventRow {
  feed_id: number | string;
  event_id: string;
  order_id: string;
  type: OrderEvent['type'];
  occurred_at: string;
  month: string;
  requester: string | null;
  service_type: string | null;
  assignee: string | null;
  team: string | null;
  result: string | null;
  rating: number | string | null;
}

function toEvent(r: EventRow): OrderEvent {
  return {
    feedId: Number(r.feed_id),
    eventId: r.event_id,
    orderId: r.order_id,
    type: r.type,
    occurredAt: r.occurred_at,
    month: r.month,
    requester: r.requester,
    serviceType: r.service_type,
    assignee: r.assignee,
    team: r.team,
    result: r.result,
    rating: r.rating === null ? null : Number(r.rating),
  };
}

const isPostgres = (em: EntityManager) => em.connection.options.type === 'postgres';

/** `$1, $2…` on PostgreSQL, `?` on SQLite, for the n-th (1-based) parameter. */
const param = (em: EntityManager, n: number) => (isPostgres(em) ? `$${n}` : '?');

/** The feeds by id (their codes name an order's feed in lists). */
export async function feedCodes(em: EntityManager): Promise<Map<number, string>> {
  return new Map((await em.find(WorkOrderFeed)).map((f) => [f.id, f.code]));
}

/** The order ids of one feed that have an event in the month, sorted. */
async function monthOrderIds(em: EntityManager, feedId: number, period: string): Promise<string[]> {
  const rows: { order_id: string }[] = await em.query(
    `SELECT order_id FROM work_order_events WHERE feed_id = ${param(em, 1)} AND month = ${param(em, 2)} ` +
      'GROUP BY order_id ORDER BY order_id',
    [feedId, period],
  );
  return rows.map((r) => r.order_id);
}

/** Every event of these orders of one feed (any month). */
export async function eventsOfOrders(
  em: EntityManager,
  feedId: number,
  orderIds: readonly string[],
): Promise<OrderEvent[]> {
  if (orderIds.length === 0) return [];
  const rows: EventRow[] = isPostgres(em)
    ? await em.query(
        `SELECT ${EVENT_COLUMNS} FROM work_order_events WHERE feed_id = $1 AND order_id = ANY($2::varchar[])`,
        [feedId, orderIds],
      )
    : await em.query(
        `SELECT ${EVENT_COLUMNS} FROM work_order_events WHERE feed_id = ? AND order_id IN (${orderIds
          .map(() => '?')
          .join(', ')})`,
        [feedId, ...orderIds],
      );
  return rows.map(toEvent);
}

/** Rebuilds the orders of the given keys, a chunk at a time, handing each chunk's orders to `each`. */
export async function forEachOrderOf(
  em: EntityManager,
  keys: ReadonlyMap<number, readonly string[]>,
  each: (orders: WorkOrder[]) => void,
): Promise<void> {
  const size = isPostgres(em) ? CHUNK.postgres : CHUNK.sqlite;
  for (const [feedId, ids] of [...keys].sort((a, b) => a[0] - b[0])) {
    for (let i = 0; i < ids.length; i += size)
      each(rebuildOrders(await eventsOfOrders(em, feedId, ids.slice(i, i + size))));
  }
}

/**
 * Makes sure PostgreSQL has statistics of the events table before a month is read. A feed can add a million
 * events within minutes, before autovacuum's next ANALYZE; without statistics the planner takes the table for
 * small and reads each chunk's orders by scanning every event of the feed (16 s instead of 4 for a million
 * events). ANALYZE samples a fixed number of rows (a fraction of a second); it runs when the table was never
 * analysed or has changed by a fifth since. A refusal (a database user that does not own the table) is ignored:
 * the reading is then only slower.
 */
async function freshStatistics(em: EntityManager): Promise<void> {
  if (!isPostgres(em)) return;
  try {
    const [stats]: { live: string; changed: string; analysed: boolean }[] = await em.query(
      'SELECT n_live_tup AS live, n_mod_since_analyze AS changed, ' +
        '(last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL) AS analysed ' +
        "FROM pg_stat_user_tables WHERE relname = 'work_order_events'",
    );
    if (!stats) return;
    if (!stats.analysed || Number(stats.changed) > Number(stats.live) / 5)
      await em.query('ANALYZE work_order_events');
  } catch {
    // Not the table's owner: the statistics stay autovacuum's.
  }
}

/**
 * Every order with an event in the month — its own (created in it), orphans (no `created` event), and orders of
 * an earlier month that still had events in it — rebuilt from all their events, chunk by chunk, in feed and
 * order id order. The caller tells them apart by `month` and `orphan`.
 */
export async function forEachMonthOrder(
  em: EntityManager,
  period: string,
  each: (orders: WorkOrder[]) => void,
): Promise<void> {
  await freshStatistics(em);
  const keys = new Map<number, string[]>();
  for (const feedId of (await feedCodes(em)).keys()) {
    const ids = await monthOrderIds(em, feedId, period);
    if (ids.length) keys.set(feedId, ids);
  }
  await forEachOrderOf(em, keys, each);
}

/**
 * The keys of the orders whose assignments name a member of staff (per 'staff') or a team (per 'team'), by
 * feed: the candidates of one subject's orders (the rebuild decides which assignment counts).
 */
export async function ordersAssignedTo(
  em: EntityManager,
  per: 'staff' | 'team',
  code: string,
): Promise<Map<number, string[]>> {
  const column = per === 'staff' ? 'assignee' : 'team';
  const rows: { feed_id: number | string; order_id: string }[] = await em.query(
    `SELECT DISTINCT feed_id, order_id FROM work_order_events WHERE type = 'assigned' AND ${column} = ${param(
      em,
      1,
    )} ORDER BY feed_id, order_id`,
    [code],
  );
  const keys = new Map<number, string[]>();
  for (const r of rows) {
    const feedId = Number(r.feed_id);
    const list = keys.get(feedId);
    if (list) list.push(r.order_id);
    else keys.set(feedId, [r.order_id]);
  }
  return keys;
}

/**
 * One page of the month's own orders and orphans (orders with an event in the month and a `created` event in it,
 * or none anywhere), in feed and order id order, and how many there are.
 */
export async function monthOrderPage(
  em: EntityManager,
  period: string,
  offset: number,
  limit: number,
): Promise<{ total: number; keys: Map<number, string[]> }> {
  const pg = isPostgres(em);
  const listed =
    'SELECT e.feed_id, e.order_id FROM work_order_events e WHERE e.month = ' +
    param(em, 1) +
    ' GROUP BY e.feed_id, e.order_id HAVING SUM(CASE WHEN e.type = ' +
    "'created' THEN 1 ELSE 0 END) > 0 OR NOT EXISTS (SELECT 1 FROM work_order_events c WHERE c.feed_id = " +
    "e.feed_id AND c.order_id = e.order_id AND c.type = 'created')";
  const [{ n }]: { n: number | string }[] = await em.query(`SELECT COUNT(*) AS n FROM (${listed}) t`, [
    period,
  ]);
  const rows: { feed_id: number | string; order_id: string }[] = await em.query(
    `${listed} ORDER BY e.feed_id, e.order_id${pg ? ' COLLATE "C"' : ''} LIMIT ${pg ? '$2' : '?'} OFFSET ${pg ? '$3' : '?'}`,
    [period, limit, offset],
  );
  const keys = new Map<number, string[]>();
  for (const r of rows) {
    const feedId = Number(r.feed_id);
    const list = keys.get(feedId);
    if (list) list.push(r.order_id);
    else keys.set(feedId, [r.order_id]);
  }
  return { total: Number(n), keys };
}

// Benchmark of the work-order feed: a month of work-order events posted signed to `POST /api/v1/feeds/work-orders`
// in batches of 1,000 over 4 concurrent connections, then (when the derivation exists) the month derived into
// inputs with a mapping.
//
//   npm run bench:feeds -- [--events 1000000] [--staff 300] [--batch 1000] [--connections 4] [--keep]
//
// Set-up: a scratch PostgreSQL database `scorecard_bench_feeds` (created, migrated, dropped afterwards unless
// --keep) holding the benchmarks' month (scripts/bench-month.ts) for --staff people in 20 departments, the real
// API in a process of its own (scripts/api-server.ts), and a feed registered by HR over HTTP. The events are
// generated as they are sent (deterministic): about 200,000 orders for a million events, each created, assigned
// (a member of staff and their department as the team), arrived and completed; about 8 % reopened and completed
// again, half of them rated. A batch is shuffled before it goes (events of an order out of order), about 5 % of
// events are held back a few batches (later events arrive before earlier ones across requests) and about 2 % are
// sent again later (duplicates). Prints one JSON line: {events, seconds, eventsPerSecond, stored, duplicates,
// orders, deriveSeconds, ...}; exits 1 when fewer than 5,000 events/s were taken, a request failed or the stored
// count is not the number of distinct events sent.
//
// PostgreSQL: the server of BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import { Agent, request as httpRequest } from 'node:http';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { importDocument } from '@app/domain/documents';
import { signFeedRequest } from '@app/domain/work-orders';
import { openDatabase } from '@app/persistence';
import { ApiProcess, cpuSeconds, cpuSecondsOf, machineCpuSeconds } from './api-process';
import { generate } from './bench-month';
import { arg } from './bench-args';

const EVENTS = arg('events', 1_000_000);
const STAFF = arg('staff', 300);
const DEPARTMENTS = 20;
const BATCH = arg('batch', 1_000);
const CONNECTIONS = arg('connections', 4);
const KEEP = process.argv.includes('--keep');
const TARGET_EVENTS_PER_SECOND = 5_000;
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'scorecard_bench_feeds';
const FEED = 'BENCH-WO';

const seconds = (ms: number) => Math.round(ms / 10) / 100;
const round1 = (x: number) => Math.round(x * 10) / 10;
const log = (s: string) => process.stderr.write(`${s}\n`);

interface FeedEvent {
  eventId: string;
  orderId: string;
  type: string;
  occurredAt: string;
  requester?: string;
  serviceType?: string;
  assignee?: string;
  team?: string;
  result?: string;
  rating?: number;
  note?: string;
}

const SERVICE_TYPES = [
  'repair.electric',
  'repair.plumbing',
  'repair.hvac',
  'transport.patient',
  'transport.specimen',
];
/** 2026-10-01T00:00+08:00: the month's first minute in the hospital's time zone. */
const MONTH_START = Date.UTC(2026, 8, 30, 16, 0);
const MONTH_MS = 31 * 24 * 3600_000;

/** ISO 8601 in Shanghai's offset, as a Chinese work-order system would send it. */
function shanghai(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00';
}

/**
 * The events to send, in sending order, batch by batch: generated order by order (deterministic), each batch
 * shuffled, some events held back a few batches, some sent twice. Stops after exactly `total` events.
 */
class EventSource {
  private seed = 7;
  private order = 0;
  private sent = 0;
  readonly distinct = new Set<string>();
  private readonly pending: FeedEvent[] = [];
  private readonly heldBack: { release: number; event: FeedEvent }[] = [];
  private readonly recent: FeedEvent[] = [];
  private batchNo = 0;

  constructor(private readonly total: number) {}

  get orders(): number {
    return this.order;
  }

  private rnd(): number {
    this.seed = (this.seed * 1103515245 + 12345) >>> 0;
    return this.seed / 4294967296;
  }

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }

  /** One order's events, in the order they happened. */
  private orderEvents(): FeedEvent[] {
    const n = ++this.order;
    const orderId = `WO${String(n).padStart(8, '0')}`;
    const staff = this.int(0, STAFF - 1);
    const assignee = `S${String(staff).padStart(6, '0')}`;
    const team = `D${staff % DEPARTMENTS}`;
    const created = MONTH_START + Math.floor(this.rnd() * (MONTH_MS - 12 * 3600_000));
    let k = 0;
    const ev = (type: string, at: number, extra: Partial<FeedEvent> = {}): FeedEvent => ({
      eventId: `${orderId}-${++k}`,
      orderId,
      type,
      occurredAt: shanghai(at),
      ...extra,
    });
    const assigned = created + this.int(1, 15) * 60_000;
    const arrived = assigned + this.int(3, 60) * 60_000;
    const completed = arrived + this.int(10, 240) * 60_000;
    const cancelled = this.rnd() < 0.03;
    const out = [
      ev('created', created, {
        requester: `W${this.int(1, 40)}`,
        serviceType: SERVICE_TYPES[this.int(0, SERVICE_TYPES.length - 1)],
      }),
      ev('assigned', assigned, { assignee, team }),
      ev('arrived', arrived),
      ev('completed', completed, { result: cancelled ? 'cancelled' : 'done' }),
    ];
    let last = completed;
    if (!cancelled && this.rnd() < 0.08) {
      const reopened = completed + this.int(60, 48 * 60) * 60_000;
      last = reopened + this.int(20, 180) * 60_000;
      out.push(
        ev('reopened', reopened, { note: '复修 / not fixed' }),
        ev('completed', last, { result: 'done' }),
      );
    }
    if (!cancelled && this.rnd() < 0.5)
      out.push(ev('rated', last + this.int(10, 24 * 60) * 60_000, { rating: this.int(1, 5) }));
    return out;
  }

  /** The next batch to send (null when all are sent). */
  next(size: number): FeedEvent[] | null {
    if (this.sent >= this.total) return null;
    this.batchNo++;
    const batch: FeedEvent[] = [];
    // Held-back events whose time has come go first, then duplicates and fresh ones.
    for (let i = this.heldBack.length - 1; i >= 0 && batch.length < size; i--) {
      if (this.heldBack[i].release <= this.batchNo) batch.push(this.heldBack.splice(i, 1)[0].event);
    }
    // Held-back events count as sent already: they go out later, within the total.
    while (batch.length < size && this.sent + batch.length + this.heldBack.length < this.total) {
      if (this.recent.length > 100 && this.rnd() < 0.02) {
        batch.push(this.recent[this.int(0, this.recent.length - 1)]);
        continue;
      }
      if (!this.pending.length) this.pending.push(...this.orderEvents());
      const e = this.pending.shift()!;
      if (this.rnd() < 0.05) {
        this.heldBack.push({ release: this.batchNo + this.int(1, 4), event: e });
        continue;
      }
      batch.push(e);
    }
    // The last batches release whatever is still held back, so the total comes out exact.
    if (this.sent + batch.length + this.heldBack.length >= this.total)
      while (this.heldBack.length && batch.length < size) batch.push(this.heldBack.pop()!.event);
    for (let i = batch.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [batch[i], batch[j]] = [batch[j], batch[i]];
    }
    for (const e of batch) {
      this.distinct.add(e.eventId);
      this.recent.push(e);
    }
    if (this.recent.length > 5_000) this.recent.splice(0, this.recent.length - 5_000);
    this.sent += batch.length;
    return batch;
  }
}

/** A POST over a kept-alive connection; resolves with the status and the body. */
function post(
  agent: Agent,
  url: URL,
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path,
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function benchDatabase(): Promise<{ url: string; release: () => Promise<void> }> {
  const admin = new DataSource({ type: 'postgres', url: ADMIN_URL });
  await admin.initialize();
  await admin.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${DB_NAME}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB_NAME}`;
  return {
    url: url.toString(),
    release: async () => {
      if (!KEEP) await admin.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const db = await benchDatabase();
  let api: ApiProcess | undefined;
  try {
    // The month the orders belong to, with the staff and departments they are assigned to.
    const doc = generate(STAFF, DEPARTMENTS);
    const ds = await openDatabase(db.url);
    await importDocument(ds, doc, 'bench');
    await ds.destroy();
    api = await ApiProcess.start(db.url);
    log(`API on ${api.url} (pid ${api.pid})`);
    const hr = await api.signIn();
    const { secret } = await api.json<{ secret: string }>(
      'POST',
      '/api/v1/feeds/work-orders/feeds',
      { code: FEED, name: { zh: '基准工单系统', en: 'Benchmark work orders' } },
      hr,
      201,
    );

    const source = new EventSource(EVENTS);
    const url = new URL(api.url);
    const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    let stored = 0;
    let duplicates = 0;
    let requests = 0;
    const failures: string[] = [];
    log(`posting ${EVENTS} events in batches of ${BATCH} over ${CONNECTIONS} connections...`);
    const cpu0 = {
      api: cpuSeconds(api.pid),
      bench: cpuSeconds(process.pid),
      postgres: cpuSecondsOf('postgres'),
      machine: machineCpuSeconds(),
    };
    const t0 = performance.now();
    const worker = async () => {
      for (let batch = source.next(BATCH); batch; batch = source.next(BATCH)) {
        const body = JSON.stringify({ events: batch });
        const timestamp = Math.floor(Date.now() / 1000);
        const res = await post(agent, url, '/api/v1/feeds/work-orders', body, {
          'X-Feed': FEED,
          'X-Feed-Timestamp': String(timestamp),
          'X-Feed-Signature': signFeedRequest(secret, timestamp, body),
        });
        requests++;
        if (res.status !== 200) {
          failures.push(`${res.status} ${res.text.slice(0, 300)}`);
          continue;
        }
        const r = JSON.parse(res.text) as { stored: number; duplicates: number };
        stored += r.stored;
        duplicates += r.duplicates;
        if (requests % 100 === 0) log(`  ${requests} requests, ${stored} stored`);
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    const ms = performance.now() - t0;
    const cpu = {
      api: round1(cpuSeconds(api.pid) - cpu0.api),
      bench: round1(cpuSeconds(process.pid) - cpu0.bench),
      postgres: round1(cpuSecondsOf('postgres') - cpu0.postgres),
      machine: round1(machineCpuSeconds() - cpu0.machine),
    };
    agent.destroy();
    if (failures.length) log(`${failures.length} request(s) failed, the first: ${failures[0]}`);

    // The mapping and the derivation, when the API has them (404 otherwise).
    let deriveSeconds: number | null = null;
    let derive: unknown = null;
    const mapping = await fetch(`${api.url}/api/v1/work-orders/mapping`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', ...hr },
      body: JSON.stringify({
        effectiveFrom: doc.period,
        content: {
          inputs: [
            { input: 'i12', per: 'staff', measure: 'orders' },
            { input: 'i13', per: 'staff', measure: 'completed' },
            { input: 'i14', per: 'staff', measure: 'response_p', percentile: 90 },
            { input: 'i21', per: 'staff', measure: 'on_time', minutes: 240 },
            { input: 'i22', per: 'staff', measure: 'rework_rate' },
            { input: 'i16', per: 'staff', measure: 'mean_rating' },
          ],
          tasks: [],
        },
      }),
    });
    if (mapping.status === 404) log('no mapping route: the derivation is not timed');
    else if (!mapping.ok)
      log(`the mapping was refused: ${mapping.status} ${(await mapping.text()).slice(0, 500)}`);
    else {
      log('deriving the month...');
      const d0 = performance.now();
      const res = await fetch(`${api.url}/api/v1/periods/${doc.period}/work-orders/derive`, {
        method: 'POST',
        headers: hr,
      });
      deriveSeconds = seconds(performance.now() - d0);
      const text = await res.text();
      if (!res.ok) log(`derive: ${res.status} ${text.slice(0, 500)}`);
      else {
        // What it read and made, without the mapping it echoes.
        const { orders, events, orphans, rows } =
          (JSON.parse(text) as { summary?: Record<string, unknown> }).summary ?? {};
        derive = { orders, events, orphans, rows };
      }
    }

    const summary = {
      events: EVENTS,
      seconds: seconds(ms),
      eventsPerSecond: Math.round(EVENTS / (ms / 1000)),
      requests,
      failedRequests: failures.length,
      stored,
      duplicates,
      distinctEvents: source.distinct.size,
      orders: source.orders,
      staff: STAFF,
      batch: BATCH,
      connections: CONNECTIONS,
      // CPU seconds during the ingestion: the API, this process (generating and signing), PostgreSQL, the machine.
      cpuSeconds: cpu,
      apiPeakRssMb: api.peakRssMb(),
      deriveSeconds,
      derive,
      target: TARGET_EVENTS_PER_SECOND,
      met: false,
    };
    summary.met =
      summary.eventsPerSecond >= TARGET_EVENTS_PER_SECOND &&
      !failures.length &&
      stored === source.distinct.size;
    console.log(JSON.stringify(summary));
    if (!summary.met) process.exitCode = 1;
  } finally {
    await api?.stop();
    await db.release();
  }
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});

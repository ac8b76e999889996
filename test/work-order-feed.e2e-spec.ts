// The work-order feed's intake over HTTP, on SQLite and PostgreSQL: HR registers a feed (its secret shown once,
// never listed), a system posts signed events; each event id is stored once per feed, whether it comes again in a
// later request or twice in one; a wrong or missing signature, an unknown or disabled feed, or a rotated-out
// secret get the same 401, a stale timestamp its own 401; invalid events are refused with 400 listing each one and
// nothing is stored; a CSV file and an .xlsx workbook of the same events store exactly what the JSON feed stored.
import ExcelJS from 'exceljs';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { AuditEntry } from '@app/persistence';
import { signFeedRequest } from '@app/domain/work-orders';
import { startTestApp } from './support/app';
import { databaseSuites } from './support/postgres';

const SUITES = databaseSuites('scorecard_work_order_feed', 'work-order feed on PostgreSQL');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A month of one repair order and one transport order, the rating sent before the completion it follows. */
const EVENTS = [
  {
    eventId: 'e1',
    orderId: 'R-1',
    type: 'created',
    occurredAt: '2026-10-05T08:30:00+08:00',
    requester: 'WARD-3',
    serviceType: 'repair.electric',
  },
  {
    eventId: 'e2',
    orderId: 'R-1',
    type: 'assigned',
    occurredAt: '2026-10-05T08:32:10+08:00',
    assignee: 'C101',
    team: 'ENG-CC',
  },
  { eventId: 'e3', orderId: 'R-1', type: 'arrived', occurredAt: '2026-10-05T08:51:00+08:00' },
  {
    eventId: 'e5',
    orderId: 'R-1',
    type: 'rated',
    occurredAt: '2026-10-06T10:00:00+08:00',
    rating: 4,
    note: '及时',
  },
  {
    eventId: 'e4',
    orderId: 'R-1',
    type: 'completed',
    occurredAt: '2026-10-05T09:40:00+08:00',
    result: 'done',
  },
  // Half past one in the morning of 1 November in Shanghai is still 31 October in UTC: the month is November.
  {
    eventId: 't1',
    orderId: 'T-9',
    type: 'created',
    occurredAt: '2026-10-31T17:30:00Z',
    requester: 'ICU',
    serviceType: 'transport.patient',
  },
];

const STORED_COLUMNS =
  'event_id AS "eventId", order_id AS "orderId", type, occurred_at AS "occurredAt", month, requester, ' +
  'service_type AS "serviceType", assignee, team, result, rating, note';

describe.each(SUITES)('the work-order feed on %s', (_name, database) => {
  let app: NestExpressApplication;
  let drop: () => Promise<void>;
  let ds: DataSource;
  const server = () => app.getHttpServer();
  const p = (n: number) => (ds.options.type === 'postgres' ? `$${n}` : '?');

  /** Registers a feed; its secret. */
  const createFeed = async (code: string): Promise<string> => {
    const res = await request(server())
      .post('/api/v1/feeds/work-orders/feeds')
      .send({ code, name: { zh: '报修工单系统', en: 'Repair work orders' } })
      .expect(201);
    return res.body.secret as string;
  };

  /** A signed feed request (the signature over the exact bytes sent); `tweak` changes what is sent. */
  const post = (
    feed: string,
    secret: string,
    body: unknown,
    tweak: { timestamp?: number; signature?: string; sendBody?: string } = {},
  ) => {
    const raw = JSON.stringify(body);
    const timestamp = tweak.timestamp ?? Math.floor(Date.now() / 1000);
    return request(server())
      .post('/api/v1/feeds/work-orders')
      .set('X-Test-Anonymous', '1')
      .set('Content-Type', 'application/json')
      .set('X-Feed', feed)
      .set('X-Feed-Timestamp', String(timestamp))
      .set('X-Feed-Signature', tweak.signature ?? signFeedRequest(secret, timestamp, raw))
      .send(tweak.sendBody ?? raw);
  };

  const stored = async (feed: string): Promise<Record<string, unknown>[]> => {
    const rows = await ds.query<Record<string, unknown>[]>(
      `SELECT ${STORED_COLUMNS} FROM work_order_events e JOIN work_order_feeds f ON f.id = e.feed_id ` +
        `WHERE f.code = ${p(1)} ORDER BY event_id`,
      [feed],
    );
    return rows.map((r) => ({ ...r, rating: r.rating === null ? null : Number(r.rating) }));
  };
  const count = async () =>
    Number((await ds.query<{ n: number }[]>('SELECT count(*) AS n FROM work_order_events'))[0].n);

  beforeEach(async () => {
    const db = await database();
    drop = db.drop;
    app = await startTestApp(db.config);
    ds = app.get(DataSource);
  });
  afterEach(async () => {
    await app.close();
    await drop();
  });

  it('shows the secret once, lists feeds without it, and audits creation, rotation and disabling', async () => {
    const secret = await createFeed('REPAIR');
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    await request(server())
      .post('/api/v1/feeds/work-orders/feeds')
      .send({ code: 'REPAIR', name: 'again' })
      .expect(409);
    const list = await request(server()).get('/api/v1/feeds/work-orders/feeds').expect(200);
    expect(list.body).toEqual([
      expect.objectContaining({
        code: 'REPAIR',
        name: '报修工单系统',
        names: { zh: '报修工单系统', en: 'Repair work orders' },
        disabledAt: null,
        events: 0,
      }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    const rotated = await request(server()).post('/api/v1/feeds/work-orders/feeds/REPAIR/secret').expect(200);
    expect(rotated.body.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated.body.secret).not.toBe(secret);
    await request(server()).delete('/api/v1/feeds/work-orders/feeds/REPAIR').expect(200);
    await request(server()).delete('/api/v1/feeds/work-orders/feeds/REPAIR').expect(200);
    await request(server()).post('/api/v1/feeds/work-orders/feeds/NOPE/secret').expect(404);
    const audit = await ds
      .getRepository(AuditEntry)
      .find({ where: { entity: 'work-order-feed' }, order: { id: 'ASC' } });
    expect(audit.map((a) => a.action)).toEqual([
      'work-order-feed.create',
      'work-order-feed.rotate-secret',
      'work-order-feed.disable',
    ]);
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect(JSON.stringify(audit)).not.toContain(rotated.body.secret);
    // Only HR changes feeds; nobody signed in sees them.
    await request(server()).get('/api/v1/feeds/work-orders/feeds').set('X-Test-Anonymous', '1').expect(401);
  });

  it('registers a code once when two registrations race (one 201, one 409)', async () => {
    const post = () =>
      request(server()).post('/api/v1/feeds/work-orders/feeds').send({ code: 'RACE', name: 'race' });
    const statuses = (await Promise.all([post(), post(), post()])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    const list = await request(server()).get('/api/v1/feeds/work-orders/feeds').expect(200);
    expect((list.body as { code: string }[]).filter((f) => f.code === 'RACE')).toHaveLength(1);
  });

  it('stores each event id once: resent in a later request, or twice in one, it is a duplicate', async () => {
    const secret = await createFeed('REPAIR');
    const first = await post('REPAIR', secret, { events: [...EVENTS, EVENTS[1]] }).expect(200);
    expect(first.body).toEqual({ received: 7, stored: 6, duplicates: 1 });
    const again = await post('REPAIR', secret, { events: EVENTS.slice(2) }).expect(200);
    expect(again.body).toEqual({ received: 4, stored: 0, duplicates: 4 });
    // A later request with one new event among old ones stores just that one.
    const more = {
      eventId: 't2',
      orderId: 'T-9',
      type: 'assigned',
      occurredAt: '2026-11-01T01:35:00+08:00',
      team: 'PORT',
    };
    expect((await post('REPAIR', secret, { events: [EVENTS[5], more] }).expect(200)).body).toEqual({
      received: 2,
      stored: 1,
      duplicates: 1,
    });

    const rows = await stored('REPAIR');
    expect(rows.map((r) => r.eventId)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 't1', 't2']);
    expect(rows.find((r) => r.eventId === 'e1')).toEqual({
      eventId: 'e1',
      orderId: 'R-1',
      type: 'created',
      occurredAt: '2026-10-05T00:30:00.000Z',
      month: '2026-10',
      requester: 'WARD-3',
      serviceType: 'repair.electric',
      assignee: null,
      team: null,
      result: null,
      rating: null,
      note: null,
    });
    expect(rows.find((r) => r.eventId === 'e5')).toMatchObject({ rating: 4, note: '及时' });
    expect(rows.filter((r) => r.orderId === 'T-9').map((r) => r.month)).toEqual(['2026-11', '2026-11']);
    // The same event ids from another feed are that feed's own events.
    const other = await createFeed('TRANSPORT');
    expect((await post('TRANSPORT', other, { events: EVENTS }).expect(200)).body.stored).toBe(6);
  });

  it('stores each event once when concurrent requests carry the same ids in different orders', async () => {
    const secret = await createFeed('REPAIR');
    const events = Array.from({ length: 600 }, (_, i) => ({
      eventId: `c${String(i).padStart(4, '0')}`,
      orderId: `R-${Math.floor(i / 4)}`,
      type: 'arrived',
      occurredAt: '2026-10-05T08:51:00+08:00',
    }));
    const reversed = [...events].reverse();
    const halves = [events.slice(0, 400), reversed.slice(0, 400), events, reversed];
    const answers = await Promise.all(halves.map((list) => post('REPAIR', secret, { events: list })));
    for (const a of answers) expect(a.status).toBe(200);
    const sum = (k: 'stored' | 'duplicates') =>
      answers.reduce((n, a) => n + (a.body as Record<string, number>)[k], 0);
    expect(sum('stored')).toBe(600);
    expect(sum('duplicates')).toBe(400 + 400 + 600 + 600 - 600);
    expect(await count()).toBe(600);
  });

  it('refuses bad signatures, unknown and disabled feeds with one 401, and stale timestamps', async () => {
    const secret = await createFeed('REPAIR');
    const body = { events: EVENTS };
    const now = Math.floor(Date.now() / 1000);
    const refusals = [
      await post('REPAIR', 'not-the-secret', body),
      await post('REPAIR', secret, body, { sendBody: JSON.stringify({ events: EVENTS.slice(1) }) }),
      await post('REPAIR', secret, body, { signature: 'sha256=zz' }),
      await post('REPAIR', secret, body, {
        signature: signFeedRequest(secret, now, JSON.stringify(body)).slice(7),
      }),
      await post('NOBODY', secret, body),
      await request(server()).post('/api/v1/feeds/work-orders').set('X-Test-Anonymous', '1').send(body),
    ];
    for (const res of refusals) {
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('FEED_UNAUTHENTICATED');
      expect(res.body.message).toBe(refusals[0].body.message);
    }
    // Signed correctly, but the timestamp is outside the window (either way) or not the one signed.
    for (const timestamp of [now - 301, now + 400]) {
      const stale = await post('REPAIR', secret, body, { timestamp }).expect(401);
      expect(stale.body.code).toBe('FEED_STALE_TIMESTAMP');
    }
    const resigned = await request(server())
      .post('/api/v1/feeds/work-orders')
      .set('X-Test-Anonymous', '1')
      .set('Content-Type', 'application/json')
      .set('X-Feed', 'REPAIR')
      .set('X-Feed-Timestamp', String(now + 1))
      .set('X-Feed-Signature', signFeedRequest(secret, now, JSON.stringify(body)))
      .send(JSON.stringify(body))
      .expect(401);
    expect(resigned.body.code).toBe('FEED_UNAUTHENTICATED');
    // Inside the window it is taken, most of it off (the second on the edge is feed-signature.spec's: here the
    // seconds this test has taken so far would count against it).
    await post('REPAIR', secret, body, { timestamp: Math.floor(Date.now() / 1000) - 280 }).expect(200);

    // A rotated secret: the old one is refused at once. A disabled feed: refused like an unknown one.
    const rotated = (
      await request(server()).post('/api/v1/feeds/work-orders/feeds/REPAIR/secret').expect(200)
    ).body.secret as string;
    expect((await post('REPAIR', secret, body).expect(401)).body.code).toBe('FEED_UNAUTHENTICATED');
    await post('REPAIR', rotated, body).expect(200);
    await request(server()).delete('/api/v1/feeds/work-orders/feeds/REPAIR').expect(200);
    const disabled = await post('REPAIR', rotated, { events: [{ ...EVENTS[0], eventId: 'new' }] }).expect(
      401,
    );
    expect(disabled.body).toEqual(refusals[0].body);
    expect(await count()).toBe(6);
  });

  it('refuses invalid events with 400 listing every bad one, and stores none of the request', async () => {
    const secret = await createFeed('REPAIR');
    const events = [
      EVENTS[0],
      { eventId: '', orderId: 'R-2', type: 'created', occurredAt: '2026-10-05T08:30:00' },
      {
        eventId: 'x2',
        orderId: 'R-2',
        type: 'fixed',
        occurredAt: '2026-02-30T08:30:00+08:00',
        colour: 'red',
      },
      { eventId: 'x3', orderId: 'R-2', type: 'assigned', occurredAt: '2026-10-05T08:30:00Z' },
      { eventId: 'x4', orderId: 'R-2', type: 'rated', occurredAt: '2026-10-05T08:30:00Z', rating: 9 },
      { eventId: 'x5', orderId: 'R-2', type: 'rated', occurredAt: '2026-10-05T08:30:00Z' },
      'not an event',
    ];
    const res = await post('REPAIR', secret, { events }).expect(400);
    const brief = (res.body.rows as { index: number; field: string; code: string }[]).map(
      ({ index, field, code }) => [index, field, code],
    );
    expect(brief).toEqual([
      [1, 'eventId', 'REQUIRED'],
      [1, 'occurredAt', 'BAD_EVENT_TIME'],
      [2, 'colour', 'UNKNOWN_FIELD'],
      [2, 'type', 'ONE_OF_GOT'],
      [2, 'occurredAt', 'BAD_EVENT_TIME'],
      [3, 'assignee', 'ASSIGNEE_OR_TEAM'],
      [4, 'rating', 'BAD_RATING'],
      [5, 'rating', 'REQUIRED'],
      [6, '', 'ROW_NOT_OBJECT'],
    ]);
    expect(res.body.rows[8]).toMatchObject({ row: 7, message: 'must be an object' });
    expect(res.body.rows[6]).toMatchObject({ params: { min: 1, max: 5, got: '9' } });
    expect(res.body.message).toMatch(/^6 event\(s\) refused; nothing was stored/);
    // The body as a whole.
    expect((await post('REPAIR', secret, [EVENTS[0]]).expect(400)).body.rows[0].code).toBe('EVENTS_NOT_LIST');
    expect((await post('REPAIR', secret, { events: [] }).expect(400)).body.rows[0].code).toBe('EMPTY_BATCH');
    const many = Array.from({ length: 5001 }, (_, i) => ({ ...EVENTS[2], eventId: `m${i}` }));
    expect((await post('REPAIR', secret, { events: many }).expect(400)).body.rows[0]).toMatchObject({
      code: 'TOO_MANY_EVENTS',
      params: { max: 5000, count: 5001 },
    });
    expect(await count()).toBe(0);
  });

  it('imports a CSV file and an .xlsx workbook of the same events as the JSON feed stored', async () => {
    const secret = await createFeed('JSON');
    await createFeed('CSV');
    await createFeed('XLSX');
    await post('JSON', secret, { events: EVENTS }).expect(200);

    const header = [
      'event_id',
      'Order ID',
      'type',
      'occurredAt',
      'requester',
      'serviceType',
      'assignee',
      'team',
    ];
    const tail = ['result', 'rating', 'note'];
    const cells = (e: Record<string, unknown>) => [...header, ...tail].map((h) => e[csvField(h)] ?? '');
    const csvField = (h: string) =>
      ({ event_id: 'eventId', 'Order ID': 'orderId' })[h as 'event_id' | 'Order ID'] ?? h;
    const quote = (v: unknown) =>
      /[,"\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);
    const csv = [[...header, ...tail], ...EVENTS.map(cells)].map((r) => r.map(quote).join(',')).join('\n');
    const fromCsv = await request(server())
      .post('/api/v1/feeds/work-orders/feeds/CSV/events')
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(200);
    expect(fromCsv.body).toEqual({ received: 6, stored: 6, duplicates: 0 });
    // The same file again stores nothing new.
    expect(
      (
        await request(server())
          .post('/api/v1/feeds/work-orders/feeds/CSV/events')
          .attach('file', Buffer.from(csv), 'export.csv')
          .expect(200)
      ).body,
    ).toEqual({ received: 6, stored: 0, duplicates: 6 });

    // The workbook: a title row above the header; the first created time as an Excel date (Shanghai local time).
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('工单事件');
    ws.addRow(['报修工单导出 2026-10']);
    ws.addRow([...header, ...tail]);
    for (const e of EVENTS) ws.addRow(cells(e));
    ws.getCell('D3').value = new Date(Date.UTC(2026, 9, 5, 8, 30, 0));
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const fromXlsx = await request(server())
      .post('/api/v1/feeds/work-orders/feeds/XLSX/events')
      .set('Content-Type', XLSX)
      .send(bytes)
      .expect(200);
    expect(fromXlsx.body).toEqual({ received: 6, stored: 6, duplicates: 0 });

    const json = await stored('JSON');
    expect(json).toHaveLength(6);
    expect(await stored('CSV')).toEqual(json);
    expect(await stored('XLSX')).toEqual(json);
    const imports = await ds.getRepository(AuditEntry).findBy({ action: 'work-order-events.import' });
    expect(imports).toHaveLength(3);
  });

  it('names the bad lines of a CSV file and the bad cells of a workbook, storing nothing', async () => {
    await createFeed('CSV');
    const csv = [
      'eventId,orderId,type,occurredAt,rating',
      'a1,R-1,created,2026-10-05T08:30:00+08:00,',
      '',
      'a2,R-1,rated,2026-10-06T08:30:00+08:00,great',
      'a3,R-1,closed,2026-10-06T08:30:00+08:00,',
    ].join('\n');
    const res = await request(server())
      .post('/api/v1/feeds/work-orders/feeds/CSV/events')
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(400);
    expect(
      res.body.rows.map((r: { row: number; field: string; code: string }) => [r.row, r.field, r.code]),
    ).toEqual([
      [4, 'rating', 'BAD_RATING'],
      [5, 'type', 'ONE_OF_GOT'],
    ]);
    const header = await request(server())
      .post('/api/v1/feeds/work-orders/feeds/CSV/events')
      .set('Content-Type', 'text/csv')
      .send('eventId,type,colour\nx,created,red')
      .expect(400);
    expect(header.body.rows.map((r: { field: string; code: string }) => [r.field, r.code])).toEqual([
      ['colour', 'UNKNOWN_FIELD'],
      ['orderId', 'FILE_MISSING_COLUMN'],
      ['occurredAt', 'FILE_MISSING_COLUMN'],
    ]);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Events');
    ws.addRow(['eventId', 'orderId', 'type', 'occurredAt']);
    ws.addRow(['b1', 'R-1', 'created', '2026-10-05 08:30']);
    const bad = await request(server())
      .post('/api/v1/feeds/work-orders/feeds/CSV/events')
      .attach('file', Buffer.from(await wb.xlsx.writeBuffer()), 'events.xlsx')
      .expect(400);
    expect(bad.body.rows).toEqual([
      expect.objectContaining({
        sheet: 'Events',
        cell: 'Events!D2',
        row: 2,
        field: 'occurredAt',
        code: 'BAD_EVENT_TIME',
      }),
    ]);
    await request(server())
      .post('/api/v1/feeds/work-orders/feeds/NOPE/events')
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(404);
    expect(await count()).toBe(0);
  });
});

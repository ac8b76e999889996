// The work-order derivation over HTTP, on SQLite and PostgreSQL: a month of generated events (two feeds, shuffled,
// orphans, late events, unknown codes) is derived under a mapping written through PUT /work-orders/mapping, and
// the values equal the reference computed in the test from the raw events; a re-derivation replaces its batch;
// an approved month refuses (409); withdrawing the batch takes the values out; the orders behind a value are the
// person's and their manager's to see, not a colleague's. And the point of it all: a month scored from the feed
// equals the same month scored from the equivalent measurements CSV in a second, identical database.
import { readFileSync } from 'node:fs';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { Period, WorkOrderMappingContent } from '@app/persistence';
import { planRun } from '@app/domain/runs';
import { parseDocumentText, ScorecardDocument } from '@app/scoring';
import { startTestApp } from './support/app';
import { databaseSuites } from './support/postgres';
import { normaliseResult, serviceResult, waitForRun } from './support/runs';
import { scenario as fixture } from './support/scenarios';
import {
  feed,
  monthEvents,
  RawEvent,
  referenceOrders,
  referenceValues,
  storeEvents,
  valuesByKey,
} from './factories/work-order-derivation';

const SUITES = databaseSuites('scorecard_wo_derivation', 'work-order derivation on PostgreSQL');
const MONTH = '2026-10';
const MAINT = ['E101', 'E102', 'E103', 'E201', 'E202'];
const TEAMS = ['ENG-CC', 'ENG-SY'];
const DERIVED_INPUTS = ['orders_total', 'orders_ontime', 'response_minutes'];
const DERIVED_TASKS = ['REPAIR_MINOR', 'REPAIR_MAJOR'];

/** The maintenance staff's order figures come from the feed: orders, done orders, median response to repairs. */
const MAPPING: WorkOrderMappingContent = {
  inputs: [
    { input: 'orders_total', per: 'staff', measure: 'orders' },
    { input: 'orders_ontime', per: 'staff', measure: 'completed' },
    {
      input: 'response_minutes',
      per: 'staff',
      measure: 'response_p',
      percentile: 50,
      serviceTypes: ['repair.electric', 'repair.water'],
    },
  ],
  tasks: [
    { serviceType: 'repair.electric', task: 'REPAIR_MINOR', per: 'staff' },
    { serviceType: 'repair.water', task: 'REPAIR_MAJOR', per: 'staff' },
  ],
};

/**
 * The same inputs as the library means them: orders closed within the deadline (a count) and the mean response
 * time to repair calls.
 */
const LIBRARY_MAPPING: WorkOrderMappingContent = {
  inputs: [
    { input: 'orders_total', per: 'staff', measure: 'orders' },
    { input: 'orders_ontime', per: 'staff', measure: 'on_time_count', minutes: 240 },
    {
      input: 'response_minutes',
      per: 'staff',
      measure: 'response_mean',
      serviceTypes: ['repair.electric', 'repair.water'],
    },
  ],
  tasks: [],
};

/** logistics-basic without the figures the feed gives (so they come from the feed, or from the CSV). */
function documentWithoutOrders(): ScorecardDocument {
  const doc = parseDocumentText(
    readFileSync(fixture('logistics-basic').document, 'utf8'),
  ) as ScorecardDocument;
  for (const s of doc.staff as { inputs?: Record<string, unknown>; tasks?: Record<string, unknown> }[]) {
    for (const k of DERIVED_INPUTS) delete s.inputs?.[k];
    for (const k of DERIVED_TASKS) delete s.tasks?.[k];
  }
  return doc;
}

describe.each(SUITES)('work-order derivation on %s', (_name, database) => {
  const opened: { app: NestExpressApplication; drop: () => Promise<void> }[] = [];
  let app: NestExpressApplication;
  let ds: DataSource;
  let events: RawEvent[];
  const server = () => app.getHttpServer();

  /** A fresh app on a fresh database, with the month's document imported. */
  async function start(): Promise<NestExpressApplication> {
    const db = await database();
    const a = await startTestApp(db.config);
    opened.push({ app: a, drop: db.drop });
    await request(a.getHttpServer()).post('/api/v1/documents').send(documentWithoutOrders()).expect(200);
    return a;
  }

  async function withEvents(a: NestExpressApplication): Promise<RawEvent[]> {
    const d = a.get(DataSource);
    const feedIds = [(await feed(d, 'CMMS')).id, (await feed(d, 'PORTER')).id];
    const made = monthEvents({
      period: MONTH,
      feedIds,
      orders: 300,
      staff: MAINT,
      teams: TEAMS,
      serviceTypes: ['repair.electric', 'repair.water', 'transport.patient'],
    });
    await storeEvents(d, made);
    return made;
  }

  const putMapping = (a: NestExpressApplication, content: unknown = MAPPING) =>
    request(a.getHttpServer()).put('/api/v1/work-orders/mapping').send({ effectiveFrom: MONTH, content });

  const signIn = async (username: string, role: string, extra: Record<string, unknown> = {}) => {
    const password = `${username}-password`;
    await request(server())
      .post('/api/v1/users')
      .send({ username, password, role, ...extra })
      .expect(201);
    const res = await request(server()).post('/api/v1/auth/login').send({ username, password }).expect(200);
    return `Bearer ${res.body.accessToken as string}`;
  };

  beforeEach(async () => {
    app = await start();
    ds = app.get(DataSource);
    events = await withEvents(app);
  });
  afterEach(async () => {
    for (const o of opened.splice(0)) {
      await o.app.close();
      await o.drop();
    }
  });

  it('derives what the reference computes from the raw events, reporting orphans and unknown codes', async () => {
    const put = await putMapping(app).expect(201);
    expect(put.body).toMatchObject({ version: 1, effectiveFrom: MONTH, content: MAPPING });
    expect((await request(server()).get('/api/v1/work-orders/mapping').expect(200)).body).toEqual([
      { version: 1, effectiveFrom: MONTH, frozen: false },
    ]);

    const derived = await request(server()).post(`/api/v1/periods/${MONTH}/work-orders/derive`).expect(200);

    const expected = referenceValues(events, MONTH, MAPPING, MAINT, TEAMS);
    const ref = referenceOrders(events, MONTH);
    expect(derived.body.summary).toMatchObject({
      orders: ref.orders.length,
      orphans: ref.orphans.length,
      rows: expected.size,
      unknownStaff: [{ code: 'GHOST', orders: ref.orders.filter((o) => o.assignee === 'GHOST').length }],
    });
    expect(derived.body.batch).toMatchObject({
      source: 'work_orders',
      actor: 'user:hr.admin',
      periods: [MONTH],
    });
    const month = await request(server()).get(`/api/v1/periods/${MONTH}/work-orders`).expect(200);
    expect(valuesByKey(month.body.values)).toEqual(expected);
    expect(month.body.derivation.summary.orphanOrders).toHaveLength(ref.orphans.length);

    const page = await request(server()).get(`/api/v1/periods/${MONTH}/work-orders/orders`).expect(200);
    expect(page.body.total).toBe(ref.orders.length + ref.orphans.length);
    expect(page.body.items[0]).toEqual(
      expect.objectContaining({ feed: 'CMMS', orderId: expect.any(String), state: expect.any(String) }),
    );
    const e101 = await request(server())
      .get(`/api/v1/periods/${MONTH}/work-orders/orders`)
      .query({ staff: 'E101' })
      .expect(200);
    expect(e101.body.total).toBe(ref.orders.filter((o) => o.assignee === 'E101').length);
    await request(server())
      .get(`/api/v1/periods/${MONTH}/work-orders/orders`)
      .query({ staff: 'E101', team: 'ENG-CC' })
      .expect(400);
  });

  it('derives the count of orders on time and the mean response time as the reference computes them', async () => {
    await putMapping(app, LIBRARY_MAPPING).expect(201);
    await request(server()).post(`/api/v1/periods/${MONTH}/work-orders/derive`).expect(200);
    const expected = referenceValues(events, MONTH, LIBRARY_MAPPING, MAINT, TEAMS);
    const month = await request(server()).get(`/api/v1/periods/${MONTH}/work-orders`).expect(200);
    const derived = valuesByKey(month.body.values);
    expect([...derived.keys()].sort()).toEqual([...expected.keys()].sort());
    // A mean of fractional minutes may be summed in another order than the reference's: equal to the last bits.
    for (const [key, value] of expected)
      if (key.startsWith('response_minutes|')) expect(derived.get(key)).toBeCloseTo(value, 9);
      else expect(derived.get(key)).toBe(value);
    // Every worker has orders on time and some without (the test would not tell a count from a share otherwise).
    for (const s of MAINT) {
      expect(expected.get(`orders_ontime|s:${s}`)).toBeGreaterThan(0);
      expect(expected.get(`orders_ontime|s:${s}`)).toBeLessThan(expected.get(`orders_total|s:${s}`)!);
    }

    // The orders behind them: those counted on time, and those with an arrival.
    const behind = (code: string) =>
      request(server())
        .get(`/api/v1/periods/${MONTH}/work-orders/values/${code}`)
        .query({ staff: 'E102' })
        .expect(200);
    const ontime = await behind('orders_ontime');
    expect(ontime.body).toMatchObject({
      value: expected.get('orders_ontime|s:E102'),
      rule: { measure: 'on_time_count', minutes: 240 },
    });
    const countedOnTime = ontime.body.orders.filter((o: { counts: boolean }) => o.counts);
    expect(countedOnTime).toHaveLength(expected.get('orders_ontime|s:E102')!);
    expect(countedOnTime.every((o: { completionMinutes: number }) => o.completionMinutes <= 240)).toBe(true);
    const response = await behind('response_minutes');
    expect(response.body.rule).toEqual({
      measure: 'response_mean',
      serviceTypes: ['repair.electric', 'repair.water'],
    });
    expect(response.body.value).toBeCloseTo(expected.get('response_minutes|s:E102')!, 9);
    const arrived = response.body.orders.filter((o: { counts: boolean }) => o.counts);
    expect(arrived.every((o: { responseMinutes: number | null }) => o.responseMinutes !== null)).toBe(true);
    expect(
      arrived.reduce((a: number, o: { responseMinutes: number }) => a + o.responseMinutes, 0) /
        arrived.length,
    ).toBeCloseTo(expected.get('response_minutes|s:E102')!, 9);
  });

  it('names every bad field of a mapping (400) and refuses derivation without one (409)', async () => {
    const noMapping = await request(server()).post(`/api/v1/periods/${MONTH}/work-orders/derive`).expect(409);
    expect(noMapping.body.message).toContain('no work-order mapping is in force for 2026-10');
    const bad = await putMapping(app, {
      inputs: [{ input: 'kwh', per: 'staff', measure: 'orders' }],
      tasks: [{ serviceType: 'x', task: 'NOPE' }],
    }).expect(400);
    expect(bad.body.problems.map((p: { path: string }) => p.path)).toEqual([
      'content.inputs[0].per',
      'content.tasks[0].task',
    ]);
    await request(server())
      .put('/api/v1/work-orders/mapping')
      .send({ effectiveFrom: '2026-1', content: {} })
      .expect(400);
    // A month outside the intake window, and a month that neither exists nor has orders.
    await putMapping(app).expect(201);
    const old = await request(server()).post('/api/v1/periods/2020-01/work-orders/derive').expect(400);
    expect(old.body.message).toContain('outside the intake window');
    await request(server()).post('/api/v1/periods/2026-12/work-orders/derive').expect(404);
    await request(server()).post('/api/v1/periods/2026-13/work-orders/derive').expect(400);
  });

  it('replaces its batch when derived again (observations not doubled), and keeps it when nothing changed', async () => {
    await putMapping(app).expect(201);
    const first = await request(server()).post(`/api/v1/periods/${MONTH}/work-orders/derive`).expect(200);
    const later = monthEvents({
      period: MONTH,
      feedIds: [events[0].feedId],
      orders: 40,
      staff: MAINT,
      teams: TEAMS,
      serviceTypes: ['repair.electric', 'repair.water'],
      seed: 42,
      prefix: 'LATE',
    });
    await storeEvents(ds, later);
    const second = await request(server()).post(`/api/v1/periods/${MONTH}/work-orders/derive`).expect(200);
    const third = await request(server()).post(`/api/v1/periods/${MONTH}/work-orders/derive`).expect(200);

    expect(third.body).toMatchObject({ batch: { id: second.body.batch.id }, summary: { unchanged: true } });
    const batches = await request(server()).get(`/api/v1/periods/${MONTH}/batches`).expect(200);
    const byId = new Map(batches.body.map((b: { id: number }) => [b.id, b]));
    expect(byId.get(first.body.batch.id)).toMatchObject({
      observationsInMonth: 0,
      withdrawnBy: 'user:hr.admin',
    });
    const expected = referenceValues([...events, ...later], MONTH, MAPPING, MAINT, TEAMS);
    expect(byId.get(second.body.batch.id)).toMatchObject({
      observationsInMonth: expected.size,
      withdrawnAt: null,
    });
    const month = await request(server()).get(`/api/v1/periods/${MONTH}/work-orders`).expect(200);
    expect(valuesByKey(month.body.values)).toEqual(expected);
  });

  it('withdrawing its batch takes its values out; refused during a run and once the month is approved (409)', async () => {
    await putMapping(app).expect(201);
    const { body } = await request(server()).post(`/api/v1/periods/${MONTH}/work-orders/derive`).expect(200);
    const before = await request(server()).get(`/api/v1/periods/${MONTH}/document`).expect(200);
    expect(before.text).toContain('orders_total');

    await request(server()).delete(`/api/v1/batches/${body.batch.id}`).expect(200);
    const month = await request(server()).get(`/api/v1/periods/${MONTH}/work-orders`).expect(200);
    expect(month.body.values).toEqual([]);
    expect(month.body.batch.withdrawnBy).toBe('user:hr.admin');
    const after = await request(server()).get(`/api/v1/periods/${MONTH}/document`).expect(200);
    expect(after.text).not.toContain('orders_total:');

    // A run queued (planned, not dispatched): the month's data waits for it.
    const { run } = await planRun(ds, MONTH, 'manual', 'test', 10);
    const during = await request(server()).post(`/api/v1/periods/${MONTH}/work-orders/derive`).expect(409);
    expect(during.body).toMatchObject({ code: 'RUN_IN_PROGRESS' });
    expect(during.body.message).toContain(`run ${run.id} of ${MONTH} is queued`);

    await ds.getRepository(Period).update({ period: MONTH }, { status: 'approved' });
    const refused = await request(server()).post(`/api/v1/periods/${MONTH}/work-orders/derive`).expect(409);
    expect(refused.body.message).toContain('approved');
  });

  it('shows the orders behind a value to the person and their manager, not to a colleague', async () => {
    await putMapping(app).expect(201);
    await request(server()).post(`/api/v1/periods/${MONTH}/work-orders/derive`).expect(200);
    const url = `/api/v1/periods/${MONTH}/work-orders/values/response_minutes`;
    const expected = referenceValues(events, MONTH, MAPPING, MAINT, TEAMS);

    const hr = await request(server()).get(url).query({ staff: 'E101' }).expect(200);
    expect(hr.body).toMatchObject({
      input: 'response_minutes',
      staff: 'E101',
      value: expected.get('response_minutes|s:E101'),
      stored: expected.get('response_minutes|s:E101'),
      rule: { measure: 'response_p', percentile: 50, serviceTypes: ['repair.electric', 'repair.water'] },
    });
    const counted = hr.body.orders.filter((o: { counts: boolean }) => o.counts);
    expect(counted.every((o: { serviceType: string }) => o.serviceType.startsWith('repair.'))).toBe(true);

    const self = await signIn('e101', 'staff', { staffId: 'E101' });
    const colleague = await signIn('e102', 'staff', { staffId: 'E102' });
    const manager = await signIn('mgr.cc', 'dept_manager', { departments: ['ENG-CC'] });
    const otherManager = await signIn('mgr.sy', 'dept_manager', { departments: ['ENG-SY'] });
    await request(server()).get(url).query({ staff: 'E101' }).set('Authorization', self).expect(200);
    await request(server()).get(url).query({ staff: 'E101' }).set('Authorization', manager).expect(200);
    await request(server()).get(url).query({ staff: 'E101' }).set('Authorization', colleague).expect(404);
    await request(server()).get(url).query({ staff: 'E101' }).set('Authorization', otherManager).expect(404);
    await request(server()).get(url).query({ staff: 'E101', team: 'ENG-CC' }).expect(400);
    // The month's list and the derivation are HR's.
    await request(server())
      .get(`/api/v1/periods/${MONTH}/work-orders`)
      .set('Authorization', self)
      .expect(403);
    await request(server())
      .post(`/api/v1/periods/${MONTH}/work-orders/derive`)
      .set('Authorization', manager)
      .expect(403);
  });

  it('scores a month from the feed exactly as the same month from the equivalent measurements CSV', async () => {
    await putMapping(app).expect(201);
    await request(server()).post(`/api/v1/periods/${MONTH}/work-orders/derive`).expect(200);

    // The second hospital gets the same values as a CSV file, computed from the raw events by the reference.
    const other = await start();
    const expected = referenceValues(events, MONTH, MAPPING, MAINT, TEAMS);
    const columns = [...DERIVED_INPUTS, ...DERIVED_TASKS.map((t) => `task:${t}`)];
    const lines = ['staff,date,mode,' + columns.join(',')];
    for (const s of MAINT) {
      const cells = [...DERIVED_INPUTS, ...DERIVED_TASKS].map((c) => {
        const v = expected.get(`${c}|s:${s}`);
        return v === undefined ? '' : String(v);
      });
      lines.push([s, `${MONTH}-31`, 'monthly', ...cells].join(','));
    }
    const csv = await request(other.getHttpServer())
      .post('/api/v1/measurements/csv')
      .set('Content-Type', 'text/csv')
      .send(lines.join('\n'))
      .expect(200);
    expect(csv.body.stored).toBe(expected.size);

    const score = async (a: NestExpressApplication) => {
      const res = await request(a.getHttpServer()).post(`/api/v1/periods/${MONTH}/runs`).expect(202);
      expect((await waitForRun(a.getHttpServer(), res.body.runId as string)).status).toBe('completed');
      return serviceResult(a.getHttpServer(), MONTH);
    };
    const fromFeed = await score(app);
    const fromCsv = await score(other);
    expect(normaliseResult(fromFeed)).toEqual(normaliseResult(fromCsv));

    // And the feed's values really were scored: E101's response time is the median of their repair responses.
    const e101 = (
      fromFeed.staff as { id: string; indicators: { code: string; value: number | null }[] }[]
    ).find((s) => s.id === 'E101');
    expect(e101?.indicators.find((i) => i.code === 'RESPONSE_TIME')?.value).toBeCloseTo(
      expected.get('response_minutes|s:E101')!,
      2,
    );
  });
});

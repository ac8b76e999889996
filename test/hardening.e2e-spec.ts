// Hardening of issue 13, items 4, 9 and 12, on SQLite and PostgreSQL: codes and employee numbers in the service's
// character set on the routes and in the document import (400 naming the field or the document path); bodies of
// the actions that take none whitelisted; the intake window around today (opening a month, measurement dates, a
// document's period), strict decimals in CSV and error texts that quote at most 100 characters of a value; and
// parallel accept decisions on one closed-month appeal making exactly one adjustment.
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { Adjustment, Appeal } from '@app/persistence';
import { PeriodLifecycleService } from '@app/domain/periods';
import { libraryMonth } from './factories/month';
import {
  appealsService,
  callerOf,
  drain,
  hr,
  inProcessRuns,
  MONTH,
  resultOf,
  scoredMonth,
  staffUser,
  twoPeople,
} from './factories/appraisal';
import { closeDatabase, testDatabases } from './support/database';
import { databaseSuites } from './support/postgres';
import { startTestApp } from './support/app';
import { waitForRun } from './support/runs';

const OCT = '2026-10';
const SUITES = databaseSuites('scorecard_hardening', 'the hardening suite on PostgreSQL');

describe.each(SUITES)('hardening on %s', (_, database) => {
  let app: NestExpressApplication;
  let drop: () => Promise<void>;
  const http = () => request(app.getHttpServer());

  beforeEach(async () => {
    const db = await database();
    drop = db.drop;
    app = await startTestApp(db.config);
  });
  afterEach(async () => {
    await app.close();
    await drop();
  });

  it('keeps codes and employee numbers to the documented character set, on the routes and in the import', async () => {
    await http().post('/api/v1/documents').send(libraryMonth()).expect(200);
    const dept = libraryMonth().staff[0].department;
    const staff = (over: Record<string, unknown>) => ({
      code: 'NEW1',
      name: 'New person',
      employeeNo: 'E-1/2',
      department: dept,
      activeFrom: '2026-10-01',
      ...over,
    });
    for (const [over, field] of [
      [{ employeeNo: '=1+1' }, 'employeeNo'],
      [{ employeeNo: '@SUM(1+1)' }, 'employeeNo'],
      [{ code: '=HYPERLINK("x")' }, 'code'],
      [{ code: '+1+1' }, 'code'],
      [{ code: 'A\r\nB' }, 'code'],
      [{ department: 'D\nX' }, 'department'],
    ] as const) {
      const res = await http().post('/api/v1/staff').send(staff(over)).expect(400);
      expect(JSON.stringify(res.body)).toContain(`${field} must start with a letter or digit`);
    }
    await http().post('/api/v1/staff').send(staff({})).expect(201);
    const dep = await http().post('/api/v1/departments').send({ code: '-cmd', name: 'x' }).expect(400);
    expect(JSON.stringify(dep.body)).toContain('code must start with a letter or digit');

    // The import: the document path of each bad code; nothing stored.
    const doc = libraryMonth();
    doc.staff[3].id = '=HYPERLINK("http://x")';
    (doc.staff[4] as unknown as Record<string, unknown>).employeeNo = '+1+1';
    doc.staff[5].department = 'CLEAN\r\nING';
    const res = await http().post('/api/v1/documents').send(doc).expect(400);
    const text = JSON.stringify(res.body);
    expect(text).toContain('staff[3].id');
    expect(text).toContain('staff[4].employeeNo');
    expect(text).toContain('staff[5].department');
  });

  it('refuses any field in the bodies of run, approve and close; an empty body still works', async () => {
    await http().post('/api/v1/documents').send(libraryMonth()).expect(200);
    const run = await http().post(`/api/v1/periods/${OCT}/runs`).send({ status: 'completed' }).expect(400);
    expect(JSON.stringify(run.body)).toContain('property status should not exist');
    const started = await http().post(`/api/v1/periods/${OCT}/runs`).expect(202);
    expect((await waitForRun(app.getHttpServer(), started.body.runId as string)).status).toBe('completed');
    const approve = await http().post(`/api/v1/periods/${OCT}/approve`).send({ force: true }).expect(400);
    expect(JSON.stringify(approve.body)).toContain('property force should not exist');
    await http().post(`/api/v1/periods/${OCT}/approve`).send({}).expect(200);
    const close = await http().post(`/api/v1/periods/${OCT}/close`).send({ status: 'open' }).expect(400);
    expect(JSON.stringify(close.body)).toContain('property status should not exist');
    await http().post(`/api/v1/periods/${OCT}/close`).expect(200);
  });

  it('takes months inside the intake window only (today pinned to 2026-12-15: 2024-12 … 2027-01)', async () => {
    for (const period of ['0001-01', '9999-12', '2024-11', '2027-02']) {
      const res = await http().post('/api/v1/periods').send({ period }).expect(400);
      expect(res.body.message).toContain(`month ${period} is outside the intake window 2024-12 to 2027-01`);
    }
    await http().post('/api/v1/periods').send({ period: '2024-12' }).expect(201);
    await http().post('/api/v1/periods').send({ period: '2027-01' }).expect(201);

    await http().post('/api/v1/documents').send(libraryMonth()).expect(200);
    const staff = libraryMonth().staff[0];
    const input = Object.keys(staff.inputs ?? {})[0];
    const far = await http()
      .post('/api/v1/measurements')
      .send([{ input, staff: staff.id, date: '9999-12-01', value: 1 }])
      .expect(400);
    expect(JSON.stringify(far.body)).toContain('month 9999-12 is outside the intake window');

    const doc = { ...libraryMonth(), period: '2030-01' };
    const imported = await http().post('/api/v1/documents').send(doc).expect(400);
    expect(JSON.stringify(imported.body)).toContain('month 2030-01 is outside the intake window');
  });

  it('takes plain decimals only in CSV, and quotes at most 100 characters of a bad value', async () => {
    await http().post('/api/v1/documents').send(libraryMonth()).expect(200);
    const staff = libraryMonth().staff[0];
    const input = Object.keys(staff.inputs ?? {})[0];
    const csv = (value: string) => `staff,date,${input}\n${staff.id},${OCT}-20,${value}\n`;
    for (const value of ['0x10', '1e3', 'Infinity', '+5', '1,5', '.5']) {
      const res = await http()
        .post('/api/v1/measurements/csv')
        .set('Content-Type', 'text/csv')
        .send(csv(value.includes(',') ? `"${value}"` : value))
        .expect(400);
      expect(JSON.stringify(res.body)).toContain('is not a decimal number');
    }
    await http()
      .post('/api/v1/measurements/csv')
      .set('Content-Type', 'text/csv')
      .send(csv('-2.5'))
      .expect(200);

    const huge = 'x'.repeat(200_000);
    const cell = await http()
      .post('/api/v1/measurements/csv')
      .set('Content-Type', 'text/csv')
      .send(csv(huge))
      .expect(400);
    expect(JSON.stringify(cell.body).length).toBeLessThan(2_000);
    expect(JSON.stringify(cell.body)).toContain('(200000 characters)');
    const json = await http()
      .post('/api/v1/measurements')
      .send([{ input, staff: huge, date: huge, value: huge }])
      .expect(400);
    expect(JSON.stringify(json.body).length).toBeLessThan(3_000);
  });
});

describe.each(testDatabases('hardening_appeals'))('one adjustment per accepted appeal on %s', (_n, db) => {
  let ds: DataSource;
  beforeEach(async () => {
    ds = await db.open();
  });
  afterEach(async () => {
    await closeDatabase(ds);
  });

  it('parallel accept decisions on one closed-month appeal make exactly one adjustment', async () => {
    const runs = inProcessRuns(ds);
    const appeals = appealsService(ds, runs);
    await scoredMonth(ds, runs);
    const [, y] = await twoPeople(ds);
    const { indicators } = await resultOf(ds, y);
    const appeal = await appeals.create(callerOf(await staffUser(ds, y)), MONTH, {
      indicators: [indicators[0]],
      reason: 'counted twice',
    });
    const lifecycle = new PeriodLifecycleService(ds);
    await lifecycle.approve(MONTH, 'user:hr');
    await lifecycle.close(MONTH, 'user:hr');
    const input = Object.keys(libraryMonth().staff.find((s) => s.id === y)!.inputs ?? {})[0];

    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        appeals.decide(callerOf(hr()), appeal.id, {
          decision: 'accept',
          reason: 'corrected after closing',
          corrections: [{ staff: y, input, value: 0 }],
        }),
      ),
    );
    await drain(runs);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes.filter((o) => o.status === 'rejected'))
      expect(String(o.reason)).toMatch(/appeal \d+ (is being decided|was accepted)/);
    const adjustments = await ds.getRepository(Adjustment).find();
    expect(adjustments).toHaveLength(1);
    const decided = await ds.getRepository(Appeal).findOneByOrFail({ id: appeal.id });
    expect(decided).toMatchObject({ status: 'accepted', adjustmentId: adjustments[0].id });
  });
});

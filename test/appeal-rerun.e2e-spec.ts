// An accepted appeal whose re-run cannot start (the queue unreachable, say): the acceptance and its
// measurements stand, the answer says why the run did not start, the audit log records it, and HR starts the
// run later with POST /appeals/{id}/run — once.
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { RunsService } from '@app/domain/runs';
import { libraryMonth } from './factories/month';
import { startTestApp } from './support/app';
import { waitForRun } from './support/runs';

const PERIOD = '2026-10';

describe('an accepted appeal whose re-run could not start', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startTestApp();
    await http().post('/api/v1/documents').send(libraryMonth()).expect(200);
    const res = await http().post(`/api/v1/periods/${PERIOD}/runs`).expect(202);
    expect((await waitForRun(app.getHttpServer(), res.body.runId as string)).status).toBe('completed');
  });
  afterAll(() => app.close());

  it('keeps the decision, says why, and starts the run on request', async () => {
    const staff = libraryMonth().staff[0];
    await http()
      .post('/api/v1/users')
      .send({ username: 'staff.a', role: 'staff', staffId: staff.id, password: 'staff.a-password' })
      .expect(201);
    const token = (
      await http()
        .post('/api/v1/auth/login')
        .send({ username: 'staff.a', password: 'staff.a-password' })
        .expect(200)
    ).body.accessToken as string;
    const results = (await http().get(`/api/v1/periods/${PERIOD}/results`).query({ limit: 100 }).expect(200))
      .body.items as { id: string; indicators: { code: string }[] }[];
    const appeal = await http()
      .post(`/api/v1/me/periods/${PERIOD}/appeals`)
      .set('Authorization', `Bearer ${token}`)
      .send({
        indicators: [results.find((r) => r.id === staff.id)!.indicators[0].code],
        reason: 'wrong count',
      })
      .expect(201);
    const id = appeal.body.id as number;

    // Not accepted yet: nothing to run.
    expect((await http().post(`/api/v1/appeals/${id}/run`).expect(409)).body.message).toMatch(
      /is open, not accepted/,
    );

    const runs = app.get(RunsService);
    const start = jest.spyOn(runs, 'start').mockRejectedValueOnce(new Error('queue unreachable'));
    const accepted = await http()
      .post(`/api/v1/appeals/${id}/decision`)
      .send({ decision: 'accept', reason: 'recount' })
      .expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', runId: null, runError: 'queue unreachable' });
    const audit = (await http().get('/api/v1/audit').query({ limit: 50 }).expect(200)).body as
      { action: string; after: unknown }[] | { items: { action: string; after: unknown }[] };
    const entries = Array.isArray(audit) ? audit : audit.items;
    expect(entries.find((e) => e.action === 'appeal.run_failed')?.after).toEqual({
      error: 'queue unreachable',
    });
    start.mockRestore();

    const started = await http().post(`/api/v1/appeals/${id}/run`).expect(200);
    expect(typeof started.body.runId).toBe('string');
    expect((await waitForRun(app.getHttpServer(), started.body.runId as string)).status).toBe('completed');
    expect((await http().post(`/api/v1/appeals/${id}/run`).expect(409)).body.message).toMatch(
      /has its run already/,
    );
    await http().post('/api/v1/appeals/9999/run').expect(404);
  });
});

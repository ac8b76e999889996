// A month from import to close through the API, with the gate on approval: the month's completeness before the
// run, the run recording the data version and completeness it scored, approval refused on data changed since the
// run and on issues not accepted (and a body with anything else), accepted with a reason (audited); then the
// approved and closed month refuse measurements, corrections, imports and transfers into it, and the closed
// month's exported document scores with the engine to exactly its posted results.
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { isStaffError, ScorecardDocument, scoreDocument } from '@app/scoring';
import { libraryMonth } from './factories/month';
import { databaseSuites } from './support/postgres';
import { startTestApp } from './support/app';
import { serviceResult, waitForRun } from './support/runs';

const OCT = '2026-10';
const SUITES = databaseSuites('scorecard_gated_close', 'the gated close on PostgreSQL');

/** The sample month with one person's input of a "fail" indicator left out: they get an error, no result. */
function monthWithAFailure(): { doc: ScorecardDocument; failed: string } {
  const doc = libraryMonth();
  for (const set of doc.indicatorSets) {
    const ind = set.indicators.find((i) => i.missing === 'fail' && /^[a-z_0-9]+$/.test(i.formula.trim()));
    const person =
      ind && doc.staff.find((s) => s.indicatorSet === set.code && s.inputs?.[ind.formula.trim()] != null);
    if (!ind || !person) continue;
    delete person.inputs![ind.formula.trim()];
    return { doc, failed: person.id };
  }
  throw new Error('the sample month has no "fail" indicator reading one input');
}

interface PostedResult {
  id: string;
  total: number | null;
  grade: string | null;
  incentive: string | null;
  error?: string;
}

describe.each(SUITES)('a gated close on %s', (_, database) => {
  let app: NestExpressApplication;
  let drop: () => Promise<void>;
  const http = () => request(app.getHttpServer());
  const score = async () => {
    const res = await http().post(`/api/v1/periods/${OCT}/runs`).expect(202);
    const run = await waitForRun(app.getHttpServer(), res.body.runId as string);
    expect(run.status).toBe('completed');
    return (await http().get(`/api/v1/runs/${run.id}`).expect(200)).body as {
      id: string;
      dataVersion: number;
      completeness: { staff: number; failing: number; dataVersion: number };
    };
  };
  const month = monthWithAFailure();
  const measurement = (value: number) => [
    { input: 'training_hours', staff: 'C101', date: `${OCT}-28`, value },
  ];

  beforeEach(async () => {
    const db = await database();
    drop = db.drop;
    app = await startTestApp(db.config);
    await http().post('/api/v1/documents').send(month.doc).expect(200);
  });
  afterEach(async () => {
    await app.close();
    await drop();
  });

  it('approves only a run of the current data, with its issues accepted; then the month refuses every change and its export scores to its results', async () => {
    const before = (await http().get(`/api/v1/periods/${OCT}/completeness`).expect(200)).body as {
      staff: number;
      failing: number;
      dataVersion: number;
    };
    expect(before.staff).toBe(libraryMonth().staff.length);
    expect(before.failing).toBe(1);

    const first = await score();
    expect(first.dataVersion).toBe(before.dataVersion);
    expect(first.completeness).toMatchObject({ staff: before.staff, failing: before.failing });

    // A measurement after the run: the run no longer scored the month's data.
    await http().post('/api/v1/measurements').send(measurement(2)).expect(200);
    const stale = await http().post(`/api/v1/periods/${OCT}/approve`).expect(409);
    expect(stale.body.message).toContain(`data changed since run ${first.id}`);

    const second = await score();
    expect(second.dataVersion).toBeGreaterThan(first.dataVersion);
    const results = (await serviceResult(app.getHttpServer(), OCT)).staff as PostedResult[];
    const errors = results.filter((r) => typeof r.error === 'string').length;
    expect(results.find((r) => r.id === month.failed)?.error).toMatch(/is missing/);
    expect(errors).toBe(second.completeness.failing);
    expect(errors).toBeGreaterThan(0);

    // Anything but acceptIssues and reason is refused; acceptIssues without a reason too.
    await http().post(`/api/v1/periods/${OCT}/approve`).send({ acceptIssues: true, why: 'x' }).expect(400);
    await http().post(`/api/v1/periods/${OCT}/approve`).send({ acceptIssues: true }).expect(400);
    const refused = await http().post(`/api/v1/periods/${OCT}/approve`).expect(409);
    expect(refused.body.message).toContain(
      `run ${second.id} of ${OCT} has ${errors} staff with an error and no result (${errors} of them failed by missing data)`,
    );
    await http()
      .post(`/api/v1/periods/${OCT}/approve`)
      .send({ acceptIssues: true, reason: `${month.failed} has no incident register this month` })
      .expect(200);
    const audit = await http().get('/api/v1/audit').query({ action: 'period.approve' }).expect(200);
    expect(JSON.stringify(audit.body)).toContain(`${month.failed} has no incident register this month`);

    // Measurements of a closed month stay bad rows (400 naming the row), as before; of an approved month, 409.
    const refusedAll = async (intake: 400 | 409) => {
      await http().post('/api/v1/measurements').send(measurement(3)).expect(intake);
      await http()
        .post('/api/v1/measurements/csv')
        .set('Content-Type', 'text/csv')
        .send(`staff,date,training_hours\nC101,${OCT}-27,1\n`)
        .expect(intake);
      await http()
        .post(`/api/v1/periods/${OCT}/corrections`)
        .send({ input: 'training_hours', staff: 'C101', value: 9, reason: 'recount' })
        .expect(409);
      await http().post('/api/v1/documents').send(month.doc).expect(409);
      await http()
        .patch('/api/v1/staff/E101')
        .send({ department: 'ENG-SY', site: 'SY', effectiveFrom: OCT })
        .expect(409);
    };
    await refusedAll(409);
    await http().post(`/api/v1/periods/${OCT}/close`).expect(200);
    await refusedAll(400);

    // The closed month's document, scored by the engine, gives the posted results person by person.
    const doc = (await http().get(`/api/v1/periods/${OCT}/document`).expect(200)).body as ScorecardDocument;
    const scored = scoreDocument(doc);
    const posted = new Map(
      ((await serviceResult(app.getHttpServer(), OCT)).staff as PostedResult[]).map((r) => [r.id, r]),
    );
    expect(scored.staff).toHaveLength(posted.size);
    for (const s of scored.staff) {
      const p = posted.get(s.id)!;
      if (isStaffError(s)) expect([s.id, p.error]).toEqual([s.id, s.error]);
      else expect([s.id, p.total, p.grade, p.incentive]).toEqual([s.id, s.total, s.grade, s.incentive]);
    }
  });

  it('refuses to approve a run scored with an indicator set or workload version since replaced or edited', async () => {
    await score();
    const set = month.doc.indicatorSets[0];
    const inForce = (
      await http().get(`/api/v1/indicator-sets/${set.code}/effective?period=${OCT}`).expect(200)
    ).body as Record<string, unknown> & { indicators: { name: unknown }[] };
    // The version's own keys are not content: a new version's body is the content and its first month.
    const content = Object.fromEntries(
      Object.entries(inForce).filter(([k]) => !['version', 'effectiveFrom', 'frozen'].includes(k)),
    ) as typeof inForce;
    // The same set effective from the scored month, one name changed: edited in place, the run is stale.
    content.indicators[0].name = { zh: '改名的指标', en: 'A renamed indicator' };
    await http()
      .post(`/api/v1/indicator-sets/${set.code}/versions`)
      .send({ ...content, effectiveFrom: OCT })
      .expect((res) => expect(res.status).toBeLessThan(300));
    const stale = await http()
      .post(`/api/v1/periods/${OCT}/approve`)
      .send({ acceptIssues: true, reason: 'checked' });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toContain('data changed since run');

    // Scored again, the month approves; a document import that changes the workload catalogue stales it the same way.
    const again = await score();
    const doc = {
      ...month.doc,
      workload: {
        ...month.doc.workload!,
        tasks: month.doc.workload!.tasks.map((t, i) => (i === 0 ? { ...t, name: 'renamed task' } : t)),
      },
    };
    await http().post('/api/v1/documents').send(doc).expect(200);
    const staleAgain = await http()
      .post(`/api/v1/periods/${OCT}/approve`)
      .send({ acceptIssues: true, reason: 'x1' });
    expect(staleAgain.status).toBe(409);
    expect(staleAgain.body.message).toContain(`data changed since run ${again.id}`);
  });

  it('moves a transfer default past an approved month, and refuses one taking effect in it', async () => {
    await score();
    await http()
      .post(`/api/v1/periods/${OCT}/approve`)
      .send({ acceptIssues: true, reason: 'known gaps of the sample month' })
      .expect(200);

    const refused = await http()
      .patch('/api/v1/staff/E101')
      .send({ department: 'ENG-SY', site: 'SY', effectiveFrom: OCT })
      .expect(409);
    expect(refused.body.message).toContain(`period ${OCT} is approved`);
    const moved = await http()
      .patch('/api/v1/staff/E101')
      .send({ department: 'ENG-SY', site: 'SY' })
      .expect(200);
    expect((moved.body.placements as { from: string | null }[]).map((p) => p.from)).toEqual([
      null,
      '2026-11',
    ]);
  });
});

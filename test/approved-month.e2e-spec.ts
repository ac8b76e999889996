// An approved month changes no more: from approval on, every configuration edit that would change what the month
// was scored with (staff dates and placements in it, assignment rules, a set or workload version taking effect in
// it, inputs, departments and sites it uses, a new incentive plan version) answers 409 naming the approved month
// and saying it cannot be reopened, writes nothing (no audit entry either); the same edit for the next, open month
// is accepted; and once the month is closed its exported document still scores to the posted results.
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { isStaffError, ScorecardDocument, scoreDocument } from '@app/scoring';
import { libraryMonth } from './factories/month';
import { databaseSuites } from './support/postgres';
import { startTestApp } from './support/app';
import { serviceResult, waitForRun } from './support/runs';

const OCT = '2026-10';
const NOV = '2026-11';
const APPROVED_MSG = `period ${OCT} is approved`;
const ADVICE = 'approved months change no more; corrections after closing are adjustments';
const SUITES = databaseSuites('scorecard_approved_month', 'an approved month on PostgreSQL');

interface PostedResult {
  id: string;
  total: number | null;
  grade: string | null;
  incentive: string | null;
  error?: string;
}

describe.each(SUITES)('an approved month on %s', (_, database) => {
  let app: NestExpressApplication;
  let drop: () => Promise<void>;
  const http = () => request(app.getHttpServer());

  /** The library month imported, scored and approved; E101 (ENG-CC at CC, set MAINT) is active in it. */
  beforeEach(async () => {
    const db = await database();
    drop = db.drop;
    app = await startTestApp(db.config);
    await http().post('/api/v1/documents').send(libraryMonth()).expect(200);
    const res = await http().post(`/api/v1/periods/${OCT}/runs`).expect(202);
    expect((await waitForRun(app.getHttpServer(), res.body.runId as string)).status).toBe('completed');
    await http().post(`/api/v1/periods/${OCT}/approve`).expect(200);
  });
  afterEach(async () => {
    await app.close();
    await drop();
  });

  /** Sends the request, expects 409 naming the approved month, its advice (and `also`), and returns the message. */
  const refused = async (req: request.Test, also?: RegExp): Promise<string> => {
    const res = await req.expect(409);
    const message = res.body.message as string;
    expect(message).toContain(APPROVED_MSG);
    expect(message).toContain(ADVICE);
    if (also) expect(message).toMatch(also);
    return message;
  };

  const snapshot = async () => ({
    document: (await http().get(`/api/v1/periods/${OCT}/document`).expect(200)).body as unknown,
    period: (await http().get(`/api/v1/periods/${OCT}/incentive-plans`).expect(200)).body as unknown,
    staff: (await http().get('/api/v1/staff').query({ limit: 1000 }).expect(200)).body as unknown,
    rules: (await http().get('/api/v1/assignment-rules').expect(200)).body as unknown,
    inputs: (await http().get('/api/v1/inputs').expect(200)).body as unknown,
    departments: (await http().get('/api/v1/departments').expect(200)).body as unknown,
    sites: (await http().get('/api/v1/sites').expect(200)).body as unknown,
    workload: (await http().get('/api/v1/workload/versions').expect(200)).body as unknown,
    audit: (await http().get('/api/v1/audit').query({ limit: 1000 }).expect(200)).body as unknown,
  });

  it('refuses every edit that would change the approved month and writes nothing; the open month takes them', async () => {
    const before = await snapshot();
    const { code: setCode, dimensions, indicators, grades } = libraryMonth().indicatorSets[0];

    // Staff: days active in the month, and placements taking effect in it.
    await refused(
      http()
        .post('/api/v1/staff')
        .send({ code: 'N1', employeeNo: 'N1', name: 'New', department: 'ENG-CC', activeFrom: `${OCT}-15` }),
      /staff "N1" would be active in it \(2026-10-15\.\.2026-10-31\); start activeFrom after 2026-10/,
    );
    await refused(
      http()
        .patch('/api/v1/staff/E101')
        .send({ activeTo: `${OCT}-20` }),
      /activeFrom and activeTo may move only outside approved and closed months/,
    );
    await refused(http().patch('/api/v1/staff/E101').send({ code: 'E101X' }), /their code cannot change/);
    await refused(
      http().patch('/api/v1/staff/E101').send({ department: 'ENG-SY', site: 'SY', effectiveFrom: OCT }),
      /a transfer of staff "E101" from 2026-10/,
    );
    await refused(http().delete('/api/v1/staff/E101'), /staff "E101" was active in it/);

    // Assignment rules: E101's explicit rule gives them MAINT in the month.
    const rules = (await http().get('/api/v1/assignment-rules').expect(200)).body as {
      id: number;
      set: string;
      staff: string | null;
    }[];
    const rule = rules.find((r) => r.staff === 'E101')!;
    await refused(
      http().patch(`/api/v1/assignment-rules/${rule.id}`).send({ set: 'CLEAN' }),
      /this rule change would move staff "E101" from indicator set MAINT to CLEAN in it/,
    );

    // A set or workload version taking effect in the month.
    await refused(
      http()
        .post(`/api/v1/indicator-sets/${setCode}/versions`)
        .send({ effectiveFrom: OCT, dimensions, indicators, grades }),
      /effective from 2026-10 would change the configuration it was scored with; start the version after 2026-10/,
    );
    await refused(
      http()
        .post('/api/v1/workload/versions')
        .send({ effectiveFrom: OCT, ...libraryMonth().workload }),
      /a version of .* effective from 2026-10/,
    );

    // Inputs, departments and sites the month uses.
    await refused(
      http().patch('/api/v1/inputs/complaints').send({ aggregate: 'max' }),
      /input "complaints" is part of it \(it has observations\): its aggregate cannot change/,
    );
    await refused(http().delete('/api/v1/inputs/complaints'), /it cannot be deleted/);
    await refused(
      http().patch('/api/v1/departments/ENG-CC').send({ site: 'SY' }),
      /department "ENG-CC" is part of it .*: its site cannot change/,
    );
    await refused(http().patch('/api/v1/sites/CC').send({ code: 'C1' }), /site "CC" is part of it/);

    // A new incentive plan version for the month.
    await refused(
      http().patch(`/api/v1/periods/${OCT}`).send({ incentive: null }),
      /its incentive plan can no longer change/,
    );

    // Nothing changed, and the refusals left no audit entry.
    expect(await snapshot()).toEqual(before);

    // The same changes for the next, open month.
    await http().post('/api/v1/periods').send({ period: NOV }).expect(201);
    await http()
      .post('/api/v1/staff')
      .send({ code: 'N1', employeeNo: 'N1', name: 'New', department: 'ENG-CC', activeFrom: `${NOV}-15` })
      .expect(201);
    await http()
      .patch('/api/v1/staff/N1')
      .send({ activeTo: `${NOV}-20` })
      .expect(200);
    await http()
      .patch('/api/v1/staff/E101')
      .send({ department: 'ENG-SY', site: 'SY', effectiveFrom: NOV })
      .expect(200);
    await http()
      .post(`/api/v1/indicator-sets/${setCode}/versions`)
      .send({ effectiveFrom: NOV, dimensions, indicators, grades })
      .expect(201);
    await http()
      .post('/api/v1/workload/versions')
      .send({ effectiveFrom: NOV, ...libraryMonth().workload })
      .expect(201);
    await http().patch(`/api/v1/periods/${NOV}`).send({ incentive: libraryMonth().incentive }).expect(200);
    // An input, a department and a site only the open month uses.
    await http()
      .post('/api/v1/inputs')
      .send({ code: 'new_input', name: 'New', unit: 'n', level: 'staff' })
      .expect(201);
    await http().patch('/api/v1/inputs/new_input').send({ aggregate: 'max' }).expect(200);
    await http().post('/api/v1/sites').send({ code: 'NEW', name: 'New campus' }).expect(201);
    await http().post('/api/v1/departments').send({ code: 'D-NEW', name: 'New', site: 'NEW' }).expect(201);
    await http().patch('/api/v1/staff/N1').send({ department: 'D-NEW', effectiveFrom: NOV }).expect(200);
    await http().patch('/api/v1/departments/D-NEW').send({ site: 'CC' }).expect(200);
    await http().patch('/api/v1/sites/NEW').send({ code: 'NEW2' }).expect(200);

    // The approved month's document is as it was approved (the dictionary lists every input: the new one too).
    const after = (await http().get(`/api/v1/periods/${OCT}/document`).expect(200)).body as ScorecardDocument;
    expect({ ...after, inputs: after.inputs.filter((i) => i.code !== 'new_input') }).toEqual(before.document);
  });

  it('after closing, the exported document still scores to the posted results', async () => {
    // Edits around the approved month: refused in it, accepted after it.
    await refused(http().patch('/api/v1/inputs/complaints').send({ aggregate: 'max' }));
    await http().patch('/api/v1/staff/E101').send({ department: 'ENG-SY', site: 'SY' }).expect(200);
    await http().post(`/api/v1/periods/${OCT}/close`).expect(200);

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
    // A closed month's messages stay as they were.
    const closed = await http().patch('/api/v1/inputs/complaints').send({ aggregate: 'max' }).expect(409);
    expect(closed.body.message).toContain(`period ${OCT} is closed`);
    expect(closed.body.message).toContain('corrections of a closed month go through adjustments');
  });
});

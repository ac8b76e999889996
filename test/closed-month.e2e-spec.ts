// A closed month through the HR configuration routes: every edit that would change what the month was scored
// with answers 409 naming the period (staff, assignment rules, inputs, departments, sites), changes nothing and
// writes no audit entry; the edits that only touch open months (or labels) still work.
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { InputDefinition, Observation } from '@app/persistence';
import { libraryMonth } from './factories/month';
import { startTestApp } from './support/app';
import { waitForRun } from './support/runs';

const CLOSED = '2026-10';
const CLOSED_MSG = `period ${CLOSED} is closed`;

describe('a closed month and the HR configuration', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());

  /** The library month imported, scored, approved and closed; E101 (ENG-CC at CC, set MAINT) is active in it. */
  beforeEach(async () => {
    app = await startTestApp();
    await http().post('/api/v1/documents').send(libraryMonth()).expect(200);
    const res = await http().post(`/api/v1/periods/${CLOSED}/runs`).expect(202);
    expect((await waitForRun(app.getHttpServer(), res.body.runId as string)).status).toBe('completed');
    await http().post(`/api/v1/periods/${CLOSED}/approve`).expect(200);
    await http().post(`/api/v1/periods/${CLOSED}/close`).expect(200);
  });
  afterEach(() => app.close());

  const ruleOf = async (staff: string): Promise<{ id: number; set: string }> => {
    const rules = (await http().get('/api/v1/assignment-rules').expect(200)).body as {
      id: number;
      set: string;
      staff: string | null;
    }[];
    return rules.find((r) => r.staff === staff)!;
  };

  /** Sends the request, expects 409 naming the closed period (and `also`), and returns the message. */
  const refused = async (req: request.Test, also?: string | RegExp): Promise<string> => {
    const res = await req.expect(409);
    const message = res.body.message as string;
    expect(message).toContain(CLOSED_MSG);
    if (also) expect(message).toMatch(also);
    return message;
  };

  it('refuses every edit that would change the closed month, naming the period, and changes nothing', async () => {
    const snapshot = async () => ({
      document: (await http().get(`/api/v1/periods/${CLOSED}/document`).expect(200)).body as unknown,
      staff: (await http().get('/api/v1/staff').query({ limit: 1000 }).expect(200)).body as unknown,
      rules: (await http().get('/api/v1/assignment-rules').expect(200)).body as unknown,
      inputs: (await http().get('/api/v1/inputs').expect(200)).body as unknown,
      departments: (await http().get('/api/v1/departments').expect(200)).body as unknown,
      sites: (await http().get('/api/v1/sites').expect(200)).body as unknown,
      audit: (await http().get('/api/v1/audit').query({ limit: 1000 }).expect(200)).body as unknown,
    });
    const before = await snapshot();

    // Staff: who was active in the month, on which days, and what its document says about them.
    const staff = (body: object) => http().patch('/api/v1/staff/E101').send(body);
    await refused(
      http()
        .post('/api/v1/staff')
        .send({
          code: 'N1',
          employeeNo: 'N1',
          name: 'New',
          department: 'ENG-CC',
          activeFrom: `${CLOSED}-15`,
        }),
      /staff "N1" would be active in it \(2026-10-15\.\.2026-10-31\); start activeFrom after 2026-10/,
    );
    // A transfer may take effect from a month after the closed one only (the default: see the next test).
    const inClosed = { effectiveFrom: CLOSED };
    await refused(staff({ department: 'ENG-SY', ...inClosed }), /their department cannot change in it/);
    await refused(
      staff({ department: 'ENG-SY', effectiveFrom: '2026-01' }),
      /their department cannot change/,
    );
    await refused(staff({ site: 'SY', ...inClosed }), /their site cannot change in it/);
    await refused(
      staff({ site: 'SY', department: 'ENG-SY', ...inClosed }),
      /their department, site cannot change in it.*effectiveFrom/,
    );
    await refused(staff({ code: 'E101X' }), /their code cannot change/);
    await refused(staff({ employmentType: 'contract', ...inClosed }), /their employmentType cannot change/);
    await refused(
      staff({ activeTo: `${CLOSED}-20` }),
      /was active in it on 2026-10-01\.\.2026-10-31; the change would make it 2026-10-01\.\.2026-10-20/,
    );
    await refused(
      staff({ activeFrom: '2026-09-01', activeTo: '2026-09-30' }),
      /the change would make it no day/,
    );
    await refused(staff({ activeFrom: `${CLOSED}-02` }));
    await refused(http().delete('/api/v1/staff/E101'), /staff "E101" was active in it/);

    // Assignment rules: E101's explicit rule gives them MAINT in the month.
    const rule = await ruleOf('E101');
    expect(rule.set).toBe('MAINT');
    await refused(
      http().patch(`/api/v1/assignment-rules/${rule.id}`).send({ set: 'CLEAN' }),
      /would move staff "E101" from indicator set MAINT to CLEAN in it/,
    );
    await refused(
      http().delete(`/api/v1/assignment-rules/${rule.id}`),
      /would move staff "E101" from indicator set MAINT to none/,
    );

    // Inputs the month uses: observations of it, or a formula of a set version in force.
    await refused(
      http().patch('/api/v1/inputs/complaints').send({ aggregate: 'max' }),
      /input "complaints" is part of it \(it has observations\): its aggregate cannot change/,
    );
    await refused(
      http().patch('/api/v1/inputs/complaints').send({ level: 'department', aggregate: 'mean' }),
      /its level and aggregate cannot change/,
    );
    await refused(http().delete('/api/v1/inputs/complaints'), /it cannot be deleted/);

    // Departments: code and site (a site move changes the roll-up and the comparison across sites).
    await refused(
      http().patch('/api/v1/departments/ENG-CC').send({ site: 'SY' }),
      /department "ENG-CC" is part of it \(staff "[^"]+" of it was active in it\): its site cannot change/,
    );
    await refused(http().patch('/api/v1/departments/ENG-CC').send({ site: null }), /its site cannot change/);
    await refused(
      http().patch('/api/v1/departments/ENG-CC').send({ code: 'ENG-C' }),
      /its code cannot change/,
    );
    await refused(http().delete('/api/v1/departments/ENG-CC'), /it cannot be deleted/);

    // Sites: the code (site factors of the workload catalogue, departments placed at it).
    await refused(http().patch('/api/v1/sites/CC').send({ code: 'C1' }), /site "CC" is part of it/);
    await refused(http().delete('/api/v1/sites/CC'), /it cannot be deleted/);

    // Nothing changed, and refused changes left no audit entry.
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a level or aggregate change of an input a closed set version uses, even without observations', async () => {
    // The month's values of `complaints` gone (as if never measured): the MAINT version in force still uses it.
    const ds = app.get(DataSource);
    const input = await ds.getRepository(InputDefinition).findOneByOrFail({ code: 'complaints' });
    await ds.getRepository(Observation).delete({ inputId: input.id });
    await refused(
      http().patch('/api/v1/inputs/complaints').send({ aggregate: 'last' }),
      /input "complaints" is part of it \(indicator \S+ of set \S+ version 1 uses it\)/,
    );
  });

  it('refuses a post type change or a rule that would give someone of the month another set', async () => {
    for (const code of ['PT1', 'PT2'])
      await http().post('/api/v1/post-types').send({ code, name: code }).expect(201);
    // E101's explicit rule keeps their set whatever their post type: a change even in the closed month is
    // harmless (the post type is not in the month's document; only the set it picks is).
    await http().patch('/api/v1/staff/E101').send({ postType: 'PT1', effectiveFrom: CLOSED }).expect(200);
    // A general rule nobody in the month falls under, then E101's explicit rule replaced by it: same set.
    const general = await http()
      .post('/api/v1/assignment-rules')
      .send({ set: 'MAINT', postType: 'PT1' })
      .expect(201);
    await http()
      .delete(`/api/v1/assignment-rules/${(await ruleOf('E101')).id}`)
      .expect(204);
    // Now the post type picks E101's set.
    await refused(
      http().patch('/api/v1/staff/E101').send({ postType: 'PT2', effectiveFrom: CLOSED }),
      /the new post type would move staff "E101" from indicator set MAINT to none in it/,
    );
    await refused(
      http().patch(`/api/v1/assignment-rules/${general.body.id}`).send({ set: 'CLEAN' }),
      /this rule change would move staff "E101" from indicator set MAINT to CLEAN in it/,
    );
    await refused(
      http().post('/api/v1/assignment-rules').send({ set: 'CLEAN', postType: 'PT1', department: 'ENG-CC' }),
      /from indicator set MAINT to CLEAN/,
    );
    await refused(http().delete(`/api/v1/assignment-rules/${general.body.id}`), /MAINT to none/);
    // From the next month on (the default), the post type may change: October keeps PT1.
    await http().patch('/api/v1/staff/E101').send({ postType: 'PT2' }).expect(200);
    await http().patch('/api/v1/staff/E101').send({ postType: 'PT1' }).expect(200);
    // With a PT2 rule giving the same set, the post type change is fine in October too.
    await http().post('/api/v1/assignment-rules').send({ set: 'MAINT', postType: 'PT2' }).expect(201);
    await http().patch('/api/v1/staff/E101').send({ postType: 'PT2', effectiveFrom: CLOSED }).expect(200);
  });

  it('lets HR make every edit that only touches open months, or labels', async () => {
    await http().post('/api/v1/periods').send({ period: '2026-11' }).expect(201);

    // Staff of the closed month: labels, and dates after it.
    await http().patch('/api/v1/staff/E101').send({ name: 'Renamed' }).expect(200);
    // Their department's site named as their own, and cleared again: the same site either way.
    await http().patch('/api/v1/staff/E101').send({ site: 'CC' }).expect(200);
    await http().patch('/api/v1/staff/E101').send({ site: null }).expect(200);
    await http().patch('/api/v1/staff/E101').send({ activeTo: '2026-11-15' }).expect(200);
    await http().patch('/api/v1/staff/E101').send({ activeTo: null }).expect(200);
    await http().patch('/api/v1/staff/E101').send({ activeFrom: '2026-09-01' }).expect(200); // October unchanged
    // Someone who joins after the closed month, or who left before it: anything goes.
    const joiner = {
      code: 'N1',
      employeeNo: 'N1',
      name: 'New',
      department: 'ENG-CC',
      activeFrom: '2026-11-01',
    };
    await http().post('/api/v1/staff').send(joiner).expect(201);
    await http()
      .patch('/api/v1/staff/N1')
      .send({ department: 'ENG-SY', site: 'SY', employeeNo: 'N1-B', employmentType: 'contract' })
      .expect(200);
    await http()
      .post('/api/v1/staff')
      .send({ ...joiner, code: 'OLD', employeeNo: 'OLD', activeFrom: '2026-01-01', activeTo: '2026-09-30' })
      .expect(201);
    await http().patch('/api/v1/staff/OLD').send({ department: 'ENG-SY' }).expect(200);
    await http().delete('/api/v1/staff/OLD').expect(204);

    // Rules that move nobody of the closed month: explicit rules override general ones; a joiner's own rule.
    await http().post('/api/v1/assignment-rules').send({ set: 'CLEAN', department: 'ENG-CC' }).expect(201);
    const own = await http().post('/api/v1/assignment-rules').send({ set: 'CLEAN', staff: 'N1' }).expect(201);
    await http().patch(`/api/v1/assignment-rules/${own.body.id}`).send({ set: 'SECURITY' }).expect(200);
    await http().delete(`/api/v1/assignment-rules/${own.body.id}`).expect(204);
    const e101 = await ruleOf('E101');
    await http().patch(`/api/v1/assignment-rules/${e101.id}`).send({ priority: 5 }).expect(200);
    await http().delete('/api/v1/staff/N1').expect(204);

    // Inputs: labels of used ones; anything of an input no closed month uses.
    await http()
      .patch('/api/v1/inputs/complaints')
      .send({ name: 'Complaints (valid)', unit: 'n' })
      .expect(200);
    await http()
      .post('/api/v1/inputs')
      .send({ code: 'new_input', name: 'New', unit: 'n', level: 'staff' })
      .expect(201);
    await http()
      .patch('/api/v1/inputs/new_input')
      .send({ level: 'department', aggregate: 'mean' })
      .expect(200);
    await http().delete('/api/v1/inputs/new_input').expect(204);

    // Departments and sites: names and parents; codes and sites of those the month does not use.
    await http()
      .patch('/api/v1/departments/ENG-CC')
      .send({ name: 'Maintenance CC', parent: 'ENG-SY' })
      .expect(200);
    await http().patch('/api/v1/sites/CC').send({ name: 'Changchun campus' }).expect(200);
    await http().post('/api/v1/sites').send({ code: 'NEW', name: 'New campus' }).expect(201);
    await http().post('/api/v1/departments').send({ code: 'D-NEW', name: 'New', site: 'NEW' }).expect(201);
    await http().patch('/api/v1/departments/D-NEW').send({ site: 'CC', code: 'D-NEW2' }).expect(200);
    await http().patch('/api/v1/sites/NEW').send({ code: 'NEW2' }).expect(200);
    await http().delete('/api/v1/departments/D-NEW2').expect(204);
    await http().delete('/api/v1/sites/NEW2').expect(204);

    // A new set or workload version from the next month.
    const { code, dimensions, indicators, grades } = libraryMonth().indicatorSets[0];
    await http()
      .post(`/api/v1/indicator-sets/${code}/versions`)
      .send({ effectiveFrom: '2026-11', dimensions, indicators, grades })
      .expect(201);
    await http()
      .post('/api/v1/workload/versions')
      .send({ effectiveFrom: '2026-11', ...libraryMonth().workload })
      .expect(201);

    // The closed month still lists the same staff with the same sets.
    const doc = (await http().get(`/api/v1/periods/${CLOSED}/document`).expect(200)).body as {
      staff: { id: string; indicatorSet: string; department: string }[];
    };
    const rows = (list: { id: string; indicatorSet: string; department: string }[]) =>
      list.map((s) => [s.id, s.indicatorSet, s.department].join(' ')).sort();
    expect(rows(doc.staff)).toEqual(rows(libraryMonth().staff));
  });
});

// A closed month and document imports: an import of an open month is held to the same closed-month rules as the
// HR routes (closed-month.e2e-spec.ts). One that would change what the closed month was scored with answers 409
// naming the period and the thing, and stores nothing (the closed month's export, the open month's data and the
// audit log are unchanged); imports that only touch open months, and re-imports, still work. Every import
// leaves one `document.import` audit entry.
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ScorecardDocument, StaffDef } from '@app/scoring';
import { libraryMonth } from './factories/month';
import { startTestApp } from './support/app';
import { waitForRun } from './support/runs';

const OPEN_BEFORE = '2026-09';
const CLOSED = '2026-10';
const NEXT = '2026-11';
const CLOSED_MSG = `period ${CLOSED} is closed`;

type Staff = StaffDef & { employeeNo?: string; employmentType?: string; name?: string; postType?: string };

/** The library month as `period`, edited. */
function month(period: string, edit?: (doc: ScorecardDocument, person: (id: string) => Staff) => void) {
  const doc = libraryMonth();
  doc.period = period;
  edit?.(doc, (id) => doc.staff.find((s) => s.id === id)!);
  return doc;
}

describe('a closed month and document imports', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());
  const importDoc = (doc: ScorecardDocument) => http().post('/api/v1/documents').send(doc);

  /** The library month imported for September (left open) and October (scored, approved and closed). */
  beforeEach(async () => {
    app = await startTestApp();
    await importDoc(month(OPEN_BEFORE)).expect(200);
    await importDoc(month(CLOSED)).expect(200);
    const res = await http().post(`/api/v1/periods/${CLOSED}/runs`).expect(202);
    expect((await waitForRun(app.getHttpServer(), res.body.runId as string)).status).toBe('completed');
    await http().post(`/api/v1/periods/${CLOSED}/approve`).expect(200);
    await http().post(`/api/v1/periods/${CLOSED}/close`).expect(200);
  });
  afterEach(() => app.close());

  const get = async (path: string, query: Record<string, string | number> = {}): Promise<unknown> =>
    (await http().get(path).query(query).expect(200)).body as unknown;

  /** Everything an import could change, besides the closed month's export. */
  const snapshot = async () => ({
    closed: await get(`/api/v1/periods/${CLOSED}/document`),
    open: await get(`/api/v1/periods/${OPEN_BEFORE}/document`),
    staff: await get('/api/v1/staff', { limit: 1000 }),
    rules: await get('/api/v1/assignment-rules'),
    inputs: await get('/api/v1/inputs'),
    departments: await get('/api/v1/departments'),
    sites: await get('/api/v1/sites'),
    periods: await get('/api/v1/periods'),
    audit: await get('/api/v1/audit', { limit: 1000 }),
  });

  /** Imports `doc`, expects 409 naming the closed period and matching `also`. */
  const refused = async (doc: ScorecardDocument, also: RegExp): Promise<void> => {
    const res = await importDoc(doc).expect(409);
    expect(res.body.message).toContain(CLOSED_MSG);
    expect(res.body.message).toMatch(also);
  };

  it('refuses an import that would change the closed month, naming the period and the thing; stores nothing', async () => {
    // Someone who joins after the closed month (an import of September would make them active in October).
    await http()
      .post('/api/v1/staff')
      .send({
        code: 'LATE',
        employeeNo: 'LATE',
        name: 'Late',
        department: 'ENG-CC',
        activeFrom: `${NEXT}-01`,
      })
      .expect(201);
    const before = await snapshot();

    // Staff of the closed month: the fields its document carries.
    // A month's document places its staff from that month up to their next transfer: an earlier open month
    // that moves someone would move them in October too. (The next month may: test/transfers.e2e-spec.ts.)
    await refused(
      month(OPEN_BEFORE, (_, p) => (p('E101').department = 'ENG-SY')),
      /staff "E101" was active in it, so their department cannot change in it/,
    );
    await refused(
      month(OPEN_BEFORE, (_, p) => (p('E101').site = 'SY')),
      /staff "E101" was active in it, so their site cannot change in it/,
    );
    await refused(
      month(OPEN_BEFORE, (_, p) => (p('E101').employmentType = 'contract')),
      /their employmentType cannot change in it/,
    );
    // Active days: an import of an earlier open month starts staff from it, so they would be in October too.
    await refused(
      month(OPEN_BEFORE, (doc, p) =>
        doc.staff.push({ ...p('E101'), id: 'LATE', employeeNo: 'LATE' } as Staff),
      ),
      /staff "LATE" was active in it on no day; the change would make it 2026-10-01\.\.2026-10-31/,
    );
    await refused(
      month(OPEN_BEFORE, (doc, p) => doc.staff.push({ ...p('E101'), id: 'N1', employeeNo: 'N1' } as Staff)),
      /staff "N1" would be active in it \(2026-10-01\.\.2026-10-31\); a document of 2026-09 starts new staff on its first day and they stay active: add them with a document of a month after 2026-10/,
    );

    // The assignment: the import's rule replaces the person's rules, and rules apply in every month.
    await refused(
      month(NEXT, (_, p) => (p('E101').indicatorSet = 'CLEAN')),
      /this import would move staff "E101" from indicator set MAINT to CLEAN in it/,
    );

    // An input the month uses: its aggregate.
    await refused(
      month(NEXT, (doc) => {
        const input = doc.inputs.find((i) => i.code === 'complaints')!;
        (input as { aggregate?: string }).aggregate = 'max';
      }),
      /input "complaints" is part of it \(it has observations\): its aggregate cannot change/,
    );

    // A department the month is made of: its site.
    await refused(
      month(NEXT, (doc) => (doc.departments!.find((d) => d.code === 'ENG-CC')!.site = 'SY')),
      /department "ENG-CC" is part of it \(staff "[^"]+" of it was active in it\): its site cannot change/,
    );

    // Nothing stored: no November, the same September and October, no audit entry.
    await http().get(`/api/v1/periods/${NEXT}`).expect(404);
    expect(await snapshot()).toEqual(before);
  });

  it('lets imports through that only touch open months; a re-import changes nothing', async () => {
    const closedDoc = await get(`/api/v1/periods/${CLOSED}/document`);
    // Re-imports of the open month before the closed one, and of the closed month's content for the next month.
    await importDoc(month(OPEN_BEFORE)).expect(200);
    await importDoc(month(NEXT)).expect(200);
    const once = await snapshot();
    const nextDoc = await get(`/api/v1/periods/${NEXT}/document`);
    await importDoc(month(NEXT)).expect(200);
    expect(await get(`/api/v1/periods/${NEXT}/document`)).toEqual(nextDoc);
    // The same, but for the audit entry and the explicit rules' ids (an import writes each person's rule anew).
    const same = (snap: Awaited<ReturnType<typeof snapshot>>) => ({
      ...snap,
      audit: undefined,
      rules: (snap.rules as { id: number }[]).map(({ id: _id, ...rule }) => rule),
    });
    expect(same(await snapshot())).toEqual(same(once));

    // Labels of what the closed month uses; anything of what it does not; a post type change that keeps the set.
    await importDoc(
      month(NEXT, (doc, p) => {
        p('E101').name = 'Renamed';
        p('E101').postType = 'ENGINEER';
        doc.inputs.find((i) => i.code === 'complaints')!.name = 'Complaints (valid)';
        doc.departments!.find((d) => d.code === 'ENG-CC')!.name = 'Maintenance CC';
        doc.departments!.push({ code: 'D-NEW', name: 'New', site: 'NEW' });
        doc.staff.push({
          ...p('E101'),
          id: 'N1',
          employeeNo: 'N1',
          department: 'D-NEW',
          site: 'NEW',
        } as Staff);
      }),
    ).expect(200);
    // A joiner of November: their department, site, employment type, number and set may all change.
    await importDoc(
      month(NEXT, (doc, p) => {
        doc.departments!.find((d) => d.code === 'ENG-CC')!.name = 'Maintenance CC';
        doc.departments!.push({ code: 'D-NEW', name: 'New', site: 'CC' });
        doc.staff.push({
          ...p('E101'),
          id: 'N1',
          employeeNo: 'N1-B',
          department: 'ENG-SY',
          site: 'SY',
          employmentType: 'contract',
          indicatorSet: 'CLEAN',
        } as Staff);
      }),
    ).expect(200);

    // The closed month is as it was, but for the new label.
    const relabelled = structuredClone(closedDoc) as ScorecardDocument;
    relabelled.departments!.find((d) => d.code === 'ENG-CC')!.name = 'Maintenance CC';
    expect(await get(`/api/v1/periods/${CLOSED}/document`)).toEqual(relabelled);
    const next = (await get(`/api/v1/periods/${NEXT}/document`)) as { staff: Staff[] };
    expect(next.staff.find((s) => s.id === 'N1')).toMatchObject({
      department: 'ENG-SY',
      indicatorSet: 'CLEAN',
    });
  });

  it('writes one document.import audit entry per import, with its counts', async () => {
    await importDoc(month(NEXT)).expect(200);
    // The same document again is a duplicate (nothing stored, no entry); one changed value is a new import.
    expect((await importDoc(month(NEXT)).expect(200)).body.duplicate).toBe(true);
    await importDoc(
      month(NEXT, (doc) => {
        const inputs = doc.staff[0].inputs!;
        const code = Object.keys(inputs).find((k) => typeof inputs[k] === 'number')!;
        inputs[code] = (inputs[code] as number) + 1;
      }),
    ).expect(200);
    const items = (
      (await get('/api/v1/audit', { action: 'document.import' })) as {
        items: { actor: string; entity: string; entityKey: string; before: unknown; after: unknown }[];
      }
    ).items.reverse();
    const doc = libraryMonth();
    const counts = {
      inputs: doc.inputs.length,
      indicatorSets: doc.indicatorSets.length,
      departments: doc.departments!.length,
      staff: doc.staff.length,
      observations: expect.any(Number),
    };
    const entry = (period: string, planChanged: boolean) =>
      expect.objectContaining({
        actor: 'user:hr.admin',
        action: 'document.import',
        entity: 'period',
        entityKey: period,
        before: null,
        after: { ...counts, planChanged },
      }) as object;
    expect(items).toEqual([
      entry(OPEN_BEFORE, true),
      entry(CLOSED, true),
      entry(NEXT, true),
      entry(NEXT, false),
    ]);
    expect((items[0].after as { observations: number }).observations).toBeGreaterThan(0);
  });
});

// Scoring runs in-process (no Redis) on SQLite in memory: import → run → the results equal the engine's for
// the same document, page by page; re-runs, configuration errors, closed periods and duplicate requests.
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { IndicatorSetVersion, Period, ScoringRun, StaffResultRow } from '@app/persistence';
import { planRun, RunsService } from '@app/domain/runs';
import { isAppraisalDocument, parseDocumentText, ScorecardDocument, scoreDocument } from '@app/scoring';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MEMORY_CONFIG, startTestApp } from './support/app';
import { normaliseResult, serviceResult, waitForRun } from './support/runs';
import { compareWithExpected, REPO_ROOT, scenarios, scenario as fixture } from './support/scenarios';

const LIBRARY = join(REPO_ROOT, 'config/indicator-library/hospital-logistics.yaml');

describe('scoring runs (in-process)', () => {
  let app: NestExpressApplication;
  let ds: DataSource;
  const server = () => app.getHttpServer();

  // Chunks of 2 staff: departments span several chunks, so the roll-up really happens across jobs.
  beforeEach(async () => {
    app = await startTestApp({ runs: { ...MEMORY_CONFIG.runs, chunkSize: 2 } });
    ds = app.get(DataSource);
  });
  afterEach(() => app.close());

  const importDoc = (doc: object) => request(server()).post('/api/v1/documents').send(doc).expect(200);
  const run = async (period: string) => {
    const res = await request(server()).post(`/api/v1/periods/${period}/runs`).expect(202);
    expect(res.body).toMatchObject({ runId: expect.any(String), created: true });
    return waitForRun(server(), res.body.runId as string);
  };

  // The service does not store appraisal periods (a year, a quarter, a half-year) yet: an appraisal document
  // (docs/FORMAT.md, "Appraisal periods above the month") is scored by the library and the CLI only, until the
  // lead wires its storage and runs. Only the months are imported and run here.
  const months = scenarios().filter(
    (s) => !isAppraisalDocument(parseDocumentText(readFileSync(s.document, 'utf8'))),
  );
  it.each(months.map((s) => [s.name, s]))(
    'scenario %s: import → run → results match the expected file and the engine',
    async (_name, scenario) => {
      const doc = parseDocumentText(readFileSync(scenario.document, 'utf8')) as ScorecardDocument;
      await importDoc(doc);
      const done = await run(doc.period);
      expect(done).toMatchObject({
        status: 'completed',
        progress: { done: doc.staff.length, total: doc.staff.length },
      });
      const service = await serviceResult(server(), doc.period, 3);
      expect(compareWithExpected(scenario.expected, service)).toBe('');
      // Exactly the engine's result for the same document, explanations included.
      const engine = scoreDocument(doc);
      expect(normaliseResult(service)).toEqual(normaliseResult(engine as never));
    },
  );

  it('scores the shipped library month across chunks exactly as the engine does, and ranks kinds across sites', async () => {
    const doc = parseDocumentText(readFileSync(LIBRARY, 'utf8')) as ScorecardDocument;
    await importDoc(doc);
    const done = await run(doc.period);
    expect(done.status).toBe('completed');
    const service = await serviceResult(server(), doc.period, 7);
    expect(normaliseResult(service)).toEqual(normaliseResult(scoreDocument(doc) as never));
    // ENG-CC and ENG-SY are both maintenance departments: compared side by side.
    const maint = (service.comparison as { kind: string; departments: { code: string }[] }[]).find(
      (c) => c.kind === 'MAINT',
    );
    expect(maint?.departments.map((d) => d.code).sort()).toEqual(['ENG-CC', 'ENG-SY']);
  });

  it('filters results by department and pages with a cursor', async () => {
    const doc = parseDocumentText(readFileSync(LIBRARY, 'utf8')) as ScorecardDocument;
    await importDoc(doc);
    await run(doc.period);
    const expected = doc.staff
      .filter((s) => s.department === 'ENG-CC')
      .map((s) => s.id)
      .sort();
    const first = await request(server())
      .get(`/api/v1/periods/${doc.period}/results`)
      .query({ department: 'ENG-CC', limit: 1 })
      .expect(200);
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual(expected.slice(0, 1));
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await request(server())
      .get(`/api/v1/periods/${doc.period}/results`)
      .query({ department: 'ENG-CC', limit: 1000, cursor: first.body.nextCursor })
      .expect(200);
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual(expected.slice(1));
    expect(second.body.nextCursor).toBeNull();
    await request(server()).get(`/api/v1/periods/${doc.period}/results`).query({ limit: 0 }).expect(400);
    await request(server()).get(`/api/v1/periods/${doc.period}/results`).query({ cursor: 'a b' }).expect(400);
  });

  it('keeps every run; the period’s results move to a re-run when it completes', async () => {
    const scenario = fixture('logistics-basic');
    const doc = parseDocumentText(readFileSync(scenario.document, 'utf8')) as ScorecardDocument;
    await importDoc(doc);
    const first = await run(doc.period);
    const second = await run(doc.period);
    expect(second.id).not.toBe(first.id);
    const page = await request(server()).get(`/api/v1/periods/${doc.period}/results`).expect(200);
    expect(page.body.runId).toBe(second.id);
    expect(await ds.getRepository(StaffResultRow).countBy({ runId: first.id })).toBe(doc.staff.length);
    const period = await ds.getRepository(Period).findOneByOrFail({ period: doc.period });
    expect(period).toMatchObject({ currentRunId: second.id, status: 'scored' });
    const runs = await request(server()).get(`/api/v1/periods/${doc.period}/runs`).expect(200);
    expect(runs.body.map((r: { id: string }) => r.id).sort()).toEqual([first.id, second.id].sort());
  });

  it('fails a run whose configuration cannot be scored, naming the set and indicator, without retrying', async () => {
    const scenario = fixture('logistics-basic');
    const doc = parseDocumentText(readFileSync(scenario.document, 'utf8')) as ScorecardDocument;
    await importDoc(doc);
    // Corrupt a stored formula behind the API's back (an undeclared input).
    const version = await ds
      .getRepository(IndicatorSetVersion)
      .findOneOrFail({ where: {}, order: { id: 'ASC' } });
    const content = version.content;
    content.indicators[0] = { ...content.indicators[0], formula: 'no_such_input * 2' };
    await ds.getRepository(IndicatorSetVersion).update({ id: version.id }, { content });
    const res = await request(server()).post(`/api/v1/periods/${doc.period}/runs`).expect(202);
    const failed = await waitForRun(server(), res.body.runId as string);
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain(`indicator ${content.indicators[0].code}`);
    expect(failed.error).toMatch(/set \S+, indicator/);
    expect(failed.error).toContain('no_such_input');
    // The period has no results, and a new run may be asked for.
    await request(server()).get(`/api/v1/periods/${doc.period}/results`).expect(404);
    await request(server()).post(`/api/v1/periods/${doc.period}/runs`).expect(202);
  });

  it('answers 400 for a bad period, 404 for unknown periods and runs, 409 for a closed period', async () => {
    await request(server()).post('/api/v1/periods/2026-13/runs').expect(400);
    await request(server()).post('/api/v1/periods/2030-01/runs').expect(404);
    await request(server()).get('/api/v1/runs/not-a-uuid').expect(400);
    await request(server()).get('/api/v1/runs/00000000-0000-4000-8000-000000000000').expect(404);
    await request(server()).get('/api/v1/periods/2030-01/results').expect(404);
    const scenario = fixture('logistics-basic');
    const doc = parseDocumentText(readFileSync(scenario.document, 'utf8')) as ScorecardDocument;
    await importDoc(doc);
    const noRun = await request(server()).get(`/api/v1/periods/${doc.period}/departments`).expect(404);
    expect(noRun.body.message).toContain('no completed scoring run');
    await ds.getRepository(Period).update({ period: doc.period }, { status: 'closed' });
    const closed = await request(server()).post(`/api/v1/periods/${doc.period}/runs`).expect(409);
    expect(closed.body.message).toContain('closed');
  });

  it('scores the previous month on schedule, once, and never next to a manual run', async () => {
    const scenario = fixture('logistics-basic');
    const doc = parseDocumentText(readFileSync(scenario.document, 'utf8')) as ScorecardDocument;
    await importDoc(doc);
    const runs = app.get(RunsService);
    // 02:00 on the 3rd of the next month: the schedule's default fire time for this period.
    const firedAt = new Date('2026-11-03T02:00:00Z');
    const started = await runs.startScheduled(firedAt);
    expect(started?.run).toMatchObject({ period: doc.period, trigger: 'scheduled' });
    expect((await waitForRun(server(), started!.run.id)).status).toBe('completed');
    // Fired again (another worker, a retry): the month is scored already.
    expect(await runs.startScheduled(firedAt)).toBeNull();
    // A month scored by hand first is not scored again by the schedule.
    await ds.getRepository(Period).save({ period: '2026-11', status: 'open', incentive: null });
    const manual = await request(server()).post('/api/v1/periods/2026-11/runs').expect(202);
    await waitForRun(server(), manual.body.runId as string);
    expect(await runs.startScheduled(new Date('2026-12-03T02:00:00Z'))).toBeNull();
    expect(await runs.startScheduled(new Date('2027-02-03T02:00:00Z'))).toBeNull(); // no such period
    expect(await ds.getRepository(ScoringRun).countBy({ trigger: 'scheduled' })).toBe(1);
  });

  it('fails a run that ends after its period was approved, keeping the approved results', async () => {
    const scenario = fixture('logistics-basic');
    const doc = parseDocumentText(readFileSync(scenario.document, 'utf8')) as ScorecardDocument;
    await importDoc(doc);
    const first = await run(doc.period);
    // A second run planned, then the month approved before it finishes (the API refuses to approve while a run
    // is active; this is the race that check cannot see).
    const { run: late } = await planRun(ds, doc.period, 'manual', 'test', 10);
    await ds.getRepository(Period).update({ period: doc.period }, { status: 'approved' });
    const handler = app.get(RunsService).handler;
    for (let index = 0; index < late.chunkCount; index++)
      await handler.handle('score-chunk', { runId: late.id, index }, { made: 0, max: 1 });
    await expect(handler.handle('finish-run', { runId: late.id }, { made: 0, max: 1 })).rejects.toThrow(
      /was approved while this run was going/,
    );
    const failed = await request(server()).get(`/api/v1/runs/${late.id}`).expect(200);
    expect(failed.body).toMatchObject({ status: 'failed', error: expect.stringContaining('approved') });
    const period = await ds.getRepository(Period).findOneByOrFail({ period: doc.period });
    expect(period).toMatchObject({ status: 'approved', currentRunId: first.id });
  });

  it('returns the active run to a second request while one is queued', async () => {
    const scenario = fixture('logistics-basic');
    const doc = parseDocumentText(readFileSync(scenario.document, 'utf8')) as ScorecardDocument;
    await importDoc(doc);
    // Planned but not dispatched: the run stays queued.
    const first = await planRun(ds, doc.period, 'manual', 'test', 10);
    expect(first.created).toBe(true);
    const again = await request(server()).post(`/api/v1/periods/${doc.period}/runs`).expect(202);
    expect(again.body).toMatchObject({ runId: first.run.id, created: false, run: { status: 'queued' } });
    expect(await ds.getRepository(ScoringRun).countBy({ period: doc.period })).toBe(1);
  });
});

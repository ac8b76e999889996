// The finance feed of an appraisal quarter on a real database (SQLite, and PostgreSQL with TEST_DATABASE_URL): the
// three months of test/factories/quarter.ts scored and the quarter run in-process. Refused until HR approves; then
// every person once, by staff code, through the keyset cursor, with the figures of the engine's result (total,
// grade, coefficient, months, bonus) and the same bytes (and ETag) on every call.
import type { DataSource } from 'typeorm';
import { AppraisalResult, AppraisalStaffScore, isAppraisalError, scoreAnyDocument } from '@app/scoring';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { QUARTER, quarterPlan } from '../../../../test/factories/quarter';
import { scoreQuarterMonths } from '../../../../test/factories/quarter-runs';
import { DEFAULT_RUNS_OPTIONS, RunsService } from '../runs';
import { AppraisalNotApprovedError, appraisalScores, appraisalScoresBody } from './appraisal-feed';
import { AppraisalPeriodInvalidError } from './appraisal-period-errors';
import { AppraisalPeriodsService } from './appraisal-periods.service';
import { AppraisalRunHooks } from './appraisal-runs';
import { AppraisalRunsService } from './appraisal-runs.service';
import { appraisalDocument } from './period-document';

describe.each(testDatabases('appraisal_feed'))('%s', (_name, db) => {
  let ds: DataSource;
  let runs: RunsService;
  let service: AppraisalRunsService;

  beforeAll(async () => {
    ds = await db.open();
    await scoreQuarterMonths(ds);
    runs = new RunsService(ds, { ...DEFAULT_RUNS_OPTIONS, backoffMs: 1 }, [new AppraisalRunHooks()]);
    service = new AppraisalRunsService(ds, runs);
    await new AppraisalPeriodsService(ds).putPlan('user:hr', QUARTER, quarterPlan());
  }, 180000);
  afterAll(() => closeDatabase(ds));

  it('refuses a period not yet approved (never run, scored), and a period that is not one', async () => {
    await expect(appraisalScores(ds, QUARTER, {})).rejects.toBeInstanceOf(AppraisalNotApprovedError);
    await expect(appraisalScores(ds, '2026-13', {})).rejects.toBeInstanceOf(AppraisalPeriodInvalidError);
    await service.start('user:hr', QUARTER);
    await runs.settle();
    await expect(appraisalScores(ds, QUARTER, {})).rejects.toMatchObject({
      status: 409,
      code: 'APPRAISAL_NOT_APPROVED',
    });
  });

  it('pages every person once approved, by staff code, with the figures of the engine', async () => {
    const state = await service.approve('user:hr', QUARTER);
    const preview = scoreAnyDocument(
      (await appraisalDocument(ds.manager, QUARTER)).document,
    ) as AppraisalResult;
    const items = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await appraisalScores(ds, QUARTER, { limit: 4, cursor });
      expect([page.period, page.status, page.runId]).toEqual([QUARTER, 'approved', state.currentRunId]);
      expect(page.items.length).toBeLessThanOrEqual(4);
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(preview.staff.length / 4));
    expect(items.map((i) => i.staffId)).toEqual(preview.staff.map((s) => s.id));
    for (const [k, s] of preview.staff.entries()) {
      if (isAppraisalError(s)) {
        expect(items[k]).toMatchObject({ total: null, grade: null, incentive: null, error: s.error });
        continue;
      }
      const p: AppraisalStaffScore = s;
      expect(items[k]).toEqual({
        staffId: p.id,
        employeeNo: expect.any(String),
        department: p.department,
        site: p.site,
        indicatorSet: p.indicatorSet,
        total: p.total,
        grade: p.grade,
        coefficient: p.coefficient,
        months: p.months,
        incentive: p.incentive,
        incentiveError: null,
        error: null,
      });
    }
    // The bonus is exact to the cent, a decimal string: ENG-CC's pool whole.
    const cc = items.filter((i) => i.department === 'ENG-CC' && i.incentive !== null);
    expect(cc.reduce((n, i) => n + BigInt(i.incentive!.replace('.', '')), 0n)).toBe(3000000n);
    // A department's people only.
    const eng = await appraisalScores(ds, QUARTER, { department: 'ENG-CC', limit: 1000 });
    expect(eng.items.map((i) => i.staffId)).toEqual(
      items.filter((i) => i.department === 'ENG-CC').map((i) => i.staffId),
    );
  });

  it('answers the same bytes and ETag on every call; closed, the status says so', async () => {
    const a = await appraisalScoresBody(ds, QUARTER, { limit: 10 });
    const b = await appraisalScoresBody(ds, QUARTER, { limit: 10 });
    expect([b.etag, b.json.equals(a.json)]).toEqual([a.etag, true]);
    expect(a.etag).toMatch(/^"[0-9a-f]{64}"$/);
    await service.close('user:hr', QUARTER);
    const closed = await appraisalScores(ds, QUARTER, { limit: 10 });
    expect(closed.status).toBe('closed');
    expect(closed.items).toEqual(JSON.parse(a.json.toString('utf8')).items);
  });
});

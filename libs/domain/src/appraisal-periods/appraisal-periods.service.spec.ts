// An appraisal quarter on a real database (SQLite, and PostgreSQL with TEST_DATABASE_URL): three months of the
// library month imported and scored by real runs, then the plan (versions, the engine's problems at the body's
// paths, unknown keys refused), the quarter's document (each person's months as posted: total, grade and veto as
// the run stored them, an error as a month's error, the days of their active dates; the department of their last
// month; a month not scored absent and said so), one department's document as a run's chunk will build it, and a
// preview that is the engine's result of that document.
import type { DataSource } from 'typeorm';
import { AuditEntry, Period, Staff, StaffResultRow } from '@app/persistence';
import {
  AppraisalResult,
  DocumentInvalidError,
  isStaffError,
  scoreAnyDocument,
  validateAnyDocument,
} from '@app/scoring';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import {
  FAILED,
  JOINER,
  LEAVER,
  MOVER,
  QUARTER,
  QUARTER_MONTHS,
  quarterMonth,
  quarterPlan,
  VETOED,
} from '../../../../test/factories/quarter';
import { importDocument } from '../documents';
import { planRun, RunSteps, toStaffResult } from '../runs';
import { AppraisalPeriodInvalidError, AppraisalPlanNotFoundError } from './appraisal-period-errors';
import { AppraisalPeriodsService } from './appraisal-periods.service';
import { appraisalDocument } from './period-document';

describe.each(testDatabases('appraisal_periods'))('%s', (_name, db) => {
  let ds: DataSource;
  let service: AppraisalPeriodsService;

  async function score(period: string): Promise<void> {
    const { run } = await planRun(ds, period, 'manual', 'test', 10);
    const steps = new RunSteps(ds, []);
    for (let i = 0; i < run.chunkCount; i++) await steps.scoreChunk(run.id, i);
    await steps.finishRun(run.id);
  }
  const setStaff = (code: string, change: Partial<Staff>) => ds.getRepository(Staff).update({ code }, change);

  // One database for the suite: the months are imported and scored once; the tests after the plan's only read.
  beforeAll(async () => {
    ds = await db.open();
    service = new AppraisalPeriodsService(ds);
    await importDocument(ds, quarterMonth(0), 'test');
    await score(QUARTER_MONTHS[0]);
    await importDocument(ds, quarterMonth(1), 'test');
    await setStaff(LEAVER.code, { activeTo: LEAVER.activeTo });
    await score(QUARTER_MONTHS[1]);
    await importDocument(ds, quarterMonth(2), 'test');
    await setStaff(JOINER.code, { activeFrom: JOINER.activeFrom });
  }, 120000);
  afterAll(() => closeDatabase(ds));

  /** What a run stored for `code` in `month` (total, grade, veto, error, as the results API reads them), and where. */
  async function posted(month: string, code: string) {
    const p = await ds.getRepository(Period).findOneByOrFail({ period: month });
    const row = await ds
      .getRepository(StaffResultRow)
      .findOneByOrFail({ runId: p.currentRunId!, staffCode: code });
    const r = toStaffResult(row);
    const result = isStaffError(r)
      ? { total: null, grade: null, vetoed: false, error: r.error }
      : { total: r.total, grade: r.grade, vetoed: r.vetoed };
    return { result, department: row.department };
  }

  it('refuses a period that is not a year, quarter or half-year, and answers 404 without a plan', async () => {
    for (const bad of ['2026-07', '2026-Q5', '2026-H3', '26', 'x'])
      await expect(service.plan(bad)).rejects.toBeInstanceOf(AppraisalPeriodInvalidError);
    await expect(service.document(QUARTER)).rejects.toBeInstanceOf(AppraisalPlanNotFoundError);
    await expect(service.preview(QUARTER)).rejects.toBeInstanceOf(AppraisalPlanNotFoundError);
    await expect(appraisalDocument(ds.manager, '2026')).rejects.toBeInstanceOf(AppraisalPlanNotFoundError);
  });

  it("refuses a bad plan with the engine's codes at the body's paths, and stores nothing", async () => {
    const plan = quarterPlan();
    const refused = async (body: object) => {
      const e = await service.putPlan('user:hr', QUARTER, body as never).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(DocumentInvalidError);
      return (e as DocumentInvalidError).problems.map((p) => [p.code, p.path]);
    };
    expect(
      await refused({
        ...plan,
        appraisal: { ...plan.appraisal, caps: [{ vetoes: 1, to: 'X' }], minMonths: 4 },
      }),
    ).toEqual([
      ['MIN_MONTHS', 'appraisal.minMonths'],
      ['APPRAISAL_CAP', 'appraisal.caps[0]'],
    ]);
    expect(await refused({ ...plan, appraisal: { ...plan.appraisal, grade: [] } })).toEqual([
      ['UNKNOWN_KEY_REFUSED', 'appraisal.grade'],
    ]);
    expect(
      await refused({
        ...plan,
        incentive: { ...plan.incentive, pools: [{ department: 'NOPE', amount: '1.00' }] },
      }),
    ).toEqual([['POOL_WITHOUT_STAFF', 'incentive.pools[0].department']]);
    expect(await refused({ appraisal: { rollup: 'formula' } })).toEqual([
      ['REQUIRED_LIST', 'appraisal.grades'],
      ['ROLLUP_NEEDS_FORMULA', 'appraisal'],
    ]);
    expect(await ds.getRepository(AuditEntry).countBy({ action: 'appraisal.plan' })).toBe(0);
    await expect(service.plan(QUARTER)).rejects.toBeInstanceOf(AppraisalPlanNotFoundError);
  });

  it('keeps versions: a change adds one (audited), the same plan in another key order adds none', async () => {
    const first = await service.putPlan('user:hr', QUARTER, { appraisal: quarterPlan().appraisal });
    expect([first.version, first.added, first.definition]).toEqual([
      1,
      true,
      { appraisal: quarterPlan().appraisal },
    ]);
    const plan = quarterPlan();
    const second = await service.putPlan('user:hr', QUARTER, plan);
    expect([second.version, second.added]).toEqual([2, true]);
    const reordered = {
      incentive: plan.incentive,
      appraisal: { ...plan.appraisal, grades: plan.appraisal.grades },
    };
    expect(await service.putPlan('user:hr', QUARTER, JSON.parse(JSON.stringify(reordered)))).toMatchObject({
      version: 2,
      added: false,
    });
    expect((await service.plan(QUARTER)).definition).toEqual(plan);
    expect((await service.plan(QUARTER, 1)).definition).toEqual({ appraisal: plan.appraisal });
    await expect(service.plan(QUARTER, 3)).rejects.toBeInstanceOf(AppraisalPlanNotFoundError);
    const entries = await ds
      .getRepository(AuditEntry)
      .find({ where: { action: 'appraisal.plan' }, order: { id: 'ASC' } });
    expect(
      entries.map((e) => [e.entityKey, (e.before as { version?: number } | null)?.version ?? null]),
    ).toEqual([
      [QUARTER, null],
      [QUARTER, 1],
    ]);
  });

  it('builds the document from the scored months only, saying which months are in', async () => {
    const { document, planVersion, months } = await service.document(QUARTER);
    expect(planVersion).toBe(2);
    expect(months.map((m) => [m.period, m.status, m.included, m.runId !== null])).toEqual([
      ['2026-07', 'scored', true, true],
      ['2026-08', 'scored', true, true],
      ['2026-09', 'open', false, false],
    ]);
    expect(months[0].staff).toBe(28);
    expect(document).toMatchObject({ formatVersion: 1, period: QUARTER, inputs: [], ...quarterPlan() });
    // Nobody has a September month, and the joiner (scored in September only) is not in the document at all.
    expect(document.staff.flatMap((s) => s.months.map((m) => m.period)).includes('2026-09')).toBe(false);
    expect(document.staff.map((s) => s.id)).not.toContain(JOINER.code);
  });

  it("holds each person's months as the runs posted them, with their active days and their last department", async () => {
    await score(QUARTER_MONTHS[2]);
    const { document, months } = await service.document(QUARTER);
    expect(months.map((m) => [m.status, m.included, m.staff])).toEqual([
      ['scored', true, 28],
      ['scored', true, 28],
      ['scored', true, 28],
    ]);
    expect(document.staff.map((s) => s.id)).toEqual([...document.staff.map((s) => s.id)].sort());
    expect(document.staff).toHaveLength(29);
    for (const s of document.staff) {
      for (const m of s.months) {
        const stored = (await posted(m.period, s.id)).result;
        expect([
          s.id,
          m.period,
          { total: m.total, grade: m.grade, vetoed: m.vetoed, error: m.error },
        ]).toEqual([s.id, m.period, { error: undefined, ...stored }]);
        expect(m.daysInPeriod).toBe(m.period === '2026-09' ? 30 : 31);
      }
      const last = s.months[s.months.length - 1].period;
      expect([s.id, s.department]).toEqual([s.id, (await posted(last, s.id)).department]);
    }
    const person = (code: string) => document.staff.find((s) => s.id === code)!;
    const days = (code: string) => person(code).months.map((m) => [m.period, m.days]);
    expect(days('E101')).toEqual([
      ['2026-07', 31],
      ['2026-08', 31],
      ['2026-09', 30],
    ]);
    expect(days(LEAVER.code)).toEqual([
      ['2026-07', 31],
      ['2026-08', LEAVER.days],
    ]);
    expect(days(JOINER.code)).toEqual([['2026-09', JOINER.days]]);
    expect(person(VETOED.code).months.map((m) => m.vetoed)).toEqual([false, true, false]);
    const failed = person(FAILED.code).months.find((m) => m.period === FAILED.month)!;
    expect([failed.total, failed.grade, typeof failed.error]).toEqual([null, null, 'string']);
    // The transfer: September's department and site; the months before, wherever they were, stay.
    expect(person(MOVER.code)).toMatchObject({
      department: MOVER.to,
      site: MOVER.site,
      indicatorSet: 'CLEAN',
    });
    expect((await posted('2026-07', MOVER.code)).department).toBe(MOVER.from);
    expect(document.departments).toContainEqual({ code: MOVER.to, site: MOVER.site });
    expect(document.departments!.map((d) => d.code)).toEqual(
      [...new Set(document.staff.map((s) => s.department))].sort(),
    );
  });

  it("builds one department's people alone, as a run's chunk will: those whose last month is in it", async () => {
    const whole = (await service.document(QUARTER)).document;
    const of = async (departments: string[]) =>
      (await appraisalDocument(ds.manager, QUARTER, { departments })).document.staff;
    const sy = await of([MOVER.to]);
    expect(sy.map((s) => s.id)).toEqual(
      whole.staff.filter((s) => s.department === MOVER.to).map((s) => s.id),
    );
    expect(sy.map((s) => s.id)).toContain(MOVER.code);
    expect(sy.find((s) => s.id === MOVER.code)).toEqual(whole.staff.find((s) => s.id === MOVER.code));
    const cc = await of([MOVER.from]);
    expect(cc.map((s) => s.id)).not.toContain(MOVER.code);
    expect(cc.length).toBeGreaterThan(0);
    expect(await of([])).toEqual([]);

    // Its own pools only, so that it validates, and each person paid as in the whole period's result.
    const eng = (await appraisalDocument(ds.manager, QUARTER, { departments: ['ENG-CC'] })).document;
    expect(eng.incentive!.pools!.map((p) => p.department)).toEqual(['ENG-CC']);
    expect(validateAnyDocument(eng).problems).toEqual([]);
    const paid = (r: AppraisalResult) => r.staff.map((x) => [x.id, 'error' in x ? x.error : x.incentive]);
    const all = paid(scoreAnyDocument(whole) as AppraisalResult);
    const alone = paid(scoreAnyDocument(eng) as AppraisalResult);
    expect(alone.length).toBeGreaterThan(2);
    expect(alone).toEqual(all.filter(([id]) => eng.staff.some((x) => x.id === id)));
  });

  it("previews the engine's result of the document, and stores nothing", async () => {
    const { document } = await service.document(QUARTER);
    const before = await ds.getRepository(StaffResultRow).count();
    const preview = await service.preview(QUARTER);
    expect(preview.result).toEqual(scoreAnyDocument(document));
    expect(preview.months.every((m) => m.included)).toBe(true);
    const result = (code: string) => preview.result.staff.find((s) => s.id === code)!;
    // A vetoed month fails the quarter (the plan's cap), whatever E201's total; the joiner's one month is fewer than the plan's two.
    expect(result(VETOED.code)).toMatchObject({ grade: '不合格', capped: { to: '不合格' } });
    expect(result(JOINER.code)).toMatchObject({ grade: null, ungraded: expect.any(String) });
    expect(preview.result.departments.find((d) => d.code === 'ENG-CC')).toMatchObject({ pool: '30000.00' });
    expect(await ds.getRepository(StaffResultRow).count()).toBe(before);
  });

  it("counts each month's days from the staff record as it is now: a leaver recorded after the month was scored", async () => {
    // E201 leaves on 15 September, recorded after September was scored (as HR may, before approval): the
    // document counts 15 days without a new run of the month.
    const was = await ds.getRepository(Staff).findOneByOrFail({ code: 'E201' });
    await setStaff('E201', { activeTo: '2026-09-15' });
    try {
      const { document } = await service.document(QUARTER);
      expect(document.staff.find((s) => s.id === 'E201')!.months.map((m) => [m.period, m.days])).toEqual([
        ['2026-07', 31],
        ['2026-08', 31],
        ['2026-09', 15],
      ]);
    } finally {
      await setStaff('E201', { activeTo: was.activeTo });
    }
  });
});

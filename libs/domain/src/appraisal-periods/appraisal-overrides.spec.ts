// HR's grade overrides of a period above the month, on SQLite and PostgreSQL (TEST_DATABASE_URL): an appraisal
// quarter scored by real runs (September imported but at first not scored: the joiner has no month in yet); the grade
// must be one of the person's rule (a set's own scale in the plan's `sets`, else the plan's), the reason 1..500
// characters; the override reaches the document as `gradeOverride` and moves the grade in the preview (its
// `calibration.override`); a second replaces the first, removal restores the grade; the month's overrides on the
// same table are apart; audited; refused once the period is approved or closed, or while a run of it is active.
import type { DataSource } from 'typeorm';
import { AppraisalPeriod, AppraisalRun, AuditEntry, GradeOverride } from '@app/persistence';
import { AppraisalResult, AppraisalStaffScore } from '@app/scoring';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import {
  JOINER,
  MOVER,
  QUARTER,
  QUARTER_MONTHS,
  quarterMonth,
  quarterPlan,
} from '../../../../test/factories/quarter';
import { scoreMonth, scoreQuarterMonths } from '../../../../test/factories/quarter-runs';
import { GradeOverridesService, OverrideNotFoundError, OverrideReasonError } from '../calibration';
import { importDocument } from '../documents';
import { AppraisalPlanNotFoundError } from './appraisal-period-errors';
import { AppraisalPeriodLockedError, AppraisalRunInProgressError } from './appraisal-period-lock';
import { AppraisalGradeNotInRuleError, AppraisalStaffNotInPeriodError } from './appraisal-overrides';
import { AppraisalPeriodsService } from './appraisal-periods.service';

/** The quarter's plan, the cleaners (set CLEAN) on a scale of their own. */
function plan() {
  const base = quarterPlan();
  return {
    ...base,
    appraisal: {
      ...base.appraisal,
      sets: {
        CLEAN: {
          grades: [
            { min: 85, grade: 'A', coefficient: 1.2 },
            { min: 0, grade: 'B', coefficient: 1 },
          ],
        },
      },
    },
  };
}

describe.each(testDatabases('appraisal_overrides'))('period grade overrides on %s', (_name, db) => {
  let ds: DataSource;
  let service: AppraisalPeriodsService;

  beforeAll(async () => {
    ds = await db.open();
    service = new AppraisalPeriodsService(ds);
    // July and August scored; September imported, not scored.
    await scoreQuarterMonths(ds, [0, 1]);
    await importDocument(ds, quarterMonth(2), 'test');
  }, 180000);
  afterAll(() => closeDatabase(ds));

  const person = (r: AppraisalResult, code: string) =>
    r.staff.find((s) => s.id === code) as AppraisalStaffScore;
  const put = (code: string, grade: string, reason = '年度重大保障任务表现突出') =>
    service.putOverride('user:hr', QUARTER, code, { grade, reason });

  it("checks the grade against the person's rule, the reason, the person and the plan", async () => {
    await expect(put('E101', '优秀')).rejects.toBeInstanceOf(AppraisalPlanNotFoundError);
    await service.putPlan('user:hr', QUARTER, plan());
    await expect(put('E101', 'A')).rejects.toBeInstanceOf(AppraisalGradeNotInRuleError);
    // The mover is a cleaner in every month: the set's own scale.
    await expect(put(MOVER.code, '优秀')).rejects.toBeInstanceOf(AppraisalGradeNotInRuleError);
    await expect(put('E101', '优秀', '  ')).rejects.toBeInstanceOf(OverrideReasonError);
    await expect(put('E101', '优秀', 'x'.repeat(501))).rejects.toBeInstanceOf(OverrideReasonError);
    await expect(put('NOPE', '优秀')).rejects.toBeInstanceOf(OverrideNotFoundError);
    // September is not scored yet: the joiner has no month of the quarter in.
    await expect(put(JOINER.code, '优秀')).rejects.toBeInstanceOf(AppraisalStaffNotInPeriodError);
    expect(await ds.getRepository(GradeOverride).count()).toBe(0);
    expect(await ds.getRepository(AuditEntry).countBy({ action: 'appraisal.override' })).toBe(0);
  });

  it('moves the grade in the preview, replaces, removes; the months keep theirs apart', async () => {
    await scoreMonth(ds, QUARTER_MONTHS[2]);
    const before = (await service.preview(QUARTER)).result;
    const e101 = person(before, 'E101');
    const target = e101.grade === '基本合格' ? '合格' : '基本合格';

    const view = await put('E101', target);
    expect(view).toMatchObject({ staffCode: 'E101', period: QUARTER, grade: target, author: 'user:hr' });
    await put(MOVER.code, 'A');
    const { document } = await service.document(QUARTER);
    expect(document.staff.find((s) => s.id === 'E101')!.gradeOverride).toEqual({
      grade: target,
      reason: '年度重大保障任务表现突出',
    });
    const moved = person((await service.preview(QUARTER)).result, 'E101');
    expect(moved.grade).toBe(target);
    expect(moved.calibration).toMatchObject({
      from: e101.grade,
      to: target,
      override: { grade: target, reason: '年度重大保障任务表现突出' },
    });
    expect(person((await service.preview(QUARTER)).result, MOVER.code).grade).toBe('A');

    // A second replaces the first.
    await put('E101', '优秀', 'second');
    expect((await service.overrides(QUARTER)).map((o) => [o.staffCode, o.grade, o.reason])).toEqual([
      [MOVER.code, 'A', '年度重大保障任务表现突出'],
      ['E101', '优秀', 'second'],
    ]);
    // The months read their own periods only.
    const months = new GradeOverridesService(ds);
    for (const m of QUARTER_MONTHS) expect(await months.list(m)).toEqual([]);

    const removed = await service.removeOverride('user:hr', QUARTER, 'E101');
    expect(removed).toMatchObject({ staffCode: 'E101', grade: '优秀' });
    expect(person((await service.preview(QUARTER)).result, 'E101')).toMatchObject({
      grade: e101.grade,
      calibration: e101.calibration,
    });
    await expect(service.removeOverride('user:hr', QUARTER, 'E101')).rejects.toBeInstanceOf(
      OverrideNotFoundError,
    );
    const audit = await ds.getRepository(AuditEntry).find({
      where: [{ action: 'appraisal.override' }, { action: 'appraisal.override.remove' }],
      order: { id: 'ASC' },
    });
    expect(audit.map((e) => [e.action, e.entityKey])).toEqual([
      ['appraisal.override', `${QUARTER}/E101`],
      ['appraisal.override', `${QUARTER}/${MOVER.code}`],
      ['appraisal.override', `${QUARTER}/E101`],
      ['appraisal.override.remove', `${QUARTER}/E101`],
    ]);
  });

  it('refuses any change once the period is approved or closed, or while a run of it is active', async () => {
    const periods = ds.getRepository(AppraisalPeriod);
    for (const status of ['approved', 'closed'] as const) {
      await periods.save({ period: QUARTER, status, currentRunId: null });
      await expect(put('E101', '优秀')).rejects.toBeInstanceOf(AppraisalPeriodLockedError);
      await expect(service.removeOverride('user:hr', QUARTER, MOVER.code)).rejects.toBeInstanceOf(
        AppraisalPeriodLockedError,
      );
    }
    await periods.save({ period: QUARTER, status: 'open', currentRunId: null });
    await ds.getRepository(AppraisalRun).save({
      id: '00000000-0000-4000-8000-0000000000b1',
      period: QUARTER,
      status: 'queued',
      planVersion: 1,
      activePeriod: QUARTER,
      total: 0,
      chunkCount: 0,
      months: [],
      requestedBy: 'test',
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      error: null,
    });
    await expect(put('E101', '优秀')).rejects.toBeInstanceOf(AppraisalRunInProgressError);
    expect((await service.overrides(QUARTER)).map((o) => o.staffCode)).toEqual([MOVER.code]);
  });
});

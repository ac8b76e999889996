// The analysis of an appraisal period: the fold on its own (grades before and after calibration, the moves, the
// bonus to the cent, training summed), then on a real database (SQLite, and PostgreSQL with TEST_DATABASE_URL) a
// quarter run to results with department grade quotas and an override of HR's, a training of a plan, and the
// analysis checked against the stored rows: every department's counts, the pools paid to the cent, the workbook.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { AppraisalResultRow, GradeOverride, Staff } from '@app/persistence';
import { Calibration, Dec, toMoney } from '@app/scoring';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { callerOf, hr, resultOf } from '../../../../test/factories/appraisal';
import { QUARTER, quarterQuotaPlan } from '../../../../test/factories/quarter';
import { scoreQuarterMonths } from '../../../../test/factories/quarter-runs';
import { PlansService } from '../appraisal';
import {
  AppraisalNoResultsError,
  AppraisalPeriodInvalidError,
  AppraisalPeriodsService,
  AppraisalRunHooks,
  AppraisalRunsService,
  emptyTraining,
} from '../appraisal-periods';
import { DEFAULT_RUNS_OPTIONS, RunsService } from '../runs';
import { PeriodAppraisalFold, PeriodAppraisalService } from './period-appraisal';

const line = (over: Partial<Parameters<PeriodAppraisalFold['add']>[0]>) => ({
  department: 'D1',
  indicatorSet: 'S',
  grade: 'A',
  error: null,
  calibration: null,
  incentive: null,
  incentiveError: null,
  ...over,
});

describe('the fold of a period’s results', () => {
  it('counts grades before and after calibration, the moves, the bonus to the cent and the training', () => {
    const quota: Calibration = {
      from: 'A',
      to: 'B',
      quota: { grade: 'B' } as Calibration['quota'],
      override: null,
    };
    const override: Calibration = {
      from: 'B',
      to: 'A',
      quota: null,
      override: { grade: 'A', reason: 'r' },
    };
    const fold = new PeriodAppraisalFold();
    fold.add(line({ grade: 'B', calibration: quota, incentive: '0.10' }), {
      ...emptyTraining(),
      assigned: 1,
      plannedHours: 0.1,
    });
    fold.add(line({ grade: 'A', calibration: override, incentive: '0.20' }), {
      ...emptyTraining(),
      assigned: 1,
      plannedHours: 0.2,
    });
    fold.add(line({ grade: 'A', incentive: '0.00', indicatorSet: 'T' }));
    fold.add(line({ grade: null, department: 'D2' }));
    fold.add(line({ grade: null, error: 'no months', department: 'D2' }));
    fold.add(line({ grade: 'C', incentive: null, incentiveError: 'bad weight', department: 'D2' }));

    expect(fold.grades(['A', 'B'])).toEqual(['A', 'B', 'C']);
    const d = fold.distribution();
    expect(d.hospital).toEqual({
      code: '*',
      staff: 6,
      final: { A: 2, B: 1, C: 1 },
      before: { A: 2, B: 1, C: 1 },
      ungraded: 1,
      errors: 1,
    });
    expect(d.byDepartment.map((g) => [g.code, g.final, g.before])).toEqual([
      ['D1', { A: 2, B: 1 }, { A: 2, B: 1 }],
      ['D2', { C: 1 }, { C: 1 }],
    ]);
    expect(d.bySet.map((g) => [g.code, g.staff])).toEqual([
      ['S', 5],
      ['T', 1],
    ]);
    expect(fold.calibration().byDepartment[0]).toEqual({
      code: 'D1',
      staff: 3,
      quota: 1,
      override: 1,
      moved: 2,
    });
    // 0.10 + 0.20 + 0.00 = 0.30 exactly (a float sum would be 0.30000000000000004); mean 0.10.
    expect(fold.bonus().byDepartment).toEqual([
      { code: 'D1', paid: 3, sum: '0.30', mean: '0.10', min: '0.00', max: '0.20', errors: 0 },
      { code: 'D2', paid: 0, sum: '0.00', mean: null, min: null, max: null, errors: 1 },
    ]);
    expect(fold.training().byDepartment[0]).toMatchObject({ code: 'D1', assigned: 2, plannedHours: 0.3 });
  });
});

describe.each(testDatabases('period_appraisal'))('%s', (_name, db) => {
  let ds: DataSource;
  let runs: RunsService;
  let service: PeriodAppraisalService;

  beforeAll(async () => {
    ds = await db.open();
    await scoreQuarterMonths(ds);
    runs = new RunsService(ds, { ...DEFAULT_RUNS_OPTIONS, backoffMs: 1 }, [new AppraisalRunHooks()]);
    service = new PeriodAppraisalService(ds);
    await new AppraisalPeriodsService(ds).putPlan('user:hr', QUARTER, quarterQuotaPlan());
    const staff = await ds.getRepository(Staff).findOneByOrFail({ code: 'E101' });
    await ds.getRepository(GradeOverride).insert({
      staffId: staff.id,
      period: QUARTER,
      grade: '不合格',
      reason: '年度安全考核未通过',
      author: 'user:hr',
      createdAt: new Date().toISOString(),
    });
    const plans = new PlansService(ds, { appealWindowDays: 7, trainingHoursInput: null });
    const boss = callerOf(hr());
    const p = await plans.create(boss, '2026-07', 'E101', {
      indicator: (await resultOf(ds, 'E101', '2026-07')).indicators[0],
      actions: [
        { kind: 'training', course: '电气安全', plannedHours: 4, dueDate: '2026-07-31', owner: 'HR' },
      ],
    });
    await plans.setActionStatus(boss, p.actions[0].id, 'done', { doneHours: 3.5, doneOn: '2026-08-02' });
  }, 180000);
  afterAll(() => closeDatabase(ds));

  it('refuses a period that is not one, and a period without results', async () => {
    await expect(service.analyse('2026-07')).rejects.toBeInstanceOf(AppraisalPeriodInvalidError);
    await expect(service.analyse(QUARTER)).rejects.toBeInstanceOf(AppraisalNoResultsError);
  });

  it('reads the current run’s results: grades, moves, the bonus to the cent and training per department', async () => {
    const periods = new AppraisalRunsService(ds, runs);
    await periods.start('user:hr', QUARTER);
    await runs.settle();
    const a = await service.analyse(QUARTER);
    const rows = await ds.getRepository(AppraisalResultRow).findBy({ runId: a.runId });
    expect([a.status, a.staff, a.planVersion]).toEqual(['scored', rows.length, 1]);
    expect(a.grades).toEqual(['优秀', '合格', '基本合格', '不合格']);

    for (const d of a.distribution.byDepartment) {
      const mine = rows.filter((r) => r.department === d.code);
      const count = (grade: (r: AppraisalResultRow) => string | null) => {
        const m: Record<string, number> = {};
        for (const r of mine.filter((x) => x.error === null)) {
          const g = grade(r);
          if (g !== null) m[g] = (m[g] ?? 0) + 1;
        }
        return m;
      };
      const before = (r: AppraisalResultRow) =>
        r.calibration ? (JSON.parse(r.calibration) as Calibration).from : r.grade;
      expect([d.code, d.staff, d.final, d.before]).toEqual([
        d.code,
        mine.length,
        count((r) => r.grade),
        count(before),
      ]);
    }
    expect(a.distribution.bySet.reduce((n, s) => n + s.staff, 0)).toBe(rows.length);
    // The quotas moved people, and HR's override is counted in its department.
    expect(a.calibration.hospital.quota).toBeGreaterThan(0);
    expect(a.calibration.byDepartment.find((c) => c.code === 'ENG-CC')).toMatchObject({ override: 1 });

    // The pools, paid to the cent; mean, min and max from the rows.
    const eng = a.bonus.byDepartment.find((b) => b.code === 'ENG-CC')!;
    const paid = rows.filter((r) => r.department === 'ENG-CC' && r.incentive !== null);
    const amounts = paid.map((r) => new Dec(r.incentive!));
    expect(eng).toEqual({
      code: 'ENG-CC',
      paid: paid.length,
      sum: '30000.00',
      mean: toMoney(new Dec(30000).dividedBy(paid.length)),
      min: toMoney(Dec.min(...amounts)),
      max: toMoney(Dec.max(...amounts)),
      errors: 0,
    });
    for (const b of a.bonus.byDepartment)
      expect([b.code, b.sum]).toEqual([
        b.code,
        toMoney(
          rows
            .filter((r) => r.department === b.code && r.incentive !== null && r.incentiveError === null)
            .reduce((n, r) => n.plus(r.incentive!), new Dec(0)),
        ),
      ]);

    // The training of E101's plan in their department, and nowhere else.
    expect(a.training.byDepartment.find((t) => t.code === 'ENG-CC')).toMatchObject({
      plans: { proposed: 1, agreed: 0, closed: 0 },
      assigned: 1,
      plannedHours: 4,
      doneHours: 3.5,
      late: 1,
    });
    expect(a.training.hospital).toMatchObject({ assigned: 1, late: 1 });
    expect(a.departments.find((d) => d.code === 'ENG-CC')?.site).toBe('CC');
  });

  it('writes the same tables as a workbook', async () => {
    const download = await service.workbook(QUARTER);
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await download(out);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      '等级分布 Grades',
      '等级校准 Calibration',
      '奖金 Bonus',
      '培训 Training',
    ]);
    const bonus = book.getWorksheet('奖金 Bonus')!;
    const engRow = bonus.getSheetValues().find((r) => Array.isArray(r) && r[1] === 'ENG-CC') as unknown[];
    expect(engRow[4]).toBe(30000);
  });
});

// Training done against plans in an appraisal quarter's results, on a real database (SQLite, and PostgreSQL with
// TEST_DATABASE_URL): the three months of test/factories/quarter.ts scored and the quarter run to results, then
// improvement plans and training assignments made through the appraisal loop's own service (done on time, done
// late, open), a plan judged improved, and plans outside the quarter. Each person's counts are in the results view
// and in their own periods once approved; everyone else has zeros.
import type { DataSource } from 'typeorm';
import { ImprovementPlan, PlanAction, PlanItem, Staff } from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { callerOf, hr, resultOf } from '../../../../test/factories/appraisal';
import { QUARTER, quarterPlan } from '../../../../test/factories/quarter';
import { scoreQuarterMonths } from '../../../../test/factories/quarter-runs';
import { PlansService } from '../appraisal';
import { DEFAULT_RUNS_OPTIONS, RunsService } from '../runs';
import { AppraisalPeriodsService } from './appraisal-periods.service';
import { AppraisalRunHooks } from './appraisal-runs';
import { AppraisalRunsService } from './appraisal-runs.service';
import { addTraining, appraisalTraining, emptyTraining } from './appraisal-training';

const TRAINED = 'E101';
const CLOSED = 'S101';

describe('a department’s sum of training', () => {
  it('adds counts and hours without binary noise', () => {
    const t = { ...emptyTraining(), plannedHours: 0.1, doneHours: 0.2, assigned: 1, onTime: 1 };
    const sum = addTraining(addTraining(emptyTraining(), t), { ...t, plannedHours: 0.2 });
    expect([sum.plannedHours, sum.doneHours, sum.assigned, sum.onTime]).toEqual([0.3, 0.4, 2, 2]);
  });
});

describe.each(testDatabases('appraisal_training'))('%s', (_name, db) => {
  let ds: DataSource;
  let runs: RunsService;
  let service: AppraisalRunsService;

  beforeAll(async () => {
    ds = await db.open();
    await scoreQuarterMonths(ds);
    runs = new RunsService(ds, { ...DEFAULT_RUNS_OPTIONS, backoffMs: 1 }, [new AppraisalRunHooks()]);
    service = new AppraisalRunsService(ds, runs);
    await new AppraisalPeriodsService(ds).putPlan('user:hr', QUARTER, quarterPlan());
    await service.start('user:hr', QUARTER);
    await runs.settle();

    // The loop's own service (the hours feed no input here: the months' data stay as scored).
    const plans = new PlansService(ds, { appealWindowDays: 7, trainingHoursInput: null });
    const boss = callerOf(hr());
    const july = (await resultOf(ds, TRAINED, '2026-07')).indicators;
    const onTime = {
      kind: 'training' as const,
      course: '电气安全',
      plannedHours: 4,
      dueDate: '2026-07-31',
      owner: 'HR',
    };
    const late = {
      kind: 'training' as const,
      course: '高处作业',
      plannedHours: 2.5,
      dueDate: '2026-08-15',
      owner: 'HR',
    };
    const p1 = await plans.create(boss, '2026-07', TRAINED, { indicator: july[0], actions: [onTime, late] });
    await plans.setStatus(boss, p1.id, 'agreed');
    await plans.setActionStatus(boss, p1.actions[0].id, 'done', { doneHours: 4, doneOn: '2026-07-20' });
    await plans.setActionStatus(boss, p1.actions[1].id, 'done', { doneHours: 2, doneOn: '2026-08-20' });
    // The next month judged it improved (the follow-up's outcome, set here as the follow-up would).
    await ds
      .getRepository(PlanItem)
      .update({ id: p1.items[0].id }, { outcome: 'improved', outcomePeriod: '2026-08' });
    const august = (await resultOf(ds, TRAINED, '2026-08')).indicators;
    const p2 = await plans.create(boss, '2026-08', TRAINED, {
      indicator: august[1],
      actions: [
        { kind: 'training', course: '消防', plannedHours: 3, dueDate: '2026-09-30', owner: 'HR' },
        { what: 'walk the hazard log weekly', owner: 'shift lead', dueDate: '2026-09-30' },
      ],
    });
    expect(p2.actions).toHaveLength(2);
    const other = (await resultOf(ds, CLOSED, '2026-09')).indicators;
    const p3 = await plans.create(boss, '2026-09', CLOSED, { indicator: other[0] });
    await plans.setStatus(boss, p3.id, 'closed');

    // A plan of June, outside the quarter, with a training done: not counted.
    const staff = await ds.getRepository(Staff).findOneByOrFail({ code: TRAINED });
    const june = await ds.getRepository(ImprovementPlan).save({
      staffId: staff.id,
      period: '2026-06',
      status: 'agreed',
      createdBy: 'test',
      createdAt: new Date().toISOString(),
    });
    await ds.getRepository(PlanItem).save({
      planId: june.id,
      staffId: staff.id,
      period: '2026-06',
      indicator: july[0],
      reason: 'manager',
      baselineScore: null,
      outcome: 'improved',
      outcomePeriod: null,
      outcomeScore: null,
      createdBy: 'test',
      createdAt: new Date().toISOString(),
    });
    await ds.getRepository(PlanAction).save({
      planId: june.id,
      what: 'x',
      owner: 'HR',
      dueDate: '2026-06-30',
      status: 'done',
      kind: 'training',
      course: 'x',
      plannedHours: 8,
      doneHours: 8,
      doneOn: '2026-06-10',
      createdBy: 'test',
      createdAt: new Date().toISOString(),
    });
  }, 180000);
  afterAll(() => closeDatabase(ds));

  const expected = {
    [TRAINED]: {
      plans: { proposed: 1, agreed: 1, closed: 0 },
      improved: 1,
      assigned: 3,
      plannedHours: 9.5,
      doneHours: 6,
      onTime: 1,
      late: 1,
      open: 1,
    },
    [CLOSED]: { ...emptyTraining(), plans: { proposed: 0, agreed: 0, closed: 1 } },
  };

  it('counts each person’s plans and trainings of the quarter’s months, zeros for the others', async () => {
    const ids = await ds.getRepository(Staff).find({ select: { id: true, code: true } });
    const got = await appraisalTraining(
      ds.manager,
      QUARTER,
      ids.map((s) => s.id),
    );
    for (const s of ids)
      expect([s.code, got.get(s.id)]).toEqual([
        s.code,
        expected[s.code as keyof typeof expected] ?? emptyTraining(),
      ]);
    // The year holds the quarter and June: June's plan and its 8 hours join.
    const year = await appraisalTraining(ds.manager, '2026', [ids.find((s) => s.code === TRAINED)!.id]);
    expect([...year.values()][0]).toMatchObject({ assigned: 4, doneHours: 14, improved: 2 });
  });

  it('puts each person’s training in the results view, and in their own periods once approved', async () => {
    const view = await service.results(QUARTER, undefined, 'zh');
    for (const row of view.staff)
      expect([row.id, row.training]).toEqual([
        row.id,
        expected[row.id as keyof typeof expected] ?? emptyTraining(),
      ]);
    await service.approve('user:hr', QUARTER);
    const staff = await ds.getRepository(Staff).findOneByOrFail({ code: TRAINED });
    const mine = await service.mine(staff.id, 'en');
    expect(mine.map((m) => [m.period, m.result.training])).toEqual([[QUARTER, expected[TRAINED]]]);
  });
});

// An appeal's detail on a real database: for a department-level input the person's current value is their
// department's (as the engine reads it), and after an accepted correction of the department's value the detail
// reads the corrected one; who may read the detail (HR, auditors, the department's manager; nobody else).
import type { DataSource } from 'typeorm';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import {
  appealsService,
  auditor,
  callerOf,
  drain,
  hr,
  inProcessRuns,
  manager,
  MONTH,
  scoredMonth,
  staffUser,
} from '../../../../test/factories/appraisal';
import { libraryMonth } from '../../../../test/factories/month';
import type { RunsService } from '../runs';
import type { AppealsService } from './appeals.service';
import { AppraisalNotFoundError } from './appraisal-errors';

describe.each(testDatabases('appraisal_appeal_detail'))('%s', (_name, db) => {
  let ds: DataSource;
  let runs: RunsService;
  let appeals: AppealsService;
  beforeEach(async () => {
    ds = await db.open();
    runs = inProcessRuns(ds);
    appeals = appealsService(ds, runs);
    await scoredMonth(ds, runs);
  });
  afterEach(async () => {
    await drain(runs);
    await closeDatabase(ds);
  });

  it('reads a department-level input as the department’s value, then as corrected', async () => {
    const doc = libraryMonth();
    const person = doc.staff.find((s) => s.department === 'ENG-CC' && s.indicatorSet === 'MAINT')!;
    const dept = doc.departments!.find((d) => d.code === 'ENG-CC')!;
    const me = await staffUser(ds, person.id);
    const appeal = await appeals.create(callerOf(me), MONTH, {
      indicators: ['MAINT_COST_VS_PLAN'],
      reason: 'The plan was raised in October',
    });

    const detail = await appeals.detail(hr(), appeal.id);
    const [indicator] = detail.details;
    expect(indicator.code).toBe('MAINT_COST_VS_PLAN');
    const plan = indicator.inputs.find((i) => i.code === 'maint_cost_plan')!;
    expect(plan).toMatchObject({
      level: 'department',
      source: 'department',
      value: dept.inputs!.maint_cost_plan,
      observations: 1,
    });

    await appeals.decide(callerOf(hr()), appeal.id, {
      decision: 'accept',
      reason: 'Plan raised',
      measurements: [{ input: 'maint_cost_plan', department: 'ENG-CC', value: 450000 }],
    });
    await drain(runs);
    const after = await appeals.detail(hr(), appeal.id);
    expect(after.details[0].inputs.find((i) => i.code === 'maint_cost_plan')).toMatchObject({
      source: 'correction',
      value: 450000,
    });
    expect(after.run?.status).toBe('completed');
    // The re-run scored the corrected value: 412000 / 450000 against a plan of 100 (lower is better) scores more.
    expect(after.details[0].score!).toBeGreaterThan(indicator.score!);

    await expect(appeals.detail(auditor(), appeal.id)).resolves.toMatchObject({ id: appeal.id });
    await expect(appeals.detail(manager('ENG-CC'), appeal.id)).resolves.toMatchObject({ id: appeal.id });
    await expect(appeals.detail(manager('CLEAN-CC'), appeal.id)).rejects.toBeInstanceOf(
      AppraisalNotFoundError,
    );
    await expect(appeals.detail(me, appeal.id)).rejects.toBeInstanceOf(AppraisalNotFoundError);
  });
});

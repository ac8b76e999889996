// Improvement plans on a real database: a manager's item for an indicator of their staff member's month starts the
// month's plan, the next joins the same plan (each indicator once, with its score as baseline); agreed then closed
// (a closed plan takes no more changes or items), actions added and ticked off; others' plans are not found; every
// change audited with before and after.
import type { DataSource } from 'typeorm';
import { AuditEntry, ImprovementPlan } from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import {
  auditor,
  callerOf,
  drain,
  inProcessRuns,
  manager,
  MONTH,
  resultOf,
  scoredMonth,
  twoPeople,
} from '../../../../test/factories/appraisal';
import type { RunsService } from '../runs';
import { AppraisalConflictError, AppraisalInvalidError, AppraisalNotFoundError } from './appraisal-errors';
import { PlansService } from './plans.service';

const ACTION = { what: 'walk the hazard log weekly', owner: 'shift lead', dueDate: '2026-11-30' };

describe.each(testDatabases('appraisal_plans'))('%s', (_name, db) => {
  let ds: DataSource;
  let runs: RunsService;
  let plans: PlansService;
  let x: string;
  let y: string;
  beforeEach(async () => {
    ds = await db.open();
    runs = inProcessRuns(ds);
    plans = new PlansService(ds);
    await scoredMonth(ds, runs);
    [x, y] = await twoPeople(ds);
  });
  afterEach(async () => {
    await drain(runs);
    await closeDatabase(ds);
  });

  const entries = (action: string) =>
    ds.getRepository(AuditEntry).find({ where: { action }, order: { id: 'ASC' } });

  it('starts the month’s plan with a manager’s item, adds the next to it, once per indicator, and audits both', async () => {
    const { department, indicators } = await resultOf(ds, x);
    const boss = callerOf(manager(department));

    const plan = await plans.create(boss, MONTH, x, { indicator: indicators[0], actions: [ACTION] });

    expect(plan).toMatchObject({
      staffId: x,
      period: MONTH,
      status: 'proposed',
      createdBy: `manager.${department}`,
    });
    expect(plan.items).toEqual([
      expect.objectContaining({ indicator: indicators[0], reason: 'manager', outcome: null }),
    ]);
    expect(plan.actions).toEqual([expect.objectContaining({ ...ACTION, status: 'open' })]);
    expect((await entries('plan.create'))[0]).toMatchObject({ entityKey: String(plan.id), after: plan });

    const more = await plans.create(boss, MONTH, x, { indicator: indicators[1], actions: [ACTION] });
    expect(more.id).toBe(plan.id);
    expect(more.items.map((i) => [i.indicator, i.reason])).toEqual([
      [indicators[0], 'manager'],
      [indicators[1], 'manager'],
    ]);
    expect(more.actions).toHaveLength(2);
    expect(await entries('plan.create')).toHaveLength(1);
    const [added] = await entries('plan_item.create');
    expect(added).toMatchObject({
      entity: 'plan_item',
      entityKey: String(more.items[1].id),
      after: { planId: plan.id, ...more.items[1], actions: [more.actions[1]] },
    });

    await expect(plans.create(boss, MONTH, x, { indicator: indicators[0] })).rejects.toThrow(
      AppraisalConflictError,
    );
    await expect(plans.create(boss, MONTH, x, { indicator: 'NOPE' })).rejects.toThrow(AppraisalInvalidError);
    expect(await plans.list(auditor(), MONTH, x)).toEqual([more]);

    await plans.setStatus(boss, plan.id, 'closed');
    await expect(plans.create(boss, MONTH, x, { indicator: indicators[0] })).rejects.toThrow(
      /已关闭 .* is closed/,
    );
  });

  it('agrees and closes a plan; a closed plan takes no status or action', async () => {
    const { department, indicators } = await resultOf(ds, x);
    const boss = callerOf(manager(department));
    const plan = await plans.create(boss, MONTH, x, { indicator: indicators[0] });

    expect(await plans.setStatus(boss, plan.id, 'agreed')).toMatchObject({ status: 'agreed' });
    const action = await plans.addAction(boss, plan.id, ACTION);
    expect(await plans.setActionStatus(boss, action.id, 'done')).toMatchObject({
      id: action.id,
      status: 'done',
    });
    await plans.setStatus(boss, plan.id, 'closed');

    await expect(plans.setStatus(boss, plan.id, 'agreed')).rejects.toThrow(
      new AppraisalConflictError(`plan ${plan.id} is closed`),
    );
    await expect(plans.addAction(boss, plan.id, ACTION)).rejects.toThrow(AppraisalConflictError);
    expect((await entries('plan.status')).map((e) => [e.before, e.after])).toEqual([
      [{ status: 'proposed' }, { status: 'agreed' }],
      [{ status: 'agreed' }, { status: 'closed' }],
    ]);
    expect((await entries('plan_action.status'))[0]).toMatchObject({
      entityKey: String(action.id),
      before: { status: 'open' },
      after: { status: 'done' },
    });
    expect((await entries('plan_action.create'))[0].after).toEqual({ planId: plan.id, ...action });
  });

  it('answers not found for the plans and actions of another department’s staff', async () => {
    const { department, indicators } = await resultOf(ds, x);
    const plan = await plans.create(callerOf(manager(department)), MONTH, x, {
      indicator: indicators[0],
      actions: [ACTION],
    });
    const other = callerOf(manager((await resultOf(ds, y)).department));

    await expect(plans.setStatus(other, plan.id, 'agreed')).rejects.toThrow(
      new AppraisalNotFoundError(`no plan ${plan.id}`),
    );
    await expect(plans.addAction(other, plan.id, ACTION)).rejects.toThrow(AppraisalNotFoundError);
    await expect(plans.setActionStatus(other, plan.actions[0].id, 'done')).rejects.toThrow(
      new AppraisalNotFoundError(`no plan action ${plan.actions[0].id}`),
    );
    await expect(
      plans.create(other, MONTH, x, { indicator: indicators[1] ?? indicators[0] }),
    ).rejects.toThrow(AppraisalNotFoundError);
    expect(await ds.getRepository(ImprovementPlan).findOneByOrFail({ id: plan.id })).toMatchObject({
      status: 'proposed',
    });
    expect(await entries('plan.status')).toEqual([]);
  });
});

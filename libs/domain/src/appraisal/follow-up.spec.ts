// A person's plan for the month on a real database: one plan holding, as items, the weakest indicators below the
// threshold (at most `maxItems`, lowest score first, equal scores by code) and every veto whatever the cap; nobody
// without an item gets one; a re-run replaces the system's items of a plan still proposed (a manager's stay), keeps
// an agreed plan, and removes a plan of its own left empty; earlier items get their outcome; the audit entry names
// the cap and the counts. The selection rule alone: planItems.
import { type DataSource, In } from 'typeorm';
import {
  AuditEntry,
  ImprovementPlan,
  IndicatorSet,
  IndicatorSetVersion,
  PlanAction,
  PlanItem,
  ScoringRun,
  Staff,
  StaffResultRow,
} from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { drain, inProcessRuns, MONTH, scoredMonth, twoPeople } from '../../../../test/factories/appraisal';
import type { RunsService } from '../runs';
import { followUpRun, planItems, planRules } from './follow-up';

// C and B tie at 30: B goes first (by code), though C comes first in the result. V1 and V2 are vetoes: V2
// scores 80, above the threshold, and still gets its plan; neither counts against the cap.
const SCORES = {
  s: { E: 50, C: 30, A: 10, V1: 5, F: 70, D: 20, G: null, B: 30, V2: 80 },
  v: ['V1', 'V2'],
};

describe('planItems', () => {
  it('takes the weakest below the threshold, lowest first, ties by code, and every veto besides', () => {
    expect(planItems(SCORES, 60, 3)).toEqual([
      { indicator: 'V1', reason: 'veto', score: 5 },
      { indicator: 'V2', reason: 'veto', score: 80 },
      { indicator: 'A', reason: 'low_score', score: 10 },
      { indicator: 'D', reason: 'low_score', score: 20 },
      { indicator: 'B', reason: 'low_score', score: 30 },
    ]);
    expect(planItems(SCORES, 60, 4).map((i) => i.indicator)).toEqual(['V1', 'V2', 'A', 'D', 'B', 'C']);
  });

  it('with a cap of 0 proposes the vetoes only; a missing score or none below the threshold proposes nothing', () => {
    expect(planItems(SCORES, 60, 0).map((i) => [i.indicator, i.reason])).toEqual([
      ['V1', 'veto'],
      ['V2', 'veto'],
    ]);
    expect(planItems({ s: { A: null, B: 60 }, v: [] }, 60, 3)).toEqual([]);
  });

  it('takes an indicator’s own threshold before the set’s (planBelow)', () => {
    const below = new Map([
      ['E', 55],
      ['A', 5],
    ]);
    // E (50) is below its own 55 though above 40; A (10) is not below its own 5.
    expect(planItems(SCORES, 40, 5, below).map((i) => i.indicator)).toEqual(['V1', 'V2', 'D', 'B', 'C', 'E']);
  });

  it('reads each set’s rule, the hospital’s settings for what a set leaves out', () => {
    const ind = (code: string, planBelow?: number) => ({ code, planBelow }) as never;
    const rules = planRules(
      [
        { code: 'S1', plans: { threshold: 70 }, indicators: [ind('A', 80), ind('B')] } as never,
        { code: 'S2', plans: { items: 0 }, indicators: [ind('C')] } as never,
        { code: 'S3', indicators: [] } as never,
      ],
      60,
      3,
    );
    expect(rules.get('S1')).toEqual({ threshold: 70, maxItems: 3, below: new Map([['A', 80]]) });
    expect(rules.get('S2')).toEqual({ threshold: 60, maxItems: 0, below: new Map() });
    expect(rules.get('S3')).toEqual({ threshold: 60, maxItems: 3, below: new Map() });
    expect(planItems(SCORES, 60, 30)).toHaveLength(2 + 5);
  });
});

describe.each(testDatabases('appraisal_follow_up'))('followUpRun on %s', (_name, db) => {
  let ds: DataSource;
  let runs: RunsService;
  let run: ScoringRun;
  let x: number;
  let y: number;
  beforeEach(async () => {
    ds = await db.open();
    runs = inProcessRuns(ds);
    run = await scoredMonth(ds, runs);
    const codes = await twoPeople(ds);
    // x's result holds the scores above; y has more weak indicators than the cap, and no veto.
    const set = (code: string, scores: unknown) =>
      ds
        .getRepository(StaffResultRow)
        .update({ runId: run.id, staffCode: code }, { indicatorScores: JSON.stringify(scores) });
    await set(codes[0], SCORES);
    await set(codes[1], { s: { P: 1, Q: 2, R: 3, S: 4, T: 59 }, v: [] });
    const idOf = async (code: string) => (await ds.getRepository(Staff).findOneByOrFail({ code })).id;
    [x, y] = [await idOf(codes[0]), await idOf(codes[1])];
  });
  afterEach(async () => {
    await drain(runs);
    await closeDatabase(ds);
  });

  const followUp = (maxItems: number) => ds.transaction((tx) => followUpRun(tx, run, 60, maxItems));
  const planOf = (staffId: number) => ds.getRepository(ImprovementPlan).findOneBy({ staffId, period: MONTH });
  const items = async (staffId: number) =>
    (await ds.getRepository(PlanItem).find({ where: { staffId, period: MONTH }, order: { id: 'ASC' } })).map(
      (i) => [i.indicator, i.reason, i.baselineScore],
    );
  const systemItems = () => ds.getRepository(PlanItem).countBy({ reason: In(['low_score', 'veto']) });
  const addItem = async (planId: number, staffId: number, indicator: string) =>
    ds.getRepository(PlanItem).save({
      planId,
      staffId,
      period: MONTH,
      indicator,
      reason: 'manager',
      baselineScore: null,
      outcome: null,
      outcomePeriod: null,
      outcomeScore: null,
      createdBy: 'boss',
      createdAt: new Date().toISOString(),
    });

  it('proposes one plan a person: the weakest items up to the cap and every veto; audits the cap and counts', async () => {
    const summary = await followUp(3);

    expect(await planOf(x)).toMatchObject({ status: 'proposed', createdBy: 'system' });
    // Vetoes first, then the low scores lowest first: the order the items are written in.
    expect(await items(x)).toEqual([
      ['V1', 'veto', 5],
      ['V2', 'veto', 80],
      ['A', 'low_score', 10],
      ['D', 'low_score', 20],
      ['B', 'low_score', 30],
    ]);
    expect((await items(y)).map(([code]) => code)).toEqual(['P', 'Q', 'R']);
    // The month's other people have their own (from their real scores): the counts are the month's.
    const counts = { plans: await ds.getRepository(ImprovementPlan).count(), items: await systemItems() };
    expect(counts.items).toBe(await ds.getRepository(PlanItem).count());
    expect(summary).toEqual({ ...counts, improved: 0, notImproved: 0 });
    const entries = await ds
      .getRepository(AuditEntry)
      .find({ where: { action: 'plans.follow_up' }, order: { id: 'DESC' } });
    expect(entries[0]).toMatchObject({
      entityKey: run.id,
      after: { period: MONTH, threshold: 60, maxItems: 3, ...counts, improved: 0, notImproved: 0 },
    });
  });

  it('with PLAN_MAX_ITEMS=0 proposes the vetoes only, and no plan to whom has none', async () => {
    await followUp(0);
    expect((await items(x)).map(([code, reason]) => [code, reason])).toEqual([
      ['V1', 'veto'],
      ['V2', 'veto'],
    ]);
    expect(await items(y)).toEqual([]);
    expect(await planOf(y)).toBeNull();
  });

  it('follows the rule of the person’s set in force for the month', async () => {
    const { indicatorSet } = await ds
      .getRepository(StaffResultRow)
      .findOneByOrFail({ runId: run.id, staffId: x });
    const set = await ds.getRepository(IndicatorSet).findOneByOrFail({ code: indicatorSet });
    const versions = ds.getRepository(IndicatorSetVersion);
    for (const v of await versions.findBy({ setId: set.id }))
      await versions.update({ id: v.id }, { content: { ...v.content, plans: { threshold: 25, items: 1 } } });
    await followUp(3);
    // x: A (10) alone of the scores below 25 (one item), and the vetoes.
    expect((await items(x)).map(([code]) => code)).toEqual(['V1', 'V2', 'A']);
  });

  it('a re-run replaces the system’s items of a proposed plan, keeps a manager’s, and an agreed plan', async () => {
    await followUp(3);
    const xPlan = (await planOf(x))!;
    const yPlan = (await planOf(y))!;
    // A manager added C to x's proposed plan, and D (which the system proposes too); y's plan was agreed.
    await addItem(xPlan.id, x, 'C');
    await ds.getRepository(PlanItem).delete({ planId: xPlan.id, indicator: 'D' });
    await addItem(xPlan.id, x, 'D');
    await ds.getRepository(ImprovementPlan).update({ id: yPlan.id }, { status: 'agreed' });

    // A re-run with a smaller cap: x's A, D, B become A alone, C and D (the manager's) stay; y's agreed plan and
    // its items stay as they are.
    const summary = await followUp(1);
    expect(await planOf(x)).toMatchObject({ id: xPlan.id, status: 'proposed' });
    expect((await items(x)).map(([code, reason]) => [code, reason]).sort()).toEqual([
      ['A', 'low_score'],
      ['C', 'manager'],
      ['D', 'manager'],
      ['V1', 'veto'],
      ['V2', 'veto'],
    ]);
    expect(await planOf(y)).toMatchObject({ id: yPlan.id, status: 'agreed' });
    expect((await items(y)).map(([code]) => code)).toEqual(['P', 'Q', 'R']);
    // Counted: the proposed plans given the system's items (not y's agreed one), and those items.
    const proposed = await ds
      .getRepository(PlanItem)
      .find({ where: { period: MONTH, reason: In(['low_score', 'veto']), plan: { status: 'proposed' } } });
    expect(summary).toMatchObject({
      plans: new Set(proposed.map((i) => i.planId)).size,
      items: proposed.length,
    });
    // The same run again writes the same plans (idempotent).
    const before = await items(x);
    await followUp(1);
    expect(await items(x)).toEqual(before);
    expect(await planOf(x)).toMatchObject({ id: xPlan.id });
  });

  it('a plan a manager starts once the follow-up began stays theirs: their item kept, the system’s added', async () => {
    // The first follow-up of the month finds nobody's plan and asks no page about plans; x's manager starts a plan
    // with an item just before the plans are written (simulated in the same transaction).
    const summary = await ds.transaction(async (tx) => {
      const query = tx.query.bind(tx);
      let started = false;
      jest.spyOn(tx, 'query').mockImplementation(async (sql: string, params?: unknown[] | object) => {
        if (!started && /^INSERT INTO "?improvement_plans"?|^INSERT INTO "follow_up_plans"|^COPY/.test(sql)) {
          started = true;
          const [plan] = await query<{ id: number }[]>(
            `INSERT INTO improvement_plans (staff_id, period, status, created_by, created_at) VALUES (${x}, '${MONTH}', 'proposed', 'boss', '${new Date().toISOString()}') RETURNING id`,
          );
          await query(
            `INSERT INTO plan_items (plan_id, staff_id, period, indicator, reason, created_by, created_at) VALUES (${plan.id}, ${x}, '${MONTH}', 'A', 'manager', 'boss', '${new Date().toISOString()}')`,
          );
        }
        return query(sql, params);
      });
      return followUpRun(tx, run, 60, 3);
    });
    expect(await planOf(x)).toMatchObject({ createdBy: 'boss', status: 'proposed' });
    // A stays the manager's; the system's weakest (D, B, A → A is held: D and B) and the vetoes are added.
    expect((await items(x)).map(([code, reason]) => [code, reason])).toEqual([
      ['A', 'manager'],
      ['V1', 'veto'],
      ['V2', 'veto'],
      ['D', 'low_score'],
      ['B', 'low_score'],
    ]);
    expect(await planOf(y)).toMatchObject({ createdBy: 'system' });
    // Counted once each: the plans given the system's items (the manager's among them) and those items.
    const proposed = await ds
      .getRepository(PlanItem)
      .find({ where: { period: MONTH, reason: In(['low_score', 'veto']) } });
    expect(summary).toMatchObject({
      plans: new Set(proposed.map((i) => i.planId)).size,
      items: proposed.length,
    });
  });

  it('a re-run removes a plan of its own left empty, unless it holds an action', async () => {
    await followUp(3);
    const xPlan = (await planOf(x))!;
    await ds.getRepository(PlanAction).save({
      planId: xPlan.id,
      what: 'walk the hazard log',
      owner: 'lead',
      dueDate: '2026-12-31',
      status: 'open',
      kind: 'task',
      createdBy: 'boss',
      createdAt: new Date().toISOString(),
    });
    // Neither scores below the threshold any more, nor has a veto: their plans lose the system's items.
    const rows = ds.getRepository(StaffResultRow);
    for (const id of [x, y])
      await rows.update(
        { runId: run.id, staffId: id },
        { indicatorScores: JSON.stringify({ s: { P: 90 }, v: [] }) },
      );
    await followUp(3);
    expect(await planOf(y)).toBeNull();
    expect(await planOf(x)).toMatchObject({ id: xPlan.id });
    expect(await items(x)).toEqual([]);
  });

  it('goes through the month a page at a time: every person of three pages gets their plan', async () => {
    const month = await followUp(3);
    const xItems = await items(x);
    // 2,500 more people of the month (a page is 1,000): x's result under their codes, each a person of their own.
    const template = await ds.getRepository(Staff).findOneByOrFail({ id: x });
    const result = await ds.getRepository(StaffResultRow).findOneByOrFail({ runId: run.id, staffId: x });
    const more: Staff[] = [];
    for (let i = 0; i < 2_500; i += 500) {
      const batch = Array.from({ length: 500 }, (_, k) =>
        ds.getRepository(Staff).create({
          ...template,
          id: undefined,
          code: `P${String(i + k).padStart(5, '0')}`,
          employeeNo: `FOLLOW-UP-${i + k}`,
        }),
      );
      more.push(...(await ds.getRepository(Staff).save(batch)));
    }
    const row = { ...result, id: undefined };
    for (let i = 0; i < more.length; i += 500)
      await ds
        .getRepository(StaffResultRow)
        .insert(more.slice(i, i + 500).map((s) => ({ ...row, staffCode: s.code, staffId: s.id })));

    const summary = await followUp(3);

    // The month's people again, and the 2,500 with x's items each.
    expect(summary).toMatchObject({
      plans: month.plans + 2_500,
      items: month.items + 2_500 * xItems.length,
    });
    expect(await ds.getRepository(ImprovementPlan).countBy({ period: MONTH })).toBe(month.plans + 2_500);
    for (const s of [more[0], more[999], more[1000], more[2499]]) expect(await items(s.id)).toEqual(xItems);
  });

  it('a write that fails leaves nothing written and no connection held', async () => {
    await expect(
      ds.transaction(async (tx) => {
        const query = tx.query.bind(tx);
        jest.spyOn(tx, 'query').mockImplementation(async (sql: string, params?: unknown[] | object) => {
          if (/^INSERT INTO "?improvement_plans"?/.test(sql)) throw new Error('disk full');
          return query(sql, params);
        });
        return followUpRun(tx, run, 60, 3);
      }),
    ).rejects.toThrow('disk full');
    expect(await ds.getRepository(ImprovementPlan).count()).toBe(0);
    expect(await ds.getRepository(PlanItem).count()).toBe(0);
    // PostgreSQL: the connection reading the next page went back to the pool with the transaction's.
    const pool = (ds.driver as { master?: { totalCount: number; idleCount: number } }).master;
    if (pool) expect(pool.totalCount - pool.idleCount).toBe(0);
  });

  it('gives earlier items of these people their outcome from this month', async () => {
    const plan = await ds.getRepository(ImprovementPlan).save({
      staffId: x,
      period: '2000-01',
      status: 'agreed',
      createdBy: 'system',
      createdAt: new Date().toISOString(),
    });
    const earlier = (indicator: string, reason: 'low_score' | 'veto', baselineScore: number) =>
      ds.getRepository(PlanItem).save({
        planId: plan.id,
        staffId: x,
        period: '2000-01',
        indicator,
        reason,
        baselineScore,
        outcome: null,
        outcomePeriod: null,
        outcomeScore: null,
        createdBy: 'system',
        createdAt: new Date().toISOString(),
      });
    // A: 5 then 10 (improved); F: 90 then 70 (not); V1 still vetoed (not); G not scored now (waits).
    const [a, f, v, g] = [
      await earlier('A', 'low_score', 5),
      await earlier('F', 'low_score', 90),
      await earlier('V1', 'veto', 5),
      await earlier('G', 'low_score', 1),
    ];
    const summary = await followUp(3);
    expect(summary).toMatchObject({ improved: 1, notImproved: 2 });
    const outcome = async (id: number) => {
      const i = await ds.getRepository(PlanItem).findOneByOrFail({ id });
      return [i.outcome, i.outcomePeriod, i.outcomeScore];
    };
    expect(await outcome(a.id)).toEqual(['improved', MONTH, 10]);
    expect(await outcome(f.id)).toEqual(['not_improved', MONTH, 70]);
    expect(await outcome(v.id)).toEqual(['not_improved', MONTH, 5]);
    expect(await outcome(g.id)).toEqual([null, null, null]);
    // Again: the same outcomes (one from an earlier run of this month is written again).
    expect(await followUp(3)).toMatchObject({ improved: 1, notImproved: 2 });
  });
});

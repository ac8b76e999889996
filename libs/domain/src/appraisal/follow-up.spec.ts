// A person's plan for the month on a real database: the weakest indicators below the threshold (at most
// `maxItems`, lowest score first, equal scores by code) and every veto whatever the cap; a re-run replaces the
// proposals and keeps an agreed plan; the audit entry names the cap. The selection rule alone: planItems.
import type { DataSource } from 'typeorm';
import {
  AuditEntry,
  ImprovementPlan,
  IndicatorSet,
  IndicatorSetVersion,
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
  const plansOf = (staffId: number) =>
    ds
      .getRepository(ImprovementPlan)
      .find({ where: { staffId, period: MONTH }, order: { indicator: 'ASC' } });
  const items = async (staffId: number) =>
    (await plansOf(staffId)).map((p) => [p.indicator, p.reason, p.baselineScore, p.status]);

  it('proposes the weakest items up to the cap and every veto, and audits the cap', async () => {
    const summary = await followUp(3);

    expect(await items(x)).toEqual([
      ['A', 'low_score', 10, 'proposed'],
      ['B', 'low_score', 30, 'proposed'],
      ['D', 'low_score', 20, 'proposed'],
      ['V1', 'veto', 5, 'proposed'],
      ['V2', 'veto', 80, 'proposed'],
    ]);
    expect((await items(y)).map(([code]) => code)).toEqual(['P', 'Q', 'R']);
    const all = await ds.getRepository(ImprovementPlan).count();
    expect(summary.proposed).toBe(all);
    const [entry] = await ds.getRepository(AuditEntry).find({ where: { action: 'plans.follow_up' } });
    expect(entry).toMatchObject({
      entityKey: run.id,
      after: { period: MONTH, threshold: 60, maxItems: 3, proposed: all, improved: 0, notImproved: 0 },
    });
  });

  it('with PLAN_MAX_ITEMS=0 proposes the vetoes only', async () => {
    await followUp(0);
    expect((await items(x)).map(([code, reason]) => [code, reason])).toEqual([
      ['V1', 'veto'],
      ['V2', 'veto'],
    ]);
    expect(await items(y)).toEqual([]);
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
    expect((await items(x)).map(([code]) => code)).toEqual(['A', 'V1', 'V2']);
  });

  it('a re-run replaces the proposals and keeps an agreed plan as it is', async () => {
    await followUp(3);
    const agreed = (await plansOf(y)).find((p) => p.indicator === 'R')!;
    await ds.getRepository(ImprovementPlan).update({ id: agreed.id }, { status: 'agreed' });

    // A re-run with a smaller cap: P and Q are replaced by P alone; R, agreed, stays (same row).
    await followUp(1);
    expect(await items(y)).toEqual([
      ['P', 'low_score', 1, 'proposed'],
      ['R', 'low_score', 3, 'agreed'],
    ]);
    expect((await plansOf(y)).find((p) => p.indicator === 'R')!.id).toBe(agreed.id);
    expect((await items(x)).map(([code]) => code)).toEqual(['A', 'V1', 'V2']);
    // The same run again writes the same plans (idempotent).
    const before = await items(x);
    await followUp(1);
    expect(await items(x)).toEqual(before);
  });
});

// The appraisal loop after a regular run of a month completes: each person gets their plan for the month, a few
// improvement plans a manager can actually discuss (one per staff member, month and indicator; a re-run of the
// month replaces the ones still only proposed): one for each of their weakest indicators scoring below the
// threshold, at most `maxItems` of them, and one for every veto (a veto is never left out). A set may declare its
// own threshold, maximum and per-indicator thresholds (docs/FORMAT.md, "Improvement plans"). Every earlier plan of
// the same people without an outcome gets one from this month (improved: the indicator scores above the plan's
// baseline, or the veto no longer applies). Idempotent: running it again for the same run writes the same plans
// and outcomes.
// It reads each result's small `indicator_scores` column (not the packed result with its explanations) in keyset
// pages and writes each page before reading the next (nothing is kept across pages), so a month of 100,000 staff
// stays fast and its memory flat.
import { EntityManager } from 'typeorm';
import { copyRows, insertRows, ScoringRun } from '@app/persistence';
import { IndicatorSetDef } from '@app/scoring';
import { audit } from '../audit';
import { loadPeriodConfig } from '../documents';

export const DEFAULT_PLAN_THRESHOLD = 60;
/** The most `low_score` plans a person gets for a month (PLAN_MAX_ITEMS). */
export const DEFAULT_PLAN_MAX_ITEMS = 3;
const PAGE = 1000;
/** A plan is one per staff member, month and indicator. */
const PLAN_KEYS = ['staff_id', 'period', 'indicator'];

const PLAN_COLUMNS = [
  'staff_id',
  'period',
  'indicator',
  'reason',
  'baseline_score',
  'status',
  'created_by',
  'created_at',
];

interface ResultPage {
  code: string;
  staff_id: number | null;
  set_code: string;
  scores: string;
}

/** A result as the loop needs it: each indicator's score (null: missing) and the vetoes. */
interface Scores {
  s: Record<string, number | null>;
  v: string[];
}

/** One plan to propose: the indicator, why, and its score this month (the plan's baseline). */
export interface PlanItem {
  indicator: string;
  reason: 'low_score' | 'veto';
  score: number | null;
}

interface OpenPlan {
  id: number;
  staff_id: number;
  period: string;
  indicator: string;
  reason: string;
  baseline_score: number | null;
  status: string;
  created_by: string;
  created_at: string;
}

export interface FollowUpSummary {
  proposed: number;
  improved: number;
  notImproved: number;
}

/** The plan rule of one indicator set: its threshold, the most low-score items, and indicators' own thresholds. */
export interface PlanRule {
  threshold: number;
  maxItems: number;
  below: ReadonlyMap<string, number>;
}

/**
 * Each set's plan rule (docs/FORMAT.md, "Improvement plans"): what the set declares under `plans` and its
 * indicators' `planBelow`, the hospital's settings for the rest.
 */
export function planRules(
  sets: readonly IndicatorSetDef[],
  threshold: number,
  maxItems: number,
): Map<string, PlanRule> {
  return new Map(
    sets.map((set) => [
      set.code,
      {
        threshold: set.plans?.threshold ?? threshold,
        maxItems: set.plans?.items ?? maxItems,
        below: new Map(
          set.indicators.flatMap((i) => (i.planBelow === undefined ? [] : [[i.code, i.planBelow] as const])),
        ),
      },
    ]),
  );
}

/**
 * A person's plan for the month: a `veto` item for every vetoed indicator, then their weakest indicators scoring
 * below `threshold` as `low_score` items, at most `maxItems` of them (lowest score first; equal scores by
 * indicator code, so a re-run picks the same ones). A missing score is nothing to improve on.
 */
export function planItems(
  scores: Scores,
  threshold: number,
  maxItems: number,
  below?: ReadonlyMap<string, number>,
): PlanItem[] {
  const vetoes = new Set(scores.v);
  const items: PlanItem[] = [];
  const low: PlanItem[] = [];
  for (const [indicator, score] of Object.entries(scores.s)) {
    if (vetoes.has(indicator)) items.push({ indicator, reason: 'veto', score });
    else if (score !== null && score < (below?.get(indicator) ?? threshold))
      low.push({ indicator, reason: 'low_score', score });
  }
  low.sort(
    (a, b) => a.score! - b.score! || (a.indicator < b.indicator ? -1 : a.indicator > b.indicator ? 1 : 0),
  );
  return items.concat(low.slice(0, maxItems));
}

export async function followUpRun(
  tx: EntityManager,
  run: ScoringRun,
  threshold: number = DEFAULT_PLAN_THRESHOLD,
  maxItems: number = DEFAULT_PLAN_MAX_ITEMS,
): Promise<FollowUpSummary> {
  const pg = tx.connection.options.type === 'postgres';
  const p = (n: number) => (pg ? `$${n}` : '?');
  const at = new Date().toISOString();
  const summary: FollowUpSummary = { proposed: 0, improved: 0, notImproved: 0 };
  // On PostgreSQL inside the transaction, a page's rows are COPYed into temporary tables (dropped at the end of
  // the transaction) and applied from there with one statement each: for pages of about 3,000 plans, about half
  // the time of multi-row INSERTs (a month of 100,000 staff, 30 indicators each: 4.9 s against 9.3 s), and the
  // outcomes update only their own columns.
  const staged = pg && tx.queryRunner?.isTransactionActive === true;
  if (staged) {
    await tx.query(
      'CREATE TEMPORARY TABLE IF NOT EXISTS follow_up_plans (staff_id integer, period varchar(7), ' +
        'indicator varchar(64), reason varchar(12), baseline_score double precision, status varchar(12), ' +
        'created_by varchar(100), created_at varchar(30)) ON COMMIT DROP',
    );
    await tx.query(
      'CREATE TEMPORARY TABLE IF NOT EXISTS follow_up_outcomes (id integer, outcome varchar(16), ' +
        'outcome_score double precision) ON COMMIT DROP',
    );
  }
  // The month's proposals are replaced as a whole (so nobody scored no longer keeps one); the plans someone
  // agreed to, closed, or wrote, stay.
  // Deleted by their own condition, not `id IN (SELECT id ...)` of the same table: the ANALYZE below ran, in the
  // month's last follow-up, between that follow-up's delete and its inserts, so the statistics may say the month has
  // no plans, and PostgreSQL then joined the table to itself in a nested loop (300,000 proposals: minutes, not
  // 0.5 s; measured in bench:e2e's second run).
  const stale = `period = ${p(1)} AND status = 'proposed' AND reason IN ('low_score', 'veto')`;
  await tx.query(
    `DELETE FROM plan_actions WHERE plan_id IN (SELECT id FROM improvement_plans WHERE ${stale})`,
    [run.period],
  );
  await tx.query(`DELETE FROM improvement_plans WHERE ${stale}`, [run.period]);
  // Keyset pages by staff code: answered from the (run, staff) unique index. Each result names its person by the
  // id the run scored (never by today's holder of the code: a code HR gave to someone else since would hand them
  // the plans); a result without one (written before results carried ids and not backfilled), or of a person
  // deleted since, is nobody's. Everything below is the page's own: nothing grows with the month.
  // A run has just added a month of results, and a re-run replaced the month's proposals: statistics that do not
  // know it make PostgreSQL read every remaining result for each page below (a bitmap scan and a sort: 91 ms a
  // page at 100,000 staff, against 1.4 ms along the index once analysed). ANALYZE samples, about 0.6 s for
  // both; the month's readers (results, cockpit) get the same plans from it. (Autovacuum would, later.)
  if (pg) await tx.query('ANALYZE staff_results, improvement_plans');
  // Whether any earlier plan waits for an outcome at all (a first month: none), asked once along the (period)
  // index rather than for every page.
  const [waiting] = await tx.query<unknown[]>(
    `SELECT 1 FROM improvement_plans WHERE period < ${p(1)} AND (outcome IS NULL OR outcome_period = ${p(2)}) LIMIT 1`,
    [run.period, run.period],
  );
  const open = waiting !== undefined;
  // Each set's own plan rule, as in force for the month (docs/FORMAT.md, "Improvement plans").
  const config = await loadPeriodConfig(tx, run.period, []);
  const rules = planRules(config.indicatorSets, threshold, maxItems);
  // A set no longer in force for the month (changed since the run) plans by the hospital's settings.
  const hospital: PlanRule = { threshold, maxItems, below: new Map() };
  let after = '';
  for (;;) {
    // The page alone, then which of its people still exist: joined in one query, PostgreSQL may hash the whole
    // staff table for every page (measured: 129 ms a page, 13 s for 100,000 staff, against a few ms).
    const page = await tx.query<ResultPage[]>(
      'SELECT r.staff_code AS code, r.staff_id AS staff_id, r.indicator_set AS set_code, ' +
        'r.indicator_scores AS scores FROM staff_results r ' +
        `WHERE r.run_id = ${p(1)} AND r.staff_code > ${p(2)} AND r.indicator_scores IS NOT NULL ` +
        `ORDER BY r.staff_code LIMIT ${PAGE}`,
      [run.id, after],
    );
    if (!page.length) break;
    after = page.at(-1)!.code;
    const ids = page.flatMap((row) => (row.staff_id === null ? [] : [Number(row.staff_id)]));
    const existing = new Set(
      ids.length
        ? (
            await tx.query<{ id: number }[]>(
              `SELECT id FROM staff WHERE id IN (${ids.map((_, i) => p(i + 1)).join(', ')})`,
              ids,
            )
          ).map((row) => Number(row.id))
        : [],
    );
    const scores = new Map<number, Scores>();
    const setOf = new Map<number, string>();
    for (const row of page)
      if (existing.has(Number(row.staff_id))) {
        scores.set(Number(row.staff_id), JSON.parse(row.scores) as Scores);
        setOf.set(Number(row.staff_id), row.set_code);
      }
    const proposals: unknown[][] = [];
    for (const [staffId, r] of scores) {
      const rule = rules.get(setOf.get(staffId)!) ?? hospital;
      for (const item of planItems(r, rule.threshold, rule.maxItems, rule.below))
        proposals.push([
          staffId,
          run.period,
          item.indicator,
          item.reason,
          item.score,
          'proposed',
          'system',
          at,
        ]);
    }
    await proposePlans(tx, proposals, staged);
    summary.proposed += proposals.length;
    const outcomes = open
      ? await assessEarlierPlans(tx, run.period, scores, p, staged)
      : { improved: 0, notImproved: 0 };
    summary.improved += outcomes.improved;
    summary.notImproved += outcomes.notImproved;
  }
  await audit(tx, {
    actor: 'system',
    action: 'plans.follow_up',
    entity: 'run',
    entityKey: run.id,
    after: { period: run.period, threshold, maxItems, ...summary },
  });
  return summary;
}

/**
 * A page's proposals. A plan someone already holds for the indicator (agreed, closed, or written by a manager)
 * stays as it is: DO NOTHING leaves its row untouched, where an upsert's no-op update would write it again.
 */
async function proposePlans(tx: EntityManager, rows: unknown[][], staged: boolean): Promise<void> {
  const conflict = `ON CONFLICT (${PLAN_KEYS.join(', ')}) DO NOTHING`;
  const cols = PLAN_COLUMNS.join(', ');
  if (staged) {
    await copyRows(tx, 'follow_up_plans', PLAN_COLUMNS, rows);
    await tx.query(`INSERT INTO improvement_plans (${cols}) SELECT ${cols} FROM follow_up_plans ${conflict}`);
    await tx.query('TRUNCATE follow_up_plans');
    return;
  }
  await insertRows(tx, 'improvement_plans', PLAN_COLUMNS, rows, { keys: PLAN_KEYS, update: [] });
}

/** Earlier months' plans of these staff without an outcome (or with one from an earlier run of this month). */
async function assessEarlierPlans(
  tx: EntityManager,
  period: string,
  scores: Map<number, Scores>,
  p: (n: number) => string,
  staged: boolean,
): Promise<{ improved: number; notImproved: number }> {
  const ids = [...scores.keys()];
  if (!ids.length) return { improved: 0, notImproved: 0 };
  const list = ids.map((_, i) => p(i + 3)).join(', ');
  const plans = await tx.query<OpenPlan[]>(
    `SELECT ${PLAN_KEEP.join(', ')} FROM improvement_plans ` +
      `WHERE period < ${p(1)} AND (outcome IS NULL OR outcome_period = ${p(2)}) AND staff_id IN (${list})`,
    [period, period, ...ids],
  );
  const rows: { plan: OpenPlan; outcome: string; score: number }[] = [];
  let improved = 0;
  for (const plan of plans) {
    const r = scores.get(Number(plan.staff_id))!;
    const score = r.s[plan.indicator];
    // Not measured this month (another set, missing data): the plan waits for a month that measures it.
    if (score === undefined || score === null) continue;
    const better =
      plan.reason === 'veto'
        ? !r.v.includes(plan.indicator)
        : plan.baseline_score === null || score > Number(plan.baseline_score);
    if (better) improved++;
    rows.push({ plan, outcome: better ? 'improved' : 'not_improved', score });
  }
  if (staged) {
    // Only the outcome columns are written (the upsert below rewrites every column of the row).
    const outcomes = rows.map((o) => [o.plan.id, o.outcome, o.score]);
    await copyRows(tx, 'follow_up_outcomes', ['id', 'outcome', 'outcome_score'], outcomes);
    await tx.query(
      'UPDATE improvement_plans SET outcome = o.outcome, outcome_period = $1, outcome_score = o.outcome_score ' +
        'FROM follow_up_outcomes o WHERE improvement_plans.id = o.id',
      [period],
    );
    await tx.query('TRUNCATE follow_up_outcomes');
  } else {
    // Every row exists: the upsert is a batched update of the outcome columns (typed by the table either way).
    await insertRows(
      tx,
      'improvement_plans',
      [...PLAN_KEEP, ...OUTCOME_COLUMNS],
      rows.map((o) => [...PLAN_KEEP.map((c) => o.plan[c as keyof OpenPlan]), o.outcome, period, o.score]),
      { keys: ['id'], update: OUTCOME_COLUMNS },
    );
  }
  return { improved, notImproved: rows.length - improved };
}

const PLAN_KEEP = ['id', ...PLAN_COLUMNS];
const OUTCOME_COLUMNS = ['outcome', 'outcome_period', 'outcome_score'];

// The appraisal loop after a regular run of a month completes: improvement plans are proposed for every
// indicator scoring below the threshold and for every veto (one per staff member, month and indicator; a re-run
// of the month replaces the ones still only proposed), and every earlier plan of the same people without an
// outcome gets one from this month (improved: the indicator scores above the plan's baseline, or the veto no
// longer applies). Idempotent: running it again for the same run writes the same plans and outcomes.
// It reads each result's small `indicator_scores` column (not the packed result with its explanations) in keyset
// pages and writes in batches, so a month of 100,000 staff stays fast.
import { EntityManager } from 'typeorm';
import { insertRows, ScoringRun } from '@app/persistence';
import { audit } from '../audit';

export const DEFAULT_PLAN_THRESHOLD = 60;
const PAGE = 1000;

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
  staff_id: number;
  scores: string;
}

/** A result as the loop needs it: each indicator's score (null: missing) and the vetoes. */
interface Scores {
  s: Record<string, number | null>;
  v: string[];
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

export async function followUpRun(
  tx: EntityManager,
  run: ScoringRun,
  threshold: number = DEFAULT_PLAN_THRESHOLD,
): Promise<FollowUpSummary> {
  const pg = tx.connection.options.type === 'postgres';
  const p = (n: number) => (pg ? `$${n}` : '?');
  const at = new Date().toISOString();
  const summary: FollowUpSummary = { proposed: 0, improved: 0, notImproved: 0 };
  // The month's proposals are replaced as a whole (so nobody scored no longer keeps one); the plans someone
  // agreed to, closed, or wrote, stay.
  const stale = `SELECT id FROM improvement_plans WHERE period = ${p(1)} AND status = 'proposed' AND reason IN ('low_score', 'veto')`;
  await tx.query(`DELETE FROM plan_actions WHERE plan_id IN (${stale})`, [run.period]);
  await tx.query(`DELETE FROM improvement_plans WHERE id IN (${stale})`, [run.period]);
  // Keyset pages by staff code: answered from the (run, staff) unique index. Each result names its person by the
  // id the run scored (never by today's holder of the code: a code HR gave to someone else since would hand them
  // the plans); a result without one (written before results carried ids and not backfilled), or of a person
  // deleted since, is nobody's.
  let after = '';
  for (;;) {
    const page = await tx.query<ResultPage[]>(
      'SELECT r.staff_code AS code, s.id AS staff_id, r.indicator_scores AS scores FROM staff_results r ' +
        `JOIN staff s ON s.id = r.staff_id WHERE r.run_id = ${p(1)} AND r.staff_code > ${p(2)} ` +
        `AND r.indicator_scores IS NOT NULL ORDER BY r.staff_code LIMIT ${PAGE}`,
      [run.id, after],
    );
    if (!page.length) break;
    after = page.at(-1)!.code;
    const scores = new Map<number, Scores>(
      page.map((row) => [Number(row.staff_id), JSON.parse(row.scores) as Scores]),
    );
    {
      const proposals: unknown[][] = [];
      for (const [staffId, r] of scores) {
        const vetoes = new Set(r.v);
        for (const [code, score] of Object.entries(r.s)) {
          const reason = vetoes.has(code) ? 'veto' : score !== null && score < threshold ? 'low_score' : null;
          if (reason) proposals.push([staffId, run.period, code, reason, score, 'proposed', 'system', at]);
        }
      }
      // A plan someone already holds for the indicator (agreed, closed, or written by a manager) stays as it is.
      await insertRows(tx, 'improvement_plans', PLAN_COLUMNS, proposals, {
        keys: ['staff_id', 'period', 'indicator'],
        update: ['staff_id'],
      });
      summary.proposed += proposals.length;
      const outcomes = await assessEarlierPlans(tx, run.period, scores, p);
      summary.improved += outcomes.improved;
      summary.notImproved += outcomes.notImproved;
    }
  }
  await audit(tx, {
    actor: 'system',
    action: 'plans.follow_up',
    entity: 'run',
    entityKey: run.id,
    after: { period: run.period, threshold, ...summary },
  });
  return summary;
}

/** Earlier months' plans of these staff without an outcome (or with one from an earlier run of this month). */
async function assessEarlierPlans(
  tx: EntityManager,
  period: string,
  scores: Map<number, Scores>,
  p: (n: number) => string,
): Promise<{ improved: number; notImproved: number }> {
  const ids = [...scores.keys()];
  if (!ids.length) return { improved: 0, notImproved: 0 };
  const list = ids.map((_, i) => p(i + 3)).join(', ');
  const plans = await tx.query<OpenPlan[]>(
    `SELECT ${PLAN_KEEP.join(', ')} FROM improvement_plans ` +
      `WHERE period < ${p(1)} AND (outcome IS NULL OR outcome_period = ${p(2)}) AND staff_id IN (${list})`,
    [period, period, ...ids],
  );
  const rows: unknown[][] = [];
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
    rows.push([
      ...PLAN_KEEP.map((c) => plan[c as keyof OpenPlan]),
      better ? 'improved' : 'not_improved',
      period,
      score,
    ]);
  }
  // Every row exists: the upsert is a batched update of the outcome columns (typed by the table in both drivers).
  await insertRows(tx, 'improvement_plans', [...PLAN_KEEP, ...OUTCOME_COLUMNS], rows, {
    keys: ['id'],
    update: OUTCOME_COLUMNS,
  });
  return { improved, notImproved: rows.length - improved };
}

const PLAN_KEEP = ['id', ...PLAN_COLUMNS];
const OUTCOME_COLUMNS = ['outcome', 'outcome_period', 'outcome_score'];

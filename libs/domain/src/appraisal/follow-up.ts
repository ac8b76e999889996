// The appraisal loop after a regular run of a month completes: each person gets at most one improvement plan for
// the month, holding the few indicators a manager can actually discuss as its items: one for each of their weakest
// indicators scoring below the threshold, at most `maxItems` of them, and one for every veto (a veto is never left
// out). A set may declare its own threshold, maximum and per-indicator thresholds (docs/FORMAT.md, "Improvement
// plans"). Nobody without an item gets a plan. A re-run of the month replaces the system's items of a plan still
// only proposed (what a manager added stays, and an indicator they added is not added again); a plan agreed or
// closed stays as it is; a plan the system started that is left with no items and no actions goes. Every earlier
// item of the same people without an outcome gets one from this month (improved: the indicator scores above the
// item's baseline, or the veto no longer applies). Idempotent: running it again for the same run writes the same
// plans, items and outcomes.
import { EntityManager } from 'typeorm';
import { copyRows, insertRows, ScoringRun } from '@app/persistence';
import { IndicatorSetDef } from '@app/scoring';
import { audit } from '../audit';
import { loadPeriodConfig } from '../documents';

export const DEFAULT_PLAN_THRESHOLD = 60;
/** The most `low_score` items a person's plan gets for a month (PLAN_MAX_ITEMS). */
export const DEFAULT_PLAN_MAX_ITEMS = 3;
const PAGE = 1000;
/** Who writes the plans and items of a run's follow-up. */
const SYSTEM = 'system';

const PLAN_COLUMNS = ['staff_id', 'period', 'status', 'created_by', 'created_at'];
const ITEM_COLUMNS = [
  'plan_id',
  'staff_id',
  'period',
  'indicator',
  'reason',
  'baseline_score',
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

/** One item to propose: the indicator, why, and its score this month (the item's baseline). */
export interface ProposedItem {
  indicator: string;
  reason: 'low_score' | 'veto';
  score: number | null;
}

/** An earlier item waiting for its outcome, with the columns its (batched) update writes back. */
interface OpenItem {
  id: number;
  plan_id: number;
  staff_id: number;
  period: string;
  indicator: string;
  reason: string;
  baseline_score: number | null;
  created_by: string;
  created_at: string;
}

export interface FollowUpSummary {
  /** People whose plan of the month holds this run's items (created, or still proposed and refilled). */
  plans: number;
  /** Items this run put in those plans. */
  items: number;
  /** Earlier items given an outcome from this month. */
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
): ProposedItem[] {
  const vetoes = new Set(scores.v);
  const items: ProposedItem[] = [];
  const low: ProposedItem[] = [];
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
  const summary: FollowUpSummary = { plans: 0, items: 0, improved: 0, notImproved: 0 };
  // On PostgreSQL inside the transaction, a page's items and outcomes are COPYed into temporary tables (dropped
  // at the end of the transaction) and applied from there with one statement each: for pages of about 3,000
  // rows, about half the time of multi-row INSERTs (a month of 100,000 staff, 30 indicators each: 4.9 s against
  // 9.3 s), and the outcomes update only their own columns. Its plans take one statement (proposePlans).
  const staged = pg && tx.queryRunner?.isTransactionActive === true;
  if (staged) {
    await tx.query(
      'CREATE TEMPORARY TABLE IF NOT EXISTS follow_up_items (plan_id integer, staff_id integer, ' +
        'period varchar(7), indicator varchar(64), reason varchar(12), baseline_score double precision, ' +
        'created_by varchar(100), created_at varchar(30)) ON COMMIT DROP',
    );
    await tx.query(
      'CREATE TEMPORARY TABLE IF NOT EXISTS follow_up_outcomes (id integer, outcome varchar(16), ' +
        'outcome_score double precision) ON COMMIT DROP',
    );
  }
  // The results are read and planned a page ahead on a connection of their own (they are committed: the run
  // completed), while the transaction writes the page before: PostgreSQL's reading and this process's parsing and
  // planning overlap the writes instead of waiting for them (11.3-12.6 s became 9.9-10.1 s at 100,000 staff,
  // docs/BENCHMARKS.md). SQLite has one connection: there the pages are read in the transaction, in turn.
  const reader = staged ? tx.connection.createQueryRunner() : null;
  let analysed: Promise<unknown> | undefined;
  try {
    // A run has just added a month of results: statistics that do not know it make PostgreSQL read every result
    // for each page below (a bitmap scan and a sort: 91 ms a page at 100,000 staff, against 1.4 ms along the
    // index once analysed). ANALYZE samples, about 0.6 s for the three tables. Those of the results are taken on
    // the reader's connection, which reads them (in the transaction they would stay its own until it commits).
    // Those of the plans and items come before the statements on the month's plans and items: on statistics
    // that did not know the month (taken by an earlier follow-up before it wrote), PostgreSQL once ran such a
    // delete as a nested loop over the whole month for every row (300,000 proposals: minutes, not 0.5 s;
    // measured in bench:e2e's second run). (Autovacuum would, later.) The reader's ANALYZE runs while the
    // transaction prepares; its first page waits for it.
    analysed = reader?.query('ANALYZE staff_results');
    analysed?.catch(() => undefined); // its failure is the first page's (a rejection not yet waited for)
    if (pg) await tx.query(`ANALYZE ${reader ? '' : 'staff_results, '}improvement_plans, plan_items`);
    // The system's items of the month's plans still proposed are replaced as a whole (so nobody scored no longer
    // keeps them); what a manager added, and the plans someone agreed to or closed, stay.
    await tx.query(
      `DELETE FROM plan_items WHERE period = ${p(1)} AND reason IN ('low_score', 'veto') AND plan_id IN ` +
        `(SELECT id FROM improvement_plans WHERE period = ${p(2)} AND status = 'proposed')`,
      [run.period, run.period],
    );
    // Whether any earlier item waits for an outcome at all (a first month: none), asked once along the (period)
    // index rather than for every page.
    const [waiting] = await tx.query<unknown[]>(
      `SELECT 1 FROM plan_items WHERE period < ${p(1)} AND (outcome IS NULL OR outcome_period = ${p(2)}) LIMIT 1`,
      [run.period, run.period],
    );
    const open = waiting !== undefined;
    // Whether anyone holds a plan of the month (kept ones, a manager's, proposed ones a re-run refills): a first
    // follow-up of the month finds none, and its pages then ask nobody's plans (the question, on statistics taken
    // before this transaction wrote a plan, grew with every page: 2.2 s of 13.7 at 100,000 staff).
    const [held] = await tx.query<unknown[]>(
      `SELECT 1 FROM improvement_plans WHERE period = ${p(1)} LIMIT 1`,
      [run.period],
    );
    // Each set's own plan rule, as in force for the month (docs/FORMAT.md, "Improvement plans").
    const config = await loadPeriodConfig(tx, run.period, []);
    const rules = planRules(config.indicatorSets, threshold, maxItems);
    const pages = plannedPages(
      async <T>(sql: string, params: unknown[]): Promise<T> => {
        await analysed;
        return (await (reader ?? tx).query(sql, params)) as T;
      },
      run,
      p,
      rules,
      { threshold, maxItems, below: new Map() },
    );
    let next = pages.next();
    try {
      for (;;) {
        const page = await next;
        if (page.done) break;
        // The next page is read and planned meanwhile (with no reader, after this one is written).
        if (reader) next = pages.next();
        const { scores, proposals } = page.value;
        const written = await proposePlans(tx, run.period, proposals, at, p, staged, held !== undefined);
        summary.plans += written.plans;
        summary.items += written.items;
        const outcomes = open
          ? await assessEarlierItems(tx, run.period, scores, p, staged)
          : { improved: 0, notImproved: 0 };
        summary.improved += outcomes.improved;
        summary.notImproved += outcomes.notImproved;
        if (!reader) next = pages.next();
      }
    } catch (e) {
      // A write failed: the page read ahead is let finish before its connection goes back to the pool.
      await next.catch(() => undefined);
      throw e;
    }
  } finally {
    await analysed?.catch(() => undefined);
    await reader?.release();
  }
  // A plan the system started that this run left empty (its person has no weak indicator any more, or no result)
  // goes, unless someone has written an action for it.
  await tx.query(
    `DELETE FROM improvement_plans WHERE period = ${p(1)} AND status = 'proposed' AND created_by = '${SYSTEM}' ` +
      'AND NOT EXISTS (SELECT 1 FROM plan_items i WHERE i.plan_id = improvement_plans.id) ' +
      'AND NOT EXISTS (SELECT 1 FROM plan_actions a WHERE a.plan_id = improvement_plans.id)',
    [run.period],
  );
  await audit(tx, {
    actor: SYSTEM,
    action: 'plans.follow_up',
    entity: 'run',
    entityKey: run.id,
    after: { period: run.period, threshold, maxItems, ...summary },
  });
  return summary;
}

/** A page of the run's results as the loop plans it: each existing person's scores, and the items proposed. */
interface PlannedPage {
  scores: Map<number, Scores>;
  proposals: Map<number, ProposedItem[]>;
}

/**
 * The run's results, a page at a time, with each person's proposed items (`rules`: each set's plan rule; a set
 * no longer in force for the month has none and plans by the hospital's settings, `hospital`). Keyset pages
 * by staff code: answered from the (run, staff) unique index. Each result names its person by the id the run
 * scored (never by today's holder of the code: a code HR gave to someone else since would hand them the plans);
 * a result without one (written before results carried ids and not backfilled), or of a person deleted since, is
 * nobody's. Everything is the page's own: nothing grows with the month.
 */
async function* plannedPages(
  query: <T>(sql: string, params: unknown[]) => Promise<T>,
  run: ScoringRun,
  p: (n: number) => string,
  rules: ReadonlyMap<string, PlanRule>,
  hospital: PlanRule,
): AsyncGenerator<PlannedPage> {
  let after = '';
  for (;;) {
    // The page alone, then which of its people still exist: joined in one query, PostgreSQL may hash the whole
    // staff table for every page (measured: 129 ms a page, 13 s for 100,000 staff, against a few ms).
    const page = await query<ResultPage[]>(
      'SELECT r.staff_code AS code, r.staff_id AS staff_id, r.indicator_set AS set_code, ' +
        'r.indicator_scores AS scores FROM staff_results r ' +
        `WHERE r.run_id = ${p(1)} AND r.staff_code > ${p(2)} AND r.indicator_scores IS NOT NULL ` +
        `ORDER BY r.staff_code LIMIT ${PAGE}`,
      [run.id, after],
    );
    if (!page.length) return;
    after = page.at(-1)!.code;
    const ids = page.flatMap((row) => (row.staff_id === null ? [] : [Number(row.staff_id)]));
    const existing = new Set(
      ids.length
        ? (
            await query<{ id: number }[]>(
              `SELECT id FROM staff WHERE id IN (${ids.map((_, i) => p(i + 1)).join(', ')})`,
              ids,
            )
          ).map((row) => Number(row.id))
        : [],
    );
    const scores = new Map<number, Scores>();
    const proposals = new Map<number, ProposedItem[]>();
    for (const row of page) {
      const staffId = Number(row.staff_id);
      if (!existing.has(staffId)) continue;
      const r = JSON.parse(row.scores) as Scores;
      scores.set(staffId, r);
      const { threshold, maxItems, below } = rules.get(row.set_code) ?? hospital;
      const items = planItems(r, threshold, maxItems, below);
      if (items.length) proposals.set(staffId, items);
    }
    yield { scores, proposals };
  }
}

/**
 * A page's proposals: the month's plan of each person with items, created (proposed, by the system) when they
 * have none, and the items put in the plans still proposed. An agreed or closed plan stays as it is; an indicator
 * the plan holds already (a manager's item: the system's were removed above) is not added again.
 */
async function proposePlans(
  tx: EntityManager,
  period: string,
  proposals: Map<number, ProposedItem[]>,
  at: string,
  p: (n: number) => string,
  staged: boolean,
  anyHeld: boolean,
): Promise<{ plans: number; items: number }> {
  if (!proposals.size) return { plans: 0, items: 0 };
  const people = [...proposals.keys()];
  const list = (ids: number[]) => ids.map((_, i) => p(i + 2)).join(', ');
  type Plan = { id: number; status: string; indicators: Set<string>; ours?: boolean };
  const plans = new Map<number, Plan>();
  // The plans of `ids` with the indicators they hold: one query along the (staff, period) key.
  const readPlans = async (ids: number[]) => {
    for (const row of await tx.query<
      { id: number; staff_id: number; status: string; indicator: string | null }[]
    >(
      'SELECT p.id, p.staff_id, p.status, i.indicator FROM improvement_plans p ' +
        `LEFT JOIN plan_items i ON i.plan_id = p.id WHERE p.period = ${p(1)} AND p.staff_id IN (${list(ids)})`,
      [period, ...ids],
    )) {
      const staffId = Number(row.staff_id);
      let plan = plans.get(staffId);
      if (!plan)
        plans.set(staffId, (plan = { id: Number(row.id), status: row.status, indicators: new Set() }));
      if (row.indicator !== null) plan.indicators.add(row.indicator);
    }
  };
  // The page's people's plans (none to ask for when nobody held a plan of the month as the follow-up began).
  if (anyHeld) await readPlans(people);
  let missing = people.filter((id) => !plans.has(id));
  if (missing.length) {
    // DO NOTHING: a plan a manager started meanwhile stays theirs (and is read back below).
    const conflict = 'ON CONFLICT (staff_id, period) DO NOTHING';
    if (staged) {
      // One statement a page, its people as one array parameter: a COPY into a staging table, the insert from it
      // and the table's truncation were three (and two multi-row INSERTs, before them, 0.5 s of a 100,000-staff
      // month). The plans created come back with their ids: only someone whose plan a manager started meanwhile
      // is read.
      for (const row of await tx.query<{ id: number; staff_id: number }[]>(
        `INSERT INTO improvement_plans (${PLAN_COLUMNS.join(', ')}) ` +
          `SELECT unnest($1::integer[]), $2, 'proposed', $3, $4 ${conflict} RETURNING id, staff_id`,
        [missing, period, SYSTEM, at],
      ))
        plans.set(Number(row.staff_id), {
          id: Number(row.id),
          status: 'proposed',
          indicators: new Set(),
          ours: true,
        });
      missing = missing.filter((id) => !plans.has(id));
    } else
      await insertRows(
        tx,
        'improvement_plans',
        PLAN_COLUMNS,
        missing.map((id) => [id, period, 'proposed', SYSTEM, at]),
        {
          keys: ['staff_id', 'period'],
          update: [],
        },
      );
    if (missing.length) await readPlans(missing);
  }
  // Items of the plans this transaction has just created go straight in (nobody else can have added one to a
  // plan not committed yet); the others past the (plan, indicator) key, where a manager's item may be already.
  const created: unknown[][] = [];
  const rows: unknown[][] = [];
  let filled = 0;
  for (const [staffId, items] of proposals) {
    const plan = plans.get(staffId);
    if (!plan || plan.status !== 'proposed') continue;
    const fresh = items.filter((item) => !plan.indicators.has(item.indicator));
    if (fresh.length) filled++;
    // In the order planItems gives (vetoes, then lowest score first): the items' ids keep it.
    for (const item of fresh) {
      const row = [plan.id, staffId, period, item.indicator, item.reason, item.score, SYSTEM, at];
      (plan.ours ? created : rows).push(row);
    }
  }
  const conflict = 'ON CONFLICT (plan_id, indicator) DO NOTHING';
  if (created.length) await copyRows(tx, 'plan_items', ITEM_COLUMNS, created);
  if (!rows.length) return { plans: filled, items: created.length };
  if (staged) {
    const cols = ITEM_COLUMNS.join(', ');
    await copyRows(tx, 'follow_up_items', ITEM_COLUMNS, rows);
    await tx.query(`INSERT INTO plan_items (${cols}) SELECT ${cols} FROM follow_up_items ${conflict}`);
    await tx.query('TRUNCATE follow_up_items');
  } else
    await insertRows(tx, 'plan_items', ITEM_COLUMNS, rows, { keys: ['plan_id', 'indicator'], update: [] });
  return { plans: filled, items: created.length + rows.length };
}

/** Earlier months' items of these staff without an outcome (or with one from an earlier run of this month). */
async function assessEarlierItems(
  tx: EntityManager,
  period: string,
  scores: Map<number, Scores>,
  p: (n: number) => string,
  staged: boolean,
): Promise<{ improved: number; notImproved: number }> {
  const ids = [...scores.keys()];
  if (!ids.length) return { improved: 0, notImproved: 0 };
  const list = ids.map((_, i) => p(i + 3)).join(', ');
  const items = await tx.query<OpenItem[]>(
    `SELECT ${ITEM_KEEP.join(', ')} FROM plan_items ` +
      `WHERE period < ${p(1)} AND (outcome IS NULL OR outcome_period = ${p(2)}) AND staff_id IN (${list})`,
    [period, period, ...ids],
  );
  const rows: { item: OpenItem; outcome: string; score: number }[] = [];
  let improved = 0;
  for (const item of items) {
    const r = scores.get(Number(item.staff_id))!;
    const score = r.s[item.indicator];
    // Not measured this month (another set, missing data): the item waits for a month that measures it.
    if (score === undefined || score === null) continue;
    const better =
      item.reason === 'veto'
        ? !r.v.includes(item.indicator)
        : item.baseline_score === null || score > Number(item.baseline_score);
    if (better) improved++;
    rows.push({ item, outcome: better ? 'improved' : 'not_improved', score });
  }
  if (staged) {
    // Only the outcome columns are written (the upsert below rewrites every column of the row).
    const outcomes = rows.map((o) => [o.item.id, o.outcome, o.score]);
    await copyRows(tx, 'follow_up_outcomes', ['id', 'outcome', 'outcome_score'], outcomes);
    await tx.query(
      'UPDATE plan_items SET outcome = o.outcome, outcome_period = $1, outcome_score = o.outcome_score ' +
        'FROM follow_up_outcomes o WHERE plan_items.id = o.id',
      [period],
    );
    await tx.query('TRUNCATE follow_up_outcomes');
  } else {
    // Every row exists: the upsert is a batched update of the outcome columns (typed by the table either way).
    await insertRows(
      tx,
      'plan_items',
      [...ITEM_KEEP, ...OUTCOME_COLUMNS],
      rows.map((o) => [...ITEM_KEEP.map((c) => o.item[c as keyof OpenItem]), o.outcome, period, o.score]),
      { keys: ['id'], update: OUTCOME_COLUMNS },
    );
  }
  return { improved, notImproved: rows.length - improved };
}

/** The columns an earlier item is read with (its NOT NULL ones, which the batched update writes back). */
const ITEM_KEEP = ['id', ...ITEM_COLUMNS];
const OUTCOME_COLUMNS = ['outcome', 'outcome_period', 'outcome_score'];

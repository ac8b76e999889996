// A closed month is posted to payroll: nothing that explains it may change again (corrections go through
// adjustments). An approved month is signed off on the way there: its results are the ones that will be posted,
// so from approval on it is frozen the same way (it cannot be reopened: approved months change no more, and
// corrections after closing are adjustments). Runs, imports, measurements and set/workload versions already
// refuse both; these guards refuse the configuration edits that would change what an approved or closed month
// was scored with — its export (GET /periods/{p}/document) and so what re-scoring it would give — and let every
// edit that only touches open months through. The HR routes and the import of an open month's document
// (import-document.ts) both use them. Each throws a ClosedMonthError (409) naming the period and its state; a
// closed month's messages are worded as they always were.
//
// Every rule below is about the month's scores (what its document carries), none about payroll alone, so every
// rule holds from approval on: "closed" in the names below reads "approved or closed" (signedOffPeriods). The
// callers that mean closed only (payroll, adjustments) test the status themselves.
//
// What a closed month reads from the configuration (libs/documents' period snapshot):
// - staff: who is scored (active in the month: which days, for proration), under which code, in which
//   department and site, with which employment type, and the indicator set their rules give them;
// - assignment rules: which set each member of staff gets (rules have no effective dates: a rule applies in
//   every month, so a rule change is judged by whom it would move in a closed month);
// - the input dictionary: each input's level and how its observations aggregate into the month;
// - departments: code and site (the roll-up, the comparison across sites, pools by department code);
// - sites: code (site factors of the workload catalogue, the comparison across sites).
// Names and units are labels, and department parents are not read by scoring: they stay editable.
import { EntityManager, In, MoreThanOrEqual } from 'typeorm';
import {
  AssignmentRule,
  Department,
  IncentivePlan,
  IndicatorSet,
  IndicatorSetVersion,
  InputDefinition,
  Observation,
  Period,
  Site,
  Staff,
  StaffPlacement,
  WorkloadCatalogueVersion,
} from '@app/persistence';
import { IncentiveDef, parseFormula, symbolsOf } from '@app/scoring';
import {
  AssignmentRules,
  RuleFields,
  loadStaff,
  StaffFields,
  loadTimelines,
  StaffTimeline,
  inForce,
} from '../model';

export type { RuleFields } from '../model';

const CORRECTIONS = 'corrections of a closed month go through adjustments';
/** The advice for an approved month: it cannot be reopened. */
export const APPROVED_ADVICE = 'approved months change no more; corrections after closing are adjustments';

/** What to do instead, for a month of this state. */
function advice(p: Pick<Period, 'status'>): string {
  return p.status === 'closed' ? CORRECTIONS : APPROVED_ADVICE;
}

/** "closed months", or "approved and closed months" when the list has an approved one (the messages' wording). */
function signedOffKind(list: readonly Pick<Period, 'status'>[]): string {
  return list.some((p) => p.status !== 'closed') ? 'approved and closed months' : 'closed months';
}

// The error lives with the other period refusals; re-exported here, where the closed-month rules throw it.
import { ClosedMonthError } from './period-errors';
export { ClosedMonthError };

/** The closed periods, oldest first. */
export function closedPeriods(em: EntityManager): Promise<Period[]> {
  return em.find(Period, { where: { status: 'closed' }, order: { period: 'ASC' } });
}

/** The approved and closed periods, oldest first: the months whose scores may change no more. */
export function signedOffPeriods(em: EntityManager): Promise<Period[]> {
  return em.find(Period, { where: { status: In(['approved', 'closed']) }, order: { period: 'ASC' } });
}

/**
 * The latest approved or closed period from `period` on, or null: a version of a set or of the workload
 * catalogue may take effect only after it (closedFrom's rule, from approval on).
 */
export function signedOffFrom(em: EntityManager, period: string): Promise<Period | null> {
  return em.findOne(Period, {
    where: { period: MoreThanOrEqual(period), status: In(['approved', 'closed']) },
    order: { period: 'DESC' },
  });
}

/**
 * The latest closed period from `period` on, or null: a version of a set or of the workload catalogue may take
 * effect only after it (the month keeps the configuration it was scored and paid with). Imports and the HR
 * routes word the refusal each in their own way.
 */
export function closedFrom(em: EntityManager, period: string): Promise<Period | null> {
  return em.findOne(Period, {
    where: { period: MoreThanOrEqual(period), status: 'closed' },
    order: { period: 'DESC' },
  });
}

/** The first and last day of a month, as ISO dates. */
function bounds(period: string): { first: string; last: string } {
  const [y, m] = period.split('-').map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${period}-01`, last: `${period}-${String(days).padStart(2, '0')}` };
}

type Active = Pick<Staff, 'activeFrom' | 'activeTo'>;

/** The days of `period` a member of staff is active, as "first..last", or null when not active in it. */
export function activeDays(s: Active, period: string): string | null {
  const { first, last } = bounds(period);
  const from = s.activeFrom > first ? s.activeFrom : first;
  const to = s.activeTo !== null && s.activeTo < last ? s.activeTo : last;
  return from <= to ? `${from}..${to}` : null;
}

export function activeInAny(s: Active, closed: readonly Period[]): boolean {
  return closed.some((p) => activeDays(s, p.period) !== null);
}

/**
 * The set a member of staff was scored with in a month: the set their rules give them, when it has a version in
 * force that month (staff without one are not scored).
 */
export class SetsInForce {
  private constructor(private readonly firstVersion: Map<number, string>) {}

  static async load(em: EntityManager): Promise<SetsInForce> {
    const first = new Map<number, string>();
    for (const v of await em.find(IndicatorSetVersion, { order: { effectiveFrom: 'ASC' } }))
      if (!first.has(v.setId)) first.set(v.setId, v.effectiveFrom);
    return new SetsInForce(first);
  }

  setIn(rules: AssignmentRules, s: StaffFields, period: string): number | null {
    const id = rules.setIdFor(s);
    return id !== null && (this.firstVersion.get(id) ?? '9999-99') <= period ? id : null;
  }
}

async function setCodes(em: EntityManager, ids: (number | null)[]): Promise<string[]> {
  const known = ids.filter((i): i is number => i !== null);
  const sets = known.length ? await em.find(IndicatorSet, { where: { id: In(known) } }) : [];
  return ids.map((i) => (i === null ? 'none' : (sets.find((s) => s.id === i)?.code ?? String(i))));
}

/** Every assignment rule, oldest first. */
export async function allRules(em: EntityManager): Promise<RuleFields[]> {
  return em.find(AssignmentRule, {
    select: {
      id: true,
      setId: true,
      staffId: true,
      postTypeId: true,
      departmentId: true,
      employmentType: true,
      priority: true,
    },
    order: { id: 'ASC' },
  });
}

// ---------------------------------------------------------------- staff

/**
 * The staff fields a closed month's scoring reads: any change refuses while the person is active in one. The
 * employee number is not one of them: each result keeps the number it was scored with (the posted payroll never
 * changes), and HR must be able to correct a number of someone who worked in a closed month.
 */
const SCORED_FIELDS = [
  ['code', 'code'],
  ['departmentId', 'department'],
  ['siteId', 'site'],
  ['employmentType', 'employmentType'],
] as const;

/**
 * Refuses a create (`before` null), update or delete (`after` null) of a member of staff that changes an approved
 * or closed month: the days they are active in it (joining it, leaving it, or a changed first/last day inside it — proration
 * pays by days worked), or, while they are active in it, a field its document carries — their code, or their
 * placement in that month (staff-timeline.ts) — or a post type change that gives them another indicator set
 * there. Dates and placements that only touch open months pass: e.g. an `activeTo` after every closed month, a
 * transfer from a month after the closed ones, or any change to someone who was never active in a closed month.
 *
 * `opts.closed`: the approved and closed periods when the caller has them already (an import passes the closed
 * ones only: it refuses its own approved month before); `opts.postType: false` when the caller
 * judges the set separately (an import replaces the person's rules in the same change: assertSetsKept);
 * `opts.importOf`: the period of the document being imported, for the wording of the advice.
 */
export async function assertStaffChangeAllowed(
  em: EntityManager,
  beforeTimeline: StaffTimeline | null,
  afterTimeline: StaffTimeline | null,
  opts: { closed?: readonly Period[]; postType?: boolean; importOf?: string } = {},
): Promise<void> {
  const closed = opts.closed ?? (await signedOffPeriods(em));
  if (!closed.length) return;
  const code = (beforeTimeline ?? afterTimeline)!.staff.code;
  let rules: AssignmentRules | undefined;
  let sets: SetsInForce | undefined;
  for (const month of closed) {
    const { period } = month;
    const before = beforeTimeline?.at(period) ?? null;
    const after = afterTimeline?.at(period) ?? null;
    const was = before && activeDays(before, period);
    const will = after && activeDays(after, period);
    if (!was && !will) continue;
    const refuse = (why: string) =>
      new ClosedMonthError(`period ${period} is ${month.status}: ${why}; ${advice(month)}`);
    if (!before)
      throw refuse(
        `staff "${code}" would be active in it (${will}); ` +
          (opts.importOf
            ? `a document of ${opts.importOf} starts new staff on its first day and they stay active: ` +
              `add them with a document of a month after ${closed.at(-1)!.period}`
            : `start activeFrom after ${closed.at(-1)!.period}`),
      );
    if (!after) throw refuse(`staff "${code}" was active in it (${was}) and stays on its record`);
    if (was !== will)
      throw refuse(
        `staff "${code}" was active in it ${was ? `on ${was}` : 'on no day'}; the change would make it ` +
          `${will ?? 'no day'} (activeFrom and activeTo may move only outside ${signedOffKind(closed)})`,
      );
    const changed: string[] = SCORED_FIELDS.filter(([f]) => before[f] !== after[f]).map(([, name]) => name);
    // A member of staff works at their own site, or else at their department's: naming the department's site
    // as their own (or clearing it when it is the department's) moves nobody.
    if (changed.includes('site') && (await siteOf(em, before)) === (await siteOf(em, after)))
      changed.splice(changed.indexOf('site'), 1);
    if (changed.length)
      throw refuse(
        `staff "${code}" was active in it, so their ${changed.join(', ')} cannot change in it ` +
          "(the month's results, pay and export carry them); a transfer takes effect from a month after " +
          `${closed.at(-1)!.period} (effectiveFrom)`,
      );
    if (opts.postType !== false && before.postTypeId !== after.postTypeId) {
      rules ??= new AssignmentRules(await allRules(em));
      sets ??= await SetsInForce.load(em);
      const [from, to] = [sets.setIn(rules, before, period), sets.setIn(rules, after, period)];
      if (from !== to) {
        const [a, b] = await setCodes(em, [from, to]);
        throw refuse(
          `the new post type would move staff "${code}" from indicator set ${a} to ${b} in it ` +
            '(add an explicit assignment rule for them to keep their set)',
        );
      }
    }
  }
}

/** The site a member of staff works at: their own, or else their department's. */
async function siteOf(em: EntityManager, s: StaffFields): Promise<number | null> {
  if (s.siteId !== null) return s.siteId;
  return (await em.findOne(Department, { where: { id: s.departmentId } }))?.siteId ?? null;
}

/** The fields of a staff row the guard compares (a copy: the row is changed afterwards). */
export function staffFields(s: Staff): StaffFields {
  const { id, code, employeeNo, departmentId, siteId, postTypeId, employmentType, activeFrom, activeTo } = s;
  return { id, code, employeeNo, departmentId, siteId, postTypeId, employmentType, activeFrom, activeTo };
}

// ---------------------------------------------------------------- assignment rules

/**
 * Refuses a rule create (`before` null), update or delete (`after` null) that would give anyone active in an
 * approved or closed month another indicator set in it (or a set where they had none, or none where they had one). Rules have
 * no effective dates, so this is judged person by person: a rule for a new post type, for staff who joined after
 * the closed months, or one that a more specific rule overrides for everyone in them, is a normal edit. To change
 * what closed-month staff are scored with from now on, add a set version effective after the closed month.
 */
export async function assertRuleChangeAllowed(
  em: EntityManager,
  before: RuleFields | null,
  after: RuleFields | null,
): Promise<void> {
  const closed = await signedOffPeriods(em);
  if (!closed.length) return;
  const others = (await allRules(em)).filter((r) => r.id !== (before ?? after)!.id);
  const rulesBefore = new AssignmentRules(before ? [...others, before] : others);
  const rulesAfter = new AssignmentRules(after ? [...others, after] : others);
  // A staff rule concerns one person; any other rule, everyone.
  const general = [before, after].some((r) => r && r.staffId === null);
  const ids = [
    ...new Set([before?.staffId, after?.staffId].filter((i): i is number => typeof i === 'number')),
  ];
  const staff = await loadTimelines(em, await loadStaff(em, general ? undefined : ids));
  await assertSetsKept(em, closed, staff, rulesBefore, rulesAfter, 'this rule change');
}

/**
 * Refuses a change of the rules (`rulesBefore` → `rulesAfter`) that would give anyone of `staff` active in a
 * closed month another indicator set in it. `change` names the change in the message ("this rule change").
 */
export async function assertSetsKept(
  em: EntityManager,
  closed: readonly Period[],
  staff: readonly StaffTimeline[],
  rulesBefore: AssignmentRules,
  rulesAfter: AssignmentRules,
  change: string,
): Promise<void> {
  let sets: SetsInForce | undefined;
  for (const t of staff) {
    if (!activeInAny(t.staff, closed)) continue;
    // Someone who never moved has one placement: asking once answers every month.
    if (!t.earlier.length && rulesBefore.setIdFor(t.staff) === rulesAfter.setIdFor(t.staff)) continue;
    for (const month of closed) {
      const { period } = month;
      const s = t.at(period);
      if (!activeDays(s, period) || rulesBefore.setIdFor(s) === rulesAfter.setIdFor(s)) continue;
      sets ??= await SetsInForce.load(em);
      const [from, to] = [sets.setIn(rulesBefore, s, period), sets.setIn(rulesAfter, s, period)];
      if (from === to) continue;
      const [a, b] = await setCodes(em, [from, to]);
      throw new ClosedMonthError(
        `period ${period} is ${month.status}: ${change} would move staff "${s.code}" from indicator set ${a} ` +
          `to ${b} in it; rules apply in every month, so change what they are scored with by a set version ` +
          `effective after ${closed.at(-1)!.period} instead; ${advice(month)}`,
      );
    }
  }
}

// ---------------------------------------------------------------- inputs

/** Whether a stored formula uses `code` (stored formulas were validated; one that no longer parses uses nothing). */
export function formulaUses(formula: unknown, code: string): boolean {
  if (typeof formula !== 'string') return false;
  try {
    return symbolsOf(parseFormula(formula, () => true)).includes(code);
  } catch {
    return false;
  }
}

/** The formulas of an incentive plan (per person amount, weight, proration, pool formulas). */
export function incentiveFormulas(plan: IncentiveDef | null): unknown[] {
  const inc = plan as Record<string, unknown> | null;
  if (!inc) return [];
  const pools = Array.isArray(inc.pools) ? (inc.pools as Record<string, unknown>[]) : [];
  return [inc.amount, inc.weight, inc.proration, ...pools.map((pool) => pool.formula)];
}

/** Every version of the signed-off months' incentive plans (a run paid with the version it recorded). */
function closedPlans(em: EntityManager, closed: readonly Period[]): Promise<IncentivePlan[]> {
  return em.find(IncentivePlan, { where: { periodId: In(closed.map((p) => p.id)) }, order: { id: 'ASC' } });
}

/** A signed-off month that uses a thing, its state, and how it uses it. */
export interface MonthUse {
  period: string;
  status: Period['status'];
  how: string;
}

/**
 * The first approved or closed period that uses an input, and how: observations of it in the month, a formula of a set
 * version in force in the month, or the month's incentive. Null when no closed month does.
 */
export async function closedUseOfInput(em: EntityManager, input: InputDefinition): Promise<MonthUse | null> {
  const closed = await signedOffPeriods(em);
  if (!closed.length) return null;
  const observed = await em.findOne(Observation, {
    where: { inputId: input.id, periodId: In(closed.map((p) => p.id)) },
    order: { periodId: 'ASC' },
  });
  const uses: MonthUse[] = [];
  const of = (p: Period, how: string): MonthUse => ({ period: p.period, status: p.status, how });
  if (observed)
    uses.push(
      of(
        closed.find((p) => p.id === observed.periodId)!,
        'it has observations',
      ),
    );
  const versions = await em.find(IndicatorSetVersion, {
    relations: { set: true },
    order: { version: 'ASC' },
  });
  const plans = await closedPlans(em, closed);
  const bySet = new Map<number, IndicatorSetVersion[]>();
  for (const v of versions) bySet.set(v.setId, [...(bySet.get(v.setId) ?? []), v]);
  for (const p of closed) {
    for (const list of bySet.values()) {
      const v = inForce(list, p.period);
      const ind = v?.content.indicators?.find((i) => formulaUses(i.formula, input.code));
      if (v && ind)
        uses.push(of(p, `indicator ${ind.code} of set ${v.set.code} version ${v.version} uses it`));
    }
    const plan = plans.find(
      (x) => x.periodId === p.id && incentiveFormulas(x.definition).some((f) => formulaUses(f, input.code)),
    );
    if (plan) uses.push(of(p, `version ${plan.version} of its incentive plan uses it`));
  }
  return uses.sort((a, b) => a.period.localeCompare(b.period))[0] ?? null;
}

/**
 * Refuses a level or aggregate change, or a delete, of an input an approved or closed month uses: the level says whose values
 * it holds and the aggregate turns the month's observations into its value. Name and unit are labels.
 */
export async function assertInputChangeAllowed(
  em: EntityManager,
  input: InputDefinition,
  change: { level?: string; aggregate?: string } | 'delete',
): Promise<void> {
  const fields =
    change === 'delete'
      ? []
      : (['level', 'aggregate'] as const).filter((f) => change[f] !== undefined && change[f] !== input[f]);
  if (change !== 'delete' && !fields.length) return;
  const use = await closedUseOfInput(em, input);
  if (!use) return;
  const what = change === 'delete' ? 'it cannot be deleted' : `its ${fields.join(' and ')} cannot change`;
  throw new ClosedMonthError(
    `period ${use.period} is ${use.status} and input "${input.code}" is part of it (${use.how}): ${what}; ` +
      advice(use),
  );
}

// ---------------------------------------------------------------- departments and sites

/**
 * The first approved or closed period a department is part of, and how: staff of it active in the month, observations of
 * its own, or a pool of the month's incentive. Null when none.
 */
export async function closedUseOfDepartment(
  em: EntityManager,
  dept: Department,
  closed?: Period[],
): Promise<MonthUse | null> {
  closed ??= await signedOffPeriods(em);
  if (!closed.length) return null;
  const staff = await staffEverPlaced(em, { departmentId: dept.id });
  const observed = await em.findOne(Observation, {
    where: { departmentId: dept.id, periodId: In(closed.map((p) => p.id)) },
    order: { periodId: 'ASC' },
  });
  const plans = await closedPlans(em, closed);
  for (const p of closed) {
    const member = staff.find(
      (t) => t.at(p.period).departmentId === dept.id && activeDays(t.staff, p.period),
    );
    const use = (how: string): MonthUse => ({ period: p.period, status: p.status, how });
    if (member) return use(`staff "${member.staff.code}" of it was active in it`);
    if (observed?.periodId === p.id) return use('it has observations in it');
    const pooled = plans.find(
      (x) => x.periodId === p.id && (x.definition?.pools ?? []).some((pool) => pool.department === dept.code),
    );
    if (pooled) return use(`version ${pooled.version} of its incentive plan has a pool for it`);
  }
  return null;
}

/** Everyone placed in a department (or at a site) now or in an earlier placement, with their timelines. */
async function staffEverPlaced(
  em: EntityManager,
  where: { departmentId: number } | { siteId: number },
): Promise<StaffTimeline[]> {
  const now = await em.find(Staff, { select: { id: true }, where });
  const before = await em.find(StaffPlacement, { select: { staffId: true }, where });
  const ids = [...new Set([...now.map((s) => s.id), ...before.map((p) => p.staffId)])];
  return ids.length ? loadTimelines(em, await loadStaff(em, ids)) : [];
}

/**
 * Refuses a code or site change, or a delete, of a department an approved or closed month is made of: its code names it in
 * the month's results, pools and export; its site places it in the roll-up and the comparison across sites
 * (a site move). Name and parent are not read by scoring.
 */
export async function assertDepartmentChangeAllowed(
  em: EntityManager,
  dept: Department,
  change: { code?: string; siteId?: number | null } | 'delete',
): Promise<void> {
  const fields =
    change === 'delete'
      ? []
      : [
          change.code !== undefined && change.code !== dept.code && 'code',
          change.siteId !== undefined && change.siteId !== dept.siteId && 'site',
        ].filter((f): f is string => !!f);
  if (change !== 'delete' && !fields.length) return;
  const use = await closedUseOfDepartment(em, dept);
  if (!use) return;
  const what = change === 'delete' ? 'it cannot be deleted' : `its ${fields.join(' and ')} cannot change`;
  throw new ClosedMonthError(
    `period ${use.period} is ${use.status} and department "${dept.code}" is part of it (${use.how}): ${what}; ` +
      advice(use),
  );
}

/**
 * Refuses a code change or a delete of a site an approved or closed month uses: a department of it that the month is made
 * of, staff placed at it active in the month, or a site factor of the workload catalogue in force then.
 */
export async function assertSiteChangeAllowed(
  em: EntityManager,
  site: Site,
  change: { code?: string } | 'delete',
): Promise<void> {
  if (change !== 'delete' && (change.code === undefined || change.code === site.code)) return;
  const closed = await signedOffPeriods(em);
  if (!closed.length) return;
  const uses: MonthUse[] = [];
  for (const dept of await em.find(Department, { where: { siteId: site.id } })) {
    const use = await closedUseOfDepartment(em, dept, closed);
    if (use) uses.push({ ...use, how: `department "${dept.code}" of it is part of it` });
  }
  const placed = await staffEverPlaced(em, { siteId: site.id });
  const workloads = await em.find(WorkloadCatalogueVersion, { order: { version: 'ASC' } });
  for (const p of closed) {
    const member = placed.find((t) => t.at(p.period).siteId === site.id && activeDays(t.staff, p.period));
    const use = (how: string): MonthUse => ({ period: p.period, status: p.status, how });
    if (member) uses.push(use(`staff "${member.staff.code}" placed at it was active in it`));
    const w = inForce(workloads, p.period);
    if (w?.content.adjustments?.some((a) => a.site === site.code))
      uses.push(use(`workload version ${w.version} has site factors for it`));
  }
  const use = uses.sort((a, b) => a.period.localeCompare(b.period))[0];
  if (!use) return;
  const what = change === 'delete' ? 'it cannot be deleted' : 'its code cannot change';
  throw new ClosedMonthError(
    `period ${use.period} is ${use.status} and site "${site.code}" is part of it (${use.how}): ${what}; ` +
      advice(use),
  );
}

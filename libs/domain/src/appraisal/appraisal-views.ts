// The JSON shapes of feedback, plans and appeals. `staffId` in every shape is the staff member's code (the
// scorecard document's staff id, as in the results), never the database id.
import { EntityManager, In } from 'typeorm';
import {
  Appeal,
  Feedback,
  ImprovementPlan,
  PlanAction,
  PlanItem,
  Staff,
  type LocalNames,
} from '@app/persistence';

export function feedbackView(f: Feedback, code: string) {
  return {
    id: f.id,
    period: f.period,
    staffId: code,
    indicator: f.indicator,
    text: f.text,
    author: f.author,
    createdAt: f.createdAt,
  };
}

export type FeedbackView = ReturnType<typeof feedbackView>;

export function actionView(a: PlanAction) {
  return {
    id: a.id,
    kind: a.kind ?? 'task',
    what: a.what,
    owner: a.owner,
    dueDate: a.dueDate,
    status: a.status,
    /** A training's course and hours (null for a task); hours done and the day once it is done. */
    course: a.course ?? null,
    plannedHours: a.plannedHours ?? null,
    doneHours: a.doneHours ?? null,
    doneOn: a.doneOn ?? null,
  };
}

export type ActionView = ReturnType<typeof actionView>;

export function planItemView(i: PlanItem) {
  return {
    id: i.id,
    indicator: i.indicator,
    reason: i.reason,
    baselineScore: i.baselineScore,
    outcome: i.outcome,
    outcomePeriod: i.outcomePeriod,
    outcomeScore: i.outcomeScore,
    createdAt: i.createdAt,
  };
}

export type PlanItemView = ReturnType<typeof planItemView>;

const REASON_ORDER: Record<string, number> = { veto: 0, low_score: 1, manager: 2 };

/**
 * A plan's items in the order a manager discusses them: the vetoes, then the low scores lowest first, then what
 * managers added (each group in the order written).
 */
export function itemOrder(a: PlanItem, b: PlanItem): number {
  const byReason = (REASON_ORDER[a.reason] ?? 3) - (REASON_ORDER[b.reason] ?? 3);
  if (byReason) return byReason;
  if (a.reason === 'low_score' && a.baselineScore !== b.baselineScore)
    return (a.baselineScore ?? Infinity) - (b.baselineScore ?? Infinity);
  return a.id - b.id;
}

export function planView(p: ImprovementPlan, code: string, items: PlanItem[], actions: PlanAction[]) {
  return {
    id: p.id,
    period: p.period,
    staffId: code,
    status: p.status,
    createdBy: p.createdBy,
    createdAt: p.createdAt,
    items: [...items].sort(itemOrder).map(planItemView),
    actions: actions.map(actionView),
  };
}

export type PlanView = ReturnType<typeof planView>;

/** Plans with their items and actions (plans and actions in id order). */
export async function plansWithActions(
  em: EntityManager,
  plans: ImprovementPlan[],
  code: string,
): Promise<PlanView[]> {
  const ids = plans.map((p) => p.id);
  const [items, actions] = ids.length
    ? await Promise.all([
        em.getRepository(PlanItem).find({ where: { planId: In(ids) }, order: { id: 'ASC' } }),
        em.getRepository(PlanAction).find({ where: { planId: In(ids) }, order: { id: 'ASC' } }),
      ])
    : [[], []];
  return plans.map((p) =>
    planView(
      p,
      code,
      items.filter((i) => i.planId === p.id),
      actions.filter((a) => a.planId === p.id),
    ),
  );
}

export function appealView(a: Appeal, code: string) {
  return {
    id: a.id,
    period: a.period,
    staffId: code,
    department: a.department,
    indicators: a.indicators,
    reason: a.reason,
    /** The evidence of the month the appeal points at (ids of GET /api/v1/evidence/{id}). */
    evidence: a.evidence ?? [],
    status: a.status,
    deadline: a.deadline,
    decisionReason: a.decisionReason,
    decidedBy: a.decidedBy,
    decidedAt: a.decidedAt,
    runId: a.runId,
    adjustmentId: a.adjustmentId,
    createdAt: a.createdAt,
  };
}

export type AppealView = ReturnType<typeof appealView>;

/** Staff codes by staff id. */
export async function staffCodes(em: EntityManager, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const staff = await em
    .getRepository(Staff)
    .find({ select: { id: true, code: true }, where: { id: In([...new Set(ids)]) } });
  return new Map(staff.map((s) => [s.id, s.code]));
}

/** Who the staff ids are: code, name and employee number by staff id (an appeal's list shows names). */
export async function staffPeople(
  em: EntityManager,
  ids: number[],
): Promise<Map<number, { code: string; name: string; employeeNo: string }>> {
  if (!ids.length) return new Map();
  const out = new Map<number, { code: string; name: string; employeeNo: string }>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500)
    for (const s of await em.getRepository(Staff).find({
      select: { id: true, code: true, name: true, employeeNo: true },
      where: { id: In(unique.slice(i, i + 500)) },
    }))
      out.set(s.id, { code: s.code, name: s.name, employeeNo: s.employeeNo });
  return out;
}

/** A name as a definition carries it (a text, or `{zh, en}` since names became bilingual) as one text. */
export function nameTextOf(name: unknown): string {
  if (typeof name === 'string') return name;
  const n = name as { zh?: unknown; en?: unknown } | null | undefined;
  return typeof n?.zh === 'string' ? n.zh : typeof n?.en === 'string' ? n.en : '';
}

/**
 * The name per language of a definition, when it was given per language: its `names`, or its `name` when that is
 * `{zh, en}`; null for a plain text.
 */
export function namesOf(def: unknown): LocalNames | null {
  const d = def as { name?: unknown; names?: unknown } | null | undefined;
  const x = d?.names ?? d?.name;
  if (!x || typeof x !== 'object') return null;
  const out: LocalNames = {};
  for (const l of ['zh', 'en'] as const) {
    const v = (x as Record<string, unknown>)[l];
    if (typeof v === 'string') out[l] = v;
  }
  return out.zh === undefined && out.en === undefined ? null : out;
}

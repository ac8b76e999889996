// The JSON shapes of feedback, plans and appeals. `staffId` in every shape is the staff member's code (the
// scorecard document's staff id, as in the results), never the database id.
import { EntityManager, In } from 'typeorm';
import { Appeal, Feedback, ImprovementPlan, PlanAction, Staff } from '@app/persistence';

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
  return { id: a.id, what: a.what, owner: a.owner, dueDate: a.dueDate, status: a.status };
}

export type ActionView = ReturnType<typeof actionView>;

export function planView(p: ImprovementPlan, code: string, actions: PlanAction[]) {
  return {
    id: p.id,
    period: p.period,
    staffId: code,
    indicator: p.indicator,
    reason: p.reason,
    baselineScore: p.baselineScore,
    status: p.status,
    outcome: p.outcome,
    outcomePeriod: p.outcomePeriod,
    outcomeScore: p.outcomeScore,
    actions: actions.map(actionView),
    createdAt: p.createdAt,
  };
}

export type PlanView = ReturnType<typeof planView>;

/** Plans with their actions (in id order). */
export async function plansWithActions(
  em: EntityManager,
  plans: ImprovementPlan[],
  code: string,
): Promise<PlanView[]> {
  const actions = plans.length
    ? await em
        .getRepository(PlanAction)
        .find({ where: { planId: In(plans.map((p) => p.id)) }, order: { id: 'ASC' } })
    : [];
  return plans.map((p) =>
    planView(
      p,
      code,
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

// Training done against plans, per person, for an appraisal period (the annual appraisal's list: "培训与改进计划"):
// the improvement plans of the period's months and their training assignments, counted. The appraisal loop writes
// them (libs/domain/src/appraisal, docs/APPRAISAL.md); this concept sits beside it in the layer order and may not
// import it, so the tables are read here through their entities — the same rows and the same rule as the loop's
// yearly training list (a training belongs to its plan's month; "late" is done after its due date).
import { EntityManager, In } from 'typeorm';
import { ImprovementPlan, PlanAction, PlanItem } from '@app/persistence';
import { periodMonths } from '@app/scoring';

/** One person's plans and trainings of a period (or a department's sum of them). */
export interface AppraisalTraining {
  /** Improvement plans of the period's months (at most one a month), by status (提出 / 确认 / 关闭). */
  plans: { proposed: number; agreed: number; closed: number };
  /** Of those plans' items (an indicator each), the ones a later scored month judged improved (their `outcome`). */
  improved: number;
  /** Training assignments of those plans. */
  assigned: number;
  plannedHours: number;
  doneHours: number;
  /** Done by their due date, done after it, not done yet. */
  onTime: number;
  late: number;
  open: number;
}

export function emptyTraining(): AppraisalTraining {
  return {
    plans: { proposed: 0, agreed: 0, closed: 0 },
    improved: 0,
    assigned: 0,
    plannedHours: 0,
    doneHours: 0,
    onTime: 0,
    late: 0,
    open: 0,
  };
}

/** Sums of hours without binary noise (hours have at most one decimal). */
const hours = (x: number) => Math.round(x * 1e6) / 1e6;

/** `into` plus `t`, in place (a department's sum of its people's). */
export function addTraining(into: AppraisalTraining, t: AppraisalTraining): AppraisalTraining {
  into.plans.proposed += t.plans.proposed;
  into.plans.agreed += t.plans.agreed;
  into.plans.closed += t.plans.closed;
  into.improved += t.improved;
  into.assigned += t.assigned;
  into.plannedHours = hours(into.plannedHours + t.plannedHours);
  into.doneHours = hours(into.doneHours + t.doneHours);
  into.onTime += t.onTime;
  into.late += t.late;
  into.open += t.open;
  return into;
}

/** Ids per query: well under every database's limit of bound parameters. */
const BATCH = 500;

/**
 * The plans and trainings of the months of `period` of each of `staffIds` (internal staff ids: whatever code the
 * person had then), everyone listed (zeros without a plan). Reads only.
 */
export async function appraisalTraining(
  em: EntityManager,
  period: string,
  staffIds: readonly number[],
): Promise<Map<number, AppraisalTraining>> {
  const out = new Map<number, AppraisalTraining>();
  for (const id of staffIds) if (!out.has(id)) out.set(id, emptyTraining());
  const ids = [...out.keys()];
  const months = periodMonths(period);
  const plans: Pick<ImprovementPlan, 'id' | 'staffId' | 'status'>[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = In(ids.slice(i, i + BATCH));
    plans.push(
      ...(await em.getRepository(ImprovementPlan).find({
        select: { id: true, staffId: true, status: true },
        where: { staffId: batch, period: In(months) },
      })),
    );
    for (const item of await em.getRepository(PlanItem).find({
      select: { id: true, staffId: true },
      where: { staffId: batch, period: In(months), outcome: 'improved' },
    }))
      out.get(item.staffId)!.improved += 1;
  }
  const staffOf = new Map<number, number>();
  for (const p of plans) {
    out.get(p.staffId)!.plans[p.status] += 1;
    staffOf.set(p.id, p.staffId);
  }
  const planIds = [...staffOf.keys()];
  for (let i = 0; i < planIds.length; i += BATCH) {
    const actions = await em.getRepository(PlanAction).find({
      select: {
        planId: true,
        status: true,
        dueDate: true,
        plannedHours: true,
        doneHours: true,
        doneOn: true,
      },
      where: { planId: In(planIds.slice(i, i + BATCH)), kind: 'training' },
    });
    for (const a of actions) {
      const t = out.get(staffOf.get(a.planId)!)!;
      t.assigned += 1;
      t.plannedHours = hours(t.plannedHours + (a.plannedHours ?? 0));
      if (a.status === 'done') {
        t.doneHours = hours(t.doneHours + (a.doneHours ?? 0));
        // ISO dates compare as strings; a completion without its day counts as on time (nothing says late).
        if (a.doneOn && a.doneOn > a.dueDate) t.late += 1;
        else t.onTime += 1;
      } else t.open += 1;
    }
  }
  return out;
}

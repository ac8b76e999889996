// A month's incentive plan, versioned: every change makes a new version (the newest is the plan), a run pays
// with the version it recorded when it started, and an approved or closed month takes no new version (its
// results were approved with the plan they were paid with). The plan is the
// `incentive` section of the scorecard document: an import sets it, an export writes it back.
import { EntityManager } from 'typeorm';
import { IncentivePlan, Period, PLAN_SOURCES } from '@app/persistence';
import type { IncentiveDef } from '@app/scoring';
import { canonicalJson } from '../model';
import { PlanClosedError } from './period-errors';

/** The plan's newest version (null: the month never had a plan). */
export function latestPlan(em: EntityManager, periodId: number): Promise<IncentivePlan | null> {
  return em.findOne(IncentivePlan, { where: { periodId }, order: { version: 'DESC' } });
}

export function planVersions(em: EntityManager, periodId: number): Promise<IncentivePlan[]> {
  return em.find(IncentivePlan, { where: { periodId }, order: { version: 'ASC' } });
}

/**
 * Makes `definition` the month's plan: a new version when it differs from the newest (key order aside).
 * @returns the plan now in force (null: none) and whether a version was added
 * @throws PlanClosedError for an approved or closed month
 */
export async function savePlan(
  em: EntityManager,
  period: Period,
  definition: IncentiveDef | null,
  source: (typeof PLAN_SOURCES)[number],
  actor: string,
): Promise<{ plan: IncentivePlan | null; added: boolean; previous: IncentivePlan | null }> {
  const previous = await latestPlan(em, period.id);
  const same = canonicalJson(previous?.definition ?? null) === canonicalJson(definition);
  if (same) return { plan: previous, added: false, previous };
  if (period.status === 'closed' || period.status === 'approved')
    throw new PlanClosedError(period.period, period.status);
  const plan = await em.save(
    em.create(IncentivePlan, {
      periodId: period.id,
      period: period.period,
      version: (previous?.version ?? 0) + 1,
      definition,
      source,
      createdBy: actor.slice(0, 100),
      createdAt: new Date().toISOString(),
    }),
  );
  return { plan, added: true, previous };
}

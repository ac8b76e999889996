// Periods (months) with their status and incentive plan. The plan is versioned: every change adds a version
// (the newest is the plan; a run records the version it paid with), and an approved or closed month takes none.
// Runs, results and the lifecycle after scoring are not here (runs, PeriodLifecycleService).
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { IncentivePlan, Period, PeriodStatus } from '@app/persistence';
import type { IncentiveDef } from '@app/scoring';
import { audit, auditedWrite } from '../audit';
import { checkIncentivePlan } from './incentive-check';
import { latestPlan, planVersions, savePlan } from './incentive-plans';
import { PeriodExistsError, PeriodNotFoundError, PeriodStatusError } from './period-errors';
import { assertInIntakeWindow } from './month-window';

export interface PeriodView {
  period: string;
  status: PeriodStatus;
  incentive: IncentiveDef | null;
  planVersion: number | null;
}

export interface PlanVersionView {
  version: number;
  incentive: IncentiveDef | null;
  source: string;
  createdBy: string;
  createdAt: string;
}

/** What a request sets: the plan (null removes it; undefined leaves it). */
export interface PeriodChange {
  incentive?: IncentiveDef | null;
}

export function periodView({ period, status }: Period, plan: IncentivePlan | null): PeriodView {
  return { period, status, incentive: plan?.definition ?? null, planVersion: plan?.version ?? null };
}

export function planView(p: IncentivePlan): PlanVersionView {
  const { version, definition, source, createdBy, createdAt } = p;
  return { version, incentive: definition, source, createdBy, createdAt };
}

@Injectable()
export class PeriodsService {
  constructor(private readonly ds: DataSource) {}

  /** Every period, oldest first, with its plan in force. */
  async list(): Promise<PeriodView[]> {
    const em = this.ds.manager;
    const periods = await em.find(Period, { order: { period: 'ASC' } });
    return Promise.all(periods.map(async (p) => periodView(p, await latestPlan(em, p.id))));
  }

  async get(period: string): Promise<PeriodView> {
    const row = await findPeriod(this.ds.manager, period);
    return periodView(row, await latestPlan(this.ds.manager, row.id));
  }

  /** Every version of the month's plan, oldest first (the last is in force). */
  async plans(period: string): Promise<PlanVersionView[]> {
    const row = await findPeriod(this.ds.manager, period);
    return (await planVersions(this.ds.manager, row.id)).map(planView);
  }

  /** Opens a period (status open), with its plan as version 1 when one is given. */
  open(input: PeriodChange & { period: string }, actor: string): Promise<PeriodView> {
    // Only months around today open (the intake window): a mistyped year opens nothing.
    assertInIntakeWindow(input.period);
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: 'period.create', entity: 'period' }, async (tx) => {
        if (await tx.findOne(Period, { where: { period: input.period } }))
          throw new PeriodExistsError(input.period);
        const incentive = await checked(tx, input.incentive, input.period);
        const row = await tx.save(tx.create(Period, { period: input.period, status: 'open' }));
        const { plan } = await savePlan(tx, row, incentive, 'api', actor);
        const after = periodView(row, plan);
        return { result: after, entityKey: row.period, after };
      }),
    );
  }

  /**
   * Replaces (or with null, removes) the plan: a new version when it differs. A closed month is refused, and so
   * is a new version for an approved one (savePlan: an unchanged plan is no change, so it answers as before).
   */
  update(period: string, change: PeriodChange, actor: string): Promise<PeriodView> {
    return this.ds.transaction(async (em) => {
      const row = await findPeriod(em, period);
      if (row.status === 'closed')
        throw new PeriodStatusError(`period ${period} is closed: it can no longer change`);
      if (change.incentive === undefined) return periodView(row, await latestPlan(em, row.id));
      const incentive = await checked(em, change.incentive, period);
      const { plan, added, previous } = await savePlan(em, row, incentive, 'api', actor);
      // An unchanged plan adds no version, and so no audit entry.
      if (added)
        await audit(em, {
          actor,
          action: 'incentivePlan.version.create',
          entity: 'incentivePlan',
          entityKey: row.period,
          before: previous ? planView(previous) : null,
          after: planView(plan!),
        });
      return periodView(row, plan);
    });
  }
}

async function findPeriod(em: EntityManager, period: string): Promise<Period> {
  const row = await em.findOne(Period, { where: { period } });
  if (!row) throw new PeriodNotFoundError(period);
  return row;
}

async function checked(
  em: EntityManager,
  incentive: IncentiveDef | null | undefined,
  period: string,
): Promise<IncentiveDef | null> {
  if (incentive === undefined || incentive === null) return null;
  await checkIncentivePlan(em, incentive, period);
  return incentive;
}

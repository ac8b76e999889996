// A period's lifecycle after scoring: scored → approved (HR signs the numbers off: no more runs, no more data)
// → closed (posted to payroll: nothing about the month changes again; corrections go through adjustments). Each
// step checks the status, moves it, and writes its audit entry in one transaction; closing also freezes the
// indicator set versions and the workload version the month was scored with, so they are never edited in place.
// Approval is gated: the month's latest regular run must be completed, be its current results, and have scored
// the month's current data (its data version); a run with errors is approved only when HR accepts the issues with
// a reason, which the audit entry keeps; a month that scored nobody is never approved.
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, LessThanOrEqual } from 'typeorm';
import {
  IndicatorSetVersion,
  Period,
  PeriodStatus,
  ScoringRun,
  StaffResultRow,
  WorkloadCatalogueVersion,
} from '@app/persistence';
import { auditedWrite } from '../audit';
import { findInForce, InvalidError } from '../model';
import { PeriodNotFoundError, PeriodStatusError } from './period-errors';

export interface PeriodStateView {
  period: string;
  status: PeriodStatus;
  currentRunId: string | null;
}

/** What a period in each status still needs before it can be approved or closed. */
const NEXT_STEP: Record<PeriodStatus, string> = {
  open: 'score it first (POST /api/v1/periods/{period}/runs)',
  scored: 'approve it first (POST /api/v1/periods/{period}/approve)',
  approved: 'close it (POST /api/v1/periods/{period}/close)',
  closed: 'it is closed for good; corrections go through adjustments',
};

@Injectable()
export class PeriodLifecycleService {
  constructor(private readonly ds: DataSource) {}

  /** scored → approved, in its own transaction. */
  approve(period: string, actor: string, acceptance: ApprovalAcceptance = {}): Promise<PeriodStateView> {
    return this.ds.transaction((em) => this.approveWith(em, period, actor, acceptance));
  }

  /** approved → closed, in its own transaction. */
  close(period: string, actor: string): Promise<PeriodStateView> {
    return this.ds.transaction((em) => this.closeWith(em, period, actor));
  }

  /**
   * scored → approved in the caller's transaction: refused while a run of the month is still going, when its
   * latest run failed, is not its current results or scored older data, scored nobody, or has errors that HR did
   * not accept (with a reason).
   */
  async approveWith(
    em: EntityManager,
    period: string,
    actor: string,
    acceptance: ApprovalAcceptance = {},
  ): Promise<PeriodStateView> {
    const p = await lockPeriod(em, period);
    if (p.status !== 'scored')
      throw new PeriodStatusError(
        `period ${period} is ${p.status}: only a scored period can be approved; ${nextStep(p)}`,
      );
    // A run still going would move the results under the approval: wait for it.
    const active = await em.getRepository(ScoringRun).findOneBy({ activePeriod: period });
    if (active)
      throw new PeriodStatusError(
        `period ${period} has run ${active.id} ${active.status}: wait for it to finish, then approve`,
      );
    const run = await approvableRun(em, p);
    const issues = await runIssues(em, run.id);
    let accepted: { reason: string } | undefined;
    if (issues.errors > 0) {
      if (acceptance.acceptIssues !== true)
        throw new PeriodStatusError(
          `run ${run.id} of ${period} has ${issues.errors} staff with an error and no result ` +
            `(${issues.missingData} of them failed by missing data): correct the data and run again, or approve ` +
            'with {"acceptIssues": true, "reason": "…"} to accept them',
        );
      const reason = acceptance.reason?.trim();
      if (!reason) throw new InvalidError('reason: accepting the issues of a run needs a reason');
      accepted = { reason };
    }
    return transition(em, p, 'approved', actor, {
      runId: run.id,
      dataVersion: run.dataVersion,
      issues,
      ...(accepted ? { acceptedIssues: accepted } : {}),
    });
  }

  /** approved → closed in the caller's transaction, freezing the configuration the month was scored with. */
  async closeWith(em: EntityManager, period: string, actor: string): Promise<PeriodStateView> {
    const p = await lockPeriod(em, period);
    if (p.status !== 'approved')
      throw new PeriodStatusError(
        `period ${period} is ${p.status}: only an approved period can be closed; ${nextStep(p)}`,
      );
    const frozen = await freezeConfiguration(em, period);
    return transition(em, p, 'closed', actor, frozen);
  }
}

/** HR's acceptance of a run's issues at approval (both needed when the run has any). */
export interface ApprovalAcceptance {
  acceptIssues?: boolean;
  reason?: string;
}

/** What is wrong with a run's results: staff with an error (no result), and of them those failed by missing data. */
export interface RunIssues {
  errors: number;
  missingData: number;
}

/** The month's latest regular run, when it may be approved: completed, current, on the current data, not empty. */
async function approvableRun(em: EntityManager, p: Period): Promise<ScoringRun> {
  const run = await em.getRepository(ScoringRun).findOne({
    where: { period: p.period, kind: 'regular' },
    order: { createdAt: 'DESC' },
  });
  const again = `run it again (POST /api/v1/periods/${p.period}/runs), then approve`;
  if (!run) throw new PeriodStatusError(`period ${p.period} has no run: ${again}`);
  if (run.status !== 'completed')
    throw new PeriodStatusError(
      `the latest run ${run.id} of ${p.period} is ${run.status}${run.error ? ` (${run.error})` : ''}: ${again}`,
    );
  if (p.currentRunId !== run.id)
    throw new PeriodStatusError(
      `the latest run ${run.id} of ${p.period} is not the month's current results (${p.currentRunId ?? 'none'}): ${again}`,
    );
  if (run.dataVersion !== p.dataVersion)
    throw new PeriodStatusError(
      `period ${p.period}: data changed since run ${run.id} (it scored data version ${run.dataVersion ?? 'unknown'}, ` +
        `the month is at ${p.dataVersion}): ${again}`,
    );
  if (run.total === 0)
    throw new PeriodStatusError(
      `run ${run.id} of ${p.period} scored nobody (no staff active with an indicator set): an empty month is not approved`,
    );
  return run;
}

/** Counts a run's staff with an error; missing data = the engine's two missing-input errors. */
async function runIssues(em: EntityManager, runId: string): Promise<RunIssues> {
  const count = (missingOnly: boolean) => {
    const q = em
      .getRepository(StaffResultRow)
      .createQueryBuilder('r')
      .where('r.run_id = :runId', { runId })
      .andWhere('r.error IS NOT NULL');
    if (missingOnly)
      q.andWhere("(r.error LIKE '%is missing%' OR r.error LIKE '%every input it needs is missing%')");
    return q.getCount();
  };
  return { errors: await count(false), missingData: await count(true) };
}

/** Marks the set versions and the workload version in force for the period frozen; returns their ids. */
async function freezeConfiguration(em: EntityManager, period: string) {
  // In force = per set, the highest version effective from the period or before (as loadPeriodConfig chooses;
  // read here one query at a time, since loadPeriodConfig's parallel reads cannot share a transaction's client).
  const versions = await em.getRepository(IndicatorSetVersion).find({
    where: { effectiveFrom: LessThanOrEqual(period) },
    order: { version: 'ASC' },
  });
  const bySet = new Map(versions.map((v) => [v.setId, v.id]));
  const setVersionIds = [...bySet.values()];
  if (setVersionIds.length)
    await em.getRepository(IndicatorSetVersion).update({ id: In(setVersionIds) }, { frozen: true });
  const workload = await findInForce(em, WorkloadCatalogueVersion, period);
  if (workload)
    await em.getRepository(WorkloadCatalogueVersion).update({ id: workload.id }, { frozen: true });
  return {
    frozenSetVersionIds: setVersionIds.sort((a, b) => a - b),
    frozenWorkloadVersionId: workload?.id ?? null,
  };
}

function transition(
  em: EntityManager,
  p: Period,
  to: PeriodStatus,
  actor: string,
  extra: object,
): Promise<PeriodStateView> {
  const action = to === 'approved' ? 'period.approve' : 'period.close';
  return auditedWrite(em, actor, { action, entity: 'period' }, async (tx) => {
    const before = view(p);
    // Conditional on the status read: a concurrent transition makes this one affect nothing, and fail.
    const res = await tx.getRepository(Period).update({ id: p.id, status: p.status }, { status: to });
    if (res.affected === 0)
      throw new PeriodStatusError(`period ${p.period} changed status meanwhile: read it again`);
    const after = { ...before, status: to };
    return { result: after, entityKey: p.period, before, after: { ...after, ...extra } };
  });
}

/** The period row, locked against concurrent transitions where the database can (PostgreSQL). */
async function lockPeriod(em: EntityManager, period: string): Promise<Period> {
  const qb = em.getRepository(Period).createQueryBuilder('p').where('p.period = :period', { period });
  if (em.connection.options.type === 'postgres') qb.setLock('pessimistic_write');
  const p = await qb.getOne();
  if (!p) throw new PeriodNotFoundError(period);
  return p;
}

function nextStep(p: Period): string {
  return NEXT_STEP[p.status].replace('{period}', p.period);
}

function view(p: Period): PeriodStateView {
  return { period: p.period, status: p.status, currentRunId: p.currentRunId };
}

// Appeals: a person appeals indicators of their month within the appeal window (APPEAL_WINDOW_DAYS after the
// month's current run finished), one open appeal per person and month; HR and managers list them (a manager their
// departments' only); HR decides. Rejecting needs a reason. Accepting re-scores the month: on an open or scored
// month the given measurements are corrected values (one `appeal` batch, in the decision's transaction): an input's
// row becomes a value correction that replaces the month's value (a `sum` input corrected from 5.9 to 3 reads 3,
// not 8.9), a task count is recorded as before; then a new run of the month starts. An approved month is signed
// off (refused: adjust it after closing); on a closed month the given corrections become an adjustment.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, FindOptionsWhere, In, IsNull, LessThan, QueryFailedError } from 'typeorm';
import { Appeal, AppealStatus, Period, ScoringRun } from '@app/persistence';
import { audit, auditedWrite } from '../audit';
import {
  checkCitedEvidence,
  checkCorrections,
  CorrectionsInvalidError,
  correctionViews,
  lockMonthForCorrection,
  openBatch,
  recordMeasurements,
  sha256OfJson,
  storeCorrections,
} from '../documents';
import { bumpDataVersion } from '../periods';
import { startAdjustmentRun } from '../pay';
import { findActiveRun, RunsService } from '../runs';
import { AppraisalConflictError, AppraisalInvalidError, AppraisalNotFoundError } from './appraisal-errors';
import { APPRAISAL_OPTIONS, AppraisalOptions } from './appraisal-options';
import type { Lang } from '@app/scoring';
import { appealDetail, AppealDetail } from './appeal-detail';
import { appealView, AppealView, staffCodes, staffPeople } from './appraisal-views';
import { myStaffId } from './my-months.service';
import { author, Caller, indicatorCodes, staffMonth, StaffMonth, Viewer } from './staff-month';

const DAY_MS = 86_400_000;
/**
 * How long a decision's claim on an appeal holds (see claim()): a decision takes well under a second; a claim left
 * by a process that died mid-decision frees the appeal after this.
 */
const CLAIM_MS = 5 * 60_000;

export interface AppealRequest {
  /** Indicator codes of the person's result of the month. */
  indicators: string[];
  reason: string;
  /** Ids of evidence of the person's month the appeal points at (each checked to be theirs, else 400). */
  evidence?: number[];
}

export interface AppealsQuery {
  status?: AppealStatus;
  period?: string;
}

export interface AppealDecision {
  decision: 'accept' | 'reject';
  reason: string;
  /**
   * Accepting on an open or scored month: measurement rows (as the measurements intake takes them), dated in the
   * appeal's month; an input's row sets the month's value (a value correction), a task's row adds a count.
   */
  measurements?: unknown[];
  /** Accepting on a closed month: the adjustment's corrections. */
  corrections?: unknown[];
}

/** An appeal as listed: with the person's name and employee number. */
export type ListedAppeal = AppealView & { staffName: string; employeeNo: string };

/** An appeal after a decision or a run request; `runError` when its re-run could not start. */
export type DecidedAppeal = AppealView & { runError?: string };

type Decided = Pick<Appeal, 'decisionReason' | 'decidedBy' | 'decidedAt' | 'openKey'>;

@Injectable()
export class AppealsService {
  constructor(
    private readonly ds: DataSource,
    private readonly runs: RunsService,
    @Inject(APPRAISAL_OPTIONS) private readonly options: AppraisalOptions,
  ) {}

  /** Appeals, oldest first (a manager: their departments' staff only), each with the person's name. */
  async list(user: Viewer, query: AppealsQuery): Promise<ListedAppeal[]> {
    const where: FindOptionsWhere<Appeal> = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.period ? { period: query.period } : {}),
      ...(user.role === 'dept_manager' ? { department: In(user.departments) } : {}),
    };
    const appeals = await this.ds.getRepository(Appeal).find({ where, order: { id: 'ASC' }, take: 5000 });
    const people = await staffPeople(
      this.ds.manager,
      appeals.map((a) => a.staffId),
    );
    return appeals.map((a) => {
      const who = people.get(a.staffId);
      return {
        ...appealView(a, who?.code ?? ''),
        staffName: who?.name ?? '',
        employeeNo: who?.employeeNo ?? '',
      };
    });
  }

  /**
   * One appeal with what its decision form needs (appeal-detail.ts): the person, the appealed indicators with
   * their inputs' current values and aggregates, the evidence, and after a decision the re-run or adjustment.
   */
  detail(user: Viewer, id: number, lang?: Lang): Promise<AppealDetail> {
    return appealDetail(this.ds.manager, user, id, lang);
  }

  /** The signed-in person appeals indicators of their month; audited `appeal.create`. */
  async create(caller: Caller, period: string, request: AppealRequest): Promise<AppealView> {
    const staffId = myStaffId(caller.user);
    try {
      return await this.ds.transaction((em) =>
        auditedWrite(em, caller.actor, { action: 'appeal.create', entity: 'appeal' }, async (tx) => {
          const month = await staffMonth(tx, caller.user, period, { staffId });
          const codes = indicatorCodes(month.result);
          const unknown = request.indicators.filter((c) => !codes.includes(c));
          if (unknown.length)
            throw new AppraisalInvalidError(
              `indicator(s) ${unknown.join(', ')} are not in your result of ${period} (${codes.join(', ') || 'none'})`,
            );
          const cited = [...new Set(request.evidence ?? [])].sort((a, b) => a - b);
          await checkCitedEvidence(tx, month.period.id, staffId, cited);
          const deadline = await this.deadline(tx, month);
          const now = new Date().toISOString();
          if (now > deadline)
            throw new AppraisalConflictError(`the appeal window of ${period} closed at ${deadline}`);
          const repo = tx.getRepository(Appeal);
          if (await repo.findOneBy({ staffId, period, status: 'open' }))
            throw new AppraisalConflictError(`you have an open appeal for ${period} already`);
          const saved = await repo.save(
            repo.create({
              staffId,
              period,
              department: month.row.department,
              indicators: [...new Set(request.indicators)],
              reason: request.reason,
              evidence: cited.length ? cited : null,
              status: 'open',
              openKey: `${staffId}:${period}`,
              deadline,
              decisionReason: null,
              decidedBy: null,
              decidedAt: null,
              runId: null,
              adjustmentId: null,
              createdBy: author(caller.user),
              createdAt: now,
            }),
          );
          const view = appealView(saved, month.staff.code);
          return { result: view, entityKey: String(saved.id), after: view };
        }),
      );
    } catch (e) {
      // Two appeals at once: the second meets the unique key of open appeals.
      if (e instanceof QueryFailedError)
        throw new AppraisalConflictError(`you have an open appeal for ${period} already`);
      throw e;
    }
  }

  /** HR's decision on an open appeal (see the file's header for what accepting does). */
  async decide(caller: Caller, id: number, decision: AppealDecision): Promise<DecidedAppeal> {
    const appeal = await this.ds.getRepository(Appeal).findOneBy({ id });
    if (!appeal) throw new AppraisalNotFoundError(`no appeal ${id}`);
    if (appeal.status !== 'open')
      throw new AppraisalConflictError(`appeal ${id} was ${appeal.status} already`);
    const decided: Decided = {
      decisionReason: decision.reason,
      decidedBy: caller.user?.username ?? caller.actor,
      decidedAt: new Date().toISOString(),
      openKey: null,
    };
    if (decision.decision === 'reject' && !decision.reason.trim())
      throw new AppraisalInvalidError('a rejection needs a reason');
    // The decision's first write: only one decision proceeds, so parallel accepts make one adjustment (or one
    // re-run), not one each with the others failed afterwards.
    await this.claim(id, decided);
    try {
      if (decision.decision === 'reject') {
        await this.ds.transaction((em) =>
          this.close(em, caller.actor, id, { ...decided, status: 'rejected' }),
        );
        return await this.view(id);
      }
      const period = await this.ds.getRepository(Period).findOneBy({ period: appeal.period });
      if (!period) throw new AppraisalNotFoundError(`no period ${appeal.period}`);
      if (period.status === 'approved')
        throw new AppraisalConflictError(
          `${appeal.period} is approved (signed off): correct it with an adjustment after closing`,
        );
      if (period.status === 'closed') return await this.acceptAsAdjustment(caller, appeal, decided, decision);
      return await this.acceptAndRerun(caller, appeal, decided, decision.measurements);
    } finally {
      // Decided: the appeal is no longer open and this matches nothing. Refused: the appeal is open again.
      await this.release(id, decided);
    }
  }

  /**
   * Claims the open appeal for this decision: a conditional update (decidedAt/decidedBy set while it is still
   * open and unclaimed, or its claim is older than CLAIM_MS), which one request of several at once wins; the
   * others get 409 and write nothing. close() decides only the appeal this decision claimed.
   * @throws AppraisalConflictError when another decision holds the appeal or decided it meanwhile
   */
  private async claim(id: number, decided: Decided): Promise<void> {
    const stale = new Date(Date.now() - CLAIM_MS).toISOString();
    const repo = this.ds.getRepository(Appeal);
    const mark = { decidedAt: decided.decidedAt, decidedBy: decided.decidedBy };
    const res = await repo.update({ id, status: 'open', decidedAt: IsNull() }, mark);
    if (res.affected) return;
    const taken = await repo.update({ id, status: 'open', decidedAt: LessThan(stale) }, mark);
    if (!taken.affected)
      throw new AppraisalConflictError(`appeal ${id} is being decided or was decided meanwhile`);
  }

  /** Gives up this decision's claim on an appeal still open (a refused decision). */
  private async release(id: number, decided: Decided): Promise<void> {
    await this.ds
      .getRepository(Appeal)
      .update(
        { id, status: 'open', decidedAt: decided.decidedAt!, decidedBy: decided.decidedBy! },
        { decidedAt: null, decidedBy: null },
      );
  }

  /** Starts the re-run of an accepted appeal whose run could not start when it was decided. */
  async startRun(caller: Caller, id: number): Promise<DecidedAppeal> {
    const appeal = await this.ds.getRepository(Appeal).findOneBy({ id });
    if (!appeal) throw new AppraisalNotFoundError(`no appeal ${id}`);
    if (appeal.status !== 'accepted')
      throw new AppraisalConflictError(`appeal ${id} is ${appeal.status}, not accepted`);
    if (appeal.runId !== null || appeal.adjustmentId !== null)
      throw new AppraisalConflictError(
        `appeal ${id} has its run already (${appeal.runId ?? `adjustment ${appeal.adjustmentId}`})`,
      );
    return this.run(caller.actor, id, appeal.period);
  }

  /** A closed month: the corrections become an adjustment, computed by its own run. */
  private async acceptAsAdjustment(
    caller: Caller,
    appeal: Appeal,
    decided: Decided,
    decision: AppealDecision,
  ): Promise<DecidedAppeal> {
    const { adjustment, run } = await startAdjustmentRun(
      this.ds,
      this.runs,
      appeal.period,
      { reason: `appeal ${appeal.id}: ${decision.reason}`.slice(0, 2000), corrections: decision.corrections },
      caller.actor,
    );
    const change = { ...decided, status: 'accepted' as const, adjustmentId: adjustment.id, runId: run.id };
    await this.ds.transaction((em) => this.close(em, caller.actor, appeal.id, change));
    return this.view(appeal.id);
  }

  /**
   * An open or scored month: the decision and its measurements are stored together, then the month runs again.
   * A run that cannot start now (the queue unreachable, a run started meanwhile) leaves the appeal accepted
   * without a run, which `startRun` starts later.
   */
  private async acceptAndRerun(
    caller: Caller,
    appeal: Appeal,
    decided: Decided,
    measurements: unknown[] | undefined,
  ): Promise<DecidedAppeal> {
    const active = await findActiveRun(this.ds, appeal.period);
    if (active)
      throw new AppraisalConflictError(
        `period ${appeal.period} has a run in progress (${active.id}): wait for it`,
      );
    await this.ds.transaction(async (em) => {
      if (measurements?.length)
        await this.recordFor(em, caller.actor, appeal, decided.decisionReason ?? '', measurements);
      await this.close(em, caller.actor, appeal.id, { ...decided, status: 'accepted' });
    });
    try {
      return await this.run(caller.actor, appeal.id, appeal.period);
    } catch (e) {
      const runError = e instanceof Error ? e.message : String(e);
      await audit(this.ds.manager, {
        actor: caller.actor,
        action: 'appeal.run_failed',
        entity: 'appeal',
        entityKey: String(appeal.id),
        after: { error: runError },
      });
      return { ...(await this.view(appeal.id)), runError };
    }
  }

  /**
   * The appeal's measurements, dated in its month, as one `appeal` batch in the decision's transaction: input rows
   * become value corrections (reason: the appeal and the decision's reason), task rows observations; the month
   * is locked for the change and its data version raised. Audited `correction.create`.
   */
  private async recordFor(
    em: EntityManager,
    actor: string,
    appeal: Appeal,
    reason: string,
    measurements: unknown[],
  ) {
    const badDates = measurements.flatMap((m, i) => {
      const date = (m as { date?: unknown } | null)?.date;
      return date === undefined || (typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date))
        ? []
        : [{ row: i + 1, field: 'date', message: `must be a date YYYY-MM-DD, got ${JSON.stringify(date)}` }];
    });
    if (badDates.length) throw new CorrectionsInvalidError(badDates);
    const outside = [
      ...new Set(
        measurements
          .map((m) => (m as { date?: unknown } | null)?.date)
          .filter((d): d is string => typeof d === 'string' && d.slice(0, 7) !== appeal.period)
          .map((d) => d.slice(0, 7)),
      ),
    ];
    if (outside.length)
      throw new AppraisalInvalidError(
        `measurements for an appeal of ${appeal.period} must be dated in it, not in ${outside.join(', ')}`,
      );
    const isTask = (m: unknown) => typeof m === 'object' && m !== null && 'task' in m && !('input' in m);
    const rowNumbers = (pick: boolean) =>
      measurements.map((m, i) => (isTask(m) === pick ? i + 1 : 0)).filter((n) => n > 0);
    const tasks = measurements.filter((m) => isTask(m));
    const why = `appeal ${appeal.id}: ${reason}`.trim().slice(0, 2000);
    // An input's row as a correction: the month is the appeal's, the mode does not apply to a set value.
    const inputs = measurements
      .filter((m) => !isTask(m))
      .map((m) => {
        if (typeof m !== 'object' || m === null) return m;
        const rest: Record<string, unknown> = { ...m };
        delete rest.date;
        delete rest.mode;
        return { ...rest, reason: why };
      });
    const checked = await checkCorrections(em, inputs, { rowNumbers: rowNumbers(false) });
    const period = await em.getRepository(Period).findOneByOrFail({ period: appeal.period });
    await lockMonthForCorrection(em, period);
    const what = { action: 'correction.create', entity: 'correction' };
    return auditedWrite(em, actor, what, async (tx) => {
      const batch = await openBatch(
        tx,
        actor,
        { source: 'appeal', sha256: sha256OfJson(measurements) },
        [period],
        measurements.length,
      );
      const stored = await storeCorrections(tx, period.id, checked, { id: batch.id, actor });
      const counts = tasks.length
        ? await recordMeasurements(tx, tasks, {
            source: 'api',
            enteredBy: actor,
            batchId: batch.id,
            rowNumbers: rowNumbers(true),
          })
        : { stored: 0 };
      await bumpDataVersion(tx, [period.id]);
      const views = await correctionViews(
        tx,
        appeal.period,
        stored.map((c) => c.correction),
      );
      const after = { appeal: appeal.id, batchId: batch.id, corrections: views, taskCounts: counts.stored };
      return { result: undefined, entityKey: `appeal ${appeal.id}`, after };
    });
  }

  /** Decides the appeal, only if it is still open; audited `appeal.decide`. */
  private close(em: EntityManager, actor: string, id: number, change: Partial<Appeal>): Promise<void> {
    return auditedWrite(em, actor, { action: 'appeal.decide', entity: 'appeal' }, async (tx) => {
      // Only the appeal this decision claimed (claim() set these two).
      const mine = { decidedAt: change.decidedAt!, decidedBy: change.decidedBy! };
      const res = await tx.getRepository(Appeal).update({ id, status: 'open', ...mine }, change);
      if (!res.affected) throw new AppraisalConflictError(`appeal ${id} was decided meanwhile`);
      const after = { ...change };
      delete after.openKey;
      return { result: undefined, entityKey: String(id), after };
    });
  }

  /** Starts the month's run for an accepted appeal and links it; audited `appeal.run`. */
  private async run(actor: string, id: number, period: string): Promise<DecidedAppeal> {
    const { run } = await this.runs.start(period, 'manual', actor);
    await this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: 'appeal.run', entity: 'appeal' }, async (tx) => {
        await tx.getRepository(Appeal).update({ id }, { runId: run.id });
        return { result: undefined, entityKey: String(id), after: { runId: run.id } };
      }),
    );
    return this.view(id);
  }

  /** The month's current run's finish plus the appeal window. */
  private async deadline(em: EntityManager, month: StaffMonth): Promise<string> {
    const run = await em.getRepository(ScoringRun).findOneBy({ id: month.period.currentRunId! });
    const finished = Date.parse(run?.finishedAt ?? new Date().toISOString());
    return new Date(finished + this.options.appealWindowDays * DAY_MS).toISOString();
  }

  private async view(id: number): Promise<AppealView> {
    const appeal = await this.ds.getRepository(Appeal).findOneByOrFail({ id });
    const codes = await staffCodes(this.ds.manager, [appeal.staffId]);
    return appealView(appeal, codes.get(appeal.staffId) ?? '');
  }
}

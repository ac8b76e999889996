// Improvement plans and their actions. The run's follow-up proposes plans for weak indicators; here HR and the
// person's department manager add their own (reason "manager", one per person, month and indicator), agree or
// close plans, and add and tick off actions. A closed plan takes no more changes. An action may be a training
// assignment (training.service.ts: its rules, and the hours done feeding the month's input).
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ImprovementPlan, PlanAction } from '@app/persistence';
import { auditedWrite } from '../audit';
import { AppraisalConflictError, AppraisalInvalidError, AppraisalNotFoundError } from './appraisal-errors';
import { APPRAISAL_OPTIONS, AppraisalOptions } from './appraisal-options';
import { actionView, ActionView, plansWithActions, PlanView } from './appraisal-views';
import { author, Caller, checkIndicator, staffMonth, Viewer, visiblePlan } from './staff-month';
import {
  actionKindFields,
  ActionKindRequest,
  TrainingCompletion,
  TrainingFeed,
  TrainingService,
} from './training.service';

/** A task (`what`), or a training (`kind: 'training'`, course, plannedHours; `what` defaults to the course). */
export interface PlanActionRequest extends ActionKindRequest {
  owner: string;
  dueDate: string;
}

/** An action's status changed; a training's also says whether its hours reached the month's input. */
export type ActionStatusView = ActionView & Partial<TrainingFeed>;

export interface PlanRequest {
  indicator: string;
  actions?: PlanActionRequest[];
}

@Injectable()
export class PlansService {
  private readonly training: TrainingService;

  constructor(
    private readonly ds: DataSource,
    @Optional() @Inject(APPRAISAL_OPTIONS) options?: AppraisalOptions,
  ) {
    this.training = new TrainingService(ds, options);
  }

  /** The plans of `code`'s month with their actions. */
  async list(user: Viewer | undefined, period: string, code: string): Promise<PlanView[]> {
    const month = await staffMonth(this.ds.manager, user, period, { code });
    const plans = await this.ds
      .getRepository(ImprovementPlan)
      .find({ where: { staffId: month.staff.id, period }, order: { id: 'ASC' } });
    return plansWithActions(this.ds.manager, plans, code);
  }

  /** A manager's plan for one indicator of the month, proposed, with its first actions; audited `plan.create`. */
  create(caller: Caller, period: string, code: string, request: PlanRequest): Promise<PlanView> {
    return this.ds.transaction((em) =>
      auditedWrite(em, caller.actor, { action: 'plan.create', entity: 'plan' }, async (tx) => {
        const month = await staffMonth(tx, caller.user, period, { code });
        checkIndicator(month, request.indicator);
        const plans = tx.getRepository(ImprovementPlan);
        const existing = await plans.findOneBy({
          staffId: month.staff.id,
          period,
          indicator: request.indicator,
        });
        if (existing)
          throw new AppraisalConflictError(
            `${code} has a plan for ${request.indicator} in ${period} already (plan ${existing.id})`,
          );
        const indicator =
          'error' in month.result
            ? undefined
            : month.result.indicators.find((i) => i.code === request.indicator);
        const now = new Date().toISOString();
        const plan = await plans.save(
          plans.create({
            staffId: month.staff.id,
            period,
            indicator: request.indicator,
            reason: 'manager',
            baselineScore: indicator?.score ?? null,
            status: 'proposed',
            outcome: null,
            outcomePeriod: null,
            outcomeScore: null,
            createdBy: author(caller.user),
            createdAt: now,
          }),
        );
        const actions = tx.getRepository(PlanAction);
        for (const a of request.actions ?? [])
          await actions.save(
            actions.create({
              planId: plan.id,
              ...actionKindFields(a),
              owner: a.owner,
              dueDate: a.dueDate,
              status: 'open',
              createdBy: author(caller.user),
              createdAt: now,
            }),
          );
        const [view] = await plansWithActions(tx, [plan], code);
        return { result: view, entityKey: String(plan.id), after: view };
      }),
    );
  }

  /** Agrees or closes a plan (a closed one stays closed); audited `plan.status`. */
  setStatus(caller: Caller, id: number, status: 'agreed' | 'closed'): Promise<PlanView> {
    return this.ds.transaction((em) =>
      auditedWrite(em, caller.actor, { action: 'plan.status', entity: 'plan' }, async (tx) => {
        const { plan, month } = await visiblePlan(tx, caller.user, id);
        if (plan.status === 'closed') throw new AppraisalConflictError(`plan ${id} is closed`);
        const before = plan.status;
        plan.status = status;
        await tx.getRepository(ImprovementPlan).update({ id }, { status });
        const [view] = await plansWithActions(tx, [plan], month.staff.code);
        return { result: view, entityKey: String(id), before: { status: before }, after: { status } };
      }),
    );
  }

  /** Adds an open action to a plan that is not closed; audited `plan_action.create`. */
  addAction(caller: Caller, id: number, request: PlanActionRequest): Promise<ActionView> {
    return this.ds.transaction((em) =>
      auditedWrite(em, caller.actor, { action: 'plan_action.create', entity: 'plan_action' }, async (tx) => {
        const { plan } = await visiblePlan(tx, caller.user, id);
        if (plan.status === 'closed') throw new AppraisalConflictError(`plan ${id} is closed`);
        const actions = tx.getRepository(PlanAction);
        const saved = await actions.save(
          actions.create({
            planId: id,
            ...actionKindFields(request),
            owner: request.owner,
            dueDate: request.dueDate,
            status: 'open',
            createdBy: author(caller.user),
            createdAt: new Date().toISOString(),
          }),
        );
        const view = actionView(saved);
        return { result: view, entityKey: String(saved.id), after: { planId: id, ...view } };
      }),
    );
  }

  /**
   * Marks an action done, or open again; audited `plan_action.status`. A training done needs its hours (and takes
   * its day); opened again, both are cleared; either way its months' training intake is rebuilt (training.service.ts).
   */
  setActionStatus(
    caller: Caller,
    id: number,
    status: 'open' | 'done',
    completion: TrainingCompletion = {},
  ): Promise<ActionStatusView> {
    return this.ds.transaction((em) =>
      auditedWrite(em, caller.actor, { action: 'plan_action.status', entity: 'plan_action' }, async (tx) => {
        const action = await tx.getRepository(PlanAction).findOneBy({ id });
        const missing = new AppraisalNotFoundError(`no plan action ${id}`);
        if (!action) throw missing;
        try {
          await visiblePlan(tx, caller.user, action.planId);
        } catch (e) {
          throw e instanceof AppraisalNotFoundError ? missing : e;
        }
        const before = { status: action.status, doneHours: action.doneHours, doneOn: action.doneOn };
        let feed: TrainingFeed | undefined;
        if (action.kind === 'training')
          feed = await this.training.setStatusIn(tx, caller.actor, action, status, completion);
        else {
          if (completion.doneHours !== undefined || completion.doneOn !== undefined)
            throw new AppraisalInvalidError('只有培训记录学时 / only a training takes doneHours and doneOn');
          action.status = status;
          await tx.getRepository(PlanAction).update({ id }, { status });
        }
        const after =
          action.kind === 'training'
            ? { status, doneHours: action.doneHours, doneOn: action.doneOn, fed: feed?.fed ?? false }
            : { status };
        return {
          result: { ...actionView(action), ...feed },
          entityKey: String(id),
          before: action.kind === 'training' ? before : { status: before.status },
          after,
        };
      }),
    );
  }
}

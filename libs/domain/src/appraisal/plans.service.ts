// Improvement plans, their items and their actions. A person has at most one plan a month, holding the indicators
// to work on as items; the run's follow-up proposes it with the weakest indicators and the vetoes. Here HR and the
// person's department manager add items of their own (reason "manager", each indicator once a plan), starting the
// month's plan when there is none, agree or close plans, and add and tick off actions. A closed plan takes no more
// changes. An action may be a training assignment (training.service.ts: its rules, and the hours done feeding the
// month's input).
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { ImprovementPlan, PlanAction, PlanItem } from '@app/persistence';
import { audit, auditedWrite } from '../audit';
import { AppraisalConflictError, AppraisalInvalidError, AppraisalNotFoundError } from './appraisal-errors';
import { APPRAISAL_OPTIONS, AppraisalOptions } from './appraisal-options';
import { actionView, ActionView, planItemView, plansWithActions, PlanView } from './appraisal-views';
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

  /** The plan of `code`'s month (a list: none or one) with its items and actions. */
  async list(user: Viewer | undefined, period: string, code: string): Promise<PlanView[]> {
    const month = await staffMonth(this.ds.manager, user, period, { code });
    const plans = await this.ds
      .getRepository(ImprovementPlan)
      .find({ where: { staffId: month.staff.id, period }, order: { id: 'ASC' } });
    return plansWithActions(this.ds.manager, plans, code);
  }

  /**
   * A manager's item for one indicator of the month, with first actions, in the month's plan: the plan is started
   * (proposed, by the author; audited `plan.create`) when there is none, else the item joins it (audited
   * `plan_item.create`). Refused when the plan holds the indicator already or is closed.
   */
  async create(caller: Caller, period: string, code: string, request: PlanRequest): Promise<PlanView> {
    try {
      return await this.ds.transaction((tx) => this.addItem(tx, caller, period, code, request));
    } catch (e) {
      // Two writers starting the month's plan, or adding the same indicator, at once: the second meets a key.
      if (e instanceof QueryFailedError && /unique|duplicate/i.test(e.message))
        throw new AppraisalConflictError(
          `${code} 在 ${period} 的改进计划刚被他人修改，请重试 / ${code}'s plan of ${period} was changed meanwhile, try again`,
        );
      throw e;
    }
  }

  private async addItem(
    tx: EntityManager,
    caller: Caller,
    period: string,
    code: string,
    request: PlanRequest,
  ): Promise<PlanView> {
    const month = await staffMonth(tx, caller.user, period, { code });
    checkIndicator(month, request.indicator);
    const plans = tx.getRepository(ImprovementPlan);
    const items = tx.getRepository(PlanItem);
    const now = new Date().toISOString();
    const by = author(caller.user);
    let plan = await plans.findOneBy({ staffId: month.staff.id, period });
    const started = !plan;
    if (plan) {
      if (plan.status === 'closed')
        throw new AppraisalConflictError(
          `${code} 在 ${period} 的改进计划已关闭 / ${code}'s plan of ${period} is closed (plan ${plan.id})`,
        );
      if (await items.existsBy({ planId: plan.id, indicator: request.indicator }))
        throw new AppraisalConflictError(
          `${code} 在 ${period} 的改进计划已有指标 ${request.indicator} / ${code}'s plan of ${period} has ` +
            `${request.indicator} already (plan ${plan.id})`,
        );
    } else
      plan = await plans.save(
        plans.create({ staffId: month.staff.id, period, status: 'proposed', createdBy: by, createdAt: now }),
      );
    const indicator =
      'error' in month.result ? undefined : month.result.indicators.find((i) => i.code === request.indicator);
    const item = await items.save(
      items.create({
        planId: plan.id,
        staffId: month.staff.id,
        period,
        indicator: request.indicator,
        reason: 'manager',
        baselineScore: indicator?.score ?? null,
        outcome: null,
        outcomePeriod: null,
        outcomeScore: null,
        createdBy: by,
        createdAt: now,
      }),
    );
    const actions = tx.getRepository(PlanAction);
    const added: PlanAction[] = [];
    for (const a of request.actions ?? [])
      added.push(
        await actions.save(
          actions.create({
            planId: plan.id,
            ...actionKindFields(a),
            owner: a.owner,
            dueDate: a.dueDate,
            status: 'open',
            createdBy: by,
            createdAt: now,
          }),
        ),
      );
    const [view] = await plansWithActions(tx, [plan], code);
    if (started)
      await audit(tx, {
        actor: caller.actor,
        action: 'plan.create',
        entity: 'plan',
        entityKey: String(plan.id),
        after: view,
      });
    else
      await audit(tx, {
        actor: caller.actor,
        action: 'plan_item.create',
        entity: 'plan_item',
        entityKey: String(item.id),
        after: { planId: plan.id, ...planItemView(item), actions: added.map(actionView) },
      });
    return view;
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

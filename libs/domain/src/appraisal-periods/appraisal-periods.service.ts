// HR's appraisal periods above the month: the plan per period (versioned, checked by the engine, audited
// `appraisal.plan`), the period's appraisal document built from the months as posted, and a preview that scores
// it with the engine and stores nothing. Periods are "YYYY", "YYYY-Qn" or "YYYY-Hn".
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppraisalPlanDefinition } from '@app/persistence';
import { AppraisalResult, scoreAnyDocument } from '@app/scoring';
import { audit } from '../audit';
import {
  appraisalPeriod,
  AppraisalPlanView,
  appraisalPlanView,
  checkAppraisalPlan,
  findAppraisalPlan,
  saveAppraisalPlan,
} from './appraisal-plans';
import { AppraisalMonthSummary, appraisalDocument, BuiltAppraisal } from './period-document';

export interface AppraisalPreview {
  period: string;
  planVersion: number;
  months: AppraisalMonthSummary[];
  /** The engine's result of the built document (explanations in English, as the engine writes them). */
  result: AppraisalResult;
}

@Injectable()
export class AppraisalPeriodsService {
  constructor(private readonly ds: DataSource) {}

  /**
   * The period's plan: the newest version, or `version`.
   * @throws AppraisalPeriodInvalidError; AppraisalPlanNotFoundError
   */
  async plan(period: string, version?: number): Promise<AppraisalPlanView> {
    return appraisalPlanView(await findAppraisalPlan(this.ds.manager, appraisalPeriod(period), version));
  }

  /**
   * Makes `body` the period's plan: a new version when it differs from the newest (key order aside), audited
   * `appraisal.plan`; an unchanged plan adds no version and no entry.
   * @throws AppraisalPeriodInvalidError; DocumentInvalidError with every problem of the body at its path
   */
  putPlan(
    actor: string,
    period: string,
    body: AppraisalPlanDefinition,
  ): Promise<AppraisalPlanView & { added: boolean }> {
    const p = appraisalPeriod(period);
    // Only the sections given: `{appraisal}` and `{appraisal, inputs: undefined}` are the same plan.
    const definition: AppraisalPlanDefinition = { appraisal: body.appraisal };
    if (body.inputs !== undefined) definition.inputs = body.inputs;
    if (body.incentive !== undefined) definition.incentive = body.incentive;
    return this.ds.transaction(async (em) => {
      await checkAppraisalPlan(em, p, definition);
      const { plan, added, previous } = await saveAppraisalPlan(em, p, definition, actor);
      if (added)
        await audit(em, {
          actor,
          action: 'appraisal.plan',
          entity: 'appraisal_plan',
          entityKey: p,
          before: previous ? appraisalPlanView(previous) : null,
          after: appraisalPlanView(plan),
        });
      return { ...appraisalPlanView(plan), added };
    });
  }

  /**
   * The period's appraisal document as the months were posted, and which months it holds.
   * @throws AppraisalPeriodInvalidError; AppraisalPlanNotFoundError
   */
  document(period: string): Promise<BuiltAppraisal> {
    return appraisalDocument(this.ds.manager, appraisalPeriod(period));
  }

  /**
   * The engine's result of the period's document, stored nowhere.
   * @throws AppraisalPeriodInvalidError; AppraisalPlanNotFoundError; DocumentInvalidError when the document
   *   built does not validate (a pool of a department nobody of the period ended in)
   */
  async preview(period: string): Promise<AppraisalPreview> {
    const { document, planVersion, months } = await this.document(period);
    const result = scoreAnyDocument(document) as AppraisalResult;
    return { period: document.period, planVersion, months, result };
  }
}

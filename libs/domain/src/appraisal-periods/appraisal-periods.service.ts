// HR's appraisal periods above the month: the plan per period (versioned, checked by the engine, audited
// `appraisal.plan`), the period's appraisal document built from the months as posted, and a preview that scores
// it with the engine and stores nothing; HR's own data of the period — its inputs (assessments) and grade
// overrides — written while the period may change. Periods are "YYYY", "YYYY-Qn" or "YYYY-Hn".
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
import { AppraisalMonths, appraisalMonths, appraisalDocument, BuiltAppraisal } from './period-document';
import {
  appraisalInputViews,
  AppraisalInputsView,
  AppraisalInputsWritten,
  inputRowsFromCsv,
  inputRowsFromJson,
  writeAppraisalInputs,
} from './appraisal-inputs';
import {
  AppraisalOverrideInput,
  AppraisalOverrideView,
  appraisalOverrideViews,
  putAppraisalOverride,
  removeAppraisalOverride,
} from './appraisal-overrides';

export interface AppraisalPreview extends AppraisalMonths {
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
   * The months of the period as its document lists them (which are in, their run, their staff), counted instead of
   * building the document: a year of 100,000 staff is 1.2 million rows, which the period's page only needs the count
   * of.
   * @throws AppraisalPeriodInvalidError; AppraisalPlanNotFoundError
   */
  months(period: string): Promise<AppraisalMonths> {
    return appraisalMonths(this.ds.manager, period);
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

  /** The period's own inputs, by staff code then input. @throws AppraisalPeriodInvalidError */
  inputs(period: string): Promise<AppraisalInputsView> {
    return appraisalInputViews(this.ds.manager, period);
  }

  /**
   * Writes a batch of the period's own inputs — `{rows: [{staff, input, value}]}`, or a CSV text with the header
   * `staff,input,value` — all or nothing in one transaction: a value replaces the one before, null (an empty CSV
   * cell) removes it. Audited `appraisal.inputs` with the counts.
   * @throws AppraisalPeriodInvalidError; AppraisalInputInvalidError (every bad row at its row and field);
   *   AppraisalPlanNotFoundError; AppraisalPeriodLockedError, AppraisalRunInProgressError (409)
   */
  putInputs(actor: string, period: string, body: unknown): Promise<AppraisalInputsWritten> {
    const csv = typeof body === 'string';
    const read = csv ? inputRowsFromCsv(body) : inputRowsFromJson(body);
    return this.ds.transaction((em) => writeAppraisalInputs(em, actor, period, read, csv ? 'csv' : 'json'));
  }

  /** The period's grade overrides, by staff code. @throws AppraisalPeriodInvalidError */
  overrides(period: string): Promise<AppraisalOverrideView[]> {
    return appraisalOverrideViews(this.ds.manager, period);
  }

  /**
   * Sets a person's grade of the period (one per person and period), audited `appraisal.override`.
   * @throws see putAppraisalOverride
   */
  putOverride(
    actor: string,
    period: string,
    code: string,
    body: AppraisalOverrideInput,
  ): Promise<AppraisalOverrideView> {
    return this.ds.transaction((em) => putAppraisalOverride(em, actor, period, code, body));
  }

  /** Removes a person's grade override of the period, audited `appraisal.override.remove`. @throws see removeAppraisalOverride */
  removeOverride(actor: string, period: string, code: string): Promise<AppraisalOverrideView> {
    return this.ds.transaction((em) => removeAppraisalOverride(em, actor, period, code));
  }
}

// The appraisal of a period above the month (a year, a quarter, a half-year: docs/APPRAISAL-PERIODS.md): HR's plan
// for the period, versioned like a month's incentive plan. The plan is the rule of the period's appraisal document
// (docs/FORMAT.md, "Appraisal periods above the month"); the document's staff come from the months' results.
import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { AppraisalDef, IncentiveDef, InputDef } from '@app/scoring';
import { CREATED_AT, JSON_TEXT } from './columns';

/** The sections of an appraisal document a plan holds: the rule, its inputs, the period's bonus. */
export interface AppraisalPlanDefinition {
  appraisal: AppraisalDef;
  inputs?: InputDef[];
  incentive?: IncentiveDef;
}

/** One version of a period's appraisal plan: the newest is the plan; a change adds a version, never edits one. */
@Entity('appraisal_plans')
@Unique('uq_appraisal_plans_period_version', ['period', 'version'])
export class AppraisalPlan {
  @PrimaryGeneratedColumn()
  id!: number;

  /** "YYYY", "YYYY-Qn" or "YYYY-Hn": no row of `periods` (those are months). */
  @Column({ type: 'varchar', length: 7 })
  period!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ ...JSON_TEXT })
  definition!: AppraisalPlanDefinition;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;
}

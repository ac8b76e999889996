export * from './base.entity';
export * from './organisation.entity';
export * from './staff.entity';
export * from './configuration.entity';
export * from './period.entity';
export * from './run.entity';
export * from './finance.entity';
export * from './pay.entity';
export * from './user.entity';
export * from './loop.entity';
export * from './intake.entity';
export * from './work-order.entity';
export * from './survey.entity';
export * from './opinion.entity';
export * from './appraisal.entity';

import {
  AssignmentRule,
  IndicatorSet,
  IndicatorSetVersion,
  InputDefinition,
  WorkloadCatalogueVersion,
} from './configuration.entity';
import { Department, PostType, Site } from './organisation.entity';
import { Observation, Period } from './period.entity';
import { DepartmentResultRow, RunChunk, ScoringRun, StaffResultRow } from './run.entity';
import { ApiKey, AuditEntry, PayrollExport } from './finance.entity';
import { Adjustment, AdjustmentLine, IncentivePlan } from './pay.entity';
import { User } from './user.entity';
import { Staff, StaffPlacement } from './staff.entity';
import {
  Acknowledgement,
  Appeal,
  Feedback,
  GradeOverride,
  ImprovementPlan,
  PlanAction,
  PlanItem,
  StaffComment,
} from './loop.entity';
import { Evidence, IntakeBatch, IntakeBatchPeriod, ValueCorrection } from './intake.entity';
import {
  WorkOrderDerivation,
  WorkOrderEvent,
  WorkOrderFeed,
  WorkOrderMappingVersion,
} from './work-order.entity';
import { SurveyCampaign, SurveyRespondent, SurveyResponse } from './survey.entity';
import { OpinionAnswer, OpinionParticipant, OpinionRound } from './opinion.entity';
import {
  AppraisalInput,
  AppraisalPeriod,
  AppraisalPlan,
  AppraisalResultRow,
  AppraisalRun,
  AppraisalRunChunk,
} from './appraisal.entity';

/** Every entity, for the DataSource. */
export const ENTITIES = [
  Site,
  Department,
  PostType,
  Staff,
  StaffPlacement,
  InputDefinition,
  IndicatorSet,
  IndicatorSetVersion,
  WorkloadCatalogueVersion,
  AssignmentRule,
  Period,
  Observation,
  ScoringRun,
  RunChunk,
  StaffResultRow,
  DepartmentResultRow,
  ApiKey,
  PayrollExport,
  AuditEntry,
  IncentivePlan,
  Adjustment,
  AdjustmentLine,
  User,
  Feedback,
  ImprovementPlan,
  PlanAction,
  PlanItem,
  GradeOverride,
  Acknowledgement,
  StaffComment,
  Appeal,
  IntakeBatch,
  IntakeBatchPeriod,
  ValueCorrection,
  Evidence,
  WorkOrderFeed,
  WorkOrderEvent,
  WorkOrderMappingVersion,
  WorkOrderDerivation,
  SurveyCampaign,
  SurveyRespondent,
  SurveyResponse,
  OpinionRound,
  OpinionParticipant,
  OpinionAnswer,
  AppraisalPlan,
  AppraisalPeriod,
  AppraisalRun,
  AppraisalRunChunk,
  AppraisalResultRow,
  AppraisalInput,
];
export type { LocalNames } from './columns';

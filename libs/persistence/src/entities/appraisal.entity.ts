// The appraisal of a period above the month (a year, a quarter, a half-year: docs/APPRAISAL-PERIODS.md): HR's plan
// for the period, versioned like a month's incentive plan. The plan is the rule of the period's appraisal document
// (docs/FORMAT.md, "Appraisal periods above the month"); the document's staff come from the months' results.
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import type { AppraisalDef, IncentiveDef, InputDef } from '@app/scoring';
import { CREATED_AT, JSON_TEXT } from './columns';
import { Staff } from './staff.entity';

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

/**
 * Where a period's appraisal stands: open (no results yet, or results of a run), scored (its current run's results
 * are its results), approved (HR signed them off; a new run is refused), closed (posted: the annual bonus feeds
 * payroll and nothing changes any more). A row exists from the period's first run.
 */
export const APPRAISAL_PERIOD_STATUSES = ['open', 'scored', 'approved', 'closed'] as const;
export type AppraisalPeriodStatus = (typeof APPRAISAL_PERIOD_STATUSES)[number];

@Entity('appraisal_periods')
export class AppraisalPeriod {
  /** "YYYY", "YYYY-Qn" or "YYYY-Hn". */
  @PrimaryColumn({ type: 'varchar', length: 7 })
  period!: string;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status!: AppraisalPeriodStatus;

  /** The run whose results are the period's (moves only when a run completes). */
  @Column({ name: 'current_run_id', type: 'varchar', length: 36, nullable: true })
  currentRunId!: string | null;

  @Column({ name: 'approved_by', type: 'varchar', length: 100, nullable: true })
  approvedBy!: string | null;

  @Column({ name: 'approved_at', ...CREATED_AT, nullable: true })
  approvedAt!: string | null;

  @Column({ name: 'closed_by', type: 'varchar', length: 100, nullable: true })
  closedBy!: string | null;

  @Column({ name: 'closed_at', ...CREATED_AT, nullable: true })
  closedAt!: string | null;
}

/**
 * A run of a period's appraisal: its document's staff scored department by department (one chunk each), then
 * calibrated and paid by the finish job, on the scoring queue's workers. Every run keeps its results.
 */
@Entity('appraisal_runs')
@Index('ix_appraisal_runs_period', ['period', 'createdAt'])
export class AppraisalRun {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 7 })
  period!: string;

  /** queued, running, completed, failed, cancelled (by HR: appraisal-runs.ts cancelAppraisalRun). */
  @Column({ type: 'varchar', length: 12 })
  status!: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

  /** The plan version the run scores and pays with, whatever HR changes meanwhile. */
  @Column({ name: 'plan_version', type: 'integer' })
  planVersion!: number;

  /** The period while the run is queued or running, null after: at most one active run per period. */
  @Index('uq_appraisal_runs_active_period', { unique: true })
  @Column({ name: 'active_period', type: 'varchar', length: 7, nullable: true })
  activePeriod!: string | null;

  /** Staff to score, and chunks (departments) planned. */
  @Column({ type: 'integer' })
  total!: number;

  @Column({ name: 'chunk_count', type: 'integer' })
  chunkCount!: number;

  /** The months the run read and the run each was posted with (AppraisalMonthSummary[]). */
  @Column({ ...JSON_TEXT })
  months!: unknown[];

  @Column({ name: 'requested_by', type: 'varchar', length: 100 })
  requestedBy!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;

  @Column({ name: 'started_at', ...CREATED_AT, nullable: true })
  startedAt!: string | null;

  @Column({ name: 'finished_at', ...CREATED_AT, nullable: true })
  finishedAt!: string | null;

  /**
   * The last sign of life of the run (planned, a job picked up, a chunk done): the watchdog fails a run silent too
   * long whose jobs are gone, as it does a month's (runs.service.ts).
   */
  @Column({ name: 'heartbeat_at', ...CREATED_AT, nullable: true })
  heartbeatAt!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}

/** A department of an appraisal run: its staff are scored by one job. */
@Entity('appraisal_run_chunks')
@Unique('uq_appraisal_run_chunks_run_index', ['runId', 'index'])
export class AppraisalRunChunk {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => AppraisalRun, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run!: AppraisalRun;

  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @Column({ name: 'chunk_index', type: 'integer' })
  index!: number;

  @Column({ type: 'varchar', length: 64 })
  department!: string;

  @Column({ name: 'staff_count', type: 'integer' })
  staffCount!: number;

  @Column({ name: 'completed_at', ...CREATED_AT, nullable: true })
  completedAt!: string | null;
}

/**
 * One person's appraisal result in a run: the numbers a reader and the roll-up need as columns, the engine's result
 * (its facts; the texts are rendered when read, in the reader's language) as JSON.
 */
@Entity('appraisal_results')
@Unique('uq_appraisal_results_run_staff', ['runId', 'staffCode'])
@Index('ix_appraisal_results_staff_run', ['staffId', 'runId'])
export class AppraisalResultRow {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => AppraisalRun, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run!: AppraisalRun;

  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @Column({ name: 'staff_code', type: 'varchar', length: 64 })
  staffCode!: string;

  @Column({ name: 'staff_id', type: 'integer', nullable: true })
  staffId!: number | null;

  @Column({ type: 'varchar', length: 64 })
  department!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  site!: string | null;

  @Column({ name: 'indicator_set', type: 'varchar', length: 64 })
  indicatorSet!: string;

  /** The period total (rounded to 2 decimals); null with an error. */
  @Column({ type: 'double precision', nullable: true })
  total!: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  grade!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** The quota or override that set the grade (Calibration as JSON), null when the total's (or cap's) grade stands. */
  @Column({ type: 'text', nullable: true })
  calibration!: string | null;

  /** The pool weight (coefficient × factor, as the engine computes it) for the finish job's split. */
  @Column({ name: 'pool_weight', type: 'varchar', length: 80, nullable: true })
  poolWeight!: string | null;

  /** The bonus, exact to the cent (decimal string); null without an incentive or with an error. */
  @Column({ type: 'varchar', length: 24, nullable: true })
  incentive!: string | null;

  /** The bonus explanation's parts (IncentiveParts or a pool share's parts as JSON), rendered when read. */
  @Column({ name: 'incentive_explanation', type: 'text', nullable: true })
  incentiveExplanation!: string | null;

  @Column({ name: 'incentive_error', type: 'text', nullable: true })
  incentiveError!: string | null;

  /** The engine's AppraisalStaffResult without its explanation texts (they are rendered from its facts). */
  @Column({ type: 'text' })
  result!: string;
}

/**
 * A period-level score of one person (a manager's assessment, a democratic evaluation) for an input of the period's
 * plan: it joins the roll-up with the weight the plan gives it. One value per person, input and period.
 */
@Entity('appraisal_inputs')
@Unique('uq_appraisal_inputs_period_staff_input', ['period', 'staffId', 'input'])
export class AppraisalInput {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 7 })
  period!: string;

  @ManyToOne(() => Staff, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff!: Staff;

  @Column({ name: 'staff_id', type: 'integer' })
  staffId!: number;

  @Column({ type: 'varchar', length: 64 })
  input!: string;

  @Column({ type: 'double precision' })
  value!: number;

  @Column({ name: 'entered_by', type: 'varchar', length: 100 })
  enteredBy!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;
}

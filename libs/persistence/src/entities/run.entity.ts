// Scoring runs and what they produce. Every run keeps its own results; a period's current results are the
// ones of its `currentRunId`, which moves only when a run completes, so readers never see half a run.
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
import type { PackedStaffResult } from '../staff-result-codec';
import { CREATED_AT, JSON_TEXT, PERIOD_COLUMN } from './columns';
import { Period } from './period.entity';

export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const RUN_TRIGGERS = ['manual', 'scheduled'] as const;
/** A regular run scores a month and becomes its results; an adjustment run re-scores a closed month as corrected. */
export const RUN_KINDS = ['regular', 'adjustment'] as const;
export type RunKind = (typeof RUN_KINDS)[number];
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

@Entity('scoring_runs')
@Index('ix_scoring_runs_period', ['period', 'createdAt'])
export class ScoringRun {
  /** A UUID: also the stem of the run's job ids. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @ManyToOne(() => Period, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'period_id' })
  periodRef!: Period;

  @Column({ name: 'period_id', type: 'integer' })
  periodId!: number;

  @Column({ ...PERIOD_COLUMN })
  period!: string;

  @Column({ type: 'varchar', length: 12 })
  status!: RunStatus;

  @Column({ type: 'varchar', length: 12 })
  trigger!: RunTrigger;

  @Column({ type: 'varchar', length: 12, default: 'regular' })
  kind!: RunKind;

  /** The adjustment an adjustment run computes. */
  @Column({ name: 'adjustment_id', type: 'integer', nullable: true })
  adjustmentId!: number | null;

  /** The version of the month's incentive plan the run pays with (null: the month had no plan). */
  @Column({ name: 'plan_version', type: 'integer', nullable: true })
  planVersion!: number | null;

  /**
   * The period while the run is queued or running, null after. Unique, so there is at most one active run
   * per period whichever process asks, even two at once.
   */
  @Index('uq_scoring_runs_active_period', { unique: true })
  @Column({ name: 'active_period', ...PERIOD_COLUMN, nullable: true })
  activePeriod!: string | null;

  /** Staff to score, and chunks planned. */
  @Column({ type: 'integer' })
  total!: number;

  @Column({ name: 'chunk_count', type: 'integer' })
  chunkCount!: number;

  @Column({ name: 'requested_by', type: 'varchar', length: 100 })
  requestedBy!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;

  @Column({ name: 'started_at', ...CREATED_AT, nullable: true })
  startedAt!: string | null;

  /** The month's data version (`periods.data_version`) when the run was planned: what it scored. */
  @Column({ name: 'data_version', type: 'integer', nullable: true })
  dataVersion!: number | null;

  /** The month's data completeness when the run was planned (per set, input and department), as JSON. */
  @Column({ type: 'text', nullable: true })
  completeness!: string | null;

  /** The process that drives the run in-process (embedded mode), so that a restart knows which runs it owned. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  owner!: string | null;

  /** The last sign of life of the run (a chunk done, a job picked up): the watchdog fails runs silent too long. */
  @Column({ name: 'heartbeat_at', ...CREATED_AT, nullable: true })
  heartbeatAt!: string | null;

  @Column({ name: 'finished_at', ...CREATED_AT, nullable: true })
  finishedAt!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}

/** A row that belongs to a run (and goes with it). */
abstract class RunPart {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => ScoringRun, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run!: ScoringRun;

  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;
}

/** A slice of a run: staff of one department, at most the configured chunk size. Fixed when the run is planned. */
@Entity('run_chunks')
@Unique('uq_run_chunks_run_index', ['runId', 'index'])
export class RunChunk extends RunPart {
  @Column({ name: 'chunk_index', type: 'integer' })
  index!: number;

  @Column({ type: 'varchar', length: 64 })
  department!: string;

  /** Staff row ids, in the order they are scored. */
  @Column({ name: 'staff_ids', ...JSON_TEXT })
  staffIds!: number[];

  @Column({ name: 'staff_count', type: 'integer' })
  staffCount!: number;

  @Column({ name: 'completed_at', ...CREATED_AT, nullable: true })
  completedAt!: string | null;

  /**
   * The data completeness of the chunk's staff as the chunk read it (documents/completeness.ts, missing lists
   * capped), written when it completes: the finish job adds the chunks' up into the run's.
   */
  @Column({ type: 'text', nullable: true })
  completeness!: string | null;

  /**
   * What the finish job needs of each result the chunk wrote (JSON: one array per person, runs/run-steps.ts
   * `ResultSummary`), written when it completes: the finish job reads these instead of a column or two of every
   * staff_results row, whose wide rows made that read most of its time.
   */
  @Column({ type: 'text', nullable: true })
  summaries!: string | null;

  /** Where the chunk's time went, written when it completes (the benchmark's split of a run's wall time). */
  @Column({ ...JSON_TEXT, nullable: true })
  timings!: ChunkTimings | null;
}

/** A chunk job's time: when it started (ISO), milliseconds reading, scoring and writing, and the process. */
export interface ChunkTimings {
  startedAt: string;
  readMs: number;
  scoreMs: number;
  writeMs: number;
  pid: number;
}

/** One staff member's result in one run (unique per run and staff: a chunk that runs twice changes nothing). */
@Entity('staff_results')
@Unique('uq_staff_results_run_staff', ['runId', 'staffCode'])
@Index('ix_staff_results_run_department', ['runId', 'department', 'staffCode'])
@Index('ix_staff_results_staff_run', ['staffId', 'runId'])
export class StaffResultRow extends RunPart {
  @Column({ name: 'staff_code', type: 'varchar', length: 64 })
  staffCode!: string;

  /** The person's internal id: results are theirs even when their code is later given to someone else. */
  @Column({ name: 'staff_id', type: 'integer', nullable: true })
  staffId!: number | null;

  /** The employee number when the run scored the month: a posted month's payroll never changes with HR edits. */
  @Column({ name: 'employee_no', type: 'varchar', length: 64, nullable: true })
  employeeNo!: string | null;

  @Column({ type: 'varchar', length: 64 })
  department!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  site!: string | null;

  @Column({ name: 'indicator_set', type: 'varchar', length: 64 })
  indicatorSet!: string;

  /** The rounded total; null when the staff member has an error. */
  @Column({ type: 'double precision', nullable: true })
  total!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** The decimal pool weight, for staff of a pool department. */
  @Column({ name: 'pool_weight', type: 'varchar', length: 80, nullable: true })
  poolWeight!: string | null;

  /** The proration factor that scaled the pool weight (and scales the cap and floor); null = none. */
  @Column({ name: 'pool_factor', type: 'varchar', length: 80, nullable: true })
  poolFactor!: string | null;

  /** What went wrong computing this person's amount or pool weight. */
  @Column({ name: 'incentive_error', type: 'text', nullable: true })
  incentiveError!: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  incentive!: string | null;

  @Column({ name: 'incentive_explanation', type: 'text', nullable: true })
  incentiveExplanation!: string | null;

  /**
   * The indicator scores and vetoes alone (`{"s": {code: score}, "v": [codes]}`), small enough for the appraisal
   * loop to read a month of them without unpacking every result.
   */
  @Column({ name: 'indicator_scores', type: 'text', nullable: true })
  indicatorScores!: string | null;

  /**
   * Why the grade is not the one the total gives (a quota, an override), as JSON (`Calibration`); null when it
   * is. Kept apart from the packed result: the month's calibration list reads these few rows alone.
   */
  @Column({ type: 'text', nullable: true })
  calibration!: string | null;

  /** The result without its incentive, packed (staff-result-codec). */
  @Column({ ...JSON_TEXT })
  result!: PackedStaffResult;
}

/** A department's result in one run. */
@Entity('department_results')
@Unique('uq_department_results_run_department', ['runId', 'department'])
export class DepartmentResultRow extends RunPart {
  @Column({ type: 'varchar', length: 64 })
  department!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  site!: string | null;

  /** The indicator set most of the department's staff are scored with: its kind, for cross-site comparison. */
  @Column({ name: 'main_set', type: 'varchar', length: 64, nullable: true })
  mainSet!: string | null;

  @Column({ type: 'double precision', nullable: true })
  score!: number | null;

  @Column({ type: 'integer', nullable: true })
  rank!: number | null;

  @Column({ name: 'staff_count', type: 'integer' })
  staffCount!: number;

  @Column({ type: 'varchar', length: 24, nullable: true })
  pool!: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  allocated!: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  unallocated!: string | null;
}

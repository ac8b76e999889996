// Pay beyond the scores: the incentive plan of each month (versioned), and adjustments of closed months
// (their corrections and the PERF_ADJ lines booked into a later month).
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { IncentiveDef } from '@app/scoring';
import { CREATED_AT, JSON_TEXT, PERIOD_COLUMN } from './columns';
import { Period } from './period.entity';

/** A row that belongs to a month: its id (for the foreign key) and its "YYYY-MM" (for reading). */
abstract class OfPeriod {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => Period, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'period_id' })
  periodRef!: Period;

  @Column({ name: 'period_id', type: 'integer' })
  periodId!: number;

  @Column({ ...PERIOD_COLUMN })
  period!: string;
}

export const PLAN_SOURCES = ['api', 'import', 'migration'] as const;

/**
 * One version of a month's incentive plan: the `incentive` section of the scorecard document. The newest
 * version is the plan; a run records the version it paid with. A closed month takes no new version.
 */
@Entity('incentive_plans')
@Unique('uq_incentive_plans_period_version', ['periodId', 'version'])
export class IncentivePlan extends OfPeriod {
  @Column({ type: 'integer' })
  version!: number;

  /** The plan; null = no incentive this month (a plan removed). */
  @Column({ ...JSON_TEXT, nullable: true })
  definition!: IncentiveDef | null;

  @Column({ type: 'varchar', length: 12 })
  source!: (typeof PLAN_SOURCES)[number];

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;
}

export const ADJUSTMENT_STATUSES = ['computing', 'booked', 'failed'] as const;
export type AdjustmentStatus = (typeof ADJUSTMENT_STATUSES)[number];

/**
 * A correction of a closed month: its corrected values are scored again by an adjustment run, and the
 * difference per staff member against the month as last paid becomes PERF_ADJ lines in a later open month.
 */
@Entity('adjustments')
@Index('ix_adjustments_period', ['periodId', 'id'])
export class Adjustment extends OfPeriod {
  // The period is the corrected (closed) month.

  @Column({ type: 'varchar', length: 12 })
  status!: AdjustmentStatus;

  @Column({ type: 'text' })
  reason!: string;

  /** The corrected values: month values that replace what the observations gave. */
  @Column({ ...JSON_TEXT })
  corrections!: Correction[];

  /** The adjustment run that scores the month as corrected. */
  @Column({ name: 'run_id', type: 'varchar', length: 36, nullable: true })
  runId!: string | null;

  /** The run the difference is taken against: the posted run, or the previous booked adjustment's run. */
  @Column({ name: 'base_run_id', type: 'varchar', length: 36, nullable: true })
  baseRunId!: string | null;

  /** The month the PERF_ADJ lines were booked into. */
  @Column({ name: 'target_period', ...PERIOD_COLUMN, nullable: true })
  targetPeriod!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;

  @Column({ name: 'booked_at', ...CREATED_AT, nullable: true })
  bookedAt!: string | null;
}

/** A corrected month value: an input of a staff member or a department, or a staff member's task count. */
export interface Correction {
  staff?: string;
  department?: string;
  input?: string;
  task?: string;
  value: number;
}

/** A PERF_ADJ payroll line: corrected minus previously paid incentive, booked into `targetPeriod`. */
@Entity('adjustment_lines')
@Unique('uq_adjustment_lines_adjustment_staff', ['adjustmentId', 'staffCode'])
@Index('ix_adjustment_lines_target', ['targetPeriod', 'staffCode'])
export class AdjustmentLine {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => Adjustment, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'adjustment_id' })
  adjustment!: Adjustment;

  @Column({ name: 'adjustment_id', type: 'integer' })
  adjustmentId!: number;

  @Column({ name: 'source_period', ...PERIOD_COLUMN })
  sourcePeriod!: string;

  @Column({ name: 'target_period', ...PERIOD_COLUMN })
  targetPeriod!: string;

  @Column({ name: 'staff_code', type: 'varchar', length: 64 })
  staffCode!: string;

  @Column({ name: 'employee_no', type: 'varchar', length: 64, nullable: true })
  employeeNo!: string | null;

  /** What was paid before (null: nothing), what the month pays as corrected, and the difference; decimals. */
  @Column({ type: 'varchar', length: 24, nullable: true })
  previous!: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  corrected!: string | null;

  @Column({ type: 'varchar', length: 24 })
  amount!: string;

  /** The adjustment run the corrected figure comes from. */
  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;
}

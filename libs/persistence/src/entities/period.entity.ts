// Periods (months) with their status, and the measurements observed in them.
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CREATED_AT, PERIOD_COLUMN } from './columns';
import { InputDefinition } from './configuration.entity';
import { Department } from './organisation.entity';
import { Staff } from './staff.entity';

/** open → scored (a completed run; re-runs allowed) → approved (by HR) → closed (posted; never changes). */
export const PERIOD_STATUSES = ['open', 'scored', 'approved', 'closed'] as const;
export type PeriodStatus = (typeof PERIOD_STATUSES)[number];

@Entity('periods')
export class Period {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index({ unique: true })
  @Column({ ...PERIOD_COLUMN })
  period!: string;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status!: PeriodStatus;

  /** The run whose results are the period's results: set only when that run completes. */
  @Column({ name: 'current_run_id', type: 'varchar', length: 36, nullable: true })
  currentRunId!: string | null;

  /**
   * The version of the month's data: raised by every intake, withdrawal and correction that touches the month. A
   * run records the version it scored; approval needs the current run to have scored the current version.
   */
  @Column({ name: 'data_version', type: 'integer', default: 0 })
  dataVersion!: number;
}

export const OBSERVATION_SOURCES = ['manual', 'import', 'api'] as const;
export const OBSERVATION_MODES = ['immediate', 'daily', 'spot_check', 'monthly'] as const;

/**
 * One observation: an input (or a task count) for a member of staff or a department on a day of the period.
 * The month's value of an input is its observations aggregated as the input definition says.
 */
@Entity('observations')
@Index('ix_observations_period_staff', ['periodId', 'staffId'])
@Index('ix_observations_period_department', ['periodId', 'departmentId'])
@Check('ck_observation_subject', '("staff_id" IS NULL) <> ("department_id" IS NULL)')
@Check('ck_observation_what', '("input_id" IS NULL) <> ("task_code" IS NULL)')
export class Observation {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => Period, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'period_id' })
  periodRef!: Period;

  @Column({ name: 'period_id', type: 'integer' })
  periodId!: number;

  @ManyToOne(() => InputDefinition, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'input_id' })
  input!: InputDefinition | null;

  @Column({ name: 'input_id', type: 'integer', nullable: true })
  inputId!: number | null;

  /** A workload task code (task counts are observations too). */
  @Column({ name: 'task_code', type: 'varchar', length: 64, nullable: true })
  taskCode!: string | null;

  @ManyToOne(() => Staff, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff!: Staff | null;

  @Column({ name: 'staff_id', type: 'integer', nullable: true })
  staffId!: number | null;

  @ManyToOne(() => Department, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department!: Department | null;

  @Column({ name: 'department_id', type: 'integer', nullable: true })
  departmentId!: number | null;

  /** ISO date inside the period. */
  @Column({ name: 'observed_on', type: 'varchar', length: 10 })
  observedOn!: string;

  @Column({ type: 'double precision' })
  value!: number;

  @Column({ type: 'varchar', length: 8 })
  source!: (typeof OBSERVATION_SOURCES)[number];

  @Column({ type: 'varchar', length: 12 })
  mode!: (typeof OBSERVATION_MODES)[number];

  @Column({ name: 'entered_by', type: 'varchar', length: 100 })
  enteredBy!: string;

  /** The intake batch it came in (null: recorded before batches existed). Withdrawing the batch removes it. */
  @Index('ix_observations_batch')
  @Column({ name: 'batch_id', type: 'integer', nullable: true })
  batchId!: number | null;

  /** Why it was recorded (a spot check's finding, a complaint's summary): shown beside deductions. */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;
}

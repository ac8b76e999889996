// How data comes into a month: every intake (JSON measurements, CSV, Excel, a document import, an HR or appeal
// correction, later the survey and work-order feeds) is one batch, so a file sent twice is recognised by its
// bytes, a batch can be withdrawn whole, and a month's data has a version that runs record and approval checks.
// Corrections set a month's value of one input for one person or department, replacing what its observations
// aggregate to (kept, and named in the explanation).
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
import { CREATED_AT, JSON_TEXT } from './columns';
import { InputDefinition } from './configuration.entity';
import { Department } from './organisation.entity';
import { Period } from './period.entity';
import { Staff } from './staff.entity';

export const INTAKE_SOURCES = [
  'json',
  'csv',
  'xlsx',
  'document',
  'correction',
  'appeal',
  'survey',
  'work_orders',
  'training',
] as const;
export type IntakeSource = (typeof INTAKE_SOURCES)[number];

@Entity('intake_batches')
@Index('ix_intake_batches_sha256', ['sha256'])
// A client's Idempotency-Key names one batch of that client (actor): two clients never share a key.
@Unique('uq_intake_batches_actor_key', ['actor', 'idempotencyKey'])
export class IntakeBatch {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 16 })
  source!: IntakeSource;

  /** The uploaded file's name, when the batch came as a file. */
  @Column({ name: 'file_name', type: 'varchar', length: 255, nullable: true })
  fileName!: string | null;

  /** SHA-256 (hex) of the bytes received: the same bytes for the same months again are a duplicate. */
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, nullable: true })
  idempotencyKey!: string | null;

  /** Who sent it (`user:<name>`, `api-key:<id>`, `system`…). */
  @Column({ type: 'varchar', length: 100 })
  actor!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;

  @Column({ name: 'row_count', type: 'integer' })
  rowCount!: number;

  /** The months ("YYYY-MM") its rows touch, sorted. */
  @Column({ ...JSON_TEXT })
  periods!: string[];

  @Column({ name: 'withdrawn_at', ...CREATED_AT, nullable: true })
  withdrawnAt!: string | null;

  @Column({ name: 'withdrawn_by', type: 'varchar', length: 100, nullable: true })
  withdrawnBy!: string | null;
}

/** Which months a batch touches, for listing a month's batches without reading every batch. */
@Entity('intake_batch_periods')
@Index('ix_intake_batch_periods_period', ['periodId'])
export class IntakeBatchPeriod {
  @PrimaryColumn({ name: 'batch_id', type: 'integer' })
  batchId!: number;

  @PrimaryColumn({ name: 'period_id', type: 'integer' })
  periodId!: number;

  @ManyToOne(() => IntakeBatch, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'batch_id' })
  batch!: IntakeBatch;

  @ManyToOne(() => Period, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'period_id' })
  periodRef!: Period;
}

/**
 * The month's value of one input for one member of staff or one department, set by HR (or an appeal decision)
 * instead of what the observations aggregate to. At most one in force per period, input and subject
 * (`activeKey`); a later correction supersedes the earlier one, and withdrawing its batch takes it back.
 */
@Entity('value_corrections')
@Index('ix_value_corrections_period', ['periodId'])
export class ValueCorrection {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => Period, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'period_id' })
  periodRef!: Period;

  @Column({ name: 'period_id', type: 'integer' })
  periodId!: number;

  @ManyToOne(() => InputDefinition, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'input_id' })
  input!: InputDefinition;

  @Column({ name: 'input_id', type: 'integer' })
  inputId!: number;

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

  @Column({ type: 'double precision' })
  value!: number;

  @Column({ type: 'text' })
  reason!: string;

  /** What HR or the appeal wrote beside the value (shown with it; evidence files hang on the correction). */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @ManyToOne(() => IntakeBatch, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'batch_id' })
  batch!: IntakeBatch;

  @Column({ name: 'batch_id', type: 'integer' })
  batchId!: number;

  /** `period:input:s<staff>` or `period:input:d<department>` while in force, null once superseded or withdrawn. */
  @Index('uq_value_corrections_active', { unique: true })
  @Column({ name: 'active_key', type: 'varchar', length: 80, nullable: true })
  activeKey!: string | null;

  @Column({ name: 'superseded_by', type: 'integer', nullable: true })
  supersededBy!: number | null;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;
}

/**
 * Evidence behind a month's value ("有据可查": every deduction has its evidence): a note and, optionally, a file
 * (a photo, a PDF scan) attached to an observation or a value correction of one person or department. The file is
 * kept in the database (base64 text, portable across both drivers) or, when a directory is configured, on disk
 * (`path`); its content type is the one its bytes show, not the one the client claimed.
 */
@Entity('evidence')
@Index('ix_evidence_period_staff', ['periodId', 'staffId'])
@Index('ix_evidence_observation', ['observationId'])
@Index('ix_evidence_correction', ['correctionId'])
export class Evidence {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => Period, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'period_id' })
  periodRef!: Period;

  @Column({ name: 'period_id', type: 'integer' })
  periodId!: number;

  /** The observation it stands behind (deleted with it when its batch is withdrawn). */
  @Column({ name: 'observation_id', type: 'integer', nullable: true })
  observationId!: number | null;

  /** The value correction it stands behind. */
  @Column({ name: 'correction_id', type: 'integer', nullable: true })
  correctionId!: number | null;

  /** The batch it came with (intake), so a withdrawal takes it back too. */
  @Column({ name: 'batch_id', type: 'integer', nullable: true })
  batchId!: number | null;

  /** Whose month it concerns (one of the two), for access: staff see their own evidence, managers their departments'. */
  @Column({ name: 'staff_id', type: 'integer', nullable: true })
  staffId!: number | null;

  @Column({ name: 'department_id', type: 'integer', nullable: true })
  departmentId!: number | null;

  /** The input whose month value it stands behind, when attached to a person's (or department's) value. */
  @Column({ name: 'input_id', type: 'integer', nullable: true })
  inputId!: number | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'file_name', type: 'varchar', length: 255, nullable: true })
  fileName!: string | null;

  /** As the bytes show it (magic bytes): image/jpeg, image/png, application/pdf… */
  @Column({ name: 'content_type', type: 'varchar', length: 100, nullable: true })
  contentType!: string | null;

  @Column({ type: 'integer', nullable: true })
  size!: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  sha256!: string | null;

  /** The file's bytes as base64, when kept in the database. */
  @Column({ type: 'text', nullable: true })
  content!: string | null;

  /** Where the file is, relative to the configured evidence directory, when kept on disk. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  path!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;
}

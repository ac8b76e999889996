// What finance and other systems touch: API keys (stored hashed, with scopes), payroll export batches (with
// their idempotency key and checksum), and the append-only audit log.
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CREATED_AT, JSON_TEXT, PERIOD_COLUMN } from './columns';

export const API_KEY_SCOPES = ['scores:read', 'payroll:read'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

@Entity('api_keys')
export class ApiKey {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The key's first characters, shown in lists so people can tell keys apart; not enough to use it. */
  @Index('ix_api_keys_prefix')
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  /** SHA-256 of the whole key, hex. The key itself is shown once, when created, and never stored. */
  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  @Column({ ...JSON_TEXT })
  scopes!: ApiKeyScope[];

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;

  @Column({ name: 'revoked_at', ...CREATED_AT, nullable: true })
  revokedAt!: string | null;

  @Column({ name: 'last_used_at', ...CREATED_AT, nullable: true })
  lastUsedAt!: string | null;
}

/** A payroll export of a closed period, recorded so that retries with the same Idempotency-Key find it again. */
@Entity('payroll_exports')
export class PayrollExport {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ ...PERIOD_COLUMN })
  period!: string;

  @Index('uq_payroll_exports_idempotency_key', { unique: true })
  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, nullable: true })
  idempotencyKey!: string | null;

  /** SHA-256 of the request (period and body): the same key with another request is refused. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ type: 'varchar', length: 8 })
  format!: string;

  @Column({ name: 'line_count', type: 'integer' })
  lineCount!: number;

  /** The sum of the lines, a decimal string. */
  @Column({ type: 'varchar', length: 32 })
  total!: string;

  /** SHA-256 of the exported bytes. */
  @Column({ type: 'varchar', length: 64 })
  checksum!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;
}

/** One change, state transition, run, export or key event: append-only. */
@Entity('audit_log')
@Index('ix_audit_log_entity', ['entity', 'entityKey'])
export class AuditEntry {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ ...CREATED_AT })
  at!: string;

  /** Who: a user, `api-key:<id>`, `scheduler`, `cli`... */
  @Column({ type: 'varchar', length: 100 })
  actor!: string;

  /** What happened, e.g. `period.close`, `api-key.create`. */
  @Index('ix_audit_log_action')
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  /** The kind of thing changed, e.g. `period`, `api-key`, and its key. */
  @Column({ type: 'varchar', length: 32 })
  entity!: string;

  @Column({ name: 'entity_key', type: 'varchar', length: 100 })
  entityKey!: string;

  @Column({ ...JSON_TEXT, nullable: true })
  before!: unknown;

  @Column({ ...JSON_TEXT, nullable: true })
  after!: unknown;
}

// The work-order feed: repairs and transports (报修 / 运送) requested and closed in a hospital's work-order system
// arrive as events (created, assigned, arrived, completed, reopened, rated) signed with the feed's shared secret, or
// as a file export of the same events. Events are kept as received (a duplicate event id is ignored); an order's
// state is rebuilt from its events in time order, so events may arrive in any order. A mapping, versioned and
// effective-dated like the workload catalogue, turns a month's orders into inputs per person or team and into
// workload task counts; each derivation is one intake batch (source `work_orders`) of the month.
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CodedEntity, VersionedContent } from './base.entity';
import { CREATED_AT } from './columns';
import { IntakeBatch } from './intake.entity';
import { Period } from './period.entity';

export const WORK_ORDER_EVENT_TYPES = [
  'created',
  'assigned',
  'arrived',
  'completed',
  'reopened',
  'rated',
] as const;
export type WorkOrderEventType = (typeof WORK_ORDER_EVENT_TYPES)[number];

/** One external system sending events: its code names it in the URL's header, its secret signs its requests. */
@Entity('work_order_feeds')
export class WorkOrderFeed extends CodedEntity {
  /** The HMAC-SHA256 shared secret (shown once when made or rotated; kept to verify signatures). */
  @Column({ type: 'varchar', length: 128 })
  secret!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;

  /** A disabled feed's requests are refused (401) as if unsigned. */
  @Column({ name: 'disabled_at', ...CREATED_AT, nullable: true })
  disabledAt!: string | null;
}

/**
 * One event as received. Fields an event type does not carry are null; the codes are the external system's words
 * (staff and department codes of this product, service types of the mapping), checked at derivation, not at receipt,
 * so a system is never refused for a code HR has not set up yet.
 */
@Entity('work_order_events')
@Unique('uq_work_order_events_feed_event', ['feedId', 'eventId'])
@Index('ix_work_order_events_feed_order', ['feedId', 'orderId'])
@Index('ix_work_order_events_feed_month', ['feedId', 'month'])
export class WorkOrderEvent {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => WorkOrderFeed, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'feed_id' })
  feed!: WorkOrderFeed;

  @Column({ name: 'feed_id', type: 'integer' })
  feedId!: number;

  /** The external system's event id: a second event with the same id from the same feed is a duplicate. */
  @Column({ name: 'event_id', type: 'varchar', length: 100 })
  eventId!: string;

  /** The external system's order id. */
  @Column({ name: 'order_id', type: 'varchar', length: 100 })
  orderId!: string;

  @Column({ type: 'varchar', length: 12 })
  type!: WorkOrderEventType;

  /** When it happened (ISO 8601 with offset, as sent, normalised to UTC). */
  @Column({ name: 'occurred_at', ...CREATED_AT })
  occurredAt!: string;

  /** The month ("YYYY-MM", in the hospital's time zone) it happened in: how a month's orders are found. */
  @Column({ type: 'varchar', length: 7 })
  month!: string;

  /** created: the requesting department's code (a clinical department, 服务对象科室). */
  @Column({ name: 'requester', type: 'varchar', length: 64, nullable: true })
  requester!: string | null;

  /** created (or assigned): the service type (e.g. `repair.electric`, `transport.patient`), mapped to tasks. */
  @Column({ name: 'service_type', type: 'varchar', length: 64, nullable: true })
  serviceType!: string | null;

  /** assigned: the member of staff assigned (staff code). */
  @Column({ name: 'assignee', type: 'varchar', length: 64, nullable: true })
  assignee!: string | null;

  /** assigned: the team (a department code of this product) assigned. */
  @Column({ name: 'team', type: 'varchar', length: 64, nullable: true })
  team!: string | null;

  /** completed: the result (`done`, `failed`, `cancelled`…). */
  @Column({ name: 'result', type: 'varchar', length: 32, nullable: true })
  result!: string | null;

  /** rated: the requester's rating (1–5). */
  @Column({ type: 'double precision', nullable: true })
  rating!: number | null;

  /** reopened / rated: a complaint or comment. */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'received_at', ...CREATED_AT })
  receivedAt!: string;
}

/** What a month's orders make (one mapping per version; see docs). */
export interface WorkOrderMappingContent {
  /** Inputs of the dictionary derived per person (`per: 'staff'`) or per team (`per: 'team'`). */
  inputs: {
    input: string;
    per: 'staff' | 'team';
    measure: string;
    /** Only orders of these service types (all when absent). */
    serviceTypes?: string[];
    /** For time-based measures: the limit in minutes. */
    minutes?: number;
    /** For percentiles: 50, 90, 95… */
    percentile?: number;
  }[];
  /** Completed orders of a service type counted as a workload task of the catalogue. */
  tasks: { serviceType: string; task: string; per: 'staff' | 'team' }[];
}

/** The mapping from orders to inputs and tasks, versioned and effective-dated like the workload catalogue. */
@Entity('work_order_mapping_versions')
@Unique('uq_work_order_mapping_version', ['version'])
export class WorkOrderMappingVersion extends VersionedContent<WorkOrderMappingContent> {}

/** A month's derivation from every feed's orders: the intake batch it made (a later one replaces it). */
@Entity('work_order_derivations')
@Index('ix_work_order_derivations_period', ['periodId'])
export class WorkOrderDerivation {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => Period, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'period_id' })
  periodRef!: Period;

  @Column({ name: 'period_id', type: 'integer' })
  periodId!: number;

  @ManyToOne(() => IntakeBatch, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'batch_id' })
  batch!: IntakeBatch | null;

  /** The batch of observations it stored (null when the month's orders gave no value). */
  @Column({ name: 'batch_id', type: 'integer', nullable: true })
  batchId!: number | null;

  @Column({ name: 'mapping_version', type: 'integer' })
  mappingVersion!: number;

  /** Counts of what it read and made: orders, events, orphans, rows, and the unknown codes it skipped. */
  @Column({ type: 'simple-json' })
  summary!: Record<string, unknown>;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;
}

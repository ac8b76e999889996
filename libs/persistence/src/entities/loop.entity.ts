// The appraisal loop (appraise → feedback → improve → appraise): what managers write about a person's month,
// the improvement plans tied to weak indicators (and whether the next month showed them working), and what the
// person answers: acknowledgement, comments, appeals. Everything is per staff member and month ("YYYY-MM").
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CREATED_AT, JSON_TEXT, PERIOD_COLUMN } from './columns';
import { Staff } from './staff.entity';

export const PLAN_REASONS = ['low_score', 'veto', 'manager'] as const;
export type PlanReason = (typeof PLAN_REASONS)[number];
export const PLAN_STATUSES = ['proposed', 'agreed', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_OUTCOMES = ['improved', 'not_improved'] as const;
export type PlanOutcome = (typeof PLAN_OUTCOMES)[number];
export const ACTION_STATUSES = ['open', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
/** A step of a plan is a task, or a training assignment whose hours done feed the month they were done in. */
export const ACTION_KINDS = ['task', 'training'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
export const APPEAL_STATUSES = ['open', 'accepted', 'rejected'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** A row about one staff member's month. */
abstract class StaffMonthPart {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => Staff, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff!: Staff;

  @Column({ name: 'staff_id', type: 'integer' })
  staffId!: number;

  @Column({ ...PERIOD_COLUMN })
  period!: string;
}

/** A manager's (or HR's) feedback on a month, optionally about one indicator. */
@Entity('feedback')
@Index('ix_feedback_staff_period', ['staffId', 'period'])
export class Feedback extends StaffMonthPart {
  @Column({ type: 'varchar', length: 64, nullable: true })
  indicator!: string | null;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'varchar', length: 100 })
  author!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;
}

/**
 * A person's improvement plan for a month: at most one per staff member and month, holding the few indicators to
 * work on as items (plan_items) and the steps to take as actions (plan_actions). Agreed or closed as a whole.
 */
@Entity('improvement_plans')
@Unique('uq_improvement_plans_staff_period', ['staffId', 'period'])
@Index('ix_improvement_plans_period_status', ['period', 'status'])
export class ImprovementPlan extends StaffMonthPart {
  @Column({ type: 'varchar', length: 12, default: 'proposed' })
  status!: PlanStatus;

  /** Who started the plan: 'system' (the run's follow-up) or the manager or HR who wrote its first item. */
  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;
}

/** One indicator of a plan: why it is in the plan, its score then, and what the next month measuring it showed. */
@Entity('plan_items')
@Unique('uq_plan_items_plan_indicator', ['planId', 'indicator'])
// A month's items (its analysis; whether any earlier item waits for an outcome), and a page of people's earlier
// items waiting for one (the follow-up).
@Index('ix_plan_items_period', ['period'])
@Index('ix_plan_items_staff_period', ['staffId', 'period'])
export class PlanItem {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => ImprovementPlan, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id' })
  plan!: ImprovementPlan;

  @Column({ name: 'plan_id', type: 'integer' })
  planId!: number;

  /** The plan's person and month, kept on the item so that the follow-up finds open items with one index. */
  @Column({ name: 'staff_id', type: 'integer' })
  staffId!: number;

  @Column({ ...PERIOD_COLUMN })
  period!: string;

  @Column({ type: 'varchar', length: 64 })
  indicator!: string;

  @Column({ type: 'varchar', length: 12 })
  reason!: PlanReason;

  /** The indicator's score in the plan's month (null: not scored). */
  @Column({ name: 'baseline_score', type: 'double precision', nullable: true })
  baselineScore!: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome!: PlanOutcome | null;

  @Column({ name: 'outcome_period', ...PERIOD_COLUMN, nullable: true })
  outcomePeriod!: string | null;

  @Column({ name: 'outcome_score', type: 'double precision', nullable: true })
  outcomeScore!: number | null;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;
}

/** One step of a plan: what, who, by when. */
@Entity('plan_actions')
@Index('ix_plan_actions_plan', ['planId'])
// The training hours of a month are read by the day they were done.
@Index('ix_plan_actions_kind_done', ['kind', 'doneOn'])
export class PlanAction {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => ImprovementPlan, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id' })
  plan!: ImprovementPlan;

  @Column({ name: 'plan_id', type: 'integer' })
  planId!: number;

  @Column({ type: 'varchar', length: 1000 })
  what!: string;

  @Column({ type: 'varchar', length: 200 })
  owner!: string;

  /** ISO date. */
  @Column({ name: 'due_date', type: 'varchar', length: 10 })
  dueDate!: string;

  @Column({ type: 'varchar', length: 8, default: 'open' })
  status!: ActionStatus;

  @Column({ type: 'varchar', length: 12, default: 'task' })
  kind!: ActionKind;

  /** A training assignment's course (null for a task). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  course!: string | null;

  /** A training assignment's hours planned. */
  @Column({ name: 'planned_hours', type: 'double precision', nullable: true })
  plannedHours!: number | null;

  /** A training assignment's hours done, and the day they were completed (ISO date): set when it is done. */
  @Column({ name: 'done_hours', type: 'double precision', nullable: true })
  doneHours!: number | null;

  @Column({ name: 'done_on', type: 'varchar', length: 10, nullable: true })
  doneOn!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;
}

/** The staff member has seen their month (once per month). */
@Entity('acknowledgements')
@Unique('uq_acknowledgements_staff_period', ['staffId', 'period'])
export class Acknowledgement extends StaffMonthPart {
  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ ...CREATED_AT })
  at!: string;
}

/** The staff member's comment on their month. */
@Entity('staff_comments')
@Index('ix_staff_comments_staff_period', ['staffId', 'period'])
export class StaffComment extends StaffMonthPart {
  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'varchar', length: 100 })
  author!: string;

  @Column({ ...CREATED_AT })
  at!: string;
}

/** The staff member disputes indicators of their month; HR accepts (re-scoring it) or rejects with a reason. */
@Entity('appeals')
@Index('ix_appeals_status_period', ['status', 'period'])
@Index('ix_appeals_staff_period', ['staffId', 'period'])
export class Appeal extends StaffMonthPart {
  /** The department of the appealed result (whose manager sees the appeal). */
  @Column({ type: 'varchar', length: 64 })
  department!: string;

  @Column({ ...JSON_TEXT })
  indicators!: string[];

  @Column({ type: 'text' })
  reason!: string;

  /** Ids of the evidence of the person's month the appeal points at (checked to be theirs when it is made). */
  @Column({ ...JSON_TEXT, nullable: true })
  evidence!: number[] | null;

  @Column({ type: 'varchar', length: 12, default: 'open' })
  status!: AppealStatus;

  /** "staffId:period" while open, null after: at most one open appeal per person and month, in any process. */
  @Index('uq_appeals_open_key', { unique: true })
  @Column({ name: 'open_key', type: 'varchar', length: 40, nullable: true })
  openKey!: string | null;

  @Column({ ...CREATED_AT })
  deadline!: string;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason!: string | null;

  @Column({ name: 'decided_by', type: 'varchar', length: 100, nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', ...CREATED_AT, nullable: true })
  decidedAt!: string | null;

  /** The run an accepted appeal started (open or scored month). */
  @Column({ name: 'run_id', type: 'varchar', length: 36, nullable: true })
  runId!: string | null;

  /** The adjustment an accepted appeal made (closed month). */
  @Column({ name: 'adjustment_id', type: 'integer', nullable: true })
  adjustmentId!: number | null;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;
}

/**
 * HR's decision on one person's grade of a month, with its reason (docs/CALIBRATION.md): the month's runs give
 * the person this grade after the grade quotas, and the person sees the reason with their result.
 */
@Entity('grade_overrides')
@Unique('uq_grade_overrides_staff_period', ['staffId', 'period'])
@Index('ix_grade_overrides_period', ['period'])
export class GradeOverride extends StaffMonthPart {
  @Column({ type: 'varchar', length: 64 })
  grade!: string;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  @Column({ type: 'varchar', length: 100 })
  author!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;
}

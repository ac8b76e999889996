// HR's configuration: the input dictionary, indicator sets and the workload catalogue with versions effective
// from a period, and the rules that assign a set to each member of staff.
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type {
  DimensionDef,
  GradeDef,
  IndicatorDef,
  InputLevel,
  PlanRuleDef,
  QuotasDef,
  WorkloadDef,
} from '@app/scoring';
import { CodedEntity, VersionedContent } from './base.entity';
import { Department, PostType } from './organisation.entity';
import { Staff } from './staff.entity';

export const AGGREGATES = ['sum', 'mean', 'min', 'max', 'last', 'count'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

@Entity('input_definitions')
export class InputDefinition extends CodedEntity {
  @Column({ type: 'varchar', length: 32 })
  unit!: string;

  @Column({ type: 'varchar', length: 16 })
  level!: InputLevel;

  /** How a month's observations make the month's value. */
  @Column({ type: 'varchar', length: 8, default: 'sum' })
  aggregate!: Aggregate;
}

@Entity('indicator_sets')
export class IndicatorSet extends CodedEntity {}

/** The content of a set version, in the scorecard document's own shape. */
export interface IndicatorSetContent {
  dimensions: DimensionDef[];
  indicators: IndicatorDef[];
  grades?: GradeDef[];
  /** How the set's improvement plans are made (docs/FORMAT.md, "Improvement plans"). */
  plans?: PlanRuleDef;
  /** Grade quotas over the set's staff (docs/FORMAT.md, "Grade quotas and overrides"). */
  quotas?: QuotasDef;
}

/** One version of a set (see VersionedContent). */
@Entity('indicator_set_versions')
@Unique('uq_indicator_set_version', ['setId', 'version'])
export class IndicatorSetVersion extends VersionedContent<IndicatorSetContent> {
  @ManyToOne(() => IndicatorSet, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'set_id' })
  set!: IndicatorSet;

  @Column({ name: 'set_id', type: 'integer' })
  setId!: number;
}

/** The workload catalogue, versioned the same way. */
@Entity('workload_catalogue_versions')
@Unique('uq_workload_version', ['version'])
export class WorkloadCatalogueVersion extends VersionedContent<WorkloadDef> {}

/**
 * Chooses a set for staff matching every non-null criterion; an explicit staff rule overrides all others,
 * then the most specific rule wins, then the highest priority.
 */
@Entity('assignment_rules')
@Index('ix_assignment_rules_staff', ['staffId'])
export class AssignmentRule {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => IndicatorSet, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'set_id' })
  set!: IndicatorSet;

  @Column({ name: 'set_id', type: 'integer' })
  setId!: number;

  @ManyToOne(() => PostType, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'post_type_id' })
  postType!: PostType | null;

  @Column({ name: 'post_type_id', type: 'integer', nullable: true })
  postTypeId!: number | null;

  @ManyToOne(() => Department, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'department_id' })
  department!: Department | null;

  @Column({ name: 'department_id', type: 'integer', nullable: true })
  departmentId!: number | null;

  @Column({ name: 'employment_type', type: 'varchar', length: 16, nullable: true })
  employmentType!: string | null;

  @ManyToOne(() => Staff, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_id' })
  staff!: Staff | null;

  @Column({ name: 'staff_id', type: 'integer', nullable: true })
  staffId!: number | null;

  @Column({ type: 'integer', default: 0 })
  priority!: number;
}

// A member of staff: who is scored, where, on which post, under which employment type, and when active.
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Department, PostType, Site } from './organisation.entity';

export const EMPLOYMENT_TYPES = ['in_house', 'contract', 'outsourced'] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

/** Where someone works: department, own site (overrides the department's when set), post type. */
export abstract class Placed {
  @ManyToOne(() => Department, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department!: Department;

  @Index()
  @Column({ name: 'department_id', type: 'integer' })
  departmentId!: number;

  /** Overrides the department's site when set. */
  @ManyToOne(() => Site, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'site_id' })
  site!: Site | null;

  @Column({ name: 'site_id', type: 'integer', nullable: true })
  siteId!: number | null;

  @ManyToOne(() => PostType, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'post_type_id' })
  postType!: PostType | null;

  @Column({ name: 'post_type_id', type: 'integer', nullable: true })
  postTypeId!: number | null;
}

@Entity('staff')
export class Staff extends Placed {
  @PrimaryGeneratedColumn()
  id!: number;

  /** The staff id of the scorecard document. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Index({ unique: true })
  @Column({ name: 'employee_no', type: 'varchar', length: 64 })
  employeeNo!: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  name!: string;

  @Column({ name: 'employment_type', type: 'varchar', length: 16, default: 'in_house' })
  employmentType!: EmploymentType;

  /** First and last day of activity, ISO dates; null `activeTo` = still active. */
  @Column({ name: 'active_from', type: 'varchar', length: 10 })
  activeFrom!: string;

  @Column({ name: 'active_to', type: 'varchar', length: 10, nullable: true })
  activeTo!: string | null;
}

/**
 * Where a member of staff was placed before a month: the department, site, post type and employment type in
 * force in the months before `until` (and after the previous earlier placement's `until`, if any). The staff
 * row holds the placement from the last `until` on. A member of staff who never moved has no rows here.
 */
@Entity('staff_placements')
@Unique('uq_staff_placements_staff_until', ['staffId', 'until'])
export class StaffPlacement extends Placed {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => Staff, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_id' })
  staff!: Staff;

  @Column({ name: 'staff_id', type: 'integer' })
  staffId!: number;

  /** The first month ("YYYY-MM") this placement no longer applies to. */
  @Column({ name: 'until_period', type: 'varchar', length: 7 })
  until!: string;

  @Column({ name: 'employment_type', type: 'varchar', length: 16 })
  employmentType!: EmploymentType;
}

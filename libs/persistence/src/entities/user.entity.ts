// People who sign in: HR, department managers (scoped to departments), staff (linked to their own staff
// record), auditors (read-only) and finance readers (the posted scores and payroll of approved and closed months,
// downloads only). Systems use API keys instead (finance.entity.ts).
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CREATED_AT, JSON_TEXT } from './columns';
import { Staff } from './staff.entity';

export const ROLES = ['hr_admin', 'dept_manager', 'staff', 'auditor', 'finance'] as const;
export type Role = (typeof ROLES)[number];

@Entity('users')
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('uq_users_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  /** The username in lower case: `LiWei` and `liwei` are one user (unique), whatever case they sign in with. */
  @Index('uq_users_username_key', { unique: true })
  @Column({ name: 'username_key', type: 'varchar', length: 64 })
  usernameKey!: string;

  /** scrypt, salted: `scrypt$N$r$p$salt$hash` (base64url); never the password. */
  @Column({ name: 'password_hash', type: 'varchar', length: 200 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  /** The staff record a `staff` user is (their own results, feedback, plans and appeals). */
  @ManyToOne(() => Staff, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff!: Staff | null;

  /** Unique: one user per staff record, so a person's results have one reader. */
  @Index('uq_users_staff', { unique: true })
  @Column({ name: 'staff_id', type: 'integer', nullable: true })
  staffId!: number | null;

  /** Department codes a `dept_manager` manages. */
  @Column({ ...JSON_TEXT })
  departments!: string[];

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;

  @Column({ name: 'disabled_at', ...CREATED_AT, nullable: true })
  disabledAt!: string | null;

  /** Set by HR's reset (a one-time password): until it is changed the user may do nothing else. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword!: boolean;
}

// People who sign in: HR, department managers (scoped to departments), staff (linked to their own staff
// record) and auditors (read-only). Systems use API keys instead (finance.entity.ts).
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CREATED_AT, JSON_TEXT } from './columns';
import { Staff } from './staff.entity';

export const ROLES = ['hr_admin', 'dept_manager', 'staff', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

@Entity('users')
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('uq_users_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  /** scrypt, salted: `scrypt$N$r$p$salt$hash` (base64url); never the password. */
  @Column({ name: 'password_hash', type: 'varchar', length: 200 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  /** The staff record a `staff` user is (their own results, feedback, plans and appeals). */
  @ManyToOne(() => Staff, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff!: Staff | null;

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
}

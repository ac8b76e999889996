// Column groups that several tables share, declared once.
import { Column, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JSON_TEXT, LocalNames, PERIOD_COLUMN } from './columns';

/** A row known to people by a unique code and a name (sites, departments, post types, indicator sets). */
export abstract class CodedEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** The name per language when given so (`{zh, en}`); `name` then holds the Chinese, else the English. */
  @Column({ ...JSON_TEXT, nullable: true })
  names!: LocalNames | null;
}

/**
 * One version of a definition, in force from `effectiveFrom` until the next version's. A version that a closed
 * period was scored with is frozen: editing makes a new version.
 */
export abstract class VersionedContent<T> {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'effective_from', ...PERIOD_COLUMN })
  effectiveFrom!: string;

  @Column({ ...JSON_TEXT })
  content!: T;

  @Column({ type: 'boolean', default: false })
  frozen!: boolean;
}

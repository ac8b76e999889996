// Sites (campuses), departments and post types: where people work and what they do.
import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { CodedEntity } from './base.entity';

@Entity('sites')
export class Site extends CodedEntity {}

@Entity('departments')
export class Department extends CodedEntity {
  @ManyToOne(() => Site, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'site_id' })
  site!: Site | null;

  @Column({ name: 'site_id', type: 'integer', nullable: true })
  siteId!: number | null;

  @ManyToOne(() => Department, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent!: Department | null;

  @Column({ name: 'parent_id', type: 'integer', nullable: true })
  parentId!: number | null;
}

@Entity('post_types')
export class PostType extends CodedEntity {}

// Staff opinions on the appraisal itself (考核意见征集): HR opens a round; each member of staff may answer it once,
// rating how fair each indicator of their set is (1–5) with an optional comment per indicator and a general
// suggestion. Answers are anonymous: who answered (to answer once) and what was answered are kept in two tables
// with nothing joining them — no staff id, no time and no serial id on an answer — and HR reads them only
// aggregated per set, and only for a set with enough answers (docs/OPINIONS.md).
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CREATED_AT, JSON_TEXT, LocalNames, PERIOD_COLUMN } from './columns';
import { Staff } from './staff.entity';

export const OPINION_ROUND_STATES = ['open', 'closed'] as const;
export type OpinionRoundState = (typeof OPINION_ROUND_STATES)[number];

/** The questions of a round, fixed when it opens: per set code, its indicators as they were in force. */
export interface OpinionQuestions {
  sets: { set: string; name: LocalNames; indicators: { code: string; name: LocalNames }[] }[];
}

@Entity('opinion_rounds')
export class OpinionRound {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  /** The title in Chinese and English, when given in both. */
  @Column({ ...JSON_TEXT, nullable: true })
  names!: LocalNames | null;

  /** The month whose sets in force the questions come from. */
  @Column({ ...PERIOD_COLUMN })
  period!: string;

  @Column({ ...JSON_TEXT })
  questions!: OpinionQuestions;

  @Column({ type: 'varchar', length: 8, default: 'open' })
  status!: OpinionRoundState;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;

  @Column({ name: 'closed_at', ...CREATED_AT, nullable: true })
  closedAt!: string | null;
}

/** Who has answered a round (once each). Nothing here points at the answer. */
@Entity('opinion_participants')
export class OpinionParticipant {
  @PrimaryColumn({ name: 'round_id', type: 'integer' })
  roundId!: number;

  @PrimaryColumn({ name: 'staff_id', type: 'integer' })
  staffId!: number;

  @ManyToOne(() => OpinionRound, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id' })
  round!: OpinionRound;

  @ManyToOne(() => Staff, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff!: Staff;
}

/** One anonymous answer: a random id, the set it is about, the ratings and the words. */
@Entity('opinion_answers')
@Index('ix_opinion_answers_round_set', ['roundId', 'setCode'])
export class OpinionAnswer {
  /** A random UUID: a serial id would order answers like the participants, and so name them. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @ManyToOne(() => OpinionRound, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id' })
  round!: OpinionRound;

  @Column({ name: 'round_id', type: 'integer' })
  roundId!: number;

  @Column({ name: 'set_code', type: 'varchar', length: 64 })
  setCode!: string;

  /** Indicator code → fairness 1–5 (an indicator left out was not rated). */
  @Column({ ...JSON_TEXT })
  ratings!: Record<string, number>;

  /** Indicator code → comment. */
  @Column({ ...JSON_TEXT })
  comments!: Record<string, string>;

  @Column({ type: 'text', nullable: true })
  suggestion!: string | null;
}

// Satisfaction surveys (满意度测评): HR defines a campaign — questions on a 1–5 or 1–10 scale in Chinese and English,
// what is rated (departments, teams or named staff, each a target), who answers (clinical departments or anonymous
// patients, one token each) and the month it counts in. A respondent opens their link (or QR code) without signing
// in and answers once; the answer stays editable until the campaign closes. Closing turns the answers into
// observations of the campaign's declared inputs as one intake batch (source `survey`) of its month, with the
// campaign's statistics table as the batch's evidence.
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CodedEntity } from './base.entity';
import { CREATED_AT, JSON_TEXT, LocalNames, PERIOD_COLUMN } from './columns';
import { IntakeBatch } from './intake.entity';

export const SURVEY_STATES = ['draft', 'open', 'closed'] as const;
export type SurveyState = (typeof SURVEY_STATES)[number];

/** A campaign's questions, targets and what closing makes of the answers. */
export interface SurveyContent {
  questions: { code: string; text: LocalNames; scale: 5 | 10 }[];
  /** Whether a respondent may leave a comment (kept with the answer, shown to HR, never scored). */
  comment: boolean;
  /** What is rated: each target is a department (team) or a member of staff of this product, by code. */
  targets: { kind: 'department' | 'staff'; code: string; label?: LocalNames }[];
  /** The inputs closing writes per target (codes of the dictionary); an absent one is not written. */
  outputs: {
    /** Responses that rated the target. */
    answers?: string;
    /** Responses whose mean score for the target is at least `satisfiedAtLeast` (on the 1–5 scale's terms). */
    satisfied?: string;
    /** The mean score (1–5 scale; a 1–10 question counts half) of the target over its responses. */
    mean?: string;
  };
  /** A response is "satisfied" with a target when its mean score is at least this (default 4 of 5). */
  satisfiedAtLeast?: number;
}

@Entity('survey_campaigns')
export class SurveyCampaign extends CodedEntity {
  /** The month ("YYYY-MM") its observations count in. */
  @Column({ ...PERIOD_COLUMN })
  period!: string;

  @Column({ type: 'varchar', length: 8, default: 'draft' })
  state!: SurveyState;

  @Column({ ...JSON_TEXT })
  content!: SurveyContent;

  @Column({ name: 'opened_at', ...CREATED_AT, nullable: true })
  openedAt!: string | null;

  @Column({ name: 'closed_at', ...CREATED_AT, nullable: true })
  closedAt!: string | null;

  /** The intake batch closing made (withdrawn with it; null before closing or when no one answered). */
  @ManyToOne(() => IntakeBatch, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'batch_id' })
  batch!: IntakeBatch | null;

  @Column({ name: 'batch_id', type: 'integer', nullable: true })
  batchId!: number | null;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Column({ name: 'created_at', ...CREATED_AT })
  createdAt!: string;
}

/** Who answers: a clinical department or one anonymous patient slip; its token opens the answer page once. */
@Entity('survey_respondents')
@Index('ix_survey_respondents_campaign', ['campaignId'])
export class SurveyRespondent {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => SurveyCampaign, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign!: SurveyCampaign;

  @Column({ name: 'campaign_id', type: 'integer' })
  campaignId!: number;

  @Column({ type: 'varchar', length: 12 })
  kind!: 'department' | 'patient';

  /** The responding department's code (kind `department`); null for a patient. */
  @Column({ name: 'department_code', type: 'varchar', length: 64, nullable: true })
  departmentCode!: string | null;

  /** How HR and the printed sheet call it (the department's name, "病区 3 · 患者 12"). */
  @Column({ type: 'varchar', length: 200 })
  label!: string;

  /** 128 random bits, base64url: the link's secret (kept so the sheet can be printed again and reminders sent). */
  @Index('uq_survey_respondents_token', { unique: true })
  @Column({ type: 'varchar', length: 43 })
  token!: string;

  @Column({ name: 'reminded_at', ...CREATED_AT, nullable: true })
  remindedAt!: string | null;

  @Column({ name: 'reminders', type: 'integer', default: 0 })
  reminders!: number;
}

/** A respondent's answer (one per respondent; replaced by an edit until the campaign closes). */
@Entity('survey_responses')
@Unique('uq_survey_responses_respondent', ['respondentId'])
@Index('ix_survey_responses_campaign', ['campaignId'])
export class SurveyResponse {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'campaign_id', type: 'integer' })
  campaignId!: number;

  @ManyToOne(() => SurveyRespondent, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'respondent_id' })
  respondent!: SurveyRespondent;

  @Column({ name: 'respondent_id', type: 'integer' })
  respondentId!: number;

  /** Scores by target code, then question code: `{ "CLEAN-3": { "q1": 5, "q2": 4 } }` (targets left out: not rated). */
  @Column({ ...JSON_TEXT })
  answers!: Record<string, Record<string, number>>;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ name: 'submitted_at', ...CREATED_AT })
  submittedAt!: string;

  @Column({ name: 'updated_at', ...CREATED_AT })
  updatedAt!: string;

  /** How many times it was edited after the first submission. */
  @Column({ type: 'integer', default: 0 })
  edits!: number;
}

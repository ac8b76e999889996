// A respondent's side of a survey (答卷): the phone page opens with the token of its link, without signing in, reads
// the questions and the targets (测评对象) and the answer given so far, and sends the answer. One answer per
// respondent: sending again while the campaign is open replaces it (counted in `edits`), never adds a second;
// a draft or a closed campaign refuses (409, in Chinese and English). The token is the only key, so every way a
// token can fail (malformed, unknown) is the same 404 with the same words: an answer says nothing about which
// tokens exist. Nothing here is audited (answers are not HR's writes, and the token must not reach a log).
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { LocalNames, SurveyCampaign, SurveyRespondent, SurveyResponse } from '@app/persistence';
import { NotFoundError, quoteValue } from '../model';
import { SurveyStateError, withLabels } from './campaigns.service';
import { SurveyAnswers } from './statistics';
import { surveyProblem, SurveyInvalidError } from './survey-content';

/** A token as links carry it: 22 base64url characters (128 bits). */
export const SURVEY_TOKEN_RE = /^[A-Za-z0-9_-]{22}$/;
/** The longest comment kept. */
export const MAX_SURVEY_COMMENT = 2000;

/** Any token that opens nothing: one text whatever the reason. */
export class SurveyTokenNotFoundError extends NotFoundError {
  static override readonly defaultCode = 'SURVEY_LINK_INVALID';

  constructor() {
    super('链接无效或已失效 / this survey link is not valid');
  }
}

/** The refusal of a campaign not taking answers: not opened yet, or closed. */
export function notTakingAnswers(state: 'draft' | 'closed'): SurveyStateError {
  return state === 'draft'
    ? new SurveyStateError('测评未开始 / this survey has not started yet', 'SURVEY_NOT_OPEN')
    : new SurveyStateError('测评已结束 / this survey has ended', 'SURVEY_CLOSED');
}

export interface AnswerView {
  answers: SurveyAnswers;
  comment: string | null;
  submittedAt: string;
  updatedAt: string;
}

/** What the answer page shows. */
export interface SurveyPage {
  campaign: { name: string; names: LocalNames | null; period: string; state: SurveyCampaign['state'] };
  questions: { code: string; text: LocalNames; scale: 5 | 10 }[];
  /** Whether a comment may be left. */
  comment: boolean;
  targets: { code: string; label: LocalNames }[];
  answer: AnswerView | null;
  /** Whether an answer may be sent (or changed) now: the campaign is open. */
  editable: boolean;
}

const answerView = (r: SurveyResponse): AnswerView => ({
  answers: r.answers,
  comment: r.comment,
  submittedAt: r.submittedAt,
  updatedAt: r.updatedAt,
});

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

@Injectable()
export class SurveyAnswersService {
  constructor(private readonly ds: DataSource) {}

  /** The page of a token. @throws SurveyTokenNotFoundError */
  async read(token: string): Promise<SurveyPage> {
    const em = this.ds.manager;
    const { respondent, campaign } = await this.open(em, token);
    const content = await withLabels(em, campaign.content);
    const answer = await em.findOne(SurveyResponse, { where: { respondentId: respondent.id } });
    return {
      campaign: {
        name: campaign.name,
        names: campaign.names,
        period: campaign.period,
        state: campaign.state,
      },
      questions: content.questions.map((q) => ({ code: q.code, text: q.text, scale: q.scale })),
      comment: content.comment,
      targets: content.targets.map((t) => ({ code: t.code, label: t.label! })),
      answer: answer ? answerView(answer) : null,
      editable: campaign.state === 'open',
    };
  }

  /**
   * Stores the token's answer, or replaces it (edits + 1) while the campaign is open.
   * @throws SurveyTokenNotFoundError; SurveyStateError (409) when the campaign is a draft or closed;
   *   SurveyInvalidError (400) naming each bad field (`answers.CLEAN-3.q1`)
   */
  async answer(token: string, body: unknown): Promise<AnswerView> {
    try {
      return await this.ds.transaction((em) => this.answerIn(em, token, body));
    } catch (e) {
      // The same token's first answer sent twice at once: one insert won, so this one is an edit of it.
      if (e instanceof QueryFailedError && /unique|duplicate/i.test(e.message))
        return this.ds.transaction((em) => this.answerIn(em, token, body));
      throw e;
    }
  }

  private async answerIn(em: EntityManager, token: string, body: unknown): Promise<AnswerView> {
    const { respondent } = await this.open(em, token);
    // Read under a shared lock (PostgreSQL): a closing changes the state only once this answer is in, and an
    // answer after it waits for the closing and finds the campaign closed (campaigns.service.ts, close).
    const q = em
      .getRepository(SurveyCampaign)
      .createQueryBuilder('c')
      .where('c.id = :id', { id: respondent.campaignId });
    if (em.connection.options.type === 'postgres') q.setLock('pessimistic_read');
    const campaign = (await q.getOne())!;
    if (campaign.state !== 'open') throw notTakingAnswers(campaign.state);
    const { answers, comment } = checkAnswer(campaign, body);
    const repo = em.getRepository(SurveyResponse);
    const now = new Date().toISOString();
    const earlier = await repo.findOne({ where: { respondentId: respondent.id } });
    if (earlier) {
      // Counted in the database: edits sent at once each count (a read-then-write would lose some).
      await repo
        .createQueryBuilder()
        .update()
        .set({ answers, comment, updatedAt: now, edits: () => 'edits + 1' })
        .where('id = :id', { id: earlier.id })
        .execute();
      return answerView(await repo.findOneByOrFail({ id: earlier.id }));
    }
    const saved = await repo.save(
      repo.create({
        campaignId: campaign.id,
        respondentId: respondent.id,
        answers,
        comment,
        submittedAt: now,
        updatedAt: now,
        edits: 0,
      }),
    );
    return answerView(saved);
  }

  private async open(
    em: EntityManager,
    token: string,
  ): Promise<{ respondent: SurveyRespondent; campaign: SurveyCampaign }> {
    if (typeof token !== 'string' || !SURVEY_TOKEN_RE.test(token)) throw new SurveyTokenNotFoundError();
    const respondent = await em.findOne(SurveyRespondent, { where: { token } });
    if (!respondent) throw new SurveyTokenNotFoundError();
    const campaign = await em.findOne(SurveyCampaign, { where: { id: respondent.campaignId } });
    if (!campaign) throw new SurveyTokenNotFoundError();
    return { respondent, campaign };
  }
}

/**
 * Checks an answer against the campaign's content: only its targets and questions, whole scores from 1 to the
 * question's scale, at least one target rated; a comment only when the campaign takes one.
 * @throws SurveyInvalidError naming every bad field
 */
export function checkAnswer(
  campaign: Pick<SurveyCampaign, 'content'>,
  body: unknown,
): { answers: SurveyAnswers; comment: string | null } {
  const { content } = campaign;
  const problems: string[] = [];
  if (!isObject(body)) throw new SurveyInvalidError([surveyProblem('body', '须为对象', 'must be an object')]);
  for (const k of Object.keys(body))
    if (k !== 'answers' && k !== 'comment') problems.push(surveyProblem(k, '未知字段', 'unknown field'));
  const answers: SurveyAnswers = {};
  const targets = new Set(content.targets.map((t) => t.code));
  const scales = new Map(content.questions.map((q) => [q.code, q.scale]));
  if (!isObject(body.answers))
    problems.push(
      surveyProblem(
        'answers',
        '须为对象 {测评对象: {题目: 分数}}',
        'must be an object {target: {question: score}}',
      ),
    );
  else
    for (const [target, scores] of Object.entries(body.answers)) {
      const at = `answers.${target}`;
      if (!targets.has(target)) {
        problems.push(surveyProblem(at, '不是本测评的测评对象', 'is not a target of this survey'));
        continue;
      }
      if (!isObject(scores)) {
        problems.push(surveyProblem(at, '须为对象 {题目: 分数}', 'must be an object {question: score}'));
        continue;
      }
      const kept: Record<string, number> = {};
      for (const [question, score] of Object.entries(scores)) {
        const scale = scales.get(question);
        if (!scale) {
          problems.push(
            surveyProblem(`${at}.${question}`, '不是本测评的题目', 'is not a question of this survey'),
          );
          continue;
        }
        if (typeof score !== 'number' || !Number.isInteger(score) || score < 1 || score > scale) {
          problems.push(
            surveyProblem(
              `${at}.${question}`,
              `须为 1 到 ${scale} 的整数`,
              `must be a whole number from 1 to ${scale}, got ${quoteValue(score)}`,
            ),
          );
          continue;
        }
        kept[question] = score;
      }
      if (Object.keys(kept).length) answers[target] = kept;
    }
  if (!problems.length && !Object.keys(answers).length)
    problems.push(surveyProblem('answers', '请至少评价一个测评对象', 'rate at least one target'));
  let comment: string | null = null;
  if (body.comment !== undefined && body.comment !== null) {
    if (typeof body.comment !== 'string')
      problems.push(surveyProblem('comment', '须为文本', 'must be a text'));
    else if ([...body.comment].length > MAX_SURVEY_COMMENT)
      problems.push(
        surveyProblem(
          'comment',
          `不超过 ${MAX_SURVEY_COMMENT} 字`,
          `at most ${MAX_SURVEY_COMMENT} characters`,
        ),
      );
    else if (body.comment.trim() && !content.comment)
      problems.push(surveyProblem('comment', '本测评不收集意见', 'this survey takes no comment'));
    else comment = body.comment.trim() || null;
  }
  if (problems.length) throw new SurveyInvalidError(problems);
  return { answers, comment };
}

// A member of staff's side of an opinion round (考核意见征集): the open round with the questions of their own set
// (the set of their result in the round's month; none, and the round is not for them) and whether they answered;
// and their answer, once. Anonymity is the point (docs/OPINIONS.md): who answered goes to opinion_participants,
// what was answered to opinion_answers under a random UUID, with no staff id, no time and no serial id — both in
// one transaction, and nothing else anywhere joins them. The answer writes no audit entry (an entry carries its
// actor and time), nothing here logs, and no response about an answer carries a staff id or the answer's id.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import {
  LocalNames,
  OpinionAnswer,
  OpinionParticipant,
  OpinionRound,
  Period,
  StaffResultRow,
} from '@app/persistence';
import { NotFoundError, quoteValue } from '../model';
import {
  OpinionAlreadyAnsweredError,
  OpinionInvalidError,
  opinionProblem,
  OpinionRoundClosedError,
  OpinionRoundNotFoundError,
} from './opinion-errors';
import { DEFAULT_OPINION_MIN_ANSWERS, OPINION_OPTIONS, OpinionOptions } from './opinion-options';

/** The longest comment on an indicator, and the longest suggestion, in characters. */
export const OPINION_TEXT_LIMITS = { comment: 500, suggestion: 2000 } as const;

export interface OpinionAnswerInput {
  ratings: Record<string, unknown>;
  comments?: Record<string, unknown> | null;
  suggestion?: string | null;
}

/** The open round as one member of staff sees it: null when there is none, or it is not for them. */
export interface MyOpinionRound {
  round: {
    id: number;
    title: string;
    names: LocalNames | null;
    period: string;
    status: OpinionRound['status'];
  } | null;
  /** My set's questions (null with no round). */
  set: { set: string; name: LocalNames; indicators: { code: string; name: LocalNames }[] } | null;
  answered: boolean;
  /** A set's summary shows HR more than counts only from this many answers (for the page's note). */
  minAnswers: number;
}

@Injectable()
export class OpinionAnswersService {
  constructor(
    private readonly ds: DataSource,
    @Optional() @Inject(OPINION_OPTIONS) private readonly options?: OpinionOptions,
  ) {}

  private get none(): MyOpinionRound {
    return { round: null, set: null, answered: false, minAnswers: this.minAnswers };
  }

  private get minAnswers(): number {
    return this.options?.minAnswers ?? DEFAULT_OPINION_MIN_ANSWERS;
  }

  /** The open round for the staff member `staffId` (none for a user not linked to staff). */
  async mine(staffId: number | null | undefined): Promise<MyOpinionRound> {
    if (!staffId) return this.none;
    const em = this.ds.manager;
    const round = await em.findOne(OpinionRound, { where: { status: 'open' }, order: { id: 'DESC' } });
    if (!round) return this.none;
    const set = await mySet(em, round, staffId);
    if (!set) return this.none;
    const answered = await em.exists(OpinionParticipant, { where: { roundId: round.id, staffId } });
    return {
      round: {
        id: round.id,
        title: round.title,
        names: round.names,
        period: round.period,
        status: round.status,
      },
      set,
      answered,
      minAnswers: this.minAnswers,
    };
  }

  /**
   * Answers a round, once: ratings 1–5 of indicators of my set (at least one), an optional comment per rated or
   * unrated indicator of it, an optional suggestion. Not audited (docs/OPINIONS.md).
   * @throws NotFoundError when the round does not exist or is not for me; OpinionInvalidError naming every bad
   *   field (400); OpinionRoundClosedError (409); OpinionAlreadyAnsweredError (409)
   */
  async answer(staffId: number | null | undefined, roundId: number, body: OpinionAnswerInput) {
    if (!staffId) throw new NotFoundError('你的账号未关联员工 / your user is not linked to a staff record');
    try {
      return await this.ds.transaction(async (tx) => {
        const round = await tx.findOne(OpinionRound, { where: { id: roundId } });
        if (!round) throw new OpinionRoundNotFoundError(roundId);
        const set = await mySet(tx, round, staffId);
        if (!set)
          throw new NotFoundError(
            `本轮意见征集不面向你 / opinion round ${roundId} is not for you (no result of a set it asks about)`,
          );
        // Holds the round's row until this answer commits, so that closing waits for it (and is seen here).
        const held = await tx
          .createQueryBuilder()
          .update(OpinionRound)
          .set({ status: 'open' })
          .where('id = :id AND status = :open', { id: roundId, open: 'open' })
          .execute();
        if (!held.affected)
          throw new OpinionRoundClosedError(`意见征集已结束 / opinion round ${roundId} is closed`);
        if (await tx.exists(OpinionParticipant, { where: { roundId, staffId } }))
          throw new OpinionAlreadyAnsweredError();
        const answer = checkAnswer(
          set.indicators.map((i) => i.code),
          body,
        );
        await tx.getRepository(OpinionParticipant).insert({ roundId, staffId });
        await tx.getRepository(OpinionAnswer).insert({
          id: randomUUID(),
          roundId,
          setCode: set.set,
          ...answer,
        });
        return { round: roundId, answered: true };
      });
    } catch (e) {
      // Two answers at once: the second meets the participants' primary key.
      if (
        e instanceof QueryFailedError &&
        (await this.ds.manager.exists(OpinionParticipant, { where: { roundId, staffId } }))
      )
        throw new OpinionAlreadyAnsweredError();
      throw e;
    }
  }
}

/** The questions of the staff member's set in the round: their result's set in its month, if the round asks it. */
async function mySet(em: EntityManager, round: OpinionRound, staffId: number) {
  const p = await em.findOne(Period, { where: { period: round.period } });
  if (!p?.currentRunId) return null;
  const row = await em
    .getRepository(StaffResultRow)
    .findOne({ where: { runId: p.currentRunId, staffId }, select: { id: true, indicatorSet: true } });
  if (!row) return null;
  return round.questions.sets.find((s) => s.set === row.indicatorSet) ?? null;
}

/** The answer as stored, or every problem of it named. */
export function checkAnswer(
  codes: readonly string[],
  body: OpinionAnswerInput,
): { ratings: Record<string, number>; comments: Record<string, string>; suggestion: string | null } {
  const known = new Set(codes);
  const problems: string[] = [];
  const ratings: Record<string, number> = {};
  const comments: Record<string, string> = {};
  const given = body.ratings && typeof body.ratings === 'object' ? body.ratings : {};
  for (const [code, v] of Object.entries(given)) {
    if (!known.has(code))
      problems.push(
        opinionProblem(`ratings.${code}`, '不是你所在考核组的指标', 'is not an indicator of your set'),
      );
    else if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 5)
      problems.push(
        opinionProblem(
          `ratings.${code}`,
          '须为 1 到 5 的整数',
          `must be a whole number from 1 to 5, got ${quoteValue(v)}`,
        ),
      );
    else ratings[code] = v as number;
  }
  if (!Object.keys(given).length)
    problems.push(opinionProblem('ratings', '请至少为一项指标评分', 'rate at least one indicator'));
  for (const [code, v] of Object.entries(body.comments ?? {})) {
    if (!known.has(code))
      problems.push(
        opinionProblem(`comments.${code}`, '不是你所在考核组的指标', 'is not an indicator of your set'),
      );
    else if (typeof v !== 'string')
      problems.push(opinionProblem(`comments.${code}`, '须为文字', 'must be a text'));
    else if ([...v.trim()].length > OPINION_TEXT_LIMITS.comment)
      problems.push(
        opinionProblem(
          `comments.${code}`,
          `不超过 ${OPINION_TEXT_LIMITS.comment} 字`,
          `at most ${OPINION_TEXT_LIMITS.comment} characters`,
        ),
      );
    else if (v.trim()) comments[code] = v.trim();
  }
  const suggestion = typeof body.suggestion === 'string' ? body.suggestion.trim() : '';
  if (body.suggestion !== undefined && body.suggestion !== null && typeof body.suggestion !== 'string')
    problems.push(opinionProblem('suggestion', '须为文字', 'must be a text'));
  else if ([...suggestion].length > OPINION_TEXT_LIMITS.suggestion)
    problems.push(
      opinionProblem(
        'suggestion',
        `不超过 ${OPINION_TEXT_LIMITS.suggestion} 字`,
        `at most ${OPINION_TEXT_LIMITS.suggestion} characters`,
      ),
    );
  if (problems.length) throw new OpinionInvalidError(problems);
  return { ratings, comments, suggestion: suggestion || null };
}

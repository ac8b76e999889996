// HR's side of staff opinion rounds on the appraisal (考核意见征集): open a round on a scored month — its questions
// are the indicator sets in force in that month with their indicators, frozen into the round — list the rounds
// with how many answered of how many could, close a round, and read its summary per set (JSON or CSV). One round
// is open at a time. Every write is audited (`opinion.open`, `opinion.close`). The summary reads answers only
// through opinionSummary, which never shows a set with fewer than OPINION_MIN_ANSWERS answers beyond its counts.
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import {
  IndicatorSet,
  IndicatorSetVersion,
  LocalNames,
  OpinionAnswer,
  OpinionQuestions,
  OpinionRound,
  Period,
  StaffResultRow,
} from '@app/persistence';
import { LocalName, nameLangs, nameText, PERIOD_RE } from '@app/scoring';
import { auditedWrite } from '../audit';
import { findInForce, quoteValue } from '../model';
import {
  OpinionInvalidError,
  opinionProblem,
  OpinionRoundClosedError,
  OpinionRoundNotFoundError,
  OpinionRoundOpenError,
} from './opinion-errors';
import { DEFAULT_OPINION_MIN_ANSWERS, OPINION_OPTIONS, OpinionOptions } from './opinion-options';
import { OpinionSummary, opinionSummary, summaryCsv } from './summary';

export interface RoundInput {
  title: string;
  names?: LocalNames | null;
  period?: string;
}

export interface RoundView {
  id: number;
  title: string;
  names: LocalNames | null;
  period: string;
  status: OpinionRound['status'];
  createdBy: string;
  createdAt: string;
  closedAt: string | null;
}

export interface RoundDetail extends RoundView {
  questions: OpinionQuestions;
}

export interface RoundListItem extends RoundView {
  /** The sets asked about. */
  sets: string[];
  answers: number;
  /** Staff with a result, of a set of the round, in the round's month. */
  eligible: number;
}

export function roundView(r: OpinionRound): RoundView {
  return {
    id: r.id,
    title: r.title,
    names: r.names,
    period: r.period,
    status: r.status,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    closedAt: r.closedAt,
  };
}

/** A name as {zh, en}: a name given per language as given, a plain text in both. */
export function bothNames(name: LocalName | null | undefined, fallback: string): LocalNames {
  const langs = nameLangs(name);
  if (langs && (langs.zh || langs.en)) return langs;
  const text = nameText(name) || fallback;
  return { zh: text, en: text };
}

/** The staff with a result in the month's current run, by set code (empty without a current run). */
export async function eligibleBySet(em: EntityManager, period: string): Promise<Map<string, number>> {
  const p = await em.findOne(Period, { where: { period } });
  if (!p?.currentRunId) return new Map();
  const rows = await em
    .getRepository(StaffResultRow)
    .createQueryBuilder('r')
    .select('r.indicatorSet', 'set')
    .addSelect('COUNT(*)', 'n')
    .where('r.runId = :run', { run: p.currentRunId })
    .groupBy('r.indicatorSet')
    .getRawMany<{ set: string; n: number | string }>();
  return new Map(rows.map((r) => [r.set, Number(r.n)]));
}

/** The advisory lock key of "open a round" (any constant of this product's own). */
const OPEN_ROUND_LOCK = 0x6f70696e; // "opin"

@Injectable()
export class OpinionRoundsService {
  constructor(
    private readonly ds: DataSource,
    @Optional() @Inject(OPINION_OPTIONS) private readonly options?: OpinionOptions,
  ) {}

  private get minAnswers(): number {
    return this.options?.minAnswers ?? DEFAULT_OPINION_MIN_ANSWERS;
  }

  /**
   * Opens a round: `period` defaults to the latest month with a current run; the questions are the sets in force
   * in it with their indicators (codes and names), frozen. Audited `opinion.open`.
   * @throws OpinionInvalidError for a bad title or month, or a month without results (400); OpinionRoundOpenError
   *   while another round is open (409)
   */
  open(actor: string, body: RoundInput): Promise<RoundDetail> {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: 'opinion.open', entity: 'opinion_round' }, async (tx) => {
        const problems: string[] = [];
        const title = typeof body.title === 'string' ? body.title.trim() : '';
        if (!title || [...title].length > 200)
          problems.push(opinionProblem('title', '须为 1 到 200 字', 'must be 1 to 200 characters'));
        const names = body.names ? nameLangs(body.names) : null;
        for (const l of ['zh', 'en'] as const) {
          const text = names?.[l];
          if (text !== undefined && (!text.trim() || [...text].length > 200))
            problems.push(opinionProblem(`names.${l}`, '须为 1 到 200 字', 'must be 1 to 200 characters'));
        }
        if (body.period !== undefined && !PERIOD_RE.test(body.period))
          problems.push(
            opinionProblem(
              'period',
              '须为月份 YYYY-MM',
              `must be a month "YYYY-MM", got ${quoteValue(body.period)}`,
            ),
          );
        if (problems.length) throw new OpinionInvalidError(problems);

        // One open round at a time, also when two HR requests race: on PostgreSQL the check and the insert hold a
        // transaction lock of their own (SQLite writes one transaction at a time anyway).
        if (tx.connection.options.type === 'postgres')
          await tx.query('SELECT pg_advisory_xact_lock($1)', [OPEN_ROUND_LOCK]);
        const open = await tx.findOne(OpinionRound, { where: { status: 'open' } });
        if (open)
          throw new OpinionRoundOpenError(
            `已有进行中的意见征集 ${open.id} / round ${open.id} is open: close it before opening another`,
          );
        const period = body.period ?? (await this.latestScoredMonth(tx));
        const month = period ? await tx.findOne(Period, { where: { period } }) : null;
        if (!period || !month?.currentRunId)
          throw new OpinionInvalidError([
            opinionProblem(
              'period',
              `${period ?? ''} 尚无考核结果`.trim(),
              period ? `${period} has no results yet` : 'no month has results yet',
            ),
          ]);
        const questions = await this.questionsOf(tx, period);
        const repo = tx.getRepository(OpinionRound);
        const row = await repo.save(
          repo.create({
            title,
            names: names && (names.zh || names.en) ? names : null,
            period,
            questions,
            status: 'open',
            createdBy: actor,
            createdAt: new Date().toISOString(),
            closedAt: null,
          }),
        );
        const view = roundView(row);
        return {
          result: { ...view, questions },
          entityKey: String(row.id),
          before: null,
          after: { ...view, sets: questions.sets.map((s) => s.set) },
        };
      }),
    );
  }

  /** The rounds, newest first, each with its answers and eligible staff. */
  async list(): Promise<RoundListItem[]> {
    const em = this.ds.manager;
    const rows = await em.find(OpinionRound, { order: { id: 'DESC' } });
    if (!rows.length) return [];
    const answers = new Map(
      (
        await em
          .getRepository(OpinionAnswer)
          .createQueryBuilder('a')
          .select('a.roundId', 'round')
          .addSelect('COUNT(*)', 'n')
          .groupBy('a.roundId')
          .getRawMany<{ round: number | string; n: number | string }>()
      ).map((r) => [Number(r.round), Number(r.n)]),
    );
    const byMonth = new Map<string, Map<string, number>>();
    for (const r of rows)
      if (!byMonth.has(r.period)) byMonth.set(r.period, await eligibleBySet(em, r.period));
    return rows.map((r) => {
      const sets = r.questions.sets.map((s) => s.set);
      const eligible = byMonth.get(r.period)!;
      return {
        ...roundView(r),
        sets,
        answers: answers.get(r.id) ?? 0,
        eligible: sets.reduce((s, code) => s + (eligible.get(code) ?? 0), 0),
      };
    });
  }

  /** A round with its questions. @throws OpinionRoundNotFoundError */
  async get(id: number): Promise<RoundDetail> {
    const row = await this.find(this.ds.manager, id);
    return { ...roundView(row), questions: row.questions };
  }

  /**
   * Closes an open round: answers are refused from then on. Audited `opinion.close`.
   * @throws OpinionRoundNotFoundError; OpinionRoundClosedError when closed already (409)
   */
  close(actor: string, id: number): Promise<RoundView> {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: 'opinion.close', entity: 'opinion_round' }, async (tx) => {
        const row = await this.find(tx, id);
        const closedAt = new Date().toISOString();
        // Conditional, so that an answer being written (which holds the round's row) finishes first, and a
        // concurrent close finds nothing to do.
        const done = await tx
          .createQueryBuilder()
          .update(OpinionRound)
          .set({ status: 'closed', closedAt })
          .where('id = :id AND status = :open', { id, open: 'open' })
          .execute();
        if (!done.affected)
          throw new OpinionRoundClosedError(`意见征集已结束 / opinion round ${id} is closed already`);
        const before = roundView(row);
        const after = { ...before, status: 'closed' as const, closedAt };
        return { result: after, entityKey: String(id), before, after };
      }),
    );
  }

  /**
   * The round's summary per set (see opinionSummary), and the same as CSV.
   * @throws OpinionRoundNotFoundError
   */
  async summary(id: number): Promise<{ round: RoundView; summary: OpinionSummary; csv: string }> {
    const em = this.ds.manager;
    const row = await this.find(em, id);
    const answers = await em.find(OpinionAnswer, {
      where: { roundId: id },
      select: { setCode: true, ratings: true, comments: true, suggestion: true },
    });
    const summary = opinionSummary(
      row.questions,
      answers,
      await eligibleBySet(em, row.period),
      this.minAnswers,
    );
    return { round: roundView(row), summary, csv: summaryCsv(summary) };
  }

  private async find(em: EntityManager, id: number): Promise<OpinionRound> {
    const row = await em.findOne(OpinionRound, { where: { id } });
    if (!row) throw new OpinionRoundNotFoundError(id);
    return row;
  }

  private async latestScoredMonth(em: EntityManager): Promise<string | null> {
    const p = await em.findOne(Period, { where: { currentRunId: Not(IsNull()) }, order: { period: 'DESC' } });
    return p?.period ?? null;
  }

  /** The sets in force in `period` (those with a version effective then), by code, with their indicators. */
  private async questionsOf(em: EntityManager, period: string): Promise<OpinionQuestions> {
    const sets = await em.find(IndicatorSet, { order: { code: 'ASC' } });
    const out: OpinionQuestions = { sets: [] };
    for (const s of sets) {
      const version = await findInForce(em, IndicatorSetVersion, period, { setId: s.id });
      if (!version) continue;
      out.sets.push({
        set: s.code,
        name: s.names && (s.names.zh || s.names.en) ? s.names : bothNames(s.name, s.code),
        indicators: (version.content.indicators ?? []).map((i) => ({
          code: i.code,
          name: bothNames(i.name, i.code),
        })),
      });
    }
    return out;
  }
}

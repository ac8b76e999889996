// A person's own months: the results of the staff record the signed-in user is linked to, by its id whatever code
// it had when scored, month by month (with the names HR gave the indicators), their timeline of feedback, plans
// and answers, and their answers themselves (acknowledging a month once, commenting on it). Nothing here takes a
// staff id, so nobody can read anyone else's by guessing.
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager, IsNull, Not, QueryFailedError } from 'typeorm';
import {
  Acknowledgement,
  Appeal,
  Feedback,
  ImprovementPlan,
  IndicatorSet,
  IndicatorSetVersion,
  type LocalNames,
  Period,
  Staff,
  StaffComment,
  StaffResultRow,
} from '@app/persistence';
import { auditedWrite } from '../audit';
import { findInForce } from '../model';
import { explainWith, toStaffResult } from '../runs';
import { DEFAULT_LANG, type Lang } from '@app/scoring';
import { AppraisalConflictError, AppraisalNotFoundError } from './appraisal-errors';
import { APPRAISAL_OPTIONS, AppraisalOptions, DEFAULT_CURRENCY } from './appraisal-options';
import { appealView, feedbackView, namesOf, nameTextOf, plansWithActions } from './appraisal-views';
import { author, Caller, staffMonth, Viewer } from './staff-month';

const NOT_LINKED = 'your user is not linked to a staff record';

@Injectable()
export class MyMonthsService {
  constructor(
    private readonly ds: DataSource,
    @Optional() @Inject(APPRAISAL_OPTIONS) private readonly options?: AppraisalOptions,
  ) {}

  /** The currency of the incentive amounts (each month carries it, so a page needs no other call). */
  private get currency(): string {
    return this.options?.currency ?? DEFAULT_CURRENCY;
  }

  /** My results, month by month (the months scored so far), oldest first. */
  async results(user: Viewer | undefined, lang: Lang = DEFAULT_LANG) {
    const { id } = await this.myStaff(user);
    const months = await this.myMonths(id);
    return Promise.all(
      months.map(async ({ period: p, row }) => ({
        period: p.period,
        status: p.status,
        result: toStaffResult(row, await explainWith(this.ds.manager, p.period, lang)),
        names: await setNames(this.ds.manager, row.indicatorSet, p.period),
        currency: this.currency,
      })),
    );
  }

  /** My result of one month, with the names of its indicators and dimensions. */
  async result(user: Viewer | undefined, period: string, lang: Lang = DEFAULT_LANG) {
    const { id: staffId } = await this.myStaff(user);
    const p = await this.ds.getRepository(Period).findOneBy({ period });
    const row =
      p?.currentRunId &&
      (await this.ds.getRepository(StaffResultRow).findOneBy({ runId: p.currentRunId, staffId }));
    if (!p || !row) throw new AppraisalNotFoundError(`no result of yours for ${period}`);
    return {
      period,
      status: p.status,
      result: toStaffResult(row, await explainWith(this.ds.manager, period, lang)),
      names: await setNames(this.ds.manager, row.indicatorSet, period),
      currency: this.currency,
    };
  }

  /** My months, oldest first, each with its feedback, plans, my acknowledgement, comments and appeals. */
  async timeline(user: Viewer | undefined, lang: Lang = DEFAULT_LANG) {
    const { id: staffId, code } = await this.myStaff(user);
    const months = await this.myMonths(staffId);
    const mine = { staffId };
    const order = { id: 'ASC' as const };
    const [feedback, plans, acks, comments, appeals] = await Promise.all([
      this.ds.getRepository(Feedback).find({ where: mine, order }),
      this.ds.getRepository(ImprovementPlan).find({ where: mine, order }),
      this.ds.getRepository(Acknowledgement).find({ where: mine }),
      this.ds.getRepository(StaffComment).find({ where: mine, order }),
      this.ds.getRepository(Appeal).find({ where: mine, order }),
    ]);
    const planViews = await plansWithActions(this.ds.manager, plans, code);
    const explain = await Promise.all(months.map((m) => explainWith(this.ds.manager, m.period.period, lang)));
    return months.map(({ period: p, row }, i) => {
      const ack = acks.find((a) => a.period === p.period);
      return {
        period: p.period,
        status: p.status,
        result: toStaffResult(row, explain[i]),
        feedback: feedback.filter((f) => f.period === p.period).map((f) => feedbackView(f, code)),
        plans: planViews.filter((v) => v.period === p.period),
        acknowledgement: ack ? { at: ack.at, comment: ack.comment } : null,
        comments: comments.filter((c) => c.period === p.period).map((c) => ({ text: c.text, at: c.at })),
        appeals: appeals.filter((a) => a.period === p.period).map((a) => appealView(a, code)),
      };
    });
  }

  /** Acknowledges my result of a month, once; audited `result.acknowledge`. */
  async acknowledge(caller: Caller, period: string, comment?: string) {
    const staffId = myStaffId(caller.user);
    try {
      return await this.ds.transaction((em) =>
        auditedWrite(
          em,
          caller.actor,
          { action: 'result.acknowledge', entity: 'acknowledgement' },
          async (tx) => {
            const month = await staffMonth(tx, caller.user, period, { staffId });
            const repo = tx.getRepository(Acknowledgement);
            const done = await repo.findOneBy({ staffId, period });
            if (done) throw new AppraisalConflictError(`you acknowledged ${period} already, at ${done.at}`);
            const ack = await repo.save(
              repo.create({ staffId, period, comment: comment ?? null, at: new Date().toISOString() }),
            );
            const view = { period, at: ack.at, comment: ack.comment };
            return { result: view, entityKey: `${month.staff.code}:${period}`, after: view };
          },
        ),
      );
    } catch (e) {
      // Two acknowledgements at once: the second meets the unique key.
      if (e instanceof QueryFailedError)
        throw new AppraisalConflictError(`you acknowledged ${period} already`);
      throw e;
    }
  }

  /** A comment of mine on my result of a month; audited `result.comment`. */
  async comment(caller: Caller, period: string, text: string) {
    const staffId = myStaffId(caller.user);
    return this.ds.transaction((em) =>
      auditedWrite(em, caller.actor, { action: 'result.comment', entity: 'staff_comment' }, async (tx) => {
        const month = await staffMonth(tx, caller.user, period, { staffId });
        const repo = tx.getRepository(StaffComment);
        const saved = await repo.save(
          repo.create({ staffId, period, text, author: author(caller.user), at: new Date().toISOString() }),
        );
        const view = { id: saved.id, period, text: saved.text, at: saved.at };
        return { result: view, entityKey: String(saved.id), after: { staff: month.staff.code, ...view } };
      }),
    );
  }

  /** The signed-in user's staff record (not found when the user is not linked to one). */
  private async myStaff(user: Viewer | undefined): Promise<Staff> {
    const staffId = user?.staffId;
    const staff = staffId ? await this.ds.getRepository(Staff).findOneBy({ id: staffId }) : null;
    if (!staff) throw new AppraisalNotFoundError(NOT_LINKED);
    return staff;
  }

  /**
   * The months scored so far with a result of this member of staff in the current run, oldest first: by their
   * id, so months scored under an earlier code stay theirs and a reused code shows a new holder nothing.
   */
  private async myMonths(staffId: number): Promise<{ period: Period; row: StaffResultRow }[]> {
    const periods = await this.ds
      .getRepository(Period)
      .find({ where: { currentRunId: Not(IsNull()) }, order: { period: 'ASC' } });
    const rows = periods.length
      ? await this.ds.getRepository(StaffResultRow).find({
          where: periods.map((p) => ({ runId: p.currentRunId!, staffId })),
        })
      : [];
    const byRun = new Map(rows.map((r) => [r.runId, r]));
    return periods.flatMap((period) => {
      const row = byRun.get(period.currentRunId!);
      return row ? [{ period, row }] : [];
    });
  }
}

/** The staff id of the signed-in user (not found when they are not linked to a staff record). */
export function myStaffId(user: Viewer | undefined): number {
  const id = user?.staffId;
  if (!id) throw new AppraisalNotFoundError(NOT_LINKED);
  return id;
}

/** The names of the set's indicators and dimensions in the version in force for the month, as HR wrote them. */
export async function setNames(em: EntityManager, setCode: string, period: string) {
  const set = await em.getRepository(IndicatorSet).findOneBy({ code: setCode });
  const version = set ? await findInForce(em, IndicatorSetVersion, period, { setId: set.id }) : null;
  const content = version?.content;
  return {
    set: set?.name ?? setCode,
    /** The set's name in each language, when HR gave it so. */
    setNames: set?.names ?? null,
    indicators: Object.fromEntries((content?.indicators ?? []).map((i) => [i.code, nameTextOf(i.name)])),
    /** The names given in both languages (`{zh, en}`), by indicator code, where HR gave them so. */
    indicatorNames: Object.fromEntries(
      (content?.indicators ?? []).flatMap((i) => {
        const names = namesOf(i);
        return names ? [[i.code, names]] : [];
      }),
    ) as Record<string, LocalNames>,
    dimensions: Object.fromEntries((content?.dimensions ?? []).map((d) => [d.code, nameTextOf(d.name)])),
  };
}

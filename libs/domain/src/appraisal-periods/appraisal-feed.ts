// The finance feed of an appraisal period (a quarter, a half-year, a year): per person of the current run, the
// figures the period's bonus is made of — total, grade, coefficient, months counted, bonus — in staff code order
// with the month's keyset cursor (`/periods/{p}/scores`: runs/results-query.ts's cursor, the same page sizes). Only
// once the period is approved or closed: a scored period is HR's to check first, and from approval on its current
// run is fixed, so a page is the same bytes on every call and carries a strong ETag (the hash of those bytes).
import { DataSource, In } from 'typeorm';
import { AppraisalPeriod, AppraisalPeriodStatus, AppraisalResultRow, Staff } from '@app/persistence';
import { sha256Hex } from '../access';
import { ConflictError } from '../model';
import { decodeCursor, encodeCursor, MAX_PAGE } from '../runs';
import { appraisalPeriod } from './appraisal-plans';
import { appraisalResultOf } from './appraisal-result-codec';
import { AppraisalNoResultsError } from './appraisal-run-errors';

export interface AppraisalScoreLine {
  staffId: string;
  /** The staff record's employee number (null for a row whose record is gone). */
  employeeNo: string | null;
  department: string;
  site: string | null;
  indicatorSet: string;
  total: number | null;
  grade: string | null;
  coefficient: number | null;
  /** Months that counted in the roll-up. */
  months: number | null;
  /** The bonus, a decimal string exact to the cent; null without one or when it failed (`incentiveError`). */
  incentive: string | null;
  incentiveError: string | null;
  /** Why the person has no result (no month with a total), else null. */
  error: string | null;
}

export interface AppraisalScoresPage {
  period: string;
  status: AppraisalPeriodStatus;
  runId: string;
  items: AppraisalScoreLine[];
  nextCursor: string | null;
}

export interface AppraisalScoresQuery {
  department?: string;
  site?: string;
  limit?: number;
  cursor?: string;
}

/** A period's status in the Chinese half of a message (the words of the pages: 未核算, 已核算, …). */
export const APPRAISAL_STATUS_ZH: Record<AppraisalPeriodStatus, string> = {
  open: '未核算',
  scored: '已核算',
  approved: '已审批',
  closed: '已关闭',
};

/** The feed asked of a period not yet approved (409): finance reads a period's figures once HR signed them off. */
export class AppraisalNotApprovedError extends ConflictError {
  static override readonly defaultCode = 'APPRAISAL_NOT_APPROVED';
  constructor(period: string, status: AppraisalPeriodStatus) {
    super(
      `考核周期 ${period} ${APPRAISAL_STATUS_ZH[status]}，审批后财务才能读取其结果 / appraisal period ${period} is ${status}: ` +
        `finance reads its results once it is approved`,
    );
  }
}

const FEED_STATUSES: readonly AppraisalPeriodStatus[] = ['approved', 'closed'];

/**
 * A page of the period's feed.
 * @throws AppraisalPeriodInvalidError (400); AppraisalNotApprovedError (409); AppraisalNoResultsError (404)
 */
export async function appraisalScores(
  ds: DataSource,
  period: string,
  q: AppraisalScoresQuery,
): Promise<AppraisalScoresPage> {
  const p = await ds.getRepository(AppraisalPeriod).findOneBy({ period: appraisalPeriod(period) });
  if (!p || !FEED_STATUSES.includes(p.status))
    throw new AppraisalNotApprovedError(period, p?.status ?? 'open');
  if (!p.currentRunId) throw new AppraisalNoResultsError(period);
  const limit = Math.min(Math.max(q.limit ?? 100, 1), MAX_PAGE);
  const qb = ds
    .getRepository(AppraisalResultRow)
    .createQueryBuilder('r')
    .where('r.runId = :runId', { runId: p.currentRunId })
    .orderBy('r.staffCode', 'ASC')
    .take(limit + 1);
  if (q.department) qb.andWhere('r.department = :department', { department: q.department });
  if (q.site) qb.andWhere('r.site = :site', { site: q.site });
  if (q.cursor) qb.andWhere('r.staffCode > :after', { after: decodeCursor(q.cursor) });
  const rows = await qb.getMany();
  const page = rows.slice(0, limit);
  const ids = page.flatMap((r) => (r.staffId === null ? [] : [r.staffId]));
  const numbers = new Map(
    ids.length
      ? (
          await ds
            .getRepository(Staff)
            .find({ select: { id: true, employeeNo: true }, where: { id: In(ids) } })
        ).map((s) => [s.id, s.employeeNo])
      : [],
  );
  return {
    period,
    status: p.status,
    runId: p.currentRunId,
    items: page.map((row) => {
      const { result } = appraisalResultOf(row);
      const scored = !('error' in result);
      return {
        staffId: row.staffCode,
        employeeNo: (row.staffId !== null && numbers.get(row.staffId)) || null,
        department: row.department,
        site: row.site,
        indicatorSet: row.indicatorSet,
        total: row.total === null ? null : Number(row.total),
        grade: row.grade,
        coefficient: scored ? result.coefficient : null,
        months: scored ? result.months : null,
        incentive: row.incentive,
        incentiveError: row.incentiveError,
        error: scored ? null : result.error,
      };
    }),
    nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.staffCode) : null,
  };
}

/** A page as it is sent: its JSON bytes and their strong ETag (the hash of exactly those bytes). */
export async function appraisalScoresBody(
  ds: DataSource,
  period: string,
  q: AppraisalScoresQuery,
): Promise<{ json: Buffer; etag: string }> {
  const json = Buffer.from(JSON.stringify(await appraisalScores(ds, period, q)), 'utf8');
  return { json, etag: `"${sha256Hex(json)}"` };
}

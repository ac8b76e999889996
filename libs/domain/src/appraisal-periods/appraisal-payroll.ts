// The payroll lines of a closed appraisal period (a quarter's, a half-year's, a year's bonus): the month's payroll
// feed for the period above it, so that a payroll system reads both the same way. The line is the month's
// (pay's PayrollLine: its columns in its order, its CSV escaping, the JSON document with its total last) with pay
// codes of its own — APPRAISAL_BONUS, or APPRAISAL_DEDUCTION for a negative amount, never netted — and the
// appraisal period ("2026-Q3") in `period` and `sourcePeriod`: a payroll system that books by pay code never
// mistakes the period's bonus for a month's. One line per person of the current run with a bonus (a "0.00" bonus
// is a line, as a month's zero incentive is; a person whose bonus failed has no amount and no line, as in the
// month), in staff code order, read by keyset pages; the same bytes on every call (a closed period never changes).
// Export batches are recorded in the month's table (payroll_exports, keyed by the period as written: a month and
// an appraisal period never share a key) and audited `payroll.export` on entity `appraisal_period`.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppraisalPeriod, AppraisalPeriodStatus, AppraisalResultRow } from '@app/persistence';
import type { XlsxDownload } from '../documents';
import { ConflictError } from '../model';
import {
  ExportView,
  listExports,
  PAYROLL_PAGE,
  payrollWorkbook,
  recordExportBatch,
  renderPayrollPages,
  type PayrollFormat,
  type PayrollLine,
  type PayrollSummary,
  type RecordedExport,
} from '../pay';
import { APPRAISAL_STATUS_ZH, appraisalScoresBody, AppraisalScoresQuery } from './appraisal-feed';
import { appraisalPeriod } from './appraisal-plans';
import { AppraisalNoResultsError } from './appraisal-run-errors';

/** The pay codes of a period's bonus: distinct from the month's PERF_BONUS / PERF_DEDUCTION. */
export type AppraisalPayCode = 'APPRAISAL_BONUS' | 'APPRAISAL_DEDUCTION';

/** A payroll line of the period: the month's line with the period's pay code. */
export type AppraisalPayrollLine = PayrollLine & { component: AppraisalPayCode };

/** Payroll asked of a period that is not closed (409): only a posted period's bonus is paid. */
export class AppraisalNotClosedError extends ConflictError {
  static override readonly defaultCode = 'APPRAISAL_NOT_CLOSED';
  constructor(period: string, status: AppraisalPeriodStatus) {
    super(
      `考核周期 ${period} ${APPRAISAL_STATUS_ZH[status]}，须审批并关闭后才能导出工资数据 / appraisal period ${period} is ` +
        `${status}: its payroll is exported only once it is closed (approve it, then close it)`,
    );
  }
}

export interface AppraisalPayrollSource {
  period: string;
  runId: string;
  currency: string;
}

/**
 * The period's payroll source. `currency` is the configured one (AppConfig.payroll.currency).
 * @throws AppraisalPeriodInvalidError (400); AppraisalNotClosedError (409: open, scored or approved, or never run);
 *   AppraisalNoResultsError (404)
 */
export async function openAppraisalPayroll(
  ds: DataSource,
  period: string,
  currency: string,
): Promise<AppraisalPayrollSource> {
  const p = await ds.getRepository(AppraisalPeriod).findOneBy({ period: appraisalPeriod(period) });
  if (p?.status !== 'closed') throw new AppraisalNotClosedError(period, p?.status ?? 'open');
  // Closing needs an approval, which needs a completed run: a closed period always has one.
  if (!p.currentRunId) throw new AppraisalNoResultsError(period);
  return { period, runId: p.currentRunId, currency };
}

/** The lines, a keyset page (by staff code) at a time. */
export async function* appraisalPayrollLines(
  ds: DataSource,
  src: AppraisalPayrollSource,
): AsyncGenerator<AppraisalPayrollLine[]> {
  let after: string | null = null;
  for (;;) {
    // The employee number is the staff record's (an appraisal result keeps the staff id, not the number).
    const qb = ds
      .getRepository(AppraisalResultRow)
      .createQueryBuilder('r')
      .leftJoin('staff', 's', 's.id = r.staff_id')
      .select(['r.staff_code AS "staffId"', 's.employee_no AS "employeeNo"', 'r.incentive AS amount'])
      .where('r.run_id = :runId', { runId: src.runId })
      .andWhere('r.incentive IS NOT NULL')
      .orderBy('r.staff_code', 'ASC')
      .limit(PAYROLL_PAGE);
    if (after !== null) qb.andWhere('r.staff_code > :after', { after });
    const rows = await qb.getRawMany<{ staffId: string; employeeNo: string | null; amount: string }>();
    if (!rows.length) return;
    yield rows.map((r) => {
      const component: AppraisalPayCode = r.amount.startsWith('-')
        ? 'APPRAISAL_DEDUCTION'
        : 'APPRAISAL_BONUS';
      return {
        lineId: `${src.period}-${r.staffId}-${component}`,
        period: src.period,
        staffId: r.staffId,
        employeeNo: r.employeeNo ?? null,
        component,
        amount: r.amount,
        currency: src.currency,
        sourcePeriod: src.period,
        runId: src.runId,
      };
    });
    if (rows.length < PAYROLL_PAGE) return;
    after = rows.at(-1)!.staffId;
  }
}

/** The period's payroll document as text chunks, exactly as the month's is written (pay's renderPayrollPages). */
export function renderAppraisalPayroll(
  ds: DataSource,
  src: AppraisalPayrollSource,
  format: PayrollFormat,
): AsyncGenerator<string, PayrollSummary> {
  return renderPayrollPages(src, appraisalPayrollLines(ds, src), format);
}

/** The lines as an .xlsx for people (the CSV's columns, amounts as numbers to the cent), as the month's. */
export function appraisalPayrollWorkbook(ds: DataSource, src: AppraisalPayrollSource): XlsxDownload {
  return payrollWorkbook(`payroll ${src.period}`, appraisalPayrollLines(ds, src));
}

/**
 * Records an export batch of the period's payroll, as the month's (pay/payroll-exports.ts): the line count, the
 * total and the SHA-256 of exactly the bytes GET …/payroll returns in `format`; an Idempotency-Key finds a retried
 * request's batch again (created: false), the same key with another request is refused (422). Audited
 * `payroll.export` (entity `appraisal_period`, key: the period).
 */
export function recordAppraisalExport(
  ds: DataSource,
  period: string,
  format: PayrollFormat,
  currency: string,
  idempotencyKey: string | undefined,
  actor: string,
): Promise<RecordedExport> {
  const req = { period, format, idempotencyKey, actor, entity: 'appraisal_period' };
  return recordExportBatch(ds, req, async () => {
    const src = await openAppraisalPayroll(ds, period, currency);
    return { runId: src.runId, chunks: renderAppraisalPayroll(ds, src, format) };
  });
}

/** The period's export batches, oldest first. */
export function listAppraisalExports(ds: DataSource, period: string): Promise<ExportView[]> {
  return listExports(ds, appraisalPeriod(period));
}

/**
 * The period's payroll and finance feed for the API (docs/APPRAISAL-PERIODS.md, "Payroll and finance"). Every
 * refusal is thrown before the first chunk or byte, so that a caller can still answer it as an error.
 */
@Injectable()
export class AppraisalPayrollService {
  constructor(private readonly ds: DataSource) {}

  /** The payroll document's chunks (JSON or CSV). @throws as openAppraisalPayroll */
  async open(
    period: string,
    format: PayrollFormat,
    currency: string,
  ): Promise<AsyncGenerator<string, PayrollSummary>> {
    return renderAppraisalPayroll(this.ds, await openAppraisalPayroll(this.ds, period, currency), format);
  }

  /** The lines as an .xlsx download. @throws as openAppraisalPayroll */
  async openWorkbook(period: string, currency: string): Promise<XlsxDownload> {
    return appraisalPayrollWorkbook(this.ds, await openAppraisalPayroll(this.ds, period, currency));
  }

  recordExport(
    period: string,
    format: PayrollFormat,
    currency: string,
    idempotencyKey: string | undefined,
    actor: string,
  ): Promise<RecordedExport> {
    return recordAppraisalExport(this.ds, period, format, currency, idempotencyKey, actor);
  }

  listExports(period: string): Promise<ExportView[]> {
    return listAppraisalExports(this.ds, period);
  }

  /** A page of the finance feed with its ETag. @throws as appraisalScores */
  scores(period: string, query: AppraisalScoresQuery): Promise<{ json: Buffer; etag: string }> {
    return appraisalScoresBody(this.ds, period, query);
  }
}

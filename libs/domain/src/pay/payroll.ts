// The payroll lines of a closed period: one line per member of staff of the current run with an incentive, in
// staff id order — PERF_BONUS, or PERF_DEDUCTION for a negative amount (an incentive declaring `deductions:
// true`; its own component, never netted into a bonus) —, then the PERF_ADJ lines adjustments of earlier months booked into it (staff id,
// corrected month, adjustment order); amounts exactly as stored (decimal strings, never floats). The same bytes on
// every call: no timestamps, a fixed order and formatting. Both formats are produced as a stream of text
// chunks read by keyset pages, so 100,000 lines never sit in memory at once; the export batch hashes the very
// same chunks the GET route sends.
import { DataSource } from 'typeorm';
import { PeriodNotFoundError, PeriodStatusError } from '../periods';
import { AdjustmentLine, Period, StaffResultRow } from '@app/persistence';
import { Dec, toMoney } from '@app/scoring';
import { writeXlsx, XlsxCell, XlsxDownload } from '../documents';
import { csvField } from '../model';
import { NoResultsError } from '../runs';

export const PAYROLL_FORMATS = ['json', 'csv'] as const;
export type PayrollFormat = (typeof PAYROLL_FORMATS)[number];
export const PAYROLL_PAGE = 5000;

export interface PayrollLine {
  lineId: string;
  period: string;
  staffId: string;
  employeeNo: string | null;
  /** A month's bonus, deduction or adjustment; an appraisal period's bonus or deduction (appraisal-periods). */
  component: 'PERF_BONUS' | 'PERF_DEDUCTION' | 'PERF_ADJ' | 'APPRAISAL_BONUS' | 'APPRAISAL_DEDUCTION';
  amount: string;
  currency: string;
  sourcePeriod: string;
  runId: string;
}

/** The columns of every payroll document (CSV and workbook), in order. */
export const PAYROLL_COLUMNS: readonly (keyof PayrollLine)[] = [
  'lineId',
  'period',
  'staffId',
  'employeeNo',
  'component',
  'amount',
  'currency',
  'sourcePeriod',
  'runId',
];

export interface PayrollSource {
  period: string;
  runId: string;
  currency: string;
}

export interface PayrollSummary {
  lineCount: number;
  total: string;
}

/**
 * The period's payroll source: 404 unknown, 409 unless closed, 404 without a completed run. `currency` is the
 * configured one (PAYROLL_CURRENCY, validated with the rest of the configuration: AppConfig.payroll.currency).
 */
export async function openPayroll(ds: DataSource, period: string, currency: string): Promise<PayrollSource> {
  const p = await ds.getRepository(Period).findOneBy({ period });
  if (!p) throw new PeriodNotFoundError(period);
  if (p.status !== 'closed')
    throw new PeriodStatusError(
      `period ${period} is ${p.status}: payroll is exported only for a closed period (approve it, then close it)`,
    );
  if (!p.currentRunId) throw new NoResultsError(period);
  return { period, runId: p.currentRunId, currency };
}

/** The lines, a keyset page at a time: the bonuses, then the adjustments. */
export async function* payrollLines(ds: DataSource, src: PayrollSource): AsyncGenerator<PayrollLine[]> {
  yield* bonusLines(ds, src);
  yield* adjustmentLines(ds, src);
}

/** PERF_ADJ lines booked into the period, read at once: corrections of a few people, not a month of staff. */
async function* adjustmentLines(ds: DataSource, src: PayrollSource): AsyncGenerator<PayrollLine[]> {
  const rows = await ds.getRepository(AdjustmentLine).find({
    where: { targetPeriod: src.period },
    order: { staffCode: 'ASC', sourcePeriod: 'ASC', adjustmentId: 'ASC' },
  });
  for (let i = 0; i < rows.length; i += PAYROLL_PAGE) {
    yield rows.slice(i, i + PAYROLL_PAGE).map((r) => ({
      lineId: `${src.period}-${r.staffCode}-PERF_ADJ-${r.sourcePeriod}-${r.adjustmentId}`,
      period: src.period,
      staffId: r.staffCode,
      employeeNo: r.employeeNo,
      component: 'PERF_ADJ' as const,
      amount: r.amount,
      currency: src.currency,
      sourcePeriod: r.sourcePeriod,
      runId: r.runId,
    }));
  }
}

async function* bonusLines(ds: DataSource, src: PayrollSource): AsyncGenerator<PayrollLine[]> {
  let after: string | null = null;
  for (;;) {
    const qb = ds
      .getRepository(StaffResultRow)
      .createQueryBuilder('r')
      .select(['r.staff_code AS "staffId"', 'r.employee_no AS "employeeNo"', 'r.incentive AS amount'])
      .where('r.run_id = :runId', { runId: src.runId })
      .andWhere('r.incentive IS NOT NULL')
      .orderBy('r.staff_code', 'ASC')
      .limit(PAYROLL_PAGE);
    if (after !== null) qb.andWhere('r.staff_code > :after', { after });
    const rows = await qb.getRawMany<{ staffId: string; employeeNo: string | null; amount: string }>();
    if (!rows.length) return;
    yield rows.map((r) => {
      const component = r.amount.startsWith('-') ? ('PERF_DEDUCTION' as const) : ('PERF_BONUS' as const);
      return {
        lineId: `${src.period}-${r.staffId}-${component}`,
        period: src.period,
        staffId: r.staffId,
        employeeNo: r.employeeNo,
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

/**
 * The payroll document as text chunks; the generator's return value is the line count and the exact total.
 * JSON: `{period, runId, currency, lines, total}` (total last: it is known only after the lines).
 */
export function renderPayroll(
  ds: DataSource,
  src: PayrollSource,
  format: PayrollFormat,
): AsyncGenerator<string, PayrollSummary> {
  return renderPayrollPages(src, payrollLines(ds, src), format);
}

/**
 * Any payroll document (a month's, an appraisal period's bonus) from its pages of lines, as text chunks: CSV with a
 * header line and CRLF, or JSON `{period, runId, currency, lines, total}`; returns the line count and exact total.
 */
export async function* renderPayrollPages(
  head: PayrollSource,
  pages: AsyncIterable<PayrollLine[]>,
  format: PayrollFormat,
): AsyncGenerator<string, PayrollSummary> {
  let total = new Dec(0);
  let lineCount = 0;
  if (format === 'csv') yield PAYROLL_COLUMNS.join(',') + '\r\n';
  else
    yield (
      `{"period":${JSON.stringify(head.period)},"runId":${JSON.stringify(head.runId)},` +
      `"currency":${JSON.stringify(head.currency)},"lines":[`
    );
  for await (const page of pages) {
    let chunk = '';
    for (const line of page) {
      total = total.plus(new Dec(line.amount));
      if (format === 'csv') chunk += PAYROLL_COLUMNS.map((c) => csvField(line[c])).join(',') + '\r\n';
      else chunk += (lineCount ? ',' : '') + JSON.stringify(line);
      lineCount++;
    }
    yield chunk;
  }
  const summary = { lineCount, total: toMoney(total) };
  if (format === 'json') yield `],"total":${JSON.stringify(summary.total)}}`;
  return summary;
}

/** Any payroll's pages as an .xlsx for people (the CSV's columns, amounts as numbers to the cent). */
export function payrollWorkbook(name: string, pages: AsyncIterable<PayrollLine[]>): XlsxDownload {
  async function* rows(): AsyncGenerator<XlsxCell[][]> {
    for await (const page of pages)
      yield page.map((l) => PAYROLL_COLUMNS.map((c) => (c === 'amount' ? Number(l.amount) : l[c])));
  }
  const widths: Partial<Record<keyof PayrollLine, number>> = {
    lineId: 34,
    staffId: 14,
    employeeNo: 14,
    component: 20,
    amount: 14,
    sourcePeriod: 12,
    runId: 38,
  };
  const columns = PAYROLL_COLUMNS.map((header) => ({
    header,
    ...(widths[header] ? { width: widths[header] } : {}),
    ...(header === 'amount' ? { numFmt: '0.00' } : {}),
  }));
  return (out) => writeXlsx(out, [{ name, columns, pages: rows() }]);
}

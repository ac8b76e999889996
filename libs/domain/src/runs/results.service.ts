// A period's results as people read them: staff results a page at a time (a department manager sees the staff
// of their own departments only) and department results with their comparison across sites. Always those of the
// period's current run (results-query.ts), so a run in progress is invisible until it is whole. Both also come as
// .xlsx files, streamed a page at a time (documents/workbook-writer.ts).
import { Injectable } from '@nestjs/common';
import { DataSource, In, MoreThan } from 'typeorm';
import { StaffResultRow, unpackStaffResult, type Role } from '@app/persistence';
import { DEFAULT_LANG, isStaffError, type Lang } from '@app/scoring';
import { writeXlsx, XlsxCell, XlsxColumn, XlsxDownload } from '../documents';
import {
  currentRunId,
  departmentResults,
  DepartmentsView,
  listResults,
  MAX_PAGE,
  ResultsPage,
  ResultVersion,
  withoutOthersMoney,
} from './results-query';

export interface StaffResultsQuery {
  department?: string;
  limit?: number;
  cursor?: string;
  version?: ResultVersion;
}

/** Who reads: their role, and for a department manager the departments they manage. */
const STAFF_COLUMNS: XlsxColumn[] = [
  { header: 'Staff', width: 14 },
  { header: 'Employee no.', width: 14 },
  { header: 'Department', width: 12 },
  { header: 'Site', width: 10 },
  { header: 'Indicator set', width: 14 },
  { header: 'Total', numFmt: '0.00' },
  { header: 'Grade' },
  { header: 'Coefficient', numFmt: '0.00##' },
  { header: 'Vetoed' },
  { header: 'Workload points', numFmt: '0.00##', width: 16 },
  { header: 'Workload value', numFmt: '0.00', width: 16 },
  { header: 'Incentive', numFmt: '0.00' },
  { header: 'Error', width: 40 },
];

const DEPARTMENT_COLUMNS: XlsxColumn[] = [
  { header: 'Rank' },
  { header: 'Department', width: 12 },
  { header: 'Site' },
  { header: 'Kind (main set)', width: 16 },
  { header: 'Score', numFmt: '0.00' },
  { header: 'Staff' },
  { header: 'Pool', numFmt: '0.00' },
  { header: 'Allocated', numFmt: '0.00' },
  { header: 'Unallocated', numFmt: '0.00' },
];

/** A decimal string (money) as a number for the spreadsheet: exact to the cent at these magnitudes. */
const money = (v: string | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);

export interface ResultsReader {
  role: Role;
  departments: readonly string[];
}

/** The departments a reader is limited to: a manager's own; undefined for everyone else (HR, auditors). */
const managedBy = (reader: ResultsReader | undefined): readonly string[] | undefined =>
  reader?.role === 'dept_manager' ? reader.departments : undefined;

@Injectable()
export class ResultsService {
  constructor(private readonly ds: DataSource) {}

  /**
   * Staff results in staff code order, explained in the reader's language; a manager's `department` filter
   * outside their departments reads nothing.
   */
  staff(
    period: string,
    query: StaffResultsQuery,
    reader?: ResultsReader,
    lang: Lang = DEFAULT_LANG,
  ): Promise<ResultsPage> {
    const within = reader?.role === 'dept_manager' ? reader.departments : undefined;
    return listResults(this.ds, period, query, within, lang);
  }

  /** Department results; a manager sees other departments' ranking but not their money (`withoutOthersMoney`). */
  async departments(
    period: string,
    version?: ResultVersion,
    reader?: ResultsReader,
  ): Promise<DepartmentsView> {
    return withoutOthersMoney(await departmentResults(this.ds, period, version), managedBy(reader));
  }

  /**
   * The staff results of `staff` (every page, the same filter and manager rule) as an .xlsx download: one sheet, a
   * row per member of staff in code order, read a page at a time from one run fixed before the first byte.
   * @throws PeriodNotFoundError, NoResultsError (404) before anything is written
   */
  async staffWorkbook(
    period: string,
    query: Pick<StaffResultsQuery, 'department' | 'version'>,
    reader?: ResultsReader,
  ): Promise<XlsxDownload> {
    const runId = await currentRunId(this.ds, period, query.version);
    const within = reader?.role === 'dept_manager' ? reader.departments : undefined;
    const departments =
      within === undefined
        ? query.department
          ? [query.department]
          : undefined
        : within.filter((d) => query.department === undefined || d === query.department);
    const repo = this.ds.getRepository(StaffResultRow);
    async function* pages(): AsyncGenerator<XlsxCell[][]> {
      if (departments && !departments.length) return;
      let after: string | undefined;
      for (;;) {
        const rows = await repo.find({
          // Only what the sheet shows: the explanations are most of a row's bytes.
          select: {
            staffCode: true,
            employeeNo: true,
            department: true,
            result: true,
            incentive: true,
          },
          where: {
            runId,
            ...(departments ? { department: In(departments) } : {}),
            ...(after !== undefined ? { staffCode: MoreThan(after) } : {}),
          },
          order: { staffCode: 'ASC' },
          take: MAX_PAGE,
        });
        if (!rows.length) return;
        yield rows.map((row) => {
          const r = unpackStaffResult(row.result, row.incentive, null);
          const head = [r.id, row.employeeNo, r.department, r.site, r.indicatorSet];
          if (isStaffError(r)) return [...head, null, null, null, null, null, null, null, r.error];
          return [
            ...head,
            r.total,
            r.grade,
            r.coefficient,
            r.vetoed ? 'yes' : 'no',
            r.points,
            money(r.workloadValue),
            money(r.incentive),
            null,
          ];
        });
        if (rows.length < MAX_PAGE) return;
        after = rows.at(-1)!.staffCode;
      }
    }
    return (out) => writeXlsx(out, [{ name: `results ${period}`, columns: STAFF_COLUMNS, pages: pages() }]);
  }

  /**
   * Department results as an .xlsx download: the ranking (best first, unranked last) and the comparison of the
   * same kind of department across sites.
   * @throws PeriodNotFoundError, NoResultsError (404) before anything is written
   */
  async departmentsWorkbook(
    period: string,
    version?: ResultVersion,
    reader?: ResultsReader,
  ): Promise<XlsxDownload> {
    const view = await this.departments(period, version, reader);
    const ranked = [...view.items].sort(
      (a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.code < b.code ? -1 : 1),
    );
    const ranking = ranked.map((d) => [
      d.rank,
      d.code,
      d.site,
      d.kind,
      d.score,
      d.staffCount,
      money(d.pool),
      money(d.allocated),
      money(d.unallocated),
    ]);
    const comparison = view.comparison.flatMap((k) =>
      k.departments.map((d) => [k.kind, d.code, d.site, d.score, d.rank, k.spread]),
    );
    return (out) =>
      writeXlsx(out, [
        { name: `departments ${period}`, columns: DEPARTMENT_COLUMNS, pages: [ranking] },
        {
          name: 'comparison',
          columns: [
            { header: 'Kind', width: 14 },
            { header: 'Department', width: 12 },
            { header: 'Site' },
            { header: 'Score', numFmt: '0.00' },
            { header: 'Rank' },
            { header: 'Spread of the kind', numFmt: '0.00', width: 18 },
          ],
          pages: [comparison],
        },
      ]);
  }
}

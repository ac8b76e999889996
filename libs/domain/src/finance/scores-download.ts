// The finance feed's scores as one file for people (the month cockpit's "results" download): every line of the
// period's current run, in staff id order, as CSV (RFC 4180, the payroll CSV's escaping) or .xlsx, both streamed a
// page at a time from one run fixed before the first byte. HR and auditors download any scored month; a finance
// reader only a month that is approved or closed (its posted scores: a scored month may still change).
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Period, type Role } from '@app/persistence';
import { writeXlsx, XlsxCell, XlsxDownload } from '../documents';
import { PeriodNotFoundError, PeriodStatusError } from '../periods';
import { csvField } from '../model';
import { currentRunId, MAX_PAGE } from '../runs';
import { listScores, ScoreLine } from './scores-feed';

export const SCORE_COLUMNS = [
  'staffId',
  'employeeNo',
  'department',
  'site',
  'indicatorSet',
  'total',
  'grade',
  'coefficient',
  'points',
  'workloadValue',
  'incentive',
  'error',
] as const satisfies readonly (keyof ScoreLine)[];

const NUMERIC = new Set<string>(['total', 'coefficient', 'points', 'workloadValue', 'incentive']);

export interface ScoresReader {
  role: Role;
}

@Injectable()
export class ScoresDownloadService {
  constructor(private readonly ds: DataSource) {}

  /**
   * The CSV's chunks: a header line, then the lines a page at a time.
   * @throws PeriodNotFoundError, NoResultsError (404), PeriodStatusError (409: a finance reader, a month not yet
   *   approved), before the first chunk
   */
  async csv(period: string, reader?: ScoresReader): Promise<AsyncGenerator<string>> {
    const pages = await this.pages(period, reader);
    async function* chunks(): AsyncGenerator<string> {
      yield `${SCORE_COLUMNS.join(',')}\r\n`;
      for await (const page of pages)
        yield page
          .map(
            (l) => SCORE_COLUMNS.map((c) => csvField(l[c] === null ? null : String(l[c]))).join(',') + '\r\n',
          )
          .join('');
    }
    return chunks();
  }

  /** The same lines as an .xlsx (numbers as numbers). @throws as `csv` */
  async workbook(period: string, reader?: ScoresReader): Promise<XlsxDownload> {
    const lines = await this.pages(period, reader);
    async function* pages(): AsyncGenerator<XlsxCell[][]> {
      for await (const page of lines)
        yield page.map((l) =>
          SCORE_COLUMNS.map((c) => (l[c] !== null && NUMERIC.has(c) ? Number(l[c]) : l[c])),
        );
    }
    const columns = SCORE_COLUMNS.map((header) => ({
      header,
      ...(NUMERIC.has(header) ? { numFmt: '0.00##' } : {}),
      ...(header === 'error' ? { width: 40 } : {}),
    }));
    return (out) => writeXlsx(out, [{ name: `scores ${period}`, columns, pages: pages() }]);
  }

  /** The run's lines a page at a time, after the checks (which throw before any page is read). */
  private async pages(period: string, reader?: ScoresReader): Promise<AsyncGenerator<ScoreLine[]>> {
    if (reader?.role === 'finance') {
      const p = await this.ds.getRepository(Period).findOne({ where: { period } });
      if (!p) throw new PeriodNotFoundError(period);
      if (p.status !== 'approved' && p.status !== 'closed')
        throw new PeriodStatusError(
          `period ${period} is ${p.status}: finance reads a month's scores once it is approved`,
        );
    }
    const runId = await currentRunId(this.ds, period);
    const ds = this.ds;
    async function* pages(): AsyncGenerator<ScoreLine[]> {
      let cursor: string | undefined;
      for (;;) {
        const page = await listScores(ds, period, { limit: MAX_PAGE, cursor }, runId);
        if (page.items.length) yield page.items;
        if (!page.nextCursor) return;
        cursor = page.nextCursor;
      }
    }
    return pages();
  }
}

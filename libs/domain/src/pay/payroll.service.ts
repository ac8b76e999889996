// A closed month's payroll for the systems that pay it: the lines as a stream of text chunks (JSON or CSV, the
// same bytes on every call), export batches recorded from exactly those bytes, and the batches listed. The
// currency is the configured one, handed in by the caller (the API's configuration). The lines also come as an
// .xlsx file for people (streamed a page at a time; not an export format: its bytes carry a timestamp).
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { XlsxDownload } from '../documents';
import { ExportView, listExports, RecordedExport, recordExport } from './payroll-exports';
import {
  openPayroll,
  PayrollFormat,
  payrollLines,
  PayrollSummary,
  payrollWorkbook,
  renderPayroll,
} from './payroll';

@Injectable()
export class PayrollService {
  constructor(private readonly ds: DataSource) {}

  /**
   * The payroll document's chunks. Refusals (404 unknown month or no completed run, 409 unless closed) are
   * thrown here, before the first chunk, so a caller can still answer them as errors.
   */
  async open(
    period: string,
    format: PayrollFormat,
    currency: string,
  ): Promise<AsyncGenerator<string, PayrollSummary>> {
    const src = await openPayroll(this.ds, period, currency);
    return renderPayroll(this.ds, src, format);
  }

  /**
   * The payroll lines as an .xlsx download (the CSV's columns, amounts as numbers to the cent).
   * @throws as `open`, before anything is written
   */
  async openWorkbook(period: string, currency: string): Promise<XlsxDownload> {
    const src = await openPayroll(this.ds, period, currency);
    return payrollWorkbook(`payroll ${period}`, payrollLines(this.ds, src));
  }

  /** Records an export batch; with an idempotency key, a retried request finds its batch (created: false). */
  recordExport(
    period: string,
    format: PayrollFormat,
    currency: string,
    idempotencyKey: string | undefined,
    actor: string,
  ): Promise<RecordedExport> {
    return recordExport(this.ds, period, format, currency, idempotencyKey, actor);
  }

  listExports(period: string): Promise<ExportView[]> {
    return listExports(this.ds, period);
  }
}

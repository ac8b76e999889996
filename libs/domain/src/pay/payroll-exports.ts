// Export batches: a record that a period's payroll was taken, in which format, with its line count, total and
// the SHA-256 of exactly the bytes GET .../payroll returns. An Idempotency-Key makes a retried POST find its
// batch again (200) instead of recording a second one; the same key with another request is refused (422).
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { PayrollExport } from '@app/persistence';
import { auditedWrite } from '../audit';
import { RefusedError } from '../model';
import { sha256Hex } from '../access';
import { openPayroll, PayrollFormat, PayrollSummary, renderPayroll } from './payroll';

export interface ExportView {
  id: string;
  period: string;
  format: string;
  lineCount: number;
  total: string;
  checksum: string;
  createdAt: string;
}

export interface RecordedExport {
  batch: ExportView;
  /** False when an earlier request with the same Idempotency-Key made the batch. */
  created: boolean;
}

export function exportView(e: PayrollExport): ExportView {
  const { id, period, format, lineCount, total, checksum, createdAt } = e;
  return { id, period, format, lineCount, total, checksum, createdAt };
}

export async function recordExport(
  ds: DataSource,
  period: string,
  format: PayrollFormat,
  currency: string,
  idempotencyKey: string | undefined,
  actor: string,
): Promise<RecordedExport> {
  return recordExportBatch(ds, { period, format, idempotencyKey, actor, entity: 'period' }, async () => {
    const src = await openPayroll(ds, period, currency);
    return { runId: src.runId, chunks: renderPayroll(ds, src, format) };
  });
}

/** One export batch asked for: of which period and format, by whom, audited under which entity. */
export interface ExportRequest {
  period: string;
  format: PayrollFormat;
  idempotencyKey: string | undefined;
  actor: string;
  /** The audit entry's entity: `period` for a month, `appraisal_period` for a period above it. */
  entity: string;
}

/**
 * Records an export batch of whatever payroll `open` renders (a month's, an appraisal period's bonus): its line
 * count, total and the SHA-256 of its bytes. `open` throws the refusals (not closed…) before anything is written;
 * it is not called when the Idempotency-Key finds the batch of a retried request. Audited `payroll.export`.
 */
export async function recordExportBatch(
  ds: DataSource,
  req: ExportRequest,
  open: () => Promise<{ runId: string | null; chunks: AsyncGenerator<string, PayrollSummary> }>,
): Promise<RecordedExport> {
  const { period, format, idempotencyKey, actor } = req;
  const requestHash = sha256Hex(JSON.stringify({ period, format }));
  if (idempotencyKey) {
    const earlier = await findByKey(ds, idempotencyKey, requestHash);
    if (earlier) return { batch: earlier, created: false };
  }
  const { runId, chunks } = await open();
  const hash = createHash('sha256');
  let step = await chunks.next();
  while (!step.done) {
    hash.update(step.value, 'utf8');
    step = await chunks.next();
  }
  const row: PayrollExport = {
    id: randomUUID(),
    period,
    idempotencyKey: idempotencyKey ?? null,
    requestHash,
    format,
    lineCount: step.value.lineCount,
    total: step.value.total,
    checksum: hash.digest('hex'),
    createdBy: actor,
    createdAt: new Date().toISOString(),
  };
  try {
    await ds.transaction((em) =>
      auditedWrite(em, actor, { action: 'payroll.export', entity: req.entity }, async (tx) => {
        await tx.getRepository(PayrollExport).insert(row);
        return { result: row, entityKey: period, after: { ...exportView(row), runId } };
      }),
    );
  } catch (e) {
    // The same key raced in from another request: the unique key decides, and that batch is the answer.
    const other =
      e instanceof QueryFailedError && idempotencyKey
        ? await findByKey(ds, idempotencyKey, requestHash)
        : null;
    if (other) return { batch: other, created: false };
    throw e;
  }
  return { batch: exportView(row), created: true };
}

export async function listExports(ds: DataSource, period: string): Promise<ExportView[]> {
  const rows = await ds
    .getRepository(PayrollExport)
    .find({ where: { period }, order: { createdAt: 'ASC', id: 'ASC' } });
  return rows.map(exportView);
}

async function findByKey(ds: DataSource, key: string, requestHash: string): Promise<ExportView | null> {
  const row = await ds.getRepository(PayrollExport).findOneBy({ idempotencyKey: key });
  if (!row) return null;
  if (row.requestHash !== requestHash)
    throw new RefusedError(
      422,
      `Idempotency-Key "${key}" was already used for another request (export ${row.id} of ${row.period} as ${row.format}); use a new key`,
    );
  return exportView(row);
}

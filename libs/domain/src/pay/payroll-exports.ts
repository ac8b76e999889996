// Export batches: a record that a period's payroll was taken, in which format, with its line count, total and
// the SHA-256 of exactly the bytes GET .../payroll returns. An Idempotency-Key makes a retried POST find its
// batch again (200) instead of recording a second one; the same key with another request is refused (422).
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { PayrollExport } from '@app/persistence';
import { auditedWrite } from '../audit';
import { RefusedError } from '../model';
import { sha256Hex } from '../access';
import { openPayroll, PayrollFormat, renderPayroll } from './payroll';

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
  const requestHash = sha256Hex(JSON.stringify({ period, format }));
  if (idempotencyKey) {
    const earlier = await findByKey(ds, idempotencyKey, requestHash);
    if (earlier) return { batch: earlier, created: false };
  }
  const src = await openPayroll(ds, period, currency);
  const hash = createHash('sha256');
  const chunks = renderPayroll(ds, src, format);
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
      auditedWrite(em, actor, { action: 'payroll.export', entity: 'period' }, async (tx) => {
        await tx.getRepository(PayrollExport).insert(row);
        return { result: row, entityKey: period, after: { ...exportView(row), runId: src.runId } };
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

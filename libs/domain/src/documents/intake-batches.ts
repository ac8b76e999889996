// Intake batches: every way data comes into a month (JSON, CSV, Excel, a document import, a correction…) is one
// batch, written in the intake's own transaction together with its observations. Here: the batch's fingerprint
// (SHA-256 of what was received), the look-ups that make a resend a no-op (the same bytes for the same months,
// or the same Idempotency-Key from the same caller), and the writing of a batch with the months it touches.
import { createHash } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { IntakeBatch, IntakeBatchPeriod, IntakeSource, Period } from '@app/persistence';
import { canonicalJson, InvalidError } from '../model';

/** The longest Idempotency-Key accepted (the column's length). */
export const MAX_IDEMPOTENCY_KEY = 200;
/** The longest file name kept with a batch (the column's length). */
export const MAX_BATCH_FILE_NAME = 255;

/** How an intake came: what the batch records, and what makes a resend recognisable. */
export interface IntakeOptions {
  source: IntakeSource;
  /** The uploaded file's name, when the data came as a file. */
  fileName?: string | null;
  /** SHA-256 (hex) of what was received: `sha256Of(text)` for a file, `sha256OfJson(body)` for JSON. */
  sha256: string;
  /** The client's Idempotency-Key: the same key from the same actor answers the earlier batch. */
  idempotencyKey?: string | null;
  /** `rowNumbers[i]` is how row i is called in problems (CSV: its line); default: its 1-based position. */
  rowNumbers?: number[];
}

/** A batch as the API shows it. */
export interface BatchView {
  id: number;
  source: IntakeSource;
  fileName: string | null;
  sha256: string;
  idempotencyKey: string | null;
  actor: string;
  createdAt: string;
  rowCount: number;
  periods: string[];
  withdrawnAt: string | null;
  withdrawnBy: string | null;
}

export function batchView(b: IntakeBatch): BatchView {
  return {
    id: b.id,
    source: b.source,
    fileName: b.fileName,
    sha256: b.sha256,
    idempotencyKey: b.idempotencyKey,
    actor: b.actor,
    createdAt: b.createdAt,
    rowCount: b.rowCount,
    periods: b.periods,
    withdrawnAt: b.withdrawnAt,
    withdrawnBy: b.withdrawnBy,
  };
}

/** SHA-256 (hex) of bytes, or of a text's UTF-8 bytes. */
export function sha256Of(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 of a JSON value's canonical form: the same content with its keys in another order is the same hash. */
export function sha256OfJson(value: unknown): string {
  return sha256Of(canonicalJson(value));
}

/** Checks the intake options a client controls (400 naming the field). */
export function checkIntakeOptions(options: IntakeOptions): void {
  const key = options.idempotencyKey;
  if (key !== undefined && key !== null && (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY))
    throw new InvalidError(
      `Idempotency-Key: must be 1 to ${MAX_IDEMPOTENCY_KEY} characters, got ${key.length}`,
    );
  const name = options.fileName;
  if (name !== undefined && name !== null && name.length > MAX_BATCH_FILE_NAME)
    throw new InvalidError(`fileName: at most ${MAX_BATCH_FILE_NAME} characters, got ${name.length}`);
}

/** The actor's earlier batch sent with this Idempotency-Key (withdrawn or not: the key names that request). */
export function batchByIdempotencyKey(
  em: EntityManager,
  actor: string,
  key: string | null | undefined,
): Promise<IntakeBatch | null> {
  if (!key) return Promise.resolve(null);
  return em.getRepository(IntakeBatch).findOne({ where: { actor, idempotencyKey: key } });
}

/**
 * The batch, not withdrawn, that received the same bytes from the same source for exactly the same months: a
 * resend of it stores nothing. Call it after the months are locked (lockMonthsForChange), so two identical
 * uploads at once are one batch and one duplicate, not two batches.
 */
export async function duplicateBatch(
  em: EntityManager,
  source: IntakeSource,
  sha256: string,
  periods: readonly string[],
): Promise<IntakeBatch | null> {
  const candidates = await em.getRepository(IntakeBatch).find({
    where: { sha256, source, withdrawnAt: IsNull() },
    order: { id: 'ASC' },
  });
  const months = [...periods].sort().join(',');
  return candidates.find((b) => [...b.periods].sort().join(',') === months) ?? null;
}

/** Writes a batch and the months it touches (their rows must exist); its observations name it by `batchId`. */
export async function openBatch(
  em: EntityManager,
  actor: string,
  options: IntakeOptions,
  periods: readonly Period[],
  rowCount: number,
): Promise<IntakeBatch> {
  const repo = em.getRepository(IntakeBatch);
  const batch = await repo.save(
    repo.create({
      source: options.source,
      fileName: options.fileName ?? null,
      sha256: options.sha256,
      idempotencyKey: options.idempotencyKey ?? null,
      actor,
      createdAt: new Date().toISOString(),
      rowCount,
      periods: periods.map((p) => p.period).sort(),
      withdrawnAt: null,
      withdrawnBy: null,
    }),
  );
  if (periods.length)
    await em
      .getRepository(IntakeBatchPeriod)
      .insert(periods.map((p) => ({ batchId: batch.id, periodId: p.id })));
  return batch;
}

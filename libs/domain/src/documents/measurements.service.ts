// The measurements intake: a JSON list, a CSV file (or, through the Excel upload, a workbook), checked row by row
// and stored as one intake batch with its observations in one transaction, with one audit entry
// (`measurements.record`: source, rows stored, the months they fell in). Any bad row refuses the batch and nothing
// is stored. The months the rows fall in are locked first and must take data (open or scored, no run queued or
// running: a run scores one version of its month); a stored batch raises their data version. A resend — the same
// bytes for the same months, or the same Idempotency-Key from the same caller — answers the earlier batch with
// `duplicate: true` and stores nothing (no audit entry, no new data version).
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { IntakeSource, OBSERVATION_SOURCES } from '@app/persistence';
import { audit } from '../audit';
import { bumpDataVersion, lockMonthsForChange } from '../periods';
import {
  batchByIdempotencyKey,
  BatchView,
  batchView,
  checkIntakeOptions,
  duplicateBatch,
  IntakeOptions,
  openBatch,
  sha256Of,
  sha256OfJson,
} from './intake-batches';
import { checkMeasurements, openMonths, storeMeasurements } from './measurements';
import { measurementsFromCsv } from './measurements-csv';

export interface RecordedMeasurements {
  /** The batch that holds the rows: this request's, or the earlier one it repeats. */
  batch: BatchView;
  /** True when nothing was stored because the request repeats `batch`. */
  duplicate: boolean;
  /** Rows stored by this request (0 for a duplicate). */
  stored: number;
  /** The months the rows fell in, sorted. */
  periods: string[];
}

/** What the observations of a batch say they came from (the observation's own, older vocabulary). */
const OBSERVATION_SOURCE: Partial<Record<IntakeSource, (typeof OBSERVATION_SOURCES)[number]>> = {
  json: 'api',
  csv: 'import',
  xlsx: 'import',
};

@Injectable()
export class MeasurementsService {
  constructor(private readonly ds: DataSource) {}

  /**
   * Stores rows as one batch (the entry point of every measurement intake: JSON, CSV, Excel).
   * @throws MeasurementsInvalidError listing every bad row (400); InvalidError for a bad Idempotency-Key or
   *   file name (400); MonthDataLockedError when a month is approved or closed or a run of it is active (409)
   */
  async record(actor: string, raw: unknown, options: IntakeOptions): Promise<RecordedMeasurements> {
    checkIntakeOptions(options);
    return this.ds.transaction((em) => this.recordIn(em, actor, raw, options));
  }

  /** A JSON list of measurements (problems name the rows by their 1-based position). */
  async recordJson(
    actor: string,
    raw: unknown,
    idempotencyKey?: string | null,
  ): Promise<RecordedMeasurements> {
    return this.record(actor, raw, { source: 'json', sha256: sha256OfJson(raw ?? null), idempotencyKey });
  }

  /** A CSV file of measurements (problems name the file's lines; the header is line 1). */
  async recordCsv(actor: string, text: string, fileName?: string | null): Promise<RecordedMeasurements> {
    checkIntakeOptions({ source: 'csv', sha256: '', fileName });
    const { rows, lines } = measurementsFromCsv(text);
    return this.record(actor, rows, { source: 'csv', fileName, sha256: sha256Of(text), rowNumbers: lines });
  }

  /** The same, in the caller's transaction (for an intake composed into a larger change). */
  async recordIn(
    em: EntityManager,
    actor: string,
    raw: unknown,
    options: IntakeOptions,
  ): Promise<RecordedMeasurements> {
    // A retried request: the key names what this caller sent before, whatever the body is now.
    const replayed = await batchByIdempotencyKey(em, actor, options.idempotencyKey);
    if (replayed)
      return { batch: batchView(replayed), duplicate: true, stored: 0, periods: replayed.periods };
    const checked = await checkMeasurements(em, raw, options.rowNumbers);
    const months = await openMonths(em, checked.periods);
    await lockMonthsForChange(
      em,
      months.map((p) => p.id),
    );
    // Under the months' lock, again: the same key sent twice at once is stored once (the second waited here).
    const raced = await batchByIdempotencyKey(em, actor, options.idempotencyKey);
    if (raced) return { batch: batchView(raced), duplicate: true, stored: 0, periods: raced.periods };
    const earlier = await duplicateBatch(em, options.source, options.sha256, checked.periods);
    if (earlier) return { batch: batchView(earlier), duplicate: true, stored: 0, periods: earlier.periods };

    const batch = await openBatch(em, actor, options, months, checked.rows.length);
    const source = OBSERVATION_SOURCE[options.source] ?? 'import';
    const stored = await storeMeasurements(em, checked, months, {
      source,
      enteredBy: actor,
      batchId: batch.id,
    });
    await bumpDataVersion(
      em,
      months.map((p) => p.id),
    );
    await audit(em, {
      actor,
      action: 'measurements.record',
      entity: 'measurements',
      entityKey: checked.periods.join(',').slice(0, 100),
      after: { source, stored, periods: checked.periods },
    });
    return { batch: batchView(batch), duplicate: false, stored, periods: checked.periods };
  }
}

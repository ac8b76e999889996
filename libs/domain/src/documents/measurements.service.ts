// The measurements intake: a JSON list or a CSV file, checked row by row and stored as observations in one
// transaction with one audit entry for the batch (`measurements.record`: source, rows stored, the months they
// fell in). Any bad row refuses the batch and nothing is stored.
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { auditedWrite } from '../audit';
import { recordMeasurements } from './measurements';
import { measurementsFromCsv } from './measurements-csv';

export interface RecordedMeasurements {
  stored: number;
  /** The months the rows fell in, sorted. */
  periods: string[];
}

@Injectable()
export class MeasurementsService {
  constructor(private readonly ds: DataSource) {}

  /** A JSON list of measurements (problems name the rows by their 1-based position). */
  record(raw: unknown, actor: string): Promise<RecordedMeasurements> {
    return this.ds.transaction((em) => this.recordBatch(em, raw, { source: 'api', actor }));
  }

  /** A CSV file of measurements (problems name the file's lines; the header is line 1). */
  async recordCsv(text: string, actor: string): Promise<RecordedMeasurements> {
    const { rows, lines } = measurementsFromCsv(text);
    return this.ds.transaction((em) =>
      this.recordBatch(em, rows, { source: 'import', actor, rowNumbers: lines }),
    );
  }

  private recordBatch(
    em: EntityManager,
    raw: unknown,
    batch: { source: 'api' | 'import'; actor: string; rowNumbers?: number[] },
  ): Promise<RecordedMeasurements> {
    const { source, actor, rowNumbers } = batch;
    const what = { action: 'measurements.record', entity: 'measurements' };
    return auditedWrite(em, actor, what, async (tx) => {
      const result = await recordMeasurements(tx, raw, { source, enteredBy: actor, rowNumbers });
      return {
        result,
        entityKey: result.periods.join(',').slice(0, 100),
        after: { source, stored: result.stored, periods: result.periods },
      };
    });
  }
}

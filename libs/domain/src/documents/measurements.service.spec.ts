// The measurements intake on a real database: a good batch is stored with one audit entry (and opens the new
// months it falls in); one bad row refuses the batch, every bad row is reported with its number (for CSV, the
// file line), and nothing at all is stored: no observation, no month, no audit entry.
import type { DataSource } from 'typeorm';
import { AuditEntry, Observation, Period } from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { document } from '../../../../test/factories/document';
import { importDocument } from './import-document';
import { MeasurementsInvalidError } from './measurements';
import { MeasurementsService } from './measurements.service';

describe.each(testDatabases('documents_measurements'))('%s', (_name, db) => {
  let ds: DataSource;
  let measurements: MeasurementsService;
  beforeEach(async () => {
    ds = await db.open();
    measurements = new MeasurementsService(ds);
    // Staff A, staff-level inputs x, y, z, month 2026-10.
    await importDocument(ds, document(), 'test');
  });
  afterEach(() => closeDatabase(ds));

  const stored = async () => ({
    observations: await ds.getRepository(Observation).countBy({ enteredBy: 'user:hr' }),
    periods: (await ds.getRepository(Period).find()).map((p) => p.period),
    audit: await ds.getRepository(AuditEntry).findBy({ action: 'measurements.record' }),
  });
  const refusal = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MeasurementsInvalidError);
    return (error as MeasurementsInvalidError).rows;
  };

  it('stores a batch with one audit entry, opening the new month it falls in', async () => {
    const result = await measurements.recordJson(
      'user:hr',
      [
        { input: 'x', staff: 'A', date: '2026-10-03', value: 4 },
        { input: 'y', staff: 'A', date: '2026-11-01', value: 1, mode: 'immediate' },
      ],
      'user:hr',
    );

    expect(result).toMatchObject({
      duplicate: false,
      stored: 2,
      periods: ['2026-10', '2026-11'],
      batch: { source: 'json', actor: 'user:hr', rowCount: 2, periods: ['2026-10', '2026-11'] },
    });
    const after = await stored();
    expect(after.observations).toBe(2);
    expect(after.periods.sort()).toEqual(['2026-10', '2026-11']);
    expect(after.audit).toEqual([
      expect.objectContaining({
        actor: 'user:hr',
        entity: 'measurements',
        entityKey: '2026-10,2026-11',
        after: { source: 'api', stored: 2, periods: ['2026-10', '2026-11'] },
      }),
    ]);
  });

  it('reports every bad row and stores nothing', async () => {
    const rows = await refusal(
      measurements.recordJson('user:hr', [
        { input: 'x', staff: 'A', date: '2026-12-01', value: 1 },
        { input: 'nope', staff: 'A', date: '2026-10-03', value: 1 },
        { input: 'x', staff: 'B', date: '2026-10-32', value: 'one' },
        { input: 'x', staff: 'A', date: '2026-10-04', value: 2, colour: 'red' },
      ]),
    );

    expect(rows.map((r) => [r.row, r.field])).toEqual([
      [2, 'input'],
      [3, 'date'],
      [3, 'value'],
      [3, 'staff'],
      [4, 'colour'],
    ]);
    expect(await stored()).toEqual({ observations: 0, periods: ['2026-10'], audit: [] });
  });

  it('refuses a body that is not a non-empty list', async () => {
    expect(await refusal(measurements.recordJson('user:hr', { input: 'x' }))).toEqual([
      { row: 0, field: '', code: 'BODY_NOT_LIST', message: 'the body must be a list of measurements' },
    ]);
    expect(await refusal(measurements.recordJson('user:hr', []))).toEqual([
      { row: 0, field: '', code: 'EMPTY_BATCH', message: 'the list is empty' },
    ]);
  });

  it('names the file lines of bad CSV cells and stores nothing of the file', async () => {
    const rows = await refusal(
      measurements.recordCsv(
        'user:hr',
        'staff,date,x,y\nA,2026-10-01,1,2\nB,2026-10-02,3,\nA,2026-10-03,abc,4\n',
      ),
    );

    expect(rows).toEqual([
      {
        row: 4,
        field: 'x',
        code: 'CSV_NOT_DECIMAL',
        params: { got: '"abc"' },
        message: '"abc" is not a decimal number (digits, an optional - and . decimals)',
      },
    ]);
    const unknown = await refusal(
      measurements.recordCsv('user:hr', 'staff,date,x\nA,2026-10-01,1\nB,2026-10-02,3\n'),
    );
    expect(unknown).toEqual([
      { row: 3, field: 'staff', code: 'UNKNOWN_STAFF', params: { got: '"B"' }, message: 'unknown staff "B"' },
    ]);
    expect(await stored()).toEqual({ observations: 0, periods: ['2026-10'], audit: [] });

    expect(await measurements.recordCsv('user:hr', 'staff,date,x,y\nA,2026-10-01,1,2\n')).toMatchObject({
      duplicate: false,
      stored: 2,
      periods: ['2026-10'],
      batch: { source: 'csv', rowCount: 2, periods: ['2026-10'] },
    });
    expect((await stored()).audit[0].after).toEqual({ source: 'import', stored: 2, periods: ['2026-10'] });
  });
});

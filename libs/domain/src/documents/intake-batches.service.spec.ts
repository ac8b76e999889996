// Intake batches on a real database: a resend (the same bytes for the same months, or the same Idempotency-Key
// from the same caller) stores nothing and answers the earlier batch; keys of different callers never collide;
// a withdrawn batch leaves the month exactly as it was before it (the exported document, byte for byte); the data
// version goes up once per stored batch and per withdrawal; approved months and months with a run in progress
// refuse both intake and withdrawal (409 naming the run).
import type { DataSource } from 'typeorm';
import { AuditEntry, IntakeBatch, Observation, Period, ScoringRun } from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { document, staffMember } from '../../../../test/factories/document';
import { run } from '../../../../test/factories/periods';
import { InvalidError } from '../model';
import { MonthDataLockedError } from '../periods';
import { exportDocument } from './export-document';
import { importDocument } from './import-document';
import { BatchWithdrawnError, IntakeBatchesService } from './intake-batches.service';
import { MeasurementsService } from './measurements.service';

describe.each(testDatabases('documents_intake_batches'))('%s', (_name, db) => {
  let ds: DataSource;
  let measurements: MeasurementsService;
  let batches: IntakeBatchesService;
  const CSV = 'staff,date,x,y\nA,2026-10-01,1,2\nA,2026-10-02,3,\n';
  const ROWS = [
    { input: 'x', staff: 'A', date: '2026-10-03', value: 4 },
    { input: 'y', staff: 'A', date: '2026-10-04', value: 1 },
  ];

  beforeEach(async () => {
    ds = await db.open();
    measurements = new MeasurementsService(ds);
    batches = new IntakeBatchesService(ds);
    await importDocument(ds, document(), 'test'); // staff A, staff-level inputs x, y, z, month 2026-10
  });
  afterEach(() => closeDatabase(ds));

  const month = () => ds.getRepository(Period).findOneByOrFail({ period: '2026-10' });
  const version = async () => (await month()).dataVersion;
  const observations = () => ds.getRepository(Observation).count();
  const records = () => ds.getRepository(AuditEntry).countBy({ action: 'measurements.record' });
  const refusal = async (work: Promise<unknown>) =>
    work.then(
      () => {
        throw new Error('expected a refusal');
      },
      (e: unknown) => e as Error,
    );

  it('stores the same CSV once: the resend answers the same batch, with no audit entry and no new version', async () => {
    const first = await measurements.recordCsv('user:hr', CSV, 'october.csv');
    const v1 = await version();
    const count = await observations();
    const second = await measurements.recordCsv('user:hr', CSV, 'october-again.csv');

    expect(first).toMatchObject({ duplicate: false, stored: 3 });
    expect(first.batch).toMatchObject({
      source: 'csv',
      fileName: 'october.csv',
      rowCount: 3,
      periods: ['2026-10'],
    });
    expect(first.batch.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toEqual({ batch: first.batch, duplicate: true, stored: 0, periods: ['2026-10'] });
    expect(await observations()).toBe(count);
    expect(await version()).toBe(v1);
    expect(await records()).toBe(1);
    expect(await ds.getRepository(Observation).countBy({ batchId: first.batch.id })).toBe(3);
  });

  it('stores the same JSON once, whatever the order of its keys; a different list is a new batch', async () => {
    const v0 = await version();
    const first = await measurements.recordJson('user:hr', ROWS);
    const reordered = ROWS.map(({ value, date, staff, input }) => ({ value, date, staff, input }));
    const again = await measurements.recordJson('user:other', reordered);
    const other = await measurements.recordJson('user:hr', [{ ...ROWS[0], value: 5 }]);

    expect(again).toMatchObject({ duplicate: true, stored: 0, batch: { id: first.batch.id } });
    expect(other).toMatchObject({ duplicate: false, stored: 1 });
    expect(other.batch.id).not.toBe(first.batch.id);
    expect(await version()).toBe(v0 + 2);
  });

  it('answers a caller’s Idempotency-Key with their earlier batch whatever the body; keys of two callers do not collide', async () => {
    const mine = await measurements.recordJson('user:hr', ROWS, 'key-1');
    const retry = await measurements.recordJson('user:hr', [{ ...ROWS[0], value: 9 }], 'key-1');
    const theirs = await measurements.recordJson('user:li.wei', [{ ...ROWS[0], value: 9 }], 'key-1');

    expect(retry).toMatchObject({ duplicate: true, stored: 0, batch: { id: mine.batch.id } });
    expect(theirs).toMatchObject({ duplicate: false, stored: 1, batch: { actor: 'user:li.wei' } });
    expect(theirs.batch.id).not.toBe(mine.batch.id);
    const error = await refusal(measurements.recordJson('user:hr', ROWS, 'k'.repeat(201)));
    expect(error).toBeInstanceOf(InvalidError);
    expect(error.message).toContain('Idempotency-Key');
    expect(await ds.getRepository(IntakeBatch).count()).toBe(3); // the document's import, and two
  });

  // Two transactions at once need PostgreSQL: SQLite in memory has one connection, whose writers queue anyway.
  (db.name === 'PostgreSQL' ? it : it.skip)(
    'stores the same file sent twice at once, and the same key sent twice at once, once',
    async () => {
      const files = await Promise.all([
        measurements.recordCsv('user:hr', CSV),
        measurements.recordCsv('user:hr', CSV),
      ]);
      const keyed = await Promise.all([
        measurements.recordJson('user:hr', ROWS, 'at-once'),
        measurements.recordJson('user:hr', [{ ...ROWS[0], value: 8 }], 'at-once'),
      ]);

      for (const pair of [files, keyed]) {
        expect(pair.map((r) => r.duplicate).sort()).toEqual([false, true]);
        expect(pair[0].batch.id).toBe(pair[1].batch.id);
      }
      expect(await ds.getRepository(IntakeBatch).count()).toBe(3); // the document's import, and two
    },
  );

  it('withdraws a batch: the month’s document is byte for byte what it was before the batch', async () => {
    const before = JSON.stringify(await exportDocument(ds, '2026-10'));
    const v0 = await version();
    const { batch } = await measurements.recordCsv('user:hr', CSV);
    expect(JSON.stringify(await exportDocument(ds, '2026-10'))).not.toBe(before);
    const listed = await batches.list('2026-10');
    expect(listed.find((b) => b.id === batch.id)).toMatchObject({
      observationsInMonth: 3,
      withdrawnAt: null,
    });

    const withdrawn = await batches.withdraw('user:hr', batch.id);

    expect(withdrawn).toMatchObject({
      id: batch.id,
      withdrawnBy: 'user:hr',
      withdrawnAt: expect.any(String),
    });
    expect(JSON.stringify(await exportDocument(ds, '2026-10'))).toBe(before);
    expect(await version()).toBe(v0 + 2);
    expect((await batches.list('2026-10')).find((b) => b.id === batch.id)).toMatchObject({
      observationsInMonth: 0,
      withdrawnBy: 'user:hr',
    });
    const [entry] = await ds.getRepository(AuditEntry).findBy({ action: 'batch.withdraw' });
    expect(entry).toMatchObject({
      actor: 'user:hr',
      entityKey: String(batch.id),
      before: expect.objectContaining({ withdrawnAt: null, observationsInMonths: 3 }),
      after: expect.objectContaining({ withdrawnBy: 'user:hr', observationsRemoved: 3 }),
    });
    // Withdrawing twice is refused; the same file again is a new batch (the withdrawn one no longer counts).
    expect(await refusal(batches.withdraw('user:hr', batch.id))).toBeInstanceOf(BatchWithdrawnError);
    expect(await measurements.recordCsv('user:hr', CSV)).toMatchObject({ duplicate: false, stored: 3 });
  });

  it('refuses intake and withdrawal in an approved month, and during a run, naming the run', async () => {
    const { batch } = await measurements.recordJson('user:hr', ROWS);
    const p = await month();
    const active = await run(ds, p, { status: 'running' });
    const count = await observations();
    for (const work of [
      () => measurements.recordJson('user:hr', [{ ...ROWS[0], value: 7 }]),
      () => measurements.recordCsv('user:hr', CSV),
      () => batches.withdraw('user:hr', batch.id),
      () => importDocument(ds, document({ staff: [staffMember('A', { x: 1, y: 2, z: 3 })] }), 'user:hr'),
    ]) {
      const error = await refusal(work());
      expect(error).toBeInstanceOf(MonthDataLockedError);
      expect(error.message).toContain(`run ${active.id}`);
    }
    await ds.getRepository(Period).update({ id: p.id }, { status: 'approved' });
    await ds.getRepository(ScoringRun).update({ id: active.id }, { status: 'completed', activePeriod: null });
    for (const work of [
      () => measurements.recordJson('user:hr', [{ ...ROWS[0], value: 7 }]),
      () => batches.withdraw('user:hr', batch.id),
    ]) {
      const error = await refusal(work());
      expect(error).toBeInstanceOf(MonthDataLockedError);
      expect(error.message).toContain('approved');
    }
    expect(await observations()).toBe(count);
  });

  it('makes a document import one batch: the same document again changes nothing', async () => {
    const v0 = await version();
    const changed = document({ staff: [staffMember('A', { x: 7, y: 2, z: 3 })] });
    const first = await importDocument(ds, changed, 'user:hr');
    const again = await importDocument(ds, JSON.parse(JSON.stringify(changed)) as typeof changed, 'user:hr');

    expect(first).toMatchObject({ duplicate: false, batch: { source: 'document', rowCount: 3 } });
    expect(again).toMatchObject({
      duplicate: true,
      batch: { id: first.batch.id },
      counts: { observations: 0 },
    });
    expect(await version()).toBe(v0 + 1);
    expect(await ds.getRepository(AuditEntry).countBy({ action: 'document.import' })).toBe(2);
  });
});

// Bulk writes on both drivers: `copyRows` (COPY … FROM STDIN on PostgreSQL, multi-row INSERTs on SQLite) stores
// every value as given — text with the characters COPY's format escapes, nulls, fractions — and stays part of
// its transaction: a failure later in it, or a bad row in the COPY itself, leaves nothing behind.
import { DataSource } from 'typeorm';
import { closeDatabase, testDatabases } from '../../../test/support/database';
import { copyRows } from './bulk-insert';

// Enough rows for the COPY path (below 2,000 rows it uses the INSERTs on PostgreSQL too).
const N = 2500;
const TEXTS = ['plain', 'tab\there', 'line\nbreak', 'cr\rhere', 'back\\slash', '\\N', '', '病房 ✓', 'a\\tb'];

const rows = (): unknown[][] =>
  Array.from({ length: N }, (_, i) => [
    i,
    i % 7 === 0 ? null : TEXTS[i % TEXTS.length],
    i % 5 === 0 ? null : i / 3 - 400.125,
  ]);

describe.each(testDatabases('bulk_insert'))('copyRows (%s)', (_name, db) => {
  let ds: DataSource;

  beforeEach(async () => {
    ds = await db.open();
    await ds.query(`CREATE TABLE copy_probe (id integer NOT NULL, label text, amount double precision)`);
  });
  afterEach(() => closeDatabase(ds));

  const stored = async () =>
    (
      await ds.query<{ id: number; label: string | null; amount: number | null }[]>(
        `SELECT id, label, amount FROM copy_probe ORDER BY id`,
      )
    ).map((r) => [Number(r.id), r.label, r.amount === null ? null : Number(r.amount)]);

  it('stores every value as given, escapes and nulls included', async () => {
    await ds.transaction((em) => copyRows(em, 'copy_probe', ['id', 'label', 'amount'], rows()));
    expect(await stored()).toEqual(rows());
  });

  it('is all or nothing with its transaction', async () => {
    await expect(
      ds.transaction(async (em) => {
        await copyRows(em, 'copy_probe', ['id', 'label', 'amount'], rows());
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    expect(await stored()).toEqual([]);
  });

  it('refuses a bad row, stores none of the rows, and leaves the connection usable', async () => {
    const bad = rows();
    bad[N - 1][0] = null; // id is NOT NULL
    await expect(
      ds.transaction((em) => copyRows(em, 'copy_probe', ['id', 'label', 'amount'], bad)),
    ).rejects.toThrow(/null/i);
    expect(await stored()).toEqual([]);
    await ds.transaction((em) => copyRows(em, 'copy_probe', ['id', 'label', 'amount'], rows()));
    expect(await stored()).toHaveLength(N);
  });
});

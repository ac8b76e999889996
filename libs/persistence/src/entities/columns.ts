// Column helpers shared by the entities, so both drivers get the same portable types.
import { ColumnOptions } from 'typeorm';

/** A month "YYYY-MM". */
export const PERIOD_COLUMN: ColumnOptions = { type: 'varchar', length: 7 };

/** Timestamps stored as ISO strings in SQLite and timestamptz in Postgres, chosen by the driver. */
export const CREATED_AT: ColumnOptions = { type: 'varchar', length: 30 };

/** JSON kept as text: the same in both drivers, and read only through the typed definitions. */
export const JSON_TEXT: ColumnOptions = { type: 'simple-json' };

/** A name in Chinese and English (either may be missing). */
export interface LocalNames {
  zh?: string;
  en?: string;
}

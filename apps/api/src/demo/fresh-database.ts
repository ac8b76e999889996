// The demo starts from an empty SQLite database every time: the file and its WAL companions go first.
import { rmSync } from 'node:fs';

/** SQLite's files for a database at `path`: the database, its write-ahead log, shared memory and journal. */
export const sqliteFiles = (path: string): string[] =>
  ['', '-wal', '-shm', '-journal'].map((suffix) => `${path}${suffix}`);

/** Removes the database at `path` and its companions; missing files are fine. */
export function removeSqliteDatabase(path: string): void {
  for (const file of sqliteFiles(path)) rmSync(file, { force: true });
}

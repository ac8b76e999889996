// The externals some suites need (PostgreSQL, Redis, Chromium): when one is missing the suite says so in one line,
// and the summary at the end of `npm test` repeats every such line, so a green run on a bare machine never hides
// what it did not test. Under CI (CI=true) a missing external fails instead: CI always runs everything.
import { appendFileSync } from 'node:fs';

const SKIPS_FILE = process.env.SCORECARD_SKIPS_FILE;

/**
 * Notes that `what` did not run because `why`, with `enable` saying how to run it.
 * @throws under CI, where every external is installed and a skip would hide a failure
 */
export function noteSkipped(what: string, why: string, enable: string): void {
  const line = `${what}: skipped, ${why} (${enable})`;
  if (process.env.CI === 'true') throw new Error(`CI runs every suite, but ${line}`);
  console.log(line);
  if (SKIPS_FILE) appendFileSync(SKIPS_FILE, line + '\n');
}

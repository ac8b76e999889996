// Locates ../shared (the scenario documents and the comparison tool), beside the repository root.
// A missing folder fails the suite loudly: the scenarios are the contract, never skipped.
import { existsSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../..');
export const SHARED_DIR = process.env.SCORECARD_SHARED_DIR ?? resolve(REPO_ROOT, '../shared');

export interface ScenarioFiles {
  name: string;
  document: string;
  expected: string;
}

/** Every `scenarios/*.yaml` (or .json) that has an `.expected.json` beside it, read at test time. */
export function sharedScenarios(): ScenarioFiles[] {
  const dir = join(SHARED_DIR, 'scenarios');
  if (!existsSync(dir)) throw new Error(`shared scenarios not found at ${dir} (set SCORECARD_SHARED_DIR)`);
  const found = readdirSync(dir)
    .filter((f) => /\.expected\.json$/.test(f))
    .map((f) => {
      const name = f.replace(/\.expected\.json$/, '');
      const document = ['.yaml', '.yml', '.json']
        .map((ext) => join(dir, name + ext))
        .find((p) => existsSync(p));
      if (!document) throw new Error(`no document for ${f} in ${dir}`);
      return { name, document, expected: join(dir, f) };
    });
  if (found.length === 0) throw new Error(`no scenarios in ${dir}`);
  return found;
}

/**
 * Compares a result with the expected one using the shared tool (the tolerances of SCENARIO_FORMAT.md).
 * @returns '' when they agree, otherwise the tool's description of the differences.
 */
export function compareWithExpected(expectedFile: string, actual: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'scorecard-compare-'));
  const actualFile = join(dir, 'actual.json');
  writeFileSync(actualFile, typeof actual === 'string' ? actual : JSON.stringify(actual));
  try {
    execFileSync(process.execPath, [join(SHARED_DIR, 'tools/compare-result.js'), expectedFile, actualFile], {
      encoding: 'utf8',
    });
    return '';
  } catch (e) {
    const err = e as { stdout?: string; message: string };
    return err.stdout || err.message;
  }
}

// The scenario documents the tests score, with their expected results: the project's own copies in
// test/fixtures/scenarios/ (a fresh clone has them), plus every scenario of ../shared/scenarios/ when that
// folder is beside the repository, so that a new shared case is picked up without copying it first.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../..');
export const FIXTURE_SCENARIOS = join(REPO_ROOT, 'test/fixtures/scenarios');
const SHARED_SCENARIOS = join(
  process.env.SCORECARD_SHARED_DIR ?? resolve(REPO_ROOT, '../shared'),
  'scenarios',
);
/** The comparison rules of docs/FORMAT.md "Comparing results" (a copy of the format's own tool). */
const COMPARE_TOOL = join(REPO_ROOT, 'test/support/compare-result.js');

export interface ScenarioFiles {
  /** The file name without extension; `shared/<name>` for a shared scenario the fixtures do not hold. */
  name: string;
  document: string;
  expected: string;
}

function scenariosIn(dir: string, prefix: string): ScenarioFiles[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.expected.json'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.expected\.json$/, '');
      const document = ['.yaml', '.yml', '.json']
        .map((ext) => join(dir, name + ext))
        .find((p) => existsSync(p));
      if (!document) throw new Error(`no document for ${f} in ${dir}`);
      return { name: prefix + name, document, expected: join(dir, f) };
    });
}

const same = (a: ScenarioFiles, b: ScenarioFiles) =>
  readFileSync(a.document, 'utf8') === readFileSync(b.document, 'utf8') &&
  readFileSync(a.expected, 'utf8') === readFileSync(b.expected, 'utf8');

let listed: ScenarioFiles[] | undefined;

/**
 * Every scenario: the fixtures, then each shared one that is new or differs from the fixture of its name.
 * A missing fixtures folder fails loudly: the scenarios are the contract, never skipped.
 */
export function scenarios(): ScenarioFiles[] {
  if (listed) return listed;
  const own = scenariosIn(FIXTURE_SCENARIOS, '');
  if (own.length === 0) throw new Error(`no scenarios in ${FIXTURE_SCENARIOS}`);
  const shared = existsSync(SHARED_SCENARIOS) ? scenariosIn(SHARED_SCENARIOS, 'shared/') : [];
  const extra = shared.filter((s) => {
    const mine = own.find((o) => 'shared/' + o.name === s.name);
    return !mine || !same(mine, s);
  });
  listed = [...own, ...extra];
  return listed;
}

/** One fixture scenario by name (for suites that need a known document, not every one). */
export function scenario(name: string): ScenarioFiles {
  const found = scenariosIn(FIXTURE_SCENARIOS, '').find((s) => s.name === name);
  if (!found) throw new Error(`no scenario ${name} in ${FIXTURE_SCENARIOS}`);
  return found;
}

/**
 * Compares a result with the expected one (the tolerances of docs/FORMAT.md).
 * @returns '' when they agree, otherwise the tool's description of the differences.
 */
export function compareWithExpected(expectedFile: string, actual: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'scorecard-compare-'));
  const actualFile = join(dir, 'actual.json');
  writeFileSync(actualFile, typeof actual === 'string' ? actual : JSON.stringify(actual));
  try {
    execFileSync(process.execPath, [COMPARE_TOOL, expectedFile, actualFile], { encoding: 'utf8' });
    return '';
  } catch (e) {
    const err = e as { stdout?: string; message: string };
    return err.stdout || err.message;
  }
}

// The `scorecard` CLI contract: output, exit codes (0 ok, 2 invalid input, 1 unexpected), no stack traces.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  compareWithExpected,
  REPO_ROOT,
  scenarios,
  scenario as fixture,
} from '../../../test/support/scenarios';
import { run } from './main';

function capture(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const tmp = mkdtempSync(join(tmpdir(), 'scorecard-cli-'));
function file(name: string, content: unknown): string {
  const p = join(tmp, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

const scenario = fixture('logistics-basic');

describe('scorecard CLI as a process (npm run --silent scorecard)', () => {
  const npm = (args: string[]) =>
    spawnSync('npm', ['run', '--silent', 'scorecard', '--', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });

  for (const sc of scenarios()) {
    it(`score ${sc.name} prints only the result JSON, matching the expected result`, () => {
      const r = npm(['score', sc.document]);
      expect(r.status).toBe(0);
      expect(compareWithExpected(sc.expected, r.stdout)).toBe('');
    });
  }

  it('exits 2 with the problems on stderr and nothing on stdout for an invalid document', () => {
    const r = npm(['score', file('bad.json', { formatVersion: 2 })]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('formatVersion: must be 1');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('scorecard CLI in-process', () => {
  it('score --table prints a readable table', () => {
    const r = capture(['score', scenario.document, '--table']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Period \d{4}-\d{2}/);
    expect(r.stdout).toMatch(/staff\s+department\s+site\s+set\s+total/);
    expect(() => JSON.parse(r.stdout) as unknown).toThrow();
  });

  it('score reads JSON files as well as YAML', () => {
    const json = capture(['score', scenario.document]);
    const asJson = file('doc.json', parseYaml(readFileSync(scenario.document, 'utf8')));
    const again = capture(['score', asJson]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(json.stdout));
  });

  it('score and validate take an appraisal document (a period above the month), as JSON or a table', () => {
    const annual = fixture('annual-rollup').document;
    expect(capture(['validate', annual])).toMatchObject({ code: 0, stdout: 'ok' });
    const json = capture(['score', annual]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ period: '2026', staff: expect.any(Array) });
    const table = capture(['score', annual, '--table']);
    expect(table.stdout).toMatch(/^Period 2026\n/);
    expect(table.stdout).toMatch(/staff\s+department\s+site\s+set\s+months\s+days\s+rolled\s+total/);
    expect(table.stdout).toContain('capped at 合格');
    const bad = capture([
      'validate',
      file('annual.json', { ...parseYaml(readFileSync(annual, 'utf8')), period: '2026-Q5' }),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'period: must be a year "YYYY", a quarter "YYYY-Qn" or a half-year "YYYY-Hn"',
    );
  });

  it('validate prints ok for a valid document', () => {
    expect(capture(['validate', scenario.document])).toMatchObject({ code: 0, stdout: 'ok' });
  });

  it('validate lists every problem with its path and exits 2', () => {
    const r = capture([
      'validate',
      file(
        'invalid.yaml',
        'formatVersion: 1\nperiod: 2026-13\ninputs: []\nindicatorSets: []\nstaff: [{id: A}]\n',
      ),
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('period: must be a month');
    expect(r.stderr).toContain('indicatorSets: must not be empty');
    expect(r.stderr).toContain('staff[0].department: is required');
    expect(r.stderr).toContain('staff[0].indicatorSet: is required');
  });

  it('reports unreadable input as invalid input (exit 2)', () => {
    expect(capture(['score', join(tmp, 'missing.yaml')])).toMatchObject({ code: 2 });
    const r = capture(['score', file('broken.yaml', 'a: [1, 2\n')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not valid YAML');
    expect(capture(['score', file('broken.json', '{"a": ')])).toMatchObject({ code: 2 });
  });

  it('rejects unknown commands, options and missing arguments with exit 2', () => {
    expect(capture(['frobnicate', 'x']).code).toBe(2);
    expect(capture(['score']).code).toBe(2);
    expect(capture(['score', scenario.document, '--fast']).code).toBe(2);
    expect(capture([]).code).toBe(2);
    expect(capture(['--help'])).toMatchObject({ code: 0 });
  });

  it('ahp prints weights and consistency as JSON', () => {
    const r = capture([
      'ahp',
      file('ahp.json', {
        labels: ['a', 'b', 'c'],
        matrix: [
          [1, 3, 5],
          [1 / 3, 1, 3],
          [1 / 5, 1 / 3, 1],
        ],
      }),
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(
      expect.arrayContaining(['weights', 'lambdaMax', 'ci', 'cr', 'consistent']),
    );
    expect(out.weights).toHaveLength(3);
    expect(out.weights[0]).toBeGreaterThan(out.weights[1]);
    expect(out.consistent).toBe(true);
  });

  it('ahp exits 2 on a non-reciprocal matrix or mismatched labels', () => {
    const bad = capture([
      'ahp',
      file('ahp-bad.json', {
        matrix: [
          [1, 3],
          [3, 1],
        ],
      }),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not reciprocal');
    expect(
      capture([
        'ahp',
        file('ahp-labels.json', {
          labels: ['a'],
          matrix: [
            [1, 2],
            [0.5, 1],
          ],
        }),
      ]).code,
    ).toBe(2);
  });
});

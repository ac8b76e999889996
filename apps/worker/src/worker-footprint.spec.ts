// A scoring worker loads only what it scores with: the libraries of workbooks (exceljs) and of the password
// policy (zxcvbn-ts's list) are reached through the domain's barrels but loaded on first use, and a worker never
// uses them. Loaded with the module they cost each worker about 22 MB of resident memory before its first chunk
// (docs/BENCHMARKS.md).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

/** The packages under node_modules that running `code` loads, in a process of its own (TypeScript through swc). */
function packagesLoadedBy(code: string): string[] {
  const out = execFileSync(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      '-e',
      `${code};` +
        `const names = Object.keys(require.cache).map((k) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(k)?.[1]);` +
        `console.log(JSON.stringify([...new Set(names.filter(Boolean))]));`,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as string[];
}

describe('the worker process', () => {
  it('loads the scoring libraries but not those of workbooks and passwords', () => {
    const loaded = packagesLoadedBy(`require('./apps/worker/src/worker.module.ts')`);
    expect(loaded).toEqual(expect.arrayContaining(['typeorm', 'bullmq', 'mathjs']));
    expect(loaded).not.toContain('exceljs');
    expect(loaded).not.toContain('@zxcvbn-ts/language-common');
  });

  it('still finds them when a workbook is written or a password checked', () => {
    const loaded = packagesLoadedBy(
      `require('./libs/domain/src/documents/workbook-writer.ts').excel();` +
        `require('./libs/domain/src/access/password-policy.ts').passwordProblem('a fine long passphrase', 'hr')`,
    );
    expect(loaded).toEqual(expect.arrayContaining(['exceljs', '@zxcvbn-ts/language-common']));
  });
});

// `scorecard run PERIOD` on a SQLite file: the month is scored in-process with progress on stderr and the
// completed run as JSON on stdout; bad months and unknown periods are invalid input (exit code 2).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importDocument } from '@app/domain/documents';
import { openDatabase, Period } from '@app/persistence';
import { parseDocumentText } from '@app/scoring';
import { run } from '../apps/cli/src/main';
import { scenario as fixture } from './support/scenarios';

describe('scorecard run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scorecard-cli-run-'));
  const file = join(dir, 'db.sqlite');
  const saved = process.env.DATABASE_URL;
  let out: string[];
  let err: string[];
  const output = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };

  beforeAll(async () => {
    const ds = await openDatabase(`sqlite:${file}`);
    const scenario = fixture('logistics-basic');
    await importDocument(ds, parseDocumentText(readFileSync(scenario.document, 'utf8')), 'test');
    await ds.destroy();
    process.env.DATABASE_URL = `sqlite:${file}`;
  });
  beforeEach(() => {
    out = [];
    err = [];
  });
  afterAll(() => {
    process.env.DATABASE_URL = saved;
    if (saved === undefined) delete process.env.DATABASE_URL;
    rmSync(dir, { recursive: true, force: true });
  });

  it('scores the month in-process and prints the completed run', async () => {
    expect(await run(['run', '2026-10'], output)).toBe(0);
    const done = JSON.parse(out.join('')) as { status: string; progress: { done: number; total: number } };
    expect(done).toMatchObject({ status: 'completed', progress: { done: 9, total: 9 } });
    expect(err.join('\n')).toMatch(/started run .* of 2026-10, 9 staff, in this process/);
    expect(err.join('\n')).toContain('9/9 staff');
    const ds = await openDatabase(`sqlite:${file}`);
    try {
      const p = await ds.getRepository(Period).findOneByOrFail({ period: '2026-10' });
      expect(p.currentRunId).toBe((JSON.parse(out.join('')) as { id: string }).id);
    } finally {
      await ds.destroy();
    }
  });

  it('refuses a bad month, an unknown period and --no-wait without Redis with exit code 2', async () => {
    expect(await run(['run', '2026-13'], output)).toBe(2);
    expect(await run(['run', '2031-01'], output)).toBe(2);
    expect(await run(['run', '2026-10', '--no-wait'], output)).toBe(2);
    expect(err.join('\n')).toContain('period 2031-01 does not exist');
    expect(err.join('\n')).toContain('--no-wait needs REDIS_URL');
    expect(out).toEqual([]);
  });
});

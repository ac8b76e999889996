// Benchmark of the results download as .xlsx: 100,000 staff results (by default) seeded straight into a scratch
// SQLite database (a completed run of one month, each result packed as a run stores it, with 12 indicators and
// their explanations), then `ResultsService.staffWorkbook` — what `GET /api/v1/periods/{p}/results?format=xlsx`
// streams — written to a file, in a process of its own. Measures the seconds from the first query to the file's
// last byte, and that process's resident memory at the start of the download and at its peak (maxRSS). Prints
// one JSON line: {rows, seconds, bytes, rssStartMb, peakRssMb, rssGrowthMb, ...} and exits 1 when seconds > 10
// or the peak is more than 150 MB over the start, unless --no-check. The download process runs with a 128 MB heap
// (--heap): memory must stay flat, neither the rows nor the file are ever held whole; --rows 10000 shows the
// same peak.
//
//   npm run bench:xlsx [-- --rows 100000 --no-check --keep]
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { openDatabase, packStaffResult, Period, ScoringRun, StaffResultRow } from '@app/persistence';
import type { StaffScore } from '@app/scoring';
import { ResultsService } from '@app/domain/runs';
import { arg } from './bench-args';

const ROWS = arg('rows', 100_000);
const CHECK = !process.argv.includes('--no-check');
const KEEP = process.argv.includes('--keep');
const SECONDS_TARGET = 10;
const GROWTH_TARGET_MB = 150;
/** The download process's heap cap: V8 grows its heap lazily up to the cap, so without one the peak says
 * little; with it, a download that held its rows or its file would run out of memory. */
const HEAP_MB = arg('heap', 128);
const PERIOD = '2026-10';
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const log = (s: string) => process.stderr.write(`${s}\n`);

function result(i: number): StaffScore {
  const code = `S${String(i).padStart(6, '0')}`;
  const indicators = Array.from({ length: 12 }, (_, k) => ({
    code: `K${k}`,
    dimension: `D${k % 4}`,
    value: (i * 7 + k) % 100,
    score: ((i + k) % 100) + 0.5,
    weight: 8,
    missing: false,
    contribution: 4.2,
    explanation: `value ${(i * 7 + k) % 100} against target 90: linear score ${((i + k) % 100) + 0.5}`,
  }));
  return {
    id: code,
    department: `DEP${i % 300}`,
    site: i % 2 ? 'CC' : 'SY',
    indicatorSet: `SET${i % 7}`,
    total: 50 + (i % 50) + 0.25,
    grade: 'ABCD'[i % 4],
    coefficient: 1.05,
    calibration: null,
    vetoed: false,
    vetoReasons: [],
    dimensions: [0, 1, 2, 3].map((d) => ({ code: `D${d}`, score: 80, weight: 25, effectiveWeight: 25 })),
    indicators,
    points: 120.5,
    workloadValue: '3012.40',
    incentive: null,
    explanation: {
      total: 'weighted sum of the dimensions',
      grade: 'band',
      points: 'tasks × RVU',
      incentive: null,
    },
  };
}

/** Seeds the results of one completed run into a new SQLite file. */
async function seed(file: string): Promise<void> {
  const ds = await openDatabase(`sqlite:${file}`);
  try {
    const period = await ds.getRepository(Period).save({ period: PERIOD, status: 'scored' } as Period);
    const runId = randomUUID();
    const now = new Date().toISOString();
    await ds.getRepository(ScoringRun).insert({
      id: runId,
      periodId: period.id,
      period: PERIOD,
      status: 'completed',
      trigger: 'manual',
      kind: 'regular',
      total: ROWS,
      chunkCount: 1,
      requestedBy: 'bench',
      createdAt: now,
      finishedAt: now,
    });
    for (let i = 0; i < ROWS; i += 2000) {
      const rows = Array.from({ length: Math.min(2000, ROWS - i) }, (_, k) => {
        const r = result(i + k);
        return {
          runId,
          staffCode: r.id,
          employeeNo: `E${i + k}`,
          department: r.department,
          site: r.site,
          indicatorSet: r.indicatorSet,
          total: r.total,
          error: null,
          incentive: `${((i + k) % 5000) + 0.37}`,
          incentiveExplanation: 'pool share × coefficient × points',
          result: packStaffResult(r),
        };
      });
      await ds.transaction((em) => em.getRepository(StaffResultRow).insert(rows));
    }
    await ds.getRepository(Period).update(period.id, { currentRunId: runId });
  } finally {
    await ds.destroy();
  }
}

/** The download alone, in a process of its own, so its peak resident memory is the download's. */
async function download(dbFile: string, xlsxFile: string): Promise<void> {
  const ds = await openDatabase(`sqlite:${dbFile}`);
  try {
    const rssStart = process.memoryUsage().rss;
    const started = process.hrtime.bigint();
    const write = await new ResultsService(ds).staffWorkbook(PERIOD, {});
    const out = createWriteStream(xlsxFile);
    const closed = once(out, 'close');
    await write(out);
    await closed;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // maxRSS: the process's peak resident set in KiB, however briefly it was reached.
    const peak = process.resourceUsage().maxRSS * 1024;
    process.stdout.write(JSON.stringify({ seconds, rssStart, peak }) + '\n');
  } finally {
    await ds.destroy();
  }
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--download');
  if (at >= 0) return download(process.argv[at + 1], process.argv[at + 2]);
  const dir = mkdtempSync(join(tmpdir(), 'bench-xlsx-'));
  const dbFile = join(dir, 'bench.sqlite');
  const xlsxFile = join(dir, 'results.xlsx');
  try {
    log(`seeding ${ROWS} results…`);
    await seed(dbFile);
    log('downloading…');
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, `--max-old-space-size=${HEAP_MB}`, __filename, '--download', dbFile, xlsxFile],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    if (child.status !== 0) throw new Error(`the download process exited with ${child.status}`);
    const measured = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
      seconds: number;
      rssStart: number;
      peak: number;
    };
    const report = {
      rows: ROWS,
      seconds: Math.round(measured.seconds * 100) / 100,
      bytes: statSync(xlsxFile).size,
      rssStartMb: mb(measured.rssStart),
      peakRssMb: mb(measured.peak),
      rssGrowthMb: mb(measured.peak - measured.rssStart),
      heapCapMb: HEAP_MB,
      node: process.version,
      file: KEEP ? xlsxFile : undefined,
    };
    process.stdout.write(JSON.stringify(report) + '\n');
    if (CHECK && (report.seconds > SECONDS_TARGET || report.rssGrowthMb > GROWTH_TARGET_MB)) {
      log(`over target: ${SECONDS_TARGET} s, ${GROWTH_TARGET_MB} MB growth`);
      process.exitCode = 1;
    }
  } finally {
    if (!KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  log(String((e as Error).stack ?? e));
  process.exit(2);
});

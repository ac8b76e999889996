// A chunk's results as a run stores them, two ways (docs/BENCHMARKS.md, "A run's results written from the
// engine's columns"): `stored`, the engine's scoreStored (the packed text and the indicator scores written straight
// from its columns), against `objects`, what a chunk did before (scoreStaff with explain 'parts', each result
// packed and JSON.stringify'd, its indicator scores written from the result). Both on the benchmark month's people
// in chunks of --chunk, with the worker's build (`nest build worker`, what the workers run: the TypeScript
// compiler's output; a transpiler's in-memory output was measured to run either way at another speed) and the
// worker's node options, each way in a process of its own (as a worker runs one of them), --rounds times
// alternated. Checks first that both give the same bytes. Prints {chunk, objectsMs, storedMs, ratio}: the median
// milliseconds of a chunk each way.
//
//   npm run bench:stored [-- --chunk 500 --rounds 5 --iterations 200]
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type * as Persistence from '@app/persistence';
import type * as Scoring from '@app/scoring';
import { generate } from './bench-month';
import { arg } from './bench-args';
import { startWorkerFlags } from '../test/support/worker-process';

const CHUNK = arg('chunk', 500);
const ROUNDS = arg('rounds', 5);
const ITERATIONS = arg('iterations', 200);
const WAY = process.argv.includes('--way') ? process.argv[process.argv.indexOf('--way') + 1] : null;
const BUILD = join(__dirname, '../dist/apps/worker/libs');

/** One way, timed in this process: the milliseconds of a chunk, after a warm-up. */
function timeOne(way: string): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const scoring = require(join(BUILD, 'scoring/src')) as typeof Scoring;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const codec = require(join(BUILD, 'persistence/src/staff-result-codec')) as typeof Persistence;
  const doc = generate(CHUNK, 1);
  const compiled = scoring.compileDocument(doc);
  const ways: Record<string, () => (string | null)[]> = {
    objects: () => {
      const { results, facts } = compiled.scoreStaff(doc.staff, 'parts');
      return results.flatMap((r, i) => [
        JSON.stringify(codec.packStaffResult(r, facts[i])),
        'error' in r ? null : indicatorScores(r),
      ]);
    },
    stored: () =>
      compiled.scoreStored(doc.staff).results.flatMap((r) => [r.packed, 'error' in r ? null : r.scores]),
  };
  if (way === 'check') {
    if (JSON.stringify(ways.objects()) !== JSON.stringify(ways.stored()))
      throw new Error('the two ways differ');
    return 0;
  }
  const f = ways[way];
  for (let i = 0; i < 50; i++) f();
  const t = performance.now();
  for (let i = 0; i < ITERATIONS; i++) f();
  return (performance.now() - t) / ITERATIONS;
}

/** The indicator scores as a chunk wrote them from a result before (`{"s":{code:score},"v":[codes]}`). */
function indicatorScores(r: Scoring.StaffScore): string {
  const s: Record<string, number | null> = {};
  for (const i of r.indicators) s[i.code] = i.score;
  return JSON.stringify({ s, v: r.vetoReasons });
}

function inChild(way: string): number {
  const out = execFileSync(
    process.execPath,
    [
      ...startWorkerFlags(),
      ...process.execArgv,
      __filename,
      '--way',
      way,
      '--chunk',
      String(CHUNK),
      '--iterations',
      String(ITERATIONS),
    ],
    { encoding: 'utf8' },
  );
  return Number(out.trim());
}

if (WAY) {
  console.log(timeOne(WAY));
} else {
  execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', 'worker'], {
    stdio: 'inherit',
  });
  inChild('check');
  const objects: number[] = [];
  const stored: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    objects.push(inChild('objects'));
    stored.push(inChild('stored'));
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const round = (x: number) => Math.round(x * 100) / 100;
  console.log(
    JSON.stringify({
      chunk: CHUNK,
      objectsMs: round(median(objects)),
      storedMs: round(median(stored)),
      ratio: round(median(stored) / median(objects)),
      objectsRuns: objects.map(round),
      storedRuns: stored.map(round),
    }),
  );
}

// The I/O floor of a scoring run (bench:e2e's `ioFloorSeconds`): every chunk of the run read the way a chunk job
// reads it, and the bytes it wrote written again: each person's row with the run's column values of a sample row
// (the result, the indicator scores, the site, the calibration, the incentive columns: same columns, same JSON
// sizes) under their own code, id and department, in one transaction with the chunk's completion (the
// completeness and summaries the run wrote). No scoring, and none of the job's own round trips (the run's status,
// heartbeats): those count against the run.
//
// It runs as the run does: in as many processes as the run had workers (each with the workers' node options and
// as many chunks at once as a worker's concurrency), taking the next chunk when one is done. Run in one process, the
// floor's own reading (the driver's parsing of the rows) kept that process's core busy 85-90 % of the time: the
// floor measured one core's speed, not the I/O's (docs/BENCHMARKS.md).
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { readMembers, STAFF_RESULT_COLUMNS, writeStaffResults } from '@app/domain/runs';
import { loadPeriodConfig } from '@app/domain/documents';
import { openDatabase, RunChunk, ScoringRun } from '@app/persistence';
import { startWorkerFlags } from '../test/support/worker-process';

/** What a floor process is told (its one argument, as JSON). */
interface FloorSpec {
  url: string;
  runId: string;
  floorRunId: string;
  period: string;
  lanes: number;
}

/** Messages between the benchmark and a floor process (over the IPC channel). */
type ToFloor = { go: true } | { chunk: number } | { quit: true };
type FromFloor = { ready: true } | { next: true } | { done: true; cpuSeconds: number };

/**
 * The floor of run `runId`: `processes` processes of `lanes` chunks at a time each, timed by `timed` (which
 * measures PostgreSQL's and the machine's CPU around it). Returns its seconds, and the floor processes' CPU
 * seconds meanwhile (their set-up, the connection and the run's sample, is before and not counted).
 */
export async function ioFloor(
  ds: DataSource,
  url: string,
  runId: string,
  period: string,
  processes: number,
  lanes: number,
  timed: (work: () => Promise<void>) => Promise<number>,
): Promise<{ seconds: number; cpuSeconds: number }> {
  const chunkCount = await ds.getRepository(RunChunk).countBy({ runId });
  const floorRun = ds.getRepository(ScoringRun).create({
    ...(await ds.getRepository(ScoringRun).findOneByOrFail({ id: runId })),
    // A run of its own per number of processes: a benchmark may measure the floor in one process and in several.
    id: `00000000-0000-4000-8000-${String(processes).padStart(8, '0')}f100`,
    status: 'completed',
    activePeriod: null,
  });
  await ds.getRepository(ScoringRun).insert(floorRun);
  const spec: FloorSpec = { url, runId, floorRunId: floorRun.id, period, lanes };
  const children = Array.from({ length: processes }, () =>
    spawn(process.execPath, [...startWorkerFlags(), ...process.execArgv, __filename, JSON.stringify(spec)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  try {
    await Promise.all(children.map((c) => message(c, 'ready')));
    let next = 0;
    let cpuSeconds = 0;
    const seconds = await timed(async () => {
      const done = children.map(async (c) => {
        c.on('message', (m: FromFloor) => {
          if ('next' in m) c.send({ chunk: next < chunkCount ? next++ : -1 } satisfies ToFloor);
        });
        c.send({ go: true } satisfies ToFloor);
        const m = (await message(c, 'done')) as Extract<FromFloor, { done: true }>;
        cpuSeconds += m.cpuSeconds;
      });
      await Promise.all(done);
    });
    // Only now: a floor process that closed its connections when it was done, while another still worked, took
    // its PostgreSQL backends' CPU out of the count before the benchmark read it.
    for (const c of children) c.send({ quit: true } satisfies ToFloor);
    await Promise.all(children.flatMap((c) => (c.exitCode === null ? [once(c, 'exit')] : [])));
    return { seconds, cpuSeconds };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill();
  }
}

/** The next message of `child` that holds `key`; fails if the child exits first. */
function message(child: ChildProcess, key: string): Promise<FromFloor> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromFloor) => {
      if (!(key in m)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number | null) => reject(new Error(`an I/O floor process exited (${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** A floor process: its share of the chunks, `lanes` at a time, each asked of the benchmark when one is done. */
async function floorProcess(spec: FloorSpec): Promise<void> {
  const ds = await openDatabase(spec.url);
  const chunks = await ds
    .getRepository(RunChunk)
    .find({ where: { runId: spec.runId }, order: { index: 'ASC' } });
  const columns = STAFF_RESULT_COLUMNS;
  const sample = await ds.query<Record<string, unknown>[]>(
    `SELECT ${columns.join(', ')} FROM staff_results WHERE run_id = $1 LIMIT 1000`,
    [spec.runId],
  );
  const floorRun = await ds.getRepository(ScoringRun).findOneByOrFail({ id: spec.floorRunId });
  const send = (m: FromFloor) => process.send!(m);
  const ask = (): Promise<number> => {
    send({ next: true });
    return new Promise((resolve) =>
      process.once('message', (m: ToFloor) => resolve('chunk' in m ? m.chunk : -1)),
    );
  };
  // One question at a time: each answer is the reply to the question before it.
  let asking = Promise.resolve(0);
  const nextChunk = () => (asking = asking.then(ask));
  send({ ready: true });
  await once(process, 'message');
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: spec.lanes }, async () => {
      for (let c = await nextChunk(); c >= 0; c = await nextChunk()) {
        const chunk = chunks[c];
        const config = await loadPeriodConfig(ds.manager, spec.period, chunk.staffIds, floorRun.planVersion);
        const { staff } = await readMembers(ds.manager, config, chunk.staffIds, spec.period);
        const rows = staff.map((s, i) => {
          // By column name: who the row is, then the sample's values.
          const values: Record<string, unknown> = {
            ...sample[i % sample.length],
            run_id: floorRun.id,
            staff_code: s.code,
            staff_id: s.id,
            employee_no: s.employeeNo,
            department: chunk.department,
          };
          return columns.map((col) => values[col] ?? null);
        });
        await ds.transaction(async (tx) => {
          await writeStaffResults(tx, rows);
          await tx.getRepository(RunChunk).update(
            { id: chunk.id },
            {
              completedAt: chunk.completedAt,
              completeness: chunk.completeness,
              summaries: chunk.summaries,
              timings: chunk.timings,
            },
          );
        });
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  const quit = once(process, 'message');
  send({ done: true, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
  await quit;
  await ds.destroy();
  process.disconnect();
}

if (require.main === module) {
  floorProcess(JSON.parse(process.argv[2]) as FloorSpec).catch((e: Error) => {
    console.error(e.stack ?? e.message);
    process.exit(1);
  });
}

// Another kind of run on the scoring queue (RunHooks.jobs, e.g. an appraisal period's): the handler runs a hook's
// job by name and, when it fails for good, lets the hook fail its own run (never a month's run); the in-process
// driver runs the flow's chunks in order, then its finish, with the month jobs' retry rules; BullMQ gets one flow,
// the finish as parent of the chunks, under ids of the flow's own prefix; a cancelled flow's jobs are skipped
// (in-process) or removed from Redis by those ids.
import { UnrecoverableError } from 'bullmq';
import type { FlowProducer, Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { RunHooks } from '../run-hooks';
import { JobFlow, RunJobData, RunJobHandler } from '../run-jobs';
import type { RunSteps } from '../run-steps';
import { BullmqDispatcher } from './bullmq.dispatcher';
import { InProcessDispatcher } from './in-process.dispatcher';

const FLOW: JobFlow = { runId: 'a1', chunkCount: 2, chunkJob: 'x-chunk', finishJob: 'x-finish', prefix: 'x' };

function setUp(fail: (name: string, data: RunJobData, made: number) => Error | null) {
  const calls: string[] = [];
  const failed: string[] = [];
  const made = new Map<string, number>();
  const job = (name: string) => (_ds: DataSource, data: RunJobData) => {
    const key = `${name}${data.index ?? ''}`;
    const n = made.get(key) ?? 0;
    made.set(key, n + 1);
    calls.push(`${key}#${n}`);
    const e = fail(name, data, n);
    return e ? Promise.reject(e) : Promise.resolve();
  };
  const hooks: RunHooks = {
    jobs: { 'x-chunk': job('x-chunk'), 'x-finish': job('x-finish') },
    failRun: (_ds, runId, message) => {
      failed.push(`${runId}: ${message}`);
      return Promise.resolve();
    },
  };
  const steps = {
    failRun: () => Promise.reject(new Error('a month run must not be failed')),
  } as unknown as RunSteps;
  const handler = new RunJobHandler(steps, () => Promise.resolve(), {
    ds: {} as DataSource,
    hooks: [hooks],
  });
  return { handler, calls, failed };
}

describe('jobs of another kind of run', () => {
  it('runs the chunks in order, then the finish, retrying a transient failure', async () => {
    const { handler, calls, failed } = setUp((name, data, n) =>
      name === 'x-chunk' && data.index === 1 && n < 1 ? new Error('busy') : null,
    );
    const d = new InProcessDispatcher(handler, 3, 1);
    await d.dispatchFlow(FLOW);
    expect(await d.holds({ id: 'a1' } as never)).toBe(true);
    await d.drain();
    expect(calls).toEqual(['x-chunk0#0', 'x-chunk1#0', 'x-chunk1#1', 'x-finish#0']);
    expect(failed).toEqual([]);
  });

  it('fails the run through its owner, once, when a job fails for good; the finish never runs', async () => {
    const { handler, calls, failed } = setUp((name) =>
      name === 'x-chunk' ? new UnrecoverableError('bad rule') : null,
    );
    const d = new InProcessDispatcher(handler, 3, 1);
    await d.dispatchFlow(FLOW);
    await d.drain();
    expect(calls).toEqual(['x-chunk0#0']);
    expect(failed).toEqual(['a1: bad rule']);
  });

  it('refuses a job nobody declares, as before', async () => {
    const { handler } = setUp(() => null);
    await expect(handler.handle('nobody', {}, { made: 0, max: 1 })).rejects.toThrow(/unknown job "nobody"/);
  });

  it('queues one BullMQ flow: the finish as parent of the chunks, ids of the flow prefix', async () => {
    const added: unknown[] = [];
    const producer = { add: (f: unknown) => Promise.resolve(void added.push(f)) } as unknown as FlowProducer;
    await new BullmqDispatcher(producer, 3, 10).dispatchFlow(FLOW);
    expect(added).toMatchObject([
      {
        name: 'x-finish',
        opts: { jobId: 'x-a1-finish' },
        children: [
          { name: 'x-chunk', data: { runId: 'a1', index: 0 }, opts: { jobId: 'x-a1-chunk-0' } },
          { name: 'x-chunk', data: { runId: 'a1', index: 1 }, opts: { jobId: 'x-a1-chunk-1' } },
        ],
      },
    ]);
  });

  it('skips what is left of a cancelled flow in-process', async () => {
    const { handler, calls } = setUp(() => null);
    const d = new InProcessDispatcher(handler, 3, 1);
    await d.dispatchFlow(FLOW);
    await d.cancelFlow(FLOW);
    await d.drain();
    // The first chunk was in hand already (its step then does nothing: the run is over); nothing after it runs.
    expect(calls).toEqual(['x-chunk0#0']);
  });

  it('removes a cancelled flow from Redis: the finish with its children, else each job by its id', async () => {
    const removed: string[] = [];
    let whole = 1;
    const queue = {
      remove: (id: string, opts?: { removeChildren?: boolean }) => {
        removed.push(`${id}${opts?.removeChildren ? '+children' : ''}`);
        return Promise.resolve(opts?.removeChildren ? whole : 1);
      },
    } as unknown as Queue;
    const d = new BullmqDispatcher({} as FlowProducer, 3, 10, queue);
    await d.cancelFlow(FLOW);
    expect(removed).toEqual(['x-a1-finish+children']);
    // A chunk in hand on a worker is locked: the finish stays, the others are removed one by one.
    whole = 0;
    removed.length = 0;
    await d.cancelFlow(FLOW);
    expect(removed).toEqual(['x-a1-finish+children', 'x-a1-chunk-0', 'x-a1-chunk-1', 'x-a1-finish']);
  });
});

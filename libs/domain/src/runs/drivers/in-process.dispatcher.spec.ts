// The in-process driver runs a run's jobs in order with the BullMQ workers' retry rules.
import { UnrecoverableError } from 'bullmq';
import type { ScoringRun } from '@app/persistence';
import {
  Attempt,
  JOB_FINISH_RUN,
  JOB_FOLLOW_UP,
  JOB_SCORE_CHUNK,
  JobFlow,
  RunJobData,
  RunJobHandler,
} from '../run-jobs';
import { InProcessDispatcher } from './in-process.dispatcher';

function fakeHandler(fail: (name: string, data: RunJobData, attempt: Attempt) => Error | null) {
  const calls: string[] = [];
  const handler = {
    handle: (name: string, data: RunJobData, attempt: Attempt) => {
      calls.push(`${name}${data.index ?? ''}#${attempt.made}`);
      const e = fail(name, data, attempt);
      return e ? Promise.reject(e) : Promise.resolve();
    },
  } as unknown as RunJobHandler;
  return { handler, calls };
}

const run = { id: 'r1', chunkCount: 2 } as ScoringRun;

describe('InProcessDispatcher', () => {
  it('runs every chunk, then the finish job, then the follow-up', async () => {
    const { handler, calls } = fakeHandler(() => null);
    const d = new InProcessDispatcher(handler, 3, 1);
    await d.dispatch(run);
    await d.drain();
    expect(calls).toEqual([
      `${JOB_SCORE_CHUNK}0#0`,
      `${JOB_SCORE_CHUNK}1#0`,
      `${JOB_FINISH_RUN}#0`,
      `${JOB_FOLLOW_UP}#0`,
    ]);
  });

  it('retries a transient failure with backoff, up to the attempts', async () => {
    const { handler, calls } = fakeHandler((name, data, a) =>
      name === JOB_SCORE_CHUNK && data.index === 1 && a.made < 2 ? new Error('db busy') : null,
    );
    const d = new InProcessDispatcher(handler, 3, 1);
    await d.dispatch(run);
    await d.drain();
    expect(calls).toEqual([
      `${JOB_SCORE_CHUNK}0#0`,
      `${JOB_SCORE_CHUNK}1#0`,
      `${JOB_SCORE_CHUNK}1#1`,
      `${JOB_SCORE_CHUNK}1#2`,
      `${JOB_FINISH_RUN}#0`,
      `${JOB_FOLLOW_UP}#0`,
    ]);
  });

  it('stops at an unrecoverable error, or when the attempts are used up', async () => {
    const once = fakeHandler(() => new UnrecoverableError('bad formula'));
    const d1 = new InProcessDispatcher(once.handler, 3, 1);
    await d1.dispatch(run);
    await d1.drain();
    expect(once.calls).toEqual([`${JOB_SCORE_CHUNK}0#0`]);

    const always = fakeHandler(() => new Error('down'));
    const d2 = new InProcessDispatcher(always.handler, 2, 1);
    await d2.dispatch(run);
    await d2.drain();
    expect(always.calls).toEqual([`${JOB_SCORE_CHUNK}0#0`, `${JOB_SCORE_CHUNK}0#1`]);
  });

  it('holds a run or a flow from its dispatch until its last job ends (the watchdog leaves it meanwhile)', async () => {
    const flow: JobFlow = { runId: 'a1', chunkCount: 2, chunkJob: 'c', finishJob: 'f', prefix: 'x' };
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handler = { handle: () => gate } as unknown as RunJobHandler;
    const d = new InProcessDispatcher(handler, 1, 1);
    expect([await d.holds(run), await d.holdsFlow(flow)]).toEqual([false, false]);
    await d.dispatch(run);
    await d.dispatchFlow(flow);
    expect([await d.holds(run), await d.holdsFlow(flow)]).toEqual([true, true]);
    release();
    await d.drain();
    expect([await d.holds(run), await d.holdsFlow(flow)]).toEqual([false, false]);
  });
});

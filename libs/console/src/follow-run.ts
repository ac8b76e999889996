// Follows a scoring run until it is over, for the command line (the demo, `scorecard run`): a progress bar on
// a terminal, plain lines otherwise (CI logs, pipes, tests), driven by polling the run's progress (staff in
// completed chunks).
import { setTimeout as sleep } from 'node:timers/promises';
import { Presets, SingleBar } from 'cli-progress';
import type { RunsService, RunView } from '@app/domain/runs';

export type ProgressOutput = NodeJS.WritableStream & { isTTY?: boolean };

/** A run that ended in failure: the message carries the run's own error. */
export class RunFailedError extends Error {
  constructor(readonly run: RunView) {
    super(`the scoring run ${run.id} of ${run.period} failed: ${run.error ?? 'no reason recorded'}`);
    this.name = 'RunFailedError';
  }
}

interface ProgressDisplay {
  update(done: number, total: number): void;
  stop(): void;
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function progressBar(out: ProgressOutput, period: string, total: number): ProgressDisplay {
  const bar = new SingleBar(
    {
      format: `  ${period}  {bar}  {percentage}%  {value}/{total} staff  {elapsed}`,
      stream: out,
      barsize: 30,
      hideCursor: true,
      clearOnComplete: false,
      fps: 20,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(total, 0, { elapsed: seconds(0) });
  return {
    update: (done, t) => {
      bar.setTotal(t);
      bar.update(done, { elapsed: seconds(Date.now() - started) });
    },
    stop: () => bar.stop(),
  };
}

/** One line when the month is done, and at most one a second before that so a slow run shows it moving. */
function progressLines(out: ProgressOutput, period: string, total: number): ProgressDisplay {
  const started = Date.now();
  let lastAt = started;
  let done = 0;
  const line = () => `  ${period}  ${done}/${total} staff  ${seconds(Date.now() - started)}\n`;
  return {
    update: (d, t) => {
      [done, total] = [d, t];
      if (done < total && Date.now() - lastAt >= 1000) {
        out.write(line());
        lastAt = Date.now();
      }
    },
    stop: () => out.write(line()),
  };
}

/**
 * Polls the run every `pollMs` until it completes and shows its progress.
 * @returns the completed run
 * @throws RunFailedError when the run fails; `signal.reason` when the signal aborts
 */
export async function followRun(
  runs: RunsService,
  started: RunView,
  out: ProgressOutput,
  options: { signal?: AbortSignal; pollMs?: number } = {},
): Promise<RunView> {
  const display = (out.isTTY ? progressBar : progressLines)(out, started.period, started.progress.total);
  let stopped = false;
  const stop = () => {
    if (!stopped) display.stop();
    stopped = true;
  };
  // A signal may end the process before this loop wakes up: the bar gives the terminal back at once.
  options.signal?.addEventListener('abort', stop, { once: true });
  let run = started;
  try {
    for (;;) {
      display.update(run.progress.done, run.progress.total);
      if (run.status === 'completed') return run;
      if (run.status === 'failed') throw new RunFailedError(run);
      await sleep(options.pollMs ?? 100);
      options.signal?.throwIfAborted();
      run = await runs.get(run.id);
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    stop();
  }
}

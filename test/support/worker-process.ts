// Real worker processes (`apps/worker/src/main.ts`, compiled on the fly by @swc-node/register, so the test
// runs the sources being tested), with their output kept for assertions.
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './scenarios';

/**
 * The node options of `npm run start:worker` (package.json), so a benchmark's workers run as production's do;
 * WORKER_NODE_FLAGS adds more (e.g. --cpu-prof).
 */
export function startWorkerFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = pkg.scripts['start:worker'].split(/\s+/);
  return [
    ...words.slice(1).filter((w) => w.startsWith('--')),
    ...(process.env.WORKER_NODE_FLAGS ?? '').split(' ').filter(Boolean),
  ];
}

export class WorkerProcess {
  readonly output: string[] = [];
  private readonly exited: Promise<number | null>;

  private constructor(private readonly proc: ChildProcess) {
    const keep = (b: Buffer) => this.output.push(...b.toString('utf8').split('\n').filter(Boolean));
    proc.stdout!.on('data', keep);
    proc.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.proc.pid!;
  }

  /** `built`: run the compiled worker (dist/, as `npm run start:worker` does) instead of the sources. */
  static async start(env: Record<string, string>, built = false): Promise<WorkerProcess> {
    const args = built
      ? [...startWorkerFlags(), join(REPO_ROOT, 'dist/apps/worker/apps/worker/src/main.js')]
      : ['-r', '@swc-node/register', join(REPO_ROOT, 'apps/worker/src/main.ts')];
    const proc = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', SCORING_CRON: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const w = new WorkerProcess(proc);
    await w.waitForOutput(/ready/, 60000);
    return w;
  }

  /** Chunk jobs this worker completed (from its log lines). */
  chunksDone(): number {
    return this.output.filter((l) => /chunk \d+: \d+ staff scored/.test(l)).length;
  }

  async waitForOutput(re: RegExp, timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!this.output.some((l) => re.test(l))) {
      if (this.proc.exitCode !== null)
        throw new Error(`worker exited (${this.proc.exitCode}):\n${this.output.join('\n')}`);
      if (Date.now() > until)
        throw new Error(`worker: no ${re} within ${timeoutMs} ms:\n${this.output.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  kill(signal: NodeJS.Signals): Promise<number | null> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill(signal);
    return this.exited;
  }
}

// Starts scripts/api-server.ts (the real API) as a child process for a benchmark, and samples its memory.
import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** The first hr_admin of a benchmark's scratch database (created on start when it has no user yet). */
export const BENCH_ADMIN = { username: 'bench.admin', password: 'bench-admin-password' };

export class ApiProcess {
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly proc: ChildProcess,
    readonly url: string,
  ) {
    this.exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.proc.pid!;
  }

  /**
   * The API on `databaseUrl`, without Redis and without the monthly schedule, with BENCH_ADMIN as its first
   * hr_admin; resolves once it listens.
   */
  static async start(databaseUrl: string, env: Record<string, string> = {}): Promise<ApiProcess> {
    const inherited = { ...process.env };
    delete inherited.REDIS_URL;
    // API_NODE_FLAGS adds node options, e.g. --cpu-prof to profile the API under load.
    const flags = (process.env.API_NODE_FLAGS ?? '').split(' ').filter(Boolean);
    const args = [...flags, '-r', '@swc-node/register', join(ROOT, 'scripts/api-server.ts')];
    const proc = spawn(process.execPath, args, {
      cwd: ROOT,
      env: {
        ...inherited,
        NO_COLOR: '1',
        SCORING_CRON: 'off',
        DATABASE_URL: databaseUrl,
        ADMIN_USERNAME: BENCH_ADMIN.username,
        ADMIN_PASSWORD: BENCH_ADMIN.password,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const keep = (b: Buffer) => output.push(b.toString('utf8'));
    proc.stdout.on('data', keep);
    proc.stderr.on('data', keep);
    const exited = new Promise<never>((_, reject) =>
      proc.once('exit', (code) => reject(new Error(`API exited (${code}):\n${output.join('')}`))),
    );
    exited.catch(() => undefined);
    const until = Date.now() + 120_000;
    let port: number | undefined;
    while (port === undefined) {
      await Promise.race([new Promise((r) => setTimeout(r, 50)), exited]);
      const m = /listening (\d+)/.exec(output.join(''));
      if (m) port = Number(m[1]);
      else if (Date.now() > until) throw new Error(`API: not listening after 120 s:\n${output.join('')}`);
    }
    proc.stdout.off('data', keep);
    proc.stderr.off('data', keep);
    // Afterwards: its output (errors and warnings; more with API_NODE_FLAGS such as --trace-gc) goes to stderr.
    const forward = (b: Buffer) => process.stderr.write(`[api] ${b.toString('utf8')}`);
    proc.stdout.on('data', forward);
    proc.stderr.on('data', forward);
    const api = new ApiProcess(proc, `http://127.0.0.1:${port}`);
    return api;
  }

  /** The resident set now (VmRSS), in MB. */
  rssMb(): number {
    return statusMb(this.pid, 'VmRSS');
  }

  /** The peak resident set so far (VmHWM), in MB. */
  peakRssMb(): number {
    return statusMb(this.pid, 'VmHWM');
  }

  /** A JSON request to the API; throws unless the status is `expect`. */
  async json<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    expect = 200,
  ): Promise<T> {
    const res = await fetch(this.url + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== expect) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }

  /** Signs BENCH_ADMIN in: the `Authorization` header for HR's routes. */
  async signIn(): Promise<Record<string, string>> {
    const { accessToken } = await this.json<{ accessToken: string }>(
      'POST',
      '/api/v1/auth/login',
      BENCH_ADMIN,
    );
    return { Authorization: `Bearer ${accessToken}` };
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGTERM');
    await this.exited;
  }
}

function statusMb(pid: number, field: string): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : NaN;
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds used so far by all processes whose command name is `name` (e.g. postgres). */
export function cpuSecondsOf(name: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === name) total += cpuSeconds(Number(pid));
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** CPU seconds the whole machine has been busy so far, over all cores (/proc/stat: all but idle and iowait). */
export function machineCpuSeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return (user + nice + system + irq + softirq + steal) / 100;
}

// Signs of life of a run, so that none stays queued or running for ever: the run's heartbeat (set when it is
// planned, when a job of it starts and when a chunk completes, at most once a second from a process), and in
// the embedded mode the identity of the process that drives it (its owner), so that the next start of the API
// knows which runs died with it.
import { hostname } from 'node:os';
import { EntityManager, EntityTarget, In } from 'typeorm';
import { ScoringRun } from '@app/persistence';

/** The statuses of a run that is not over yet. */
export const ACTIVE_RUN_STATUSES = ['queued', 'running'] as const;

/**
 * This process, as `host:pid:start` (start in base 36 ms since the epoch), at most 64 characters (the column's
 * width). The start tells apart two processes of the same pid on the same host (a container restarted: pid 1).
 */
export const PROCESS_IDENTITY = `${hostname().slice(0, 40)}:${process.pid}:${Math.round(
  Date.now() - process.uptime() * 1000,
).toString(36)}`;

/**
 * Whether the process an owner names may still be alive: this process, or another process of this host whose pid
 * is in use (a `scorecard run` of the CLI on the same database, say). A process of another host, or a pid no
 * longer in use, is gone. A pid reused by an unrelated process counts as alive: the watchdog fails such a run once
 * its heartbeat is stale.
 */
export function ownerMayBeAlive(owner: string): boolean {
  if (owner === PROCESS_IDENTITY) return true;
  const [host, pid] = owner.split(':');
  const [myHost, myPid] = PROCESS_IDENTITY.split(':');
  if (host !== myHost || !/^\d+$/.test(pid ?? '') || pid === myPid) return false;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (e) {
    // EPERM: the pid exists, owned by another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A sign of life of a run still queued or running (a run over already is left as it is), at most one a second
 * from this process: a run's watchdog waits minutes (RUN_STALE_MS), and a write of the run's row for every job of
 * every worker was 400 updates of one row a month of 100,000 staff. `kind`: a month's run, or another kind's table
 * with the same columns (an appraisal period's run).
 */
export async function touchRun(
  em: EntityManager,
  runId: string,
  kind: EntityTarget<LiveRun> = ScoringRun,
): Promise<void> {
  const now = Date.now();
  if (now - (TOUCHED.get(runId) ?? -Infinity) < HEARTBEAT_EVERY_MS) return;
  if (TOUCHED.size >= 1000) TOUCHED.clear();
  TOUCHED.set(runId, now);
  await em
    .getRepository(kind)
    .update(
      { id: runId, status: In([...ACTIVE_RUN_STATUSES]) },
      { heartbeatAt: new Date(now).toISOString() },
    );
}

/** What liveness reads and writes of a run: a month's (ScoringRun) or an appraisal period's (AppraisalRun). */
export interface LiveRun {
  id: string;
  status: string;
  createdAt: string;
  startedAt: string | null;
  heartbeatAt: string | null;
}

/** The least time between two heartbeats of a run from one process. */
const HEARTBEAT_EVERY_MS = 1000;
/** When this process last wrote each run's heartbeat. */
const TOUCHED = new Map<string, number>();

/** When a run last showed a sign of life: its heartbeat, or (planned before heartbeats existed) its start or plan. */
export function lastSignOfLife(run: LiveRun): number {
  return Date.parse(run.heartbeatAt ?? run.startedAt ?? run.createdAt);
}

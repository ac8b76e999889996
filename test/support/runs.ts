// Helpers for suites that score through the service: wait for a run, read every result page.
import request from 'supertest';
import type { App } from 'supertest/types';

export interface RunBody {
  id: string;
  period: string;
  status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
  kind: 'regular' | 'adjustment';
  adjustmentId: number | null;
  planVersion: number | null;
  progress: { done: number; total: number };
  error: string | null;
}

/** Polls GET /runs/{id} until the run is completed, failed or cancelled. */
export async function waitForRun(
  server: App,
  runId: string,
  timeoutMs = 60000,
  headers: Record<string, string> = {},
): Promise<RunBody> {
  const until = Date.now() + timeoutMs;
  const followedUp = async () => {
    const res = await request(server)
      .get('/api/v1/audit')
      .query({ action: 'plans.follow_up', entityKey: runId })
      .set(headers)
      .expect(200);
    return (res.body as { items: unknown[] }).items.length > 0;
  };
  for (;;) {
    const res = await request(server).get(`/api/v1/runs/${runId}`).set(headers).expect(200);
    const run = res.body as RunBody;
    // A completed regular run is followed up by its own job (the appraisal loop's plans): wait for that too, so
    // a test reads the month as it stays.
    if (
      run.status === 'failed' ||
      run.status === 'cancelled' ||
      (run.status === 'completed' && (run.kind !== 'regular' || (await followedUp())))
    )
      return run;
    if (Date.now() > until) throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The service's results of a period in the scorecard result shape: every page of staff, and departments. */
export async function serviceResult(server: App, period: string, pageSize = 100) {
  const staff: { id: string }[] = [];
  let cursor: string | null = null;
  do {
    const res = await request(server)
      .get(`/api/v1/periods/${period}/results`)
      .query({ limit: pageSize, ...(cursor ? { cursor } : {}) })
      .expect(200);
    staff.push(...(res.body.items as { id: string }[]));
    cursor = res.body.nextCursor as string | null;
  } while (cursor);
  const deps = await request(server).get(`/api/v1/periods/${period}/departments`).expect(200);
  return {
    period,
    staff,
    departments: deps.body.items as { code: string }[],
    comparison: deps.body.comparison,
  };
}

/**
 * A result for comparison: staff by id, departments by code, without what the service adds to departments
 * (`kind`) and without absent pool figures (the engine leaves them out where the service has nulls).
 */
export function normaliseResult(result: { staff: { id: string }[]; departments: { code: string }[] }) {
  return {
    staff: [...result.staff].sort((a, b) => (a.id < b.id ? -1 : 1)),
    departments: result.departments
      .map((d) => Object.fromEntries(Object.entries(d).filter(([k, v]) => k !== 'kind' && v !== null)))
      .sort((a, b) => (a.code < b.code ? -1 : 1)),
  };
}

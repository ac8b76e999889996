// The quarter of test/factories/quarter.ts imported and scored, month by month, as the appraisal periods' specs
// and e2e suites need it before they plan, run or read the quarter: through the domain (a spec's database) or
// through the API (an e2e app, with whatever runs its jobs: in process or workers).
import type { App } from 'supertest/types';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { importDocument } from '@app/domain/documents';
import { planRun, RunSteps } from '@app/domain/runs';
import { waitForRun } from '../support/runs';
import { QUARTER_MONTHS, quarterMonth } from './quarter';

/** Imports the quarter's months `ks` (all three by default) and scores each. */
export async function scoreQuarterMonths(
  ds: DataSource,
  ks: readonly (0 | 1 | 2)[] = [0, 1, 2],
): Promise<void> {
  for (const k of ks) {
    await importDocument(ds, quarterMonth(k), 'test');
    await scoreMonth(ds, QUARTER_MONTHS[k]);
  }
}

/** Scores a month already imported, in chunks of ten, in this process (no queue). */
export async function scoreMonth(ds: DataSource, period: string): Promise<void> {
  const { run } = await planRun(ds, period, 'manual', 'test', 10);
  const steps = new RunSteps(ds, []);
  for (let i = 0; i < run.chunkCount; i++) await steps.scoreChunk(run.id, i);
  await steps.finishRun(run.id);
}

/** Posts the quarter's three months to a running test app (as HR) and waits for each month's run to complete. */
export async function postQuarterMonths(server: App, timeoutMs?: number): Promise<void> {
  for (const k of [0, 1, 2] as const) {
    await request(server).post('/api/v1/documents').send(quarterMonth(k)).expect(200);
    const run = await request(server).post(`/api/v1/periods/${QUARTER_MONTHS[k]}/runs`).expect(202);
    const done = await waitForRun(server, run.body.runId as string, timeoutMs);
    if (done.status !== 'completed') throw new Error(`${QUARTER_MONTHS[k]}: run ${done.status}`);
  }
}

// Periods and scoring runs for the domain services' tests, written straight to the database: a month in any
// status, a completed run with the results (staff codes and amounts) a test needs, without scoring anything.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Period, PeriodStatus, RunKind, ScoringRun, StaffResultRow } from '@app/persistence';

/** A period row in `status` (no run). */
export async function period(
  ds: DataSource,
  name = '2026-10',
  status: PeriodStatus = 'open',
): Promise<Period> {
  const repo = ds.getRepository(Period);
  return repo.save(repo.create({ period: name, status, currentRunId: null }));
}

/** What a fabricated run paid a member of staff. */
export interface PaidStaff {
  staffCode: string;
  incentive: string | null;
  employeeNo?: string | null;
  department?: string;
}

/**
 * A run of `p` in `status` with one result row per `paid` (incentive as given; the packed result is a stub).
 * A completed regular run becomes the period's current run, as a finished run does.
 */
export async function run(
  ds: DataSource,
  p: Period,
  options: {
    status?: ScoringRun['status'];
    kind?: RunKind;
    adjustmentId?: number | null;
    paid?: PaidStaff[];
  } = {},
): Promise<ScoringRun> {
  const status = options.status ?? 'completed';
  const kind = options.kind ?? 'regular';
  const active = status === 'queued' || status === 'running';
  const row: ScoringRun = ds.getRepository(ScoringRun).create({
    id: randomUUID(),
    periodId: p.id,
    period: p.period,
    status,
    trigger: 'manual',
    kind,
    adjustmentId: options.adjustmentId ?? null,
    planVersion: null,
    activePeriod: active ? p.period : null,
    total: options.paid?.length ?? 0,
    chunkCount: 1,
    requestedBy: 'test',
    createdAt: new Date().toISOString(),
    startedAt: null,
    finishedAt: active ? null : new Date().toISOString(),
    error: null,
    // The month's data as it is: approval compares the two.
    dataVersion: p.dataVersion ?? 0,
  });
  await ds.getRepository(ScoringRun).insert(row);
  const results = (options.paid ?? []).map((s) => ({
    runId: row.id,
    staffCode: s.staffCode,
    employeeNo: s.employeeNo ?? null,
    department: s.department ?? 'DEP',
    site: null,
    indicatorSet: 'S',
    total: 80,
    error: null,
    poolWeight: null,
    poolFactor: null,
    incentiveError: null,
    incentive: s.incentive,
    incentiveExplanation: null,
    indicatorScores: null,
    result: {} as StaffResultRow['result'],
  }));
  if (results.length) await ds.getRepository(StaffResultRow).insert(results);
  if (status === 'completed' && kind === 'regular') {
    await ds.getRepository(Period).update({ id: p.id }, { currentRunId: row.id });
    p.currentRunId = row.id;
  }
  return row;
}

/** A scored month: status scored, its current run completed with these results. */
export async function scoredPeriod(
  ds: DataSource,
  name = '2026-10',
  paid: PaidStaff[] = [],
): Promise<{ period: Period; run: ScoringRun }> {
  const p = await period(ds, name, 'scored');
  return { period: p, run: await run(ds, p, { paid }) };
}

// The appraisal's domain tests start from a scored month: the shipped sample month imported and scored for real
// (in-process runs), so every person has a result with indicators; and the people who look at it (HR, auditors,
// managers of departments, the staff themselves) as the services take them.
import type { DataSource } from 'typeorm';
import { Period, ScoringRun, Staff, StaffResultRow } from '@app/persistence';
import type { Caller, Viewer } from '@app/domain/appraisal';
import { AppealsService } from '@app/domain/appraisal';
import { importDocument } from '@app/domain/documents';
import { AdjustmentRunHooks } from '@app/domain/pay';
import { DEFAULT_RUNS_OPTIONS, RunsService, toStaffResult } from '@app/domain/runs';
import { libraryMonth } from './month';

/** The sample month's period. */
export const MONTH = '2026-10';
export const APPEAL_WINDOW_DAYS = 7;

/** Runs in this process, one attempt, no schedule; `drain` waits for the ones started. */
export function inProcessRuns(ds: DataSource): RunsService {
  return new RunsService(ds, { ...DEFAULT_RUNS_OPTIONS, scheduleCron: null, attempts: 1, backoffMs: 0 }, [
    new AdjustmentRunHooks(),
  ]);
}

export function appealsService(ds: DataSource, runs: RunsService): AppealsService {
  return new AppealsService(ds, runs, { appealWindowDays: APPEAL_WINDOW_DAYS });
}

/** Waits for every run `runs` started to end. */
export function drain(runs: RunsService): Promise<void> {
  return runs.onApplicationShutdown();
}

/** The sample month imported and scored: its current run completed. */
export async function scoredMonth(ds: DataSource, runs: RunsService): Promise<ScoringRun> {
  await importDocument(ds, libraryMonth(), 'test');
  const { run } = await runs.start(MONTH, 'manual', 'test');
  await drain(runs);
  const done = await ds.getRepository(ScoringRun).findOneByOrFail({ id: run.id });
  if (done.status !== 'completed') throw new Error(`the sample month's run ${done.status}: ${done.error}`);
  return done;
}

/** A person's result of the month's current run: their department and indicator codes. */
export async function resultOf(
  ds: DataSource,
  code: string,
  period = MONTH,
): Promise<{ department: string; indicators: string[] }> {
  const p = await ds.getRepository(Period).findOneByOrFail({ period });
  const row = await ds
    .getRepository(StaffResultRow)
    .findOneByOrFail({ runId: p.currentRunId!, staffCode: code });
  const result = toStaffResult(row);
  return {
    department: row.department,
    indicators: 'error' in result ? [] : result.indicators.map((i) => i.code),
  };
}

/** Two people of the sample month in different departments, each with indicators. */
export async function twoPeople(ds: DataSource): Promise<[string, string]> {
  const doc = libraryMonth();
  const first = doc.staff[0];
  const other = doc.staff.find((s) => s.department !== first.department)!;
  for (const s of [first, other])
    if (!(await resultOf(ds, s.id)).indicators.length) throw new Error(`${s.id} has no indicators`);
  return [first.id, other.id];
}

export const hr = (): Viewer => ({ username: 'hr.admin', role: 'hr_admin', staffId: null, departments: [] });
export const auditor = (): Viewer => ({
  username: 'audit.one',
  role: 'auditor',
  staffId: null,
  departments: [],
});
export const manager = (...departments: string[]): Viewer => ({
  username: `manager.${departments.join('.')}`,
  role: 'dept_manager',
  staffId: null,
  departments,
});

/** The signed-in user linked to the staff record `code`. */
export async function staffUser(ds: DataSource, code: string): Promise<Viewer> {
  const staff = await ds.getRepository(Staff).findOneByOrFail({ code });
  return { username: `staff.${code}`, role: 'staff', staffId: staff.id, departments: [] };
}

export function callerOf(user: Viewer): Caller {
  return { actor: `user:${user.username}`, user };
}

// Plans a run of a period: who is scored (staff active in the month with a set), cut into chunks of one
// department each, at most `chunkSize` staff (a whole department of a few times that when the month pays from
// pools or grades with department quotas). The plan is stored with the run, so every job of the run,
// on whichever worker and however often retried, scores exactly the same people. The run also records the
// month's data version as it was when it was planned (the month's row locked meanwhile); its chunks count the
// data completeness as they read it (run-steps.ts).
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { insertRows, Period, RunTrigger, ScoringRun } from '@app/persistence';
import { loadPeriodConfig, PeriodConfig, PeriodMember, periodMembers } from '../documents';
import { loadStaff } from '../model';
import { lockPeriods, PeriodClosedError, PeriodNotFoundError } from '../periods';

export interface PlannedChunk {
  index: number;
  department: string;
  staffIds: number[];
}

export interface PlanResult {
  run: ScoringRun;
  /** False when a run of the period was already queued or running: that run is returned instead. */
  created: boolean;
}

export function findActiveRun(ds: DataSource, period: string): Promise<ScoringRun | null> {
  return ds.getRepository(ScoringRun).findOne({ where: { activePeriod: period } });
}

/**
 * When the month pays from pools or a set has department grade quotas, a department of up to this many chunks'
 * worth of staff is one chunk: the chunk then calibrates its grades and splits its pool with its own rows, and
 * the finish job rewrites none of them.
 */
export const WHOLE_DEPARTMENT_CHUNKS = 4;

/** Whether a chunk holding a whole department saves the finish job work: pools to split, quotas to apply. */
export function keepsDepartmentsWhole(config: Pick<PeriodConfig, 'plan' | 'indicatorSets'>): boolean {
  return (
    config.plan?.definition?.pools !== undefined ||
    config.indicatorSets.some((s) => s.quotas?.scope === 'department' && !!s.grades?.length)
  );
}

/**
 * Department by department (in code order), staff in code order, at most `chunkSize` per chunk, but a
 * department of at most `wholeUpTo` staff in one chunk.
 */
export function chunkMembers(
  members: readonly PeriodMember[],
  departmentCode: (id: number) => string,
  chunkSize: number,
  wholeUpTo = chunkSize,
): PlannedChunk[] {
  const byDept = new Map<string, PeriodMember[]>();
  for (const m of members) {
    const code = departmentCode(m.staff.departmentId);
    const list = byDept.get(code) ?? [];
    list.push(m);
    byDept.set(code, list);
  }
  const chunks: PlannedChunk[] = [];
  for (const code of [...byDept.keys()].sort()) {
    const list = byDept.get(code)!.sort((a, b) => (a.staff.code < b.staff.code ? -1 : 1));
    const size = list.length <= wholeUpTo ? list.length : chunkSize;
    for (let i = 0; i < list.length; i += size) {
      chunks.push({
        index: chunks.length,
        department: code,
        staffIds: list.slice(i, i + size).map((m) => m.staff.id),
      });
    }
  }
  return chunks;
}

/**
 * @param adjustmentId for an adjustment run: the adjustment of the closed month it computes (a regular run of an
 *                     approved or closed month is refused)
 */
export async function planRun(
  ds: DataSource,
  period: string,
  trigger: RunTrigger,
  requestedBy: string,
  chunkSize: number,
  adjustmentId?: number,
): Promise<PlanResult> {
  let run: ScoringRun | null = null;
  try {
    run = await ds.transaction(async (em) => {
      // The month's row locked first, as intake locks it (periods/month-data.ts): an intake and the planning of a
      // run never interleave, so the data version recorded is that of the data the run reads.
      const row = await em.getRepository(Period).findOne({ where: { period } });
      if (!row) throw new PeriodNotFoundError(period);
      await lockPeriods(em, [row.id]);
      if (await em.getRepository(ScoringRun).findOne({ where: { activePeriod: period } })) return null;
      const config = await loadPeriodConfig(em, period);
      const { status } = config.period;
      if (adjustmentId === undefined && (status === 'approved' || status === 'closed'))
        throw new PeriodClosedError(period, status);
      const members = periodMembers(config, await loadStaff(em, undefined, period));
      const deptCode = new Map(config.departments.map((d) => [d.id, d.code]));
      const chunks = chunkMembers(
        members,
        (id) => deptCode.get(id)!,
        chunkSize,
        keepsDepartmentsWhole(config) ? chunkSize * WHOLE_DEPARTMENT_CHUNKS : chunkSize,
      );
      const planned = em.getRepository(ScoringRun).create({
        id: randomUUID(),
        periodId: config.period.id,
        period,
        status: 'queued',
        trigger,
        kind: adjustmentId === undefined ? 'regular' : 'adjustment',
        adjustmentId: adjustmentId ?? null,
        // Every step of the run pays with this plan version, whatever HR changes meanwhile.
        planVersion: config.plan?.version ?? null,
        activePeriod: period,
        total: members.length,
        chunkCount: chunks.length,
        requestedBy,
        createdAt: new Date().toISOString(),
        startedAt: null,
        finishedAt: null,
        error: null,
        // What the run scores: the month's data as of now (intake waits for this transaction, then refuses
        // while the run is queued or running).
        dataVersion: config.period.dataVersion,
        // The month's completeness as the run reads it: counted by its chunks, recorded when it finishes.
        completeness: null,
      });
      await em.getRepository(ScoringRun).insert(planned);
      await insertRows(
        em,
        'run_chunks',
        ['run_id', 'chunk_index', 'department', 'staff_ids', 'staff_count'],
        chunks.map((c) => [planned.id, c.index, c.department, JSON.stringify(c.staffIds), c.staffIds.length]),
      );
      return planned;
    });
  } catch (e) {
    // Someone else started a run of this period in the meantime: theirs is the active one.
    const other = e instanceof QueryFailedError ? await findActiveRun(ds, period) : null;
    if (other) return { run: other, created: false };
    throw e;
  }
  if (!run) {
    const active = await findActiveRun(ds, period);
    if (active) return { run: active, created: false };
    // The active run ended between the two reads: plan again.
    return planRun(ds, period, trigger, requestedBy, chunkSize, adjustmentId);
  }
  return { run, created: true };
}

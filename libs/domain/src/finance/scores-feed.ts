// The finance feed of a period's scores: per member of staff of the current run, the figures pay is made of
// (total, grade, coefficient, points, workload value, incentive), in staff id order with a cursor. The page
// carries a strong ETag (a hash of its bytes), so a poller that already has it gets 304 and no body. A page is
// built once per run and query and then served as kept bytes (`scoresBody`): a run's results never change.
import { DataSource } from 'typeorm';
import { PeriodNotFoundError } from '../periods';
import { PackedStaffResult, StaffResultRow, unpackStaffResult } from '@app/persistence';
import { currentRunId, decodeCursor, encodeCursor, MAX_PAGE, NoResultsError } from '../runs';
import { sha256Hex } from '../access';

export interface ScoreLine {
  staffId: string;
  employeeNo: string | null;
  department: string;
  site: string | null;
  indicatorSet: string;
  total: number | null;
  grade: string | null;
  coefficient: number | null;
  points: number | null;
  workloadValue: string | null;
  incentive: string | null;
  error: string | null;
}

export interface ScoresPage {
  period: string;
  runId: string;
  items: ScoreLine[];
  nextCursor: string | null;
}

export interface ScoresQuery {
  department?: string;
  site?: string;
  limit?: number;
  cursor?: string;
}

interface Row {
  staffCode: string;
  employeeNo: string | null;
  department: string;
  site: string | null;
  indicatorSet: string;
  total: number | null;
  incentive: string | null;
  result: string;
}

export async function listScores(
  ds: DataSource,
  period: string,
  q: ScoresQuery,
  runId?: string,
): Promise<ScoresPage> {
  runId ??= await currentRunId(ds, period);
  const limit = Math.min(Math.max(q.limit ?? 100, 1), MAX_PAGE);
  // Raw columns: the packed result is decoded once here; employeeNo is the one recorded by the run. No
  // explanation is read or rendered: the feed carries figures only.
  const qb = ds
    .getRepository(StaffResultRow)
    .createQueryBuilder('r')
    .select([
      'r.staff_code AS "staffCode"',
      'r.employee_no AS "employeeNo"',
      'r.department AS department',
      'r.site AS site',
      'r.indicator_set AS "indicatorSet"',
      'r.total AS total',
      'r.incentive AS incentive',
      'r.result AS result',
    ])
    .where('r.run_id = :runId', { runId })
    .orderBy('r.staff_code', 'ASC')
    .limit(limit + 1);
  if (q.department) qb.andWhere('r.department = :department', { department: q.department });
  if (q.site) qb.andWhere('r.site = :site', { site: q.site });
  if (q.cursor) qb.andWhere('r.staff_code > :after', { after: decodeCursor(q.cursor) });
  const rows = await qb.getRawMany<Row>();
  const page = rows.slice(0, limit);
  return {
    period,
    runId,
    items: page.map(scoreLine),
    nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.staffCode) : null,
  };
}

/** A page as it is sent: its JSON bytes and their ETag, a strong validator (the hash of exactly those bytes). */
export interface ScoresBody {
  json: Buffer;
  etag: string;
}

/** The most bytes of pages one process keeps per database (a month of 100,000 staff is about 20 MB). */
export const SCORES_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * What the feed keeps between requests, per database. Both rest on facts of the lifecycle, so nothing here is
 * ever stale (a cache per process: several API processes each keep their own, equally right):
 * - `pages`, least recently used first: a run's results are all written before it becomes its period's current
 *   run, and never after, so a page of a run, for a query, is the same bytes for as long as the run exists. It
 *   is built (query, unpacking, JSON, hash) once, and served from here until evicted.
 * - `settled`: the current run of approved and closed periods. A run becomes current only while its period is
 *   open or scored (the check and the switch are one statement), and a period never goes back from approved,
 *   so from then on the period's current run is fixed.
 */
class FeedCache {
  readonly settled = new Map<string, string>();
  private readonly pages = new Map<string, ScoresBody>();
  private bytes = 0;

  page(key: string): ScoresBody | undefined {
    const hit = this.pages.get(key);
    if (hit) {
      this.pages.delete(key);
      this.pages.set(key, hit);
    }
    return hit;
  }

  keep(key: string, body: ScoresBody): void {
    if (body.json.length > SCORES_CACHE_BYTES / 8 || this.pages.has(key)) return;
    this.pages.set(key, body);
    this.bytes += body.json.length;
    for (const [k, v] of this.pages) {
      if (this.bytes <= SCORES_CACHE_BYTES) break;
      this.pages.delete(k);
      this.bytes -= v.json.length;
    }
  }
}

const caches = new WeakMap<DataSource, FeedCache>();

/**
 * The period's current run, as `currentRunId` finds it, but with one plain query (on a page served from the
 * cache the query builder's work cost more than the query), and none once the period is approved or closed.
 */
async function currentRunOf(ds: DataSource, cache: FeedCache, period: string): Promise<string> {
  const settled = cache.settled.get(period);
  if (settled) return settled;
  const rows = await ds.query<{ status: string; runId: string | null }[]>(
    'SELECT status, current_run_id AS "runId" FROM periods WHERE period = ' +
      (ds.options.type === 'postgres' ? '$1' : '?'),
    [period],
  );
  if (!rows.length) throw new PeriodNotFoundError(period);
  const { status, runId } = rows[0];
  if (!runId) throw new NoResultsError(period);
  if (status === 'approved' || status === 'closed') cache.settled.set(period, runId);
  return runId;
}

/** The page of `listScores` as it is sent (JSON and ETag): built once per run and query, then kept. */
export async function scoresBody(ds: DataSource, period: string, q: ScoresQuery): Promise<ScoresBody> {
  let cache = caches.get(ds);
  if (!cache) caches.set(ds, (cache = new FeedCache()));
  const runId = await currentRunOf(ds, cache, period);
  const limit = Math.min(Math.max(q.limit ?? 100, 1), MAX_PAGE);
  const key = JSON.stringify([runId, limit, q.department ?? null, q.site ?? null, q.cursor ?? null]);
  const hit = cache.page(key);
  if (hit) return hit;
  const page = await listScores(ds, period, q, runId);
  const json = Buffer.from(JSON.stringify(page), 'utf8');
  const body = { json, etag: `"${sha256Hex(json)}"` };
  cache.keep(key, body);
  return body;
}

function scoreLine(row: Row): ScoreLine {
  const r = unpackStaffResult(JSON.parse(row.result) as PackedStaffResult, row.incentive, null);
  const scored = !('error' in r);
  return {
    staffId: row.staffCode,
    employeeNo: row.employeeNo,
    department: row.department,
    site: row.site,
    indicatorSet: row.indicatorSet,
    total: row.total === null ? null : Number(row.total),
    grade: scored ? r.grade : null,
    coefficient: scored ? r.coefficient : null,
    points: scored ? r.points : null,
    workloadValue: scored ? r.workloadValue : null,
    incentive: row.incentive,
    error: scored ? null : r.error,
  };
}

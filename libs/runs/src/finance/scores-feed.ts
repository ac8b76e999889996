// The finance feed of a period's scores: per member of staff of the current run, the figures pay is made of
// (total, grade, coefficient, points, workload value, incentive), in staff id order with a cursor. The page
// carries a strong ETag (a hash of its bytes), so a poller that already has it gets 304 and no body.
import { DataSource } from 'typeorm';
import { PackedStaffResult, StaffResultRow, unpackStaffResult } from '@app/persistence';
import { currentRunId, decodeCursor, encodeCursor, MAX_PAGE } from '../results-query';
import { sha256Hex } from './api-keys';

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
  incentiveExplanation: string | null;
  result: string;
}

export async function listScores(ds: DataSource, period: string, q: ScoresQuery): Promise<ScoresPage> {
  const runId = await currentRunId(ds, period);
  const limit = Math.min(Math.max(q.limit ?? 100, 1), MAX_PAGE);
  // Raw columns: the packed result is decoded once here; employeeNo is the one recorded by the run.
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
      'r.incentive_explanation AS "incentiveExplanation"',
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

/** A strong validator of a page: the hash of exactly the JSON it is sent as. */
export function scoresEtag(page: ScoresPage): string {
  return `"${sha256Hex(JSON.stringify(page))}"`;
}

function scoreLine(row: Row): ScoreLine {
  const r = unpackStaffResult(
    JSON.parse(row.result) as PackedStaffResult,
    row.incentive,
    row.incentiveExplanation,
  );
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

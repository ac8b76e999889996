// The text `npm run demo` prints after scoring the demo months: department rankings per campus for the
// latest month and the month-on-month top movers. Pure functions over plain data: no database, no colours.
import { renderTable } from './text-table';

export interface DemoDepartmentResult {
  code: string;
  name?: string;
  site: string | null;
  /** Mean of the staff totals (2 decimals), null when nobody in the department got a total. */
  score: number | null;
  /** Hospital-wide rank as scored (competition ranking), null without a score. */
  rank: number | null;
  staffCount: number;
}

export interface DemoMonthResult {
  period: string;
  departments: DemoDepartmentResult[];
}

export interface CampusRankingRow {
  campusRank: number | null;
  department: DemoDepartmentResult;
}

export interface Mover {
  department: DemoDepartmentResult;
  previous: number;
  latest: number;
  /** latest − previous, exact to the cent (scores carry 2 decimals). */
  change: number;
}

const NO_SITE = '(no site)';
const cents = (x: number) => Math.round(x * 100);
const fmt2 = (x: number | null) => (x === null ? null : x.toFixed(2));
const signed = (x: number) => (x > 0 ? '+' : x < 0 ? '-' : '') + Math.abs(x).toFixed(2);

/**
 * Departments of one campus ranked by score, highest first, with competition ranking (1, 2, 2, 4):
 * departments without a score come last and have no rank. Ties keep code order for a stable listing.
 */
export function rankWithinCampus(departments: DemoDepartmentResult[]): CampusRankingRow[] {
  const sorted = [...departments].sort(
    (a, b) =>
      (a.score === null ? 1 : 0) - (b.score === null ? 1 : 0) ||
      (b.score ?? 0) - (a.score ?? 0) ||
      a.code.localeCompare(b.code),
  );
  return sorted.map((d) => ({
    department: d,
    // Competition ranking: one more than the number of departments strictly ahead.
    campusRank:
      d.score === null ? null : 1 + sorted.filter((o) => o.score !== null && o.score > d.score!).length,
  }));
}

/** Departments grouped by campus, campuses in code order ("(no site)" last). */
export function byCampus(departments: DemoDepartmentResult[]): Map<string, DemoDepartmentResult[]> {
  const groups = new Map<string, DemoDepartmentResult[]>();
  const keys = [...new Set(departments.map((d) => d.site ?? NO_SITE))].sort((a, b) =>
    a === NO_SITE ? 1 : b === NO_SITE ? -1 : a.localeCompare(b),
  );
  for (const k of keys) groups.set(k, []);
  for (const d of departments) groups.get(d.site ?? NO_SITE)!.push(d);
  return groups;
}

/** One aligned table per campus: rank in the campus, department, name, score, staff scored, hospital rank. */
export function formatCampusRankings(latest: DemoMonthResult): string {
  const blocks = [...byCampus(latest.departments)].map(([campus, depts]) => {
    const rows = rankWithinCampus(depts).map(({ campusRank, department: d }) => [
      campusRank,
      d.code,
      d.name ?? '',
      fmt2(d.score),
      d.staffCount,
      d.rank,
    ]);
    const table = renderTable(['rank', 'department', 'name', 'score', 'staff', 'hospital rank'], rows, [
      true,
      false,
      false,
      true,
      true,
      true,
    ]);
    return `Campus ${campus}, ${latest.period}\n${table}`;
  });
  if (!blocks.length) return `Department rankings, ${latest.period}: no departments`;
  return blocks.join('\n\n');
}

/**
 * Score changes between two months for the departments scored in both: the `n` largest rises (largest
 * first) and the `n` largest falls (largest fall first). Unchanged departments are neither.
 */
export function topMovers(
  previous: DemoMonthResult,
  latest: DemoMonthResult,
  n = 5,
): { up: Mover[]; down: Mover[] } {
  const before = new Map(previous.departments.map((d) => [d.code, d.score]));
  const movers: Mover[] = latest.departments.flatMap((d) => {
    const prev = before.get(d.code);
    if (prev === undefined || prev === null || d.score === null) return [];
    // Subtract in whole cents so 81.37 − 79.12 prints as +2.25, not +2.2500000000000057.
    return [{ department: d, previous: prev, latest: d.score, change: (cents(d.score) - cents(prev)) / 100 }];
  });
  const byCode = (a: Mover, b: Mover) => a.department.code.localeCompare(b.department.code);
  const up = movers
    .filter((x) => x.change > 0)
    .sort((a, b) => b.change - a.change || byCode(a, b))
    .slice(0, n);
  const down = movers
    .filter((x) => x.change < 0)
    .sort((a, b) => a.change - b.change || byCode(a, b))
    .slice(0, n);
  return { up, down };
}

/** The top movers as two aligned tables with signed changes to 2 decimals. */
export function formatTopMovers(previous: DemoMonthResult, latest: DemoMonthResult, n = 5): string {
  const { up, down } = topMovers(previous, latest, n);
  const table = (movers: Mover[]) =>
    movers.length === 0
      ? '(none)'
      : renderTable(
          ['department', 'name', 'site', previous.period, latest.period, 'change'],
          movers.map((x) => [
            x.department.code,
            x.department.name ?? '',
            x.department.site,
            fmt2(x.previous),
            fmt2(x.latest),
            signed(x.change),
          ]),
          [false, false, false, true, true, true],
        );
  return [
    `Top movers ${previous.period} to ${latest.period}`,
    '',
    'Up',
    table(up),
    '',
    'Down',
    table(down),
  ].join('\n');
}

// A readable plain-text rendering of a scorecard result (`scorecard score FILE --table`).
import { isStaffError, ScorecardResult } from '@app/scoring';

export function renderTable(
  header: string[],
  rows: (string | number | null)[][],
  numeric: boolean[] = [],
): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? '-' : String(c))));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function resultTable(r: ScorecardResult): string {
  const staff = renderTable(
    [
      'staff',
      'department',
      'site',
      'set',
      'total',
      'grade',
      'coef',
      'veto',
      'points',
      'workload',
      'incentive',
    ],
    r.staff.map((s) =>
      isStaffError(s)
        ? [
            s.id,
            s.department,
            s.site,
            s.indicatorSet,
            `error: ${s.error}`,
            null,
            null,
            null,
            null,
            null,
            null,
          ]
        : [
            s.id,
            s.department,
            s.site,
            s.indicatorSet,
            s.total,
            s.grade,
            s.coefficient,
            s.vetoed ? s.vetoReasons.join(',') : '',
            s.points,
            s.workloadValue,
            s.incentive,
          ],
    ),
    [false, false, false, false, true, false, true, false, true, true, true],
  );
  const depts = renderTable(
    ['department', 'site', 'score', 'rank', 'staff', 'pool', 'allocated', 'unallocated'],
    r.departments.map((d) => [
      d.code,
      d.site,
      d.score,
      d.rank,
      d.staffCount,
      d.pool ?? null,
      d.allocated ?? null,
      d.unallocated ?? null,
    ]),
    [false, false, true, true, true, true, true, true],
  );
  const errors = r.errors.length
    ? `\n\nErrors\n${r.errors.map((e) => `  ${e.staff}: ${e.message}`).join('\n')}`
    : '';
  return `Period ${r.period}\n\n${staff}\n\n${depts}${errors}`;
}

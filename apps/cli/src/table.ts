// A readable plain-text rendering of a scorecard result (`scorecard score FILE --table`).
import { renderTable } from '@app/demo';
import { AppraisalResult, isAppraisalError, isStaffError, ScorecardResult } from '@app/scoring';

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
  return `Period ${r.period}\n\n${staff}\n\n${departmentsAndErrors(r)}`;
}

/** An appraisal period's result (docs/FORMAT.md, "Appraisal periods above the month") as a table. */
export function appraisalTable(r: AppraisalResult): string {
  const staff = renderTable(
    [
      'staff',
      'department',
      'site',
      'set',
      'months',
      'days',
      'rolled',
      'total',
      'grade',
      'coef',
      'note',
      'incentive',
    ],
    r.staff.map((s) =>
      isAppraisalError(s)
        ? [
            s.id,
            s.department,
            s.site,
            s.indicatorSet,
            null,
            null,
            null,
            `error: ${s.error}`,
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
            s.months,
            s.days,
            s.rolled,
            s.total,
            s.grade,
            s.coefficient,
            s.ungraded ??
              (s.capped ? `capped at ${s.capped.to}` : s.calibration ? `from ${s.calibration.from}` : ''),
            s.incentive,
          ],
    ),
    [false, false, false, false, true, true, true, true, false, true, false, true],
  );
  return `Period ${r.period}\n\n${staff}\n\n${departmentsAndErrors(r)}`;
}

function departmentsAndErrors(r: Pick<ScorecardResult, 'departments' | 'errors'>): string {
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
  return `${depts}${errors}`;
}

// Three months of the library month for an appraisal quarter (2026-Q3): inputs varied per month and person, a
// vetoed month (E201 in August: a safety incident), a month with an error (E202 in September: the incident register
// not filled in), a leaver (E102, active to 20 August, absent from September), a joiner (J301, from 11 September)
// and a transfer (C101 to CLEAN-SY in September). The dates are set through the staff record after the import.
import type { ScorecardDocument, StaffDef } from '@app/scoring';
import { libraryMonth } from './month';

export const QUARTER = '2026-Q3';
export const QUARTER_MONTHS = ['2026-07', '2026-08', '2026-09'] as const;
export const LEAVER = { code: 'E102', activeTo: '2026-08-20', days: 20 };
export const JOINER = { code: 'J301', activeFrom: '2026-09-11', days: 20 };
export const MOVER = { code: 'C101', from: 'CLEAN-CC', to: 'CLEAN-SY', site: 'SY' };
export const VETOED = { code: 'E201', month: '2026-08' };
export const FAILED = { code: 'E202', month: '2026-09' };

/** The month `k` (0, 1, 2) of the quarter. */
export function quarterMonth(k: 0 | 1 | 2): ScorecardDocument {
  const doc = libraryMonth();
  doc.period = QUARTER_MONTHS[k];
  doc.staff.forEach((s, i) => {
    const inputs = s.inputs ?? {};
    // Fewer effective hours and more complaints by turns, so that totals move from month to month.
    if (typeof inputs.effective_hours === 'number')
      inputs.effective_hours = Math.round(inputs.effective_hours * (1 - 0.06 * ((i + k) % 3)));
    if (typeof inputs.complaints === 'number') inputs.complaints = (inputs.complaints + i + k) % 3;
  });
  const person = (code: string) => doc.staff.find((s) => s.id === code)!;
  if (k === 1) person(VETOED.code).inputs!.safety_incidents = 1;
  if (k === 2) {
    delete person(FAILED.code).inputs!.safety_incidents;
    const mover = person(MOVER.code);
    mover.department = MOVER.to;
    mover.site = MOVER.site;
    const model = person('E101');
    doc.staff = doc.staff.filter((s) => s.id !== LEAVER.code);
    doc.staff.push({
      ...model,
      id: JOINER.code,
      employeeNo: JOINER.code,
      inputs: { ...model.inputs },
    } as StaffDef);
  }
  return doc;
}

/**
 * A plan for the quarter: the year-end scale, a vetoed month fails the quarter (一票否决), two months needed, a
 * pool per ENG department.
 */
export function quarterPlan() {
  return {
    appraisal: {
      minMonths: 2,
      caps: [{ vetoes: 1, to: '不合格' }],
      grades: [
        { min: 90, grade: '优秀', coefficient: 1.5 },
        { min: 75, grade: '合格', coefficient: 1 },
        { min: 60, grade: '基本合格', coefficient: 0.6 },
        { min: 0, grade: '不合格', coefficient: 0 },
      ],
    },
    incentive: {
      pools: [
        { department: 'ENG-CC', amount: '30000.00' },
        { department: 'ENG-SY', amount: '20000.00' },
      ],
      weight: 'coefficient * days',
    },
  };
}

/**
 * The quarter's plan with grade quotas (`scope`: per department by default): 优秀 from 85 for at most a third of a
 * group, one 基本合格 or lower in a group of three or more.
 */
export function quarterQuotaPlan(scope: 'department' | 'hospital' = 'department') {
  const p = quarterPlan();
  return {
    ...p,
    appraisal: {
      ...p.appraisal,
      grades: [
        { min: 85, grade: '优秀', coefficient: 1.5 },
        { min: 75, grade: '合格', coefficient: 1 },
        { min: 60, grade: '基本合格', coefficient: 0.6 },
        { min: 0, grade: '不合格', coefficient: 0 },
      ],
      quotas: {
        scope,
        rules: [
          { grade: '优秀', maxShare: 34 },
          { grade: '基本合格', minCount: 1, minStaff: 3 },
        ],
      },
    },
  };
}

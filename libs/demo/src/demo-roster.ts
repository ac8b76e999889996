// Who works where and when: departments with a performance baseline and trend, and staff with an
// employee number, a name, an employment type, their own ability, and the months they are on the payroll.
import { InputValues, LocalName } from '@app/scoring';
import { personName } from './demo-names';
import { EMPLOYMENT_TYPES, EmploymentType, POST_PROFILES } from './demo-posts';
import { Rng } from './prng';

export interface DemoDepartmentPlan {
  code: string;
  /** As the library names it: in Chinese and English. */
  name: LocalName;
  site: string;
  /** The indicator set / post type of the department's staff. */
  postType: string;
  /** Performance level at the middle of the run, 0..1. */
  baseline: number;
  /** Change of the performance level per month: > 0 improving, < 0 declining. */
  slope: number;
  /** The library's sample-month department inputs (plans to scale from). */
  sample: InputValues;
}

export interface DemoStaffPlan {
  id: string;
  employeeNo: string;
  name: string;
  department: string;
  site: string;
  postType: string;
  employmentType: EmploymentType;
  /** First and last month index (inclusive) on the payroll. */
  from: number;
  to: number;
  /** Share of the month worked in the first / last month (1 for people there all along). */
  presenceFirst: number;
  presenceLast: number;
  /** Personal ability relative to the department, in performance-level units. */
  offset: number;
}

export interface DepartmentSeed {
  code: string;
  name: LocalName;
  site: string;
  postType: string;
  sample: InputValues;
}

/**
 * Baselines and trends. The slopes are spread evenly from clearly declining to clearly improving (±0.025 a month:
 * over a year a department moves by about a quarter of the scale, as much as a real one does, not from one end to
 * the other) and then shuffled, so every run (any seed) has month-on-month movers in both directions.
 */
export function planDepartments(seed: number, depts: DepartmentSeed[]): DemoDepartmentPlan[] {
  const rng = Rng.for(seed, 'departments');
  const n = depts.length;
  const slopes = depts.map((_, i) => (n === 1 ? 0 : -0.025 + (0.05 * i) / (n - 1)));
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [slopes[i], slopes[j]] = [slopes[j], slopes[i]];
  }
  return depts.map((d, i) => ({
    ...d,
    baseline: rng.between(0.5, 0.78),
    slope: slopes[i] + rng.between(-0.005, 0.005),
  }));
}

const LEAVE_RATE = 0.05;
const JOIN_RATE = 0.06;

/**
 * Staff of every department over `months` months: `headcount(dept)` people from the start (about 5 % of them
 * leave before the end), plus about 6 % joining after the first month. Employee numbers run in hiring order
 * (HL1xxxx for the existing staff, HL26xxx for this year's joiners) with gaps, as real numbers have.
 */
export function planStaff(
  seed: number,
  depts: DemoDepartmentPlan[],
  months: number,
  headcount: (d: DemoDepartmentPlan) => number,
): DemoStaffPlan[] {
  type Draft = Omit<DemoStaffPlan, 'id' | 'employeeNo'>;
  const existing: Draft[] = [];
  const joiners: Draft[] = [];
  for (const d of depts) {
    const rng = Rng.for(seed, 'roster', d.code);
    const profile = POST_PROFILES[d.postType];
    const person = (from: number, to: number): Draft => ({
      name: personName(rng),
      department: d.code,
      site: d.site,
      postType: d.postType,
      employmentType: EMPLOYMENT_TYPES[rng.weighted(profile.employment)],
      from,
      to,
      presenceFirst: from > 0 ? Math.round(rng.between(0.3, 0.95) * 100) / 100 : 1,
      presenceLast: to < months - 1 ? Math.round(rng.between(0.3, 0.95) * 100) / 100 : 1,
      offset: 0.09 * rng.normalish(),
    });
    const n = Math.max(1, headcount(d));
    for (let i = 0; i < n; i++) {
      // The first person stays throughout, so a department is never empty (its pool must have staff).
      const leaves = months > 1 && i > 0 && rng.chance(LEAVE_RATE);
      existing.push(person(0, leaves ? rng.int(0, months - 2) : months - 1));
    }
    const joining = months > 1 ? Math.round(n * JOIN_RATE * rng.between(0.5, 1.5)) : 0;
    for (let i = 0; i < joining; i++) joiners.push(person(rng.int(1, months - 1), months - 1));
  }
  // Hiring order: joiners by the month they start (stable sort keeps department order within a month).
  joiners.sort((a, b) => a.from - b.from);
  const numbers = Rng.for(seed, 'employee-numbers');
  let no = 10000;
  const numbered = (draft: Draft): DemoStaffPlan => {
    no += numbers.int(1, 9);
    const employeeNo = `HL${no}`;
    return { id: employeeNo, employeeNo, ...draft };
  };
  const staff = existing.map(numbered);
  // Joiners get this year's range, kept clear of the existing numbers however many staff there are.
  no = Math.max(no + 100, 26000);
  return [...staff, ...joiners.map(numbered)];
}

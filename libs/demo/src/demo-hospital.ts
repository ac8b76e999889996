// A deterministic demo hospital for `npm run demo`: several months of scorecard documents (by default the year 2026,
// January to December) built on the shipped indicator library (its data dictionary, indicator sets, workload
// catalogue, grades and pools), with two campuses, ~340 logistics staff, trends, joiners and leavers, seasonal
// plans, and deliberate data gaps.
// Pure apart from reading the library file; the same seed gives byte-identical documents.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  DepartmentDef,
  DocumentInvalidError,
  InputValues,
  parseDocumentText,
  PERIOD_RE,
  ScorecardDocument,
  StaffDef,
  validateDocument,
} from '@app/scoring';
import { Measure } from './demo-measure';
import { DEPARTMENT_GAPS, EmploymentType, POST_PROFILES, STAFF_GAPS } from './demo-posts';
import { DemoDepartmentPlan, DemoStaffPlan, DepartmentSeed, planDepartments, planStaff } from './demo-roster';
import { Rng } from './prng';

export const LIBRARY_RELATIVE_PATH = 'config/indicator-library/hospital-logistics.yaml';
export const DEFAULT_DEMO_SEED = 20261031;
export const DEFAULT_DEMO_END_MONTH = '2026-12';
/** The whole year 2026: the demo closes it to an annual appraisal (libs/demo/src/database/appraisal-periods.ts). */
export const DEFAULT_DEMO_MONTH_COUNT = 12;

/** A staff entry with the service fields the document importer understands. */
export interface DemoStaff extends StaffDef {
  employeeNo: string;
  name: string;
  postType: string;
  employmentType: EmploymentType;
  site: string;
}

export interface DemoDocument extends ScorecardDocument {
  departments: DepartmentDef[];
  staff: DemoStaff[];
}

export interface DemoHospitalOptions {
  /** PRNG seed (default DEFAULT_DEMO_SEED). */
  seed?: number;
  /** Months to generate, "YYYY-MM", in order (default: the 12 months of 2026, 2026-01 to 2026-12). */
  months?: string[];
  /** Staff per department from the first month: one number for all, or per department code (others keep
   *  their plausible default: cleaning and porters large, energy and administration small). */
  staffPerDepartment?: number | Record<string, number>;
  /** The indicator library document (already parsed); default: read from `libraryPath`. */
  library?: ScorecardDocument;
  /** Path of the library file; default LIBRARY_RELATIVE_PATH under the repository root. */
  libraryPath?: string;
}

/**
 * The repository root: the nearest folder above `from` holding the library file (works from the sources,
 * from dist/ and under jest), else the current directory.
 */
export function findRepoRoot(from: string = __dirname): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, LIBRARY_RELATIVE_PATH))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

/** Reads and validates the indicator library. @throws DocumentInvalidError when it does not validate. */
export function loadIndicatorLibrary(
  path: string = join(findRepoRoot(), LIBRARY_RELATIVE_PATH),
): ScorecardDocument {
  const raw = parseDocumentText(readFileSync(path, 'utf8'));
  const { problems } = validateDocument(raw);
  if (problems.length) throw new DocumentInvalidError(problems);
  return raw as ScorecardDocument;
}

/** `count` consecutive months ending with `end` ("YYYY-MM"), oldest first. */
export function consecutiveMonths(end: string, count: number): string[] {
  if (!PERIOD_RE.test(end)) throw new Error(`not a month "YYYY-MM": ${end}`);
  const [y, m] = end.split('-').map(Number);
  const last = y * 12 + (m - 1);
  return Array.from({ length: count }, (_, i) => {
    const k = last - (count - 1 - i);
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
}

function monthFacts(period: string): { month: number; days: number; weekdays: number } {
  const [y, m] = period.split('-').map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  let weekdays = 0;
  for (let d = 1; d <= days; d++) {
    const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    if (dow !== 0 && dow !== 6) weekdays++;
  }
  return { month: m, days, weekdays };
}

/**
 * The library's departments whose post type the generator knows. A department's post type is the
 * indicator set of its sample staff (the library assigns one set per post type).
 */
function departmentSeeds(library: ScorecardDocument): DepartmentSeed[] {
  const setOf = new Map<string, string>();
  for (const s of library.staff) if (!setOf.has(s.department)) setOf.set(s.department, s.indicatorSet);
  const sets = new Set(library.indicatorSets.map((s) => s.code));
  return (library.departments ?? []).flatMap((d) => {
    const postType = setOf.get(d.code);
    if (!postType || !sets.has(postType) || !POST_PROFILES[postType] || !d.site) return [];
    return [{ code: d.code, name: d.name ?? d.code, site: d.site, postType, sample: d.inputs ?? {} }];
  });
}

/** Keeps the declared inputs of the given level, then leaves out gap groups at random. */
function recorded(
  values: InputValues,
  declared: Set<string>,
  gaps: { keys: string[]; p: number }[],
  rng: Rng,
): InputValues {
  const out: InputValues = {};
  for (const [k, v] of Object.entries(values)) if (declared.has(k)) out[k] = v;
  for (const gap of gaps) {
    if (gap.keys.some((k) => k in out) && rng.chance(gap.p)) for (const k of gap.keys) delete out[k];
  }
  return out;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** One scorecard document per month (see DemoHospitalOptions). */
export function generateDemoHospital(options: DemoHospitalOptions = {}): DemoDocument[] {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const months = options.months ?? consecutiveMonths(DEFAULT_DEMO_END_MONTH, DEFAULT_DEMO_MONTH_COUNT);
  for (const p of months) if (!PERIOD_RE.test(p)) throw new Error(`not a month "YYYY-MM": ${p}`);
  if (new Set(months).size !== months.length) throw new Error(`months repeat: ${months.join(', ')}`);
  const library = options.library ?? loadIndicatorLibrary(options.libraryPath);

  const levelCodes = (level: string) =>
    new Set(library.inputs.filter((i) => i.level === level).map((i) => i.code));
  const staffCodes = levelCodes('staff');
  const deptCodes = levelCodes('department');
  const taskCodes = new Set((library.workload?.tasks ?? []).map((t) => t.code));

  const depts = planDepartments(seed, departmentSeeds(library));
  const perDept = options.staffPerDepartment;
  const headcount = (d: DemoDepartmentPlan) => {
    if (typeof perDept === 'number') return perDept;
    const h = POST_PROFILES[d.postType].headcount;
    return perDept?.[d.code] ?? (d.site === 'CC' ? h.CC : d.site === 'SY' ? h.SY : h.other);
  };
  const byCode = new Map(depts.map((d) => [d.code, d]));
  const deptOrder = new Map(depts.map((d, i) => [d.code, i]));
  const roster = planStaff(seed, depts, months.length, headcount).sort(
    (a, b) =>
      deptOrder.get(a.department)! - deptOrder.get(b.department)! ||
      Number(a.employeeNo.slice(2)) - Number(b.employeeNo.slice(2)),
  );

  // Performance level of a department in month m: baseline + trend (centred on the run) + a monthly shock
  // shared by its staff (a bad flu month, a new supervisor).
  const mid = (months.length - 1) / 2;
  const deptLevel = (d: DemoDepartmentPlan, m: number) =>
    d.baseline + d.slope * (m - mid) + 0.03 * Rng.for(seed, 'shock', d.code, months[m]).normalish();

  return months.map((period, m) => {
    const facts = monthFacts(period);
    const context = (rng: Rng, q: number, presence: number) =>
      new Measure({
        rng,
        q: clamp01(q),
        presence,
        standardHours: facts.weekdays * 8,
        month: facts.month,
        days: facts.days,
      });

    const active = roster.filter((s) => s.from <= m && m <= s.to);
    const present = new Set(active.map((s) => s.department));
    const departments: DepartmentDef[] = depts
      .filter((d) => present.has(d.code))
      .map((d) => {
        const rng = Rng.for(seed, 'department', d.code, period);
        const values = POST_PROFILES[d.postType].department(context(rng, deptLevel(d, m), 1), d.sample);
        const inputs = recorded(values, deptCodes, DEPARTMENT_GAPS, rng);
        return {
          code: d.code,
          name: d.name,
          site: d.site,
          ...(Object.keys(inputs).length ? { inputs } : {}),
        };
      });

    const staffMonth = (s: DemoStaffPlan, d: DemoDepartmentPlan): DemoStaff => {
      const rng = Rng.for(seed, 'staff', s.id, period);
      const presence = m === s.from ? s.presenceFirst : m === s.to ? s.presenceLast : 1;
      const q = deptLevel(d, m) + s.offset + 0.04 * rng.normalish();
      const month = POST_PROFILES[s.postType].staff(context(rng, q, presence));
      const tasks: Record<string, number> = {};
      for (const [k, v] of Object.entries(month.tasks)) if (taskCodes.has(k)) tasks[k] = v;
      return {
        id: s.id,
        employeeNo: s.employeeNo,
        name: s.name,
        department: s.department,
        site: s.site,
        postType: s.postType,
        employmentType: s.employmentType,
        indicatorSet: s.postType,
        inputs: recorded(month.inputs, staffCodes, STAFF_GAPS, rng),
        ...(library.workload ? { tasks } : {}),
      };
    };
    const staff = active.map((s) => staffMonth(s, byCode.get(s.department)!));

    const doc: DemoDocument = {
      formatVersion: 1,
      period,
      inputs: structuredClone(library.inputs),
      indicatorSets: structuredClone(library.indicatorSets),
      ...(library.workload ? { workload: structuredClone(library.workload) } : {}),
      departments,
      staff,
    };
    if (library.incentive) {
      // A pool for a department without staff this month would never be paid (and does not validate).
      const incentive = structuredClone(library.incentive);
      if (incentive.pools) incentive.pools = incentive.pools.filter((p) => present.has(p.department));
      doc.incentive = incentive;
    }
    return doc;
  });
}
